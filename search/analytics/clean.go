package analytics

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"kb/search"
)

// What a visitor sent, cut down to what may be kept: every store records
// through these.

// NormalizeQuery is the form a query is stored and reported in: search's
// normalization (case, accents, Arabic letter forms), spaces trimmed and
// collapsed, e-mail addresses and long numbers (order, phone and card numbers)
// replaced by placeholders, at most 200 bytes.
func NormalizeQuery(q string) string {
	q = redact(search.Normalize(cleanText(q)))
	return truncate(strings.Join(strings.Fields(q), " "), maxQueryBytes)
}

var (
	emailPattern  = regexp.MustCompile(`[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+`)
	numberPattern = regexp.MustCompile(`\+?\d(?:[\d .\-/]*\d){5,}`)
)

// redact replaces what could identify a customer in free text they typed:
// e-mail addresses and numbers of six digits or more.
func redact(s string) string {
	if strings.ContainsRune(s, '@') {
		s = emailPattern.ReplaceAllString(s, "[email]")
	}
	return numberPattern.ReplaceAllString(s, "[number]")
}

// truncate cuts s to at most n bytes without splitting a rune.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func cleanLang(l string) string {
	l = strings.TrimSpace(l)
	if len(l) > maxLangBytes || strings.ContainsRune(l, 0) || !utf8.ValidString(l) {
		return ""
	}
	return l
}

// cleanURL keeps a site path and its fragment, never a query string.
func cleanURL(u string) string {
	if !strings.HasPrefix(u, "/") || strings.HasPrefix(u, "//") {
		return ""
	}
	if i := strings.IndexByte(u, '?'); i >= 0 {
		frag := ""
		if j := strings.IndexByte(u[i:], '#'); j >= 0 {
			frag = u[i+j:]
		}
		u = u[:i] + frag
	}
	return cleanText(truncate(u, maxURLBytes))
}

// cleanText drops NUL bytes and invalid UTF-8, which no store should have to
// hold (PostgreSQL's text refuses them).
func cleanText(s string) string {
	if utf8.ValidString(s) && !strings.ContainsRune(s, 0) {
		return s
	}
	return strings.ReplaceAll(strings.ToValidUTF8(s, ""), "\x00", "")
}
