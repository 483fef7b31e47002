package analytics

import (
	"regexp"
	"strings"
	"unicode"
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
	return tidyQuery(redact(search.Normalize(cleanText(q))))
}

// querySpelling is how a customer wrote the query q that NormalizeQuery
// folds into normalized, cleaned as NormalizeQuery cleans it but with its
// accents and letter forms (search.Spelling): normalized when it is spelled
// so, and otherSpellings when the spelling tells nothing, or nothing that
// may be kept. Capitals without accents tell nothing, as Greek (and often
// French) drops accents on them: "ΠΩΣ" is no vote for "πως" over "πώς". A
// spelling that does not fold back into normalized (a cut or a redaction
// that fell elsewhere) is not kept, so that no spelling keeps more than its
// query does.
func querySpelling(q, normalized string) string {
	s := tidyQuery(redact(search.Spelling(cleanText(q))))
	switch {
	case s == normalized && capitalsOnly(q):
		return otherSpellings
	case s == normalized:
		return s
	case NormalizeQuery(s) != normalized:
		return otherSpellings
	}
	return s
}

// capitalsOnly reports whether s has capital letters and no small ones.
func capitalsOnly(s string) bool {
	upper := false
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		upper = upper || unicode.IsUpper(r)
	}
	return upper
}

// tidyQuery trims and collapses spaces and cuts a query to maxQueryBytes.
func tidyQuery(q string) string {
	return truncate(strings.Join(strings.Fields(q), " "), maxQueryBytes)
}

var (
	emailPattern  = regexp.MustCompile(`[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+`)
	numberPattern = regexp.MustCompile(`\+?\p{Nd}(?:[\p{Nd} .\-/]*\p{Nd}){5,}`) // any script's digits: a spelling keeps ٠٥٥١٢٣٤٥٦٧ as typed
)

// redact replaces what could identify a customer in free text they typed:
// e-mail addresses and numbers of six digits or more, in any script.
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
