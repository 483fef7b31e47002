package content

import (
	"testing"
	"time"

	"kb/builder/diag"
)

// Docusaurus's front matter is read where kb has the same idea (the
// sidebar's position and label, unlisted, the last update's date, a slug
// that is the page's whole old path) and left alone where it has none,
// without a warning on every page.
func TestDocusaurusFrontMatter(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	for _, tt := range []struct {
		name string
		src  string
		want Meta
	}{{
		name: "a guide",
		src: "---\nid: install\ntitle: How to install\ndescription: Steps\nsidebar_position: 3\nsidebar_label: Install\nslug: /general/install\n" +
			"keywords: [vpn, install]\nhide_table_of_contents: true\npagination_label: Installing\npagination_next: null\npagination_prev: intro\n" +
			"displayed_sidebar: main\ntoc_min_heading_level: 2\ntoc_max_heading_level: 4\ncustom_edit_url: null\nimage: ./cover.png\n" +
			"last_update:\n  date: 2026-02-03\n  author: Ann\ntags: [setup]\n---\nText\n",
		want: Meta{Title: "How to install", Description: "Steps", Weight: 3, LinkTitle: "Install", SlugPath: "/general/install",
			Updated: day(2026, 2, 3), Tags: []string{"setup"},
			Lines: linesOf(t, map[string]int{"title": 3, "description": 4, "sidebar_position": 5, "weight": 5, "sidebar_label": 6, "linkTitle": 6,
				"slug": 7, "last_update": 18, "updated": 19, "tags": 21})},
	}, {
		name: "unlisted and draft",
		src:  "---\ntitle: Secret\nunlisted: true\ndraft: true\n---\n",
		want: Meta{Title: "Secret", Unlisted: true, Draft: true, Lines: linesOf(t, map[string]int{"title": 2, "unlisted": 3, "draft": 4})},
	}, {
		name: "kb's own keys win over Docusaurus's",
		src:  "---\ntitle: T\nweight: 5\nlinkTitle: Short\nupdated: 2025-01-01\nsidebar_position: 1\nsidebar_label: Other\nlast_update: { date: 2026-01-01 }\n---\n",
		want: Meta{Title: "T", Weight: 5, LinkTitle: "Short", Updated: day(2025, 1, 1),
			Lines: linesOf(t, map[string]int{"title": 2, "weight": 3, "linkTitle": 4, "updated": 5, "sidebar_position": 6, "sidebar_label": 7, "last_update": 8})},
	}} {
		t.Run(tt.name, func(t *testing.T) { parsesTo(t, tt.src, tt.want) })
	}
}

// A Docusaurus key of the wrong type is a warning at its line, and so is
// slug: /, which kb cannot follow: the page still builds, without them.
func TestDocusaurusFrontMatterMistakes(t *testing.T) {
	src := "---\ntitle: T\nsidebar_position: 1.5\nsidebar_label: [a]\nunlisted: maybe\nlast_update:\n  date: soon\n  by: Ann\nslug: /\n---\n"
	var diags diag.List
	meta, _, _, _, ok := Parse("x.md", []byte(src), &diags)
	if !ok || meta.Weight != 0 || meta.LinkTitle != "" || meta.Unlisted || !meta.Updated.IsZero() || meta.Slug != "" || meta.URL != "" {
		t.Errorf("ok %t, meta %s", ok, dump(meta))
	}
	equalMessages(t, &diags, []string{
		`x.md:3:1: warning: front matter: "sidebar_position" must be a whole number (kb's weight), not the number 1.5 (ignored)`,
		`x.md:4:1: warning: front matter: "sidebar_label" must be text, not a list (ignored)`,
		`x.md:5:1: warning: front matter: "unlisted" must be true or false, not the text "maybe" (ignored)`,
		`x.md:7:3: warning: front matter: "last_update.date" must be a date like 2006-01-02, not the text "soon" (ignored)`,
		`x.md:8:3: warning: front matter: unknown key "last_update.by" (ignored)`,
		`x.md:9:1: warning: front matter: "slug" "/" made the page its language's home: kb's home is _index.md in the language folder; rename the file to _index.md (ignored)`,
	})
	diags = diag.List{}
	Parse("x.md", []byte("---\ntitle: T\nlast_update: yesterday\nslug: /../../etc\n---\n"), &diags)
	equalMessages(t, &diags, []string{
		`x.md:3:1: warning: front matter: "last_update" must be keys (date, author), not the text "yesterday" (ignored)`,
		`x.md:4:1: front matter: "slug" "/../../etc" leaves the site (..): use a path of this site like /old-page/`,
	})
}

// A Docusaurus folder's _category_.json or _category_.yml is its
// section's page when it has no _index.md: the label is the section's
// title, the position its weight. An _index.md of the folder wins.
func TestCategoryFiles(t *testing.T) {
	pages, diags := loadTxtar(t, siteLangs{"en", "ru"}, `
-- content/en/general/_category_.json --
{
    "position": 2,
    "label": "General questions",
    "collapsible": true,
    "collapsed": false
}
-- content/en/general/a.md --
---
title: A
---
-- content/ru/general/_category_.yml --
label: Общее
position: 2
link:
  type: generated-index
-- content/en/mac/_category_.yaml --
label: Mac
position: first
colour: grey
-- content/en/mac/_index.md --
---
title: For Mac
---
-- content/en/_category_.json --
{"label": "Root"}
-- content/en/odd/_category_.json --
{"label": [1]}
`)
	equalLines(t, "pages", summary(pages), []string{
		`content/en/general/_category_.json en section "general" section="general" key="general"`,
		`content/en/general/a.md en article "general/a" section="general" key="general/a" untranslated`,
		`content/en/mac/_index.md en section "mac" section="mac" key="mac"`,
		`content/en/odd/_category_.json en section "odd" section="odd" key="odd"`,
		`content/ru/general/_category_.yml ru section "general" section="general" key="general"`,
	})
	byFile := map[string]Meta{}
	for _, p := range pages {
		byFile[p.File] = p.Meta
	}
	if m := byFile["content/en/general/_category_.json"]; m.Title != "General questions" || m.Weight != 2 {
		t.Errorf("general: %s", dump(m))
	}
	if m := byFile["content/ru/general/_category_.yml"]; m.Title != "Общее" || m.Weight != 2 {
		t.Errorf("ru general: %s", dump(m))
	}
	if m := byFile["content/en/mac/_index.md"]; m.Title != "For Mac" {
		t.Errorf("mac: %s", dump(m))
	}
	equalMessages(t, diags, []string{
		`content/en/odd/_category_.json:1:2: warning: "label" must be text, not a list (ignored)`,
	})
}
