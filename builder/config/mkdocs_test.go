package config

import (
	"os"
	"strings"
	"testing"
)

// An MkDocs site's mkdocs.yml, Python tags and all, becomes the equivalent
// site.toml; what does not carry over is a note at its line.
func TestMkDocsConfigs(t *testing.T) {
	material, err := os.ReadFile("testdata/material-docs.mkdocs.yml")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name  string
		files []string // name, content, ...
		toml  string   // blocks of lines the site.toml has, between blank lines
		not   []string // and does not
		keys  string
		notes []string
		moves []Move
	}{{
		name:  "Material's own docs: one language, Python tags, Material's features",
		files: []string{"mkdocs.yml", string(material), "docs/index.md", "# x"},
		toml: `# From MkDocs's mkdocs.yml.
title = "Material for MkDocs"
baseURL = "https://squidfunk.github.io/mkdocs-material/"
defaultLanguage = "en"
defaultLanguageInSubdir = false

[markdown]
# Raw HTML is kept, as it was.
unsafe = true`,
		not:  []string{"[languages."},
		keys: "site_name, site_url",
		notes: []string{
			"mkdocs.yml:27: warning: site_description: not carried over: set description in each [languages.<code>] table of site.toml",
			"mkdocs.yml:33: warning: repo_url: not carried over: add the link as a [[menu.header]] entry in site.toml",
			"mkdocs.yml:41: warning: theme.custom_dir: not carried over: override the theme's files under themes/<name>/",
			"mkdocs.yml:42: warning: theme.features: not carried over: kb's theme has its own navigation, table of contents and search",
			"mkdocs.yml:97: warning: plugins: blog: not carried over: MkDocs plugins do not run in kb",
			"mkdocs.yml:98: warning: plugins: search: not carried over: kb builds its own search index (search: {exclude: true} in a page's front matter still keeps it out of search)",
			"mkdocs.yml:104: warning: hooks: not carried over: MkDocs hooks (Python) do not run in kb",
			"mkdocs.yml:116: warning: extra.social: not carried over: add the links as [[menu.header]] entries in site.toml",
			"mkdocs.yml:132: warning: markdown_extensions: abbr: not carried over: kb's Markdown does not have it",
			"mkdocs.yml:137: warning: markdown_extensions: md_in_html: not carried over: kb's Markdown does not have it",
			"mkdocs.yml:184: warning: nav: not carried over: kb's navigation comes from content/: sections are folders (title and weight in their _index.md), pages are ordered by weight",
		},
		moves: []Move{{"docs", "content"}},
	}, {
		name: "mkdocs-static-i18n with suffixes, theme.language and extra.alternate, docs_dir",
		files: []string{"mkdocs.yml", `site_name: Help
site_url: https://help.example.com/
docs_dir: pages
theme:
  name: material
  language: en
plugins:
  - i18n:
      docs_structure: suffix
      languages:
        - locale: en
          default: true
          name: English
        - locale: fr
          name: Français
          site_name: Aide
        - locale: ar
          name: العربية
extra:
  alternate:
    - name: English
      link: /
      lang: en
markdown_extensions:
  - admonition
  - pymdownx.details
  - tables
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
`, "pages/index.md", "# x"},
		toml: "title = \"Help\"\nbaseURL = \"https://help.example.com/\"\ndefaultLanguage = \"en\"\ndefaultLanguageInSubdir = false\n" +
			"\n[languages.en]\nname = \"English\"\nweight = 1\n" +
			"\n[languages.fr]\nname = \"Français\"\ntitle = \"Aide\"\nweight = 2\n" +
			"\n[languages.ar]\nname = \"العربية\"\nweight = 3\n",
		keys: "site_name, site_url, docs_dir, i18n languages (3)",
		notes: []string{
			"mkdocs.yml:20: warning: extra.alternate: not carried over: kb's language switcher links each page to its translations, from the [languages] tables in site.toml",
			"mkdocs.yml:28: warning: markdown_extensions: pymdownx.emoji: not carried over: kb has no icon font: icons (:material-check:) are left out with a warning (emoji names such as :smile: are the emoji)",
		},
		moves: []Move{{"pages", "content"}},
	}, {
		name: "mkdocs-static-i18n with folders, the default not first, a language not built",
		files: []string{"mkdocs.yml", `site_name: Docs
plugins:
  - search
  - i18n:
      docs_structure: folder
      languages:
        - locale: fr
          name: Français
        - locale: de
          name: Deutsch
          default: true
        - locale: el
          build: false
        - locale: not a code
`},
		toml: "title = \"Docs\"\ndefaultLanguage = \"de\"\ndefaultLanguageInSubdir = false\n" +
			"\n[languages.fr]\nname = \"Français\"\nweight = 1\n" +
			"\n[languages.de]\nname = \"Deutsch\"\nweight = 2\n" +
			"\n[languages.el]\nweight = 3\ndisabled = true\n",
		keys: "site_name, i18n languages (3)",
		notes: []string{
			`mkdocs.yml:14: warning: plugins: i18n: languages: "not a code" is not a language code (BCP 47, like en or pt-BR): the language is left out; add it to site.toml by hand`,
		},
	}, {
		name:  "theme.language only",
		files: []string{"mkdocs.yml", "site_name: Aide\ntheme:\n  name: material\n  language: fr\nuse_directory_urls: false\n"},
		toml:  "title = \"Aide\"\ndefaultLanguage = \"fr\"\ndefaultLanguageInSubdir = false\n# Articles also answer at the .html addresses they had.\nuglyURLAliases = true\n",
		not:   []string{"[languages."},
		keys:  "site_name, use_directory_urls, theme.language",
	}} {
		t.Run(tt.name, func(t *testing.T) {
			f, err := ReadMkDocs(mapFS(tt.files...))
			if err != nil || f == nil {
				t.Fatalf("ReadMkDocs: %v, %v", f, err)
			}
			wantSite{tt.toml, tt.not, tt.keys, tt.notes}.check(t, f)
			for _, n := range f.Notes {
				if strings.Contains(n.Msg, "pymdownx.tabbed") {
					t.Errorf("content tabs are read, yet noted: %v", n)
				}
			}
			if len(f.Moves) != len(tt.moves) || len(tt.moves) > 0 && f.Moves[0] != tt.moves[0] {
				t.Errorf("moves %v, want %v", f.Moves, tt.moves)
			}
		})
	}
}

