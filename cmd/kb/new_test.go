package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kb/builder/content"
	"kb/builder/translation"
)

func TestNewBuiltIn(t *testing.T) {
	site := writeSite(t, shopSite)
	today := time.Now().Format(time.DateOnly)
	tests := []struct {
		arg, file string
		want      []string
	}{
		{"account/reset-password", "content/en/account/reset-password.md",
			[]string{"+++\ntitle = \"Reset password\"\n", "updated = " + today + "\n+++\n\nStart with"}},
		{"faq/payments", "content/en/faq/payments.md",
			[]string{"title = \"Payments\"\n", "## Question?\n"}},
		{"policies/privacy-notice.md", "content/en/policies/privacy-notice.md",
			[]string{"title = \"Privacy notice\"\n", "effective = " + today + "\nupdated = " + today + "\n"}},
		{"account/_index", "content/en/account/_index.md",
			[]string{"title = \"Account\"\n"}},
	}
	for _, tt := range tests {
		code, out, errOut := runKB(t, "new", tt.arg, "-s", site)
		if code != 0 {
			t.Errorf("new %s: exit %d\n%s", tt.arg, code, errOut)
			continue
		}
		if want := filepath.Join(site, tt.file) + "\n"; out != want {
			t.Errorf("new %s printed %q, want %q", tt.arg, out, want)
		}
		got := readFile(t, site, tt.file)
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s lacks %q:\n%s", tt.file, w, got)
			}
		}
	}
	if code, out, _ := runKB(t, "check", "-s", site); code != 0 {
		t.Errorf("the new pages do not pass kb check:\n%s", out)
	}
}

func TestNewArchetype(t *testing.T) {
	site := writeSite(t, shopSite,
		"archetypes/faq.md", "+++\ntitle = \"{{.Title}}\"\ntags = [\"{{.Section}}\", \"{{.Lang}}\"]\nupdated = {{.Date}}\n+++\n## What about {{.Slug}}?\n\nAnswer.\n",
		"archetypes/default.md", "---\ntitle: \"{{.Title}}\"\n---\nA {{.Section}} page.\n",
	)
	today := time.Now().Format(time.DateOnly)
	if code, _, errOut := runKB(t, "new", "faq/gift-cards", "-s", site); code != 0 {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	if got, want := readFile(t, site, "content/en/faq/gift-cards.md"), "+++\ntitle = \"Gift cards\"\ntags = [\"faq\", \"en\"]\nupdated = "+today+"\n+++\n## What about gift-cards?\n\nAnswer.\n"; got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if code, _, errOut := runKB(t, "new", "orders/track", "-s", site); code != 0 {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	if got := readFile(t, site, "content/en/orders/track.md"); got != "---\ntitle: \"Track\"\n---\nA orders page.\n" {
		t.Errorf("default archetype: %q", got)
	}

	// A translation keeps the archetype's front matter, not its text.
	if code, _, errOut := runKB(t, "new", "faq/gift-cards", "--lang", "el", "-s", site); code != 0 {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	hash := translation.SourceHash(&content.Meta{Title: "Gift cards"}, []byte("## What about gift-cards?\n\nAnswer.\n"))
	if got, want := readFile(t, site, "content/el/faq/gift-cards.md"), "+++\ntitle = \"Gift cards\"\ntags = [\"faq\", \"el\"]\nupdated = "+today+"\ntranslatedFrom = \""+hash+"\"\n+++\n"; got != want {
		t.Errorf("translation from an archetype:\n%s\nwant\n%s", got, want)
	}

	writeFile(t, site, "archetypes/faq.md", "+++\ntitle = \"{{.Nope}}\"\n+++\n")
	code, _, errOut := runKB(t, "new", "faq/broken", "-s", site)
	if code != 1 || !strings.Contains(errOut, "archetypes/faq.md") {
		t.Errorf("bad archetype: exit %d\n%s", code, errOut)
	}
	writeFile(t, site, "archetypes/faq.md", "+++\ntitle = {{.Title}}\n+++\nText.\n")
	code, _, errOut = runKB(t, "new", "faq/broken", "-s", site)
	if code != 1 || !strings.Contains(errOut, "content/en/faq/broken.md:2") || !strings.Contains(errOut, "not written") {
		t.Errorf("archetype producing bad TOML: exit %d\n%s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(site, "content/en/faq/broken.md")); err == nil {
		t.Error("a broken page was written")
	}
}

// The "done when": kb new scaffolds a translation.
func TestNewTranslation(t *testing.T) {
	site := writeSite(t, shopSite)
	code, out, errOut := runKB(t, "new", "faq/shipping", "--lang", "el", "-s", site)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	file := "content/el/faq/shipping.md"
	if out != filepath.Join(site, file)+"\n" {
		t.Errorf("printed %q", out)
	}
	if !strings.Contains(errOut, "readers see content/en/faq/shipping.md") {
		t.Errorf("no hint on stderr: %q", errOut)
	}
	hash := translation.SourceHash(&content.Meta{Title: "Shipping questions"}, []byte("## How long does delivery take?\n\nTwo to four days. See the [returns policy](../policies/returns.md).\n"))
	want := "+++\ntitle = \"Shipping questions\"\ntranslationKey = \"shipping-faq\"\ntranslatedFrom = \"" + hash + "\"\n+++\n"
	if got := readFile(t, site, file); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}

	// A policy translation keeps the source's dates.
	if code, _, errOut := runKB(t, "new", "policies/returns", "--lang", "AR", "-s", site); code != 0 {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	if got := readFile(t, site, "content/ar/policies/returns.md"); !strings.Contains(got, "title = \"Returns policy\"\neffective = 2026-03-01\nupdated = 2026-02-16\ntranslatedFrom = ") {
		t.Errorf("ar policy:\n%s", got)
	}

	// Until the translation has text it counts as missing; then as current.
	_, out, _ = runKB(t, "status", "-s", site)
	if !strings.Contains(out, "missing:  faq/shipping (stub: content/el/faq/shipping.md)") {
		t.Errorf("the empty translation is not a stub:\n%s", out)
	}
	writeFile(t, site, file, want+"## Πόσο διαρκεί η παράδοση;\n\nΔύο με τέσσερις ημέρες.\n")
	_, out, _ = runKB(t, "status", "-s", site)
	if !strings.Contains(out, "el  4/4 current (100%), 0 outdated, 0 missing, 3 untracked") {
		t.Errorf("the written translation is not current:\n%s", out)
	}
}

func TestNewRefusesToOverwrite(t *testing.T) {
	site := writeSite(t, shopSite)
	before := readFile(t, site, "content/el/policies/returns.md")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"new", "policies/returns", "--lang", "el"}, "content/el/policies/returns.md already exists"},
		{[]string{"new", "policies/returns"}, "content/en/policies/returns.md already exists"},
	} {
		code, _, errOut := runKB(t, append(tt.args, "-s", site)...)
		if code != 1 || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, want 1 with %q\n%s", tt.args, code, tt.want, errOut)
		}
	}
	if readFile(t, site, "content/el/policies/returns.md") != before {
		t.Error("the existing translation changed")
	}
	// A file that is not a loaded page (here: no front matter closing line) is not replaced either.
	os.MkdirAll(filepath.Join(site, "content/ar/policies"), 0o755)
	writeFile(t, site, "content/ar/policies/returns.md", "+++\ntitle = \"x\"\n")
	if code, _, errOut := runKB(t, "new", "policies/returns", "--lang", "ar", "-s", site); code != 1 || !strings.Contains(errOut, "content/ar/policies/returns.md already exists") {
		t.Errorf("exit %d\n%s", code, errOut)
	}
}

