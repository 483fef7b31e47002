package config

import (
	"os"
	"slices"
	"strings"
	"testing"

	"kb/builder/diag"
)

// A VitePress configuration, in each shape sites write it, becomes the
// equivalent site.toml: the root locale is the default language at the
// site root, the others keep their folder as their address; what does
// not carry over is a note at its line.
func TestVitePressConfigs(t *testing.T) {
	docs, err := os.ReadFile("testdata/vitepress-docs.config.ts")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, file, src string
		want            wantSite
	}{{
		name: "VitePress's own docs: 8 locales, the English pages in en/ served at the root",
		file: ".vitepress/config.ts",
		src:  string(docs),
		want: wantSite{
			toml: "# From VitePress's .vitepress/config.ts.\ntitle = \"VitePress\"\nbaseURL = \"https://vitepress.dev/\"\ndefaultLanguage = \"en\"\ndefaultLanguageInSubdir = false\n" +
				"\n[markdown]\n# Raw HTML is kept, as it was.\nunsafe = true\n" +
				"\n[languages.en]\nname = \"English\"\ndir = \"ltr\"\nweight = 1\n" +
				"\n[languages.zh]\nname = \"简体中文\"\ndir = \"ltr\"\nweight = 2\n" +
				"\n[languages.fa]\nname = \"فارسی\"\ndir = \"rtl\"\nweight = 7\n" +
				"\n[languages.ja]\nname = \"日本語\"\ndir = \"ltr\"\nweight = 8\n",
			not:  []string{"uglyURLAliases", "contentDir", "brokenLinks"},
			keys: "title, rewrites, lastUpdated, cleanUrls, sitemap.hostname, locales (8)",
			notes: []string{
				".vitepress/config.ts:46: warning: markdown: not carried over: kb's Markdown reads VitePress's containers, code groups and badges itself",
				".vitepress/config.ts:66: warning: sitemap.transformItems: not carried over: kb's sitemap lists every published page",
				".vitepress/config.ts:72: warning: head: not carried over",
				".vitepress/config.ts:80: warning: themeConfig.logo: not carried over: set [brand] logo in site.toml",
				".vitepress/config.ts:86: warning: themeConfig.search: not carried over: kb builds its own search index",
				".vitepress/config.ts:99: warning: themeConfig.carbonAds: not carried over: not in kb's theme",
				".vitepress/config.ts:110: warning: locales.fa.markdown: not carried over: kb's callouts are titled in the page's language",
				".vitepress/config.ts:114: warning: vite: not carried over: Vite and its plugins do not run in kb",
				".vitepress/config.ts:130: warning: transformPageData: not carried over: kb runs no JavaScript while building",
			},
		},
	}, {
		name: "srcDir, base without a hostname, lang and description, no cleanUrls, dead links ignored",
		file: ".vitepress/config.mts",
		src: `import { defineConfig } from 'vitepress'

export default defineConfig({
  srcDir: 'docs',
  base: '/repo/',
  lang: 'fr-FR',
  title: 'Aide',
  description: "L'aide du projet",
  ignoreDeadLinks: true,
  rewrites: { 'packages/:pkg/src/:page': ':pkg/:page' },
})
`,
		want: wantSite{
			toml: "title = \"Aide\"\nbaseURL = \"/repo/\"\ndefaultLanguage = \"fr-FR\"\ndefaultLanguageInSubdir = false\n" +
				"# Articles also answer at the .html addresses they had.\nuglyURLAliases = true\n" +
				"\n[languages.fr-FR]\ndescription = \"L'aide du projet\"\n" +
				"\n[build]\n# Links to pages that do not exist are warnings, as they were.\nbrokenLinks = \"warning\"\n",
			not:  []string{"weight"},
			keys: "srcDir, lang, title, description, ignoreDeadLinks, base",
			notes: []string{
				".vitepress/config.mts:10: warning: rewrites.packages/:pkg/src/:page: not carried over: move the page where its address says",
			},
		},
	}, {
		name: "locales whose root is at the top of srcDir, a locale folder that is no language code, cleanUrls false",
		file: ".vitepress/config.js",
		src: `const locales = {
  root: { label: 'English', lang: 'en' },
  'pt-br': { label: 'Português', lang: 'pt-BR', title: 'Ajuda', link: '/pt-br/' },
  farsi: { label: 'فارسی', lang: 'fa', dir: 'rtl', description: 'راهنما' },
}
export default {
  title: 'Help',
  cleanUrls: false,
  lastUpdated: false,
  locales,
  themeConfig: { nav: [] },
}
`,
		want: wantSite{
			toml: "defaultLanguage = \"en\"\ndefaultLanguageInSubdir = false\n# Articles also answer at the .html addresses they had.\nuglyURLAliases = true\n" +
				"\n[languages.en]\nname = \"English\"\nweight = 1\n" +
				"\n[languages.pt-br]\nname = \"Português\"\ntitle = \"Ajuda\"\nweight = 2\n" +
				"\n[languages.fa]\nname = \"فارسی\"\ndescription = \"راهنما\"\ndir = \"rtl\"\nweight = 3\ncontentDir = \"farsi\"\n",
			keys: "title, cleanUrls, locales (3)",
			notes: []string{
				".vitepress/config.js:3: warning: locales.pt-br.link: not carried over: kb publishes a language under its folder's name",
				".vitepress/config.js:4: warning: locales.farsi: its pages, in content/farsi/, are published under /fa/, its language code, not /farsi/",
				".vitepress/config.js:9: warning: lastUpdated: false: not carried over: kb shows each page's last-updated date, from its front matter's updated or its file's last commit",
				".vitepress/config.js:11: warning: themeConfig.nav: not carried over: add its links as [[menu.header]] entries in site.toml",
			},
		},
	}, {
		name: "a function, not an object",
		file: ".vitepress/config.ts",
		src:  "export default async () => ({ title: 'x' })\n",
		want: wantSite{
			toml:  "defaultLanguage = \"en-US\"\ndefaultLanguageInSubdir = false\n",
			notes: []string{".vitepress/config.ts:1: warning: the file exports async (), not an object kb can read (export default defineConfig({...})); write site.toml by hand"},
		},
	}, {
		name: "malformed: an object never closed",
		file: ".vitepress/config.ts",
		src:  "export default defineConfig({\n  title: 'Help',\n  locales: {\n",
		want: wantSite{
			toml:  "defaultLanguage = \"en-US\"\n",
			not:   []string{"title"},
			notes: []string{".vitepress/config.ts:1: warning: the file exports an object ({) never closed, not an object kb can read"},
		},
	}, {
		name: "values kb cannot read",
		file: ".vitepress/config.ts",
		src:  "export default defineConfig({\n  title: `${name} docs`,\n  locales: getLocales(),\n  lang: 'not a code!',\n  cleanUrls: prod,\n})\n",
		want: wantSite{
			toml: "defaultLanguage = \"en-US\"\ndefaultLanguageInSubdir = false\n",
			notes: []string{
				".vitepress/config.ts:2: warning: title: a template with ${…} is not text kb can read; set title in site.toml",
				".vitepress/config.ts:3: warning: locales: getLocales() is not an object kb can read; add [languages.<code>] tables to site.toml by hand",
				`.vitepress/config.ts:4: warning: lang: "not a code!" is not a language code (BCP 47, like en or pt-BR): en-US, VitePress's default, is the default language`,
				".vitepress/config.ts:5: warning: cleanUrls: prod is not true or false: pages also answer at their .html addresses",
			},
		},
	}} {
		t.Run(tt.name, func(t *testing.T) {
			f, err := ReadVitePress(mapFS(tt.file, tt.src))
			if err != nil || f == nil {
				t.Fatalf("ReadVitePress: %v, %v", f, err)
			}
			tt.want.check(t, f)
		})
	}
}

