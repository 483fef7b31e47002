package config

import (
	"os"
	"strings"
	"testing"
)

// A Starlight site's Astro configuration, in each shape sites write it,
// becomes the equivalent site.toml; what does not carry over is a note at
// its line.
func TestStarlightConfigs(t *testing.T) {
	docs, err := os.ReadFile("testdata/starlight-docs.astro.config.mjs")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name  string
		file  string
		src   string
		toml  string   // blocks of lines the site.toml has, between blank lines
		not   []string // and does not
		keys  string
		notes []string
	}{{
		name: "Starlight's own docs: an exported locales constant with a root locale",
		file: "astro.config.mjs",
		src:  string(docs),
		toml: `# From Starlight's astro.config.mjs.
title = "Starlight"
defaultLanguage = "en"
defaultLanguageInSubdir = false
# URLs from file names are lowercased, as they were.
lowercaseURLs = true

[markdown]
# Raw HTML is kept, as it was.
unsafe = true

[languages.en]
name = "English"
weight = 1

[languages.de]
name = "Deutsch"
weight = 2
` + "\n[languages.zh-cn]\nname = \"简体中文\"\nweight = 8\n\n[languages.pt-br]\nname = \"Português do Brasil\"\nweight = 9\n" +
			"\n[languages.fa]\nname = \"فارسی\"\ndir = \"rtl\"\nweight = 17\n",
		not:  []string{"baseURL", "contentDir"},
		keys: "locales (17), title",
		notes: []string{
			"astro.config.mjs:33: warning: site: NETLIFY_PREVIEW_SITE || 'https://starlight.astro.build/' is not text kb can read; set baseURL in site.toml to the address the site is published at",
			"astro.config.mjs:43: warning: logo: not carried over: set [brand] logo in site.toml to a file under static/",
			"astro.config.mjs:76: warning: sidebar: not carried over: kb's navigation comes from content/: sections are folders (title and weight in their _index.md), pages are ordered by weight (sidebar.order in front matter is read as weight)",
			"astro.config.mjs:194: warning: expressiveCode: not carried over: kb highlights code blocks itself",
			"astro.config.mjs:195: warning: plugins: not carried over: Starlight plugins do not run in kb",
		},
	}, {
		name: "defaultLocale with inline locales, a title by language, site and base",
		file: "astro.config.ts",
		src: `import { defineConfig } from "astro/config";
import starlight from "@astrojs/starlight";

export default defineConfig({
  site: "https://docs.example.com",
  base: "/help/",
  integrations: [
    starlight({
      title: { en: "Docs", "fr": "Documentation", 'pt-BR': "Documentação" },
      defaultLocale: "en",
      locales: {
        en: { label: "English" },
        fr: { label: "Français", lang: "fr" },
        "pt-br": { label: "Português", lang: "pt-BR" },
        english: { label: "Also English", lang: "en-GB" },
      },
    }),
  ],
});
`,
		toml: "title = \"Docs\"\nbaseURL = \"https://docs.example.com/help/\"\ndefaultLanguage = \"en\"\ndefaultLanguageInSubdir = true\n" +
			"\n[languages.en]\nname = \"English\"\nweight = 1\n" +
			"\n[languages.fr]\nname = \"Français\"\ntitle = \"Documentation\"\nweight = 2\n" +
			"\n[languages.pt-br]\nname = \"Português\"\ntitle = \"Documentação\"\nweight = 3\n" +
			"\n[languages.en-GB]\nname = \"Also English\"\nweight = 4\ncontentDir = \"english\"\n",
		keys: "defaultLocale, locales (4), title (by language), site, base",
		notes: []string{
			"astro.config.ts:15: warning: locales.english: its pages, in content/english/, are published under /en-GB/, its language code, not /english/",
		},
	}, {
		name: "one language, no locales, an aliased import",
		file: "astro.config.js",
		src: `import sl from '@astrojs/starlight';
export default {
	site: 'https://example.org/',
	integrations: [sl({ title: 'Guide', social: { github: 'x' }, ...shared })],
};
`,
		toml: "title = \"Guide\"\nbaseURL = \"https://example.org/\"\ndefaultLanguage = \"en\"\ndefaultLanguageInSubdir = false\n",
		not:  []string{"[languages.en]\nweight"},
		keys: "title, site",
		notes: []string{
			"astro.config.js:4: warning: social: not carried over: add the links as [[menu.header]] entries in site.toml",
			"astro.config.js:4: warning: ...shared: not read; copy what it holds into site.toml by hand",
		},
	}, {
		name: "a root locale in French, a locale that is not a language",
		file: "astro.config.mjs",
		src: `import starlight from '@astrojs/starlight';
starlight({
	title: ` + "`Aide`" + `,
	locales: {
		root: { label: 'Français', lang: 'fr' },
		klingon: { label: 'tlhIngan', lang: 'not a code' },
		ar: { label: 'العربية', dir: 'rtl' },
	},
})
`,
		toml: "title = \"Aide\"\ndefaultLanguage = \"fr\"\ndefaultLanguageInSubdir = false\n" +
			"\n[languages.fr]\nname = \"Français\"\nweight = 1\n\n[languages.ar]\nname = \"العربية\"\ndir = \"rtl\"\nweight = 2\n",
		keys: "locales (2), title",
		notes: []string{
			`astro.config.mjs:6: warning: locales.klingon: "not a code" is not a language code (BCP 47, like en or pt-BR): the locale is left out; add it to site.toml by hand`,
		},
	}, {
		name: "malformed: a string never closed, an object never closed",
		file: "astro.config.mjs",
		src: `import starlight from '@astrojs/starlight';
export default defineConfig({ integrations: [starlight({
	title: 'Docs,
	locales: {
		root: { label: 'English', lang: 'en' },
`,
		toml:  "defaultLanguage = \"en\"\ndefaultLanguageInSubdir = false\n",
		keys:  "",
		notes: []string{"astro.config.mjs:2: warning: starlight(an object ({) never closed): not an object kb can read; write site.toml by hand"},
	}} {
		t.Run(tt.name, func(t *testing.T) {
			f, err := ReadStarlight(mapFS(tt.file, tt.src))
			if err != nil || f == nil {
				t.Fatalf("ReadStarlight: %v, %v", f, err)
			}
			checkForeign(t, f, tt.toml, tt.not, tt.keys, tt.notes)
		})
	}
}

