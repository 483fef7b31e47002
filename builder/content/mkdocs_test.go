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
	Parse("x.md", []byte("---\ntitle: T\nsearch: false\n---\n"), &diags)
	equalMessages(t, &diags, []string{`x.md:3:1: warning: front matter: "search" must be keys (exclude, boost), not false (ignored)`})
}
