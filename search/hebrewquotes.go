package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// isHebrewQuote reports whether r is a geresh or gershayim, or the ' or " a Hebrew keyboard types for them. Inside a
// Hebrew word (צ׳יפס, דו״ח, דו"ח) the word segmenter keeps them in the word and Normalize drops them, as the static
// index's tokenizer does.
func isHebrewQuote(r rune) bool { return r == '\'' || r == '"' || r == '\u05F3' || r == '\u05F4' }

// quoteIndex finds the Hebrew quotes of a text in order with strings.IndexByte, which passes over Hebrew text many
// times faster than a search that decodes every rune (strings.IndexAny with a geresh): ' and " by their byte, the
// geresh and gershayim (D7 B3, D7 B4) by their second byte, which no Hebrew letter has.
type quoteIndex struct {
	s string
	// next is, per quoteBytes, where that byte is next at or after the last position asked for, len(s) for
	// nowhere; -1 before the first.
	next [len(quoteBytes)]int
}

var quoteBytes = [...]byte{'\'', '"', 0xB3, 0xB4}

func newQuoteIndex(s string) *quoteIndex {
	return &quoteIndex{s: s, next: [len(quoteBytes)]int{-1, -1, -1, -1}}
}

// from returns where the first Hebrew quote at or after i starts, or len(s); i may not be less than the last i.
func (x *quoteIndex) from(i int) int {
	first := len(x.s)
	for k, c := range quoteBytes {
		lead := 0 // how far before the byte the quote starts
		if c >= utf8.RuneSelf {
			lead = 1
		}
		p := x.next[k]
		for p < len(x.s) && (p-lead < i || lead > 0 && (p == 0 || x.s[p-1] != 0xD7)) {
			at := min(max(i+lead, p+1), len(x.s))
			if j := strings.IndexByte(x.s[at:], c); j >= 0 {
				p = at + j
			} else {
				p = len(x.s)
			}
		}
		x.next[k] = p
		if p < len(x.s) {
			first = min(first, p-lead)
		}
	}
	return first
}

// hebrewQuoteInWord reports whether the Hebrew quote at s[q] is inside a Hebrew word: a Hebrew letter comes before
// it and after it, past other quotes and points.
func hebrewQuoteInWord(s string, q int) bool {
	before := q
	for before > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:before])
		if !isHebrewQuote(r) && !unicode.IsMark(r) {
			if !isHebrewLetter(r) {
				return false
			}
			break
		}
		before -= n
	}
	if before == 0 {
		return false
	}
	for _, r := range s[q:] {
		if !isHebrewQuote(r) && !unicode.IsMark(r) {
			return isHebrewLetter(r)
		}
	}
	return false
}

// hebrewWordAround returns the bounds of the Hebrew word that holds the quote at s[q] (see hebrewQuoteInWord): the
// words that find splits it into, and the quotes between them.
func (s *snippeter) hebrewWordAround(body string, q int) (start, end int) {
	start = q
	for {
		// Back over the quotes, then over the word before them.
		for start > 0 {
			r, n := lastRune(body, start)
			if !isHebrewQuote(r) {
				break
			}
			start -= n
		}
		_, n := lastRune(body, start)
		w, ok := wordAround(body, start-n)
		if !ok {
			break
		}
		start = w
		if start == 0 {
			break
		}
		if r, n := lastRune(body, start); !isHebrewQuote(r) || !hebrewQuoteInWord(body, start-n) {
			break
		}
	}
	end = q
	for {
		// On over the quotes, then over the word after them.
		for end < len(body) {
			r, n := nextRune(body, end)
			if !isHebrewQuote(r) {
				break
			}
			end += n
		}
		end, _ = s.wordEndAt(body, end)
		if end == len(body) {
			break
		}
		if r, _ := nextRune(body, end); !isHebrewQuote(r) || !hebrewQuoteInWord(body, end) {
			break
		}
	}
	return start, end
}

// wholeHebrewWords makes a Hebrew word written with a geresh or gershayim, or the ' or " typed for them, one span
// when it matches a query word, as the index reads it (דו״ח is דוח, בדו״ח is בדוח and דוח): find ends a word at
// ״ and ׳, and its letter pairs, which keep ' and ", rule the word out. The spans find made of its pieces go: the
// index has the word, not its pieces (יפס of צ׳יפס is no word of the page).
func (s *snippeter) wholeHebrewWords(body string, spans []span) []span {
	scan := min(len(body), snippetScanBytes)
	quotes := newQuoteIndex(body[:scan])
	var out []span // nil until a quoted Hebrew word is met
	next := 0      // the first of spans not passed yet
	for at := 0; at < scan; {
		q := quotes.from(at)
		if q == scan {
			break
		}
		if !hebrewQuoteInWord(body, q) {
			_, n := nextRune(body, q)
			at = q + n
			continue
		}
		start, end := s.hebrewWordAround(body, q)
		at = end
		if out == nil {
			out = make([]span, 0, len(spans)+1)
		}
		for next < len(spans) && spans[next].end <= start {
			out = append(out, spans[next])
			next++
		}
		for next < len(spans) && spans[next].start < end {
			next++ // a piece of the word
		}
		if w := s.match(body[start:end]); w >= 0 && len(out) < maxSnippetMatches {
			out = append(out, span{start, end, w})
		}
	}
	if out == nil {
		return spans
	}
	return append(out, spans[next:]...)
}

// hasHebrew reports whether a query word has a Hebrew letter: only then can a Hebrew word match one.
func hasHebrew(words []word) bool {
	for _, w := range words {
		if strings.ContainsFunc(w.stem, isHebrewLetter) || strings.ContainsFunc(w.surface, isHebrewLetter) {
			return true
		}
	}
	return false
}
