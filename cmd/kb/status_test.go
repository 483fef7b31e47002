package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"kb/builder/content"
	"kb/builder/translation"
)

// shopSite is a small help center in English, Greek and Arabic whose Greek
// returns policy is ready to be marked.
const shopSite = `
-- site.toml --
title = "Shop Help"
defaultLanguage = "en"
[languages.en]
weight = 1
[languages.el]
weight = 2
[languages.ar]
weight = 3
-- content/en/_index.md --
+++
title = "Shop Help"
+++
Welcome.
-- content/en/policies/_index.md --
+++
title = "Policies"
type = "policy"
+++
-- content/en/policies/returns.md --
+++
title = "Returns policy"
effective = 2026-03-01
updated = 2026-02-16
+++
You can return items within 30 days.

## Refunds

We refund within 14 days.
-- content/en/faq/shipping.md --
+++
title = "Shipping questions"
translationKey = "shipping-faq"
+++
## How long does delivery take?

Two to four days. See the [returns policy](../policies/returns.md).
-- content/el/_index.md --
+++
title = "Βοήθεια"
+++
Καλώς ήρθατε.
-- content/el/policies/_index.md --
+++
title = "Πολιτικές"
+++
-- content/el/policies/returns.md --
+++
title = "Πολιτική επιστροφών"
effective = 2026-03-01
+++
Μπορείτε να επιστρέψετε προϊόντα μέσα σε 30 ημέρες.

## Επιστροφή χρημάτων

Σε 14 ημέρες.
-- content/ar/_index.md --
+++
title = "المساعدة"
+++
مرحبا.
`

// writeSite writes a txtar site (plus extra files) to a temporary folder.
func writeSite(t *testing.T, archive string, extra ...string) string {
	t.Helper()
	dir := t.TempDir()
	a := txtar.Parse([]byte(archive))
	for i := 0; i+1 < len(extra); i += 2 {
		a.Files = append(a.Files, txtar.File{Name: extra[i], Data: []byte(extra[i+1])})
	}
	for _, f := range a.Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func readFile(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func writeFile(t *testing.T, dir, name, text string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(name)), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// The "done when": the English returns policy changes after the
// Greek one was marked, and kb status lists the Greek page as outdated.
func TestStatusOutdatedAfterSourceChange(t *testing.T) {
	site := writeSite(t, shopSite)

	code, out, errOut := runKB(t, "status", "-s", site)
	if code != 0 {
		t.Fatalf("status: exit %d\n%s", code, errOut)
	}
	for _, want := range []string{
		"el  3/4 current (75%), 0 outdated, 1 missing, 3 untracked\n",
		"    missing:  faq/shipping\n",
		"ar  1/4 current (25%), 0 outdated, 3 missing, 1 untracked\n",
		"    missing:  policies/returns\n",
		"  content/el/policies/returns.md\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("status output lacks %q:\n%s", want, out)
		}
	}

	code, out, errOut = runKB(t, "status", "-s", site, "--mark", "content/el/policies/returns.md")
	if code != 0 {
		t.Fatalf("mark: exit %d\n%s", code, errOut)
	}
	hash := translation.SourceHash(&content.Meta{Title: "Returns policy"}, []byte(strings.SplitN(readFile(t, site, "content/en/policies/returns.md"), "+++\n", 3)[2]))
	if want := "marked content/el/policies/returns.md: translated from content/en/policies/returns.md (" + hash + ")\n"; out != want {
		t.Errorf("mark printed %q, want %q", out, want)
	}
	if el := readFile(t, site, "content/el/policies/returns.md"); !strings.Contains(el, "effective = 2026-03-01\ntranslatedFrom = \""+hash+"\"\n+++\n") {
		t.Errorf("translatedFrom not written:\n%s", el)
	}
	_, out, _ = runKB(t, "status", "-s", site)
	if !strings.Contains(out, "el  3/4 current (75%), 0 outdated, 1 missing, 2 untracked\n") {
		t.Errorf("after marking:\n%s", out)
	}

	// Re-saving the source with CRLF line endings changes nothing.
	en := readFile(t, site, "content/en/policies/returns.md")
	writeFile(t, site, "content/en/policies/returns.md", strings.ReplaceAll(en, "\n", "\r\n")+"\r\n\r\n")
	if _, out, _ = runKB(t, "status", "-s", site); !strings.Contains(out, "0 outdated") {
		t.Errorf("CRLF made the translation outdated:\n%s", out)
	}
	// So does a whitespace-only edit: trailing spaces, a line rewrapped.
	writeFile(t, site, "content/en/policies/returns.md", strings.Replace(strings.Replace(en, "within 14 days", "within\n14 days  ", 1), "You can", "You  can", 1))
	if _, out, _ = runKB(t, "status", "-s", site); !strings.Contains(out, "0 outdated") {
		t.Errorf("a whitespace-only edit made the translation outdated:\n%s", out)
	}

	writeFile(t, site, "content/en/policies/returns.md", strings.Replace(en, "within 14 days", "within 10 days", 1))
	code, out, _ = runKB(t, "status", "-s", site)
	if code != 0 {
		t.Errorf("status with outdated pages: exit %d, want 0", code)
	}
	for _, want := range []string{
		"el  2/4 current (50%), 1 outdated, 1 missing, 2 untracked\n",
		"    outdated: policies/returns\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("status output lacks %q:\n%s", want, out)
		}
	}
}

