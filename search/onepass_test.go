package search

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
)

// TestAllWordsFirstInOnePass checks the ranking that used to take three searches: pages with every word first, even
// below pages that say one of the words many times in their title; then pages with some of the words; the total
// counts the pages with every word once they fill a page; a section filter applies to both.
func TestAllWordsFirstInOnePass(t *testing.T) {
	var docs []Document
	add := func(url, section, title, body string) {
		docs = append(docs, Document{ID: url, Lang: "en", URL: url, Title: title, Body: body, Section: section, Kind: "article"})
	}
	add("/en/a/loud-1/", "a", "Warranty warranty warranty", "Warranty terms. Warranty claims. Warranty length.")
	add("/en/a/loud-2/", "b", "Warranty explained", "Warranty warranty warranty.")
	add("/en/a/both/", "a", "About us", "Our lamps come with a warranty, and we repair them.")
	add("/en/a/repair/", "b", "Repairs", "We repair lamps.")
	for i := range 12 {
		add(fmt.Sprintf("/en/a/filler-%d/", i), "c", "Filler", "Nothing to see here.")
	}
	_, ix := buildTest(t, docs)

	res := search(t, ix, Query{Text: "warranty repair ", Lang: "en"})
	got := urls(res)
	if len(got) != 4 || got[0] != "/en/a/both/" {
		t.Fatalf(`"warranty repair": got %q, want the page with both words first, then the three with one`, got)
	}
	if res.Total != 4 {
		t.Errorf("total = %d, want 4: one page has both words, which does not fill a page of results", res.Total)
	}
	for _, h := range res.Hits {
		if h.Score <= 0 || h.Score >= allWordsBonus {
			t.Errorf("%s: score %v, want the relevance score without the ranking tier", h.URL, h.Score)
		}
	}

	res = search(t, ix, Query{Text: "warranty repair ", Lang: "en", Section: "b"})
	if got := urls(res); !slices.Equal(got, []string{"/en/a/repair/", "/en/a/loud-2/"}) && !slices.Equal(got, []string{"/en/a/loud-2/", "/en/a/repair/"}) || res.Total != 2 {
		t.Errorf(`"warranty repair" in section b: got %q (total %d), want its two pages with one word each`, got, res.Total)
	}

	// Twelve pages with both words fill a page: the total is theirs.
	for i := range 12 {
		add(fmt.Sprintf("/en/a/both-%d/", i), "d", "Care", "Warranty and repair.")
	}
	_, ix = buildTest(t, docs)
	res = search(t, ix, Query{Text: "warranty repair ", Lang: "en"})
	if res.Total != 13 {
		t.Errorf("total = %d, want the 13 pages with both words", res.Total)
	}
	for _, h := range res.Hits {
		if !strings.Contains(h.URL, "both") {
			t.Errorf("%s is on the first page of results but lacks a word", h.URL)
		}
	}
}

// TestTyposOnlyForUnknownWords checks that a word the index does not know finds its near spellings in bodies, and so
// does a word in few pages, while a word in many pages does not bring in other words' pages through the body.
func TestTyposOnlyForUnknownWords(t *testing.T) {
	var docs []Document
	add := func(url, title, body string) {
		docs = append(docs, Document{ID: url, Lang: "en", URL: url, Title: title, Body: body, Kind: "article"})
	}
	add("/en/curtains/", "Measuring", "Measure the window before you order curtains.")
	add("/en/certains/", "Notes", "Some certains things about fabric.")
	_, ix := buildTest(t, docs)
	if got := urls(search(t, ix, Query{Text: "windoww ", Lang: "en"})); !slices.Contains(got, "/en/curtains/") {
		t.Errorf(`"windoww": got %q, want the page whose body says "window"`, got)
	}
	// A word in fewer pages than a page of results gets its near spellings in bodies too, as before.
	if got := urls(search(t, ix, Query{Text: "certains ", Lang: "en"})); !slices.Contains(got, "/en/curtains/") {
		t.Errorf(`"certains", in one page: got %q, want the page whose body says "curtains" too`, got)
	}
	for i := range 12 {
		add(fmt.Sprintf("/en/certains-%d/", i), "More notes", "Other certains remarks.")
	}
	_, ix = buildTest(t, docs)
	if got := urls(search(t, ix, Query{Text: "certains ", Lang: "en"})); slices.Contains(got, "/en/curtains/") {
		t.Errorf(`"certains" fills a page of results, yet its near spelling "curtains" in a body matched: %q`, got)
	}
}

