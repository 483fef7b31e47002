package starter

import (
	"strings"
	"testing"
	"time"
)

// Every starter language has every text, and a site in all of them holds
// one home, FAQ and policy per language.
func TestEveryLanguageComplete(t *testing.T) {
	langs := Languages()
	if len(langs) < 4 {
		t.Fatalf("starter languages = %v", langs)
	}
	for _, code := range langs {
		tx, ok := load(code)
		if !ok {
			t.Fatalf("%s does not load", code)
		}
		for name, v := range map[string]string{"title": tx.Title, "home": tx.Home, "faq_section": tx.FAQSection, "policies_section": tx.PoliciesSection,
			"faq_title": tx.FAQTitle, "faq": tx.FAQ, "policy_title": tx.PolicyTitle, "policy": tx.Policy} {
			if strings.TrimSpace(v) == "" {
				t.Errorf("%s: %s is empty", code, name)
			}
		}
		if strings.Count(tx.FAQ, "\n## ") < 2 {
			t.Errorf("%s: the FAQ has fewer than 3 questions", code)
		}
	}
	site, err := New(langs, time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if want := 1 + 5*len(langs); len(site.Files) != want {
		t.Errorf("%d files, want %d", len(site.Files), want)
	}
	if !strings.Contains(string(site.Files["content/en/policies/privacy.md"]), "effective = 2026-12-02\n") {
		t.Error("the policy has no effective date")
	}
	if _, err := New([]string{"en", "EN"}, time.Now()); err == nil {
		t.Error("a language given twice is accepted")
	}
}
