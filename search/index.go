// Package search builds, updates and queries kb's server search index: one bleve index per language, each with
// that language's analysis (accent folding, stop words, stemming), and typo- and prefix-tolerant queries.
package search

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"golang.org/x/text/language"

	"kb/search/thesaurus"
)

// ErrUnknownLanguage is returned by Search for a language the index does not have.
var ErrUnknownLanguage = errors.New("search: unknown language")

const (
	defaultLimit = 10
	maxLimit     = 50
	fewWords     = 3
)

// Index is a set of per-language indexes opened read-only, safe for concurrent queries. Nothing writes to its files;
// Apply changes it in memory (kb serve).
type Index struct {
	buildID string
	langs   map[string]*langIndex
	order   []string
	matcher language.Matcher // over order: a reader's "fa" or "en-US" finds fa-IR or en (see lookup)
}

type langIndex struct {
	idx      bleve.Index
	analyzer analysis.Analyzer
	cjk      bool
	rules    *thesaurus.Rules // the language's synonyms and optional words, in its index terms
	affixes  *Affixes         // the language's commonest compound affixes, nil for none
	// compounds: the language writes compound words with a zero-width non-joiner (see compoundTokenizer).
	compounds bool
	// proclitics are the one-letter words the language joins to the next word, nil for none (see Proclitics).
	proclitics *Proclitics
	analyses   *wordAnalyses               // body words as snippets analyze them (see snippeter.match)
	impacts    atomic.Pointer[impactCache] // replaced when Apply changes the index
	sounds     atomic.Pointer[soundTable]  // nil for a language without sound keys; replaced when Apply changes the index
	id         string                      // the manifest's identity of these index files (manifest.langID)
	refs       atomic.Int32                // the Indexes sharing it (Reopen); the last to close closes idx
}

// Open opens the index in dir read-only. If Build or Update swaps dir while Open reads it, Open notices that the
// build id changed under it and starts again, so it never returns a mix of two builds.
func Open(dir string) (*Index, error) {
	return openAfter(dir, nil)
}

// Reopen opens dir as Open does, sharing with ix the languages whose index files are the same (Update rewrites only
// the languages it changes): after an edit in one language, only that one is read. ix stays open and usable; each of
// the two closes on its own.
func (ix *Index) Reopen(dir string) (*Index, error) {
	return openAfter(dir, ix)
}

func openAfter(dir string, prev *Index) (*Index, error) {
	var err error
	for attempt := range 4 {
		if attempt > 0 {
			time.Sleep(time.Duration(attempt) * 10 * time.Millisecond)
		}
		var ix *Index
		if ix, err = open(dir, prev); err != nil {
			continue
		}
		m, merr := readManifest(dir)
		if merr == nil && m.BuildID == ix.buildID {
			return ix, nil
		}
		ix.Close()
		err = fmt.Errorf("search: %s changed while opening it", dir)
	}
	return nil, err
}

func open(dir string, prev *Index) (*Index, error) {
	m, err := readManifest(dir)
	if err != nil {
		return nil, err
	}
	ix := &Index{buildID: m.BuildID, langs: map[string]*langIndex{}}
	for _, l := range m.Languages {
		id := m.langID(l)
		if prev != nil {
			if same := prev.langs[l.Lang]; same != nil && same.id == id && same.share() {
				ix.langs[l.Lang] = same
				ix.order = append(ix.order, l.Lang)
				continue
			}
		}
		a, err := analyzerNamed(l.Analyzer)
		if err != nil {
			ix.Close()
			return nil, fmt.Errorf("search: %s: %w", l.Lang, err)
		}
		// Nothing is written to a read-only index; with unsafe_batch, Apply's batches go into memory without
		// waiting for a persister that does not run.
		idx, err := bleve.OpenUsing(langPath(dir, l.Lang), map[string]any{"read_only": true, "unsafe_batch": true})
		if err != nil {
			ix.Close()
			return nil, fmt.Errorf("search: %s: %w", l.Lang, err)
		}
		th := thesaurus.Default(l.Lang)
		if l.Synonyms != nil {
			th = *l.Synonyms
		}
		rules := compileRules(a, th)
		if err := pruneRules(rules, idx); err != nil {
			idx.Close()
			ix.Close()
			return nil, fmt.Errorf("search: %s: %w", l.Lang, err)
		}
		sounds, err := readSoundTable(langPath(dir, l.Lang))
		if err != nil {
			idx.Close()
			ix.Close()
			return nil, fmt.Errorf("search: %s: %w", l.Lang, err)
		}
		li := &langIndex{idx: idx, analyzer: a, cjk: isCJK(l.Analyzer), rules: rules, affixes: chains[l.Analyzer].affixes, compounds: chains[l.Analyzer].compounds, proclitics: chains[l.Analyzer].proclitics, id: id, analyses: newWordAnalyses()}
		li.impacts.Store(newImpactCache())
		if sounds != nil {
			li.sounds.Store(&sounds)
		}
		li.refs.Store(1)
		ix.langs[l.Lang] = li
		ix.order = append(ix.order, l.Lang)
	}
	ix.matcher = matcherOf(ix.order)
	return ix, nil
}

