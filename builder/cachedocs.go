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
// the pack. Layout: a head, then the documents' bodies one after another.
// The head is the uvarint count, then per document its strings (uvarint
// length and bytes) ID, Lang, URL, Title, Page, Section, SectionTitle,
// Kind, the headings and tags (uvarint count, strings), a fallback byte,
// the document's digest (search.DocDigest, 32 bytes), which a hit's
// indexing then need not work out again, and the uvarint length of its
// body. A cache hit reads the head alone: its documents need no body
// unless an index is built again (see bodyLoader), and the bodies are
// most of the bytes.

// appendDocs appends docs, encoded, to b, and returns the length of their
// head, which the bodies follow.
func appendDocs(b []byte, docs []search.Document) (_ []byte, head int) {
	start := len(b)
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
		for _, s := range [...]string{d.ID, d.Lang, d.URL, d.Title, d.Page, d.Section, d.SectionTitle, d.Kind} {
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
		b = binary.AppendUvarint(b, uint64(len(d.Body)))
	}
	head = len(b) - start
	for _, d := range docs {
		b = append(b, d.Body...)
	}
	return b, head
}

var errBadDocs = errors.New("cached search documents are damaged")

// decodeDocs reads what appendDocs wrote: head, and bodies, the bytes
// that follow it, or nil to leave each document's Body empty. The
// documents' strings share one copy of head and one of bodies.
func decodeDocs(head, bodies []byte) ([]search.Document, error) {
	all := string(head)
	pos := 0
	uvarint := func() (int, bool) {
		v, n := binary.Uvarint(head[pos:])
		if n <= 0 || v > uint64(len(head)) {
			return 0, false
		}
		pos += n
		return int(v), true
	}
	str := func(s *string) bool {
		n, ok := uvarint()
		if !ok || n > len(head)-pos {
			return false
		}
		*s = all[pos : pos+n]
		pos += n
		return true
	}
	list := func(ss *[]string) bool {
		n, ok := uvarint()
		if !ok || n > len(head)-pos {
			return false
		}
		if n > 0 {
			*ss = make([]string, n)
			for i := range *ss {
				if !str(&(*ss)[i]) {
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
	var bodyLens []int // needed only to cut the bodies
	if bodies != nil {
		bodyLens = make([]int, n)
	}
	total := 0
	for i := range docs {
		d := &docs[i]
		for _, s := range [...]*string{&d.ID, &d.Lang, &d.URL, &d.Title, &d.Page, &d.Section, &d.SectionTitle, &d.Kind} {
			if !str(s) {
				return nil, errBadDocs
			}
		}
		if !list(&d.Headings) || !list(&d.Tags) || pos >= len(head) || head[pos] > 1 {
			return nil, errBadDocs
		}
		d.Fallback = head[pos] == 1
		pos++
		if len(head)-pos < len(d.Digest) {
			return nil, errBadDocs
		}
		pos += copy(d.Digest[:], head[pos:])
		l, k := binary.Uvarint(head[pos:])
		if k <= 0 || l > 1<<30 {
			return nil, errBadDocs
		}
		pos += k
		if bodyLens != nil {
			bodyLens[i] = int(l)
		}
		total += int(l)
	}
	if pos != len(head) {
		return nil, errBadDocs
	}
	if bodies != nil {
		if total != len(bodies) {
			return nil, errBadDocs
		}
		text := string(bodies)
		at := 0
		for i := range docs {
			docs[i].Body = text[at : at+bodyLens[i]]
			at += bodyLens[i]
		}
	}
	return docs, nil
}
