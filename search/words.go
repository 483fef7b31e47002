package search

import (
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/segment"
	"kb/internal/validutf8"
)

// cutWords gives the word segments (those of a type other than segment.None) that blevesearch/segment's word
// segmenter, which the unicode tokenizer runs, cuts text into, with their types and offsets, for a fraction of its
// cost: the segmenter is a generic UAX #29 (Unicode 8.0) state machine that allocates for every segment, while most
// help-center text is runs of letters between spaces and punctuation. cutWords cuts those runs itself, by classes of
// runes that it learns from the segmenter (wordClasses), and hands the segmenter only the stretches it is not sure of:
// from the start of a word that meets a mid-word character between letters ("can't", "3.14"), an extending mark
// after no letter, or a rune of any other class (Hebrew, kana, ideographs), up to the next ASCII space, where the
// segmenter always ends a segment. It reports false, having given some words or none, for text that is not valid
// UTF-8 (the segmenter stops early on some invalid bytes, depending on what precedes them) or if the segmenter failed
// on a stretch: the caller must then tokenize text as bleve does.
type wordCutter struct {
	vals  [][]byte // the segmenter's segments, reused
	types []int
}

// Rune classes for cutWords, as the segmenter treats each rune.
const (
	wcOther  = iota // anything else: the segmenter decides
	wcBreak         // never inside a word (spaces, most punctuation)
	wcMid           // inside a word only between letters or digits ('.', ',', ':', '\'', ...)
	wcLetter        // Word_Break ALetter
	wcDigit         // Word_Break Numeric
	wcExtend        // Word_Break Extend or Format: part of whatever precedes it
)

// classRunes bounds the class table: the Latin, Greek, Cyrillic, Armenian, Arabic and Indic blocks, Latin and Greek
// Extended, and General Punctuation. Hangul Jamo (U+1100–U+11FF), which the segmenter treats as a script of its own,
// stay wcOther.
const classRunes = 0x2070

func (wc *wordCutter) cut(text []byte, word func(w []byte, start int, typ int)) bool {
	if !validutf8.Valid(text) {
		return false
	}
	classes := wordClasses()
	class := func(i int) (uint8, int) {
		if i >= len(text) {
			return wcBreak, 0
		}
		c := text[i]
		if c < utf8.RuneSelf {
			return classes[c], 1
		}
		r, size := utf8.DecodeRune(text[i:])
		if r >= classRunes {
			return wcOther, size
		}
		return classes[r], size
	}
	tok, letters := -1, false // the word being read
	prev := 0                 // the start of the previous rune
	for i := 0; i < len(text); {
		k, size := class(i)
		region := -1 // start of a stretch for the segmenter
		switch k {
		case wcLetter, wcDigit:
			if tok < 0 {
				tok, letters = i, false
			}
			letters = letters || k == wcLetter
			// The rest of a run of letters and digits of one or two bytes
			// (ASCII, Greek, Arabic…) is read here, with no call a rune;
			// i is then its last rune.
			for j := i + size; j < len(text); {
				c, n := text[j], 1
				switch {
				case c < utf8.RuneSelf:
					k = classes[c]
				case c >= 0xC2 && c < 0xE0: // text is valid: a second byte follows
					k, n = classes[rune(c&0x1F)<<6|rune(text[j+1]&0x3F)], 2
				default:
					k = wcOther
				}
				if k != wcLetter && k != wcDigit {
					break
				}
				letters = letters || k == wcLetter
				i, size = j, n
				j += n
			}
		case wcExtend:
			if tok < 0 { // it extends a break, a mid character or nothing
				region = prev
			}
		case wcBreak:
			if tok >= 0 {
				word(text[tok:i], tok, wordType(letters))
				tok = -1
			}
		case wcMid:
			if tok >= 0 {
				if next, _ := class(i + size); next != wcBreak && next != wcMid {
					region = tok
					break
				}
				word(text[tok:i], tok, wordType(letters))
				tok = -1
			}
		default:
			region = i
			if tok >= 0 {
				region = tok
			}
		}
		if region < 0 {
			prev = i
			i += size
			continue
		}
		end := i
		for end < len(text) && !asciiSpace(text[end]) {
			end++
		}
		if !wc.segment(text[region:end], region, word) {
			return false
		}
		tok, prev, i = -1, end, end
	}
	if tok >= 0 {
		word(text[tok:], tok, wordType(letters))
	}
	return true
}

