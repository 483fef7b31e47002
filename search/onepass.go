package search

import (
	"context"
	"math"

	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// allWordsBonus is added to the score of a document that has every required word, so that all of those rank above
// every document with only some: BM25 scores of kb's fields and boosts stay far below it. Hits shed it (see
// langIndex.search) before anyone sees a score.
const allWordsBonus = 1 << 20

// knownDocs is how many documents must have a word, in its title or body, for the word to be taken as spelled
// right and complete: unless the query's words are scarce (see wordsQuery.Searcher), its near spellings are then
// not looked for, and its completions only in titles, headings and tags. Fuzzy and prefix clauses are the costly
// part of a query (an automaton to build, and many terms with long posting lists) and, for a word the index knows
// well, mostly bring in other words.
const knownDocs = 2

// wordsQuery is the whole of a search in one bleve query: each required word's clause (its stem in every field, its
// synonyms, its completions if it is the last word, near spellings), of which a document needs at least one;
// documents with all of them first (allWordsBonus); optional words and a title with every word (titleCover) adding
// to the score of documents that have a required word. It replaces running "all words", then "all words with typos", then "any word"
// as separate searches.
type wordsQuery struct {
	words []word
	fuzzy bool // typo tolerance is allowed at all (short queries)
	limit int  // the page of results wanted
	// section, if not "", keeps only the documents of that section.
	section string
	// allDocs, when not nil, receives the number of documents that had every required word.
	allDocs *uint64
}

var _ query.Query = (*wordsQuery)(nil)

// Searcher decides per word whether it needs typo tolerance, by looking it up in the index, and returns a
// coverSearcher over the words' clauses.
func (q *wordsQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, opts bsearch.SearcherOptions) (bsearch.Searcher, error) {
	var required, optional []bsearch.Searcher
	closeAll := func() {
		for _, s := range append(required, optional...) {
			s.Close()
		}
	}
	// Look the words up first: when one of them is in fewer documents than a page of results, so are the pages
	// with every word, and every word's near spellings and completions are looked for in bodies too, as they would
	// be for words the index does not know.
	scarce := false
	for i := range q.words {
		if w := &q.words[i]; !w.optional {
			n, err := markKnown(ctx, r, w) // known is kept for the snippets
			if err != nil {
				return nil, err
			}
			scarce = scarce || n < uint64(q.limit)
		}
	}
	for i := range q.words {
		w := &q.words[i]
		if scarce {
			forgetKnown(w)
		}
		s, err := w.clause(q.fuzzy && !w.optional).Searcher(ctx, r, m, opts)
		if err != nil {
			closeAll()
			return nil, err
		}
		if w.optional {
			optional = append(optional, s)
		} else {
			required = append(required, s)
		}
	}
	if t := titleCover(q.words); t != nil {
		s, err := t.Searcher(ctx, r, m, opts)
		if err != nil {
			closeAll()
			return nil, err
		}
		optional = append(optional, s)
	}
	cs := newCoverSearcher(required, optional, q.allDocs)
	if q.section != "" {
		f := query.NewTermQuery(q.section)
		f.SetField(fieldSection)
		fs, err := f.Searcher(ctx, r, m, bsearch.SearcherOptions{Score: "none"})
		if err != nil {
			cs.Close()
			return nil, err
		}
		cs.filter = fs
	}
	return cs, nil
}

// markKnown looks up in the index the word (or a phrase's words) and sets known; it returns how many documents have
// it (a phrase: its rarest word) in their title or body.
func markKnown(ctx context.Context, r index.IndexReader, w *word) (uint64, error) {
	if len(w.parts) > 0 {
		least := uint64(math.MaxUint64)
		for i := range w.parts {
			n, err := markKnown(ctx, r, &w.parts[i])
			if err != nil {
				return 0, err
			}
			least = min(least, n)
		}
		return least, nil
	}
	n, err := docsWith(ctx, r, w.stem)
	w.known = n >= knownDocs
	return n, err
}

// forgetKnown clears known on a word and a phrase's words.
func forgetKnown(w *word) {
	w.known = false
	for i := range w.parts {
		forgetKnown(&w.parts[i])
	}
}

// docsWith counts the documents with the stem in their title, plus those with it in their body.
func docsWith(ctx context.Context, r index.IndexReader, stem string) (uint64, error) {
	n := uint64(0)
	for _, f := range []string{fieldTitle, fieldBody} {
		tfr, err := r.TermFieldReader(ctx, []byte(stem), f, false, false, false)
		if err != nil {
			return 0, err
		}
		n += tfr.Count()
		tfr.Close()
	}
	return n, nil
}

// coverSearcher visits every document that has at least one required clause, in order, scoring it as bleve scores a
// disjunction (the sum of the matching clauses' scores times the share of clauses that match), plus allWordsBonus
// when every required clause matches, plus the scores of the optional clauses it has.
type coverSearcher struct {
	required, optional []bsearch.Searcher
	currs              []*bsearch.DocumentMatch // current match of each required searcher; nil when done
	opts               []*bsearch.DocumentMatch // current match of each optional searcher
	optDone            []bool
	// filter, if not nil, is the set of documents to keep; fcur its current document.
	filter   bsearch.Searcher
	fcur     *bsearch.DocumentMatch
	fDone    bool
	matching []int
	started  bool
	allDocs  *uint64
}

func newCoverSearcher(required, optional []bsearch.Searcher, allDocs *uint64) *coverSearcher {
	s := &coverSearcher{
		required: required,
		optional: optional,
		currs:    make([]*bsearch.DocumentMatch, len(required)),
		opts:     make([]*bsearch.DocumentMatch, len(optional)),
		optDone:  make([]bool, len(optional)),
		matching: make([]int, 0, len(required)),
		allDocs:  allDocs,
	}
	// As bleve's own disjunction does: normalize the clauses' weights together.
	sum := 0.0
	for _, c := range s.clauses() {
		sum += c.Weight()
	}
	if sum > 0 {
		norm := 1 / math.Sqrt(sum)
		for _, c := range s.clauses() {
			c.SetQueryNorm(norm)
		}
	}
	return s
}

// clauses returns the required and optional clauses.
func (s *coverSearcher) clauses() []bsearch.Searcher {
	return append(append([]bsearch.Searcher(nil), s.required...), s.optional...)
}

// all returns every clause and the filter.
func (s *coverSearcher) all() []bsearch.Searcher {
	all := s.clauses()
	if s.filter != nil {
		all = append(all, s.filter)
	}
	return all
}

func (s *coverSearcher) start(ctx *bsearch.SearchContext) error {
	s.started = true
	for i, c := range s.required {
		m, err := c.Next(ctx)
		if err != nil {
			return err
		}
		s.currs[i] = m
	}
	return nil
}

// Next returns the next document with at least one required clause.
func (s *coverSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	if !s.started {
		if err := s.start(ctx); err != nil {
			return nil, err
		}
	}
	for {
		s.findMatching()
		if len(s.matching) == 0 {
			return nil, nil
		}
		keep, next, err := s.filtered(ctx, s.currs[s.matching[0]].IndexInternalID)
		if err != nil || keep {
			if err != nil {
				return nil, err
			}
			break
		}
		if next == nil {
			return nil, nil
		}
		if err := s.advanceRequired(ctx, next); err != nil {
			return nil, err
		}
	}
	rv := s.currs[s.matching[0]]
	sum := 0.0
	for _, i := range s.matching {
		m := s.currs[i]
		sum += m.Score
		if m != rv {
			rv.FieldTermLocations = bsearch.MergeFieldTermLocations(rv.FieldTermLocations, []*bsearch.DocumentMatch{m})
			ctx.DocumentMatchPool.Put(m)
		}
	}
	score := sum * float64(len(s.matching)) / float64(len(s.required))
	if len(s.matching) == len(s.required) {
		score += allWordsBonus
		if s.allDocs != nil {
			*s.allDocs++
		}
	}
	for j, c := range s.optional {
		if s.optDone[j] {
			continue
		}
		// An optional clause already on rv (it overshot to it from an earlier document) counts as it is: advancing
		// it again would skip it.
		m := s.opts[j]
		if m == nil || m.IndexInternalID.Compare(rv.IndexInternalID) < 0 {
			if m != nil {
				ctx.DocumentMatchPool.Put(m)
			}
			var err error
			if m, err = c.Advance(ctx, rv.IndexInternalID); err != nil {
				return nil, err
			}
			s.opts[j], s.optDone[j] = m, m == nil
		}
		if m != nil && m.IndexInternalID.Equals(rv.IndexInternalID) {
			score += m.Score
		}
	}
	rv.Score = score
	// Move the matching clauses on; rv now belongs to the caller.
	for _, i := range s.matching {
		m, err := s.required[i].Next(ctx)
		if err != nil {
			return nil, err
		}
		s.currs[i] = m
	}
	return rv, nil
}

// findMatching sets matching to the required clauses on the smallest document id.
func (s *coverSearcher) findMatching() {
	s.matching = s.matching[:0]
	for i, m := range s.currs {
		if m == nil {
			continue
		}
		if len(s.matching) > 0 {
			switch c := m.IndexInternalID.Compare(s.currs[s.matching[0]].IndexInternalID); {
			case c > 0:
				continue
			case c < 0:
				s.matching = s.matching[:0]
			}
		}
		s.matching = append(s.matching, i)
	}
}

// filtered reports whether document id passes the filter, and if not, the next document that does (nil: none).
func (s *coverSearcher) filtered(ctx *bsearch.SearchContext, id index.IndexInternalID) (bool, index.IndexInternalID, error) {
	if s.filter == nil {
		return true, nil, nil
	}
	if !s.fDone && (s.fcur == nil || s.fcur.IndexInternalID.Compare(id) < 0) {
		if s.fcur != nil {
			ctx.DocumentMatchPool.Put(s.fcur)
		}
		m, err := s.filter.Advance(ctx, id)
		if err != nil {
			return false, nil, err
		}
		s.fcur, s.fDone = m, m == nil
	}
	if s.fDone {
		return false, nil, nil
	}
	if s.fcur.IndexInternalID.Equals(id) {
		return true, nil, nil
	}
	return false, s.fcur.IndexInternalID, nil
}

// Advance returns the first document at or after id with at least one required clause.
func (s *coverSearcher) Advance(ctx *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	if !s.started {
		if err := s.start(ctx); err != nil {
			return nil, err
		}
	}
	if err := s.advanceRequired(ctx, id); err != nil {
		return nil, err
	}
	return s.Next(ctx)
}

// advanceRequired moves every required clause to id or past it.
func (s *coverSearcher) advanceRequired(ctx *bsearch.SearchContext, id index.IndexInternalID) error {
	for i, c := range s.required {
		m := s.currs[i]
		if m == nil || m.IndexInternalID.Compare(id) >= 0 {
			continue
		}
		ctx.DocumentMatchPool.Put(m)
		m, err := c.Advance(ctx, id)
		if err != nil {
			return err
		}
		s.currs[i] = m
	}
	return nil
}

func (s *coverSearcher) Close() error {
	var first error
	for _, c := range s.all() {
		if err := c.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

func (s *coverSearcher) Weight() float64 {
	w := 0.0
	for _, c := range s.clauses() {
		w += c.Weight()
	}
	return w
}

func (s *coverSearcher) SetQueryNorm(norm float64) {
	for _, c := range s.clauses() {
		c.SetQueryNorm(norm)
	}
}

// Count is an upper bound, as bleve's disjunction gives.
func (s *coverSearcher) Count() uint64 {
	var n uint64
	for _, c := range s.required {
		n += c.Count()
	}
	return n
}

func (s *coverSearcher) Min() int { return 0 }

func (s *coverSearcher) Size() int {
	n := 0
	for _, c := range s.all() {
		n += c.Size()
	}
	return n
}

func (s *coverSearcher) DocumentMatchPoolSize() int {
	n := len(s.required) + len(s.optional)
	for _, c := range s.all() {
		n += c.DocumentMatchPoolSize()
	}
	return n
}
