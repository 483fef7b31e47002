package content

import (
	"slices"
	"testing"

	"kb/builder/diag"
)

// GitBook's front matter, as its own documentation writes it: hidden,
// icon, layout, cover and coverY are known, hidden keeps the page out of
// lists, and a tag written as a table ({tag: beta, primary: true}) is the
// tag its name says.
func TestGitBookFrontMatter(t *testing.T) {
	src := "---\ndescription: Tags are labels\nicon: tag\nhidden: true\ncover: .gitbook/assets/hero.png\ncoverY: 0\n" +
		"layout:\n  width: wide\n  title:\n    visible: true\n" +
		"tags:\n  - news\n  - tag: beta\n    primary: true\n  - pro\n---\n# Tags\n"
	var diags diag.List
	meta, _, _, _, ok := Parse("x.md", []byte(src), &diags)
	if !ok || len(diags.All()) > 0 {
		t.Fatalf("ok %t: %v", ok, messages(&diags))
	}
	if !meta.Unlisted || meta.Description != "Tags are labels" || !slices.Equal(meta.Tags, []string{"news", "beta", "pro"}) {
		t.Errorf("meta %s", dump(meta))
	}
}
