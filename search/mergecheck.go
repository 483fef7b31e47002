package search

import (
	"context"
	"math"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
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
		if err := ctx.Err(); err != nil {
			return false, err
		}
		if field == "_id" {
			continue
		}
		live, dead, err := liveTerms(r, segs, field, deleted)
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
// A term whose postings, deleted ones included, outnumber the deleted documents has live ones; the others are looked
// up in each segment's dictionary, opened once per field, without deleted documents (segs are r's).
func liveTerms(r index.IndexReader, segs []*scorch.SegmentSnapshot, field string, deleted uint64) (live, dead int, err error) {
	dict, err := r.FieldDict(field)
	if err != nil {
		return 0, 0, err
	}
	defer dict.Close()
	var dicts []segment.TermDictionary
	var pl segment.PostingsList
	for {
		e, err := dict.Next()
		if err != nil || e == nil {
			return live, dead, err
		}
		if e.Count <= deleted {
			if dicts == nil {
				dicts = make([]segment.TermDictionary, len(segs))
				for i, s := range segs {
					if dicts[i], err = s.Segment().Dictionary(field); err != nil {
						return 0, 0, err
					}
				}
			}
			n := uint64(0)
			for i, d := range dicts {
				if pl, err = d.PostingsList([]byte(e.Term), segs[i].Deleted(), pl); err != nil {
					return 0, 0, err
				}
				if n = pl.Count(); n > 0 {
					break
				}
			}
			if n == 0 {
				dead++
				continue
			}
		}
		live++
	}
}
