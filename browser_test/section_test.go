package browsertest

import (
	"slices"
	"testing"
)

// TestSectionNested opens a product's section page with a section nested
// in it, in English and Arabic, on a phone and a desktop: the nested
// section is listed with its article count before the articles, its list
// starts at the line's start (the right in Arabic), the breadcrumbs of the
// nested section's page and of its article go through the product, and
// axe-core finds no serious or critical violation on any of them.
func TestSectionNested(t *testing.T) {
	src := axeSource(t)
	dir := t.TempDir()
	write := siteWriter(t, dir)
	write("site.toml", "defaultLanguage = \"en\"\n[languages.en]\n[languages.ar]\n")
	for lang, titles := range map[string][3]string{
		"en": {"Android", "Solving problems", "The connection is slow"},
		"ar": {"أندرويد", "حل المشكلات", "الاتصال بطيء"},
	} {
		write("content/"+lang+"/android/_index.md", "+++\ntitle = \""+titles[0]+"\"\n+++\n")
		write("content/"+lang+"/android/install.md", "+++\ntitle = \"Install\"\n+++\nGet it.\n")
		write("content/"+lang+"/android/solving-problems/_index.md", "+++\ntitle = \""+titles[1]+"\"\n+++\n")
		write("content/"+lang+"/android/solving-problems/slow.md", "+++\ntitle = \""+titles[2]+"\"\n+++\nTry another location.\n")
	}
	base := buildAndServe(t, dir)
	for _, vp := range screens {
		for _, lang := range []string{"en", "ar"} {
			t.Run(vp.name+"/"+lang, func(t *testing.T) {
				t.Parallel()
				b := newTab(t, base, vp)
				b.open("/" + lang + "/android/")
				if !b.shown(".subsections a[href='/" + lang + "/android/solving-problems/']") {
					b.fatalf("the product's page does not show its nested section")
				}
				if !b.boolean(`!!(document.querySelector(".subsections").compareDocumentPosition(document.querySelector(".articles")) & Node.DOCUMENT_POSITION_FOLLOWING)`) {
					b.errorf("the nested sections should come before the articles")
				}
				if got := b.str(`document.querySelector(".subsections .count").textContent`); got == "" {
					b.errorf("the nested section has no article count")
				}
				// The list is indented at the start of the line.
				var pad struct{ Left, Right float64 }
				b.evalInto(`(s => ({left: parseFloat(s.paddingLeft), right: parseFloat(s.paddingRight)}))(getComputedStyle(document.querySelector(".subsections ul")))`, &pad)
				start, end := pad.Left, pad.Right
				if lang == "ar" {
					start, end = pad.Right, pad.Left
				}
				if start == 0 || end != 0 {
					b.errorf("nested sections list padding: left %.1f, right %.1f; want it at the start of the line only", pad.Left, pad.Right)
				}
				b.noOverflow("section page")
				checkAxe(b, src)
				for _, path := range []string{"/" + lang + "/android/solving-problems/", "/" + lang + "/android/solving-problems/slow/"} {
					b.open(path)
					crumbs := b.strings(`[...document.querySelectorAll(".crumbs a")].map(a => a.getAttribute("href"))`)
					want := []string{"/" + lang + "/", "/" + lang + "/android/", "/" + lang + "/android/solving-problems/"}
					if path != want[2] {
						want = append(want, path)
					}
					if !slices.Equal(crumbs, want) {
						b.errorf("%s: breadcrumbs %q, want %q", path, crumbs, want)
					}
					checkAxe(b, src)
				}
			})
		}
	}
}

// checkAxe fails on the serious or critical axe-core violations of the
// page open in b.
func checkAxe(b *tab, src string) {
	b.t.Helper()
	for _, v := range runAxe(b, src) {
		b.errorf("%s: axe-core %s (%s): %s", b.location(), v.ID, v.Impact, v.Help)
	}
}
