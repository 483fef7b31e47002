package search

import (
	"context"
	"math"
	"slices"
	"sync"

	bsearch "github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
)

// impactDocs is how many of a body term's best-scoring documents bodyImpact lists: more than a page of results
// with its tie window (see langIndex.search), so that a word found only in bodies still fills the window from them.
const impactDocs = 64

// maxImpactTies bounds the documents listed past impactDocs because they score as well as the last one.
const maxImpactTies = 4 * impactDocs

// maxImpacts bounds the terms an impactCache keeps (about 600 bytes each).
const maxImpacts = 50_000

// bodyImpact tells, for one term of the body field, which documents it scores best in and how well it can score in
// any other: BM25 scores a term in a document by its frequency there and the body's length only, so those
// documents and that bound hold for every query. They let a search skip the term's long posting list (see
// coverSearcher).
type bodyImpact struct {
	top  []uint64 // the numbers of the impactDocs documents with the highest term score, in index order
	tail float64  // the highest term score (tf·k1 / (tf + k1·length norm), before idf and boosts) of the others
	max  float64  // the highest term score of all (top's best)
	// count is the number of documents with the term, as the index reader counts them.
	count uint64
	// postings, if not nil, is the term's posting list, decoded (see postings).
	postings *postings
}

// impactCache keeps the bodyImpact of the terms queries asked for, per language index. The index is read-only, so
// they never go stale; a new build is opened as a new Index, with a new cache.
type impactCache struct {
	mu    sync.Mutex
	terms map[impactKey]*bodyImpact
	// decoded counts the postings the terms keep decoded, up to maxCachedPostings.
	decoded int
	slabs   slabs // where the decoded lists are
	// undecoded keeps no posting list: tests compare the searches that read them from bleve with those that do not.
	undecoded bool
}

type impactKey struct{ field, term string }

func newImpactCache() *impactCache { return &impactCache{terms: map[impactKey]*bodyImpact{}} }

// get returns the body term's impact, reading its posting list once if no query asked for it before.
func (c *impactCache) get(ctx context.Context, r index.IndexReader, term string) (*bodyImpact, error) {
	return c.lookup(ctx, r, fieldBody, term)
}

// fieldMax returns the highest term score (as bodyImpact.max) of the term in any document's field: with idf and
// boosts, the most the term can add to a document's score (see coverSearcher).
func (c *impactCache) fieldMax(ctx context.Context, r index.IndexReader, field, term string) (float64, error) {
	im, err := c.lookup(ctx, r, field, term)
	if err != nil {
		return 0, err
	}
	return im.max, nil
}

// lookup returns the cached impact of the term in field, reading its posting list if no query asked for it before:
// for the body, its best documents and the bound of the others; for other fields, max alone.
func (c *impactCache) lookup(ctx context.Context, r index.IndexReader, field, term string) (*bodyImpact, error) {
	key := impactKey{field, term}
	c.mu.Lock()
	im, ok := c.terms[key]
	c.mu.Unlock()
	if ok {
		return im, nil
	}
	var err error
	c.mu.Lock()
	var keep *slabs
	if c.decoded < maxCachedPostings && !c.undecoded {
		keep = &c.slabs
	}
	c.mu.Unlock()
	if field == fieldBody {
		im, err = readImpact(ctx, r, term, keep)
	} else {
		im, err = readMax(ctx, r, field, term, keep)
	}
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if len(c.terms) >= maxImpacts {
		clear(c.terms)
		c.decoded = 0
	}
	if im.postings != nil {
		c.decoded += len(im.postings.docs)
	}
	c.terms[key] = im
	c.mu.Unlock()
	return im, nil
}

// readMax scores the term in every document of its posting list in field, as readImpact does, and keeps the best
// score only, and with keep the posting list, decoded.
func readMax(ctx context.Context, r index.IndexReader, field, term string, keep *slabs) (*bodyImpact, error) {
	avg, err := avgFieldLength(r, field)
	if err != nil {
		return nil, err
	}
	tfr, err := r.TermFieldReader(ctx, []byte(term), field, true, true, false)
	if err != nil {
		return nil, err
	}
	defer tfr.Close()
	pb := newPostingsBuilder(r, tfr.Count(), keep, avg)
	im := &bodyImpact{count: tfr.Count()}
	var doc index.TermFieldDoc
	for {
		d, err := tfr.Next(doc.Reset())
		if err != nil {
			return nil, err
		}
		if d == nil {
			im.postings = pb.done()
			return im, nil
		}
		pb.add(d)
		im.max = max(im.max, termImpact(d.Freq, d.Norm, avg))
	}
}

