package search

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Normalize is the language-independent part of analysis: every analyzer applies it to every token, and a browser
// client reproduces it exactly on the query (JavaScript: step 0, toLowerCase, normalize("NFD"), the rune mapping
// below, normalize("NFC")). The steps, in order:
//
//  0. Drop the format characters (general category Cf: marks of direction and isolates, zero-width space and joiner,
//     soft hyphen, byte order mark...) but the zero-width non-joiner U+200C, which both indexes cut words at or, in
//     the languages that write compounds with it, read compounds by (see formatChars, compoundTokenizer), so that text copied from a right-to-left app or typed on a phone finds what its visible letters
//     spell; and fold the fullwidth and halfwidth forms U+FF01–U+FF9F (fullwidth ASCII, halfwidth katakana) by NFKC,
//     as an East Asian keyboard types them.
//  1. Unicode lowercase (Go strings.ToLower; JavaScript toLowerCase gives the same result once step 3 has run).
//  2. NFD.
//  3. Drop these combining marks, and only these (other scripts' marks are letters' vowels and must stay):
//     U+0300–U+036F (Latin, Greek and Cyrillic accents, Greek tonos and dialytika), U+1AB0–U+1AFF, U+1DC0–U+1DFF,
//     U+20D0–U+20FF, U+FE20–U+FE2F (more combining diacritics); U+0591–U+05BD, U+05BF, U+05C1, U+05C2, U+05C4,
//     U+05C5, U+05C7 (Hebrew points); U+064B–U+0652 (Arabic tashkeel), U+0653–U+0655 (madda and hamza above and
//     below: after NFD this is what turns أ إ آ into ا, ؤ into و and ئ into ي), U+0670 (superscript alef).
//  4. Map runes: ς → σ; ٱ (U+0671) → ا; ة (U+0629) → ه; ى (U+0649) → ي; the Persian and Urdu letters ک (U+06A9)
//     → ك and ی (U+06CC) → ي, which an Arabic keyboard types in their place; drop tatweel U+0640; Arabic-Indic digits
//     U+0660–U+0669 and Persian digits U+06F0–U+06F9 → 0–9 (phone keyboards type either); drop the Hebrew geresh
//     and gershayim U+05F3, U+05F4, and the ASCII ' and " that a Hebrew keyboard types for them after a Hebrew
//     letter, so that צ׳יפס, צ'יפס and ציפס, or דו״ח, דו"ח and דוח, are one word (the word segmenter keeps them
//     inside a Hebrew word).
//  5. NFC.
//
// Any change here changes the index: bump indexSchema and tell the browser client.
func Normalize(s string) string {
	if ascii, ok := lowerASCII(s); ok {
		return ascii
	}
	if folded, ok := foldByRune(s); ok {
		return folded
	}
	return normalize(s)
}

// Spelling is a query as its customer wrote it, but for what no reader tells apart: Normalize's steps 0 and 1
// (format characters dropped, wide forms folded, lowercase) and NFC, with accents, marks and letter forms kept. So
// "ΕΠΙΣΤΡΟΦΉ" and "επιστροφή" are one spelling and "επιστροφη" another, and Normalize(Spelling(s)) is Normalize(s).
func Spelling(s string) string {
	return norm.NFC.String(strings.ToLower(visible(s)))
}

// normalize is Normalize by the book; Normalize takes shortcuts that give the same result.
func normalize(s string) string {
	d := norm.NFD.String(strings.ToLower(visible(s)))
	var b strings.Builder
	b.Grow(len(d))
	var last rune // the last rune written
	for _, r := range d {
		if dropMark(r) {
			continue
		}
		switch {
		case r == '\u05F3', r == '\u05F4':
			continue
		case (r == '\'' || r == '"') && isHebrewLetter(last):
			continue
		case r == 'ς':
			r = 'σ'
		case r == 'ٱ':
			r = 'ا'
		case r == 'ة':
			r = 'ه'
		case r == 'ى', r == 'ی':
			r = 'ي'
		case r == 'ک':
			r = 'ك'
		case r == '\u0640':
			continue
		case r >= '٠' && r <= '٩':
			r = '0' + (r - '٠')
		case r >= '۰' && r <= '۹':
			r = '0' + (r - '۰')
		}
		b.WriteRune(r)
		last = r
	}
	return norm.NFC.String(b.String())
}

// isHebrewLetter reports whether r is one of the 27 Hebrew letters (final forms included), without points.
func isHebrewLetter(r rune) bool { return r >= 'א' && r <= 'ת' }

