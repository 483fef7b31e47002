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
