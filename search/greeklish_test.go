package search

import (
	"testing"
	"unicode"
)

// wordRune answers as unicode does for every rune of the scripts a site's
// text is in, its shortcut for ASCII and modern Greek included: a rune it
// took for a letter wrongly would join two Greek words into one key.
func TestWordRuneAgreesWithUnicode(t *testing.T) {
	for r := rune(0); r < 0x3000; r++ {
		if got, want := wordRune(r), unicode.IsLetter(r) || unicode.Is(unicode.M, r); got != want {
			t.Errorf("wordRune(%U %q) = %v, unicode says %v", r, r, got, want)
		}
	}
}
