package textpos

import (
	"bytes"
	"testing"
	"unicode/utf8"
)

func TestPosition(t *testing.T) {
	text := []byte("title\nΤο λάθος {{< x\nمرحبا [a](b)\n\xffz")
	for _, tc := range []struct {
		at        string // the text at the offset
		line, col int
	}{
		{"title", 1, 1},
		{"λάθος", 2, 4},
		{"{{<", 2, 10},
		{"[a]", 3, 7},
		{"z", 4, 2},
	} {
		off := bytes.Index(text, []byte(tc.at))
		if line, col := Position(text, off); line != tc.line || col != tc.col {
			t.Errorf("%q: %d:%d, want %d:%d", tc.at, line, col, tc.line, tc.col)
		}
	}
}

// TestCursor: a Cursor asked for offsets in increasing order gives what
// Position gives, at every character boundary, invalid bytes included.
func TestCursor(t *testing.T) {
	text := []byte("title\nΤο λάθος {{< x\n\nمرحبا [a](b)\n\xffz\n")
	c := NewCursor(text)
	for off := 0; off <= len(text); off++ {
		if off < len(text) && !utf8.RuneStart(text[off]) {
			continue
		}
		line, col := Position(text, off)
		if l, co := c.Position(off); l != line || co != col {
			t.Errorf("offset %d: %d:%d, want %d:%d", off, l, co, line, col)
		}
	}
}
