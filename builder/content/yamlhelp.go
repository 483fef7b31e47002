package content

import (
	"bytes"
	"strings"
)

// explainYAML turns the YAML parser's message for two common mistakes into
// a place and a plain fix: a tab in the indentation (the parser says "found
// character that cannot start any token") and a quote never closed (it says
// "found unexpected end of stream", at the end of the block). line is the
// parser's line within the block (0 when unknown); the result is too, with
// a column, or ok=false for other errors.
func explainYAML(block []byte, line int, msg string) (int, int, string, bool) {
	lines := bytes.Split(block, []byte("\n"))
	for i, l := range lines {
		if line > 0 && i+1 > line {
			break
		}
		indent := l[:len(l)-len(bytes.TrimLeft(l, " \t"))]
		if tab := bytes.IndexByte(indent, '\t'); tab >= 0 && len(bytes.TrimSpace(l)) > 0 {
			return i + 1, tab + 1, "a tab cannot indent YAML; use spaces", true
		}
	}
	if !strings.Contains(msg, "unexpected end of stream") && !strings.Contains(msg, "did not find expected") {
		return 0, 0, "", false
	}
	for i, l := range lines {
		col, quote := openQuote(l)
		if col > 0 {
			return i + 1, col, "this " + quote + " is never closed: close the value with " + quote + " on this line", true
		}
	}
	return 0, 0, "", false
}

// openQuote finds a value that starts with a quote not closed on its line:
// `title: "Unclosed`. It returns the quote's 1-based column.
func openQuote(l []byte) (int, string) {
	s := string(l)
	trimmed := strings.TrimLeft(s, " ")
	if strings.HasPrefix(trimmed, "#") {
		return 0, ""
	}
	trimmed = strings.TrimPrefix(trimmed, "- ")
	start := len(s) - len(trimmed)
	_, value, ok := strings.Cut(trimmed, ": ")
	if !ok {
		value = trimmed // a list item
	}
	v := strings.TrimLeft(value, " ")
	if v == "" || (v[0] != '"' && v[0] != '\'') {
		return 0, ""
	}
	col := start + (len(trimmed) - len(v)) + 1
	q := v[:1]
	rest := v[1:]
	for {
		i := strings.Index(rest, q)
		if i < 0 {
			return col, q
		}
		if q == "'" && strings.HasPrefix(rest[i:], "''") { // '' is an escaped quote
			rest = rest[i+2:]
			continue
		}
		if q == `"` && i > 0 && rest[i-1] == '\\' {
			rest = rest[i+1:]
			continue
		}
		return 0, ""
	}
}
