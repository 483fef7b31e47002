package search

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestAllWordsFirstInOnePass checks the ranking that used to take three searches: pages with every word first, even
// below pages that say one of the words many times in their title; then pages with some of the words; the total
// counts the pages with every word once they fill a page; a section filter applies to both.
func TestAllWordsFirstInOnePass(t *testing.T) {
	var docs []Document
	add := func(url, section, title, body string) {
		docs = append(docs, Document{ID: url, Lang: "en", URL: url, Title: title, Body: body, Section: section, Kind: "article"})
	}
	add("/en/a/loud-1/", "a", "Warranty warranty warranty", "Warranty terms. Warranty claims. Warranty length.")
	add("/en/a/loud-2/", "b", "Warranty explained", "Warranty warranty warranty.")
	add("/en/a/both/", "a", "About us", "Our lamps come with a warranty, and we repair them.")
	add("/en/a/repair/", "b", "Repairs", "We repair lamps.")
	for i := range 12 {
		add(fmt.Sprintf("/en/a/filler-%d/", i), "c", "Filler", "Nothing to see here.")
	}
	_, ix := buildTest(t, docs)

	res := search(t, ix, Query{Text: "warranty repair ", Lang: "en"})
	got := urls(res)
	if len(got) != 4 || got[0] != "/en/a/both/" {
		t.Fatalf(`"warranty repair": got %q, want the page with both words first, then the three with one`, got)
	}
	if res.Total != 4 {
		t.Errorf("total = %d, want 4: one page has both words, which does not fill a page of results", res.Total)
	}
	for _, h := range res.Hits {
		if h.Score <= 0 || h.Score >= allWordsBonus {
			t.Errorf("%s: score %v, want the relevance score without the ranking tier", h.URL, h.Score)
		}
	}

	res = search(t, ix, Query{Text: "warranty repair ", Lang: "en", Section: "b"})
	if got := urls(res); !slices.Equal(got, []string{"/en/a/repair/", "/en/a/loud-2/"}) && !slices.Equal(got, []string{"/en/a/loud-2/", "/en/a/repair/"}) || res.Total != 2 {
		t.Errorf(`"warranty repair" in section b: got %q (total %d), want its two pages with one word each`, got, res.Total)
	}

	// Twelve pages with both words fill a page: the total is theirs.
	for i := range 12 {
		add(fmt.Sprintf("/en/a/both-%d/", i), "d", "Care", "Warranty and repair.")
	}
	_, ix = buildTest(t, docs)
	res = search(t, ix, Query{Text: "warranty repair ", Lang: "en"})
	if res.Total != 13 {
		t.Errorf("total = %d, want the 13 pages with both words", res.Total)
	}
	for _, h := range res.Hits {
		if !strings.Contains(h.URL, "both") {
			t.Errorf("%s is on the first page of results but lacks a word", h.URL)
		}
	}
}

// TestTyposOnlyForUnknownWords checks that a word the index does not know finds its near spellings in bodies, and so
// does a word in few pages, while a word in many pages does not bring in other words' pages through the body.
func TestTyposOnlyForUnknownWords(t *testing.T) {
	var docs []Document
	add := func(url, title, body string) {
		docs = append(docs, Document{ID: url, Lang: "en", URL: url, Title: title, Body: body, Kind: "article"})
	}
	add("/en/curtains/", "Measuring", "Measure the window before you order curtains.")
	add("/en/certains/", "Notes", "Some certains things about fabric.")
	_, ix := buildTest(t, docs)
	if got := urls(search(t, ix, Query{Text: "windoww ", Lang: "en"})); !slices.Contains(got, "/en/curtains/") {
		t.Errorf(`"windoww": got %q, want the page whose body says "window"`, got)
	}
	// A word in fewer pages than a page of results gets its near spellings in bodies too, as before.
	if got := urls(search(t, ix, Query{Text: "certains ", Lang: "en"})); !slices.Contains(got, "/en/curtains/") {
		t.Errorf(`"certains", in one page: got %q, want the page whose body says "curtains" too`, got)
	}
	for i := range 12 {
		add(fmt.Sprintf("/en/certains-%d/", i), "More notes", "Other certains remarks.")
	}
	_, ix = buildTest(t, docs)
	if got := urls(search(t, ix, Query{Text: "certains ", Lang: "en"})); slices.Contains(got, "/en/curtains/") {
		t.Errorf(`"certains" fills a page of results, yet its near spelling "curtains" in a body matched: %q`, got)
	}
}
