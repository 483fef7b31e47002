// Package search builds, updates and queries kb's server search index: one bleve index per language, each with
// that language's analysis (accent folding, stop words, stemming), and typo- and prefix-tolerant queries.
package search

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// ErrUnknownLanguage is returned by Search for a language the index does not have.
var ErrUnknownLanguage = errors.New("search: unknown language")

const (
	defaultLimit = 10
	maxLimit     = 50
	fewWords     = 3
)

// Index is a read-only set of per-language indexes, safe for concurrent queries.
type Index struct {
	buildID string
	langs   map[string]*langIndex
	order   []string
}

type langIndex struct {
	idx      bleve.Index
	analyzer analysis.Analyzer
	cjk      bool
}

// Open opens the index in dir read-only. If Build or Update swaps dir while Open reads it, Open notices that the
// build id changed under it and starts again, so it never returns a mix of two builds.
func Open(dir string) (*Index, error) {
	var err error
	for attempt := range 4 {
		if attempt > 0 {
			time.Sleep(time.Duration(attempt) * 10 * time.Millisecond)
		}
		var ix *Index
		if ix, err = open(dir); err != nil {
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

func open(dir string) (*Index, error) {
	m, err := readManifest(dir)
	if err != nil {
		return nil, err
	}
	ix := &Index{buildID: m.BuildID, langs: map[string]*langIndex{}}
	for _, l := range m.Languages {
		a, err := analyzerNamed(l.Analyzer)
		if err != nil {
			ix.Close()
			return nil, fmt.Errorf("search: %s: %w", l.Lang, err)
		}
		idx, err := bleve.OpenUsing(langPath(dir, l.Lang), map[string]any{"read_only": true})
		if err != nil {
			ix.Close()
			return nil, fmt.Errorf("search: %s: %w", l.Lang, err)
		}
		ix.langs[l.Lang] = &langIndex{idx: idx, analyzer: a, cjk: isCJK(l.Analyzer)}
		ix.order = append(ix.order, l.Lang)
	}
	return ix, nil
}

// Close closes every language's index.
func (ix *Index) Close() error {
	var errs []error
	for _, l := range ix.langs {
		errs = append(errs, l.idx.Close())
	}
	return errors.Join(errs...)
}

// BuildID identifies the build the index was opened from: a server compares it with the manifest's to know when to
// reopen.
func (ix *Index) BuildID() string { return ix.buildID }

// Languages returns the index's language codes, sorted.
func (ix *Index) Languages() []string { return append([]string(nil), ix.order...) }

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
	Hits   []Hit   `json:"hits"`
	Total  int     `json:"total"`
	TookMS float64 `json:"took_ms"`
}

// lookup finds a language by its canonical code, forgiving case ("pt-br").
func (ix *Index) lookup(lang string) (*langIndex, bool) {
	if l, ok := ix.langs[lang]; ok {
		return l, true
	}
	for code, l := range ix.langs {
		if strings.EqualFold(code, lang) {
			return l, true
		}
	}
	return nil, false
}

// Search runs q. Every word must match (as typed, as another form of the same word, with a typo, or, for the last
// word, as the start of a word); if no document has them all, any word may match, so that a long question still
// finds its answer.
func (ix *Index) Search(ctx context.Context, q Query) (Result, error) {
	start := time.Now()
	res := Result{Hits: []Hit{}}
	l, ok := ix.lookup(q.Lang)
	if !ok {
		return res, fmt.Errorf("%w: %q", ErrUnknownLanguage, q.Lang)
	}
	limit := q.Limit
	if limit <= 0 {
		limit = defaultLimit
	}
	limit = min(limit, maxLimit)

	words := parseQuery(l.analyzer, l.cjk, q.Text)
	if len(words) == 0 {
		res.TookMS = since(start)
		return res, nil
	}
	sr, err := l.run(ctx, words, q.Section, limit)
	if err != nil {
		return res, fmt.Errorf("search: %w", err)
	}
	res.Total = int(sr.Total)
	sn := newSnippeter(l.analyzer, l.cjk, words)
	for _, m := range sr.Hits {
		res.Hits = append(res.Hits, hit(m, sn))
	}
	res.TookMS = since(start)
	return res, nil
}

// run searches once: every word's clause in one query (wordsQuery), documents with all the words first, then those
// with some, so that a long question whose words are not all in one page still finds its answer. Typos are allowed
// only in queries of up to fewWords words, and only for words the index does not know: fuzzy clauses are the
// expensive part (bleve builds an automaton for each), and a longer question has enough words to find its answer
// without.
func (l *langIndex) run(ctx context.Context, words []word, section string, limit int) (*bleve.SearchResult, error) {
	var all uint64
	q := &wordsQuery{words: words, fuzzy: len(words) <= fewWords, limit: limit, section: section, allDocs: &all}
	sr, err := l.search(ctx, q, limit)
	if err != nil {
		return nil, err
	}
	// The total is of the pages with every word, unless they do not fill a page: then of all the pages shown.
	if all >= uint64(limit) {
		sr.Total = all
	}
	for _, h := range sr.Hits {
		if h.Score >= allWordsBonus {
			h.Score -= allWordsBonus
		}
	}
	return sr, nil
}

func (l *langIndex) search(ctx context.Context, q query.Query, limit int) (*bleve.SearchResult, error) {
	req := bleve.NewSearchRequestOptions(q, limit, 0, false)
	req.Fields = storedFields
	return l.idx.SearchInContext(ctx, req)
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

func since(t time.Time) float64 { return float64(time.Since(t).Microseconds()) / 1000 }
