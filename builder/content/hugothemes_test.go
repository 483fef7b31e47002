package content

import (
	"slices"
	"testing"

	"kb/builder/diag"
)

// The Hugo documentation themes' front matter: the keys that hide a page
// from the theme's menu or from its search mean kb's unlisted and search
// setting, Learn's menuTitle is the linkTitle (kb's own wins), and the
// themes' page furniture is known, not warned about.
func TestHugoThemeFrontMatter(t *testing.T) {
	for _, tc := range []struct {
		name, src          string
		unlisted, noSearch bool
		linkTitle          string
	}{
		{"Hugo Book", "bookHidden: true\nbookSearchExclude: true\nbookFlatSection: true\nbookCollapseSection: true\nbookIcon: star\nbookToc: false\nbookComments: false\n", true, true, ""},
		{"Docsy", "toc_hide: true\nexclude_search: true\nhide_summary: true\nno_list: true\nsimple_list: true\nhide_feedback: true\nhide_readingtime: true\n", true, true, ""},
		{"Hextra", "sidebar:\n  exclude: true\n  open: true\nexcludeSearch: true\nmath: true\nbreadcrumbs: false\nwidth: wide\n", true, true, ""},
		{"Learn", "hidden: true\nmenuTitle: Setup\nalwaysopen: true\ncollapsibleMenuLevel: 2\npre: \"<b>1. </b>\"\nchapter: true\ndisableToc: true\n", true, false, "Setup"},
		{"Relearn, kb's linkTitle first", "linkTitle: Install\nmenuTitle: Setup\n", false, false, "Install"},
		{"shown and searchable", "bookHidden: false\nsidebar:\n  exclude: false\nexcludeSearch: false\n", false, false, ""},
	} {
		var diags diag.List
		meta, _, _, _, ok := Parse("x.md", []byte("---\ntitle: Installing\n"+tc.src+"---\nText.\n"), &diags)
		if !ok || len(diags.All()) > 0 {
			t.Errorf("%s: ok %t: %v", tc.name, ok, messages(&diags))
		}
		if meta.Unlisted != tc.unlisted || meta.NoSearch != tc.noSearch || meta.LinkTitle != tc.linkTitle {
			t.Errorf("%s: meta %s", tc.name, dump(meta))
		}
	}
	var diags diag.List
	Parse("x.md", []byte("---\ntitle: X\nbookHidden: yes please\nmenuTitle: 3\n---\n"), &diags)
	want := []string{
		`x.md:3:1: warning: front matter: "bookHidden" must be true or false, not the text "yes please" (ignored)`,
		`x.md:4:1: warning: front matter: "menuTitle" must be text, not the number 3 (ignored)`,
	}
	if got := messages(&diags); !slices.Equal(got, want) {
		t.Errorf("diagnostics:\n%q\nwant\n%q", got, want)
	}
}
