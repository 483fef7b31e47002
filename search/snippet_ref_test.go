package search

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// refWordEndAt is wordEndAt as it was before smallFolds, with one test per rune of the word-rune bits and another of
// runeTable: the definition that the single look-up must keep.
func refWordEndAt(s string, i int) (int, uint64) {
	words, folds := wordRunes(), runeTable()
	fold := func(r rune) rune {
		switch {
		case r < tableEnd:
			return folds[r]
		case r >= 0x3400 && r <= 0x4DBF, r >= 0x4E00 && r <= 0x9FFF, r >= 0xAC00 && r <= 0xD7A3:
			return r
		}
		return runeSlow
	}
	start := i
	var pairs uint64
	prev := rune(-1)
	add := func(f rune) {
		switch {
		case f == runeDrop:
			return
		case f == runeSlow:
			pairs = ^uint64(0)
		case prev >= 0:
			pairs |= pairBit(prev, f)
		}
		prev = f
	}
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if asciiWord[c] {
				if 'A' <= c && c <= 'Z' {
					c += 'a' - 'A'
				}
				add(rune(c))
				i++
				continue
			}
			if c != '\'' {
				break
			}
		} else if c >= 0xC2 && c < 0xE0 && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
			if r := rune(c&0x1F)<<6 | rune(s[i+1]&0x3F); words[r>>6]&(1<<(r&63)) != 0 {
				add(folds[r])
				i += 2
				continue
			}
		}
		r, n := nextRune(s, i)
		word := isWordRune(r)
		if !word && (r == '\'' || r == '’') && i > start && i+n < len(s) {
			next, _ := nextRune(s, i+n)
			word = unicode.IsLetter(next)
		}
		if !word {
			break
		}
		add(fold(r))
		i += n
	}
	return i, pairs
}

// multilingualPieces are the pieces randomText joins: ASCII in both cases, punctuation and apostrophes, accented
// Latin, Greek with its tonos, Arabic with its diacritics, Hebrew, Cyrillic, combining marks, ligatures, CJK,
// Hangul, emoji and broken UTF-8.
var multilingualPieces = []string{"a", "Z", "q", "Q", "7", " ", "  ", ".", ",", "'", "’", "-", "\n", "\t", "<", "&", "é",
	"É", "ß", "ñ", "Ø", "λ", "Ω", "ά", "Ά", "ΐ", "ς", "ك", "ة", "ً", "ـ", "أ", "لا", "א", "ж", "Ж", "́", "̈", "ﬁ", "İ",
	"中", "文", "한", "ア", "🙂", "\u00a0", "\u2028", "\xff", "\xce", "\xe4\xb8", "returns", "How", "τα", "έξοδα",
	"الشحن", "Rückgabe", "café"}

func randomText(rng *rand.Rand, pieces int) string {
	var b strings.Builder
	for range pieces {
		b.WriteString(multilingualPieces[rng.IntN(len(multilingualPieces))])
	}
	return b.String()
}

// TestWordEndAtAsBefore checks wordEndAt's single look-up per rune against refWordEndAt, word end and letter pairs,
// at every offset of random multilingual text.
func TestWordEndAtAsBefore(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	sn := &snippeter{folds: runeTable(), small: smallFolds()}
	for range 5000 {
		body := randomText(rng, 1+rng.IntN(40))
		for i := 0; i < len(body); i++ {
			gotEnd, gotPairs := sn.wordEndAt(body, i)
			wantEnd, wantPairs := refWordEndAt(body, i)
			if gotEnd != wantEnd || gotPairs != wantPairs {
				t.Fatalf("%q at %d: (%d, %x), want (%d, %x)", body, i, gotEnd, gotPairs, wantEnd, wantPairs)
			}
		}
	}
}

// TestRuneSizesAsUTF8 checks runeSize and lastRuneSize against the utf8 package at every offset of random
// multilingual text with broken UTF-8.
func TestRuneSizesAsUTF8(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for range 5000 {
		s := randomText(rng, 1+rng.IntN(30))
		for i := range len(s) {
			if _, n := utf8.DecodeRuneInString(s[i:]); runeSize(s, i) != n {
				t.Fatalf("%q at %d: runeSize %d, want %d", s, i, runeSize(s, i), n)
			}
			if _, n := utf8.DecodeLastRuneInString(s[:i+1]); lastRuneSize(s, i+1) != n {
				t.Fatalf("%q before %d: lastRuneSize %d, want %d", s, i+1, lastRuneSize(s, i+1), n)
			}
		}
	}
}

