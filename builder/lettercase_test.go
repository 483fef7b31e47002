package builder

import (
	"strings"
	"testing"
	"unicode"
)

// TestFoldCaseIsEqualFold: two paths share a key exactly when
// strings.EqualFold takes them for one, in every script.
func TestFoldCaseIsEqualFold(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		want := foldRune(r)
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			if foldRune(f) != want {
				t.Fatalf("%q folds to %q but %q, of its orbit, to %q", r, want, f, foldRune(f))
			}
		}
		if !strings.EqualFold(string(r), string(want)) {
			t.Fatalf("%q folds to %q, which EqualFold does not match", r, want)
		}
	}
	for _, p := range [][2]string{
		{"en/faq/returns/index.html", "EN/FAQ/Returns/index.html"},
		{"el/οδηγός/index.html", "el/ΟΔΗΓΌΣ/index.html"},
		{"el/οδηγόσ", "el/οδηγός"},
		{"kelvin", "\u212aelvin"},
		{"ru/возврат", "ru/Возврат"},
		{"tr/i", "tr/\u0130"}, // dotted capital I: no simple folding to i
		{"a.png", "b.png"},
	} {
		if got, want := foldCase(p[0]) == foldCase(p[1]), strings.EqualFold(p[0], p[1]); got != want {
			t.Errorf("foldCase(%q) == foldCase(%q) is %v, EqualFold says %v", p[0], p[1], got, want)
		}
	}
}

// TestFoldCaseAllocatesForCaseOnly: the output folds every path it
// writes; lower-case ones, the most, cost no allocation.
func TestFoldCaseAllocatesForCaseOnly(t *testing.T) {
	for _, p := range []string{"en/faq/returns/index.html", "el/οδηγόσ/index.html", "ar/الأسئلة/index.html"} {
		if n := testing.AllocsPerRun(100, func() { foldCase(p) }); n != 0 {
			t.Errorf("foldCase(%q) allocates %v times", p, n)
		}
	}
}
