package static

import (
	"math/rand/v2"
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
