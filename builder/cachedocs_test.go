package builder

import (
	"reflect"
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
	got, err := decodeDocs(data)
	if err != nil {
		t.Fatal(err)
	}
	// A document comes back with its digest, which appendDocs works out
	// when it is not set.
	for i := range docs {
		docs[i].Digest = search.DocDigest(&docs[i])
	}
	if !reflect.DeepEqual(got, docs) {
		t.Errorf("decoded %#v\nwant %#v", got, docs)
	}
	if got, err := decodeDocs(appendDocs(nil, nil)); err != nil || len(got) != 0 {
		t.Errorf("no documents: %v, %v", got, err)
	}
	// Every cut and a trailing byte are errors, never other documents.
	for n := range len(data) {
		if _, err := decodeDocs(data[:n]); err == nil {
			t.Errorf("decoded the first %d of %d bytes", n, len(data))
		}
	}
	if _, err := decodeDocs(append(data, 0)); err == nil {
		t.Error("decoded with a trailing byte")
	}
}