// matcherOf matches language tags against codes, in their order.
func matcherOf(codes []string) language.Matcher {
	tags := make([]language.Tag, len(codes))
	for i, code := range codes {
		tags[i] = language.Make(code)
	}
	return language.NewMatcher(tags)
}

// share takes a reference to l for another Index, unless l is already closed.
func (l *langIndex) share() bool {
	for {
		n := l.refs.Load()
		if n <= 0 {
			return false
		}
		if l.refs.CompareAndSwap(n, n+1) {
			return true
		}
	}
}

// Close closes every language's index that no other Index shares.
func (ix *Index) Close() error {
	var errs []error
	for _, l := range ix.langs {
		if l.refs.Add(-1) == 0 {
			errs = append(errs, l.idx.Close())
		}
	}
	return errors.Join(errs...)
}

// BuildID identifies the build the index was opened from: a server compares it with the manifest's to know when to
// reopen.
func (ix *Index) BuildID() string { return ix.buildID }

// Languages returns the index's language codes, sorted.
func (ix *Index) Languages() []string { return append([]string(nil), ix.order...) }

// Language returns the index's code for lang as Search reads it ("EN" and "en-US" are en, "fa" fa-IR), or false
// when the index has no language a reader of lang reads.
func (ix *Index) Language(lang string) (string, bool) {
	code, _, ok := ix.lookup(lang)
	return code, ok
}

// PageLanguage returns the language whose index has a document at url ("/en/faq/returns/", or a question's
// "/en/faq/general/#how-do-i-pay"), looking in lang's first when it names one of the index's languages, or false
// when no language has one: the server takes votes and clicks only for the site's pages.
func (ix *Index) PageLanguage(url, lang string) (string, bool) {
	has := func(code string) bool {
		doc, err := ix.langs[code].idx.Document(url)
		return err == nil && doc != nil
	}
	first, _, ok := ix.lookup(lang)
	if ok && has(first) {
		return first, true
	}
	for _, code := range ix.order {
		if code != first && has(code) {
			return code, true
		}
	}
	return "", false
}

// Query is one search.
type Query struct {
	Text    string
	Lang    string // required; unknown language → ErrUnknownLanguage
	Section string // optional filter
	Limit   int    // default 10, max 50
}

// Hit is one result.
type Hit struct {
	Title        string  `json:"title"`
	URL          string  `json:"url"`
	Snippet      string  `json:"snippet"` // HTML-escaped text with the matched words in <mark>…</mark>; nothing else unescaped
	Section      string  `json:"section"`
	SectionTitle string  `json:"section_title,omitempty"` // localized, for display
	Score        float64 `json:"score"`
	Page         string  `json:"page,omitempty"` // FAQ page title for a question hit
	Fallback     bool    `json:"fallback,omitempty"`
}

// Result is a page of hits, best first. Hits is never nil, so it encodes as []. A hit's Score is from the search step
// that found it (see run), so scores need not decrease down a page that the any-word step filled.
type Result struct {
	Lang string `json:"lang,omitempty"` // the index's code of the language searched (Query.Lang may be "en-US" for "en")
	Hits []Hit  `json:"hits"`
	// Total counts the pages the search scored that have every word, or if they do not fill a page, any word.
	// Once a page of hits is full, the pages that cannot score as well as its last are neither looked at nor
	// scored where the search can tell (see coverSearcher), so on a large index a common word's total is a lower
	// bound.
	Total  int     `json:"total"`
	TookMS float64 `json:"took_ms"`
}

