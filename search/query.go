package search

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search/query"

	"kb/search/thesaurus"
)

const (
	// maxQueryBytes and maxQueryWords bound the work one query can ask for. The server takes 256 characters, which
	// in Arabic, Greek or Hindi are two or three bytes each: the bytes hold that many in any script.
	maxQueryBytes = 1024
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
	// synonymBoost scales a match through a synonym against a match of the word as typed: the customer's own word
	// ranks first, but a page that only has the writers' word still comes up.
	synonymBoost = 0.6
	// titleCoverBoost weighs a title that has every required word (see titleCover).
	titleCoverBoost = 4
	// exactBoost weighs the word as typed in the *_x fields, in the languages whose index also has each word without
	// the one-letter words joined to its front (see Proclitics): אישור ranks a page that writes אישור above one that
	// only writes האישור.
	exactBoost = 0.5
)

// word is one thing a query asks for: a query word after analysis, or a phrase that the thesaurus knows ("money
// back"), with the other ways of saying it. parseQuery produces them; wordsQuery turns them into one bleve query.
type word struct {
	stem    string // as the language analyzer indexes it; "" for a phrase
	surface string // Normalize of the typed word: what fuzzy and prefix queries match against *_x fields
	fuzz    int    // allowed typos
	prefix  bool   // the last word, still being typed
	// known says that the index has the word as typed, in enough pages (see markKnown): it is then taken as spelled
	// right and complete, so its near spellings are not looked for, and its completions only in titles, headings and
	// tags, whose dictionaries and posting lists are short.
	known bool
	// optional marks a question or filler word ("how", "πώς", "كيف", a Greek clitic): it adds to a result's score
	// but a result need not have it.
	optional bool
	// parts are the query words of a phrase the thesaurus matched: a result has all of them, or one of alts.
	parts []word
	// alts are the other ways of saying the word or phrase, from the thesaurus: each a sequence of index terms
	// that a result has all of.
	alts [][]string
	// pieces are the terms of the parts of a word typed with a zero-width non-joiner, in a language that writes
	// compounds with it (see compoundTokenizer), but those that are stop words: "می‌خواهم" is the word joined, or
	// "خواهم" for a page that writes "می خواهم". Like a synonym, they rank below the word as typed.
	pieces []string
	// affixes are the language's (nil for none): a near spelling that they make another word is no typo of the word
	// (see Affixes.otherWord).
	affixes *Affixes
	// prefixed, for a word that starts with one of the language's prefixes (see affixPieces), is the rest of it as a
	// word of its own, with the prefix for its lead: snippets mark the rest where it follows the prefix spaced ("می
	// پذیریم"), a spelling of the word that no body word matches (see spacedPrefixes).
	prefixed *word
	// sounds, for a word typed in Latin letters in a language with sound keys, are the terms of the words it may
	// spell in the language's own letters (see soundTable.soundTerms): another way to have the word, in any field.
	sounds []soundTerm
	// lead, on a word that is another's prefixed, is the prefix it follows, as Normalize leaves it.
	lead string
	// firstPart is the first part of a word typed with a zero-width non-joiner, or spaced after a prefix, as
	// Normalize leaves it; "" for another word.
	firstPart string
	// exact asks for the word as typed in the *_x fields too (see exactBoost).
	exact bool
}

// parseQuery analyzes query text into at most maxQueryWords words, then applies the language's thesaurus (rules may
// be nil): synonyms become alternatives of the word or phrase they were found for, and question and filler words
// become optional. Stop words disappear here, as they do from the index. Words are deduplicated by stem ("return
// returns" is one word).
func parseQuery(a analysis.Analyzer, cjk bool, text string, rules *thesaurus.Rules) []word {
	return applyThesaurus(analyzeQuery(a, cjk, text), rules)
}

// parse reads query text as the language's index does: parseQuery, then the affixes of words typed joined with one.
func (l *langIndex) parse(text string) []word {
	words := affixPieces(l.analyzer, parseQuery(l.analyzer, l.cjk, text, l.rules), l.affixes)
	if l.affixes != nil {
		words = withAffixes(words, l.affixes)
	}
	if sounds := l.sounds.Load(); sounds != nil {
		sounds.soundTerms(words)
	}
	if l.proclitics != nil {
		for i := range words {
			words[i].exact = true
			for j := range words[i].parts {
				words[i].parts[j].exact = true
			}
		}
	}
	return words
}

