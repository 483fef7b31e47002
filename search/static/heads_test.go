package static

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

// TestHeadsSameResults: a one-word search for a word in most documents
// fetches that word's head instead of its whole postings list, and shows
// the same results, in the same order, with the same scores and the same
// count as the whole list does; a search the head cannot answer (several
// words, more results than it holds) fetches the whole list, as before.
// The threshold is lowered so that 3,000 documents have heads, and the
// heads are short so that a page of results often reaches past them.
func TestHeadsSameResults(t *testing.T) {
	docs := synthCorpus(3000, 1)
	withHeads := func(minDocs int) string {
		defer func(docs, postings int) { headMinDocs, headPostings = docs, postings }(headMinDocs, headPostings)
		headMinDocs, headPostings = minDocs, 12
		root := t.TempDir()
		writeIndex(t, root, "en", docs)
		return root
	}
	whole, headed := withHeads(math.MaxInt), withHeads(300)

	w := synthWords(1)
	type query struct {
		q     string
		limit int
		from  string // "h": answered from heads, without a postings chunk; "p": from postings chunks; "": either
	}
	var qs []query
	for i, word := range w[:12] {
		typed := ""
		if i < 3 {
			typed = "h"
		}
		qs = append(qs,
			query{word + " ", 5, "h"},                  // the word alone
			query{word + " ", 10, ""},                  // about as many results as a head holds
			query{word, 6, typed},                      // being typed: its completions are other terms, but for the commonest
			query{word + "ed ", 8, ""},                 // another form of the same term
			query{word + " " + w[i+20] + " ", 10, "p"}, // two words
			query{word + " ", 20, "p"},                 // more results than a head holds
		)
	}
	// A typo of a common word is corrected to it, one term.
	qs = append(qs, query{w[0][:1] + w[0][2:3] + w[0][1:2] + w[0][3:] + " ", 5, "h"})
	run := func(root string) nodeOut {
		var req []map[string]any
		for _, q := range qs {
			req = append(req, map[string]any{"base": "/_kb/search/en/", "q": q.q, "limit": q.limit})
		}
		return runNode(t, root, map[string]any{"queries": req})
	}
	want, got := run(whole), run(headed)
	for i, q := range qs {
		a, b := want.Queries[i], got.Queries[i]
		if a.Total != b.Total || fmt.Sprint(a.Hits) != fmt.Sprint(b.Hits) {
			t.Errorf("%q (limit %d): with heads %d hits %v, with whole lists %d hits %v", q.q, q.limit, b.Total, urls(b.Hits), a.Total, urls(a.Hits))
		}
		if len(a.Hits) < min(q.limit, 5) {
			t.Errorf("%q: %d hits: the query finds too little to compare", q.q, len(a.Hits))
		}
		var kinds []string
		for _, f := range b.Files {
			kinds = append(kinds, strings.Split(strings.TrimPrefix(f[0].(string), "/_kb/search/en/"), "/")[0])
		}
		switch {
		case q.from == "h" && (!slices.Contains(kinds, "h") || slices.Contains(kinds, "p")):
			t.Errorf("%q (limit %d): fetched %v, want a head and no postings chunk", q.q, q.limit, kinds)
		case q.from == "p" && !slices.Contains(kinds, "p"):
			t.Errorf("%q (limit %d): fetched %v, want the postings chunks", q.q, q.limit, kinds)
		}
	}
}

func urls(hits []nodeHit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.URL)
	}
	return out
}

// TestHeadsStayWhenAWordIsNew: a word new to the site, sorting before
// every other, moves every term's ID on; the heads of the chunks it is not
// in must be written as before, so that a build after a small edit does
// not rewrite every head file (a CI deploy uploads what changed). A few
// change all the same, as posting chunks do (a fifth of them here): the new
// page's short title moves the titles' average length, and with it the
// rounding of some weights.
func TestHeadsStayWhenAWordIsNew(t *testing.T) {
	defer func(docs, postings int) { headMinDocs, headPostings = docs, postings }(headMinDocs, headPostings)
	headMinDocs, headPostings = 300, 12
	docs := synthCorpus(3000, 1)
	before := writeIndex(t, t.TempDir(), "en", docs)
	docs = append(docs, Doc{URL: "/zz/new/", Title: "aaaaquux", Body: "aaaaquux"})
	after := writeIndex(t, t.TempDir(), "en", docs)
	heads, same := 0, 0
	for name, data := range before {
		if !strings.Contains(name, "/h/") {
			continue
		}
		heads++
		if string(after[name]) == string(data) {
			same++
		}
	}
	if heads == 0 || 4*same < 3*heads {
		t.Errorf("%d of %d head files changed when one new word was added", heads-same, heads)
	}
}
