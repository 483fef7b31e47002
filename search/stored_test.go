package search

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
)

// TestStoredFieldsAsBleve checks that storedReader reads the same fields for every hit as bleve's
// LoadAndHighlightFields, in an index that Apply changed (new segments, deleted documents), and that it gives up on a
// document number that names another document than the hit's ID.
func TestStoredFieldsAsBleve(t *testing.T) {
	docs := append(testDocs(), genDocs(50)...)
	_, before := buildTest(t, docs)
	var upserts []Document
	for i, d := range docs {
		if d.Lang == "en" && i%5 == 0 {
			d.Body += " Edited."
			upserts = append(upserts, d)
		}
	}
	ix, err := before.Apply(upserts, map[string][]string{"en": {docs[1].ID}})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	l, r := englishReader(t, ix)
	sr := newStoredReader(r)
	if sr.snap == nil || len(sr.segs) < 2 {
		t.Fatalf("want a scorch reader of several segments, got %d segments", len(sr.segs))
	}
	req := &bleve.SearchRequest{Fields: storedFields}
	direct := 0
	var all []*bsearch.DocumentMatch
	for i, w := range benchWords["en"] {
		if i%4 != 0 {
			continue
		}
		res, err := l.window(context.Background(), &wordsQuery{words: parseQuery(l.analyzer, l.cjk, w, l.rules), limit: 10, impacts: l.impacts.Load()}, 50)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range res.Hits {
			all = append(all, h)
			got := &bsearch.DocumentMatch{ID: h.ID, IndexInternalID: h.IndexInternalID}
			want := &bsearch.DocumentMatch{ID: h.ID, IndexInternalID: h.IndexInternalID}
			if err, _ := bleve.LoadAndHighlightFields(want, req, "", r, nil); err != nil {
				t.Fatal(err)
			}
			if !sr.load(got) {
				continue
			}
			direct++
			if !reflect.DeepEqual(got.Fields, want.Fields) {
				t.Errorf("%s: fields %v, want %v", h.ID, got.Fields, want.Fields)
			}
		}
	}
	if direct == 0 || direct != len(all) {
		t.Fatalf("%d of %d hits' fields read directly, want all", direct, len(all))
	}
	for i := 1; i < len(all); i++ {
		if a, b := all[i-1], all[i]; a.ID != b.ID {
			if sr.load(&bsearch.DocumentMatch{ID: a.ID, IndexInternalID: b.IndexInternalID}) {
				t.Fatalf("read %s's fields for %s", fmt.Sprint(b.IndexInternalID), a.ID)
			}
			break
		}
	}
}