// affixPieces gives each word typed joined with one of the suffixes of af (nil for none) the rest of it as its
// piece, if the rest is a word of its own: "بستهها" is then the word as typed, or "بسته" for a page that writes
// "بسته ها". A word typed with a non-joiner or a space after one of the prefixes has no pieces: the index has it
// joined however a page spells it (see Affixes.JoinsSpaced), and its rest alone is the rest of the word with the
// other prefix too ("فرستیم" of "نمی‌فرستیم", "we do not send", for the query "می‌فرستیم", "we send"); nor is the
// rest a piece of a word typed joined with one. Such a word's rest is kept for its snippets (word.prefixed).
func affixPieces(a analysis.Analyzer, words []word, af *Affixes) []word {
	if af == nil {
		return words
	}
	for i := range words {
		w := &words[i]
		if len(w.parts) > 0 {
			continue
		}
		if rest := af.prefixRest(w.stem); rest != "" {
			// The rest as its surface too: it may be a stop word ("شود" of "میشود"), which has no stem in a body.
			w.prefixed = &word{stem: rest, surface: rest, lead: strings.TrimSuffix(w.stem, rest)}
		}
		switch {
		case slices.Contains(af.Prefixes, w.firstPart):
			w.pieces = nil
		case len(w.pieces) == 0:
			if rest := af.suffixRest(w.stem); rest != "" {
				if ts := a.Analyze([]byte(rest)); len(ts) == 1 && string(ts[0].Term) != w.stem {
					w.pieces = []string{string(ts[0].Term)}
				}
			}
		}
	}
	return words
}

// analyzeQuery splits query text into analyzed words. The tokens inside a word typed with a zero-width non-joiner,
// or inside a token that runs over two words (a prefix spaced from the rest of its word), are its parts (see
// compoundTokenizer), and the token after a word that has the same offsets is its rest without proclitics (see
// Proclitics): the word's pieces.
func analyzeQuery(a analysis.Analyzer, cjk bool, text string) []word {
	text = wholeWords(text, maxQueryBytes)
	tokens := a.Analyze([]byte(text))
	var words []word
	seen := map[string]bool{}
	compoundEnd := 0 // where the last word typed with a non-joiner ends
	var last *word   // the last word, nil if it repeated one before it
	for _, t := range tokens {
		stem := string(t.Term)
		if t.Start < compoundEnd {
			if last != nil && stem != "" && stem != last.stem && !slices.Contains(last.pieces, stem) {
				last.pieces = append(last.pieces, stem)
			}
			continue
		}
		typed := text[t.Start:t.End]
		compoundEnd, last = 0, nil
		var firstPart string
		if !cjk {
			// The tokens that follow inside a word are its parts, or its rest without proclitics.
			compoundEnd = t.End
		}
		if !cjk && strings.ContainsFunc(typed, joins) {
			firstPart = Normalize(strings.FieldsFunc(typed, joins)[0])
		}
		if stem == "" || seen[stem] {
			continue
		}
		seen[stem] = true
		w := word{stem: stem, firstPart: firstPart}
		if !cjk {
			w.surface = Normalize(strings.Join(strings.FieldsFunc(typed, joins), ""))
			w.fuzz = fuzziness(w.surface)
			// The last word is still being typed when nothing follows it: not even a space.
			w.prefix = t.End == len(text) && utf8.RuneCountInString(w.surface) >= 2
		}
		if len(words) == maxQueryWords {
			break
		}
		words = append(words, w)
		last = &words[len(words)-1]
	}
	return words
}

// joins reports whether r separates the parts of a word that the analyzer reads as one: a zero-width non-joiner, or
// white space after a prefix (see compoundTokenizer).
func joins(r rune) bool { return r == zwnj || unicode.IsSpace(r) }

// applyThesaurus gives words their synonyms and marks the optional ones. At each word it takes the longest phrase
// the thesaurus knows, as typed or leaving out optional words after its first ("λεφτά μου πίσω" is "λεφτά πίσω");
// the optional words it left out stay in the query as optional words. If every word is optional, none is: the
// query is then all there is to match.
func applyThesaurus(words []word, r *thesaurus.Rules) []word {
	if r == nil || len(words) == 0 {
		return words
	}
	var out, skipped []word
	for i := 0; i < len(words); {
		idx, alts := matchAt(words, i, r)
		switch {
		case idx == nil:
			w := words[i]
			w.optional = r.Optional[w.stem]
			out = append(out, w)
			i++
			continue
		case len(idx) == 1:
			w := words[i]
			w.alts = alts
			out = append(out, w)
		default:
			p := word{alts: alts}
			for _, j := range idx {
				p.parts = append(p.parts, words[j])
			}
			out = append(out, p)
		}
		last := idx[len(idx)-1]
		for j := i + 1; j < last; j++ {
			if !slices.Contains(idx, j) {
				w := words[j]
				w.optional = true
				skipped = append(skipped, w)
			}
		}
		i = last + 1
	}
	out = append(out, skipped...)
	if len(required(out)) == 0 {
		for i := range out {
			out[i].optional = false
		}
	}
	return out
}

