package static

import (
	"strconv"
	"unicode/utf8"
)

// The shards a build writes by the thousand (vocabulary, doc rows,
// excerpts) are encoded here rather than by encoding/json, whose
// reflection over maps and []any took most of an update's encoding time.
// The bytes are marshal's: TestJSONEncodersMatchMarshal holds them to it.

// appendJSONString appends s as a JSON string, escaped as encoding/json
// escapes it with HTML escaping off: quote, backslash and control
// characters, U+2028 and U+2029, and invalid UTF-8 as U+FFFD.
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
			case '"', '\\':
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
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	return append(append(b, s[start:]...), '"')
}

// appendJSONInts appends a JSON array of numbers.
func appendJSONInts(b []byte, v []int) []byte {
	b = append(b, '[')
	for i, n := range v {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(n), 10)
	}
	return append(b, ']')
}

// encodeVocabShard encodes a vocabulary shard, its words in byte order as
// encoding/json orders a map's keys, and, under "", what it says of the
// thesaurus, when syn is not nil: {"t":[…]} and {"w":{…}}, each when not
// empty.
func encodeVocabShard(shard map[string][]int, syn *shardSynonyms) []byte {
	words := sortedKeys(shard)
	n := 2
	for _, w := range words {
		n += len(w) + 4 + 6*len(shard[w])
	}
	b := append(make([]byte, 0, n), '{')
	if syn != nil {
		b = append(b, `"":{`...)
		if len(syn.T) > 0 {
			b = appendJSONInts(append(b, `"t":`...), differences(syn.T))
		}
		if len(syn.W) > 0 {
			if len(syn.T) > 0 {
				b = append(b, ',')
			}
			b = append(b, `"w":{`...)
			for i, w := range sortedKeys(syn.W) {
				if i > 0 {
					b = append(b, ',')
				}
				b = append(appendJSONString(b, w), ':')
				b = appendJSONString(b, syn.W[w])
			}
			b = append(b, '}')
		}
		b = append(b, '}')
		if len(words) > 0 {
			b = append(b, ',')
		}
	}
	for i, w := range words {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(appendJSONString(b, w), ':')
		b = appendJSONInts(b, shard[w])
	}
	return append(b, '}')
}

// docRow is one document's row in a doc shard: [url,title,section
// title,page] and a 1 for a fallback.
type docRow struct {
	url, title, sectionTitle, page string
	fallback                       bool
}

// encodeDocRows encodes a doc shard.
func encodeDocRows(rows []docRow) []byte {
	// Sized for the rows as they are, with a little room for escapes: grown
	// by doubling, a shard's buffers would take about twice its size.
	n := 2
	for _, r := range rows {
		n += len(r.url) + len(r.title) + len(r.sectionTitle) + len(r.page) + 16
	}
	b := append(make([]byte, 0, n+n/16), '[')
	for i, r := range rows {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(appendJSONString(append(b, '['), r.url), ',')
		b = append(appendJSONString(b, r.title), ',')
		b = append(appendJSONString(b, r.sectionTitle), ',')
		b = appendJSONString(b, r.page)
		if r.fallback {
			b = append(b, ",1"...)
		}
		b = append(b, ']')
	}
	return append(b, ']')
}

// encodeStrings encodes a JSON array of strings; nil is null, as marshal
// writes a nil slice.
func encodeStrings(ss []string) []byte {
	if ss == nil {
		return []byte("null")
	}
	n := 2
	for _, s := range ss {
		n += len(s) + 3
	}
	b := append(make([]byte, 0, n), '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, s)
	}
	return append(b, ']')
}
