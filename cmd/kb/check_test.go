package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckClean(t *testing.T) {
	site := writeSite(t, shopSite)
	code, out, errOut := runKB(t, "check", "-s", site)
	if code != 0 {
		t.Fatalf("exit %d, want 0\n%s%s", code, out, errOut)
	}
	if !strings.Contains(out, "no problems found") {
		t.Errorf("output: %q", out)
	}
	if _, err := os.Stat(filepath.Join(site, "public")); err == nil {
		t.Error("kb check wrote public/")
	}
	if _, err := os.Stat(filepath.Join(site, ".kb")); err == nil {
		t.Error("kb check wrote .kb/")
	}
}

// The "done when": kb check points at the line of a broken link in
// an Arabic article.
func TestCheckBrokenLinkInArabic(t *testing.T) {
	site := writeSite(t, shopSite, "content/ar/faq/shipping.md", `+++
title = "أسئلة الشحن"
translationKey = "shipping-faq"
+++
## كم يستغرق التوصيل؟

من يومين إلى أربعة أيام. راجع [سياسة الإرجاع](../policies/retruns.md).
`)
	code, out, _ := runKB(t, "check", "-s", site)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if !strings.Contains(out, `content/ar/faq/shipping.md:7:`) || !strings.Contains(out, `broken link "../policies/retruns.md"`) {
		t.Errorf("no broken link at content/ar/faq/shipping.md:7:\n%s", out)
	}
	if !strings.Contains(out, "kb: 1 error, 0 warnings\n") {
		t.Errorf("summary:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(site, "public")); err == nil {
		t.Error("kb check wrote public/")
	}
}

// Columns count characters, as the writer's editor does: each Greek letter
// is two bytes but one column, so a column in bytes points far to the right
// of the broken link or shortcode.
func TestCheckColumnsCountGreekLetters(t *testing.T) {
	site := writeSite(t, shopSite, "content/el/faq/returns.md", `+++
title = "Επιστροφές"
+++
Δείτε την [πολιτική επιστροφών](../policies/retruns.md) για λεπτομέρειες.

Γράψτε μας: {{< epikoinonia >}}
`)
	code, out, _ := runKB(t, "check", "-v", "-s", site)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, want := range []string{
		`content/el/faq/returns.md:4:11: broken link "../policies/retruns.md"`,
		`content/el/faq/returns.md:6:13: warning: shortcode "epikoinonia"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in:\n%s", want, out)
		}
	}
}

func TestCheckOutdatedAndUIStrings(t *testing.T) {
	site := writeSite(t, strings.Replace(shopSite, "[languages.ar]\nweight = 3\n", "[languages.ar]\nweight = 3\n[languages.sw]\nweight = 4\n[languages.ka]\nweight = 5\n[languages.fa-IR]\nweight = 6\n[languages.zh-Hans]\nweight = 7\n", 1),
		"i18n/sw.toml", "search_button = \"Tafuta\"\n",
		"content/el/faq/shipping.md", "+++\ntitle = \"Ερωτήσεις αποστολής\"\ntranslationKey = \"shipping-faq\"\n\ntranslatedFrom = \"0000000000\"\n+++\n## Πόσο διαρκεί η παράδοση;\n\nΔύο με τέσσερις ημέρες.\n",
	)
	// Translation lag and missing UI strings do not fail kb check, unless
	// --strict.
	code, out, _ := runKB(t, "check", "-v", "-s", site)
	if code != 0 {
		t.Errorf("exit %d, want 0 (translation lag is not a failure)\n%s", code, out)
	}
	if code, _, _ := runKB(t, "check", "--strict", "-s", site); code != 1 {
		t.Errorf("--strict: exit %d, want 1", code)
	}
	for _, want := range []string{
		"content/el/faq/shipping.md:5: warning: translation is outdated: its source changed since translatedFrom; update it from content/en/faq/shipping.md, then run kb status --mark content/el/faq/shipping.md\n",
		"i18n/ka.toml: warning: no UI strings for ქართული (ka) in the site or the theme",
		`i18n/sw.toml: warning: missing UI string "`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, `i18n/sw.toml: warning: missing UI string "search_button"`) {
		t.Errorf("a string the site translates is reported missing:\n%s", out)
	}
	if strings.Contains(out, "i18n/el.toml") || strings.Contains(out, "i18n/ar.toml") || strings.Contains(out, "i18n/en.toml") {
		t.Errorf("languages the theme translates are reported:\n%s", out)
	}
	// fa-IR and zh-Hans read the theme's fa and zh: their menus are in their
	// own language.
	if strings.Contains(out, "i18n/fa-IR.toml") || strings.Contains(out, "i18n/zh-Hans.toml") {
		t.Errorf("a language that reads the theme's strings for its parent is reported:\n%s", out)
	}
	if strings.Count(out, "\ni18n/ka.toml:") != 1 {
		t.Errorf("a language with no file gets one warning:\n%s", out)
	}
}

func TestCheckUsage(t *testing.T) {
	if code, _, errOut := runKB(t, "check", "extra"); code != 2 || !strings.Contains(errOut, "Try: ") {
		t.Errorf("exit %d\n%s", code, errOut)
	}
	if code, _, errOut := runKB(t, "check", "-s", t.TempDir()); code != 2 || !strings.Contains(errOut, "no site.toml in ") || !strings.Contains(errOut, "Try: kb init ") {
		t.Errorf("no site: exit %d\n%s", code, errOut)
	}
	if code, _, errOut := runKB(t, "check", "--format", "xml"); code != 2 || !strings.Contains(errOut, `unknown --format "xml"`) {
		t.Errorf("bad format: exit %d\n%s", code, errOut)
	}
}

// A broken anchor is a warning in kb build and fails kb check; --format
// json and github print the same findings for tools and CI.
func TestCheckAnchorsAndFormats(t *testing.T) {
	site := writeSite(t, shopSite, "content/en/faq/anchors.md", "+++\ntitle = \"Anchors\"\n+++\nSee [below](#nowhere).\n")
	code, _, errOut := runKB(t, "build", "-s", site, "--index", "-")
	if code != 0 || !strings.Contains(errOut, "content/en/faq/anchors.md:4:5: warning: link to #nowhere: this page has no heading with that id") {
		t.Errorf("kb build: exit %d, want 0 with a warning\n%s", code, errOut)
	}
	code, out, _ := runKB(t, "check", "-s", site)
	if code != 1 || !strings.Contains(out, "content/en/faq/anchors.md:4:5: link to #nowhere: this page has no heading with that id\n") {
		t.Errorf("kb check: exit %d, want 1 with an error\n%s", code, out)
	}
	code, out, _ = runKB(t, "check", "--format", "github", "-s", site)
	if code != 1 || !strings.Contains(out, "::error file=content/en/faq/anchors.md,line=4,col=5,title=kb broken-anchor::link to #nowhere: this page has no heading with that id\n") {
		t.Errorf("--format github: exit %d\n%s", code, out)
	}
	code, out, _ = runKB(t, "check", "--format", "json", "-s", site)
	var findings []struct{ File, Severity, Kind, Message string }
	if err := json.Unmarshal([]byte(out), &findings); code != 1 || err != nil || len(findings) != 1 ||
		findings[0].File != "content/en/faq/anchors.md" || findings[0].Severity != "error" || findings[0].Kind != "broken-anchor" {
		t.Errorf("--format json: exit %d, %v\n%s", code, err, out)
	}
}

// Warnings of one kind are grouped with a count and two examples; -v
// prints them all; [build] ignore silences a kind.
func TestWarningsGroupedByKind(t *testing.T) {
	files := []string{}
	for _, name := range []string{"a", "b", "c", "d"} {
		files = append(files, "content/en/faq/"+name+".md", "+++\ntitle = \""+name+"\"\ncolour = \"blue\"\n+++\nText.\n")
	}
	site := writeSite(t, shopSite, files...)
	_, _, errOut := runKB(t, "build", "-s", site, "--index", "-")
	want := `unknown-key: 4 warnings (keys kb does not read), for example:
  content/en/faq/a.md:3:1: warning: front matter: unknown key "colour": kept as a page param for templates and {{< param >}}, but no template of the site reads it and kb itself does nothing with it (a typo?)
  content/en/faq/b.md:3:1: warning: front matter: unknown key "colour": kept as a page param for templates and {{< param >}}, but no template of the site reads it and kb itself does nothing with it (a typo?)
kb: 0 errors, 4 warnings (-v prints every warning; [build] ignore = ["kind"] in site.toml silences a kind)
`
	if errOut != want {
		t.Errorf("grouped warnings:\n%s\nwant\n%s", errOut, want)
	}
	if _, _, errOut := runKB(t, "build", "-v", "-s", site, "--index", "-"); strings.Count(errOut, "unknown key \"colour\"") != 4 {
		t.Errorf("-v:\n%s", errOut)
	}
	ignoreKind(t, site, "unknown-key")
	if code, _, errOut := runKB(t, "build", "-s", site, "--index", "-"); code != 0 || errOut != "" {
		t.Errorf("ignored kind: exit %d\n%s", code, errOut)
	}
}

// Errors of one kind past errorsPerKind are grouped too: a site moved from
// Hugo has thousands of links to headings its translations renamed, and kb
// check printed every one of them before the summary.
func TestCheckGroupsManyErrorsOfOneKind(t *testing.T) {
	var body strings.Builder
	for i := range 25 {
		fmt.Fprintf(&body, "See [part %d](#nowhere-%d).\n\n", i, i)
	}
	site := writeSite(t, shopSite, "content/en/faq/anchors.md", "+++\ntitle = \"Anchors\"\n+++\n"+body.String())
	code, out, _ := runKB(t, "check", "-s", site)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if !strings.Contains(out, "broken-anchor: 25 errors (links to headings that do not exist), the first 10:\n  content/en/faq/anchors.md:4:5: link to #nowhere-0:") {
		t.Errorf("errors not grouped:\n%s", out)
	}
	if n := strings.Count(out, "this page has no heading with that id"); n != 10 {
		t.Errorf("%d errors printed, want the first 10:\n%s", n, out)
	}
	if !strings.Contains(out, "kb: 25 errors, 0 warnings (-v prints every error and warning)\n") {
		t.Errorf("summary:\n%s", out)
	}
	if _, out, _ := runKB(t, "check", "-v", "-s", site); strings.Count(out, "this page has no heading with that id") != 25 {
		t.Errorf("-v:\n%s", out)
	}
}

// The reproduction: an HTML file with a script under content/ is
// refused by kb build (exit 1, nothing published) and by kb check, at its
// file and line, with what to do.
func TestScriptUnderContentRefused(t *testing.T) {
	site := writeSite(t, shopSite,
		"content/en/faq/help.html", "<script>alert(document.cookie)</script>\n",
		"content/en/faq/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<rect onload=\"alert(1)\"/>\n</svg>\n")
	for _, cmd := range []string{"build", "check"} {
		code, out, errOut := runKB(t, cmd, "-s", site)
		if code != 1 {
			t.Errorf("kb %s: exit %d, want 1", cmd, code)
		}
		all := out + errOut
		for _, want := range []string{"content/en/faq/help.html:1: not published: HTML under content/", "move trusted files to static/", "content/en/faq/logo.svg:2:1: SVG has an event handler attribute onload="} {
			if !strings.Contains(all, want) {
				t.Errorf("kb %s says nothing like %q:\n%s", cmd, want, all)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(site, "public")); err == nil {
		t.Error("a refused build published the site")
	}
}

// A site moved from Hugo or Zola often links to pages it did not bring
// along: the build fails on them, and says how to publish while the links
// are fixed; with that setting it publishes and warns.
func TestBrokenLinkErrorsSayHowToPublish(t *testing.T) {
	site := writeSite(t, shopSite,
		"content/en/faq/news.md", "+++\ntitle = \"News\"\n+++\nSee [the release](../news/2025/release.md).\n",
		"content/el/faq/news.md", "+++\ntitle = \"Νέα\"\n+++\nΔείτε [την έκδοση](../news/2025/release.md).\n")
	hint := `[build] brokenLinks = "warning" in site.toml`
	code, _, errOut := runKB(t, "build", "-s", site, "--index", "-")
	if code != 1 || !strings.Contains(errOut, "kb: the 2 errors are links to pages that do not exist: fix them, or set "+hint+" to publish while you do\n") {
		t.Errorf("kb build: exit %d, want 1 with the setting that publishes anyway\n%s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(site, "public")); err == nil {
		t.Error("a build with broken links published the site")
	}
	cfg, err := os.ReadFile(filepath.Join(site, "site.toml"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(site, "site.toml"), append(cfg, "\n[build]\nbrokenLinks = \"warning\"\n"...), 0o644)
	code, _, errOut = runKB(t, "build", "-s", site, "--index", "-")
	if code != 0 || strings.Contains(errOut, hint) || !strings.Contains(errOut, `broken link "../news/2025/release.md"`) {
		t.Errorf("with the setting: exit %d, want 0 with the links as warnings\n%s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(site, "public", "en", "faq", "news", "index.html")); err != nil {
		t.Errorf("with the setting the page is not published: %v", err)
	}
}

func TestBrokenLinkErrorsWording(t *testing.T) {
	for _, c := range []struct {
		n, total int
		want     string
	}{
		{1, 1, "the error is a link to a page that does not exist"},
		{2, 2, "the 2 errors are links to pages that do not exist"},
		{1, 3, "1 of the 3 errors is a link to a page that does not exist"},
		{34, 36, "34 of the 36 errors are links to pages that do not exist"},
	} {
		if got := brokenLinkErrors(c.n, c.total); got != c.want {
			t.Errorf("brokenLinkErrors(%d, %d) = %q, want %q", c.n, c.total, got, c.want)
		}
	}
}

// A site moving in uses shortcodes kb has no template for on many pages:
// the default output gives each name one line, with how often and where it
// is used first and what to do, so the list does not bury other warnings;
// -v still prints the warning of every page.
func TestUnknownShortcodesGroupedByName(t *testing.T) {
	files := []string{}
	for i := range 12 {
		name := fmt.Sprintf("content/en/faq/page-%02d.md", i)
		body := "+++\ntitle = \"Page\"\n+++\n{{< carousel >}}\nOne.\n{{< /carousel >}}\n\n{{< carousel >}}\nTwo.\n{{< /carousel >}}\n"
		if i < 3 {
			body += "\n{{% def id=\"acme\" %}}\nACME is a protocol.\n{{% /def %}}\n"
		}
		files = append(files, name, body)
	}
	files = append(files, "content/en/faq/colour.md", "+++\ntitle = \"Colour\"\ncolour = \"blue\"\n+++\nText.\n\n{{< newsletter >}}\n")
	site := writeSite(t, shopSite, files...)
	_, _, errOut := runKB(t, "build", "-s", site, "--index", "-")
	want := `shortcode: 16 warnings (shortcodes removed from the text):
  shortcode "carousel" has no template: 24 uses on 12 pages, the first at content/en/faq/page-00.md:4:1; add layouts/shortcodes/carousel.html, or set [shortcodes] carousel = "inner" or "drop" in site.toml
  shortcode "def" has no template: 3 uses on 3 pages, the first at content/en/faq/page-00.md:12:1; add layouts/shortcodes/def.html, or set [shortcodes] def = "inner" or "drop" in site.toml
  shortcode "newsletter" has no template: 1 use, at content/en/faq/colour.md:7:1; add layouts/shortcodes/newsletter.html, or set [shortcodes] newsletter = "inner" or "drop" in site.toml
content/en/faq/colour.md:3:1: warning: front matter: unknown key "colour": kept as a page param for templates and {{< param >}}, but no template of the site reads it and kb itself does nothing with it (a typo?)
kb: 0 errors, 17 warnings (-v prints every warning; [build] ignore = ["kind"] in site.toml silences a kind)
`
	if errOut != want {
		t.Errorf("grouped shortcodes:\n%s\nwant\n%s", errOut, want)
	}
	_, _, errOut = runKB(t, "build", "-v", "-s", site, "--index", "-")
	if n := strings.Count(errOut, `warning: shortcode "carousel" has no template: removed, inner text kept (2 uses)`); n != 12 {
		t.Errorf("-v: %d carousel warnings, want one per page:\n%s", n, errOut)
	}
	if !strings.Contains(errOut, "content/en/faq/page-02.md:12:1: warning: shortcode \"def\" has no template") {
		t.Errorf("-v does not list each def:\n%s", errOut)
	}
}

// A site moved from Material for MkDocs has icons on many pages, which kb
// leaves out: the default output says so in one line, with how to silence
// it, and [build] ignore = ["icon"] does.
func TestIconShortcodesOneWarning(t *testing.T) {
	var files []string
	for i := range 3 {
		files = append(files, fmt.Sprintf("content/en/faq/icons-%d.md", i),
			"+++\ntitle = \"Icons\"\n+++\n:material-check: Done, :octicons-tag-24: 9.0 and :smile: at 10:30:45.\n")
	}
	site := writeSite(t, shopSite, files...)
	_, _, errOut := runKB(t, "build", "-s", site, "--index", "-")
	want := `icon: 3 warnings (icons left out: kb has no icon font):
  icon shortcodes (:material-…:, :octicons-…:, :fontawesome-…:, :simple-…:) were left out: kb has no icon font: 6 uses on 3 pages, the first at content/en/faq/icons-0.md:4:1; write the icon's meaning in words where it matters; [build] ignore = ["icon"] in site.toml silences this
kb: 0 errors, 3 warnings (-v prints every warning; [build] ignore = ["kind"] in site.toml silences a kind)
`
	if errOut != want {
		t.Errorf("icons:\n%s\nwant\n%s", errOut, want)
	}
	ignoreKind(t, site, "icon")
	if code, _, errOut := runKB(t, "build", "-s", site, "--index", "-"); code != 0 || errOut != "" {
		t.Errorf("ignored icons: exit %d\n%s", code, errOut)
	}
}

// ignoreKind adds [build] ignore = [kind] to the site's site.toml.
func ignoreKind(t *testing.T, site, kind string) {
	t.Helper()
	cfg, err := os.ReadFile(filepath.Join(site, "site.toml"))
	if err != nil {
		t.Fatal(err)
	}
	cfg = fmt.Appendf(cfg, "\n[build]\nignore = [%q]\n", kind)
	if err := os.WriteFile(filepath.Join(site, "site.toml"), cfg, 0o644); err != nil {
		t.Fatal(err)
	}
}

// The languages of the real sites under shared/corpora that had no UI
// strings (Let's Encrypt: hr, si, sr, ta, uz; Organic Maps: af, cy, et, eu,
// gl, lt, ml, mr, oc, te) get none of kb check's UI-string warnings.
func TestCheckCorporaLanguagesHaveUIStrings(t *testing.T) {
	var site strings.Builder
	site.WriteString("-- site.toml --\ndefaultLanguage = \"en\"\n")
	codes := []string{"en", "hr", "si", "sr", "sr-Cyrl", "ta", "uz", "af", "cy", "et", "eu", "gl", "lt", "ml", "mr", "oc", "te"}
	for _, code := range codes {
		site.WriteString("[languages." + code + "]\n")
	}
	for _, code := range codes {
		site.WriteString("-- content/" + code + "/faq/returns.md --\n+++\ntitle = \"Returns\"\n+++\nText.\n")
	}
	code, out, _ := runKB(t, "check", "-v", "-s", writeSite(t, site.String()))
	if code != 0 {
		t.Errorf("exit %d, want 0\n%s", code, out)
	}
	if strings.Contains(out, "i18n/") {
		t.Errorf("UI strings reported missing:\n%s", out)
	}
}
