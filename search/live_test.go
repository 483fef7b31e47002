package search

import (
	"context"
	"fmt"
	"testing"
)

// TestApplyAnswersAsUpdate: an index changed in memory by Apply answers as
// the same change written by Update and opened from disk does: an edited
// page is found by its new words and no longer by its old ones, a deleted
// one is gone, a new one is found, and untouched languages answer as
// before. Answers cached by build id cannot leak across: Apply names a new
// build. Reopen after the Update reads the changed language from disk.
func TestApplyAnswersAsUpdate(t *testing.T) {
	dir, before := buildTest(t, testDocs())
	upserts := []Document{
		{ID: "/en/shipping/", Lang: "en", URL: "/en/shipping/", Title: "Shipping options", Section: "shipping",
			SectionTitle: "Shipping", Kind: "article", Body: "We ship by zeppelin to over 40 countries."},
		{ID: "/en/gift-cards/", Lang: "en", URL: "/en/gift-cards/", Title: "Gift cards", Kind: "article", Body: "Gift cards never expire."},
	}
	deletes := map[string][]string{"en": {"/en/security/"}}
	queries := []Query{
		{Text: "zeppelin", Lang: "en"}, {Text: "express", Lang: "en"}, {Text: "gift", Lang: "en"},
		{Text: "password", Lang: "en"}, {Text: "ship", Lang: "en"}, {Text: "refund", Lang: "en"},
		{Text: "επιστροφη", Lang: "el"}, {Text: "التوصيل", Lang: "ar"},
	}
	answers := func(ix *Index) string {
		var s string
		for _, q := range queries {
			s += fmt.Sprintf("%s: %q\n", q.Text, urls(search(t, ix, q)))
		}
		return s
	}
	old := answers(before)

	live, err := before.Apply(upserts, deletes)
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	if live.BuildID() == before.BuildID() {
		t.Error("Apply kept the build id: cached answers would outlive the change")
	}
	if err := Update(context.Background(), dir, upserts, deletes); err != nil {
		t.Fatal(err)
	}
	disk, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer disk.Close()
	got, want := answers(live), answers(disk)
	if got != want {
		t.Errorf("in memory:\n%s\nfrom disk:\n%s", got, want)
	}
	if got == old {
		t.Errorf("Apply changed no answer:\n%s", got)
	}

	reopened, err := live.Reopen(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer reopened.Close()
	if reopened.langs["en"] == live.langs["en"] || reopened.langs["el"] != live.langs["el"] {
		t.Error("Reopen after Apply and Update: want en read from disk, el shared")
	}
	if got := answers(reopened); got != want {
		t.Errorf("reopened:\n%s\nfrom disk:\n%s", got, want)
	}

	if _, err := live.Apply([]Document{{ID: "/de/x/", Lang: "xx", URL: "/xx/x/", Title: "X"}}, nil); err == nil {
		t.Error("Apply to a language the index lacks: no error")
	}
}
