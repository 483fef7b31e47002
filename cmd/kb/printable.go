package main

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// printable makes text that readers or writers supplied (queries, pages,
// comments, file names, messages quoting them) safe to print on the
// operator's terminal: control characters become escapes (\x1b, \x07,
// \u009b), so ESC[2J cannot clear the screen nor ESC]0;…BEL retitle the
// window, and bidirectional overrides and isolates become \u202e and the
// like, so a line cannot display in an order other than its own. Invalid
// UTF-8 bytes print as \xff. Everything else, Arabic and Greek included,
// prints as is.
func printable(s string) string { return escapeTerminal(s, false, false) }

// printableLines is printable for multi-line text: newlines and tabs stay.
func printableLines(s string) string { return escapeTerminal(s, true, false) }

// visible is printable for what a report lists, where two entries must not
// look alike: the invisible format characters (zero-width space and
// joiners, the left-to-right and right-to-left marks, the byte order mark,
// the soft hyphen: Unicode's category Cf) are escaped too, so "re\u200bfund"
// is not shown as a second "refund".
func visible(s string) string { return escapeTerminal(s, false, true) }

func escapeTerminal(s string, keepLines, formats bool) string {
	if !needsEscape(s, keepLines, formats) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case keepLines && (r == '\n' || r == '\t'):
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case isTerminalHazard(r) || formats && unicode.Is(unicode.Cf, r):
			if r > 0xffff {
				fmt.Fprintf(&b, `\U%08x`, r)
			} else {
				fmt.Fprintf(&b, `\u%04x`, r)
			}
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func needsEscape(s string, keepLines, formats bool) bool {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return true
			}
		}
		if formats && unicode.Is(unicode.Cf, r) {
			return true
		}
		if (r < 0x20 || r == 0x7f || isTerminalHazard(r)) && !(keepLines && (r == '\n' || r == '\t')) {
			return true
		}
	}
	return false
}

// isTerminalHazard reports the characters, other than C0 controls, that
// change what a terminal does or shows: the C1 controls (U+009B is a CSI by
// itself on some terminals) and the bidirectional embeddings, overrides and
// isolates. The marks U+200E, U+200F and U+061C stay: right-to-left text
// uses them and they cannot reorder a whole line.
func isTerminalHazard(r rune) bool {
	return (r >= 0x80 && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}
