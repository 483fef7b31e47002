package search

import (
	"context"
	"math"
	"reflect"

	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/scorer"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// directTerm is a term clause over the term's decoded posting list (see postings) that scores each posting itself,
// with the formula and the statistics of bleve's TermSearcher and TermQueryScorer, so that its scores are theirs to
// the bit. coverSearcher moves its kids that are directTerms without the DocumentMatch, TermFieldDoc and internal id
// that bleve's searcher fills per posting (see kid.d): on a common word's body clause that was most of a search's
// work. As a bsearch.Searcher it answers as bleve's TermSearcher does.
type directTerm struct {
	p *postings
	i int // the next posting
	// last is the document of the last posting given, if given (see postingsIterator.Advance).
	last  uint32
	given bool
	// As TermQueryScorer: boost, idf and avg (0 scores tf-idf), and queryWeight once the query norm is set.
	boost, idf, avg, queryWeight float64
	// lens are the posting list's length parts, when they were worked out with avg (see postings.lens).
	lens []float64
}

var reflectStaticSizeDirectTerm = int(reflect.TypeOf(directTerm{}).Size())

// termStats are the statistics bleve's term searcher scores a field's terms with: the index's documents and, for
// BM25, the field's average length (0 scores tf-idf).
type termStats struct {
	total uint64
	avg   float64
}

// directStats returns the statistics of field for directTerms, or false when bleve's own searchers must answer: the
// cache keeps no decoded posting lists from r, or the search asks for what directTerm does not give (explanations,
// term vectors, no scores, scores from another index's statistics, synonyms).
func directStats(ctx context.Context, r index.IndexReader, c *impactCache, field string, opts bsearch.SearcherOptions) (termStats, bool, error) {
	if c == nil || c.undecoded || field == "" || opts.Explain || opts.IncludeTermVectors || opts.Score == "none" {
		return termStats{}, false, nil
	}
	if _, ok := r.(scorchReader); !ok || ctx == nil || ctx.Value(bsearch.BM25StatsKey) != nil || ctx.Value(bsearch.FieldTermSynonymMapKey) != nil {
		return termStats{}, false, nil
	}
	// As newTermSearcherFromReader: BM25 when the index's mapping asks for it, else tf-idf.
	model := ""
	if cb, ok := ctx.Value(bsearch.GetScoringModelCallbackKey).(bsearch.GetScoringModelCallbackFn); ok {
		model = cb()
	}
	total, err := r.DocCount()
	if err != nil {
		return termStats{}, false, err
	}
	st := termStats{total: total}
	if model == index.BM25Scoring {
		card, err := r.(index.BM25Reader).FieldCardinality(field)
		if err != nil {
			return termStats{}, false, err
		}
		if total != 0 || card != 0 {
			st.avg = math.Ceil(float64(card) / float64(total))
		}
	}
	return st, true, nil
}

// newDirectTerm returns a directTerm for the term query q, or nil when bleve's own searcher must answer it (see
// directStats), or the term's posting list is not decoded from r. It returns the term's impact too, when it looked
// it up.
func newDirectTerm(ctx context.Context, r index.IndexReader, c *impactCache, q *query.TermQuery, opts bsearch.SearcherOptions) (*directTerm, *bodyImpact, error) {
	st, ok, err := directStats(ctx, r, c, q.FieldVal, opts)
	if !ok || err != nil {
		return nil, nil, err
	}
	return st.term(ctx, r, c, q.FieldVal, q.Term, q.BoostVal.Value())
}

// term returns a directTerm for term in field, or nil when its posting list is not decoded from r.
func (st termStats) term(ctx context.Context, r index.IndexReader, c *impactCache, field, term string, boost float64) (*directTerm, *bodyImpact, error) {
	im, err := c.lookup(ctx, r, field, term)
	if err != nil || im.postings == nil || im.postings.from != r {
		return nil, im, err
	}
	d := &directTerm{p: im.postings, boost: boost, avg: st.avg, queryWeight: 1}
	if p := im.postings; p.lens != nil && p.avg == st.avg {
		d.lens = p.lens
	}
	// As TermQueryScorer.computeIDF.
	total, docTerm := st.total, im.postings.count
	if st.avg > 0 {
		d.idf = math.Log(1 + (float64(total)-float64(docTerm)+0.5)/
			(float64(docTerm)+0.5))
	} else {
		d.idf = 1.0 + math.Log(float64(total)/
			float64(docTerm+1.0))
	}
	return d, im, nil
}

// newDirectPrefix returns the searcher bleve's prefix query builds (NewTermPrefixSearcher: a disjunction of the
// field's terms that start with the prefix), with directTerms for the terms, or nil when bleve's own must answer.
func newDirectPrefix(ctx context.Context, r index.IndexReader, c *impactCache, q *query.PrefixQuery, opts bsearch.SearcherOptions) (bsearch.Searcher, error) {
	st, ok, err := directStats(ctx, r, c, q.FieldVal, opts)
	if !ok || err != nil {
		return nil, err
	}
	field, boost := q.FieldVal, q.BoostVal.Value()
	dict, err := r.FieldDictPrefix(field, []byte(q.Prefix))
	if err != nil {
		return nil, err
	}
	var terms []string
	seen := map[string]struct{}{}
	e, err := dict.Next()
	for err == nil && e != nil {
		if _, dup := seen[e.Term]; !dup {
			seen[e.Term] = struct{}{}
			terms = append(terms, e.Term)
		}
		e, err = dict.Next()
	}
	if cerr := dict.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	if len(terms) == 0 || len(terms) == 1 && terms[0] == q.Prefix {
		// As bleve: the prefix's own term clause.
		d, _, err := st.term(ctx, r, c, field, q.Prefix, boost)
		if err != nil || d == nil {
			return nil, err
		}
		return d, nil
	}
	if searcher.DisjunctionMaxClauseCount != 0 && len(terms) > searcher.DisjunctionMaxClauseCount {
		return nil, nil // bleve's searcher fails, as it should
	}
	qs := make([]bsearch.Searcher, 0, len(terms))
	closeAll := func() {
		for _, s := range qs {
			s.Close()
		}
	}
	for _, t := range terms {
		d, _, err := st.term(ctx, r, c, field, t, boost)
		if err != nil {
			closeAll()
			return nil, err
		}
		if d != nil {
			qs = append(qs, d)
			continue
		}
		ts, err := searcher.NewTermSearcher(ctx, c.reader(r), t, field, boost, opts)
		if err != nil {
			closeAll()
			return nil, err
		}
		qs = append(qs, ts)
	}
	s, err := searcher.NewDisjunctionSearcher(ctx, c.reader(r), qs, 0, opts)
	if err != nil {
		closeAll()
	}
	return s, err
}

// score is TermQueryScorer.Score's score of posting i.
func (d *directTerm) score(i int) float64 {
	var tf float64
	fn := d.p.fn[i]
	if f := fn.freq; f < scorer.MaxSqrtCache {
		tf = scorer.SqrtCache[int(f)]
	} else {
		tf = math.Sqrt(float64(f))
	}
	var score float64
	switch {
	case d.lens != nil:
		// The length part worked out once per distinct norm, with the same operations.
		score = d.idf * (tf * bsearch.BM25_k1) / (tf + d.lens[fn.norm])
	case d.avg > 0:
		norm := float64(d.p.norms[fn.norm])
		fieldLength := 1 / (norm * norm)
		score = d.idf * (tf * bsearch.BM25_k1) /
			(tf + bsearch.BM25_k1*(1-bsearch.BM25_b+(bsearch.BM25_b*fieldLength/d.avg)))
	default:
		norm := float64(d.p.norms[fn.norm])
		score = tf * norm * d.idf
	}
	if d.queryWeight != 1.0 {
		score = score * d.queryWeight
	}
	return score
}

// next moves to the next posting and returns its document, or none; its score is score(d.i-1).
func (d *directTerm) next() uint64 {
	if d.i >= len(d.p.docs) {
		return none
	}
	d.last, d.given = d.p.docs[d.i], true
	d.i++
	return uint64(d.last)
}

// advance moves to the first posting at or after document n, as postingsIterator.Advance does, and returns its
// document as next does.
func (d *directTerm) advance(n uint64) uint64 {
	docs := d.p.docs
	lo, hi := d.i, len(docs)
	if d.given && uint64(d.last) >= n {
		lo = 0
	} else if lo < hi && uint64(docs[lo]) < n {
		step := 1
		for lo+step < hi && uint64(docs[lo+step]) < n {
			lo += step
			step *= 2
		}
		hi = min(hi, lo+step+1)
	}
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if uint64(docs[m]) < n {
			lo = m + 1
		} else {
			hi = m
		}
	}
	d.i = lo
	return d.next()
}

