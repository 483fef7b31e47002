package search

import (
	"context"
	"strings"

	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// otherWord reports whether a and b, near spellings of each other, are different words to the language's affixes
// (nil for none), no typo of each other: the same word but for the verb's negation before one ("نمیتواند", "cannot",
// and "میتواند", "can"), or but for a prefix before one ("میفرستیم", "we send", and "فرستیم", which "نمیفرستیم",
// "we do not send", has too); or words with different prefixes ("میفرستبم" is no typo of "نمیفرستیم").
func (af *Affixes) otherWord(a, b string) bool {
	if af == nil {
		return false
	}
	if af.Negation != "" && (a == af.Negation+b || b == af.Negation+a) {
		return true
	}
	for _, p := range af.Prefixes {
		if a == p+b || b == p+a {
			return true
		}
	}
	la, lb := af.prefixOf(a), af.prefixOf(b)
	return la != "" && lb != "" && la != lb
}

// prefixOf returns the first of the prefixes that word starts with, with enough of a rest; "" for none.
func (af *Affixes) prefixOf(word string) string {
	if rest := af.prefixRest(word); rest != "" {
		return strings.TrimSuffix(word, rest)
	}
	return ""
}

// typoQuery is a fuzzy query whose near spellings leave out the words that the language's affixes make another word
// (see Affixes.otherWord); otherwise it is bleve's, its scores included.
type typoQuery struct {
	*query.FuzzyQuery
	affixes *Affixes
}

// Searcher is the fuzzy query's searcher over r, whose fuzzy dictionary skips the other words of the query's term.
// A reader without bleve's fuzzy dictionary (no index kb opens) has its near spellings unfiltered.
func (q *typoQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, opts bsearch.SearcherOptions) (bsearch.Searcher, error) {
	if sr, ok := r.(scorchReader); ok {
		r = &otherWordSkipper{scorchReader: sr, term: q.Term, affixes: q.affixes}
	}
	return q.FuzzyQuery.Searcher(ctx, r, m, opts)
}

// otherWordSkipper is a reader whose fuzzy dictionaries of term leave out its other words (see Affixes.otherWord).
type otherWordSkipper struct {
	scorchReader
	term    string
	affixes *Affixes
}

func (r *otherWordSkipper) FieldDictFuzzyAutomaton(field, term string, fuzziness int, prefix string) (index.FieldDict, index.FuzzyAutomaton, error) {
	d, a, err := r.scorchReader.FieldDictFuzzyAutomaton(field, term, fuzziness, prefix)
	if err != nil || term != r.term {
		return d, a, err
	}
	return &otherWordSkippingDict{FieldDict: d, term: term, affixes: r.affixes}, a, nil
}

// otherWordSkippingDict is a fuzzy dictionary of term without its other words.
type otherWordSkippingDict struct {
	index.FieldDict
	term    string
	affixes *Affixes
}

func (d *otherWordSkippingDict) Next() (*index.DictEntry, error) {
	for {
		e, err := d.FieldDict.Next()
		if err != nil || e == nil || !d.affixes.otherWord(e.Term, d.term) {
			return e, err
		}
	}
}

// withAffixes sets the language's affixes (see Affixes.otherWord) on the words and their parts.
func withAffixes(words []word, af *Affixes) []word {
	for i := range words {
		words[i].affixes = af
		withAffixes(words[i].parts, af)
	}
	return words
}