// With no default-language page to translate, kb new --lang makes a page
// of that language only, says so, and the build publishes it in that
// language alone.
func TestNewLocalOnly(t *testing.T) {
	site := writeSite(t, shopSite)
	code, out, errOut := runKB(t, "new", "--lang", "ar", "returns/local-pickup", "-s", site)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	file := "content/ar/returns/local-pickup.md"
	if strings.TrimSpace(out) != filepath.Join(site, file) {
		t.Errorf("stdout = %q", out)
	}
	if want := file + " is a page in ar only: there is no en page returns/local-pickup, so only readers of ar see it. To make it a translation instead, create the en page first (kb new returns/local-pickup).\n"; errOut != want {
		t.Errorf("stderr = %q\nwant %q", errOut, want)
	}
	text := readFile(t, site, file)
	if strings.Contains(text, "translatedFrom") || !strings.Contains(text, "title = \"Local pickup\"") {
		t.Errorf("page:\n%s", text)
	}
	writeFile(t, site, file, "+++\ntitle = \"الاستلام من الرياض\"\n+++\nمن نقطة الاستلام في الرياض.\n")
	pub := filepath.Join(t.TempDir(), "public")
	if code, _, errOut := runKB(t, "build", "-s", site, "-o", pub, "--index", "-"); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, errOut)
	}
	if !strings.Contains(readFile(t, pub, "ar/returns/local-pickup/index.html"), "الاستلام من الرياض") {
		t.Error("the Arabic page is not published")
	}
	if _, err := os.Stat(filepath.Join(pub, "en/returns/local-pickup/index.html")); err == nil {
		t.Error("the Arabic-only page is published in English")
	}
	if code, _, errOut := runKB(t, "new", "--lang", "ar", "returns/local-pickup", "-s", site); code != 1 || !strings.Contains(errOut, file+" already exists") {
		t.Errorf("second kb new: exit %d\n%s", code, errOut)
	}
}

func TestNewSuffixLayout(t *testing.T) {
	site := writeSite(t, `
-- site.toml --
defaultLanguage = "en"
[languages.en]
[languages.el]
-- content/faq/returns.md --
+++
title = "Returns"
+++
Text.
-- content/guides/setup/index.md --
+++
title = "Setup"
+++
Text.
`)
	for _, tt := range []struct{ args, file string }{
		{"faq/returns --lang el", "content/faq/returns.el.md"},
		{"guides/setup --lang el", "content/guides/setup/index.el.md"},
		{"faq/exchanges", "content/faq/exchanges.md"},
	} {
		code, out, errOut := runKB(t, append(strings.Fields("new "+tt.args), "-s", site)...)
		if code != 0 || out != filepath.Join(site, tt.file)+"\n" {
			t.Errorf("%s: exit %d, printed %q, want %s\n%s", tt.args, code, out, tt.file, errOut)
		}
	}
}

