package content

import (
	"slices"
	"testing"

	"kb/builder/diag"
)

// Just the Docs' front matter: nav_order is the weight, nav_exclude keeps
// the page out of lists, search_exclude out of search, permalink is the
// address it had and redirect_from its old addresses; parent,
// grand_parent, has_children, has_toc and layout are known.
func TestJekyllFrontMatter(t *testing.T) {
	src := "---\nlayout: default\ntitle: Callouts\nparent: UI Components\ngrand_parent: Docs\nhas_children: true\nhas_toc: false\n" +
		"nav_order: 7\nnav_exclude: true\nsearch_exclude: true\npermalink: /docs/callouts/\nredirect_from:\n  - /callouts/\n  - /ui/callouts.html\n---\n# Callouts\n"
	var diags diag.List
	meta, _, _, _, ok := Parse("x.md", []byte(src), &diags)
	if !ok || len(diags.All()) > 0 {
		t.Fatalf("ok %t: %v", ok, messages(&diags))
	}
	if meta.Weight != 7 || !meta.Unlisted || !meta.NoSearch || meta.URL != "/docs/callouts/" ||
		!slices.Equal(meta.Aliases, []string{"/callouts/", "/ui/callouts.html"}) {
		t.Errorf("meta %s", dump(meta))
	}
	// One old address alone, a weight of kb's own that wins, and a
	// permalink that would leave the site.
	src = "---\ntitle: X\nweight: 2\nnav_order: 9\nredirect_from: /old/\npermalink: javascript:alert(1)\nnav_exclude: yes please\n---\n"
	diags = diag.List{}
	meta, _, _, _, _ = Parse("x.md", []byte(src), &diags)
	if meta.Weight != 2 || !slices.Equal(meta.Aliases, []string{"/old/"}) || meta.URL != "" || meta.Unlisted {
		t.Errorf("meta %s", dump(meta))
	}
	got := messages(&diags)
	want := []string{
		`x.md:6:1: front matter: "permalink" "javascript:alert(1)" has a scheme: use a path of this site like /old-page/`,
		`x.md:7:1: warning: front matter: "nav_exclude" must be true or false, not the text "yes please" (ignored)`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("diagnostics:\n%q\nwant\n%q", got, want)
	}
}