// visible is Normalize's step 0.
func visible(s string) string {
	i := strings.IndexFunc(s, invisibleOrWide)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		switch {
		case isFormat(r):
		case isWide(r):
			b.WriteString(norm.NFKC.String(string(r)))
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func invisibleOrWide(r rune) bool { return r >= 0xAD && (isFormat(r) || isWide(r)) }

// isFormat reports whether Normalize drops r: a format character other than the zero-width non-joiner.
func isFormat(r rune) bool { return r != zwnj && unicode.Is(unicode.Cf, r) }

// isWide reports whether r is a fullwidth or halfwidth form that Normalize folds: fullwidth ASCII, the halfwidth CJK
// punctuation and katakana. NFKC gives the same as width folding (golang.org/x/text/width) there, and a browser has
// NFKC; the halfwidth Hangul letters that follow are left alone (NFKC and width folding disagree on them).
func isWide(r rune) bool { return r >= 0xFF01 && r <= 0xFF9F }

// zwnj is the zero-width non-joiner, which separates the parts of a Persian word.
const zwnj = '\u200c'

// lowerASCII is Normalize's fast path: most tokens in most help centers are ASCII, and for them every step but the
// lowercase is a no-op.
func lowerASCII(s string) (string, bool) {
	upper := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return "", false
		}
		if 'A' <= c && c <= 'Z' {
			upper = true
		}
	}
	if !upper {
		return s, true
	}
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b), true
}

// dropMark reports whether Normalize drops the combining mark r (step 3).
func dropMark(r rune) bool {
	switch {
	case r < 0x0300:
		return false
	case r <= 0x036F:
		return true
	case r >= 0x0591 && r <= 0x05C7:
		return r <= 0x05BD || r == 0x05BF || r == 0x05C1 || r == 0x05C2 || r == 0x05C4 || r == 0x05C5 || r == 0x05C7
	case r >= 0x064B && r <= 0x0655, r == 0x0670:
		return true
	case r >= 0x1AB0 && r <= 0x1AFF, r >= 0x1DC0 && r <= 0x1DFF, r >= 0x20D0 && r <= 0x20FF, r >= 0xFE20 && r <= 0xFE2F:
		return true
	}
	return false
}

// Rune table values besides a rune: drop it, or give up on the shortcut.
const (
	runeDrop = -1
	runeSlow = -2
	// tableEnd bounds the table: Latin, Greek, Cyrillic, Hebrew, Arabic, Indic, and the kana.
	tableEnd = 0x3100
)

// runeTable maps each rune below tableEnd to normalize(string(r)) when that is one rune or none. It is computed once
// from normalize, so it cannot disagree with it.
var runeTable = sync.OnceValue(func() []rune {
	t := make([]rune, tableEnd)
	for r := rune(0); r < tableEnd; r++ {
		switch f := []rune(normalize(string(r))); {
		case isJamo(r), unicode.Is(unicode.M, r) && len(f) > 0:
			t[r] = runeSlow // may combine with its neighbours under NFC
		case len(f) == 0:
			t[r] = runeDrop
		case len(f) == 1 && !unicode.Is(unicode.M, f[0]):
			t[r] = f[0]
		default:
			t[r] = runeSlow
		}
	}
	return t
})

// foldByRune is Normalize one rune at a time, which is exact when no rune can compose with its neighbour: every rune
// is in the table as a mark that is dropped or as a starter that folds to one starter, or is a CJK ideograph or a
// Hangul syllable (which NFD and NFC leave as they are). It allocates only if s changes.
func foldByRune(s string) (string, bool) {
	t := runeTable()
	var b []byte
	for i, r := range s {
		f := r
		switch {
		case r == '\'' || r == '"':
			// Dropped after a Hebrew letter (normalize); which the table, a rune at a time, cannot tell.
			if i > 0 {
				return "", false
			}
		case r < tableEnd:
			f = t[r]
		case r >= 0x3400 && r <= 0x4DBF, r >= 0x4E00 && r <= 0x9FFF, r >= 0xAC00 && r <= 0xD7A3:
		default:
			f = runeSlow
		}
		if f == runeSlow {
			return "", false
		}
		if f == r && b == nil {
			continue
		}
		if b == nil {
			b = make([]byte, i, len(s))
			copy(b, s)
		}
		if f != runeDrop {
			b = utf8.AppendRune(b, f)
		}
	}
	if b == nil {
		return s, true
	}
	return string(b), true
}

func isJamo(r rune) bool {
	return r >= 0x1100 && r <= 0x11FF || r >= 0x3130 && r <= 0x318F
}

// onlySpaces reports whether b is white space, and not empty.
func onlySpaces(b []byte) bool {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if !unicode.IsSpace(r) {
			return false
		}
		i += n
	}
	return len(b) > 0
}
