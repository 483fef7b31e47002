package static

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// excerptRef is excerpt as first written, the specification of the faster one.
func excerptRef(s string, n int) string {
	more := ""
	s = strings.TrimLeftFunc(s, unicode.IsSpace)
	if len(s) > 8*n {
		s, more = strings.ToValidUTF8(s[:8*n], ""), "…"
	}
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s + more
	}
	cut := len(firstRunes(s, n))
	if i := strings.LastIndexByte(s[:cut], ' '); i > cut/2 {
		cut = i
	}
	return s[:cut] + "…"
}

func TestExcerptMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	pieces := []string{"a", "word", "λέξη", "كلمة", "日本", " ", "  ", "\n", "\t", "\u00a0", "\u3000", "\u0085",
		"\xff", "\xe2\x82", "é", "x\u0301", ".", "—"}
	var texts []string
	for _, d := range synthCorpus(50, 3) {
		texts = append(texts, d.Body, d.Title)
	}
	for range 3000 {
		var b strings.Builder
		for range r.IntN(400) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		texts = append(texts, b.String())
	}
	for _, s := range texts {
		for _, n := range []int{1, 2, 5, 30, excerptRunes} {
			if got, want := excerpt(s, n), excerptRef(s, n); got != want {
				t.Fatalf("excerpt(%q, %d) = %q, want %q", s, n, got, want)
			}
		}
	}
}

func TestInWord(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if want := unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r); inWord(r) != want && r >= utf8.RuneSelf {
			t.Fatalf("inWord(%U) = %v", r, !want)
		}
	}
}

// tokenizeWordsRef is tokenizeWords as first written, a rune at a time: the
// specification of the faster one.
func tokenizeWordsRef(s string, compounds bool, joinsSpaced func(word, next string) bool, f func(string)) {
	if compounds {
		f = compoundParts(f)
	}
	prevStart, prevEnd := -1, -1 // the last word, if joinsSpaced may join it to the next
	word := func(start, end int) {
		f(s[start:end])
		if prevStart >= 0 && onlySpaces(s[prevEnd:start]) && joinsSpaced(s[prevStart:prevEnd], s[start:end]) {
			f(s[prevStart:prevEnd] + strings.ReplaceAll(s[start:end], string(nonJoiner), ""))
		}
		if joinsSpaced != nil {
			prevStart, prevEnd = start, end
		}
	}
	start, letters, paired := -1, 0, false
	hebrew := false // the last letter of the word is a Hebrew letter
	for i, r := range s {
		var in, mark bool
		if r < utf8.RuneSelf {
			in = 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
		} else {
			in = inWord(r)
			mark = in && isMark(r)
			if !in && start >= 0 && (isFormat(r) || compounds && r == nonJoiner) {
				in, mark = true, true
			}
			paired = paired || in && r >= pairedFrom && isPaired(r)
		}
		if !in && start >= 0 && hebrew && isHebrewQuote(r) && hebrewLetterAfterQuotes(s[i:]) {
			in, mark = true, true
		}
		if in && !mark {
			hebrew = isHebrewLetter(r)
		}
		switch {
		case in && start < 0:
			start, letters = i, 0
		case !in && start >= 0:
			if paired {
				pairs(s[start:i], f)
				prevStart = -1
			} else if letters <= maxWordLetters {
				word(start, i)
			}
			start, paired = -1, false
		}
		if in && !mark {
			letters++
		}
	}
	if start >= 0 && paired {
		pairs(s[start:], f)
	} else if start >= 0 && letters <= maxWordLetters {
		word(start, len(s))
	}
}

func TestTokenizeWordsMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	pieces := []string{"a", "Word", "42", "λέξη", "Ωμέγα", "كلمة", "الطلب", "日本語", "한국어", "ภาษา", "צ'יפס", "דו\"ח", "ש", "'", "\"",
		"\u05F3", "\u05F4", "\u05B8", " ", "  ", "\n", "\t", "\u00a0", "\u200c", "\u200b", "\u200e", "\u00ad", "\u0301",
		"\xff", "\xe2\x82", "é", "x\u0301", ".", ",", "-", "—", "ー", "می", "خواهم", "𝐀", "😀", strings.Repeat("ab", 40)}
	var texts []string
	for _, d := range synthCorpus(20, 5) {
		texts = append(texts, d.Body, d.Title)
	}
	for range 5000 {
		var b strings.Builder
		for range r.IntN(60) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		texts = append(texts, b.String())
	}
	persian := kbAnalyzer("fa")
	for _, s := range texts {
		for _, a := range []Analyzer{{}, persian} {
			var got, want []string
			tokenizeWords(s, a.Compounds, a.JoinsSpaced, func(w string) { got = append(got, w) })
			tokenizeWordsRef(s, a.Compounds, a.JoinsSpaced, func(w string) { want = append(want, w) })
			if !slices.Equal(got, want) {
				t.Fatalf("tokenizeWords(%q, %v) = %q, want %q", s, a.Compounds, got, want)
			}
		}
	}
}
