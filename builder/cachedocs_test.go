package builder

import (
	"bytes"
	"reflect"
	"slices"
	"testing"

	"kb/search"
)

func TestCachedDocsRoundTrip(t *testing.T) {
	docs := []search.Document{
		{ID: "/en/a/", Lang: "en", URL: "/en/a/", Title: "A", Section: "faq", SectionTitle: "FAQ",
			Headings: []string{"One", ""}, Body: "Text with ünïcode and ✓", Tags: []string{"x"}, Kind: "article"},
		{ID: "/el/a/#q", Lang: "el", URL: "/el/a/#q", Title: "Ερώτηση", Page: "Σελίδα", Kind: "question", Fallback: true},
	}
	data, head := appendDocs(nil, docs)
	orig := slices.Clone(data)
	got, err := decodeDocs(data[:head], data[head:])
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, orig) {
		t.Error("decoding changed the encoding, which the cache may copy")
	}
	// A document comes back with its digest, which appendDocs works out
	// when it is not set.
	for i := range docs {
		docs[i].Digest = search.DocDigest(&docs[i])
	}
	if !reflect.DeepEqual(got, docs) {
		t.Errorf("decoded %#v\nwant %#v", got, docs)
	}
	// The head alone: the rest as it was, the digest of the whole; the
	// bodies are what follows it.
	if want := len("Text with ünïcode and ✓"); len(data)-head != want {
		t.Errorf("the bodies take %d bytes after the head, want %d", len(data)-head, want)
	}
	got, err = decodeDocs(data[:head], nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range docs {
		docs[i].Body = ""
	}
	if !reflect.DeepEqual(got, docs) {
		t.Errorf("decoded without bodies %#v\nwant %#v", got, docs)
	}
	empty, emptyHead := appendDocs(nil, nil)
	if got, err := decodeDocs(empty[:emptyHead], empty[emptyHead:]); err != nil || len(got) != 0 {
		t.Errorf("no documents: %v, %v", got, err)
	}
	// Every cut and a trailing byte, of the head or of the bodies, are
	// errors, never other documents.
	for n := range head {
		if _, err := decodeDocs(orig[:n], nil); err == nil {
			t.Errorf("decoded the first %d of %d bytes of the head", n, head)
		}
	}
	if _, err := decodeDocs(append(slices.Clone(orig[:head]), 0), nil); err == nil {
		t.Error("decoded a head with a trailing byte")
	}
	for n := head; n < len(orig); n++ {
		if _, err := decodeDocs(orig[:head], orig[head:n]); err == nil {
			t.Errorf("decoded %d of %d bytes of the bodies", n-head, len(orig)-head)
		}
	}
	if _, err := decodeDocs(orig[:head], append(slices.Clone(orig[head:]), 0)); err == nil {
		t.Error("decoded bodies with a trailing byte")
	}
}
