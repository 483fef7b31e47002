package validutf8

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// Valid agrees with utf8.Valid on every length around the vector widths,
// with an invalid byte, a cut rune or a surrogate at every position.
func TestValidAgreesWithTheStandardLibrary(t *testing.T) {
	text := []byte(strings.Repeat("Πώς αλλάζω τη διεύθυνση; كيف أغير عنوان الشحن؟ ok ✓ 𝄞 ", 8))
	for n := range len(text) {
		cases := [][]byte{text[:n]}
		for _, bad := range [][]byte{{0xff}, {0xce}, {0xed, 0xa0, 0x80}, {0xf4, 0x90, 0x80, 0x80}, {0xc0, 0x80}} {
			c := append([]byte(nil), text[:n]...)
			cases = append(cases, append(c, bad...), append(append([]byte(nil), bad...), text[:n]...))
		}
		for _, c := range cases {
			if got, want := Valid(c), utf8.Valid(c); got != want {
				t.Fatalf("Valid(%q) = %v, utf8.Valid says %v", c, got, want)
			}
		}
	}
}