// readImpact scores the term in every document of its posting list as bleve's BM25 does (without idf and boosts,
// the same for every document) and keeps the best impactDocs, and with keep the posting list, decoded.
func readImpact(ctx context.Context, r index.IndexReader, term string, keep *slabs) (*bodyImpact, error) {
	avg, err := avgFieldLength(r, fieldBody)
	if err != nil {
		return nil, err
	}
	tfr, err := r.TermFieldReader(ctx, []byte(term), fieldBody, true, true, false)
	if err != nil {
		return nil, err
	}
	defer tfr.Close()
	pb := newPostingsBuilder(r, tfr.Count(), keep, avg)
	// Two passes over the term's documents, kept in a reused buffer: the first finds the impactDocs-th best score
	// (a min-heap of the best so far), the second keeps the documents that reach it, and the ties past it up to
	// maxImpactTies, and the best score of the rest.
	buf := impactBufs.Get().(*impactBuf)
	defer impactBufs.Put(buf)
	buf.docs, buf.scores, buf.best = buf.docs[:0], buf.scores[:0], buf.best[:0]
	var doc index.TermFieldDoc
	for {
		d, err := tfr.Next(doc.Reset())
		if err != nil {
			return nil, err
		}
		if d == nil {
			break
		}
		pb.add(d)
		s := termImpact(d.Freq, d.Norm, avg)
		buf.docs = append(buf.docs, docNum(d.ID))
		buf.scores = append(buf.scores, s)
		buf.keepBest(s)
	}
	im := &bodyImpact{postings: pb.done(), count: tfr.Count()}
	if len(buf.scores) == 0 {
		return im, nil
	}
	threshold := buf.best[0]
	if len(buf.best) < impactDocs {
		threshold = math.Inf(-1)
	}
	ties := 0
	for i, s := range buf.scores {
		switch {
		case s > threshold || s == threshold && ties < maxImpactTies:
			if s == threshold {
				ties++
			}
			im.top = append(im.top, buf.docs[i])
		default:
			im.tail = max(im.tail, s)
		}
		im.max = max(im.max, s)
	}
	// Posting lists are in index order already; the search relies on it.
	slices.Sort(im.top)
	return im, nil
}

// termImpact is bleve's BM25 term score without idf and query weight (see scorer.TermQueryScorer); with avg 0 (no
// length statistics) bleve scores tf-idf, tf·norm, which is at most 1.
func termImpact(freq uint64, norm, avg float64) float64 {
	tf := math.Sqrt(float64(freq))
	if avg <= 0 {
		return tf * norm
	}
	length := 1 / (norm * norm)
	return tf * bsearch.BM25_k1 / (tf + bsearch.BM25_k1*(1-bsearch.BM25_b+bsearch.BM25_b*length/avg))
}

// avgFieldLength is the average length bleve's term scorer uses for field.
func avgFieldLength(r index.IndexReader, field string) (float64, error) {
	br, ok := r.(index.BM25Reader)
	if !ok {
		return 0, nil
	}
	n, err := r.DocCount()
	if err != nil || n == 0 {
		return 0, err
	}
	card, err := br.FieldCardinality(field)
	if err != nil {
		return 0, err
	}
	return math.Ceil(float64(card) / float64(n)), nil
}

// impactBuf is readImpact's scratch space.
type impactBuf struct {
	docs   []uint64  // the term's documents
	scores []float64 // their term scores
	best   []float64 // a min-heap of the best impactDocs scores
}

var impactBufs = sync.Pool{New: func() any { return new(impactBuf) }}

// keepBest adds s to the heap of the best impactDocs scores if it is among them.
func (b *impactBuf) keepBest(s float64) {
	b.best = keepTop(b.best, impactDocs, s)
}

// keepTop keeps the k best of the scores pushed into h, a min-heap whose root is the worst kept: s goes in if h has
// fewer than k or s beats the root.
func keepTop(h []float64, k int, s float64) []float64 {
	switch {
	case len(h) < k:
		h = append(h, s)
		for i := len(h) - 1; i > 0 && h[(i-1)/2] > h[i]; i = (i - 1) / 2 {
			h[i], h[(i-1)/2] = h[(i-1)/2], h[i]
		}
	case s > h[0]:
		h[0] = s
		for i := 0; ; {
			c := 2*i + 1
			if c >= len(h) {
				break
			}
			if c+1 < len(h) && h[c+1] < h[c] {
				c++
			}
			if h[i] <= h[c] {
				break
			}
			h[i], h[c] = h[c], h[i]
			i = c
		}
	}
	return h
}