// match returns the document match bleve's searcher returns for document n with the score.
func (d *directTerm) match(ctx *bsearch.SearchContext, n uint64, score float64) *bsearch.DocumentMatch {
	m := ctx.DocumentMatchPool.Get()
	m.Score = score
	m.IndexInternalID = internalIDAppend(m.IndexInternalID, n)
	return m
}

func (d *directTerm) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	n := d.next()
	if n == none {
		return nil, nil
	}
	return d.match(ctx, n, d.score(d.i-1)), nil
}

func (d *directTerm) Advance(ctx *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	n := d.advance(docNum(id))
	if n == none {
		return nil, nil
	}
	return d.match(ctx, n, d.score(d.i-1)), nil
}

// Weight and SetQueryNorm are TermQueryScorer's.
func (d *directTerm) Weight() float64 {
	sum := d.boost * d.idf
	return sum * sum
}

func (d *directTerm) SetQueryNorm(qnorm float64) {
	d.queryWeight = d.boost * d.idf * qnorm
}

func (d *directTerm) Count() uint64              { return d.p.count }
func (d *directTerm) Min() int                   { return 0 }
func (d *directTerm) Size() int                  { return reflectStaticSizeDirectTerm }
func (d *directTerm) DocumentMatchPoolSize() int { return 1 }
func (d *directTerm) Close() error               { return nil }