// lookup finds a language by its code, forgiving case ("pt-br"), or else the index's language that a reader of
// lang reads as their own: a search widget sends the browser's language (navigator.language), so "en-US" finds
// en, "fa" fa-IR and "zh-CN" zh-Hans, while "sr-Latn" does not find Cyrillic sr, nor "de" en. It returns the
// code found.
func (ix *Index) lookup(lang string) (string, *langIndex, bool) {
	if l, ok := ix.langs[lang]; ok {
		return lang, l, true
	}
	for code, l := range ix.langs {
		if strings.EqualFold(code, lang) {
			return code, l, true
		}
	}
	tag, err := language.Parse(lang)
	if err != nil || ix.matcher == nil {
		return "", nil, false
	}
	_, i, conf := ix.matcher.Match(tag)
	if conf < language.High {
		return "", nil, false
	}
	code := ix.order[i]
	return code, ix.langs[code], true
}

// Search runs q. Every word must match (as typed, as another form of the same word, with a typo, or, for the last
// word, as the start of a word); if no document has them all, any word may match, so that a long question still
// finds its answer.
func (ix *Index) Search(ctx context.Context, q Query) (Result, error) {
	start := time.Now()
	res := Result{Hits: []Hit{}}
	lang, l, ok := ix.lookup(q.Lang)
	if !ok {
		return res, fmt.Errorf("%w: %q", ErrUnknownLanguage, q.Lang)
	}
	res.Lang = lang
	limit := q.Limit
	if limit <= 0 {
		limit = defaultLimit
	}
	limit = min(limit, maxLimit)

	words := l.parse(q.Text)
	if len(words) == 0 {
		res.TookMS = since(start)
		return res, nil
	}
	sr, err := l.run(ctx, words, q.Section, limit)
	if err != nil {
		return res, fmt.Errorf("search: %w", err)
	}
	res.Total = int(sr.Total)
	sn := newSnippeter(l.analyzer, l.cjk, flatten(words, maxSnippetWords))
	sn.analyses, sn.compounds = l.analyses, l.compounds
	for _, m := range sr.Hits {
		res.Hits = append(res.Hits, hit(m, sn))
	}
	sn.release()
	res.TookMS = since(start)
	return res, nil
}

// run searches once: every word's clause in one query (wordsQuery), documents with all the words first, then those
// with some, so that a long question whose words are not all in one page still finds its answer. Typos are allowed
// only in queries of up to fewWords words, and only for words the index does not know: fuzzy clauses are the
// expensive part (bleve builds an automaton for each), and a longer question has enough words to find its answer
// without.
func (l *langIndex) run(ctx context.Context, words []word, section string, limit int) (*bleve.SearchResult, error) {
	return l.runWords(ctx, &wordsQuery{words: words, fuzzy: len(required(words)) <= fewWords, limit: limit, section: section})
}

// runWords runs q for a page of q.limit hits.
func (l *langIndex) runWords(ctx context.Context, q *wordsQuery) (*bleve.SearchResult, error) {
	q.impacts = l.impacts.Load()
	var all uint64
	q.allDocs = &all
	sr, err := l.search(ctx, q, q.limit)
	if err != nil {
		return nil, err
	}
	// The total is of the pages with every word, unless they do not fill a page: then of all the pages shown.
	if all >= uint64(q.limit) {
		sr.Total = all
	}
	for _, h := range sr.Hits {
		if h.Score >= allWordsBonus {
			h.Score -= allWordsBonus
		}
	}
	return sr, nil
}

// Closest returns the page that comes closest to a query that found nothing, for kb report: the first hit of the
// query as Search runs it now (the index or the thesaurus may have changed since), else of a relaxed query that any
// word may match, with typos, and each word also as the start of a longer one ("refu" as in "refund"). ok is false
// when even that finds nothing.
func (ix *Index) Closest(ctx context.Context, lang, text string) (Hit, bool, error) {
	res, err := ix.Search(ctx, Query{Text: text, Lang: lang, Limit: 1})
	if err != nil || len(res.Hits) > 0 {
		return firstHit(res.Hits), len(res.Hits) > 0, err
	}
	_, l, _ := ix.lookup(lang)
	words := required(l.parse(text))
	if len(words) == 0 || l.cjk {
		return Hit{}, false, nil
	}
	for i := range words {
		relax(&words[i])
	}
	sr, err := l.runWords(ctx, &wordsQuery{words: words, fuzzy: true, limit: 1})
	if err != nil || len(sr.Hits) == 0 {
		return Hit{}, false, err
	}
	sn := newSnippeter(l.analyzer, l.cjk, flatten(words, maxSnippetWords))
	sn.compounds = l.compounds
	return hit(sr.Hits[0], sn), true, nil
}

