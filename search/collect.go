package search

import (
	"context"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
)

// checkDoneEvery is how many hits collect takes between looks at whether the search was cancelled, as bleve's
// collector (collector.CheckDoneEvery).
const checkDoneEvery = 1024

// collect runs q for its best size hits, as bleve's SearchInContext does with a TopNCollector sorting by score (the
// same hits, in the same order, with the same total), without what kb does not use of them: bleve's collector
// compares hits through its generic sort order, resets and recycles them through interfaces, and its search sets up
// hybrid-search, facet and cost-accounting machinery per query, which on kb's short searches was about a tenth of
// their time. It returns nil when the index is one collect cannot search as bleve would (see collectable).
func (l *langIndex) collect(ctx context.Context, q *wordsQuery, size int) (*bleve.SearchResult, error) {
	m := l.idx.Mapping()
	if !collectable(m) {
		return nil, nil
	}
	r, err := l.reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	// As SearchInContext: the scoring model term searchers (and directStats) ask for.
	model := index.DefaultScoringModel
	if m.(*mapping.IndexMappingImpl).ScoringModel == index.BM25Scoring {
		model = index.BM25Scoring
	}
	ctx = context.WithValue(ctx, bsearch.GetScoringModelCallbackKey, bsearch.GetScoringModelCallbackFn(func() string { return model }))
	s, err := q.Searcher(ctx, r, m, bsearch.SearcherOptions{})
	if err != nil {
		return nil, err
	}
	hits, total, maxScore, err := topHits(ctx, s, r, size)
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	return &bleve.SearchResult{Status: &bleve.SearchStatus{Total: 1, Successful: 1}, Hits: hits, Total: total, MaxScore: maxScore}, nil
}

// reader opens a reader of the index as it is now; the caller closes it.
func (l *langIndex) reader() (index.IndexReader, error) {
	adv, err := l.idx.Advanced()
	if err != nil {
		return nil, err
	}
	return adv.Reader()
}

// collectable reports whether collect searches an index with mapping m as bleve would: a plain index mapping with no
// synonym sources (with them, SearchInContext looks synonyms up before it builds the searcher).
func collectable(m mapping.IndexMapping) bool {
	im, ok := m.(*mapping.IndexMappingImpl)
	return ok && im.SynonymCount() == 0
}

// topHits takes every hit s finds and keeps the best size, as bleve's TopNCollector sorting by score does: a higher
// score first, and of equal scores the one found first (bleve's HitNumber; s finds documents in index order). The
// hits kept have their external ids; total counts every hit.
func topHits(ctx context.Context, s bsearch.Searcher, r index.IndexReader, size int) (bsearch.DocumentMatchCollection, uint64, float64, error) {
	// The pool starts with room for the hits that fill the window and the one being looked at (bleve's starts with
	// the searcher's DocumentMatchPoolSize besides, which for kb's clauses, most of which use none, was most of the
	// memory a search allocated); it grows if a clause needs more.
	sctx := &bsearch.SearchContext{DocumentMatchPool: bsearch.NewDocumentMatchPool(size+2, 0), IndexReader: r}
	h := make(hitHeap, 0, size)
	var total uint64
	var maxScore float64
	for {
		if total%checkDoneEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, 0, 0, err
			}
		}
		d, err := s.Next(sctx)
		if err != nil {
			return nil, 0, 0, err
		}
		if d == nil {
			break
		}
		total++
		d.HitNumber = total
		maxScore = max(maxScore, d.Score)
		switch {
		case len(h) < size:
			h.push(d)
		case size > 0 && h.worse(h[0], d):
			sctx.DocumentMatchPool.Put(h[0])
			h[0] = d
			h.down(0)
		default:
			sctx.DocumentMatchPool.Put(d)
		}
	}
	// Pop the worst first, filling the page from its end.
	out := make(bsearch.DocumentMatchCollection, len(h))
	for i := len(out) - 1; i >= 0; i-- {
		d := h[0]
		last := len(h) - 1
		h[0] = h[last]
		h = h[:last]
		h.down(0)
		id, err := r.ExternalID(d.IndexInternalID)
		if err != nil {
			return nil, 0, 0, err
		}
		d.ID = id
		out[i] = d
	}
	return out, total, maxScore, nil
}

// hitHeap is a min-heap of hits, the worst at its root.
type hitHeap []*bsearch.DocumentMatch

// worse reports whether a ranks below b: a lower score, or the same found later.
func (hitHeap) worse(a, b *bsearch.DocumentMatch) bool {
	if a.Score != b.Score {
		return a.Score < b.Score
	}
	return a.HitNumber > b.HitNumber
}

func (h *hitHeap) push(d *bsearch.DocumentMatch) {
	*h = append(*h, d)
	s := *h
	for i := len(s) - 1; i > 0; {
		p := (i - 1) / 2
		if !s.worse(s[i], s[p]) {
			break
		}
		s[i], s[p] = s[p], s[i]
		i = p
	}
}

func (h hitHeap) down(i int) {
	for {
		c := 2*i + 1
		if c >= len(h) {
			return
		}
		if c+1 < len(h) && h.worse(h[c+1], h[c]) {
			c++
		}
		if !h.worse(h[c], h[i]) {
			return
		}
		h[i], h[c] = h[c], h[i]
		i = c
	}
}