// refWriteText is writeText as it was, decoding every rune.
func refWriteText(b *strings.Builder, s string) {
	space := false
	from := 0
	flush := func(to int) { escapeHTML(b, s[from:to]) }
	for i, r := range s {
		if unicode.IsSpace(r) {
			if !space {
				flush(i)
				b.WriteByte(' ')
				space = true
			}
			from = i + utf8.RuneLen(r)
			continue
		}
		space = false
	}
	flush(len(s))
}

// TestWriteTextAsBefore checks writeText, which decodes only the bytes that can start white space, against
// refWriteText on random multilingual text with every kind of white space and broken UTF-8.
func TestWriteTextAsBefore(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	extra := []string{"\u0085", "\u1680", "\u2000", "\u2009", "\u200a", "\u200b", "\u202f", "\u205f", "\u3000", "\u3001",
		"\u2029", "\v", "\f", "\r", "\xc2", "\xe2\x80", "\xe3\x80", "\xe1\x9a", "\xe2", "\x85", "\xa0"}
	for range 20000 {
		var in strings.Builder
		for range 1 + rng.IntN(30) {
			if rng.IntN(3) == 0 {
				in.WriteString(extra[rng.IntN(len(extra))])
			} else {
				in.WriteString(multilingualPieces[rng.IntN(len(multilingualPieces))])
			}
		}
		var got, want strings.Builder
		writeText(&got, in.String())
		refWriteText(&want, in.String())
		if got.String() != want.String() {
			t.Fatalf("%q: %q, want %q", in.String(), got.String(), want.String())
		}
	}
}

// refFind is find as it was: refWordEndAt, and every need tried.
func refFind(s *snippeter, body string) []span {
	var spans []span
	var seen, all uint64 = 0, 1<<len(s.words) - 1
	scan := min(len(body), snippetScanBytes)
	for i := 0; i < scan && len(spans) < maxSnippetMatches; {
		if c := body[i]; c < utf8.RuneSelf && !asciiWord[c] {
			i++
			continue
		}
		start := i
		var pairs uint64
		if i, pairs = refWordEndAt(body, i); i == start {
			_, n := nextRune(body, i)
			i += n
			continue
		}
		may := false
		for _, n := range s.needs {
			may = may || pairs&n == n
		}
		if !may {
			continue
		}
		w := s.match(body[start:i])
		if w < 0 {
			continue
		}
		spans = append(spans, span{start, i, w})
		if seen |= 1 << w; seen == all && windowHasAll(body, spans, all) {
			break
		}
	}
	return spans
}

// TestFindAsBefore checks find against refFind in every language's analysis, on random multilingual text and on
// generated documents, for queries of words drawn from the text, whole or cut short, with typos allowed or not.
func TestFindAsBefore(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	docs := genDocs(30)
	found := 0
	for _, lang := range []string{"en", "ar", "el", "fr"} {
		a, err := analyzerNamed(AnalyzerFor(lang))
		if err != nil {
			t.Fatal(err)
		}
		for n := range 600 {
			body := randomText(rng, 1+rng.IntN(200))
			switch {
			case n%40 == 0: // words about where find stops looking, snippetScanBytes in
				body = strings.Repeat("ab ", 10) + strings.Repeat(" ", snippetScanBytes-31+rng.IntN(3)) + "ab " + body
			case n%2 == 0:
				body = docs[rng.IntN(len(docs))].Body
			}
			fields := strings.Fields(body[max(0, len(body)-400):])
			if len(fields) == 0 {
				continue
			}
			var q []string
			if len(body) > snippetScanBytes {
				q = append(q, "ab")
			}
			for range 1 + rng.IntN(3) {
				w := fields[rng.IntN(len(fields))]
				if rng.IntN(3) == 0 && len(w) > 1 {
					w = w[:len(w)-1] // cut short, maybe inside a rune
				}
				q = append(q, w)
			}
			words := parseQuery(a, false, strings.Join(q, " "), nil)
			for i := range words {
				words[i].known = n%3 == 0
			}
			sn := newSnippeter(a, false, flatten(words, maxSnippetWords))
			got, want := sn.find(body), refFind(sn, body)
			if !slices.Equal(got, want) {
				t.Fatalf("%s %q in %q: spans %v, want %v", lang, q, body, got, want)
			}
			found += len(got)
			sn.release()
		}
	}
	if found < 1000 {
		t.Errorf("%d matches found; want more", found)
	}
}