// TestSkippingBodiesAnswersAlike checks that leaving out the documents that cannot enter a page of results (see
// coverSearcher: the pages a word's body clause alone would bring in, the clauses skipped once the page's worst
// score is known, the pages with every word once it has them all, the pages whose bound is too low) changes nothing
// but the total: 2,000 searches, of one to three words, with question and filler words, with and without a section,
// get the same hits with the same scores as a search that visits every page (visitAll); and some of them do leave
// pages out, queries with optional words too.
func TestSkippingBodiesAnswersAlike(t *testing.T) {
	docs := genDocs(400)
	// Two words that only bodies have: each alone in many short bodies, which score best, and both together only in
	// long ones. The pages with both are not among either word's best bodies, so a search for both cannot fill a
	// page from those, and must fall back to visiting every page.
	n := len(docs)
	for i := range n {
		if docs[i].Lang == "en" && i%10 == 0 {
			docs[i].Body += " Quokka and zebra."
		}
		if docs[i].Lang == "en" && i%7 == 0 {
			docs[i].Title += " how to"
			docs[i].Body += " Please tell us how."
		}
	}
	for i := range 300 {
		url := fmt.Sprintf("/en/short/%d/", i)
		docs = append(docs, Document{ID: url, Lang: "en", URL: url, Title: "Note", Body: []string{"A quokka.", "A zebra."}[i%2], Kind: "article"})
	}
	_, ix := buildTest(t, docs)
	_, l, _ := ix.lookup("en")
	words := append(benchWords["en"], "zebra", "quokka")
	fillers := []string{"how", "please", "need", "help", "want"}
	skipped, pruned, optionalSkipped, retried := 0, 0, 0, 0
	decoded, undecoded := newImpactCache(), newImpactCache()
	undecoded.undecoded = true
	for i := range 1000 {
		text := words[(i*7)%len(words)]
		if i%3 > 0 {
			text += " " + words[(i*13+5)%len(words)]
		}
		if i%5 == 2 {
			text += " " + words[(i*17+3)%len(words)]
		}
		if i%10 == 0 {
			text = "quokka zebra"
		}
		if i%4 == 3 {
			text = fillers[i%len(fillers)] + " " + text
		}
		if i%4 == 1 {
			text += " "
		}
		section := []string{"", "shipping"}[i%2]
		parsed := parseQuery(l.analyzer, l.cjk, text, l.rules)
		run := func(exhaustive, visitAll bool) (*bleve.SearchResult, queryStats) {
			// The search that visits every page reads every posting list from bleve; the others, the body's from
			// their decoded copies (see postings).
			if visitAll {
				l.impacts.Store(undecoded)
			} else {
				l.impacts.Store(decoded)
			}
			var st queryStats
			q := &wordsQuery{words: parsed, fuzzy: true, limit: 10, section: section, exhaustive: exhaustive, visitAll: visitAll, stats: &st}
			sr, err := l.runWords(context.Background(), q)
			if err != nil {
				t.Fatal(err)
			}
			return sr, st
		}
		want, _ := run(false, true)
		for _, exhaustive := range []bool{false, true} {
			got, st := run(exhaustive, false)
			sameHits(t, fmt.Sprintf("%q in %q (exhaustive %v)", text, section, exhaustive), got, want)
			if got.Total < want.Total {
				skipped++
				if len(required(parsed)) < len(parsed) {
					optionalSkipped++
				}
			}
			if st.pruned > 0 {
				pruned++
			}
			if st.retries > 0 {
				retried++
			}
		}
	}
	if decoded.decoded == 0 || undecoded.decoded != 0 {
		t.Errorf("%d postings decoded, %d by the cache that decodes none; want some, none", decoded.decoded, undecoded.decoded)
	}
	if skipped == 0 || pruned == 0 || optionalSkipped == 0 || retried == 0 {
		t.Errorf("of 2,000 searches, %d left pages out (%d with optional words), %d found pages they did not score, %d ran again without skipping; want some of each", skipped, optionalSkipped, pruned, retried)
	}
	t.Logf("%d of 2,000 searches left pages out (%d with optional words), %d did not score some, %d ran again", skipped, optionalSkipped, pruned, retried)
}