// segment hands one stretch to the segmenter.
func (wc *wordCutter) segment(s []byte, offset int, word func(w []byte, start int, typ int)) bool {
	vals, types, n, err := segment.SegmentWordsDirect(s, wc.vals[:0], wc.types[:0])
	wc.vals, wc.types = vals, types
	if err != nil || n != len(s) {
		return false
	}
	for j, v := range vals {
		if types[j] != segment.None {
			word(v, offset, types[j])
		}
		offset += len(v)
		vals[j] = nil
	}
	return true
}

func wordType(letters bool) int {
	if letters {
		return segment.Letter
	}
	return segment.Number
}

func asciiSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// wordClasses classes each rune below classRunes by what the segmenter does with it between letters, digits and
// spaces, so that cutWords cannot disagree with it; a rune that behaves like none of the classes is wcOther. ASCII
// spaces must come out wcBreak (cutWords ends its stretches at them).
var wordClasses = sync.OnceValue(func() *[classRunes]uint8 {
	var t [classRunes]uint8
	for r := rune(0); r < classRunes; r++ {
		if utf8.ValidRune(r) {
			t[r] = probeClass(string(r))
		}
	}
	for _, c := range []byte(" \t\n\r\f\v") {
		if t[c] != wcBreak {
			panic("search: the word segmenter joins words across ASCII spaces")
		}
	}
	return &t
})

// probeClass runs the segmenter on r in a few settings and names the class that explains all of them.
func probeClass(r string) uint8 {
	type seg struct {
		s   string
		typ int
	}
	run := func(s string) []seg {
		vals, types, n, err := segment.SegmentWordsDirect([]byte(s), make([][]byte, 0, 4), make([]int, 0, 4))
		if err != nil || n != len(s) {
			return nil
		}
		out := make([]seg, len(vals))
		for i := range vals {
			out[i] = seg{string(vals[i]), types[i]}
		}
		return out
	}
	is := func(s string, want ...seg) bool {
		got := run(s)
		if len(got) != len(want) {
			return false
		}
		for i := range got {
			if got[i] != want[i] {
				return false
			}
		}
		return true
	}
	const none, letter, number = segment.None, segment.Letter, segment.Number
	a, one := seg{"a", letter}, seg{"1", number}
	switch {
	case is(r, seg{r, letter}) && is("a"+r+"a", seg{"a" + r + "a", letter}) && is("1"+r+"1", seg{"1" + r + "1", letter}) &&
		is(r+"'", seg{r, letter}, seg{"'", none}) && is(r+".", seg{r, letter}, seg{".", none}) && is(" "+r, seg{" ", none}, seg{r, letter}):
		return wcLetter
	case is(r, seg{r, number}) && is("1"+r+"1", seg{"1" + r + "1", number}) && is("a"+r+"a", seg{"a" + r + "a", letter}) &&
		is(r+".", seg{r, number}, seg{".", none}) && is(r+",", seg{r, number}, seg{",", none}) && is(" "+r, seg{" ", none}, seg{r, number}):
		return wcDigit
	case is(r, seg{r, none}) && is("a"+r, seg{"a" + r, letter}) && is("1"+r, seg{"1" + r, number}) &&
		is("a"+r+"a", seg{"a" + r + "a", letter}) && is(r+"a", seg{r, none}, a):
		return wcExtend
	case is(r, seg{r, none}) && is("a"+r, a, seg{r, none}) && is(r+"a", seg{r, none}, a) && is("1"+r, one, seg{r, none}) &&
		is(r+"1", seg{r, none}, one) && is("a"+r+"a", a, seg{r, none}, a) && is("1"+r+"1", one, seg{r, none}, one):
		return wcBreak
	case is(r, seg{r, none}) && is("a"+r, a, seg{r, none}) && is(r+"a", seg{r, none}, a) && is("1"+r, one, seg{r, none}) &&
		is(r+"1", seg{r, none}, one) && (is("a"+r+"a", seg{"a" + r + "a", letter}) || is("1"+r+"1", seg{"1" + r + "1", number})):
		return wcMid
	}
	return wcOther
}
