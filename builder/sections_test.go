package builder_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kb/search"
)

// TestLevelOneSectionsOfTitledPage: an article titled in its front matter
// whose sections are level-1 headings, as Hugo sites write them, has one
// h1 (its title), an "On this page" list of those sections, their
// anchors as written, and search weighs them as headings: the page whose
// section is called "Wombat care" ranks above a short page that only
// mentions wombats.
func TestLevelOneSectionsOfTitledPage(t *testing.T) {
	out, ix := buildSearchSite(t, map[string]string{
		"site.toml":            "baseURL = \"https://example.org/\"\ndefaultLanguage = \"en\"\n[languages.en]\n",
		"content/en/_index.md": "+++\ntitle = \"Help\"\n+++\n",
		"content/en/guide/start.md": "+++\ntitle = \"Getting started\"\n+++\nStart here.\n\n" +
			"# Wombat care\n\nFeed them at dusk and keep the burrow dry, as the keepers of the park describe in their guide for visitors and volunteers.\n\n" +
			"## Bedding\n\nStraw, changed every week by the volunteers who look after the enclosure.\n\n" +
			"# Getting help\n\nAsk the keepers at the gate, or write to the park office before your visit.\n",
		"content/en/guide/animals.md": "+++\ntitle = \"Animals\"\n+++\nA wombat lives here.\n",
	})
	b, err := os.ReadFile(filepath.Join(out, "en", "guide", "start", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	if n := strings.Count(page, "<h1"); n != 1 {
		t.Errorf("the page has %d h1 elements, want its title's alone", n)
	}
	for _, want := range []string{
		`<h2 id="wombat-care">Wombat care</h2>`, `<h3 id="bedding">Bedding</h3>`, `<h2 id="getting-help">Getting help</h2>`,
		`<li class="toc-2"><a href="#wombat-care">Wombat care</a><ol><li class="toc-3"><a href="#bedding">Bedding</a></li></ol></li>`,
		`<li class="toc-2"><a href="#getting-help">Getting help</a>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page has no %s", want)
		}
	}
	res, err := ix.Search(context.Background(), search.Query{Text: "wombat", Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 2 || res.Hits[0].URL != "/en/guide/start/" {
		t.Errorf("wombat finds %+v, want the page with the Wombat care section first", res.Hits)
	}
}
