package search

import (
	"context"

	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// negates reports whether a and b are the same word but for neg before one of them ("نمیتواند", "cannot", and
// "میتواند", "can"): one edit apart, but of opposite meaning, so no typo of each other. neg "" negates nothing.
func negates(a, b, neg string) bool {
	return neg != "" && (a == neg+b || b == neg+a)
}

// typoQuery is a fuzzy query whose near spellings leave out the word's negation and, for a negated word, the word
// without it (see negates); otherwise it is bleve's, its scores included.
type typoQuery struct {
	*query.FuzzyQuery
	negation string
}

// Searcher is the fuzzy query's searcher over r, whose fuzzy dictionary skips the negations of the query's term.
// A reader without bleve's fuzzy dictionary (no index kb opens) has its near spellings unfiltered.
func (q *typoQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, opts bsearch.SearcherOptions) (bsearch.Searcher, error) {
	if sr, ok := r.(scorchReader); ok {
		r = &negationSkipper{scorchReader: sr, term: q.Term, negation: q.negation}
	}
	return q.FuzzyQuery.Searcher(ctx, r, m, opts)
}

// negationSkipper is a reader whose fuzzy dictionaries of term leave out its negations.
type negationSkipper struct {
	scorchReader
	term, negation string
}

func (r *negationSkipper) FieldDictFuzzyAutomaton(field, term string, fuzziness int, prefix string) (index.FieldDict, index.FuzzyAutomaton, error) {
	d, a, err := r.scorchReader.FieldDictFuzzyAutomaton(field, term, fuzziness, prefix)
	if err != nil || term != r.term {
		return d, a, err
	}
	return &negationSkippingDict{FieldDict: d, term: term, negation: r.negation}, a, nil
}

// negationSkippingDict is a fuzzy dictionary of term without its negations.
type negationSkippingDict struct {
	index.FieldDict
	term, negation string
}

func (d *negationSkippingDict) Next() (*index.DictEntry, error) {
	for {
		e, err := d.FieldDict.Next()
		if err != nil || e == nil || !negates(e.Term, d.term, d.negation) {
			return e, err
		}
	}
}

// withNegation sets the language's negation prefix (see Affixes.Negation) on the words and their parts.
func withNegation(words []word, neg string) []word {
	for i := range words {
		words[i].negation = neg
		withNegation(words[i].parts, neg)
	}
	return words
}
