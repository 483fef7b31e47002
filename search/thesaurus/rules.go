package thesaurus

import (
	"slices"
	"strings"
	"unicode"
)

// Rules is a thesaurus in the index terms of one language's analyzer: what
// query parsing looks its words up in. Triggers and alternatives are term
// sequences, so "Refunds", "refunded" and "refund" all trigger the entry
// written "refund", and a stop word inside a phrase is ignored as it is in
// the index.
type Rules struct {
	// Alts maps a trigger (the terms of a word or phrase, joined by spaces)
	// to the other ways of saying it, each a term sequence that must match
	// as a whole.
	Alts map[string][][]string
	// Longest is the number of terms of the longest trigger.
	Longest int
	// Optional holds the terms of the optional words.
	Optional map[string]bool
	// Surfaces maps each word written in the thesaurus, normalized, to its
	// one term: for a client that cannot analyze text (the static index)
	// and meets a word its index does not have.
	Surfaces map[string]string
}

// MaxAlts bounds the alternatives of one trigger, the first ones listed kept: each is a few more clauses in a query.
const MaxAlts = 8

// Analysis is the language's text analysis, as functions: Terms gives the
// index terms of a text, Normalize the browser-reproducible folding of a
// word.
type Analysis struct {
	Terms     func(text string) []string
	Normalize func(word string) string
}

// Compile analyzes th for one language. Words that analyze to nothing (stop
// words) drop out, and phrases left with one word; an entry left with no
// alternative is dropped.
func Compile(th Thesaurus, an Analysis) *Rules {
	r := &Rules{Alts: map[string][][]string{}, Optional: map[string]bool{}, Surfaces: map[string]string{}}
	// phrase is the terms of a word or phrase. A phrase that keeps one term or none ("not what I ordered" is
	// "order") had its meaning in its stop words: it is left out, rather than standing for its one common word.
	phrase := func(s string) []string {
		words := strings.FieldsFunc(s, notWord)
		for _, w := range words {
			if t := an.Terms(w); len(t) == 1 {
				r.Surfaces[an.Normalize(w)] = t[0]
			}
		}
		ts := an.Terms(s)
		if len(words) > 1 && len(ts) < 2 {
			return nil
		}
		return ts
	}
	add := func(from []string, to [][]string) {
		if len(from) == 0 {
			return
		}
		k := strings.Join(from, " ")
		for _, alt := range to {
			// An alternative holding the trigger itself ("return the item" for "return") finds nothing more.
			if len(alt) == 0 || len(r.Alts[k]) == MaxAlts || contains(alt, from) ||
				slices.ContainsFunc(r.Alts[k], func(a []string) bool { return slices.Equal(a, alt) }) {
				continue
			}
			r.Alts[k] = append(r.Alts[k], alt)
			r.Longest = max(r.Longest, len(from))
		}
	}
	for _, g := range th.Groups {
		ts := make([][]string, len(g))
		for i, w := range g {
			ts[i] = phrase(w)
		}
		for _, from := range ts {
			add(from, ts)
		}
	}
	for _, k := range sortedKeys(th.Expand) {
		var to [][]string
		for _, w := range th.Expand[k] {
			to = append(to, phrase(w))
		}
		add(phrase(k), to)
	}
	for _, w := range th.Optional {
		for _, t := range phrase(w) {
			r.Optional[t] = true
		}
	}
	return r
}

// Prune drops the alternatives with a term that has returns false for, and the triggers left without one: a
// synonym the index does not have can match nothing, and every alternative costs a query clauses.
func (r *Rules) Prune(has func(term string) bool) {
	for k, alts := range r.Alts {
		var kept [][]string
		for _, a := range alts {
			if !slices.ContainsFunc(a, func(t string) bool { return !has(t) }) {
				kept = append(kept, a)
			}
		}
		if len(kept) == 0 {
			delete(r.Alts, k)
		} else {
			r.Alts[k] = kept
		}
	}
}

// Match finds the longest trigger among the terms at the start of ts: its
// length in terms and its alternatives, or 0 and nil.
func (r *Rules) Match(ts []string) (int, [][]string) {
	if r == nil {
		return 0, nil
	}
	for n := min(r.Longest, len(ts)); n > 0; n-- {
		if alts, ok := r.Alts[strings.Join(ts[:n], " ")]; ok {
			return n, alts
		}
	}
	return 0, nil
}

// contains reports whether seq holds sub as a run of consecutive terms.
func contains(seq, sub []string) bool {
	for i := 0; i+len(sub) <= len(seq); i++ {
		if slices.Equal(seq[i:i+len(sub)], sub) {
			return true
		}
	}
	return false
}

func notWord(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) && !unicode.IsMark(r) }

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
