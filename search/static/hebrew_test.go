package static

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
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
		{"אישור ", []string{"/he/certificates/what/", "/he/certificates/renew/"}, true},
		{"אישור", []string{"/he/certificates/what/", "/he/certificates/renew/"}, true},
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

// TestHebrewAsTypedFirstJS: a page that has a word as the reader typed it ranks above one that has it only after
// the one-letter words joined to its front, in the browser as on the server, though the other has it more often.
func TestHebrewAsTypedFirstJS(t *testing.T) {
	docs := []Doc{
		{URL: "/he/forms/rest/", Title: "טפסים", Body: "שלחו את הטופס לאישור, ואחרי האישור תקבלו הודעה במייל."},
		{URL: "/he/forms/typed/", Title: "טפסים", Body: "שלחו את הטופס, ואחרי אישור המנהל תקבלו הודעה במייל."},
		{URL: "/he/account/rest/", Title: "פרופיל", Body: "את הפרטים בחשבון משנים מהחשבון, ובחשבון רואים הכול."},
		{URL: "/he/account/typed/", Title: "פרופיל", Body: "את הפרטים משנים מתוך חשבון המשתמש שלכם בכל עת."},
	}
	rules := search.ThesaurusRules("he", thesaurus.Default("he"))
	p := search.ProcliticsOf("he")
	an := Analyzer{Normalize: search.Normalize, Terms: search.Terms, Rules: rules, Proclitics: p.Prefixes, ProcliticRest: p.MinRest}
	root := t.TempDir()
	writeIndexWith(t, root, "he", docs, an)

	var sdocs []search.Document
	for _, d := range docs {
		sdocs = append(sdocs, search.Document{ID: d.URL, Lang: "he", URL: d.URL, Title: d.Title, Body: d.Body, Kind: "article"})
	}
	dir := filepath.Join(t.TempDir(), "index")
	if err := search.Build(context.Background(), dir, sdocs); err != nil {
		t.Fatal(err)
	}
	ix, err := search.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()

	checks := []struct {
		q    string
		urls []string // the hits, in order
	}{
		{"אישור ", []string{"/he/forms/typed/", "/he/forms/rest/"}},
		{"אישור", []string{"/he/forms/typed/", "/he/forms/rest/"}},
		{"חשבון ", []string{"/he/account/typed/", "/he/account/rest/"}},
		{"הודעה אישור ", []string{"/he/forms/typed/", "/he/forms/rest/"}},
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
		if !slices.Equal(browser, c.urls) {
			t.Errorf("search.js %q: %v, want %v", c.q, browser, c.urls)
		}
	}
}

// TestHebrewHeadsAsTyped: a one-word Hebrew search answered from the word's head shows the same results, in the
// same order, as the whole postings list gives, the pages with the word as typed above those that have it only
// after one-letter words joined to its front; a search for a word that no page has, found through its rest, fetches
// the rest's whole list, whose order is not the head's (the rest is not the word typed).
func TestHebrewHeadsAsTyped(t *testing.T) {
	forms := []string{"אישור", "האישור", "לאישור", "באישור", "והאישור"}
	fillers := []string{"שלחו", "בקשה", "מסמך", "חדש", "תוקף", "מערכת", "הודעה", "לקוח", "חשבון", "דומיין"}
	rng := rand.New(rand.NewPCG(5, 6))
	var docs []Doc
	for i := range 400 {
		var words []string
		for range 3 + rng.IntN(20) {
			words = append(words, fillers[rng.IntN(len(fillers))])
		}
		for range 1 + rng.IntN(3) {
			words = append(words, forms[rng.IntN(len(forms))])
		}
		rng.Shuffle(len(words), func(a, b int) { words[a], words[b] = words[b], words[a] })
		docs = append(docs, Doc{URL: fmt.Sprintf("/he/%03d/", i), Title: fillers[i%len(fillers)], Body: strings.Join(words, " ")})
	}
	p := search.ProcliticsOf("he")
	an := Analyzer{Normalize: search.Normalize, Terms: search.Terms, Proclitics: p.Prefixes, ProcliticRest: p.MinRest}
	withHeads := func(minDocs int) string {
		defer func(docs, postings int) { headMinDocs, headPostings = docs, postings }(headMinDocs, headPostings)
		headMinDocs, headPostings = minDocs, 12
		root := t.TempDir()
		writeIndexWith(t, root, "he", docs, an)
		return root
	}
	whole, headed := withHeads(math.MaxInt), withHeads(100)
	qs := []struct {
		q     string
		limit int
		head  bool // answered from a head, without a postings chunk
	}{
		{"אישור ", 5, true},
		{"אישור ", 10, true},
		{"אישור ", 20, false},
		{"האישור ", 5, false},      // the word and its rest
		{"כאישור ", 5, false},      // a word no page has (nor a near spelling): its rest only
		{"אישור חשבון ", 5, false}, // two words
	}
	run := func(root string) nodeOut {
		var req []map[string]any
		for _, q := range qs {
			req = append(req, map[string]any{"base": "/_kb/search/he/", "q": q.q, "limit": q.limit})
		}
		return runNode(t, root, map[string]any{"queries": req})
	}
	want, got := run(whole), run(headed)
	typed := map[string]bool{} // the pages that write אישור as it is
	for _, d := range docs {
		typed[d.URL] = slices.Contains(strings.Fields(d.Body), "אישור")
	}
	for i, q := range qs {
		a, b := want.Queries[i], got.Queries[i]
		if a.Total != b.Total || fmt.Sprint(a.Hits) != fmt.Sprint(b.Hits) {
			t.Errorf("%q (limit %d): with heads %d hits %v, with whole lists %d hits %v", q.q, q.limit, b.Total, urls(b.Hits), a.Total, urls(a.Hits))
		}
		if len(a.Hits) < q.limit {
			t.Errorf("%q: %d hits: the query finds too little to compare", q.q, len(a.Hits))
		}
		var heads, chunks bool
		for _, f := range b.Files {
			heads = heads || strings.Contains(f[0].(string), "/h/")
			chunks = chunks || strings.Contains(f[0].(string), "/p/")
		}
		if q.head != (heads && !chunks) {
			t.Errorf("%q (limit %d): heads fetched %v, postings chunks %v; want a head alone %v", q.q, q.limit, heads, chunks, q.head)
		}
		if q.q == "אישור " {
			for j, h := range a.Hits[1:] {
				if typed[h.URL] && !typed[a.Hits[j].URL] {
					t.Errorf("%q: %s, which has the word as typed, ranks below %s, which does not", q.q, h.URL, a.Hits[j].URL)
				}
			}
		}
	}
}