// Starlight's folders are renamed to kb's, unless kb's are there already.
func TestStarlightMoves(t *testing.T) {
	src := "import starlight from '@astrojs/starlight';\nstarlight({ title: 'x' })\n"
	f, err := ReadStarlight(mapFS("astro.config.mjs", src, "src/content/docs/index.md", "---\ntitle: x\n---\n", "public/favicon.svg", "<svg/>"))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Moves) != 2 || f.Moves[0] != (Move{"src/content/docs", "content"}) || f.Moves[1] != (Move{"public", "static"}) {
		t.Errorf("moves %v", f.Moves)
	}
	f, _ = ReadStarlight(mapFS("astro.config.mjs", src, "src/content/docs/index.md", "x", "content/a.md", "x"))
	if len(f.Moves) != 0 || len(f.Notes) != 1 || f.Notes[0].Error() != "astro.config.mjs: warning: content/ already exists: move the files of src/content/docs/ into it by hand (kb reads content/, not src/content/docs/)" {
		t.Errorf("moves %v, notes %v", f.Moves, f.Notes)
	}
}

// An Astro site without Starlight is refused; a folder without Astro is
// none of Starlight's.
func TestStarlightNone(t *testing.T) {
	if f, err := ReadStarlight(mapFS("astro.config.mjs", "export default { integrations: [mdx()] }")); err == nil || !strings.Contains(err.Error(), "astro.config.mjs: no starlight({...}) integration") {
		t.Errorf("Astro without Starlight: %v, %v", f, err)
	}
	if f, err := ReadStarlight(mapFS("hugo.toml", "")); f != nil || err != nil {
		t.Errorf("no Astro: %v, %v", f, err)
	}
}

// A Starlight site is not built as it is (its pages are not in content/
// yet): loading it says how to move in.
func TestStarlightLoad(t *testing.T) {
	cfg, ds := Load(mapFS("astro.config.ts", "import starlight from '@astrojs/starlight';\nstarlight({ title: 'x' })\n"))
	if cfg != nil || len(ds) != 1 || ds[0].Error() != "astro.config.ts: no site.toml: for a Starlight site, run kb init --from starlight to write one" {
		t.Errorf("Load: %v %v", cfg, ds)
	}
}

// checkForeign checks the site.toml, keys and notes read from another
// generator's configuration: the site.toml holds each block of toml
// (between blank lines) and none of not, and loads.
func checkForeign(t *testing.T, f *Foreign, toml string, not []string, keys string, notes []string) {
	t.Helper()
	got := string(f.TOML)
	for _, block := range strings.Split(toml, "\n\n") {
		if !strings.Contains(got, block) {
			t.Errorf("site.toml:\n%s\nwant it to hold:\n%s", got, block)
		}
	}
	for _, not := range not {
		if strings.Contains(got, not) {
			t.Errorf("site.toml has %q:\n%s", not, got)
		}
	}
	if used := strings.Join(f.Keys, ", "); used != keys {
		t.Errorf("keys %q, want %q", used, keys)
	}
	var noted []string
	for _, d := range f.Notes {
		noted = append(noted, d.Error())
	}
	for _, want := range notes {
		if !strings.Contains(strings.Join(noted, "\n"), want) {
			t.Errorf("no note %q in\n%s", want, strings.Join(noted, "\n"))
		}
	}
	if cfg, ds := Parse(f.TOML); cfg == nil {
		t.Errorf("the site.toml does not load: %v\n%s", ds, got)
	}
}
