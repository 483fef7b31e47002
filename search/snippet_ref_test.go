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

// TestRuneStartAndWordAround checks runeStart and wordAround against a walk from the start of random multilingual
// text with broken UTF-8: every byte's rune start as decoding finds it, and every rune's word as find's walk splits
// the text.
func TestRuneStartAndWordAround(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	sn := &snippeter{folds: runeTable(), small: smallFolds()}
	for range 20000 {
		s := randomText(rng, 1+rng.IntN(30))
		wordOf := make([]int, len(s)) // the start of the word of the rune at each rune start, or -1
		starts := make([]int, len(s)) // the rune start of each byte
		for i := 0; i < len(s); {
			_, n := utf8.DecodeRuneInString(s[i:])
			for j := i; j < i+n; j++ {
				starts[j] = i
			}
			wordOf[i] = -1
			i += n
		}
		for i := 0; i < len(s); {
			end, _ := sn.wordEndAt(s, i)
			if end == i {
				_, n := nextRune(s, i)
				i += n
				continue
			}
			for j := i; j < end; j++ {
				if starts[j] == j {
					wordOf[j] = i
				}
			}
			i = end
		}
		for p := range len(s) {
			q := runeStart(s, p)
			if q != starts[p] {
				t.Fatalf("%q: runeStart(%d) = %d, want %d", s, p, q, starts[p])
			}
			got, ok := wordAround(s, q)
			if !ok {
				got = -1
			}
			if got != wordOf[q] {
				t.Fatalf("%q: wordAround(%d) = %d, want %d", s, q, got, wordOf[q])
			}
		}
	}
}

// TestFindPairsAsBefore checks find, with the windows that let it pass over words, against refFind, which looks at
// every word: on random multilingual text, generated documents and text that runs past snippetScanBytes,
// for queries of words and parts of words drawn from the text or from the pieces of random text, in every language's
// analysis.
func TestFindPairsAsBefore(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	docs := genDocs(30)
	found, skipped := 0, 0 // matches found with windows, and searches with them
	for _, lang := range []string{"en", "ar", "el", "fr"} {
		a, err := analyzerNamed(AnalyzerFor(lang))
		if err != nil {
			t.Fatal(err)
		}
		for n := range 1500 {
			body := randomText(rng, 1+rng.IntN(200))
			switch {
			case n%10 == 0: // words across where find stops looking, snippetScanBytes in
				pad := strings.Repeat("ab ", 10) + strings.Repeat(" ", snippetScanBytes-40+rng.IntN(20))
				body = pad + randomText(rng, 20+rng.IntN(20))
			case n%3 == 0:
				body = docs[rng.IntN(len(docs))].Body
			}
			plain := body
			if n%4 == 1 {
				body = withMarks(rng, body) // words the query's words match but with dropped marks between runes
			}
			var q []string
			for range 1 + rng.IntN(3) {
				var w string
				if fields := strings.Fields(plain[max(0, len(plain)-400):]); len(fields) > 0 && rng.IntN(2) == 0 {
					w = fields[rng.IntN(len(fields))]
				} else {
					w = randomText(rng, 1+rng.IntN(4))
				}
				if rng.IntN(3) == 0 && len(w) > 1 {
					w = w[rng.IntN(len(w)):] // the end of a word, maybe from inside a rune
				}
				q = append(q, w)
			}
			words := parseQuery(a, false, strings.Join(q, " "), nil)
			for i := range words {
				words[i].known = n%5 != 0
			}
			sn := newSnippeter(a, false, flatten(words, maxSnippetWords))
			got, want := sn.find(body), refFind(sn, body)
			if !slices.Equal(got, want) {
				t.Fatalf("%s %q in %q: spans %v, want %v", lang, q, body, got, want)
			}
			if sn.skips {
				skipped++
				found += len(got)
			}
			sn.release()
		}
	}
	if found < 3000 || skipped < 1500 {
		t.Errorf("%d matches found, %d searches with windows; want more", found, skipped)
	}
}

// withMarks inserts, after some of the runes of s, marks that Normalize drops (Latin and Greek accents, Arabic
// tashkeel, combining marks of three bytes), which leave the words' folded forms as they were.
func withMarks(rng *rand.Rand, s string) string {
	marks := []string{"\u0301", "\u0308", "\u064b", "\u0650", "\u05b7", "\u1dc0", "\u20d0", "\ufe20"}
	var b strings.Builder
	for _, r := range s {
		b.WriteRune(r)
		if unicode.IsLetter(r) && rng.IntN(2) == 0 {
			b.WriteString(marks[rng.IntN(len(marks))])
		}
	}
	return b.String()
}

// TestFindPairsAcrossMarks checks that find, with windows, still finds words whose runes have dropped marks between
// them, of two bytes or three, in every language's analysis.
func TestFindPairsAcrossMarks(t *testing.T) {
	for lang, text := range map[string]string{"el": "ελληνικά", "ar": "الخيارات", "en": "returns", "fr": "café"} {
		a, err := analyzerNamed(AnalyzerFor(lang))
		if err != nil {
			t.Fatal(err)
		}
		words := parseQuery(a, false, text, nil)
		for i := range words {
			words[i].known = true
		}
		for _, mark := range []string{"\u0301", "\u064b", "\u05b7", "\u1dc0", "\u20d0"} {
			var b strings.Builder
			for _, r := range text {
				b.WriteRune(r)
				b.WriteString(mark)
			}
			body := "x " + b.String() + " y"
			sn := newSnippeter(a, false, flatten(words, maxSnippetWords))
			if !sn.skips {
				t.Fatalf("%s: no windows", text)
			}
			if got, want := sn.find(body), refFind(sn, body); len(want) == 0 || !slices.Equal(got, want) {
				t.Errorf("%s in %q: spans %v, want %v (not none)", text, body, got, want)
			}
			sn.release()
		}
	}
}

// TestAdvanceRunesAsUTF8 checks advanceRunes, which steps over ASCII and two-byte runes without a call, against
// counting runes with the utf8 package, from every offset of random multilingual text with broken UTF-8.
func TestAdvanceRunesAsUTF8(t *testing.T) {
	rng := rand.New(rand.NewPCG(19, 20))
	for range 3000 {
		s := randomText(rng, 1+rng.IntN(30))
		for i := range len(s) {
			n := rng.IntN(12)
			want, k := i, 0
			for ; k < n && want < len(s); k++ {
				_, size := utf8.DecodeRuneInString(s[want:])
				want += size
			}
			if got, gotK := advanceRunes(s, i, n); got != want || gotK != k {
				t.Fatalf("%q from %d, %d runes: (%d, %d), want (%d, %d)", s, i, n, got, gotK, want, k)
			}
		}
	}
}