// matchAt finds the longest thesaurus entry starting at words[i], as typed or leaving out optional words after the
// first, and returns the indexes of its words and its alternatives; nil if there is none.
func matchAt(words []word, i int, r *thesaurus.Rules) ([]int, [][]string) {
	var direct, sparse []int
	for j := i; j < len(words); j++ {
		direct = append(direct, j)
		if j == i || !r.Optional[words[j].stem] {
			sparse = append(sparse, j)
		}
	}
	stems := func(idx []int) []string {
		ts := make([]string, len(idx))
		for k, j := range idx {
			ts[k] = words[j].stem
		}
		return ts
	}
	n, alts := r.Match(stems(direct))
	if m, sparseAlts := r.Match(stems(sparse)); m > n {
		return sparse[:m], sparseAlts
	}
	if n == 0 {
		return nil, nil
	}
	return direct[:n], alts
}

// required returns the words a result must have.
func required(words []word) []word {
	var out []word
	for _, w := range words {
		if !w.optional {
			out = append(out, w)
		}
	}
	return out
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

// wholeWords cuts a query longer than n bytes after its last whole word within them: a word cut in two would be
// searched as the start of a word ("re" of "refund" finding "reset").
func wholeWords(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := truncate(s, n)
	if r, _ := utf8.DecodeRuneInString(s[len(cut):]); unicode.IsSpace(r) {
		return cut
	}
	if i := strings.LastIndexFunc(cut, unicode.IsSpace); i >= 0 {
		return cut[:i]
	}
	return cut
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

// clause is the query one word must satisfy: the word as typed, or one of its other spellings (see others). bleve
// scales a disjunction by the share of its parts that match, so the boosts inside are scaled by the number of parts:
// a word with synonyms weighs as much as a word without.
func (w word) clause(fuzzy bool) query.Query {
	if w.spellings() == 1 {
		return w.typed(fuzzy, 1)
	}
	scale := float64(w.spellings())
	return query.NewDisjunctionQuery(append([]query.Query{w.typed(fuzzy, scale)}, w.others(scale)...))
}

// spellings counts the ways a result may have the word: as typed, and its others.
func (w word) spellings() int {
	n := 1 + len(w.alts)
	if len(w.pieces) > 0 {
		n++
	}
	if len(w.sounds) > 0 {
		n++
	}
	return n
}

// others are the queries of the word's other spellings, their boosts multiplied by scale: each synonym, then its
// pieces, all of them, in any field (a page that writes the word spaced has them in its body too), then the words it
// may spell in the language's own letters, any of them, in any field.
func (w word) others(scale float64) []query.Query {
	var qs []query.Query
	for _, alt := range w.alts {
		qs = append(qs, altClause(alt, synonymBoost*scale, altFields))
	}
	if len(w.pieces) > 0 {
		qs = append(qs, altClause(w.pieces, synonymBoost*scale, nil))
	}
	if q := w.soundClause(scale); q != nil {
		qs = append(qs, q)
	}
	return qs
}

// typed is the query for the word as typed, its leaf boosts multiplied by scale: for a phrase, all its words; for a
// word, its stem in any field, or (outside CJK) a near spelling or, for the last word, a completion: of the word as
// typed in the title, headings and tags, and of its stem in the body.
func (w word) typed(fuzzy bool, scale float64) query.Query {
	if len(w.parts) > 0 {
		qs := make([]query.Query, len(w.parts))
		for i, p := range w.parts {
			qs[i] = p.typed(fuzzy, scale)
		}
		return query.NewConjunctionQuery(qs)
	}
	return query.NewDisjunctionQuery(w.leaves(fuzzy, scale))
}

// leaves are the parts of a single word's query (see typed), of which a document needs one: its stem in each of
// stemFields, in that order (the body last), then its near spellings and completions.
func (w word) leaves(fuzzy bool, scale float64) []query.Query {
	var qs []query.Query
	for _, f := range stemFields {
		q := query.NewTermQuery(w.stem)
		q.SetField(f.name)
		q.SetBoost(f.boost * scale)
		qs = append(qs, q)
	}
	loose := []struct {
		field, term          string
		fuzzyBoost, preBoost float64
	}{
		{fieldTitleX, w.surface, titleFuzzyBoost, titlePrefixBoost},
		{fieldBody, w.stem, bodyFuzzyBoost, bodyPrefixBoost},
	}
	if w.exact && w.surface != "" {
		for _, f := range []string{fieldTitleX, fieldBodyX} {
			q := query.NewTermQuery(w.surface)
			q.SetField(f)
			q.SetBoost(exactBoost * scale)
			qs = append(qs, q)
		}
	}
	for _, l := range loose {
		if fuzzy && w.fuzz > 0 && !w.known {
			q := query.NewFuzzyQuery(l.term)
			q.SetField(l.field)
			q.SetFuzziness(w.fuzz)
			q.SetBoost(l.fuzzyBoost * scale)
			if w.affixes != nil {
				qs = append(qs, &typoQuery{FuzzyQuery: q, affixes: w.affixes})
			} else {
				qs = append(qs, q)
			}
			if w.fuzz == 1 {
				// Levenshtein counts a swap of two letters as two edits; phone typists make it as one.
				for _, t := range transpositions(l.term) {
					q := query.NewTermQuery(t)
					q.SetField(l.field)
					q.SetBoost(l.fuzzyBoost * scale)
					qs = append(qs, q)
				}
			}
		}
		if w.prefix && utf8.RuneCountInString(l.term) >= 2 && !(w.known && l.field == fieldBody) {
			q := query.NewPrefixQuery(l.term)
			q.SetField(l.field)
			q.SetBoost(l.preBoost * scale)
			qs = append(qs, q)
		}
	}
	return qs
}

// altFields are the fields a synonym is looked for in (see altClause).
var altFields = []string{fieldTitle, fieldPage, fieldHeadings, fieldTags}

// altClause matches all of terms, each in one of fields (nil for every stem field). A synonym is looked for in
// altFields, any field but the body: a synonym in a title or heading says what the page is about; a synonym only
// somewhere in a body says little, and the body's long posting lists are most of a query's cost.
func altClause(terms []string, boost float64, fields []string) query.Query {
	qs := make([]query.Query, len(terms))
	for i, t := range terms {
		var fs []query.Query
		for _, f := range stemFields {
			if fields != nil && !slices.Contains(fields, f.name) {
				continue
			}
			q := query.NewTermQuery(t)
			q.SetField(f.name)
			q.SetBoost(f.boost * boost)
			fs = append(fs, q)
		}
		qs[i] = query.NewDisjunctionQuery(fs)
	}
	if len(qs) == 1 {
		return qs[0]
	}
	return query.NewConjunctionQuery(qs)
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

// titleCover ranks first the pages whose title (or question) has every required word as typed: the FAQ question
// that is the query, or the policy whose title names it ("returns policy"), above a page that only mentions the
// words. nil for a one-word query, where the title boost already does that.
func titleCover(words []word) query.Query {
	var stems []string
	for _, w := range required(words) {
		if len(w.parts) == 0 {
			stems = append(stems, w.stem)
		}
		for _, p := range w.parts {
			stems = append(stems, p.stem)
		}
	}
	if len(stems) < 2 {
		return nil
	}
	qs := make([]query.Query, len(stems))
	for i, s := range stems {
		q := query.NewTermQuery(s)
		q.SetField(fieldTitle)
		q.SetBoost(titleCoverBoost)
		qs[i] = q
	}
	return query.NewConjunctionQuery(qs)
}

// flatten lists the words a result may show: the words as typed (a phrase's words) and their synonyms' terms, at
// most max of them, for highlighting.
func flatten(words []word, max int) []word {
	var out []word
	add := func(w word) {
		if len(out) < max && w.stem != "" {
			out = append(out, w)
		}
	}
	for _, w := range words {
		add(w)
		for _, p := range w.parts {
			add(p)
		}
	}
	for _, w := range words {
		for _, alt := range append(slices.Clone(w.alts), w.pieces) {
			for _, t := range alt {
				add(word{stem: t})
			}
		}
		if w.prefixed != nil {
			add(*w.prefixed)
		}
		for _, s := range w.sounds {
			add(word{stem: s.term})
		}
	}
	return out
}