// The pages move to content/: the root language's from the folder a
// rewrite serves at the root, or entry by entry from the top of srcDir;
// each locale's folder to content/<folder>; srcDir's public/ to static/
// and its snippets/ (Markdown in it too) to the site's snippets/, or it
// stays there, which a note says, as another says which other folder
// pages import code from (kb reads it in snippets/); scripts among the pages into
// .vitepress/moved/ first. A site in docs/ is read there.
func TestVitePressMoves(t *testing.T) {
	for _, tt := range []struct {
		name  string
		files []string
		want  []Move
		dir   string
		notes []string
	}{{
		name: "rewrites, in docs/",
		files: []string{
			"docs/.vitepress/config.ts", "export default defineConfig({ rewrites: { 'en/:rest*': ':rest*' }, locales: { root: { lang: 'en-US' }, fa: { lang: 'fa-IR', dir: 'rtl' } } })\n",
			"docs/en/index.md", "---\nlayout: home\n---\n", "docs/en/guide/start.md", "# Start\n\n<<< @/components/Demo.vue\n",
			"docs/components/Demo.vue", "<template/>",
			"docs/fa/index.md", "---\nlayout: home\n---\n", "docs/fa/config.ts", "export default defineAdditionalConfig({ description: 'راهنما' })\n",
			"docs/public/logo.svg", "<svg/>", "docs/snippets/x.js", "x",
		},
		dir: "docs",
		want: []Move{
			{"fa/config.ts", ".vitepress/moved/fa/config.ts"},
			{"en", "content/en"}, {"fa", "content/fa"}, {"public", "static"},
		},
		notes: []string{"snippets/ stays where it is: pages import code from it",
			"pages import code from components/ (en/guide/start.md): kb reads such code from snippets/ only; move components/ into snippets/"},
	}, {
		name: "the root language at the top of srcDir",
		files: []string{
			".vitepress/config.js", "export default { srcDir: 'src', locales: { root: { lang: 'en' }, ar: { lang: 'ar' } } }\n",
			"src/index.md", "# Home\n", "src/guide/a.md", "# A\n", "src/components/X.vue", "<template/>",
			"src/ar/index.md", "# بيت\n", "src/public/a.png", "png", "README.md", "# not a page of the site\n",
			"src/snippets/part.md", "A part.\n", "src/snippets/x.ts", "x",
		},
		want:  []Move{{"src/guide", "content/en/guide"}, {"src/index.md", "content/en/index.md"}, {"src/ar", "content/ar"}, {"src/public", "static"}, {"src/snippets", "snippets"}},
		notes: []string{"src/snippets/ moves to snippets/: pages import code from it"},
	}} {
		t.Run(tt.name, func(t *testing.T) {
			f, err := ReadVitePress(mapFS(tt.files...))
			if err != nil || f == nil {
				t.Fatalf("ReadVitePress: %v, %v", f, err)
			}
			if !slices.Equal(f.Moves, tt.want) {
				t.Errorf("moves %v, want %v", f.Moves, tt.want)
			}
			if f.Folder != tt.dir {
				t.Errorf("folder %q, want %q", f.Folder, tt.dir)
			}
			for _, note := range tt.notes {
				if !slices.ContainsFunc(f.Notes, func(d diag.Diagnostic) bool { return strings.Contains(d.Msg, note) }) {
					t.Errorf("no note says %q: %v", note, f.Notes)
				}
			}
		})
	}
}
