package builder

import (
	"encoding/binary"
	"errors"

	"kb/search"
)

// A cached page's search documents are stored in a plain length-prefixed
// form rather than gob: a gob stream carries its type description, which a
// decoder built per page (entries are read one at a time, out of order)
// parses again every time; on 30,000 pages that cost more than reading
// the pack. Layout: uvarint count, then per document its strings (uvarint
// length and bytes) ID, Lang, URL, Title, Page, Section, SectionTitle,
// Body, Kind, the headings and tags (uvarint count, strings), a fallback
// byte and the document's digest (search.DocDigest, 32 bytes), which a
// hit's indexing then need not work out again.

// appendDocs appends docs, encoded, to b.
func appendDocs(b []byte, docs []search.Document) []byte {
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	list := func(ss []string) {
		b = binary.AppendUvarint(b, uint64(len(ss)))
		for _, s := range ss {
			str(s)
		}
	}
	b = binary.AppendUvarint(b, uint64(len(docs)))
	for _, d := range docs {
		for _, s := range [...]string{d.ID, d.Lang, d.URL, d.Title, d.Page, d.Section, d.SectionTitle, d.Body, d.Kind} {
			str(s)
		}
		list(d.Headings)
		list(d.Tags)
		fb := byte(0)
		if d.Fallback {
			fb = 1
		}
		b = append(b, fb)
		digest := d.Digest
		if digest == ([32]byte{}) {
			digest = search.DocDigest(&d)
		}
		b = append(b, digest[:]...)
	}
	return b
}

var errBadDocs = errors.New("cached search documents are damaged")

// decodeDocs reads what appendDocs wrote. The documents' strings share one
// copy of data. Without withBody each document's Body is left empty, and
// the copy holds only the other strings: data's bytes are moved about to
// make it (a cache hit's documents need no body unless an index is built
// again: see bodyLoader).
func decodeDocs(data []byte, withBody bool) ([]search.Document, error) {
	compact := !withBody
	pos, kept := 0, 0 // read from data[pos:]; the copy's strings are data[:kept] when compact
	type span struct {
		s      *string
		off, n int
	}
	var spans []span
	uvarint := func() (int, bool) {
		v, n := binary.Uvarint(data[pos:])
		if n <= 0 || v > uint64(len(data)-pos) {
			return 0, false
		}
		pos += n
		return int(v), true
	}
	str := func(s *string, keep bool) bool {
		n, ok := uvarint()
		if !ok || n > len(data)-pos {
			return false
		}
		if keep && n > 0 {
			off := pos
			if compact {
				// Bytes before pos are read already: moving these
				// down loses nothing.
				off = kept
				kept += copy(data[kept:], data[pos:pos+n])
			}
			spans = append(spans, span{s, off, n})
		}
		pos += n
		return true
	}
	list := func(ss *[]string) bool {
		n, ok := uvarint()
		if !ok {
			return false
		}
		if n > 0 {
			*ss = make([]string, n)
			for i := range *ss {
				if !str(&(*ss)[i], true) {
					return false
				}
			}
		}
		return true
	}
	n, ok := uvarint()
	if !ok {
		return nil, errBadDocs
	}
	docs := make([]search.Document, n)
	spans = make([]span, 0, 10*n)
	for i := range docs {
		d := &docs[i]
		for _, s := range [...]*string{&d.ID, &d.Lang, &d.URL, &d.Title, &d.Page, &d.Section, &d.SectionTitle, &d.Body, &d.Kind} {
			if !str(s, withBody || s != &d.Body) {
				return nil, errBadDocs
			}
		}
		if !list(&d.Headings) || !list(&d.Tags) || pos >= len(data) || data[pos] > 1 {
			return nil, errBadDocs
		}
		d.Fallback = data[pos] == 1
		pos++
		if len(data)-pos < len(d.Digest) {
			return nil, errBadDocs
		}
		pos += copy(d.Digest[:], data[pos:])
	}
	if pos != len(data) {
		return nil, errBadDocs
	}
	strs := data
	if compact {
		strs = data[:kept]
	}
	all := string(strs)
	for _, sp := range spans {
		*sp.s = all[sp.off : sp.off+sp.n]
	}
	return docs, nil
}