// returnsSite has an English article and its Arabic and Greek translations,
// not yet marked.
const returnsSite = `
-- site.toml --
defaultLanguage = "en"
[languages.en]
[languages.ar]
[languages.el]
-- content/en/returns/policy.md --
+++
title = "Returns within 14 days"
description = "How to send an item back."
+++
We refund within 14 days.
-- content/ar/returns/policy.md --
+++
title = "الإرجاع خلال 14 يومًا"
+++
نعيد المبلغ خلال 14 يومًا.
-- content/el/returns/policy.md --
+++
title = "Επιστροφές εντός 14 ημερών"
+++
Επιστρέφουμε τα χρήματα εντός 14 ημερών.
`

// Renaming a default-language article makes its translations outdated, in
// kb status and on the translated pages; respacing its title does not.
func TestStatusTitleEdit(t *testing.T) {
	site := writeSite(t, returnsSite)
	if code, _, errOut := runKB(t, "status", "-s", site, "--mark", "content/ar/returns/policy.md", "content/el/returns/policy.md"); code != 0 {
		t.Fatalf("mark: exit %d\n%s", code, errOut)
	}
	en := readFile(t, site, "content/en/returns/policy.md")
	outdatedNotices := func() (ar, el bool) {
		t.Helper()
		out := t.TempDir()
		if code, _, errOut := runKB(t, "build", "-s", site, "-o", out, "--index", "-"); code != 0 {
			t.Fatalf("build: exit %d\n%s", code, errOut)
		}
		return strings.Contains(readFile(t, out, "ar/returns/policy/index.html"), "notice-outdated"),
			strings.Contains(readFile(t, out, "el/returns/policy/index.html"), "notice-outdated")
	}

	writeFile(t, site, "content/en/returns/policy.md", strings.Replace(en, `"Returns within 14 days"`, `"Returns  within 14\tdays "`, 1))
	if _, out, _ := runKB(t, "status", "-s", site); !strings.Contains(out, "ar  1/1 current (100%), 0 outdated") || !strings.Contains(out, "el  1/1 current (100%), 0 outdated") {
		t.Errorf("respacing the title made translations outdated:\n%s", out)
	}
	if ar, el := outdatedNotices(); ar || el {
		t.Errorf("respacing the title: outdated notice on the Arabic page %v, on the Greek page %v; want none", ar, el)
	}

	writeFile(t, site, "content/en/returns/policy.md", strings.Replace(en, "Returns within 14 days", "Returns within 30 days", 1))
	_, out, _ := runKB(t, "status", "-s", site)
	for _, want := range []string{
		"ar  0/1 current (0%), 1 outdated, 0 missing\n    outdated: returns/policy\n",
		"el  0/1 current (0%), 1 outdated, 0 missing\n    outdated: returns/policy\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("after renaming the article, status lacks %q:\n%s", want, out)
		}
	}
	if ar, el := outdatedNotices(); !ar || !el {
		t.Errorf("after renaming the article: outdated notice on the Arabic page %v, on the Greek page %v; want both", ar, el)
	}

	// The description, shown under the title in lists and previews, counts too.
	writeFile(t, site, "content/en/returns/policy.md", strings.Replace(en, "How to send an item back.", "How to send an item back for free.", 1))
	if _, out, _ := runKB(t, "status", "-s", site); !strings.Contains(out, "el  0/1 current (0%), 1 outdated") {
		t.Errorf("after editing the description:\n%s", out)
	}
}

