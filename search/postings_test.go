package search

import (
	"context"
	"math/rand/v2"
	"testing"

	index "github.com/blevesearch/bleve_index_api"
)

// TestPostingsReadAsBleve checks that a body term's decoded posting list gives what bleve's reader gives: the same
// documents, frequencies and norms, from Next and from Advance to any document, before, at or past where the
// reader stands.
func TestPostingsReadAsBleve(t *testing.T) {
	_, ix := buildTest(t, genDocs(300))
	l, _ := ix.lookup("en")
	adv, err := l.idx.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	ctx := context.Background()
	c := newImpactCache()
	// Most lists are kept off the heap, as long ones are on a large site.
	defer func(n int) { offHeapPostings = n }(offHeapPostings)
	offHeapPostings = 20
	offHeap := 0
	rng := rand.New(rand.NewPCG(1, 2))
	checked := 0
	for _, w := range benchWords["en"] {
		words := parseQuery(l.analyzer, l.cjk, w, nil)
		if len(words) == 0 {
			continue
		}
		stem := words[0].stem
		im, err := c.get(ctx, r, stem)
		if err != nil {
			t.Fatal(err)
		}
		if im.postings == nil {
			t.Fatalf("%q: no postings decoded", stem)
		}
		if len(im.postings.docs) >= offHeapPostings {
			offHeap++
		}
		pr := readerFor(r, stem, im)
		if pr == r {
			t.Fatalf("%q: the postings are not read from their copy", stem)
		}
		last := uint64(0)
		if n := len(im.postings.docs); n > 0 {
			last = uint64(im.postings.docs[n-1])
		}
		for round := range 20 {
			want, err := r.TermFieldReader(ctx, []byte(stem), fieldBody, true, true, false)
			if err != nil {
				t.Fatal(err)
			}
			got, err := pr.TermFieldReader(ctx, []byte(stem), fieldBody, true, true, false)
			if err != nil {
				t.Fatal(err)
			}
			if got.Count() != want.Count() {
				t.Fatalf("%q: count %d, want %d", stem, got.Count(), want.Count())
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
	if checked < 1000 || offHeap < 10 {
		t.Errorf("%d postings compared, %d lists off the heap; want more", checked, offHeap)
	}
}
