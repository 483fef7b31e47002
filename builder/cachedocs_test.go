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
	data := appendDocs(nil, docs)
	orig := slices.Clone(data)
	got, err := decodeDocs(data, true)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, orig) {
		t.Error("decoding with the bodies changed the encoding, which the cache may copy")
	}
	// A document comes back with its digest, which appendDocs works out
	// when it is not set.
	for i := range docs {
		docs[i].Digest = search.DocDigest(&docs[i])
	}
	if !reflect.DeepEqual(got, docs) {
		t.Errorf("decoded %#v\nwant %#v", got, docs)
	}
	// Without the bodies: the rest as it was, the digest of the whole.
	got, err = decodeDocs(data, false)
	if err != nil {
		t.Fatal(err)
	}
	for i := range docs {
		docs[i].Body = ""
	}
	if !reflect.DeepEqual(got, docs) {
		t.Errorf("decoded without bodies %#v\nwant %#v", got, docs)
	}
	for _, withBody := range []bool{true, false} {
		if got, err := decodeDocs(appendDocs(nil, nil), withBody); err != nil || len(got) != 0 {
			t.Errorf("no documents: %v, %v", got, err)
		}
		// Every cut and a trailing byte are errors, never other documents.
		for n := range len(orig) {
			if _, err := decodeDocs(slices.Clone(orig[:n]), withBody); err == nil {
				t.Errorf("decoded the first %d of %d bytes", n, len(orig))
			}
		}
		if _, err := decodeDocs(append(slices.Clone(orig), 0), withBody); err == nil {
			t.Error("decoded with a trailing byte")
		}
	}
}
