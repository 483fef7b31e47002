package search

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/blevesearch/bleve/v2"
)

// TestCollectAsBleve checks that collect keeps the hits bleve's SearchInContext keeps, in the same order, with the
// same scores and total, for windows smaller and larger than the hits, and for scores that tie (pages that differ by
// their URL only).
func TestCollectAsBleve(t *testing.T) {
	docs := genDocs(300)
	for i := range 60 {
		url := fmt.Sprintf("/en/tie/%02d/", 59-i)
		docs = append(docs, Document{ID: url, Lang: "en", URL: url, Title: "Returns", Body: "How returns work.", Kind: "article"})
	}
	_, ix := buildTest(t, docs)
	_, l, _ := ix.lookup("en")
	words := benchWords["en"]
	compared, ties := 0, 0
	for i := range 120 {
		text := words[(i*7)%len(words)]
		if i%2 == 1 {
			text += " " + words[(i*13+5)%len(words)]
		}
		if i%5 == 0 {
			text = "returns"
		}
		section := []string{"", "faq"}[i%3/2]
		for _, size := range []int{2, 11, 400} {
			run := func(own bool) *bleve.SearchResult {
				q := &wordsQuery{words: parseQuery(l.analyzer, l.cjk, text, l.rules), fuzzy: true, limit: 10, section: section,
					impacts: l.impacts.Load(), window: size, floor: math.Inf(-1)}
				var sr *bleve.SearchResult
				var err error
				if own {
					sr, err = l.collect(context.Background(), q, size)
					if sr == nil && err == nil {
						t.Fatal("collect does not search kb's index")
					}
				} else {
					sr, err = l.idx.SearchInContext(context.Background(), bleve.NewSearchRequestOptions(q, size, 0, false))
				}
				if err != nil {
					t.Fatal(err)
				}
				return sr
			}
			got, want := run(true), run(false)
			what := fmt.Sprintf("%q in %q, window %d", text, section, size)
			if got.Total != want.Total {
				t.Errorf("%s: total %d, want %d", what, got.Total, want.Total)
			}
			sameHits(t, what, got, want)
			for j := 1; j < len(got.Hits); j++ {
				if got.Hits[j].Score == got.Hits[j-1].Score {
					ties++
				}
			}
			compared++
		}
	}
	if ties == 0 {
		t.Errorf("%d searches compared, none with hits that tie: want some", compared)
	}
}
