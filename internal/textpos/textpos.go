// Package textpos turns byte offsets into the 1-based lines and columns an
// editor shows, for messages that point into a file.
package textpos

import (
	"bytes"
	"unicode/utf8"
)

// Column returns the 1-based column of byte offset off of text, counted in
// characters from the start of off's line as editors count them: an Arabic
// or Greek letter is two bytes but one column. An invalid byte counts as one
// character, as editors show it.
func Column(text []byte, off int) int {
	off = min(max(off, 0), len(text))
	return 1 + utf8.RuneCount(text[bytes.LastIndexByte(text[:off], '\n')+1:off])
}

// Position returns the 1-based line and column (see Column) of byte offset
// off of text.
func Position(text []byte, off int) (line, col int) {
	off = min(max(off, 0), len(text))
	return 1 + bytes.Count(text[:off], []byte("\n")), Column(text, off)
}

// FromByteColumn converts a 1-based line and byte column of text, as
// parsers report them, into the column Column gives; 0 stays 0 (unknown).
func FromByteColumn(text []byte, line, col int) int {
	if line < 1 || col < 1 {
		return col
	}
	start := 0
	for ; line > 1; line-- {
		nl := bytes.IndexByte(text[start:], '\n')
		if nl < 0 {
			return col
		}
		start += nl + 1
	}
	return Column(text, min(start+col-1, len(text)))
}

// A Cursor gives the Position of offsets of one text asked for in
// increasing order, reading each byte once however many offsets it is
// asked for: many positions in one long file cost no more than one.
type Cursor struct {
	text           []byte
	off, line, col int
}

// NewCursor returns a Cursor at the start of text.
func NewCursor(text []byte) *Cursor { return &Cursor{text: text, line: 1, col: 1} }

// Position returns the 1-based line and column of off, a character
// boundary, as Position does; an offset before the last one asked for
// gives the last one's.
func (c *Cursor) Position(off int) (line, col int) {
	off = min(max(off, c.off), len(c.text))
	for c.off < off {
		_, size := utf8.DecodeRune(c.text[c.off:])
		if c.text[c.off] == '\n' {
			c.line, c.col = c.line+1, 0
		}
		c.off, c.col = c.off+size, c.col+1
	}
	return c.line, c.col
}
