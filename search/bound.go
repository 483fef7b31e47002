package search

import (
	"context"
	"math"

	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// boundMargin is the room left in a score bound for rounding: bleve computes the scores it bounds in another
// order, as sums of products.
const boundMargin = 1 + 1e-9

// bounder works out the most a clause can add to a document's score, before the query norm (see
// coverSearcher.init): a term scores at most its boost × idf² × the best term score any document has (see
// impactCache.fieldMax); a disjunction at most the sum of its clauses (bleve scales their sum by the share that
// match), a conjunction the sum. Other clauses (fuzzy, prefix) have no bound: +Inf.
type bounder struct {
	ctx     context.Context
	r       index.IndexReader
	impacts *impactCache
	docs    uint64 // the index's documents, once looked up
}

func (b *bounder) bound(q query.Query) (float64, error) {
	if b.impacts == nil {
		return math.Inf(1), nil
	}
	switch q := q.(type) {
	case *query.TermQuery:
		return b.term(q.FieldVal, q.Term, q.Boost())
	case *query.DisjunctionQuery:
		return b.sum(q.Disjuncts)
	case *query.ConjunctionQuery:
		return b.sum(q.Conjuncts)
	}
	return math.Inf(1), nil
}

func (b *bounder) sum(qs []query.Query) (float64, error) {
	total := 0.0
	for _, q := range qs {
		v, err := b.bound(q)
		if err != nil {
			return 0, err
		}
		total += v
	}
	return total, nil
}

// term bounds a term query's score as bleve's TermQueryScorer computes it: idf × tf part × boost × idf × norm.
func (b *bounder) term(field, term string, boost float64) (float64, error) {
	if b.docs == 0 {
		n, err := b.r.DocCount()
		if err != nil {
			return 0, err
		}
		b.docs = n
	}
	// The term's posting count is the impact's, which is looked up for its max anyway: no term field reader to
	// open per query.
	im, err := b.impacts.lookup(b.ctx, b.r, field, term)
	if err != nil {
		return 0, err
	}
	df := im.count
	if df == 0 {
		return 0, nil
	}
	avg, err := avgFieldLength(b.r, field)
	if err != nil {
		return 0, err
	}
	n := float64(b.docs)
	idf := 1 + math.Log(n/float64(df+1))
	if avg > 0 {
		idf = math.Log(1 + (n-float64(df)+0.5)/(float64(df)+0.5))
	}
	return boost * idf * idf * im.max * boundMargin, nil
}
