package config

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"kb/builder/permalink"
)

func TestParseFillsDefaultsAndCanonicalizesLanguages(t *testing.T) {
	cfg, ds := Parse([]byte(`
title = "Help"
baseURL = "https://shop.example/help"
defaultLanguage = "EN"
[languages.en]
[languages.AR]
weight = 2
[languages.pt-br]
weight = 3
[languages.zh-hans]
weight = 4
[languages.el]
weight = 1
dir = "ltr"
fallback = false
`))
	if cfg == nil {
		t.Fatalf("config rejected: %v", ds)
	}
	if cfg.BaseURL != "https://shop.example/help/" {
		t.Errorf("baseURL = %q, want a trailing slash", cfg.BaseURL)
	}
	if cfg.DefaultLanguage != "en" {
		t.Errorf("defaultLanguage = %q", cfg.DefaultLanguage)
	}
	if got := strings.Join(cfg.Order, ","); got != "en,el,ar,pt-BR,zh-Hans" {
		t.Errorf("order = %s, want the default language first, then by weight", got)
	}
	if ar := cfg.Languages["ar"]; ar.Dir != "rtl" || ar.Name != "العربية" || ar.Title != "Help" {
		t.Errorf("ar = %+v, want rtl, its own name and the site title", ar)
	}
	if el := cfg.Languages["el"]; el.FallsBack() {
		t.Error("el has fallback = false but falls back")
	}
	if _, ok := cfg.Language("ZH-HANS"); !ok {
		t.Error("a language code in another case is not found")
	}
}

func TestParseReportsProblemsWithTheirLines(t *testing.T) {
	src := `defaultLanguage = "de"
titel = "typo"
[languages.en]
dir = "sideways"
[support.hours]
timezone = "Mars/Olympus"
open = "9am"
days = [1, 8]
[build]
brokenLinks = "ignore"
[markdown]
headingIDs = "gitlab"
[permalinks]
blog = "/:section/:weekday/:slug/"
docs = "/:year/:slug.html"
faq = ""
news = 3
"blog/news" = "/:slug/"
guides = "/a?b/:slug/"
[permalinks.term]
tags = "/t/:slug/"
`
	cfg, ds := Parse([]byte(src))
	if cfg != nil {
		t.Fatal("an invalid config was accepted")
	}
	var got []string
	for _, d := range ds {
		got = append(got, d.Error())
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{
		`site.toml:2: warning: unknown key "titel" (ignored)`,
		`site.toml:4: [languages.en] dir = "sideways": use "ltr" or "rtl"`,
		`site.toml:1: defaultLanguage "de" is not one of the [languages] tables`,
		`site.toml:6: [support.hours] timezone "Mars/Olympus" is not an IANA time zone`,
		`site.toml:7: [support.hours] open = "9am": use 24-hour HH:MM`,
		`site.toml:8: [support.hours] days: 8 is not an ISO weekday`,
		`site.toml:10: [build] brokenLinks = "ignore"`,
		`site.toml:12: [markdown] headingIDs = "gitlab": use "github" or "zola"`,
		// A [permalinks] pattern kb cannot follow says what to write.
		`site.toml:14: [permalinks] blog = "/:section/:weekday/:slug/": kb has no :weekday token; use :section, :sections, :year, :month, :monthname, :day, :slug, :slugorfilename, :slugorcontentbasename, :filename, :contentbasename, :title or literal text`,
		`site.toml:15: [permalinks] docs = "/:year/:slug.html": kb publishes every page as a folder (…/index.html); end the pattern with a token or a /, and the old .html address can be an alias`,
		`site.toml:16: [permalinks] faq = "": give a pattern, like "/:section/:year/:month/:slug/", or remove the key`,
		`site.toml:17: [permalinks] news = 3: give a pattern in quotes, like "/:section/:year/:month/:slug/"`,
		`site.toml:18: [permalinks] "blog/news": name a top-level section (a folder directly in the language's folder), whose pages below it all follow the pattern`,
		`site.toml:19: [permalinks] guides = "/a?b/:slug/": "?" cannot be in a URL path; use letters, digits, - _ . ~ and / between the tokens`,
		`site.toml:20: warning: [permalinks.term] (ignored): kb makes no taxonomy or term pages; use [permalinks] or [permalinks.section]`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("diagnostics lack %q:\n%s", want, all)
		}
	}
}

