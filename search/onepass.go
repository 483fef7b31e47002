package search

import (
	"context"
	"encoding/binary"
	"math"
	"math/bits"
	"slices"
	"sort"

	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
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
	// window is how many hits the search keeps (see langIndex.search): a document that scores below the window's
	// worst hit so far cannot be among them, which lets coverSearcher skip the documents that only a word's body
	// matches once it has enough better ones. 0 never skips.
	window int
	// exhaustive visits every document with a word until the window is full of documents that score above any
	// found by body clauses alone; otherwise (the default) body clauses are skipped from the start, and if the
	// window turns out not to be so full, skipFailed is set and the search must run again, exhaustive.
	exhaustive bool
	skipFailed bool
	// floor, when a search that skipped from the start failed, is the worst score of the window it found: real
	// documents score that well, so the search run again without skipping leaves out from its start the documents
	// that cannot (see coverSearcher.theta); -Inf (or 0 in a new query) for none. failedFloor receives it.
	floor, failedFloor float64
	// visitAll leaves nothing out: every document with a required word is visited and scored. Tests compare the
	// searches that leave documents out with it.
	visitAll bool
	// impacts, if not nil, has the body terms' best documents (see bodyImpact); without, body clauses are skipped
	// less often.
	impacts *impactCache
	// stats, if not nil, counts the search's work.
	stats *queryStats
	// unmasked has docBound look at every kid (see coverSearcher.masked): tests compare the two.
	unmasked bool
}

// queryStats counts what a search did: tests bound it, and it shows where a costly query's time goes.
type queryStats struct {
	runs     int // searches of the index (a larger window for a tie, or again without skipping)
	retries  int // of which again without skipping (see wordsQuery.exhaustive)
	visited  int // documents scored
	advances int // clause moves to a document (Advance)
	nexts    int // clause moves to their next document (Next)
	kids     int // clauses under required words
	loaded   int // documents whose stored fields were read
	cands    int // candidate documents looked at
	pruned   int // documents found but not scored, as they could not reach the window (docBound)
	// skipping and allOnly are the last search's coverSearcher's, at its end.
	skipping, allOnly bool
}

var _ query.Query = (*wordsQuery)(nil)

