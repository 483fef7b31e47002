package static

import (
	"slices"
	"strconv"
	"unicode/utf8"
)

// The shards a build writes most of (documents, excerpts, vocabulary) are
// encoded here rather than by encoding/json, whose reflection was a third
// of a cached build's static index: the bytes are marshal's (a test holds
// them to it).

// appendJSONString appends s as marshal writes it (no HTML escaping).
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == '"' || c == '\\' || (c == 0xE2 && i+2 < len(s) && s[i+1] == 0x80 && s[i+2]&0xFE == 0xA8) {
			return appendMarshaled(b, s)
		}
		if c >= utf8.RuneSelf && !utf8.ValidString(s[i:]) {
			return appendMarshaled(b, s)
		}
		if c >= utf8.RuneSelf {
			// Valid from here on: only the rare bytes above can still
			// need escaping.
			for j := i; j < len(s); j++ {
				c := s[j]
				if c < 0x20 || c == '"' || c == '\\' || (c == 0xE2 && j+2 < len(s) && s[j+1] == 0x80 && s[j+2]&0xFE == 0xA8) {
					return appendMarshaled(b, s)
				}
			}
			break
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

func appendMarshaled(b []byte, s string) []byte {
	raw, _ := marshal(s) // a string always marshals
	return append(b, raw...)
}

// appendStringsJSON appends ss as marshal writes a []string.
func appendStringsJSON(b []byte, ss []string) []byte {
	if ss == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, s)
	}
	return append(b, ']')
}

// appendRowsJSON appends document rows (strings and ints) as marshal
// writes them; another kind of value is marshaled.
func appendRowsJSON(b []byte, rows [][]any) []byte {
	if rows == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, row := range rows {
		if i > 0 {
			b = append(b, ',')
		}
		if row == nil {
			b = append(b, "null"...)
			continue
		}
		b = append(b, '[')
		for j, v := range row {
			if j > 0 {
				b = append(b, ',')
			}
			switch v := v.(type) {
			case string:
				b = appendJSONString(b, v)
			case int:
				b = strconv.AppendInt(b, int64(v), 10)
			default:
				raw, _ := marshal(v)
				b = append(b, raw...)
			}
		}
		b = append(b, ']')
	}
	return append(b, ']')
}

// appendVocabJSON appends a vocabulary shard as marshal writes it: keys
// sorted.
func appendVocabJSON(b []byte, m map[string][]int) []byte {
	if m == nil {
		return append(b, "null"...)
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, k)
		b = append(b, ':')
		e := m[k]
		if e == nil {
			b = append(b, "null"...)
			continue
		}
		b = append(b, '[')
		for j, n := range e {
			if j > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendInt(b, int64(n), 10)
		}
		b = append(b, ']')
	}
	return append(b, '}')
}