// A docs folder is not renamed onto a content/ that exists; a broken
// mkdocs.yml is an error at its line; a folder without one is none of
// MkDocs's.
func TestMkDocsEdges(t *testing.T) {
	f, err := ReadMkDocs(mapFS("mkdocs.yml", "site_name: x\n", "docs/index.md", "x", "content/a.md", "x"))
	if err != nil || len(f.Moves) != 0 || len(f.Notes) != 1 || f.Notes[0].Error() != "mkdocs.yml: warning: content/ already exists: move the files of docs/ into it by hand (kb reads content/, not docs/)" {
		t.Errorf("content/ exists: %v, %v", f, err)
	}
	if f, err := ReadMkDocs(mapFS("mkdocs.yml", "site_name: x\nnav:\n  - a: [\n")); err == nil || !strings.HasPrefix(err.Error(), "mkdocs.yml:") {
		t.Errorf("broken YAML: %v, %v", f, err)
	}
	if f, err := ReadMkDocs(mapFS("mkdocs.yml", "- a list\n")); err == nil || !strings.Contains(err.Error(), "mkdocs.yml:1: ") {
		t.Errorf("not a mapping: %v, %v", f, err)
	}
	if f, err := ReadMkDocs(mapFS("hugo.toml", "")); f != nil || err != nil {
		t.Errorf("no mkdocs.yml: %v, %v", f, err)
	}
	if src, ok := InitFrom(mapFS("mkdocs.yml", "site_name: x\n")); !ok || src.File != "mkdocs.yml" || src.From != "mkdocs" {
		t.Errorf("InitFrom: %v", src)
	}
}

// The redirects plugin's redirect_maps become site.toml's [redirects]:
// each old page's address (as use_directory_urls made it) leads to the
// new page's file; a redirect to another site is a note.
func TestMkDocsRedirectMaps(t *testing.T) {
	config := `site_name: Docs
plugins:
  - search
  - redirects:
      redirect_maps:
        'old.md': 'guides/new.md'
        'setup/index.md': 'install.md'
        'away.md': 'https://example.org/away/'
`
	for _, c := range []struct {
		extra string
		want  string
	}{
		{"", "\n[redirects]\n\"/old/\" = \"guides/new.md\"\n\"/setup/\" = \"install.md\"\n"},
		{"use_directory_urls: false\n", "\n[redirects]\n\"/old.html\" = \"guides/new.md\"\n\"/setup/index.html\" = \"install.md\"\n"},
	} {
		f, err := ReadMkDocs(mapFS("mkdocs.yml", config+c.extra, "docs/index.md", "x"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(f.TOML), c.want) {
			t.Errorf("%q: site.toml:\n%s\nwant in it:\n%s", c.extra, f.TOML, c.want)
		}
		if cfg, ds := Parse(f.TOML); cfg == nil || len(cfg.Redirects) != 2 {
			t.Errorf("%q: the site.toml written does not parse to two redirects: %v", c.extra, ds)
		}
		var away bool
		for _, n := range f.Notes {
			away = away || strings.Contains(n.Error(), `mkdocs.yml:8: warning: plugins: redirects: "away.md" goes to https://example.org/away/, another site: not carried over; add it to static/_redirects`)
			if strings.Contains(n.Error(), "plugins: redirects: not carried over") {
				t.Errorf("%q: the redirects plugin noted as not carried over: %v", c.extra, n)
			}
		}
		if !away {
			t.Errorf("%q: no note for the redirect to another site: %v", c.extra, f.Notes)
		}
	}
}
