package greek

import (
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2/analysis"
	"golang.org/x/text/unicode/norm"
)

// Fold returns s as the index stores it, so that a query typed with or
// without accents, in capitals, or with a final sigma finds the same words.
//
// The rule is, in this order:
//
//  1. lowercase (Unicode simple case mapping);
//  2. canonical decomposition (NFD);
//  3. delete every combining mark, Unicode category M (Mn, Mc, Me): this
//     removes Greek tonos, dialytika, perispomeni and ypogegrammeni, and
//     Latin accents too (café → cafe), because Greek pages carry Latin
//     brand names;
//  4. replace final sigma ς (U+03C2) by σ (U+03C3);
//  5. canonical composition (NFC), which only matters for scripts such as
//     Hangul whose syllables decompose into letters, not marks.
//
// The browser client mirrors it exactly, so keep the two in step:
//
//	s.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "").replace(/ς/g, "σ").normalize("NFC")
//
// (JavaScript's toLowerCase differs from Go's simple mapping only for İ and
// a word-final Σ, and steps 3 and 4 erase both differences.) Step 3 drops
// marks that are letters in Indic and Thai scripts, so Fold is meant for
// Greek and Latin text only.
func Fold(s string) string {
	if isFolded(s) {
		return s
	}
	if f, ok := foldGreek(s); ok {
		return f
	}
	return foldUnicode(s)
}

// foldUnicode is Fold by the letter of its definition.
func foldUnicode(s string) string {
	s = norm.NFD.String(strings.ToLower(s))
	s = strings.Map(func(r rune) rune {
		switch {
		case unicode.Is(unicode.M, r):
			return -1
		case r == 'ς':
			return 'σ'
		}
		return r
	}, s)
	return norm.NFC.String(s)
}

// isFolded reports whether Fold would return s unchanged, for the common case
// of plain lowercase ASCII and unaccented lowercase Greek, so that most
// tokens skip normalization altogether.
func isFolded(s string) bool {
	for _, r := range s {
		switch {
		case r < 0x80:
			if 'A' <= r && r <= 'Z' {
				return false
			}
		case 'α' <= r && r <= 'ω' && r != 'ς':
		default:
			return false
		}
	}
	return true
}

// foldGreek is Fold for text of ASCII and modern Greek letters only, by
// table rather than normalization, which is most of the cost of analyzing
// Greek; ok is false for any other text. A test checks it against
// foldUnicode letter by letter.
func foldGreek(s string) (folded string, ok bool) {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r < 0x80:
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
		case 'α' <= r && r <= 'ω':
			if r == 'ς' {
				r = 'σ'
			}
		case 'Α' <= r && r <= 'Ω' && r != 0x3A2:
			r += 'α' - 'Α'
		default:
			plain, found := greekAccented[r]
			if !found {
				return "", false
			}
			r = plain
		}
		b.WriteRune(r)
	}
	return b.String(), true
}

// greekAccented maps the precomposed monotonic letters to plain lowercase.
var greekAccented = map[rune]rune{
	'ά': 'α', 'έ': 'ε', 'ή': 'η', 'ί': 'ι', 'ό': 'ο', 'ύ': 'υ', 'ώ': 'ω',
	'Ά': 'α', 'Έ': 'ε', 'Ή': 'η', 'Ί': 'ι', 'Ό': 'ο', 'Ύ': 'υ', 'Ώ': 'ω',
	'ϊ': 'ι', 'ϋ': 'υ', 'Ϊ': 'ι', 'Ϋ': 'υ', 'ΐ': 'ι', 'ΰ': 'υ',
}

// FoldName is the name of the Fold token filter in bleve's registry.
const FoldName = "greek_fold"

// FoldFilter is a bleve token filter that applies Fold to every term.
type FoldFilter struct{}

// Filter folds each token's term in place.
func (FoldFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, tok := range input {
		if f := Fold(string(tok.Term)); f != string(tok.Term) {
			tok.Term = []byte(f)
		}
	}
	return input
}
