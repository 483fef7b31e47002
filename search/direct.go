package search

import (
	"context"
	"math"
	"reflect"
	"sort"

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
	if o := directOrOf(qs); o != nil {
		return o, nil
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
	d.i = d.p.seek(d.i, d.given, d.last, n)
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

// directOr is bleve's disjunction of a few direct term clauses (DisjunctionSliceSearcher, which bleve builds for up
// to DisjunctionHeapTakeover clauses): the same documents, each scored as the sum of the clauses on it, added in the
// same order, times the share of clauses that are. coverSearcher moves a kid that is a directOr without a
// DocumentMatch per clause and document (see kid.o); as a bsearch.Searcher it answers as bleve's does.
type directOr struct {
	kids []*directTerm // in the order bleve's disjunction holds them (by count)
	at   []uint64      // each clause's current document, none once done
	cur  uint64        // the smallest of at: the disjunction's current document
	// started is set once the clauses are on their first documents.
	started bool
	coord   []float64
}

var reflectStaticSizeDirectOr = int(reflect.TypeOf(directOr{}).Size())

// newDirectOr returns the disjunction of qs, which must all be directTerms, no more than DisjunctionHeapTakeover;
// it normalizes their weights together, as bleve's disjunction does when it is made.
func newDirectOr(qs []bsearch.Searcher) *directOr {
	list := make(searcher.OrderedSearcherList, len(qs))
	copy(list, qs)
	sort.Sort(list)
	o := &directOr{kids: make([]*directTerm, len(list)), at: make([]uint64, len(list)), cur: none, coord: coords(len(list))}
	for i, s := range list {
		o.kids[i] = s.(*directTerm)
	}
	o.SetQueryNorm(1.0 / math.Sqrt(o.Weight()))
	return o
}

// directOrOf returns the disjunction of qs as a directOr when bleve's would be a DisjunctionSliceSearcher of
// directTerms (see newDirectOr), or nil.
func directOrOf(qs []bsearch.Searcher) *directOr {
	if len(qs) == 0 || len(qs) > searcher.DisjunctionHeapTakeover {
		return nil
	}
	for _, s := range qs {
		if _, ok := s.(*directTerm); !ok {
			return nil
		}
	}
	return newDirectOr(qs)
}

// first puts the clauses on their first documents.
func (o *directOr) first() uint64 {
	o.started = true
	for i, k := range o.kids {
		o.at[i] = k.next()
	}
	return o.least()
}

func (o *directOr) least() uint64 {
	o.cur = none
	for _, at := range o.at {
		o.cur = min(o.cur, at)
	}
	return o.cur
}

// next moves past the current document and returns the next, or none.
func (o *directOr) next() uint64 {
	if !o.started {
		return o.first()
	}
	n := o.cur
	for i, k := range o.kids {
		if o.at[i] == n {
			o.at[i] = k.next()
		}
	}
	return o.least()
}

// advance moves to the first document at or after n and returns it, or none.
func (o *directOr) advance(n uint64) uint64 {
	if !o.started {
		o.first()
	}
	for i, k := range o.kids {
		if o.at[i] < n {
			o.at[i] = k.advance(n)
		}
	}
	return o.least()
}

// score is DisjunctionQueryScorer's score of the current document: the clauses' scores added in their order, times
// the share of clauses on it.
func (o *directOr) score() float64 {
	var sum float64
	m := 0
	for i, k := range o.kids {
		if o.at[i] == o.cur {
			sum += k.score(k.i - 1)
			m++
		}
	}
	return sum * o.coord[m]
}

func (o *directOr) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	if !o.started {
		o.first()
	}
	return o.consume(ctx), nil
}

func (o *directOr) Advance(ctx *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	o.advance(docNum(id))
	return o.consume(ctx), nil
}

// consume returns the current document's match and moves past it, as bleve's disjunction's Next does.
func (o *directOr) consume(ctx *bsearch.SearchContext) *bsearch.DocumentMatch {
	n := o.cur
	if n == none {
		return nil
	}
	m := o.kids[0].match(ctx, n, o.score())
	o.next()
	return m
}

// Weight and SetQueryNorm are DisjunctionSliceSearcher's.
func (o *directOr) Weight() float64 {
	var w float64
	for _, k := range o.kids {
		w += k.Weight()
	}
	return w
}

func (o *directOr) SetQueryNorm(qnorm float64) {
	for _, k := range o.kids {
		k.SetQueryNorm(qnorm)
	}
}

func (o *directOr) Count() uint64 {
	var n uint64
	for _, k := range o.kids {
		n += k.Count()
	}
	return n
}

func (o *directOr) Min() int     { return 0 }
func (o *directOr) Close() error { return nil }
func (o *directOr) Size() int {
	n := reflectStaticSizeDirectOr
	for _, k := range o.kids {
		n += k.Size()
	}
	return n
}
func (o *directOr) DocumentMatchPoolSize() int { return 2 * len(o.kids) }