// relax lets a word of three letters or more be the start of a longer word.
func relax(w *word) {
	for i := range w.parts {
		relax(&w.parts[i])
	}
	w.prefix = utf8.RuneCountInString(w.surface) >= 3
}

func firstHit(hits []Hit) Hit {
	if len(hits) == 0 {
		return Hit{}
	}
	return hits[0]
}

// search runs q for its best limit hits. Documents with equal scores come in ID order: bleve would order them as they
// lie in the index, and its builder lays out each segment's documents in map order, so two builds of the same pages
// would list them differently. One hit more than the page shows tells whether the last one ties with the next; if it
// does, the search runs again on a window twice as large and, if the tie reaches its end too, on the largest, of which
// the hits that the page's tie and tieWindow decide are ordered before the page is cut: the hits a search that kept
// doubling its window would find. Stored fields are read for the page's hits only (see loadFields).
func (l *langIndex) search(ctx context.Context, q *wordsQuery, limit int) (*bleve.SearchResult, error) {
	size := limit + 1
	sr, err := l.window(ctx, q, size)
	if err != nil {
		return nil, err
	}
	hits := sr.Hits
	for w := size; ties(hits, limit, w); {
		// Most ties are of a few pages, which a window twice as large holds at a fraction of the largest window's
		// cost (it leaves out far fewer pages); a tie that reaches past it too takes the largest.
		if w == size {
			w = min(2*size, maxTieWindow)
		} else {
			w = maxTieWindow
		}
		if sr, err = l.window(ctx, q, w); err != nil {
			return nil, err
		}
		hits = sr.Hits
		if w == maxTieWindow {
			hits = hits[:min(len(hits), tieWindow(hits, limit))]
		}
	}
	slices.SortStableFunc(hits, func(a, b *bsearch.DocumentMatch) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.ID, b.ID))
	})
	if hits, err = l.loadFields(q, hits, limit); err != nil {
		return nil, err
	}
	demoteFallbacks(hits)
	sr.Hits = hits[:min(limit, len(hits))]
	return sr, nil
}

// window runs q for its best size hits, in score order (equal scores in index order), without their stored fields.
func (l *langIndex) window(ctx context.Context, q *wordsQuery, size int) (*bleve.SearchResult, error) {
	q.floor = math.Inf(-1)
	for {
		if q.allDocs != nil {
			*q.allDocs = 0
		}
		q.window, q.skipFailed, q.failedFloor = size, false, math.Inf(-1)
		sr, err := l.collect(ctx, q, size)
		if sr == nil && err == nil {
			sr, err = l.idx.SearchInContext(ctx, bleve.NewSearchRequestOptions(q, size, 0, false))
		}
		if err != nil || !q.skipFailed {
			return sr, err
		}
		// Too few pages matched the word outside their body to be sure of the best ones: look at every page, but
		// not at those that cannot score as well as the pages found.
		q.exhaustive, q.floor = true, q.failedFloor
		if q.stats != nil {
			q.stats.retries++
		}
	}
}

// ties reports whether the page's last hit ties with the last of hits, the best w, so that a larger window may hold
// pages that come before it by ID.
func ties(hits []*bsearch.DocumentMatch, limit, w int) bool {
	return len(hits) == w && w < maxTieWindow && hits[limit-1].Score == hits[w-1].Score
}

// tieWindow is the window a search that doubles its window from limit+1 up to maxTieWindow, until the page's last
// hit no longer ties with the window's last, stops at: the smallest that holds every hit scoring as well as the
// page's last. hits are the best maxTieWindow, in score order.
func tieWindow(hits []*bsearch.DocumentMatch, limit int) int {
	tied := 0 // hits scoring at least as well as the page's last
	for tied < len(hits) && hits[tied].Score >= hits[limit-1].Score {
		tied++
	}
	w := limit + 1
	for w <= tied && w < maxTieWindow {
		w = min(2*w, maxTieWindow)
	}
	return w
}

