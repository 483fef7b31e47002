package search

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search/query"

	"kb/search/greek"
)

// SoundKey returns, for a language whose readers type its words in other letters too, the function that gives a
// normalized word the sound key such a spelling may have, "" for none; nil for other languages. Greek is one: Greeks
// type Greek in Latin letters ("Greeklish", see package greek's Key and LatinKeys).
func SoundKey(lang string) func(word string) string {
	if AnalyzerFor(lang) == greekAnalyzer {
		return greek.Key
	}
	return nil
}

const (
	// soundFile is where a Greek language's sound table lies, in its index folder: cloned, updated and swapped
	// with the index.
	soundFile = "kb_sounds.json"
	// soundBoost scales a match through a sound key against a match of the word as typed (search.js's SOUND).
	soundBoost = 0.8
	// maxSoundTerms bounds the Greek terms one Latin word expands to.
	maxSoundTerms = 32
)

// soundTable maps the sound key of each Greek word of a language's documents to the index terms of the words that
// have it, sorted: a query word typed in Latin letters is looked up by its keys (greek.LatinKeys).
type soundTable map[string][]string

// add puts in the words of docs' text fields that have a sound key, with their terms as a analyzes them.
func (t soundTable) add(a analysis.Analyzer, key func(string) string, docs []Document) {
	seen := map[string]bool{}
	addWord := func(w string) {
		if seen[w] {
			return
		}
		seen[w] = true
		k := key(Normalize(w))
		if k == "" {
			return
		}
		for _, tok := range a.Analyze([]byte(w)) {
			term := string(tok.Term)
			if i, found := slices.BinarySearch(t[k], term); !found {
				t[k] = slices.Insert(t[k], i, term)
			}
		}
	}
	for i := range docs {
		d := &docs[i]
		for _, s := range [][]string{{d.Title, d.Page, d.Body}, d.Headings, d.Tags} {
			for _, text := range s {
				eachLetterRun(text, addWord)
			}
		}
	}
}

// eachLetterRun calls f with each run of letters and marks of s that holds a letter outside ASCII, the only words
// that may have a sound key, without allocating.
func eachLetterRun(s string, f func(string)) {
	start, other := -1, false
	for i, r := range s {
		if wordRune(r) {
			if start < 0 {
				start, other = i, false
			}
			other = other || r >= utf8.RuneSelf
			continue
		}
		if start >= 0 && other {
			f(s[start:i])
		}
		start = -1
	}
	if start >= 0 && other {
		f(s[start:])
	}
}

// wordRune reports whether r is a letter or a mark, as unicode tells, answering first without its tables for ASCII
// and the letters of modern Greek: a build looks at every rune of a Greek site's text.
func wordRune(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
	case 'Ά' <= r && r <= 'ώ' && r != 0x0387 && r != 0x038B && r != 0x038D && r != 0x03A2:
		return true // Ά (U+0386) to ώ (U+03CE), but for the ano teleia and the three unassigned
	}
	return unicode.IsLetter(r) || unicode.Is(unicode.M, r)
}

// readSoundTable reads the sound table in a language's index folder; none (nil) when there is none.
func readSoundTable(langDir string) (soundTable, error) {
	data, err := os.ReadFile(filepath.Join(langDir, soundFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var t soundTable
	if err := json.Unmarshal(data, &t); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(langDir, soundFile), err)
	}
	return t, nil
}

// write writes t into a language's index folder.
func (t soundTable) write(langDir string) error {
	data, err := json.Marshal(t) // map keys sorted: the same table, the same bytes
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(langDir, soundFile), data, 0o644)
}

// updateSounds adds the words of upserts to the sound table of a language's index folder, if the language has
// sound keys. A word that an update removes stays until the next build: its terms find only the pages that still
// have them.
func updateSounds(langDir, lang string, upserts []Document) error {
	key := SoundKey(lang)
	if key == nil {
		return nil
	}
	t, err := readSoundTable(langDir)
	if err != nil {
		return err
	}
	if t == nil {
		t = soundTable{}
	}
	a, err := analyzerNamed(AnalyzerFor(lang))
	if err != nil {
		return err
	}
	t.add(a, key, upserts)
	return t.write(langDir)
}

