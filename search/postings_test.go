package search

import (
	"context"
	"math/rand/v2"
	"runtime"
	"testing"

	index "github.com/blevesearch/bleve_index_api"
)

// TestPostingsReadAsBleve checks that a term's decoded posting list, in the body or another field, gives what bleve's reader gives: the same
// documents, frequencies and norms, from Next and from Advance to any document, before, at or past where the
// reader stands.
func TestPostingsReadAsBleve(t *testing.T) {
	_, ix := buildTest(t, genDocs(300))
	l, r := englishReader(t, ix)
	ctx := context.Background()
	c := newImpactCache()
	// Small slabs, so that the lists fill several, and some have their own.
	defer func(n int) { slabBytes = n }(slabBytes)
	slabBytes = 4096
	ownSlab := 0
	rng := rand.New(rand.NewPCG(1, 2))
	checked := 0
	type fieldTerm struct{ field, term string }
	var terms []fieldTerm
	for _, w := range benchWords["en"] {
		words := parseQuery(l.analyzer, l.cjk, w, nil)
		if len(words) == 0 {
			continue
		}
		terms = append(terms, fieldTerm{fieldBody, words[0].stem}, fieldTerm{fieldTitle, words[0].stem}, fieldTerm{fieldTitleX, words[0].surface})
	}
	terms = append(terms, fieldTerm{fieldSection, "shipping"}, fieldTerm{fieldBody, "nosuchword"})
	pr := c.reader(r)
	if pr == r {
		t.Fatal("the postings are not read from their copies")
	}
	for _, ft := range terms {
		field, stem := ft.field, ft.term
		// The reader decodes the list the first time it is asked for it.
		if _, err := pr.TermFieldReader(ctx, []byte(stem), field, true, true, false); err != nil {
			t.Fatal(err)
		}
		im, err := c.lookup(ctx, r, field, stem)
		if err != nil {
			t.Fatal(err)
		}
		if im.postings == nil {
			t.Fatalf("%s %q: no postings decoded", field, stem)
		}
		if lensExact && len(im.postings.docs) > 0 && len(im.postings.lens) != len(im.postings.norms) {
			t.Fatalf("%s %q: %d length parts for %d norms", field, stem, len(im.postings.lens), len(im.postings.norms))
		}
		if 12*len(im.postings.docs) > slabBytes/4 {
			ownSlab++
		}
		last := uint64(0)
		if n := len(im.postings.docs); n > 0 {
			last = uint64(im.postings.docs[n-1])
		}
		for round := range 20 {
			want, err := r.TermFieldReader(ctx, []byte(stem), field, true, true, false)
			if err != nil {
				t.Fatal(err)
			}
			got, err := pr.TermFieldReader(ctx, []byte(stem), field, true, true, false)
			if err != nil {
				t.Fatal(err)
			}
			if _, decoded := got.(*postingsIterator); !decoded {
				t.Fatalf("%s %q: read from the index, not the copy", field, stem)
			}
			if got.Count() != want.Count() || im.count != want.Count() {
				t.Fatalf("%s %q: count %d (impact %d), want %d", field, stem, got.Count(), im.count, want.Count())
			}
			var gd, wd index.TermFieldDoc
			var buf [8]byte
			for step := 0; step < 200; step++ {
				var g, w *index.TermFieldDoc
				var gerr, werr error
				if round == 0 || rng.IntN(3) == 0 {
					g, gerr = got.Next(gd.Reset())
					w, werr = want.Next(wd.Reset())
				} else {
					n := rng.Uint64N(last + 3)
					g, gerr = got.Advance(internalID(&buf, n), gd.Reset())
					w, werr = want.Advance(internalID(&buf, n), wd.Reset())
				}
				if gerr != nil || werr != nil {
					t.Fatal(gerr, werr)
				}
				if (g == nil) != (w == nil) {
					t.Fatalf("%q, round %d, step %d: got %v, want %v", stem, round, step, g, w)
				}
				if g == nil {
					if round == 0 {
						break
					}
					continue
				}
				if !g.ID.Equals(w.ID) || g.Freq != w.Freq || g.Norm != w.Norm {
					t.Fatalf("%q, round %d, step %d: got %x %d %v, want %x %d %v", stem, round, step, g.ID, g.Freq, g.Norm, w.ID, w.Freq, w.Norm)
				}
				checked++
			}
			got.Close()
			want.Close()
		}
	}
	if runtime.GOARCH == "amd64" && !lensExact {
		t.Log("length parts are not worked out ahead: the build may fuse multiplies and adds")
	}
	if checked < 1000 || ownSlab < 10 {
		t.Errorf("%d postings compared, %d lists in slabs of their own; want more", checked, ownSlab)
	}
}
