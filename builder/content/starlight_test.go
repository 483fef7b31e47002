package content

import (
	"testing"
	"time"

	"kb/builder/diag"
)

// Starlight's front matter is read where kb has the same idea (the
// sidebar's order and label, the last-updated date, leaving a page out of
// search or out of lists, the page's banner, whose line is its content's)
// and left alone where it has none, without a
// warning on every page.
func TestStarlightFrontMatter(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	for _, tt := range []struct {
		name string
		src  string
		want Meta
	}{{
		name: "a guide",
		src: "---\ntitle: Start\nsidebar:\n  order: 2\n  label: First steps\n  badge:\n    text: New\n    variant: tip\n  attrs:\n    class: x\n" +
			"lastUpdated: 2026-03-01\neditUrl: false\ntableOfContents: { minHeadingLevel: 2 }\nprev: false\nnext: { link: /x/ }\nhead: []\n---\nText\n",
		want: Meta{Title: "Start", Weight: 2, LinkTitle: "First steps", Updated: day(2026, 3, 1),
			Lines: linesOf(t, map[string]int{"title": 2, "sidebar": 3, "weight": 4, "linkTitle": 5, "lastUpdated": 11, "updated": 11})},
	}, {
		name: "the splash page, out of search and of the lists",
		src:  "---\ntitle: Home\ntemplate: splash\nhero:\n  tagline: Hi\nbanner:\n  content: New!\npagefind: false\nsidebar:\n  hidden: true\nlastUpdated: true\ndraft: true\n---\n",
		want: Meta{Title: "Home", NoSearch: true, Unlisted: true, Draft: true, Intro: "Hi", Banner: "New!",
			Lines: linesOf(t, map[string]int{"title": 2, "hero": 4, "banner": 7, "pagefind": 8, "sidebar": 9, "lastUpdated": 11, "draft": 12})},
	}, {
		name: "kb's own keys win over Starlight's",
		src:  "---\ntitle: T\nweight: 5\nlinkTitle: Short\nupdated: 2025-01-01\nsidebar: { order: 1, label: Other }\nlastUpdated: 2026-01-01\n---\n",
		want: Meta{Title: "T", Weight: 5, LinkTitle: "Short", Updated: day(2025, 1, 1),
			Lines: linesOf(t, map[string]int{"title": 2, "weight": 3, "linkTitle": 4, "updated": 5, "sidebar": 6, "lastUpdated": 7})},
	}} {
		t.Run(tt.name, func(t *testing.T) { parsesTo(t, tt.src, tt.want) })
	}
}

// parsesTo checks that a page's front matter decodes to want, with no
// diagnostic.
func parsesTo(t *testing.T, src string, want Meta) {
	t.Helper()
	var diags diag.List
	meta, _, _, _, ok := Parse("x.md", []byte(src), &diags)
	if !ok || len(diags.All()) > 0 {
		t.Fatalf("ok %t: %v", ok, messages(&diags))
	}
	if got, want := dump(meta), dump(want); got != want {
		t.Errorf("meta:\n%s\nwant:\n%s", got, want)
	}
}

// A Starlight key of the wrong type is a warning at its line: the page
// still builds, without it.
func TestStarlightFrontMatterMistakes(t *testing.T) {
	src := "---\ntitle: T\nsidebar:\n  order: first\n  label: [a]\n  hidden: maybe\n  colour: red\nlastUpdated: soon\npagefind: no\n---\n"
	var diags diag.List
	meta, _, _, _, ok := Parse("x.md", []byte(src), &diags)
	if !ok || meta.Weight != 0 || meta.LinkTitle != "" || meta.Unlisted || !meta.Updated.IsZero() || meta.NoSearch {
		t.Errorf("ok %t, meta %s", ok, dump(meta))
	}
	equalMessages(t, &diags, []string{
		`x.md:4:3: warning: front matter: "sidebar.order" must be a whole number, not the text "first" (ignored)`,
		`x.md:5:3: warning: front matter: "sidebar.label" must be text, not a list (ignored)`,
		`x.md:6:3: warning: front matter: "sidebar.hidden" must be true or false, not the text "maybe" (ignored)`,
		`x.md:7:3: warning: front matter: unknown key "sidebar.colour" (ignored)`,
		`x.md:8:1: warning: front matter: "lastUpdated" must be a date like 2006-01-02, or true or false, not the text "soon" (ignored)`,
		`x.md:9:1: warning: front matter: "pagefind" must be true or false, not the text "no" (ignored)`,
	})
	diags = diag.List{}
	Parse("x.md", []byte("---\ntitle: T\nsidebar: Start\n---\n"), &diags)
	equalMessages(t, &diags, []string{`x.md:3:1: warning: front matter: "sidebar" must be keys (order, label, hidden), not the text "Start" (ignored)`})
}
