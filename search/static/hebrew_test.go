package static

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"kb/search"
	"kb/search/thesaurus"
)

// hebrewDocs write their words as Hebrew pages do: with ה, ל, ב, ו, ש joined to the front of a word, geresh and
// gershayim, and niqqud here and there.
var hebrewDocs = []Doc{
	{URL: "/he/certificates/renew/", Title: "חידוש האישור", SectionTitle: "אישורים",
		Body: "לפני שתוקף האישור מסתיים, שלחו בקשה לאישור חדש. והאישורים הישנים נמחקים."},
	{URL: "/he/certificates/what/", Title: "מה זה אישור", SectionTitle: "אישורים",
		Body: "אישור הוא קובץ שמוכיח בעלות על הדומיין."},
	{URL: "/he/account/messages/", Title: "הודעות", SectionTitle: "חשבון",
		Body: "המערכת שולחת ללקוח הודעה כשהחשבון נפתח."},
	{URL: "/he/menu/", Title: "תפריט", SectionTitle: "מסעדה",
		Body: "מנת צ׳יפס גדולה, ודו״ח שבועי על ההזמנות."},
	{URL: "/he/refunds/", Title: "זיכוי על הזמנה", SectionTitle: "תשלומים",
		Body: "הַזִּיכּוּי מגיע לכרטיס האשראי תוך 14 יום."},
}

// TestHebrewJS: a Hebrew reader finds a word whatever one-letter words are joined to its front, on the page or in
// the query, and whether geresh and gershayim are typed as such, as ' and ", or not at all: through search.js on
// the static index, which has no Hebrew code of its own, as on the search server, where a page with the word as
// typed ranks above one that has it only after them.
func TestHebrewJS(t *testing.T) {
	rules := search.ThesaurusRules("he", thesaurus.Default("he"))
	p := search.ProcliticsOf("he")
	an := Analyzer{Normalize: search.Normalize, Terms: search.Terms, Rules: rules, Proclitics: p.Prefixes, ProcliticRest: p.MinRest}
	root := t.TempDir()
	writeIndexWith(t, root, "he", hebrewDocs, an)

	var docs []search.Document
	for _, d := range hebrewDocs {
		docs = append(docs, search.Document{ID: d.URL, Lang: "he", URL: d.URL, Title: d.Title, SectionTitle: d.SectionTitle, Body: d.Body, Kind: "article"})
	}
	dir := filepath.Join(t.TempDir(), "index")
	if err := search.Build(context.Background(), dir, docs); err != nil {
		t.Fatal(err)
	}
	ix, err := search.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()

	checks := []struct {
		q      string
		urls   []string // the hits, in this order on the server; in any order in the browser
		server bool     // the browser gives them first, in this order (then, maybe, pages a typo could mean)
	}{
		// אישור: the page that writes it first, then the one with only האישור, לאישור, והאישורים.
		{"אישור ", []string{"/he/certificates/what/", "/he/certificates/renew/"}, false},
		{"אישור", []string{"/he/certificates/what/", "/he/certificates/renew/"}, false},
		{"האישור ", []string{"/he/certificates/renew/", "/he/certificates/what/"}, true},
		{"לאישורים ", []string{"/he/certificates/renew/"}, true},
		{"הלקוח ", []string{"/he/account/messages/"}, true},
		{"בחשבון ", []string{"/he/account/messages/"}, true},
		{"ציפס ", []string{"/he/menu/"}, true},
		{"צ'יפס ", []string{"/he/menu/"}, true},
		{"צ׳יפס ", []string{"/he/menu/"}, true},
		{`דו"ח `, []string{"/he/menu/"}, true},
		{"דוח ", []string{"/he/menu/"}, true},
		{"זיכוי ", []string{"/he/refunds/"}, true},
		// The thesaurus: החזר כספי is זיכוי; איך and של are optional.
		{"החזר כספי ", []string{"/he/refunds/"}, true},
		{"איך מקבלים זיכוי ", []string{"/he/refunds/"}, true},
		{"בדיקה ", nil, true},
	}
	out := searchNode(t, root, len(checks), func(i int) (string, string) { return "he", checks[i].q })
	for i, c := range checks {
		res, err := ix.Search(context.Background(), search.Query{Text: c.q, Lang: "he"})
		if err != nil {
			t.Fatal(err)
		}
		var server, browser []string
		for _, h := range res.Hits {
			server = append(server, h.URL)
		}
		for _, h := range out.Queries[i].Hits {
			browser = append(browser, h.URL)
		}
		if !slices.Equal(server, c.urls) {
			t.Errorf("server %q: %v, want %v", c.q, server, c.urls)
		}
		if !c.server {
			browser = slices.Sorted(slices.Values(browser))
			want := slices.Sorted(slices.Values(c.urls))
			if !slices.Equal(browser, want) {
				t.Errorf("search.js %q: %v, want %v in any order", c.q, browser, c.urls)
			}
		} else if len(browser) < len(c.urls) || !slices.Equal(browser[:len(c.urls)], c.urls) || c.urls == nil && browser != nil {
			t.Errorf("search.js %q: %v, want %v", c.q, browser, c.urls)
		}
	}
}