// sameHits fails the test unless got has want's hits, with the same scores.
func sameHits(t *testing.T, what string, got, want *bleve.SearchResult) {
	t.Helper()
	if len(got.Hits) != len(want.Hits) {
		t.Fatalf("%s: %d hits, want %d", what, len(got.Hits), len(want.Hits))
	}
	for j := range got.Hits {
		if g, w := got.Hits[j], want.Hits[j]; g.ID != w.ID || g.Score != w.Score {
			t.Errorf("%s, hit %d: %s %v, want %s %v", what, j+1, g.ID, g.Score, w.ID, w.Score)
		}
	}
}

// TestTieSearches checks that a page whose last hit ties with other pages is ordered by ID from a window that holds the
// tie, whatever its size, at three searches at most (the page, a window twice as large, the largest) and two when the
// tie fits in twice the page, and that stored fields are read for the page's hits only, not for every window's.
func TestTieSearches(t *testing.T) {
	for _, n := range []int{12, 21, 22, 40, 150} {
		var docs []Document
		for i := range n {
			url := fmt.Sprintf("/en/a/%03d/", n-1-i)
			docs = append(docs, Document{ID: url, Lang: "en", URL: url, Title: "Returns", Body: "How returns work.", Kind: "article"})
		}
		// Pages that score lower, so that the tie is not all the index has.
		for i := range 30 {
			url := fmt.Sprintf("/en/b/%03d/", i)
			docs = append(docs, Document{ID: url, Lang: "en", URL: url, Title: "Returns and refunds for parcels", Body: "How returns work, step by step.", Kind: "article"})
		}
		_, ix := buildTest(t, docs)
		_, l, _ := ix.lookup("en")
		var st queryStats
		sr, err := l.runWords(context.Background(), &wordsQuery{words: parseQuery(l.analyzer, l.cjk, "returns ", l.rules), limit: 10, stats: &st})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range sr.Hits {
			got = append(got, h.ID)
		}
		want := []string{"/en/a/000/", "/en/a/001/", "/en/a/002/", "/en/a/003/", "/en/a/004/", "/en/a/005/", "/en/a/006/", "/en/a/007/", "/en/a/008/", "/en/a/009/"}
		if !slices.Equal(got, want) {
			t.Errorf("tie of %d: hits %q, want the tie's first pages by ID %q", n, got, want)
		}
		runs := 3
		if n < 22 {
			runs = 2
		}
		if st.runs != runs || st.loaded != 10 {
			t.Errorf("tie of %d: %d searches and %d documents' stored fields read, want %d searches and the page's 10", n, st.runs, st.loaded, runs)
		}
	}
}

