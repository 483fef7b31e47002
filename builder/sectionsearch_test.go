package builder_test

import (
	"context"
	"strings"
	"testing"

	"kb/search"
)

// TestSectionPageWithTextIsFound: a section page with a text of its own
// (a Just the Docs parent moved in, a Hugo section holding a guide) is
// found by search under the section it is nested in; one whose text only
// introduces its articles in a sentence or two is not, as its articles
// answer.
func TestSectionPageWithTextIsFound(t *testing.T) {
	guide := strings.Repeat("Every layout has a header, a sidebar and the page itself, and zanzibar settings change them all. ", 6)
	_, ix := buildSearchSite(t, map[string]string{
		"site.toml":                         "baseURL = \"https://example.org/\"\ndefaultLanguage = \"en\"\n[languages.en]\n",
		"content/en/_index.md":              "+++\ntitle = \"Help\"\n+++\n",
		"content/en/docs/_index.md":         "+++\ntitle = \"Docs\"\n+++\n",
		"content/en/docs/layout/_index.md":  "+++\ntitle = \"Layout\"\n+++\n" + guide + "\n\n## Headers\n\nMore about headers.\n",
		"content/en/docs/layout/minimal.md": "+++\ntitle = \"A minimal layout\"\n+++\nNo sidebar at all.\n",
		"content/en/returns/_index.md":      "+++\ntitle = \"Returns\"\n+++\nChanged your mind? The quokka desk helps.\n",
		"content/en/returns/label.md":       "+++\ntitle = \"Printing a label\"\n+++\nPrint the label at home.\n",
	})
	res, err := ix.Search(context.Background(), search.Query{Text: "zanzibar", Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 1 || res.Hits[0].URL != "/en/docs/layout/" || res.Hits[0].Title != "Layout" {
		t.Fatalf("zanzibar finds %+v, want the Layout section page", res.Hits)
	}
	if res.Hits[0].SectionTitle != "Docs" {
		t.Errorf("the Layout page is found under %q, want the section it is nested in, Docs", res.Hits[0].SectionTitle)
	}
	res, err = ix.Search(context.Background(), search.Query{Text: "quokka", Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 0 {
		t.Errorf("a section's short introduction is found: %+v", res.Hits)
	}
}