func TestParseSyntaxErrorHasPosition(t *testing.T) {
	_, ds := Parse([]byte("title = \"Help\"\nbaseURL = \n"))
	if len(ds) != 1 || ds[0].Line != 2 {
		t.Fatalf("diagnostics = %v, want one at line 2", ds)
	}
}

// A column counts characters, as the writer's editor does: a Greek letter
// is two bytes but one column.
func TestParseSyntaxErrorColumnCountsCharacters(t *testing.T) {
	_, ds := Parse([]byte("title = \"Βοήθεια\" x\n"))
	if len(ds) != 1 || ds[0].Line != 1 || ds[0].Col != 18 {
		t.Fatalf("diagnostics = %v, want one at 1:18", ds)
	}
}

func TestDefaultDir(t *testing.T) {
	for code, want := range map[string]string{"ar": "rtl", "he": "rtl", "fa-IR": "rtl", "ur": "rtl", "el": "ltr", "en": "ltr", "zh-Hans": "ltr", "not a code": "ltr"} {
		if got := DefaultDir(code); got != want {
			t.Errorf("DefaultDir(%q) = %s, want %s", code, got, want)
		}
	}
}

func TestBaseURL(t *testing.T) {
	for _, tt := range []struct {
		url string
		ok  bool
	}{
		{"https://help.example.com/", true},
		{"http://localhost:1313/docs", true},
		{"/help/", true},
		{"/", true},
		{"", true},
		{"javascript:alert(1)//", false},
		{"JavaScript:alert(1)//", false},
		{"data:text/html,<script>alert(1)</script>", false},
		{"//evil.example/", false},
		{"https:///nohost", false},
		{"ftp://files.example/", false},
		{"help/", false},
		{`https://help.example.com/"><script>alert(1)</script>`, false},
	} {
		t.Run(tt.url, func(t *testing.T) {
			cfg, ds := Parse([]byte("title = \"Help\"\nbaseURL = " + strconv.Quote(tt.url) + "\n"))
			if tt.ok {
				if cfg == nil {
					t.Fatalf("refused: %v", ds)
				}
				return
			}
			if cfg != nil || len(ds) != 1 || ds[0].Line != 2 || !strings.Contains(ds[0].Msg, "use an http(s) URL") {
				t.Fatalf("want one error at line 2, got %v", ds)
			}
		})
	}
}

func TestParseBoundsNesting(t *testing.T) {
	for _, depth := range []int{20000, 100000} {
		src := "title = \"Help\"\n[params]\nx = " + strings.Repeat("{a = ", depth) + "1" + strings.Repeat("}", depth) + "\n"
		cfg, ds := Parse([]byte(src))
		if cfg != nil || len(ds) != 1 || ds[0].Line != 3 || ds[0].Col < 1 || !strings.Contains(ds[0].Msg, "nested more than 32 levels") {
			t.Fatalf("depth %d: want one positioned error at line 3, got %v", depth, ds)
		}
	}
	big := "title = \"Help\"\n" + strings.Repeat("# comment line\n", 80000)
	if cfg, ds := Parse([]byte(big)); cfg != nil || len(ds) != 1 || !strings.Contains(ds[0].Msg, "limit of 1 MiB") {
		t.Fatalf("1.2 MB site.toml: want one error, got %v", ds)
	}
}