// TestScoreBoundsHold checks the bounds that let coverSearcher skip clauses and documents: no document scores
// above a clause's max, nor above its tail outside its body impact's best documents, nor above an optional
// clause's bound; and a term's max is the score of its best document, not a looser bound.
func TestScoreBoundsHold(t *testing.T) {
	docs := genDocs(300)
	for i := range docs {
		if docs[i].Lang == "en" && i%7 == 0 {
			docs[i].Title += " how to"
		}
	}
	_, ix := buildTest(t, docs)
	l, r := englishReader(t, ix)
	ctx := context.WithValue(context.Background(), bsearch.GetScoringModelCallbackKey,
		bsearch.GetScoringModelCallbackFn(func() string { return index.BM25Scoring }))
	words := benchWords["en"]
	bounded, tight := 0, 0
	for i := range 60 {
		text := words[(i*7)%len(words)] + " " + words[(i*13+5)%len(words)]
		if i%3 == 0 {
			text = "how " + text + " "
		}
		q := &wordsQuery{words: parseQuery(l.analyzer, l.cjk, text, l.rules), fuzzy: true, limit: 10, window: 11, impacts: l.impacts.Load()}
		s, err := q.Searcher(ctx, r, l.idx.Mapping(), bsearch.SearcherOptions{})
		if err != nil {
			t.Fatal(err)
		}
		cs := s.(*coverSearcher)
		sctx := &bsearch.SearchContext{DocumentMatchPool: bsearch.NewDocumentMatchPool(cs.DocumentMatchPoolSize(), 0)}
		// best walks a clause's documents and returns its best score, checking each against the bound for it.
		best := func(what string, c bsearch.Searcher, bound func(n uint64) float64) float64 {
			top := 0.0
			for {
				m, err := c.Next(sctx)
				if err != nil {
					t.Fatal(err)
				}
				if m == nil {
					return top
				}
				n := docNum(m.IndexInternalID)
				if b := bound(n); m.Score > b {
					t.Errorf("%q: %s scores %v in document %d, above its bound %v", text, what, m.Score, n, b)
				}
				top = max(top, m.Score)
				sctx.DocumentMatchPool.Put(m)
			}
		}
		for i := range cs.kids {
			k := &cs.kids[i]
			if math.IsInf(k.max, 1) {
				continue
			}
			bounded++
			top := best(fmt.Sprintf("kid %d (%T)", i, k.s), k.s, func(n uint64) float64 {
				if k.impact != nil && !slices.Contains(k.impact.top, n) {
					return k.tail
				}
				return k.max
			})
			if isTermSearcher(k.s) && top > 0 {
				if top < k.max*(1-1e-6) {
					t.Errorf("%q: kid %d's best score is %v, its bound %v", text, i, top, k.max)
				}
				tight++
			}
		}
		for j, c := range cs.optional {
			best(fmt.Sprintf("optional clause %d", j), c, func(uint64) float64 { return cs.optBound[j] })
		}
		cs.Close()
	}
	if bounded == 0 || tight == 0 {
		t.Errorf("%d clauses bounded, %d of them term clauses with a document: want some", bounded, tight)
	}
}

// TestMaskedBoundsAsKids checks that docBound looking only at the kids on a candidate and the skipped ones finds the
// bounds it finds looking at every kid: the same documents left out, the same hits, scores and totals.
func TestMaskedBoundsAsKids(t *testing.T) {
	docs := genDocs(400)
	for i := range docs {
		if docs[i].Lang == "en" && i%7 == 0 {
			docs[i].Title += " how to"
			docs[i].Body += " Please tell us how."
		}
	}
	_, ix := buildTest(t, docs)
	_, l, _ := ix.lookup("en")
	words := benchWords["en"]
	pruned := 0
	for i := range 600 {
		text := words[(i*7)%len(words)]
		if i%3 > 0 {
			text += " " + words[(i*13+5)%len(words)]
		}
		if i%5 == 2 {
			text += " " + words[(i*17+3)%len(words)]
		}
		if i%4 == 3 {
			text = "how " + text
		}
		if i%4 == 1 {
			text += " "
		}
		section := []string{"", "shipping"}[i%2]
		run := func(unmasked bool) (*bleve.SearchResult, queryStats) {
			var st queryStats
			q := &wordsQuery{words: parseQuery(l.analyzer, l.cjk, text, l.rules), fuzzy: true, limit: 10, section: section, unmasked: unmasked, stats: &st}
			sr, err := l.runWords(context.Background(), q)
			if err != nil {
				t.Fatal(err)
			}
			return sr, st
		}
		want, wst := run(true)
		got, gst := run(false)
		what := fmt.Sprintf("%q in %q", text, section)
		sameHits(t, what, got, want)
		if got.Total != want.Total || gst.cands != wst.cands || gst.pruned != wst.pruned || gst.visited != wst.visited {
			t.Errorf("%s: total %d, %d candidates, %d pruned, %d scored; looking at every kid: %d, %d, %d, %d", what,
				got.Total, gst.cands, gst.pruned, gst.visited, want.Total, wst.cands, wst.pruned, wst.visited)
		}
		if gst.pruned > 0 {
			pruned++
		}
	}
	if pruned == 0 {
		t.Error("no search left documents out: want some")
	}
}
