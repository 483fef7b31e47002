package server

import (
	"math"
	"strconv"
	"unicode/utf8"

	"kb/search"
)

// appendResult appends res as encoding/json's Encoder (SetEscapeHTML(false)) writes it, newline included, without
// reflection: every search answer is encoded, and reflection was most of that. ok is false for what this encoder
// does not write as encoding/json would (a score that is not a finite number), for the caller to fall back on it.
// TestAppendResultAsEncodingJSON keeps the two in step, and fails when Hit or Result gains a field.
func appendResult(b []byte, res search.Result) (_ []byte, ok bool) {
	b = append(b, `{"hits":`...)
	if res.Hits == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, h := range res.Hits {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"title":`...)
			b = appendJSONString(b, h.Title)
			b = append(b, `,"url":`...)
			b = appendJSONString(b, h.URL)
			b = append(b, `,"snippet":`...)
			b = appendJSONString(b, h.Snippet)
			b = append(b, `,"section":`...)
			b = appendJSONString(b, h.Section)
			if h.SectionTitle != "" {
				b = append(b, `,"section_title":`...)
				b = appendJSONString(b, h.SectionTitle)
			}
			b = append(b, `,"score":`...)
			if b, ok = appendJSONFloat(b, h.Score); !ok {
				return b, false
			}
			if h.Page != "" {
				b = append(b, `,"page":`...)
				b = appendJSONString(b, h.Page)
			}
			if h.Fallback {
				b = append(b, `,"fallback":true`...)
			}
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	b = append(b, `,"total":`...)
	b = strconv.AppendInt(b, int64(res.Total), 10)
	b = append(b, `,"took_ms":`...)
	if b, ok = appendJSONFloat(b, res.TookMS); !ok {
		return b, false
	}
	return append(b, "}\n"...), true
}

// appendJSONFloat appends f as encoding/json writes a float64: as ES6 prints numbers.
func appendJSONFloat(b []byte, f float64) ([]byte, bool) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return b, false
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// e-09 to e-9
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b, true
}

// appendJSONString appends s quoted as encoding/json writes a string without HTML escaping: quotes, backslashes and
// control characters escaped, invalid UTF-8 as \ufffd, and U+2028 and U+2029 escaped.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i++
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
