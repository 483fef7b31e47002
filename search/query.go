package search

import (
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search/query"
)

const (
	// maxQueryBytes and maxQueryWords bound the work one query can ask for.
	maxQueryBytes = 256
	maxQueryWords = 12
	maxFuzzyRunes = 24
)

// Field boosts: a title (or question) match ranks above a heading or tag match, which ranks above a body match.
// Typo and prefix matches on the unstemmed *_x fields rank below exact matches in the same place.
var stemFields = []struct {
	name  string
	boost float64
}{
	{fieldTitle, 4}, {fieldPage, 1.5}, {fieldHeadings, 2}, {fieldTags, 2}, {fieldBody, 1},
}

const (
	titleFuzzyBoost  = 2
	bodyFuzzyBoost   = 0.5
	titlePrefixBoost = 3
	bodyPrefixBoost  = 0.75
)

// word is one query word after analysis.
type word struct {
	stem    string // as the language analyzer indexes it
	surface string // Normalize of the typed word: what fuzzy and prefix queries match against *_x fields
	fuzz    int    // allowed typos
	prefix  bool   // the last word, still being typed
	// known says that the index has the word as typed, in enough pages (see markKnown): it is then taken as spelled
	// right and complete, so its near spellings are not looked for, and its completions only in titles, headings and
	// tags, whose dictionaries and posting lists are short.
	known bool
}

// parseQuery analyzes query text into at most maxQueryWords words. Stop words disappear here, as they do from the
// index. Words are deduplicated by stem ("return returns" is one word).
func parseQuery(a analysis.Analyzer, cjk bool, text string) []word {
	text = truncate(text, maxQueryBytes)
	tokens := a.Analyze([]byte(text))
	var words []word
	seen := map[string]bool{}
	for _, t := range tokens {
		stem := string(t.Term)
		if stem == "" || seen[stem] {
			continue
		}
		seen[stem] = true
		w := word{stem: stem}
		if !cjk {
			w.surface = Normalize(text[t.Start:t.End])
			w.fuzz = fuzziness(w.surface)
			// The last word is still being typed when nothing follows it: not even a space.
			w.prefix = t.End == len(text) && utf8.RuneCountInString(w.surface) >= 2
		}
		words = append(words, w)
		if len(words) == maxQueryWords {
			break
		}
	}
	return words
}

// fuzziness is the number of typos allowed in a normalized word: 1 from 5 letters, 2 from 8. An adjacent transposition
// ("paymnet") counts as one typo. Past maxFuzzyRunes a "word" is a code or a URL, and its automaton would be costly.
func fuzziness(surface string) int {
	switch n := utf8.RuneCountInString(surface); {
	case n > maxFuzzyRunes:
		return 0
	case n >= 8:
		return 2
	case n >= 5:
		return 1
	}
	return 0
}

// truncate cuts s to at most n bytes without splitting a rune.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// clause is the query one word must satisfy: its stem in any field, or (outside CJK) a near spelling or, for the
// last word, a completion: of the word as typed in the title, headings and tags, and of its stem in the body.
func (w word) clause(fuzzy bool) query.Query {
	var qs []query.Query
	for _, f := range stemFields {
		q := query.NewTermQuery(w.stem)
		q.SetField(f.name)
		q.SetBoost(f.boost)
		qs = append(qs, q)
	}
	loose := []struct {
		field, term          string
		fuzzyBoost, preBoost float64
	}{
		{fieldTitleX, w.surface, titleFuzzyBoost, titlePrefixBoost},
		{fieldBody, w.stem, bodyFuzzyBoost, bodyPrefixBoost},
	}
	for _, l := range loose {
		if fuzzy && w.fuzz > 0 && !w.known {
			q := query.NewFuzzyQuery(l.term)
			q.SetField(l.field)
			q.SetFuzziness(w.fuzz)
			q.SetBoost(l.fuzzyBoost)
			qs = append(qs, q)
			if w.fuzz == 1 {
				// Levenshtein counts a swap of two letters as two edits; phone typists make it as one.
				for _, t := range transpositions(l.term) {
					q := query.NewTermQuery(t)
					q.SetField(l.field)
					q.SetBoost(l.fuzzyBoost)
					qs = append(qs, q)
				}
			}
		}
		if w.prefix && utf8.RuneCountInString(l.term) >= 2 && !(w.known && l.field == fieldBody) {
			q := query.NewPrefixQuery(l.term)
			q.SetField(l.field)
			q.SetBoost(l.preBoost)
			qs = append(qs, q)
		}
	}
	return query.NewDisjunctionQuery(qs)
}

// transpositions returns s with each pair of adjacent, different runes swapped.
func transpositions(s string) []string {
	r := []rune(s)
	var out []string
	for i := 0; i+1 < len(r); i++ {
		if r[i] == r[i+1] {
			continue
		}
		r[i], r[i+1] = r[i+1], r[i]
		out = append(out, string(r))
		r[i], r[i+1] = r[i+1], r[i]
	}
	return out
}

// buildQuery requires every word (all) or any word, within an optional section. Typo tolerance (fuzzy) is optional
// because it is the expensive part: bleve builds a Levenshtein automaton per fuzzy clause.
func buildQuery(words []word, all, fuzzy bool, section string) query.Query {
	clauses := make([]query.Query, len(words))
	for i, w := range words {
		clauses[i] = w.clause(fuzzy)
	}
	var q query.Query
	if all {
		q = query.NewConjunctionQuery(clauses)
	} else {
		q = query.NewDisjunctionQuery(clauses)
	}
	if section == "" {
		return q
	}
	s := query.NewTermQuery(section)
	s.SetField(fieldSection)
	b := query.NewBooleanQuery([]query.Query{q}, nil, nil)
	b.AddFilter(s)
	return b
}

// typos reports whether any word may have typos: only then does a fuzzy query differ from an exact one.
func typos(words []word) bool {
	for _, w := range words {
		if w.fuzz > 0 {
			return true
		}
	}
	return false
}