// A translatedFrom written by an older kb (a hash of the body only) keeps a
// translation current after the upgrade; kb status --upgrade replaces it,
// after which a title edit counts.
func TestStatusUpgradeBodyOnlyHashes(t *testing.T) {
	// 056fc2772e is the hash of "We refund within 14 days." alone, as kb
	// wrote it before titles counted.
	site := writeSite(t, strings.Replace(returnsSite, "+++\nΕπιστρέφουμε", "translatedFrom = \"056fc2772e\"\n+++\nΕπιστρέφουμε", 1))
	_, out, _ := runKB(t, "status", "-s", site)
	for _, want := range []string{"el  1/1 current (100%), 0 outdated", "body-only hashes (written by an older kb, without the source's title and description): 1 translation\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("status lacks %q:\n%s", want, out)
		}
	}

	code, out, errOut := runKB(t, "status", "-s", site, "--upgrade")
	if code != 0 || out != "upgraded 1 translation to the hash that counts titles and descriptions\n" {
		t.Fatalf("upgrade: exit %d\n%s%s", code, out, errOut)
	}
	hash := translation.SourceHash(&content.Meta{Title: "Returns within 14 days", Description: "How to send an item back."}, []byte("We refund within 14 days.\n"))
	if el := readFile(t, site, "content/el/returns/policy.md"); !strings.Contains(el, "translatedFrom = \""+hash+"\"\n") {
		t.Errorf("translatedFrom not upgraded to %s:\n%s", hash, el)
	}
	if _, out, _ = runKB(t, "status", "-s", site); !strings.Contains(out, "el  1/1 current (100%), 0 outdated") || strings.Contains(out, "body-only") {
		t.Errorf("after the upgrade:\n%s", out)
	}

	en := readFile(t, site, "content/en/returns/policy.md")
	writeFile(t, site, "content/en/returns/policy.md", strings.Replace(en, "Returns within 14 days", "Returns within 30 days", 1))
	if _, out, _ = runKB(t, "status", "-s", site); !strings.Contains(out, "el  0/1 current (0%), 1 outdated") {
		t.Errorf("a title edit after the upgrade:\n%s", out)
	}
}

