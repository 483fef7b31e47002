package main

import (
	"bytes"
	"testing"

	"kb/builder/diag"
)

// A kind whose warnings are partly about a subject prints a line per
// subject, then the first of the others with how many more there are.
func TestGroupedWarningsMixSubjectsAndOthers(t *testing.T) {
	tabs := `shortcode "tabs" has no template`
	var ds []diag.Diagnostic
	for _, f := range []string{"a.md", "b.md", "c.md"} {
		ds = append(ds, diag.WarnAt(f, 4, 1, "%s: removed (2 uses)", tabs).Of(diag.Shortcode).About(tabs, 2, "add layouts/shortcodes/tabs.html"))
	}
	for _, f := range []string{"a.md", "b.md", "c.md", "d.md"} {
		ds = append(ds, diag.WarnAt(f, 9, 3, "a template failed quietly").Of(diag.Shortcode))
	}
	var out bytes.Buffer
	printDiagnostics(&out, ds, false)
	want := `shortcode: 7 warnings (shortcodes removed from the text):
  shortcode "tabs" has no template: 6 uses on 3 pages, the first at a.md:4:1; add layouts/shortcodes/tabs.html
  a.md:9:3: warning: a template failed quietly
  b.md:9:3: warning: a template failed quietly
  and 2 more warnings
kb: 0 errors, 7 warnings (-v prints every warning; [build] ignore = ["kind"] in site.toml silences a kind)
`
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
}