// A language table without a name gets the language's own name; regional
// and script variants read apart when two languages would share one, as a
// Zola or Hugo site brought over without names has them.
func TestDefaultLanguageNamesAreDistinct(t *testing.T) {
	cfg, ds := Parse([]byte(`
title = "Help"
baseURL = "/"
defaultLanguage = "en"
[languages.en]
[languages.pt]
[languages.pt-BR]
[languages.oc]
[languages.zh-Hans]
[languages.zh-Hant]
[languages.zh-TW]
[languages.fr]
[languages.fr-CA]
name = "Français (Canada)"
`))
	if cfg == nil {
		t.Fatalf("config rejected: %v", ds)
	}
	want := map[string]string{
		"en":      "English",
		"pt":      "português",
		"pt-BR":   "português (Brasil)",
		"oc":      "occitan",
		"zh-Hans": "简体中文",
		"zh-Hant": "繁體中文",
		"zh-TW":   "中文 (台灣)",
		"fr":      "français",
		"fr-CA":   "Français (Canada)", // a name the site gives stays
	}
	seen := map[string]string{}
	for code, name := range want {
		got := cfg.Languages[code].Name
		if got != name {
			t.Errorf("%s is named %q, want %q", code, got, name)
		}
		if other, dup := seen[got]; dup {
			t.Errorf("%s and %s are both named %q in the language switcher", code, other, got)
		}
		seen[got] = code
	}
}

// Serbian is named in the script the theme's strings use: "sr" is Latin,
// as Let's Encrypt and most Serbian sites write it, sr-Cyrl Cyrillic.
func TestSerbianIsNamedInItsScript(t *testing.T) {
	cfg, ds := Parse([]byte("title = \"Help\"\nbaseURL = \"/\"\ndefaultLanguage = \"sr\"\n[languages.sr]\n[languages.sr-Cyrl]\n"))
	if cfg == nil {
		t.Fatalf("config rejected: %v", ds)
	}
	for code, want := range map[string]string{"sr": "srpski", "sr-Cyrl": "српски"} {
		if got := cfg.Languages[code].Name; got != want {
			t.Errorf("%s is named %q, want %q", code, got, want)
		}
	}
}

// [permalinks] gives a section's pages the URLs of a pattern, in Hugo's
// form (section = pattern) and in its newer one ([permalinks.page],
// [permalinks.section]).
func TestParsePermalinks(t *testing.T) {
	cfg, ds := Parse([]byte(`title = "Help"
[permalinks]
blog = "/:section/:year/:month/:day/:slugorcontentbasename"
[permalinks.page]
docs = "/manual/:sections/:title/"
[permalinks.section]
docs = "/manual/"
`))
	if cfg == nil || len(ds) > 0 {
		t.Fatalf("config rejected: %v", ds)
	}
	for _, tt := range []struct {
		table map[string]permalink.Pattern
		name  string
		want  string
	}{
		{cfg.Permalinks.Page, "blog", "/:section/:year/:month/:day/:slugorcontentbasename"},
		{cfg.Permalinks.Page, "docs", "/manual/:sections/:title/"},
		{cfg.Permalinks.Section, "docs", "/manual/"},
	} {
		if got := tt.table[tt.name].String(); got != tt.want {
			t.Errorf("%s: pattern %q, want %q", tt.name, got, tt.want)
		}
	}
	if _, ok := cfg.Permalinks.Section["blog"]; ok {
		t.Error("the blog's section page has a pattern its pages' table gave")
	}
}

// A [redirects] entry of the wrong form is an error at its line saying
// what to write: an old address that is no path from the site root, a
// page on another site, a page named by no file or address.
func TestRedirectsForm(t *testing.T) {
	src := `defaultLanguage = "en"
[languages.en]
[redirects]
"/ok/" = "guides/page.md"
"relative/path" = "guides/page.md"
"/elsewhere/" = "https://other.example.org/"
"/up/" = "../outside.md"
"/" = "guides/page.md"
`
	cfg, ds := Parse([]byte(src))
	if cfg != nil {
		t.Fatal("an invalid config was accepted")
	}
	var got []string
	for _, d := range ds {
		got = append(got, d.Error())
	}
	slices.Sort(got)
	want := []string{
		`site.toml:5: [redirects] "relative/path": an old address is a path of the site from its root, like "/old/page/" = "guides/page.md"`,
		`site.toml:6: [redirects] "/elsewhere/" = "https://other.example.org/": kb redirects to the site's own pages; send an address to another site with your host's redirect rules (static/_redirects)`,
		`site.toml:7: [redirects] "/up/" = "../outside.md": name the page by its Markdown file under content/ ("guides/page.md") or by its address ("/guides/page/")`,
		`site.toml:8: [redirects] "/": an old address is a path of the site from its root, like "/old/page/" = "guides/page.md"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