func TestStatusJSON(t *testing.T) {
	site := writeSite(t, shopSite)
	writeFile(t, site, "content/el/policies/returns.md", "+++\ntitle = \"Πολιτική\"\ntranslatedFrom = \"0000000000\"\n+++\nΚείμενο.\n")
	code, out, errOut := runKB(t, "status", "--json", "-s", site)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	var r struct {
		DefaultLanguage string
		Sources         int
		Languages       []struct {
			Code                                        string
			Total, Current, Outdated, Missing           int
			Untracked                                   int
			CurrentShare, OutdatedShare, MissingShare   float64
			OutdatedPages, MissingPages, UntrackedPages []map[string]any
		}
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if r.DefaultLanguage != "en" || r.Sources != 4 || len(r.Languages) != 2 || r.Languages[0].Code != "el" {
		t.Fatalf("report %+v", r)
	}
	el := r.Languages[0]
	if el.Total != 4 || el.Current != 2 || el.Outdated != 1 || el.Missing != 1 || el.Untracked != 2 || el.CurrentShare != 0.5 || el.OutdatedShare != 0.25 {
		t.Errorf("el %+v", el)
	}
	o := el.OutdatedPages[0]
	if o["path"] != "policies/returns" || o["kind"] != "article" || o["file"] != "content/el/policies/returns.md" ||
		o["source"] != "content/en/policies/returns.md" || o["line"] != 3.0 || o["translatedFrom"] != "0000000000" {
		t.Errorf("outdated entry %v", o)
	}
	if m := el.MissingPages[0]; m["path"] != "faq/shipping" || m["file"] != nil {
		t.Errorf("missing entry %v", m)
	}
	if !strings.Contains(out, `"untrackedPages": [`) || !strings.Contains(out, `"path": "(home)"`) {
		t.Errorf("JSON lacks the untracked home page:\n%s", out)
	}
	// Empty lists are [] for dashboards, never null.
	if strings.Contains(out, "null") {
		t.Errorf("JSON has null:\n%s", out)
	}
}

// --mark changes one line of the front matter and keeps every other byte.
func TestStatusMarkPreservesBytes(t *testing.T) {
	site := writeSite(t, shopSite)
	hash := translation.SourceHash(&content.Meta{Title: "Returns policy"}, []byte("You can return items within 30 days.\n\n## Refunds\n\nWe refund within 14 days.\n"))
	tests := []struct{ file, before, after string }{
		{"content/el/policies/returns.md",
			"+++\r\ntitle = \"Πολιτική\"   # keep this comment\r\n\r\n[params]\r\nicon = \"box\"\r\n+++\r\n\r\nΚείμενο  \r\n",
			"+++\r\ntitle = \"Πολιτική\"   # keep this comment\r\n\r\ntranslatedFrom = \"" + hash + "\"\r\n[params]\r\nicon = \"box\"\r\n+++\r\n\r\nΚείμενο  \r\n"},
		{"content/ar/policies/returns.md",
			"---\ntitle: 'الإرجاع'\ntags: [a, b]\ntranslatedFrom: 12345\n---\nنص.",
			"---\ntitle: 'الإرجاع'\ntags: [a, b]\ntranslatedFrom: \"" + hash + "\"\n---\nنص."},
	}
	for _, tt := range tests {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(site, tt.file)), 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, site, tt.file, tt.before)
	}
	abs := filepath.Join(site, "content/ar/policies/returns.md")
	code, out, errOut := runKB(t, "status", "--mark", "content/el/policies/returns.md", abs, "-s", site)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	if strings.Count(out, "marked ") != 2 {
		t.Errorf("output:\n%s", out)
	}
	for _, tt := range tests {
		if got := readFile(t, site, tt.file); got != tt.after {
			t.Errorf("%s:\ngot  %q\nwant %q", tt.file, got, tt.after)
		}
	}
	if _, out, _ := runKB(t, "status", "-s", site); !strings.Contains(out, "el  3/4 current (75%), 0 outdated, 1 missing, 2 untracked") {
		// el's returns page is now current and tracked
		t.Errorf("status after marking:\n%s", out)
	}
}

