package search

import (
	"context"
	"math"
	"reflect"

	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/scorer"
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
}

var reflectStaticSizeDirectTerm = int(reflect.TypeOf(directTerm{}).Size())

// newDirectTerm returns a directTerm for the term query q, or nil when bleve's own searcher must answer it: the
// posting list is not decoded from r, or the search asks for what directTerm does not give (explanations, term
// vectors, no scores, scores from another index's statistics, synonyms).
func newDirectTerm(ctx context.Context, r index.IndexReader, c *impactCache, q *query.TermQuery, opts bsearch.SearcherOptions) (*directTerm, *bodyImpact, error) {
	if c == nil || c.undecoded || q.FieldVal == "" || opts.Explain || opts.IncludeTermVectors || opts.Score == "none" {
		return nil, nil, nil
	}
	if _, ok := r.(scorchReader); !ok || ctx == nil || ctx.Value(bsearch.BM25StatsKey) != nil || ctx.Value(bsearch.FieldTermSynonymMapKey) != nil {
		return nil, nil, nil
	}
	im, err := c.lookup(ctx, r, q.FieldVal, q.Term)
	if err != nil || im.postings == nil || im.postings.from != r {
		return nil, im, err
	}
	// As newTermSearcherFromReader: BM25 when the index's mapping asks for it, else tf-idf.
	model := ""
	if cb, ok := ctx.Value(bsearch.GetScoringModelCallbackKey).(bsearch.GetScoringModelCallbackFn); ok {
		model = cb()
	}
	total, err := r.DocCount()
	if err != nil {
		return nil, nil, err
	}
	avg := 0.0
	if model == index.BM25Scoring {
		card, err := r.(index.BM25Reader).FieldCardinality(q.FieldVal)
		if err != nil {
			return nil, nil, err
		}
		if total != 0 || card != 0 {
			avg = math.Ceil(float64(card) / float64(total))
		}
	}
	d := &directTerm{p: im.postings, boost: q.BoostVal.Value(), avg: avg, queryWeight: 1}
	// As TermQueryScorer.computeIDF.
	docTerm := im.postings.count
	if avg > 0 {
		d.idf = math.Log(1 + (float64(total)-float64(docTerm)+0.5)/
			(float64(docTerm)+0.5))
	} else {
		d.idf = 1.0 + math.Log(float64(total)/
			float64(docTerm+1.0))
	}
	return d, im, nil
}

// score is TermQueryScorer.Score's score of posting i.
func (d *directTerm) score(i int) float64 {
	var tf float64
	if f := d.p.freqs[i]; f < scorer.MaxSqrtCache {
		tf = scorer.SqrtCache[int(f)]
	} else {
		tf = math.Sqrt(float64(f))
	}
	norm := float64(d.p.norms[i])
	var score float64
	if d.avg > 0 {
		fieldLength := 1 / (norm * norm)
		score = d.idf * (tf * bsearch.BM25_k1) /
			(tf + bsearch.BM25_k1*(1-bsearch.BM25_b+(bsearch.BM25_b*fieldLength/d.avg)))
	} else {
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
