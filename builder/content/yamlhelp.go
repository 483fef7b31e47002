package content

import (
	"bytes"
	"strings"

	"kb/internal/textpos"
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
	for i := 0; i < len(lines); i++ {
		col, quote := openQuote(lines[i])
		if col == 0 {
			continue
		}
		// A quoted value may go on over lines; it is a mistake only if it
		// never ends.
		end := closingLine(lines[i+1:], quote)
		if end < 0 {
			return i + 1, col, "this " + quote + " is never closed: close the value with " + quote + " on this line", true
		}
		i += 1 + end
	}
	return 0, 0, "", false
}

// closingLine returns the index of the first line holding the closing
// quote, or -1.
func closingLine(lines [][]byte, quote string) int {
	for i, l := range lines {
		if unclosed(string(l), quote) != len(l) {
			return i
		}
	}
	return -1
}

// unclosed returns the index of the first unescaped quote in s, or len(s).
func unclosed(s, q string) int {
	for i := 0; i < len(s); i++ {
		switch {
		case q == `"` && s[i] == '\\':
			i++
		case q == "'" && strings.HasPrefix(s[i:], "''"):
			i++
		case s[i:i+1] == q:
			return i
		}
	}
	return len(s)
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
	col := textpos.Column(l, start+len(trimmed)-len(v))
	q := v[:1]
	if unclosed(v[1:], q) < len(v)-1 {
		return 0, ""
	}
	return col, q
}

// explainTOML points a string that runs to the end of its line at its
// opening quote, with the fix; the parser says "strings cannot contain
// newlines" where the line ends.
func explainTOML(block []byte, line int, msg string) (int, int, string, bool) {
	if !strings.Contains(msg, "strings cannot contain newlines") && !strings.Contains(msg, "unexpected EOF") {
		return 0, 0, "", false
	}
	lines := bytes.Split(block, []byte("\n"))
	if line < 1 || line > len(lines) {
		return 0, 0, "", false
	}
	s := string(lines[line-1])
	_, value, ok := strings.Cut(s, "=")
	if !ok {
		return 0, 0, "", false
	}
	v := strings.TrimLeft(value, " \t")
	if v == "" || (v[0] != '"' && v[0] != '\'') || strings.HasPrefix(v, `"""`) || strings.HasPrefix(v, "'''") {
		return 0, 0, "", false
	}
	q := v[:1]
	col := textpos.Column(lines[line-1], len(s)-len(v))
	return line, col, "this " + q + " is never closed: close the value with " + q + " on this line", true
}
