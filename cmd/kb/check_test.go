package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckClean(t *testing.T) {
	site := writeSite(t, shopSite)
	code, out, errOut := kb(t, "check", "-s", site)
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
	code, out, _ := kb(t, "check", "-s", site)
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

func TestCheckOutdatedAndUIStrings(t *testing.T) {
	site := writeSite(t, strings.Replace(shopSite, "[languages.ar]\nweight = 3\n", "[languages.ar]\nweight = 3\n[languages.vi]\nweight = 4\n[languages.ka]\nweight = 5\n", 1),
		"i18n/vi.toml", "search_button = \"Tìm kiếm\"\n",
		"content/el/faq/shipping.md", "+++\ntitle = \"Ερωτήσεις αποστολής\"\ntranslationKey = \"shipping-faq\"\n\ntranslatedFrom = \"0000000000\"\n+++\n## Πόσο διαρκεί η παράδοση;\n\nΔύο με τέσσερις ημέρες.\n",
	)
	code, out, _ := kb(t, "check", "-s", site)
	if code != 1 {
		t.Errorf("exit %d, want 1 (warnings are findings)", code)
	}
	for _, want := range []string{
		"content/el/faq/shipping.md:5: warning: translation is outdated: its source changed since translatedFrom; update it from content/en/faq/shipping.md, then run kb status --mark content/el/faq/shipping.md\n",
		"i18n/ka.toml: warning: no UI strings for ქართული (ka) in the site or the theme",
		`i18n/vi.toml: warning: missing UI string "`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, `i18n/vi.toml: warning: missing UI string "search_button"`) {
		t.Errorf("a string the site translates is reported missing:\n%s", out)
	}
	if strings.Contains(out, "i18n/el.toml") || strings.Contains(out, "i18n/ar.toml") || strings.Contains(out, "i18n/en.toml") {
		t.Errorf("languages the theme translates are reported:\n%s", out)
	}
	if strings.Count(out, "\ni18n/ka.toml:") != 1 {
		t.Errorf("a language with no file gets one warning:\n%s", out)
	}
}

func TestCheckUsage(t *testing.T) {
	if code, _, errOut := kb(t, "check", "extra"); code != 2 || !strings.Contains(errOut, "Try: ") {
		t.Errorf("exit %d\n%s", code, errOut)
	}
	if code, out, _ := kb(t, "check", "-s", t.TempDir()); code != 1 || !strings.Contains(out, "site.toml: no site.toml here") {
		t.Errorf("no site: exit %d\n%s", code, out)
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
		code, out, errOut := kb(t, cmd, "-s", site)
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
