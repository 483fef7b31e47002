package content

import (
	"testing"

	"kb/builder/diag"
)

// Material for MkDocs's front matter is left alone without a warning on
// every page, and search: {exclude: true} keeps the page out of search.
func TestMkDocsFrontMatter(t *testing.T) {
	src := "---\ntitle: Setup\nhide:\n  - navigation\n  - toc\nicon: material/cog\nstatus: new\nsubtitle: First steps\n" +
		"template: home.html\ntags: [setup]\nsearch:\n  exclude: true\n  boost: 2\n---\nText\n"
	var diags diag.List
	meta, _, _, _, ok := Parse("x.md", []byte(src), &diags)
	if !ok || len(diags.All()) > 0 {
		t.Fatalf("ok %t: %v", ok, messages(&diags))
	}
	if !meta.NoSearch || len(meta.Tags) != 1 {
		t.Errorf("meta %s", dump(meta))
	}
	meta, _, _, _, _ = Parse("x.md", []byte("---\ntitle: T\nsearch: { boost: 0.5 }\n---\n"), &diags)
	if meta.NoSearch || len(diags.All()) > 0 {
		t.Errorf("boost alone: meta %s, %v", dump(meta), messages(&diags))
	}
}

// A search setting of the wrong type is a warning at its line.
func TestMkDocsFrontMatterMistakes(t *testing.T) {
	var diags diag.List
	meta, _, _, _, ok := Parse("x.md", []byte("---\ntitle: T\nsearch:\n  exclude: yes please\n  weight: 3\n---\n"), &diags)
	if !ok || meta.NoSearch {
		t.Errorf("ok %t, meta %s", ok, dump(meta))
	}
	equalMessages(t, &diags, []string{
		`x.md:4:3: warning: front matter: "search.exclude" must be true or false, not the text "yes please" (ignored)`,
		`x.md:5:3: warning: front matter: unknown key "search.weight" (ignored)`,
	})
	diags = diag.List{}
	Parse("x.md", []byte("---\ntitle: T\nsearch: [a]\n---\n"), &diags)
	equalMessages(t, &diags, []string{`x.md:3:1: warning: front matter: "search" must be keys (exclude, boost), not a list (ignored)`})
}

// A Material for MkDocs blog post dates itself with a table: created is
// the page's date, updated its updated date unless updated or lastmod say
// otherwise; a bad date in it is an error at its line, as a date alone is.
func TestMkDocsBlogDate(t *testing.T) {
	var diags diag.List
	meta, _, _, _, ok := Parse("post.md", []byte("---\ntitle: Post\ndate:\n  created: 2026-02-18\n  updated: 2026-04-13\n---\nText\n"), &diags)
	if !ok || len(diags.All()) > 0 {
		t.Fatalf("ok %t: %v", ok, messages(&diags))
	}
	if got := meta.Date.Format("2006-01-02") + " " + meta.Updated.Format("2006-01-02"); got != "2026-02-18 2026-04-13" {
		t.Errorf("date, updated: %s", got)
	}
	if meta.Lines.Of("updated") != 5 {
		t.Errorf("updated at line %d, want 5", meta.Lines.Of("updated"))
	}
	meta, _, _, _, _ = Parse("post.md", []byte("---\ntitle: Post\nupdated: 2026-05-01\ndate:\n  created: 2026-02-18\n  updated: 2026-04-13\n---\n"), &diags)
	if got := meta.Updated.Format("2006-01-02"); got != "2026-05-01" {
		t.Errorf("updated written beside the table: %s, want 2026-05-01", got)
	}
	diags = diag.List{}
	Parse("post.md", []byte("---\ntitle: Post\ndate:\n  created: soon\n  edited: 2026-04-13\n---\n"), &diags)
	if !diags.HasErrors() {
		t.Errorf("a bad created date is not an error")
	}
	equalMessages(t, &diags, []string{
		`post.md:4:3: front matter: "date.created" is "soon": write a date as 2006-01-02, 2006-01-02 15:04:05 or 2006-01-02T15:04:05Z07:00`,
		`post.md:5:3: warning: front matter: unknown key "date.edited" (ignored)`,
	})
}