// Searcher decides per word whether it needs typo tolerance, by looking it up in the index, and returns a
// coverSearcher over the words' clauses.
func (q *wordsQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, opts bsearch.SearcherOptions) (bsearch.Searcher, error) {
	cs := &coverSearcher{allDocs: q.allDocs, window: q.window, failed: &q.skipFailed, failedFloor: &q.failedFloor, floor: q.floor, stats: q.stats}
	if cs.stats == nil {
		cs.stats = &cs.uncounted // no allocation per search for counts no one reads
	}
	cs.stats.runs++
	if q.visitAll {
		cs.window = 0
	}
	b := &bounder{ctx: ctx, r: r, impacts: q.impacts}
	// Look the words up first: when one of them is in fewer documents than a page of results, so are the pages
	// with every word, and every word's near spellings and completions are looked for in bodies too, as they would
	// be for words the index does not know.
	scarce := false
	for i := range q.words {
		if w := &q.words[i]; !w.optional {
			n, err := markKnown(ctx, r, w, q.impacts) // known is kept for the snippets
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
		var err error
		if w.optional {
			err = cs.addOptional(ctx, r, m, opts, w.clause(false), b)
		} else {
			err = cs.addWord(ctx, r, m, opts, w, q.fuzzy, q.impacts, b)
		}
		if err != nil {
			cs.Close()
			return nil, err
		}
	}
	cs.cover = -1
	if t := titleCover(q.words); t != nil {
		if cs.coverKids = cs.titleKids(); cs.coverKids != nil && !q.visitAll {
			cs.cover = len(cs.optional)
		}
		if err := cs.addOptional(ctx, r, m, opts, t, b); err != nil {
			cs.Close()
			return nil, err
		}
	}
	if q.section != "" {
		f := query.NewTermQuery(q.section)
		f.SetField(fieldSection)
		fs, err := f.Searcher(ctx, q.impacts.reader(r), m, bsearch.SearcherOptions{Score: "none"})
		if err != nil {
			cs.Close()
			return nil, err
		}
		cs.filter = fs
	}
	if q.visitAll || q.floor == 0 {
		cs.floor = math.Inf(-1)
	}
	cs.init()
	cs.masked = cs.masked && !q.unmasked
	if !q.exhaustive && cs.likelyAbove() {
		cs.startSkipping()
	}
	cs.raised()
	return cs, nil
}

// addOptional adds a clause that adds to the score of the documents found through the required words', with the
// most it can add.
func (s *coverSearcher) addOptional(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, opts bsearch.SearcherOptions, q query.Query, b *bounder) error {
	c, err := clauseSearcher(ctx, r, m, opts, q, b.impacts)
	if err != nil {
		return err
	}
	s.optional = append(s.optional, c)
	v, err := b.bound(q)
	s.optBound = append(s.optBound, v)
	return err
}

// markKnown looks up in the index the word (or a phrase's words) and sets known; it returns how many documents have
// it (a phrase: its rarest word) in their title or body. A plain word is looked up in impacts, if not nil: its
// title and body clauses read the same posting lists.
func markKnown(ctx context.Context, r index.IndexReader, w *word, impacts *impactCache) (uint64, error) {
	if len(w.parts) > 0 {
		least := uint64(math.MaxUint64)
		for i := range w.parts {
			n, err := markKnown(ctx, r, &w.parts[i], nil)
			if err != nil {
				return 0, err
			}
			least = min(least, n)
		}
		return least, nil
	}
	n, err := docsWith(ctx, r, w.stem, impacts)
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

// docsWith counts the documents with the stem in their title, plus those with it in their body, from impacts if not
// nil.
func docsWith(ctx context.Context, r index.IndexReader, stem string, impacts *impactCache) (uint64, error) {
	n := uint64(0)
	for _, f := range []string{fieldTitle, fieldBody} {
		if impacts != nil {
			im, err := impacts.lookup(ctx, r, f, stem)
			if err != nil {
				return 0, err
			}
			n += im.count
			continue
		}
		tfr, err := r.TermFieldReader(ctx, []byte(stem), f, false, false, false)
		if err != nil {
			return 0, err
		}
		n += tfr.Count()
		tfr.Close()
	}
	return n, nil
}

// coverSearcher visits every document that has at least one required word, in order, scoring it as bleve scores a
// disjunction of the words' disjunctions (each the sum of the matching clauses' scores times the share of clauses
// that match), plus allWordsBonus when every required word matches, plus the scores of the optional clauses it has.
//
// A plain word's disjunction is flattened into its clauses (kids), scored here as bleve would, so that the clauses
// that can add little to a score can be skipped, as MaxScore does: each kid has a bound on its score (see bounder),
// and once the search's window is full of hits scoring above the most a document could score by the skipped kids'
// matches alone (boundOf), documents are found through the other kids only, and skipped kids are only moved to them
// to add their scores. The body's stem clause, whose posting list is most of a query's work, is skipped first, and
// may be from the start (bodyOnlyBound); its best documents (impact.top) are still found through it. A document
// found is not scored either when its kids' scores and the skipped kids' bounds cannot reach the window (docBound).
// Once the window is full of documents with every required word, the documents without one are not visited either
// (allOnly). Every document that can still enter the window is scored exactly as before; the ones skipped could not.
type coverSearcher struct {
	kids  []kid
	words []wordKids // per required word, its kids
	// optional clauses add their scores, optBound[i] at most.
	optional []bsearch.Searcher
	optBound []float64
	// cover is the index in optional of the title-cover clause (see titleCover), -1 for none or when some word has
	// no title clause of its own; coverKids are the words' title clauses: the cover can only match where all are,
	// which saves moving it to every document.
	cover     int
	coverKids []int
	opts      []*bsearch.DocumentMatch // current match of each optional searcher
	optDone   []bool
	// filter, if not nil, is the set of documents to keep; fcur its current document.
	filter  bsearch.Searcher
	fcur    *bsearch.DocumentMatch
	fDone   bool
	started bool
	allDocs *uint64

	// window, top and bound decide when body clauses start being skipped: top holds the best window scores
	// returned so far (a min-heap), bound the most a document matched by body clauses alone can score. optimistic
	// says they were skipped from the start (see wordsQuery.exhaustive); skipped counts the kids skipped.
	window     int
	top        []float64
	bound      float64
	optimistic bool
	skipped    int
	// byBound lists the kids with a finite bound, lowest first: the order they are skipped in once the window's
	// worst score is above growAt (see grow).
	byBound []int
	growAt  float64
	// live lists the kids with documents left, from the start on; impacted those with an impact.
	live, impacted []int
	// With no more than 64 kids (masked), on has a bit for each kid that is not skipped and is on the last
	// candidate, and skipMask one for each skipped kid: the only kids docBound need look at, the others being past
	// the candidate. pos is each kid's word and group (its index among all words' groups), groupCoord each group's
	// coord.
	masked       bool
	on, skipMask uint64
	pos          []kidPos
	groupCoord   [][]float64
	// eff is, with masked, each kid's document as candidate and moveOn last saw it: its own for a kid not
	// skipped, its next best one for a skipped kid with an impact, none for the others and those done. It lets
	// moveOn find the next candidate after one that was left out without going through every kid.
	eff []uint64
	// allOnly is set once the window is full of documents with every required word (allWordsBonus): no document
	// without one can enter it any more, so only documents with all of them are looked for (hasAllWords), the
	// words in byRarity order.
	allOnly  bool
	byRarity []int
	// failed is set when skipping from the start turned out wrong (see wordsQuery.exhaustive), and failedFloor to
	// the window's worst score then; floor is wordsQuery.floor.
	failed      *bool
	failedFloor *float64
	floor       float64
	idBuf       [8]byte // the id of the document kids are moved to
	stats       *queryStats
	// uncounted is where stats point when the query counts nothing.
	uncounted queryStats
}

// kid is one clause under a required word: a leaf of a plain word's disjunction, or a whole word's clause.
type kid struct {
	s bsearch.Searcher
	// d is s when s is a directTerm, o when it is a directOr: the kid then moves by their postings, with no curr.
	d     *directTerm
	o     *directOr
	curr  *bsearch.DocumentMatch // nil when done (or before start), and for a directTerm
	at    uint64                 // the current document's number; none when done (or before start)
	score float64                // the current document's score, unless pending
	// pending is set when a directTerm's score of the current document is not worked out yet (see scoreNow): many
	// of the documents a kid moves to are never scored.
	pending bool
	// max is the most the kid scores in a document, tail the most in a document outside impact.top (max without
	// impact); +Inf when unknown.
	max, tail float64
	title     bool // it is the word's stem in titles
	skip      bool // found documents are not taken from it, only scored
	// impact, for a body term, lists the documents it scores best in, which are taken from it even when it is
	// skipped (from impact.top[next] on), and bounds its score in the others.
	impact *bodyImpact
	next   int
}

// kidPos is a kid's word and group, as indexes (see coverSearcher.pos).
type kidPos struct{ word, group int32 }

// wordKids are the kids of one required word, in groups: a word scores as bleve's disjunction of its groups, each
// group as bleve's disjunction of its kids.
type wordKids struct {
	groups []kidGroup
	// coord[m] is the share of the word's groups that m of them are, as bleve's disjunction scorer computes it
	// (made once, not per document; see coords).
	coord []float64
}

// kidGroup is kids[first:first+n] of a coverSearcher, count their postings.
type kidGroup struct {
	first, n int
	count    uint64
	coord    []float64 // coord[m] is the share of the group's kids that m of them are
}

// addWord adds a required word's clauses, in the order bleve's disjunctions would hold them (by posting count, so
// that scores add up in the same order): a single word's leaves, each its own kid, in one group, and if it has other
// spellings (synonyms, pieces), each one's clause as a group of one kid. A phrase, or a word with more clauses than
// bleve's slice disjunction takes, is one kid, its clause.
func (s *coverSearcher) addWord(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, opts bsearch.SearcherOptions, w *word, fuzzy bool, impacts *impactCache, b *bounder) (err error) {
	var added []bsearch.Searcher
	defer func() {
		if err != nil {
			for _, c := range added {
				c.Close()
			}
		}
	}()
	searcherOf := func(q query.Query) (bsearch.Searcher, error) {
		c, err := clauseSearcher(ctx, r, m, opts, q, impacts)
		if err == nil {
			added = append(added, c)
		}
		return c, err
	}
	scale := float64(w.spellings())
	var leaves []query.Query
	if len(w.parts) == 0 {
		leaves = w.leaves(fuzzy, scale)
	}
	if len(leaves) == 0 || len(leaves) > searcher.DisjunctionHeapTakeover || w.spellings() > searcher.DisjunctionHeapTakeover {
		q := w.clause(fuzzy)
		c, err := searcherOf(q)
		if err != nil {
			return err
		}
		k := directKid(c)
		if k.max, err = b.bound(q); err != nil {
			return err
		}
		k.tail = k.max
		s.words = append(s.words, wordKids{groups: []kidGroup{{first: len(s.kids), n: 1, count: c.Count()}}})
		s.kids = append(s.kids, k)
		return nil
	}
	typed := make(searcher.OrderedSearcherList, 0, len(leaves))
	var body, title bsearch.Searcher
	for i, l := range leaves {
		c, err := searcherOf(l)
		if err != nil {
			return err
		}
		typed = append(typed, c)
		switch i {
		case bodyLeaf:
			body = c
		case titleLeaf:
			title = c
		}
	}
	unsorted := slices.Clone(typed)
	sort.Sort(typed)
	var bodyImpact *bodyImpact
	if isTermSearcher(body) && impacts != nil {
		if bodyImpact, err = impacts.get(ctx, r, w.stem); err != nil {
			return err
		}
	}
	// Each group's kids, in order: the word as typed first, its synonyms after; then the groups sorted as bleve
	// sorts a disjunction's clauses, by count.
	groups := make([][]kid, 1, w.spellings())
	groups[0] = make([]kid, 0, len(typed))
	typedCount := uint64(0)
	for _, c := range typed {
		k := directKid(c)
		k.title, k.max, k.tail = c == title, math.Inf(1), math.Inf(1)
		if c == body && bodyImpact != nil {
			k.impact = bodyImpact
		}
		if err := k.bound(ctx, r, leaves[slices.Index(unsorted, c)], impacts); err != nil {
			return err
		}
		groups[0] = append(groups[0], k)
		typedCount += c.Count()
	}
	counts := groupCounts{typedCount}
	for _, q := range w.others(scale) {
		c, err := searcherOf(q)
		if err != nil {
			return err
		}
		k := directKid(c)
		if k.max, err = b.bound(q); err != nil {
			return err
		}
		k.tail = k.max
		groups = append(groups, []kid{k})
		counts = append(counts, c.Count())
	}
	order := make([]int, len(groups))
	for i := range order {
		order[i] = i
	}
	sort.Sort(groupOrder{counts, order})
	var wk wordKids
	wk.groups = make([]kidGroup, 0, len(groups))
	s.kids = slices.Grow(s.kids, len(typed)+len(groups)-1)
	for i, g := range order {
		wk.groups = append(wk.groups, kidGroup{first: len(s.kids), n: len(groups[g]), count: counts[i]})
		s.kids = append(s.kids, groups[g]...)
	}
	s.words = append(s.words, wk)
	return nil
}

// directKid returns the kid of clause c, moved by its postings if it is a direct clause (a synonym's is a directOr).
func directKid(c bsearch.Searcher) kid {
	k := kid{s: c, at: none}
	k.d, _ = c.(*directTerm)
	k.o, _ = c.(*directOr)
	return k
}

// bound sets the kid's max and tail, before the query norm, when it is a term query (l) that impacts can bound: a
// term's score is its boost × idf² (the searcher's weight over its boost) × its term score (see termImpact).
func (k *kid) bound(ctx context.Context, r index.IndexReader, l query.Query, impacts *impactCache) error {
	t, ok := l.(*query.TermQuery)
	if !ok || !isTermSearcher(k.s) || impacts == nil || t.Boost() <= 0 {
		return nil
	}
	w := k.s.Weight() / t.Boost() * boundMargin
	if k.impact != nil {
		k.max, k.tail = w*k.impact.max, w*k.impact.tail
		return nil
	}
	m, err := impacts.fieldMax(ctx, r, t.FieldVal, t.Term)
	k.max, k.tail = w*m, w*m
	return err
}

// clauseSearcher returns q's searcher as bleve builds it, but with term clauses over decoded posting lists that
// score themselves (directTerm) where they can be.
func clauseSearcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, opts bsearch.SearcherOptions, q query.Query, impacts *impactCache) (bsearch.Searcher, error) {
	switch q := q.(type) {
	case *query.TermQuery:
		d, _, err := newDirectTerm(ctx, r, impacts, q, opts)
		if err != nil {
			return nil, err
		}
		if d != nil {
			return d, nil
		}
	case *query.PrefixQuery:
		if s, err := newDirectPrefix(ctx, r, impacts, q, opts); err != nil || s != nil {
			return s, err
		}
	case *query.DisjunctionQuery:
		// As DisjunctionQuery.Searcher, for queries built here (not in query string mode, no score breakdown).
		if len(q.Disjuncts) == 0 {
			break // bleve's searcher that matches nothing
		}
		ss, err := clauseSearchers(ctx, r, m, opts, q.Disjuncts, impacts)
		if err != nil {
			return nil, err
		}
		if o := directOrOf(ss); o != nil && q.Min <= 1 {
			return o, nil // a disjunction with min 1 or less keeps every document it finds
		}
		nctx := context.WithValue(ctx, bsearch.IncludeScoreBreakdownKey, false)
		s, err := searcher.NewDisjunctionSearcher(nctx, impacts.reader(r), ss, q.Min, opts)
		if err != nil {
			closeSearchers(ss)
		}
		return s, err
	case *query.ConjunctionQuery:
		if len(q.Conjuncts) == 0 {
			break // bleve's searcher that matches nothing
		}
		ss, err := clauseSearchers(ctx, r, m, opts, q.Conjuncts, impacts)
		if err != nil {
			return nil, err
		}
		s, err := searcher.NewConjunctionSearcher(ctx, impacts.reader(r), ss, opts)
		if err != nil {
			closeSearchers(ss)
		}
		return s, err
	}
	return q.Searcher(ctx, impacts.reader(r), m, opts)
}

// clauseSearchers returns the searchers of qs (see clauseSearcher), or none and an error.
func clauseSearchers(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, opts bsearch.SearcherOptions, qs []query.Query, impacts *impactCache) ([]bsearch.Searcher, error) {
	ss := make([]bsearch.Searcher, 0, len(qs))
	for _, c := range qs {
		s, err := clauseSearcher(ctx, r, m, opts, c, impacts)
		if err != nil {
			closeSearchers(ss)
			return nil, err
		}
		ss = append(ss, s)
	}
	return ss, nil
}

func closeSearchers(ss []bsearch.Searcher) {
	for _, s := range ss {
		s.Close()
	}
}

// isTermSearcher reports whether s is a term clause, bleve's or a directTerm.
func isTermSearcher(s bsearch.Searcher) bool {
	switch s.(type) {
	case *searcher.TermSearcher, *directTerm:
		return true
	}
	return false
}

// groupOrder sorts a word's groups as searcher.OrderedSearcherList sorts the same clauses (by count, with the same
// unstable algorithm, hence the same order).
type groupOrder struct {
	counts groupCounts
	order  []int
}

type groupCounts []uint64

func (g groupOrder) Len() int           { return len(g.order) }
func (g groupOrder) Less(i, j int) bool { return g.counts[i] < g.counts[j] }
func (g groupOrder) Swap(i, j int) {
	g.counts[i], g.counts[j] = g.counts[j], g.counts[i]
	g.order[i], g.order[j] = g.order[j], g.order[i]
}

// bodyLeaf and titleLeaf are the indexes of the body's and the title's stem clauses among a word's leaves.
var (
	bodyLeaf  = len(stemFields) - 1
	titleLeaf = 0
)

// titleKids returns each required word's title clause, or nil if a word has none of its own (a phrase).
func (s *coverSearcher) titleKids() []int {
	var out []int
	for _, w := range s.words {
		found := false
		for _, g := range w.groups {
			for i := g.first; i < g.first+g.n && !found; i++ {
				if s.kids[i].title {
					out, found = append(out, i), true
				}
			}
		}
		if !found {
			return nil
		}
	}
	return out
}

// coverMayMatch reports whether every word's title clause is on document n, as the title-cover clause needs.
func (s *coverSearcher) coverMayMatch(n uint64) bool {
	for _, i := range s.coverKids {
		if s.kids[i].at != n {
			return false
		}
	}
	return true
}

// init normalizes the clauses' weights together, as bleve's disjunction does, and works out the bounds.
func (s *coverSearcher) init() {
	s.opts = make([]*bsearch.DocumentMatch, len(s.optional))
	s.optDone = make([]bool, len(s.optional))
	sum := 0.0
	for _, w := range s.words {
		ws := 0.0
		for _, g := range w.groups {
			gs := 0.0
			for _, k := range s.kids[g.first : g.first+g.n] {
				gs += k.s.Weight()
			}
			ws += gs
		}
		sum += ws
	}
	for _, c := range s.optional {
		sum += c.Weight()
	}
	norm := 1.0
	if sum > 0 {
		norm = 1 / math.Sqrt(sum)
		s.SetQueryNorm(norm)
	}
	s.masked = len(s.kids) <= 64
	s.pos = make([]kidPos, len(s.kids))
	for i := range s.words {
		w := &s.words[i]
		w.coord = coords(len(w.groups))
		for j := range w.groups {
			g := &w.groups[j]
			g.coord = coords(g.n)
			for k := g.first; k < g.first+g.n; k++ {
				s.pos[k] = kidPos{word: int32(i), group: int32(len(s.groupCoord))}
			}
			s.groupCoord = append(s.groupCoord, g.coord)
		}
	}
	for i := range s.kids {
		k := &s.kids[i]
		if k.impact != nil {
			s.impacted = append(s.impacted, i)
		}
		k.max, k.tail = k.max*norm, k.tail*norm
		if s.window > 0 && !math.IsInf(k.tail, 1) {
			s.byBound = append(s.byBound, i)
		}
	}
	for j := range s.optBound {
		s.optBound[j] *= norm
	}
	sort.SliceStable(s.byBound, func(a, b int) bool { return s.kids[s.byBound[a]].tail < s.kids[s.byBound[b]].tail })
	s.growAt = math.Inf(-1)
	s.bound = s.bodyOnlyBound()
	s.byRarity = make([]int, len(s.words))
	counts := make([]uint64, len(s.words))
	for i, w := range s.words {
		s.byRarity[i] = i
		for _, g := range w.groups {
			counts[i] += g.count
		}
	}
	sort.SliceStable(s.byRarity, func(a, b int) bool { return counts[s.byRarity[a]] < counts[s.byRarity[b]] })
}

// coords returns m/n for m from 0 to n, computed as bleve's disjunction scorer computes its coord.
func coords(n int) []float64 {
	if n < len(coordTable) {
		return coordTable[n]
	}
	return makeCoords(n)
}

func makeCoords(n int) []float64 {
	c := make([]float64, n+1)
	for m := range c {
		c[m] = float64(m) / float64(n)
	}
	return c
}

// coordTable holds the coords of the disjunctions most queries have, made once.
var coordTable = func() (t [33][]float64) {
	for n := range t {
		t[n] = makeCoords(n)
	}
	return t
}()

// bodyOnlyBound is the most a document can score when no kid but the body clauses that impacts list matches it,
// and none of those in one of its best documents; +Inf when nothing may be skipped.
func (s *coverSearcher) bodyOnlyBound() float64 {
	if s.window <= 0 || !slices.ContainsFunc(s.kids, func(k kid) bool { return k.impact != nil }) {
		return math.Inf(1)
	}
	return s.boundOf(func(k *kid) bool { return k.impact != nil })
}

// boundOf is the most a document can score when no kid but those in (as it reports) matches it, and none of those
// in one of its best documents (see kid.tail), with every optional clause that may match. The sums are those of
// Next, in the same order, so that rounding keeps the bound above the score.
func (s *coverSearcher) boundOf(in func(*kid) bool) float64 {
	sum, matched := 0.0, 0
	for _, w := range s.words {
		ws, groups := 0.0, 0
		for _, g := range w.groups {
			gs, c := 0.0, 0
			for i := g.first; i < g.first+g.n; i++ {
				if k := &s.kids[i]; in(k) {
					gs += k.tail
					c++
				}
			}
			if c > 0 {
				ws += gs * g.coord[c]
				groups++
			}
		}
		if groups > 0 {
			sum += ws * w.coord[groups]
			matched++
		}
	}
	score := sum * float64(matched) / float64(len(s.words))
	if matched == len(s.words) {
		score += allWordsBonus
	}
	for j, b := range s.optBound {
		// The title-cover clause matches only where every word's title clause does.
		if j == s.cover && !allIn(s.kids, s.coverKids, in) {
			continue
		}
		score += b
	}
	return score
}

// allIn reports whether every kid of idx is in (as it reports).
func allIn(kids []kid, idx []int, in func(*kid) bool) bool {
	for _, i := range idx {
		if !in(&kids[i]) {
			return false
		}
	}
	return true
}

func (s *coverSearcher) start(ctx *bsearch.SearchContext) error {
	s.started = true
	if s.masked {
		s.eff = make([]uint64, len(s.kids))
		for i := range s.eff {
			s.eff[i] = none
		}
	}
	s.stats.kids = len(s.kids)
	for i := range s.kids {
		s.stats.nexts++
		k := &s.kids[i]
		if k.d != nil {
			k.at, k.pending = k.d.next(), true
		} else if k.o != nil {
			k.at, k.pending = k.o.first(), true
		} else {
			m, err := k.s.Next(ctx)
			if err != nil {
				return err
			}
			k.set(m)
		}
		if k.at != none {
			s.live = append(s.live, i)
		}
	}
	return nil
}

// candidate returns the smallest document a kid that is not skipped is on, or a skipped kid's next best document;
// none when there is none.
func (s *coverSearcher) candidate() uint64 {
	id, on := none, uint64(0)
	live := s.live[:0]
	for _, i := range s.live {
		k := &s.kids[i]
		if k.at == none {
			s.setEff(i, none)
			continue // done, and so are its best documents, which are among its documents
		}
		live = append(live, i)
		at := k.at
		if k.skip {
			at = none
			if k.impact != nil && k.next < len(k.impact.top) {
				at = k.impact.top[k.next]
			}
		}
		s.setEff(i, at)
		id, on = onCandidate(id, on, at, k.skip, i)
	}
	s.live, s.on = live, on
	return id
}

// setEff records kid i's document as a candidate (see eff).
func (s *coverSearcher) setEff(i int, at uint64) {
	if s.eff != nil {
		s.eff[i] = at
	}
}

// onCandidate takes a kid (number i, skipped or not) that is on document at into the smallest document so far (id)
// and the kids not skipped that are on it (on).
func onCandidate(id, on, at uint64, skip bool, i int) (uint64, uint64) {
	if at < id {
		id, on = at, 0
	}
	if at == id && !skip {
		on |= 1 << (uint(i) & 63)
	}
	return id, on
}

// moveOn moves the kids that are not skipped to document n or past it, and skipped kids' next best documents up to
// it, and returns the next candidate: advanceKids(n, false), passBest(n, false) and candidate in one pass over the
// kids, which for the many documents found and not scored (docBound) was a good part of their cost.
//
// With fresh set, no kid has moved since the last candidate (eff holds), and n is the document after it: the kids
// to move are the ones on it (on), and the next candidate is found from eff.
func (s *coverSearcher) moveOn(ctx *bsearch.SearchContext, n uint64, fresh bool) (uint64, error) {
	if fresh && s.eff != nil {
		return s.moveOnFresh(ctx, n)
	}
	id, on := none, uint64(0)
	live := s.live[:0]
	for j, i := range s.live {
		k := &s.kids[i]
		if !k.skip && k.at < n {
			if err := s.moveKid(ctx, k, n); err != nil {
				s.live = append(live, s.live[j:]...)
				return 0, err
			}
		}
		if k.at == none {
			s.setEff(i, none)
			continue // done, and so are its best documents; passBest no longer matters to it
		}
		live = append(live, i)
		at := k.at
		if k.skip {
			at = none
		}
		if im := k.impact; im != nil {
			for k.next < len(im.top) && im.top[k.next] < n {
				k.next++
			}
			if k.skip && k.next < len(im.top) {
				at = im.top[k.next]
			}
		}
		s.setEff(i, at)
		id, on = onCandidate(id, on, at, k.skip, i)
	}
	s.live, s.on = live, on
	return id, nil
}

// moveOnFresh is moveOn when the kids have not moved since the last candidate, the document before n: only the kids
// on it move, the kids with an impact pass their best documents before n, and the next candidate is the smallest of
// eff. The kids done stay in live until the next full pass drops them.
func (s *coverSearcher) moveOnFresh(ctx *bsearch.SearchContext, n uint64) (uint64, error) {
	for m := s.on; m != 0; m &= m - 1 {
		i := bits.TrailingZeros64(m)
		k := &s.kids[i]
		if k.at < n {
			if err := s.moveKid(ctx, k, n); err != nil {
				return 0, err
			}
		}
		s.eff[i] = k.at
	}
	for _, i := range s.impacted {
		k := &s.kids[i]
		if k.at == none {
			continue // as moveOn: done
		}
		im := k.impact
		for k.next < len(im.top) && im.top[k.next] < n {
			k.next++
		}
		if k.skip {
			s.eff[i] = none
			if k.next < len(im.top) {
				s.eff[i] = im.top[k.next]
			}
		}
	}
	id, on := none, uint64(0)
	for i, at := range s.eff {
		if at != none {
			id, on = onCandidate(id, on, at, s.skipMask&(1<<uint(i)) != 0, i)
		}
	}
	s.on = on
	return id, nil
}

// none is the document number of no document: past every other.
const none uint64 = math.MaxUint64

// docNum is the number of the document a bleve (scorch) internal id names.
func docNum(id index.IndexInternalID) uint64 { return binary.BigEndian.Uint64(id) }

// internalID writes n as a bleve internal id into buf.
func internalID(buf *[8]byte, n uint64) index.IndexInternalID {
	binary.BigEndian.PutUint64(buf[:], n)
	return buf[:]
}

// scoreNow returns the kid's score in its current document.
func (k *kid) scoreNow() float64 {
	if k.pending {
		k.settle()
	}
	return k.score
}

// settle works out the pending score of the kid's current document.
func (k *kid) settle() {
	if k.d != nil {
		k.score = k.d.score(k.d.i - 1)
	} else {
		k.score = k.o.score()
	}
	k.pending = false
}

// set makes m the kid's current match.
func (k *kid) set(m *bsearch.DocumentMatch) {
	k.curr, k.at = m, none
	if m != nil {
		k.at, k.score = docNum(m.IndexInternalID), m.Score
	}
}

// Next returns the next document with at least one required word that can still enter the window.
func (s *coverSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	if !s.started {
		if err := s.start(ctx); err != nil {
			return nil, err
		}
	}
	n := s.candidate()
	for {
		if n == none {
			return nil, s.end()
		}
		fresh := true // no kid moved since n was found
		s.stats.cands++
		keep, next, err := s.filtered(ctx, n)
		if err != nil {
			return nil, err
		}
		if theta, ok := s.theta(); keep && ok && s.docBound(n) < theta {
			keep, next = false, n+1
			s.stats.pruned++
		}
		if keep && s.allOnly {
			fresh = false
			keep, next, err = s.hasAllWords(ctx, n)
			if err != nil {
				return nil, err
			}
		}
		if keep {
			break
		}
		if next == none {
			return nil, s.end()
		}
		if n, err = s.moveOn(ctx, next, fresh && next == n+1); err != nil {
			return nil, err
		}
	}
	// Skipped kids catch up with the document, to add their scores.
	if s.skipped > 0 {
		if err := s.advanceKids(ctx, n, true); err != nil {
			return nil, err
		}
	}
	first := -1 // the first kid on the document
	sum, matched := 0.0, 0
	for _, w := range s.words {
		ws, groups := 0.0, 0
		for _, g := range w.groups {
			gs, c := 0.0, 0
			for i := g.first; i < g.first+g.n; i++ {
				if k := &s.kids[i]; k.at == n {
					gs += k.scoreNow()
					c++
					if first < 0 {
						first = i
					}
				}
			}
			if c > 0 {
				// As bleve's disjunction scorer: the sum times the share of clauses that match.
				ws += gs * g.coord[c]
				groups++
			}
		}
		if groups > 0 {
			sum += ws * w.coord[groups]
			matched++
		}
	}
	// The match returned is the first kid's, as bleve's disjunction returns; rv's id stays valid: rv is not given
	// back to the pool.
	rv := s.kids[first].curr
	if rv == nil { // a direct clause's
		rv = ctx.DocumentMatchPool.Get()
		rv.IndexInternalID = internalIDAppend(rv.IndexInternalID, n)
	}
	id := rv.IndexInternalID
	score := sum * float64(matched) / float64(len(s.words))
	if matched == len(s.words) {
		score += allWordsBonus
		if s.allDocs != nil {
			*s.allDocs++
		}
	}
	for j, c := range s.optional {
		if s.optDone[j] || j == s.cover && !s.coverMayMatch(n) {
			continue
		}
		// An optional clause already on this document (it overshot to it from an earlier one) counts as it is:
		// advancing it again would skip it.
		m := s.opts[j]
		if m == nil || m.IndexInternalID.Compare(id) < 0 {
			if m != nil {
				ctx.DocumentMatchPool.Put(m)
			}
			var err error
			s.stats.advances++
			if m, err = c.Advance(ctx, id); err != nil {
				return nil, err
			}
			s.opts[j], s.optDone[j] = m, m == nil
		}
		if m != nil && m.IndexInternalID.Equals(id) {
			score += m.Score
		}
	}
	// Move the kids on that were on the document; rv now belongs to the caller.
	for i := range s.kids {
		k := &s.kids[i]
		if k.at != n {
			continue
		}
		s.stats.nexts++
		if k.d != nil {
			k.at, k.pending = k.d.next(), true
			continue
		}
		if k.o != nil {
			k.at, k.pending = k.o.next(), true
			continue
		}
		if k.curr != rv {
			ctx.DocumentMatchPool.Put(k.curr)
		}
		m, err := k.s.Next(ctx)
		if err != nil {
			return nil, err
		}
		k.set(m)
	}
	s.stats.visited++
	s.passBest(n, true)
	rv.Score = score
	s.keep(score)
	return rv, nil
}

// end notes, when the search has no more documents, whether skipping body clauses from the start was wrong.
func (s *coverSearcher) end() error {
	s.stats.skipping, s.stats.allOnly = s.skipped > 0, s.allOnly
	if s.optimistic && !s.windowAbove() {
		*s.failed = true
		if len(s.top) == s.window {
			*s.failedFloor = s.top[0]
		}
	}
	return nil
}

// docBound is the most document n can score, from the scores of the kids on it and the bounds of those that may be
// (skipped kids not moved to it yet) and of the optional clauses; Next must have found n (candidate), so no kid
// that is not skipped is before it. The sums are those of Next, in the same order.
func (s *coverSearcher) docBound(n uint64) float64 {
	sum, matched := 0.0, 0
	if s.masked {
		sum, matched = s.maskedSum(n)
	} else {
		sum, matched = s.kidsSum(n)
	}
	return s.boundFrom(n, sum, matched)
}

// maskedSum is kidsSum over the kids that may be on document n, the last candidate: those on it (on) and the
// skipped ones; the others, past it, add nothing. The kids come in order, hence the groups and words too, and the
// sums are kidsSum's.
func (s *coverSearcher) maskedSum(n uint64) (float64, int) {
	sum, matched := 0.0, 0
	ws, groups := 0.0, 0
	gs, c := 0.0, 0
	word, group := int32(-1), int32(-1)
	for m := s.on | s.skipMask; m != 0; m &= m - 1 {
		i := bits.TrailingZeros64(m)
		k := &s.kids[i]
		var v float64
		switch {
		case k.at == n:
			if k.pending {
				k.settle()
			}
			v = k.score
		case k.at > n:
			continue
		case k.impact != nil && k.next < len(k.impact.top) && k.impact.top[k.next] <= n:
			v = k.max
		default:
			v = k.tail
		}
		if p := s.pos[i]; p.group != group {
			if c > 0 {
				ws += gs * s.groupCoord[group][c]
				groups++
			}
			gs, c = 0, 0
			if p.word != word {
				if groups > 0 {
					sum += ws * s.words[word].coord[groups]
					matched++
				}
				ws, groups = 0, 0
				word = p.word
			}
			group = p.group
		}
		gs += v
		c++
	}
	if c > 0 {
		ws += gs * s.groupCoord[group][c]
		groups++
	}
	if groups > 0 {
		sum += ws * s.words[word].coord[groups]
		matched++
	}
	return sum, matched
}

// kidsSum is the sum Next works out for document n, and how many words have a kid on it, with each kid's bound
// (see boundAt) for its score. Kids are walked word by word and group by group, each group's kids in order: the
// order Next adds their scores in.
func (s *coverSearcher) kidsSum(n uint64) (float64, int) {
	sum, matched := 0.0, 0
	for _, w := range s.words {
		ws, groups := 0.0, 0
		for _, g := range w.groups {
			gs, c := 0.0, 0
			for i := g.first; i < g.first+g.n; i++ {
				// boundAt, written out: this loop is most of the time spent on documents that are not scored.
				k := &s.kids[i]
				var v float64
				switch {
				case k.at == n:
					if k.pending {
						k.settle()
					}
					v = k.score
				case k.at > n:
					continue
				case k.impact != nil && k.next < len(k.impact.top) && k.impact.top[k.next] <= n:
					v = k.max
				default:
					v = k.tail
				}
				gs += v
				c++
			}
			if c > 0 {
				ws += gs * g.coord[c]
				groups++
			}
		}
		if groups > 0 {
			sum += ws * w.coord[groups]
			matched++
		}
	}
	return sum, matched
}

// boundFrom is docBound's bound from the kids' sum and matched words (see kidsSum).
func (s *coverSearcher) boundFrom(n uint64, sum float64, matched int) float64 {
	score := sum * float64(matched) / float64(len(s.words))
	if matched == len(s.words) {
		score += allWordsBonus
	}
	for j, b := range s.optBound {
		if s.optDone[j] {
			continue
		}
		if j == s.cover {
			may := true
			for _, i := range s.coverKids {
				if _, m := s.kids[i].boundAt(n); !m {
					may = false
					break
				}
			}
			if !may {
				continue
			}
		}
		if m := s.opts[j]; m != nil {
			if at := docNum(m.IndexInternalID); at > n {
				continue
			} else if at == n {
				b = m.Score
			}
		}
		score += b
	}
	return score
}

// boundAt returns the kid's score on document n if it is on it, or the most it can score there if it may be (it has
// not moved to n yet), and whether it may match n at all.
func (k *kid) boundAt(n uint64) (float64, bool) {
	switch {
	case k.at == n:
		return k.scoreNow(), true
	case k.at > n:
		return 0, false
	case k.impact != nil && k.next < len(k.impact.top) && k.impact.top[k.next] <= n:
		return k.max, true
	}
	return k.tail, true
}

// passBest moves skipped kids' next best documents past document n (inclusive) or up to it.
func (s *coverSearcher) passBest(n uint64, inclusive bool) {
	for _, i := range s.impacted {
		k := &s.kids[i]
		for k.next < len(k.impact.top) {
			if at := k.impact.top[k.next]; at > n || at == n && !inclusive {
				break
			}
			k.next++
		}
	}
}

// keep records a returned score among the window's best; once every one of them has all the required words, it
// looks only for documents that do too (allOnly), and once they score above what documents found only through some
// kids can, it skips those kids (grow): the window's worst can only rise.
func (s *coverSearcher) keep(score float64) {
	if s.window <= 0 {
		return
	}
	s.top = keepTop(s.top, s.window, score)
	s.raised()
}

// theta returns the score a document must reach to enter the window, once it is known: the window's worst once it
// is full, or floor if that is higher.
func (s *coverSearcher) theta() (float64, bool) {
	if s.window <= 0 {
		return 0, false
	}
	t := s.floor
	if len(s.top) == s.window {
		t = max(t, s.top[0])
	}
	return t, t > math.Inf(-1)
}

// raised looks again, once theta is known or has risen, for what no longer needs to be visited.
func (s *coverSearcher) raised() {
	theta, ok := s.theta()
	if !ok {
		return
	}
	if !s.allOnly && len(s.words) > 1 && theta >= allWordsBonus {
		s.allOnly = true
	}
	if theta > s.growAt {
		s.grow(theta)
	}
}

// grow skips the kids in byBound order that can be while the documents found through skipped kids alone cannot
// enter the window, and sets growAt to the window's worst score above which another kid could be skipped.
func (s *coverSearcher) grow(theta float64) {
	skipped := func(k *kid) bool { return k.skip }
	s.growAt = math.Inf(1)
	for _, i := range s.byBound {
		k := &s.kids[i]
		if k.skip {
			continue
		}
		k.skip = true
		if b := s.boundOf(skipped); !(b < theta) {
			k.skip = false
			s.growAt = min(s.growAt, b)
			continue
		}
		s.skipped++
	}
	s.setSkipMask()
}

// setSkipMask sets skipMask from the kids' skip.
func (s *coverSearcher) setSkipMask() {
	s.skipMask = 0
	for i := range s.kids {
		if s.kids[i].skip && s.masked {
			s.skipMask |= 1 << (uint(i) & 63)
		}
	}
}

// hasAllWords reports whether document n has every required word; if not, it returns the next document that might
// (none: none). It moves every kid, skipped or not, to n or past it, the words with the fewest documents first, and
// stops at the first word that n lacks: a leapfrog over the words.
func (s *coverSearcher) hasAllWords(ctx *bsearch.SearchContext, n uint64) (bool, uint64, error) {
	for _, wi := range s.byRarity {
		at := none
		for _, g := range s.words[wi].groups {
			for i := g.first; i < g.first+g.n; i++ {
				k := &s.kids[i]
				if k.at < n {
					if err := s.moveKid(ctx, k, n); err != nil {
						return false, 0, err
					}
				}
				at = min(at, k.at)
			}
		}
		if at != n {
			return false, at, nil
		}
	}
	return true, 0, nil
}

// likelyAbove guesses whether the clauses that are never skipped find enough documents to fill the window: when
// they do not, skipping from the start would only make the search run twice.
func (s *coverSearcher) likelyAbove() bool {
	var n uint64
	for _, k := range s.kids {
		if k.impact == nil {
			n += k.s.Count()
		} else {
			n += uint64(len(k.impact.top))
		}
	}
	return n >= uint64(s.window)
}

// windowAbove reports whether the window is full of documents that score above bodyOnlyBound.
func (s *coverSearcher) windowAbove() bool {
	return len(s.top) == s.window && s.top[0] > s.bound
}

// startSkipping stops taking documents from body clauses from the start, if any may be skipped: optimistic, as the
// window has yet to show that they cannot bring in better documents (see end).
func (s *coverSearcher) startSkipping() {
	if s.window <= 0 || math.IsInf(s.bound, 1) {
		return
	}
	s.optimistic = true
	for i := range s.kids {
		if k := &s.kids[i]; k.impact != nil && !k.skip {
			k.skip = true
			s.skipped++
		}
	}
	s.setSkipMask()
}

// filtered reports whether document n passes the filter, and if not, the next document that does (none: none).
func (s *coverSearcher) filtered(ctx *bsearch.SearchContext, n uint64) (bool, uint64, error) {
	if s.filter == nil {
		return true, 0, nil
	}
	if !s.fDone && (s.fcur == nil || docNum(s.fcur.IndexInternalID) < n) {
		if s.fcur != nil {
			ctx.DocumentMatchPool.Put(s.fcur)
		}
		m, err := s.filter.Advance(ctx, internalID(&s.idBuf, n))
		if err != nil {
			return false, 0, err
		}
		s.fcur, s.fDone = m, m == nil
	}
	if s.fDone {
		return false, none, nil
	}
	if at := docNum(s.fcur.IndexInternalID); at != n {
		return false, at, nil
	}
	return true, 0, nil
}

// Advance returns the first document at or after id with at least one required word that can still enter the
// window.
func (s *coverSearcher) Advance(ctx *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	if !s.started {
		if err := s.start(ctx); err != nil {
			return nil, err
		}
	}
	n := docNum(id)
	if err := s.advanceKids(ctx, n, false); err != nil {
		return nil, err
	}
	s.passBest(n, false)
	return s.Next(ctx)
}

// advanceKids moves kids to document n or past it: those not skipped, or (skipped) the skipped ones.
func (s *coverSearcher) advanceKids(ctx *bsearch.SearchContext, n uint64, skipped bool) error {
	for _, i := range s.live {
		if k := &s.kids[i]; k.skip == skipped && k.at < n {
			if err := s.moveKid(ctx, k, n); err != nil {
				return err
			}
		}
	}
	return nil
}

// moveKid moves a kid that is before document n to n or past it: to its next document if nothing lies between,
// which costs less than bleve's Advance.
func (s *coverSearcher) moveKid(ctx *bsearch.SearchContext, k *kid, n uint64) error {
	if k.o != nil {
		s.stats.advances++
		k.at, k.pending = k.o.advance(n), true
		return nil
	}
	if k.d != nil {
		if k.at+1 == n {
			s.stats.nexts++
			k.at, k.pending = k.d.next(), true
		} else {
			s.stats.advances++
			k.at, k.pending = k.d.advance(n), true
		}
		return nil
	}
	ctx.DocumentMatchPool.Put(k.curr)
	var m *bsearch.DocumentMatch
	var err error
	if k.at+1 == n {
		s.stats.nexts++
		m, err = k.s.Next(ctx)
	} else {
		s.stats.advances++
		m, err = k.s.Advance(ctx, internalID(&s.idBuf, n))
	}
	if err != nil {
		return err
	}
	k.set(m)
	return nil
}

// searchers returns every kid, optional clause and the filter.
func (s *coverSearcher) searchers() []bsearch.Searcher {
	var all []bsearch.Searcher
	for _, k := range s.kids {
		all = append(all, k.s)
	}
	all = append(all, s.optional...)
	if s.filter != nil {
		all = append(all, s.filter)
	}
	return all
}

func (s *coverSearcher) Close() error {
	var first error
	for _, c := range s.searchers() {
		if err := c.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

func (s *coverSearcher) Weight() float64 {
	w := 0.0
	for _, k := range s.kids {
		w += k.s.Weight()
	}
	for _, c := range s.optional {
		w += c.Weight()
	}
	return w
}

func (s *coverSearcher) SetQueryNorm(norm float64) {
	for _, k := range s.kids {
		k.s.SetQueryNorm(norm)
	}
	for _, c := range s.optional {
		c.SetQueryNorm(norm)
	}
}

// Count is an upper bound, as bleve's disjunction gives.
func (s *coverSearcher) Count() uint64 {
	var n uint64
	for _, k := range s.kids {
		n += k.s.Count()
	}
	return n
}

func (s *coverSearcher) Min() int { return 0 }

func (s *coverSearcher) Size() int {
	n := 0
	for _, c := range s.searchers() {
		n += c.Size()
	}
	return n
}

func (s *coverSearcher) DocumentMatchPoolSize() int {
	n := len(s.kids) + len(s.optional) + 1
	for _, c := range s.searchers() {
		n += c.DocumentMatchPoolSize()
	}
	return n
}
