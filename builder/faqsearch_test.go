package builder_test

import (
	"context"
	"testing"

	"kb/search"
)

// TestFAQIntroIsFound: the text of an FAQ page before its first question is
// found by search, on the page. A page in a faq folder whose title is the
// question and whose body is the answer, with no ## heading (as Organic
// Maps writes its FAQ, one question a page), is all intro.
func TestFAQIntroIsFound(t *testing.T) {
	_, ix := buildSearchSite(t, map[string]string{
		"site.toml":                   "baseURL = \"https://example.org/\"\ndefaultLanguage = \"en\"\n[languages.en]\n",
		"content/en/_index.md":        "+++\ntitle = \"Help\"\n+++\n",
		"content/en/faq/crash.md":     "+++\ntitle = \"What to do if the app crashes?\"\ndescription = \"Steps to take\"\n+++\nA faulty zanzibar card is the likely cause.\n",
		"content/en/faq/accounts.md":  "+++\ntitle = \"Accounts\"\n+++\nOur quokka desk answers the rest.\n\n## How do I sign in?\n\nWith your wombat key.\n",
		"content/en/faq/_index.md":    "+++\ntitle = \"FAQ\"\n+++\n",
		"content/en/guide/reading.md": "+++\ntitle = \"Reading\"\n+++\nRead it.\n",
	})
	for q, want := range map[string]string{
		"zanzibar": "/en/faq/crash/",
		"quokka":   "/en/faq/accounts/",
		"wombat":   "/en/faq/accounts/#how-do-i-sign-in",
		"steps":    "/en/faq/crash/", // the description, as before
	} {
		res, err := ix.Search(context.Background(), search.Query{Text: q, Lang: "en"})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) == 0 || res.Hits[0].URL != want {
			t.Errorf("%s finds %+v, want %s first", q, res.Hits, want)
		}
	}
}
