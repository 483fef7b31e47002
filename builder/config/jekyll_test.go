package config

import (
	"os"
	"slices"
	"strings"
	"testing"
)

// A Jekyll site's _config.yml becomes the equivalent site.toml, its pages
// and images the moves into content/ and static/; what does not carry
// over is a note at its line.
func TestJekyllConfigs(t *testing.T) {
	jtd, err := os.ReadFile("testdata/just-the-docs._config.yml")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name  string
		files []string // name, content, ...
		toml  string   // blocks of lines the site.toml has, between blank lines
		keys  string
		notes []string
		moves []Move
	}{{
		name: "Just the Docs' own site",
		files: []string{"_config.yml", string(jtd), "Gemfile", "gem 'jekyll'\n",
			"index.md", "---\ntitle: Home\n---\n", "README.md", "# The theme\n", "CHANGELOG.md", "# Changes\n",
			"docs/search.md", "---\ntitle: Search\n---\n",
			"docs/ui/index.md", "---\ntitle: UI\n---\n", "docs/ui/callouts.md", "---\ntitle: Callouts\nparent: UI\n---\n",
			"docs/alone/index.md", "---\ntitle: Alone\n---\n",
			"_layouts/default.html", "<html>", "_includes/x.md", "x",
			"fixtures/x.md", "x", "spec/x.md", "x",
			"assets/images/a.png", "png", "assets/css/x.scss", "a{}", "assets/js/x.js", "1",
		},
		toml: `# From Jekyll's _config.yml.
title = "Just the Docs"
baseURL = "https://just-the-docs.com/"
defaultLanguage = "en"
defaultLanguageInSubdir = false

[markdown]
# Raw HTML is kept, as it was.
unsafe = true
# Emoji names (:smile:) stay as written, as they did.
emoji = false

[languages.en]
description = "A Jekyll theme for documentation"`,
		keys: "title, description, baseurl, url, callouts",
		notes: []string{
			"_config.yml:24: warning: defaults: not carried over: kb has no front matter defaults: set the keys in each page that needs them",
			"_config.yml:115: warning: aux_links: not carried over: add the links as [[menu.header]] entries in site.toml",
			"_config.yml: warning: assets/: 2 styles and scripts of the Jekyll theme are left where they are: kb's theme has its own (override its files under themes/<name>/)",
		},
		moves: []Move{{"CHANGELOG.md", "content/CHANGELOG.md"}, {"docs", "content/docs"}, {"index.md", "content/_index.md"},
			{"content/docs/ui/index.md", "content/docs/ui/_index.md"}, {"assets/images", "static/assets/images"},
			// The pages without a parent, at the top of Just the Docs'
			// sidebar, at the top of content/; the one named search
			// beside kb's search page.
			{"content/docs/alone/index.md", "content/alone.md"}, {"content/docs/search.md", "content/docs-search.md"},
			{"content/docs/ui/callouts.md", "content/ui/callouts.md"}, {"content/docs/ui/_index.md", "content/ui/_index.md"}},
	}, {
		name: "jekyll-polyglot's languages and default_lang",
		files: []string{"_config.yml", "title: Help\nurl: https://help.example.com\nbaseurl: /docs\nlanguages: [\"en\", \"ar\", \"not a code\"]\ndefault_lang: ar\nplugins:\n  - jekyll-polyglot\n  - jekyll-archives\n",
			"about.md", "# About\n"},
		toml: `baseURL = "https://help.example.com/docs/"
defaultLanguage = "ar"
defaultLanguageInSubdir = false`,
		keys: "title, url, baseurl, default_lang, languages (2)",
		notes: []string{
			"_config.yml:4: warning: languages: \"not a code\" is not a language code (BCP 47, like en or pt-BR): left out; add it to site.toml by hand",
			"_config.yml:8: warning: plugins: jekyll-archives: not carried over: Jekyll plugins do not run in kb",
		},
		moves: []Move{{"about.md", "content/about.md"}},
	}} {
		t.Run(tt.name, func(t *testing.T) {
			fsys := mapFS(tt.files...)
			if src, ok := InitFrom(fsys); !ok || src.From != "jekyll" {
				t.Errorf("InitFrom = %+v, %v; want jekyll", src, ok)
			}
			f, err := ReadJekyll(fsys)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(f.TOML), tt.toml) {
				t.Errorf("site.toml:\n%s\nwant it to have:\n%s", f.TOML, tt.toml)
			}
			if _, ds := Parse(f.TOML); len(ds) > 0 {
				t.Errorf("the site.toml written does not parse: %v", ds)
			}
			if keys := strings.Join(f.Keys, ", "); keys != tt.keys {
				t.Errorf("keys %q, want %q", keys, tt.keys)
			}
			var notes []string
			for _, n := range f.Notes {
				notes = append(notes, n.Error())
			}
			for _, want := range tt.notes {
				if !slices.Contains(notes, want) {
					t.Errorf("no note %q in:\n%s", want, strings.Join(notes, "\n"))
				}
			}
			if !slices.Equal(f.Moves, tt.moves) {
				t.Errorf("moves %v, want %v", f.Moves, tt.moves)
			}
		})
	}
}

// A _config.yml that is no YAML is an error naming its line.
func TestJekyllMalformedConfig(t *testing.T) {
	fsys := mapFS("_config.yml", "title: Help\nexclude: [a, b\n")
	_, err := ReadJekyll(fsys)
	if err == nil || !strings.HasPrefix(err.Error(), "_config.yml: line ") {
		t.Errorf("error %v, want one at _config.yml's line", err)
	}
	fsys["_config.yml"].Data = []byte("- a list\n")
	if _, err := ReadJekyll(fsys); err == nil || !strings.HasPrefix(err.Error(), "_config.yml:1: not a mapping") {
		t.Errorf("error %v, want _config.yml:1: not a mapping", err)
	}
}