// loadFields reads the stored fields of the hits, best first, that can be on the page of limit: the first limit, and
// past them while a hit could still move up into the page once demoteFallbacks lowers a fallback's score (a hit's
// score only goes down, so one that scores below what the page's last keeps cannot). It returns those hits. A hit
// whose document is no longer in the index (an update came in between) is left out.
func (l *langIndex) loadFields(q *wordsQuery, hits []*bsearch.DocumentMatch, limit int) ([]*bsearch.DocumentMatch, error) {
	if len(hits) == 0 {
		return hits, nil
	}
	r, err := l.reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	req := &bleve.SearchRequest{Fields: storedFields}
	stored := newStoredReader(r)
	kept := hits[:0]
	var page []float64 // the scores kept hits will have, the best limit (a min-heap)
	for _, h := range hits {
		if len(page) == limit && page[0] >= h.Score {
			break
		}
		if !stored.load(h) {
			if err, _ := bleve.LoadAndHighlightFields(h, req, "", r, nil); err != nil {
				return nil, err
			}
		}
		if h.Fields == nil {
			continue
		}
		if q.stats != nil {
			q.stats.loaded++
		}
		kept = append(kept, h)
		page = keepTop(page, limit, demotedScore(h))
	}
	return kept, nil
}

// maxTieWindow bounds the hits search reads to order a tie at the end of a page (see langIndex.search).
const maxTieWindow = 400

// fallbackFactor scales the score of a page shown from another language because it is not translated: a page in the
// reader's language that matches as well comes first.
const fallbackFactor = 0.8

// demoteFallbacks applies fallbackFactor and sorts the hits again, best first. A page with every word stays above
// the pages without (allWordsBonus).
func demoteFallbacks(hits bsearch.DocumentMatchCollection) {
	changed := false
	for _, h := range hits {
		if s := demotedScore(h); s != h.Score {
			h.Score = s
			changed = true
		}
	}
	if changed {
		slices.SortStableFunc(hits, func(a, b *bsearch.DocumentMatch) int { return cmp.Compare(b.Score, a.Score) })
	}
}

// demotedScore is h's score once demoteFallbacks has applied fallbackFactor, if h is a fallback.
func demotedScore(h *bsearch.DocumentMatch) float64 {
	if fb, _ := h.Fields[fieldFallback].(bool); fb {
		tier := math.Floor(h.Score/allWordsBonus) * allWordsBonus
		return tier + (h.Score-tier)*fallbackFactor
	}
	return h.Score
}

func hit(m *bsearch.DocumentMatch, sn *snippeter) Hit {
	str := func(f string) string { s, _ := m.Fields[f].(string); return s }
	fallback, _ := m.Fields[fieldFallback].(bool)
	return Hit{
		Title:        str(fieldTitle),
		URL:          str(fieldURL),
		Snippet:      sn.snippet(str(fieldBody)),
		Section:      str(fieldSection),
		SectionTitle: str(fieldSectionTitle),
		Score:        m.Score,
		Page:         str(fieldPage),
		Fallback:     fallback,
	}
}

// maxSnippetWords bounds the words a snippet looks for (the snippeter tracks them in a 64-bit set).
const maxSnippetWords = 48

// compileRules analyzes a thesaurus with the language's analyzer. A word's terms are read as a query word's (see
// analyzeQuery): the tokens inside the word's own (a compound's parts, a word's rest without proclitics) are other
// ways to have it, not more words a phrase needs.
func compileRules(a analysis.Analyzer, th thesaurus.Thesaurus) *thesaurus.Rules {
	return thesaurus.Compile(th, thesaurus.Analysis{
		Terms: func(text string) []string {
			var ts []string
			var word *analysis.Token
			for _, t := range a.Analyze([]byte(text)) {
				if word != nil && t.Start >= word.Start && t.End <= word.End {
					continue
				}
				word = t
				ts = append(ts, string(t.Term))
			}
			return ts
		},
		Normalize: Normalize,
	})
}

// pruneRules drops the synonyms that no document has where altClause looks for them.
func pruneRules(r *thesaurus.Rules, idx bleve.Index) error {
	adv, err := idx.Advanced()
	if err != nil {
		return err
	}
	reader, err := adv.Reader()
	if err != nil {
		return err
	}
	defer reader.Close()
	known := map[string]bool{}
	var lookupErr error
	r.Prune(func(term string) bool {
		if has, ok := known[term]; ok {
			return has
		}
		for _, f := range altFields {
			tfr, err := reader.TermFieldReader(context.Background(), []byte(term), f, false, false, false)
			if err != nil {
				lookupErr = err
				return false
			}
			n := tfr.Count()
			tfr.Close()
			if n > 0 {
				known[term] = true
				return true
			}
		}
		known[term] = false
		return false
	})
	return lookupErr
}

func since(t time.Time) float64 { return float64(time.Since(t).Microseconds()) / 1000 }