func TestStatusMarkErrors(t *testing.T) {
	site := writeSite(t, shopSite,
		"content/el/orphan.md", "+++\ntitle = \"Μόνο ελληνικά\"\n+++\nΚείμενο.\n",
		"content/el/faq/shipping.md", "+++\ntitle = \"Αποστολή\"\n+++\nΚείμενο.\n",
		"content/el/policies/_index.md", "Χωρίς front matter.\n",
		"content/el/faq/notes.txt", "not a page",
	)
	before := readFile(t, site, "content/el/policies/_index.md")
	code, out, errOut := runKB(t, "status", "-s", site, "--mark",
		"content/en/policies/returns.md", "content/el/orphan.md", "content/el/faq/shipping.md", "content/el/policies/_index.md", "content/el/nope.md", "content/el/faq/notes.txt", "content/el/policies/returns.md")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, want := range []string{
		"content/en/policies/returns.md: cannot mark: it is in the default language (en)",
		`content/el/orphan.md: cannot mark: no en article has the path "orphan"`,
		`content/el/faq/shipping.md: cannot mark: no en article has the path "faq/shipping", so there is no source to compare it with (content/en/faq/shipping.md has translationKey "shipping-faq": give this file the same translationKey)`,
		"content/el/policies/_index.md: the file has no front matter",
		"content/el/nope.md: cannot mark: no such file",
		"content/el/faq/notes.txt: cannot mark: not a page",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if !strings.Contains(out, "marked content/el/policies/returns.md") {
		t.Errorf("the good file was not marked:\n%s", out)
	}
	if readFile(t, site, "content/el/policies/_index.md") != before {
		t.Error("a file without front matter was changed")
	}
}

func TestStatusUsage(t *testing.T) {
	site := writeSite(t, shopSite)
	for _, args := range [][]string{
		{"status", "-s", site, "content/el/x.md"},
		{"status", "-s", site, "--mark"},
		{"status", "-s", site, "--mark", "--json", "content/el/x.md"},
		{"status", "-s", site, "--upgrade", "content/el/x.md"},
		{"status", "-s", site, "--upgrade", "--json"},
		{"status", "--bogus"},
	} {
		if code, _, errOut := runKB(t, args...); code != 2 || !strings.Contains(errOut, "Try: ") {
			t.Errorf("%v: exit %d, want 2 with a hint\n%s", args, code, errOut)
		}
	}
	if code, _, errOut := runKB(t, "status", "-s", t.TempDir()); code != 2 || !strings.Contains(errOut, "no site.toml in ") || !strings.Contains(errOut, "Try: kb init ") {
		t.Errorf("no site: exit %d\n%s", code, errOut)
	}
}

// A page with no default-language page is local-only; one that claims to be
// a translation (translatedFrom) but whose source is not found is said to
// be so by kb status and kb check.
func TestStatusLocalPages(t *testing.T) {
	site := writeSite(t, shopSite,
		"content/ar/returns/riyadh-pickup.md", "+++\ntitle = \"الاستلام من الرياض\"\n+++\nنص.\n",
		"content/el/faq/shipping-questions.md", "+++\ntitle = \"Ερωτήσεις αποστολής\"\ntranslatedFrom = \"0123456789\"\n+++\nΚείμενο.\n",
	)
	_, out, _ := runKB(t, "status", "-s", site)
	for _, want := range []string{
		"    local:    faq/shipping-questions (el only; content/el/faq/shipping-questions.md is a translation whose en source is not found: name it like its source, or give both the same translationKey)\n",
		"    local:    returns/riyadh-pickup (ar only)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("status lacks %q:\n%s", want, out)
		}
	}
	code, out, _ := runKB(t, "check", "-v", "-s", site)
	if code != 0 || !strings.Contains(out, "content/el/faq/shipping-questions.md:3: warning: translatedFrom is set but there is no en page faq/shipping-questions: readers of other languages do not find this page; name the file like its source, or give both the same translationKey\n") ||
		strings.Contains(out, "riyadh-pickup") {
		t.Errorf("check: exit %d\n%s", code, out)
	}
}

// kb status --mark run in the site folder, as writers do, names a missing
// file without a stray "." for the site.
func TestStatusMarkMissingFileInWorkingFolder(t *testing.T) {
	site := writeSite(t, shopSite)
	t.Chdir(site)
	code, _, errOut := runKB(t, "status", "--mark", "content/el/nope.md")
	if want := "content/el/nope.md: cannot mark: no such file\n"; code != 1 || !strings.Contains(errOut, want) {
		t.Errorf("exit %d, want 1 and %q:\n%s", code, want, errOut)
	}
}
