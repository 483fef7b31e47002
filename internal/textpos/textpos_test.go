package textpos

import (
	"bytes"
	"testing"
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