func TestNewEmptySite(t *testing.T) {
	site := writeSite(t, "-- site.toml --\ntitle = \"New\"\n")
	code, out, errOut := runKB(t, "new", "faq/first", "-s", site)
	if want := filepath.Join(site, "content/en/faq/first.md") + "\n"; code != 0 || out != want {
		t.Errorf("exit %d, printed %q, want %q\n%s", code, out, want, errOut)
	}
}

func TestNewUsage(t *testing.T) {
	site := writeSite(t, shopSite)
	for _, args := range [][]string{
		{"new"},
		{"new", "faq"},
		{"new", "faq/a", "faq/b"},
		{"new", "faq/../x"},
		{"new", "faq/.hidden"},
		{"new", "faq/two words"},
		{"new", "faq/x", "--lang", "xx-nope-9"},
		{"new", "faq/x", "--lang", "de"},
	} {
		if code, _, errOut := runKB(t, append(args, "-s", site)...); code != 2 || !strings.Contains(errOut, "Try: ") {
			t.Errorf("%v: exit %d, want 2 with a hint\n%s", args, code, errOut)
		}
	}
}

// A site whose languages name their folders with contentDir (in site.toml
// or a Hugo configuration) gets new pages in those folders.
func TestNewContentDir(t *testing.T) {
	for _, config := range []string{
		"-- site.toml --\ndefaultLanguage = \"en\"\n[languages.en]\ncontentDir = \"english\"\n[languages.ar]\ncontentDir = \"arabic\"\n",
		"-- hugo.toml --\nbaseURL = \"https://x.example/\"\n[languages.en]\ncontentDir = \"content/english\"\n[languages.ar]\ncontentDir = \"content/arabic\"\n",
	} {
		site := writeSite(t, config+"-- content/english/account/a.md --\n---\ntitle: A\n---\nx\n")
		for _, tt := range []struct{ args, file string }{
			{"account/two-factor", "content/english/account/two-factor.md"},
			{"account/two-factor --lang ar", "content/arabic/account/two-factor.md"},
			{"account/local --lang ar", "content/arabic/account/local.md"},
		} {
			code, out, errOut := runKB(t, append(strings.Fields("new "+tt.args), "-s", site)...)
			if code != 0 || out != filepath.Join(site, tt.file)+"\n" {
				t.Errorf("%s: %s: exit %d, printed %q, want %s\n%s", strings.SplitN(config, "\n", 2)[0], tt.args, code, out, tt.file, errOut)
			}
		}
	}
}

// A site configured by its Hugo file alone hears about that file, not a
// site.toml it does not have.
func TestUnconfiguredLanguageNamesTheConfigFile(t *testing.T) {
	site := writeSite(t, `
-- hugo.toml --
baseURL = "https://x.example/"
[languages.en]
[languages.ar]
-- content/faq/a.md --
---
title: A
---
x
-- content/faq/a.fr.md --
---
title: A
---
x
`)
	if code, _, errOut := runKB(t, "new", "faq/b", "--lang", "fr", "-s", site); code != 2 || !strings.Contains(errOut, `language "fr" is not in hugo.toml [languages] (en, ar)`) {
		t.Errorf("kb new --lang fr: exit %d\n%s", code, errOut)
	}
	code, out, errOut := runKB(t, "check", "-v", "-s", site)
	if code != 0 || !strings.Contains(out+errOut, `content/faq/a.fr.md: warning: language "fr" is not in hugo.toml [languages]; 1 file skipped`) {
		t.Errorf("kb check: exit %d\n%s%s", code, out, errOut)
	}
}

// A writer who gives the file's path (as a shell completes it) rather than
// SECTION/SLUG is told the form to use, with the language of the folder
// named; no page is made under content/<lang>/content/.
func TestNewFilePathIsAUsageError(t *testing.T) {
	site := writeSite(t, shopSite)
	for _, tt := range []struct{ arg, hint string }{
		{"content/el/policies/returns.md", "Try: kb new policies/returns --lang el"},
		{"content/en/faq/delivery.md", "Try: kb new faq/delivery\n"},
		{"./content/ar/faq/_index.md", "Try: kb new faq/_index --lang ar"},
	} {
		code, _, errOut := runKB(t, "new", tt.arg, "-s", site)
		if code != 2 || !strings.Contains(errOut, tt.hint) || !strings.Contains(errOut, "SECTION/SLUG") {
			t.Errorf("new %s: exit %d, want 2 with %q\n%s", tt.arg, code, tt.hint, errOut)
		}
	}
	if _, err := os.Stat(filepath.Join(site, "content/en/content")); err == nil {
		t.Error("kb new made content/en/content/")
	}
}
