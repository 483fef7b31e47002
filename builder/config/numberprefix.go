package config

import (
	"strconv"
	"strings"
)

// NumberPrefix splits a file or folder name that starts with a number
// before a separator ("01-intro", "2. Guides", "10_faq") into its number
// and the rest, as Docusaurus reads such names and as a site with
// numberPrefixes does: the number orders the page and is left out of its
// address and default title. ok is false for a name
// with no such number, a name that is all number ("404"), and a date or a
// version ("2021-03-04-release", "1.5-notes"), which Docusaurus keeps
// whole too.
func NumberPrefix(name string) (rest string, n int, ok bool) {
	digits := 0
	for digits < len(name) && isDigit(name[digits]) {
		digits++
	}
	if digits == 0 || digits > 9 {
		return name, 0, false
	}
	if len(name) > digits+1 && strings.IndexByte("-_.", name[digits]) >= 0 && isDigit(name[digits+1]) {
		return name, 0, false // a date or a version
	}
	rest = strings.TrimLeft(name[digits:], " ")
	sep := len(rest)
	rest = strings.TrimLeft(rest, "-_.")
	if sep == len(rest) {
		return name, 0, false
	}
	rest = strings.TrimLeft(rest, " ")
	if rest == "" || strings.IndexByte("-_.", rest[0]) >= 0 {
		return name, 0, false
	}
	n, _ = strconv.Atoi(name[:digits])
	return rest, n, true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