// withDocs returns a copy of t with the words of docs added (Index.Apply).
func (t soundTable) withDocs(a analysis.Analyzer, key func(string) string, docs []Document) soundTable {
	next := make(soundTable, len(t))
	for k, terms := range t {
		next[k] = slices.Clip(terms) // add inserts into a copy
	}
	next.add(a, key, docs)
	return next
}

// soundTerms gives each word typed in Latin letters the terms of the Greek words it may spell (word.sounds): those of
// its sound keys; for the last word, still being typed, those of the keys they start too; and only when no key is in
// the table as it is, those of the keys a typo away, as fuzziness allows for the key.
func (t soundTable) soundTerms(words []word) {
	if len(t) == 0 {
		return
	}
	var sorted []string
	for i := range words {
		w := &words[i]
		keys := greek.LatinKeys(w.surface)
		if len(keys) == 0 || len(w.parts) > 0 {
			continue
		}
		found := map[string]float64{}
		take := func(k string, f float64) {
			for _, term := range t[k] {
				if term != w.stem && found[term] < f {
					found[term] = f
				}
			}
		}
		exact := false
		for _, k := range keys {
			if _, ok := t[k]; ok {
				exact = true
				take(k, 1)
			}
		}
		if w.prefix || !exact {
			if sorted == nil {
				sorted = slices.Sorted(maps.Keys(t))
			}
			for _, k := range keys {
				if w.prefix && len(k) >= 3 {
					for j, _ := slices.BinarySearch(sorted, k); j < len(sorted) && strings.HasPrefix(sorted[j], k); j++ {
						take(sorted[j], bodyPrefixBoost)
					}
				}
				if !exact {
					for _, near := range typosOf(k, sorted) {
						take(near, bodyFuzzyBoost)
					}
				}
			}
		}
		terms := slices.Sorted(maps.Keys(found))
		slices.SortStableFunc(terms, func(a, b string) int { return cmp.Compare(found[b], found[a]) })
		for _, term := range terms[:min(len(terms), maxSoundTerms)] {
			w.sounds = append(w.sounds, soundTerm{term, found[term]})
		}
	}
}

// typosOf returns the keys of sorted, a sorted list, that are a typo or two away from k, as fuzziness allows for a
// word of its length, and start with its letter.
func typosOf(k string, sorted []string) []string {
	n := fuzziness(k)
	if n == 0 {
		return nil
	}
	var out []string
	for j, _ := slices.BinarySearch(sorted, k[:1]); j < len(sorted) && sorted[j][0] == k[0]; j++ {
		if c := sorted[j]; abs(len(c)-len(k)) <= n && editDistance(k, c, n) <= n {
			out = append(out, c)
		}
	}
	return out
}

// editDistance is the Levenshtein distance of two ASCII strings, or max+1 once it is past max.
func editDistance(a, b string, max int) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		low := i
		for j := 1; j <= len(b); j++ {
			sub := prev[j-1]
			if a[i-1] != b[j-1] {
				sub++
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, sub)
			low = min(low, cur[j])
		}
		if low > max {
			return max + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// soundTerm is a Greek term a word typed in Latin letters may spell, with the factor of its match: 1 through one of
// the word's keys, less through a key it starts or is a typo of.
type soundTerm struct {
	term   string
	factor float64
}

// soundClause matches any of the Greek terms a word typed in Latin letters may spell, in any field, each below the
// word as typed; nil for none.
func (w word) soundClause(scale float64) query.Query {
	if len(w.sounds) == 0 {
		return nil
	}
	qs := make([]query.Query, len(w.sounds))
	for i, s := range w.sounds {
		qs[i] = altClause([]string{s.term}, soundBoost*s.factor*scale, nil)
	}
	if len(qs) == 1 {
		return qs[0]
	}
	return query.NewDisjunctionQuery(qs)
}
