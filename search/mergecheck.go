package search

import (
	"context"
	"math"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	index "github.com/blevesearch/bleve_index_api"
)

// maxUpdatedSegments bounds the segments an index updated without a merge may have: each one more costs every
// query's term look-ups one more dictionary.
const maxUpdatedSegments = 3

// mergeNeeded reports whether idx, after an update, could answer a query differently from an index of the same
// documents merged into one segment, as a build lays them out; merging a language's whole index again is most of a
// cached build's indexing. Two things can differ:
//   - a term whose every posting was deleted stays in its segment's dictionary, so prefix and fuzzy queries would
//     expand to it, and a clause that matches nothing still lowers the others' scores through the query norm;
//   - bleve's BM25 average field length is ceil(Σ segment dictionary sizes / live documents): a term in two
//     segments counts twice, which may round up to a larger average.
//
// Neither differs when no term died and every field's average rounds alike; then the update is kept unmerged. A
// field's terms are walked once, with the live count of those rare enough that deleted documents may hold all of
// their postings. _id is never scored. Past maxUpdatedSegments it asks for a merge too.
func mergeNeeded(ctx context.Context, idx bleve.Index) (bool, error) {
	adv, err := idx.Advanced()
	if err != nil {
		return false, err
	}
	r, err := adv.Reader()
	if err != nil {
		return false, err
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return true, nil
	}
	segs := snap.Segments()
	deleted := uint64(0)
	for _, s := range segs {
		if d := s.Deleted(); d != nil {
			deleted += d.GetCardinality()
		}
	}
	switch {
	case len(segs) > maxUpdatedSegments:
		return true, nil
	case len(segs) <= 1 && deleted == 0:
		return false, nil
	}
	n, err := r.DocCount()
	if err != nil || n == 0 {
		return true, err
	}
	br, ok := r.(index.BM25Reader)
	if !ok {
		return true, nil
	}
	fields, err := r.Fields()
	if err != nil {
		return false, err
	}
	for _, field := range fields {
		if field == "_id" {
			continue
		}
		live, dead, err := liveTerms(ctx, r, field, deleted)
		if err != nil || dead > 0 {
			return true, err
		}
		card, err := br.FieldCardinality(field)
		if err != nil {
			return false, err
		}
		if math.Ceil(float64(card)/float64(n)) != math.Ceil(float64(live)/float64(n)) {
			return true, nil
		}
	}
	return false, nil
}

// liveTerms counts field's distinct terms over the segments of r that have a live posting, and those that have none.
// A term whose postings, deleted ones included, outnumber the deleted documents has live ones.
func liveTerms(ctx context.Context, r index.IndexReader, field string, deleted uint64) (live, dead int, err error) {
	dict, err := r.FieldDict(field)
	if err != nil {
		return 0, 0, err
	}
	defer dict.Close()
	for {
		e, err := dict.Next()
		if err != nil || e == nil {
			return live, dead, err
		}
		if e.Count <= deleted {
			tfr, err := r.TermFieldReader(ctx, []byte(e.Term), field, false, false, false)
			if err != nil {
				return 0, 0, err
			}
			n := tfr.Count()
			tfr.Close()
			if n == 0 {
				dead++
				continue
			}
		}
		live++
	}
}
