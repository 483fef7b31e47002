package markdown

import (
	"slices"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// sectionShift is whether a page's headings move down a level
// (sectionLevels), decided once for the page by its first parse: the
// inner content of its shortcodes is rendered before the page's own
// headings are known in the parse that places it.
type sectionShift int8

const (
	sectionsUndecided sectionShift = iota
	sectionsAsWritten
	sectionsDown
)

// sectionLevels moves every heading of a titled page one level down (h1
// to h2, ..., h6 stays h6) when the body has level-1 headings besides
// the title, as Hugo sites write a page whose title is in its front
// matter: the theme shows the title as the page's one h1, and the
// sections become what the table of contents and search take as
// sections. Ids stay as made from what was written. It runs after the
// headings have their ids and before render hooks, which get the level
// the heading has on the page. FAQ pages keep their levels (their
// level-1 headings are groups of questions), and so do a page's
// .Fragments, which Hugo gives with the levels written.
type sectionLevels struct{}

func (sectionLevels) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st := stateOf(pc)
	if st == nil || st.doc.FAQ || st.doc.Title == "" || st.doc.idsOnly {
		return
	}
	title := -1
	if st.depth == 0 {
		title = st.titleHeading(doc, reader.Source())
		if st.doc.sections == sectionsUndecided {
			st.doc.sections = sectionsAsWritten
			for i, h := range st.headings {
				if i != title && h.Level == 1 {
					st.doc.sections = sectionsDown
					break
				}
			}
		}
	}
	if st.doc.sections != sectionsDown {
		return
	}
	for i := range st.headings {
		if h := &st.headings[i]; i != title && h.Level < 6 {
			h.Level++
			h.node.Level = h.Level
		}
	}
}

// titleHeading is the index in st.headings of the level-1 heading that
// opens the document and says the page's title, which the theme shows in
// its place; -1 when there is none.
func (st *state) titleHeading(root ast.Node, src []byte) int {
	h, ok := root.FirstChild().(*ast.Heading)
	if !ok || h.Level != 1 || st.doc.Title == "" {
		return -1
	}
	i := slices.IndexFunc(st.headings, func(x heading) bool { return x.node == h })
	if i < 0 || st.headings[i].Text != st.doc.Title && headingWords(h, src) != st.doc.Title {
		return -1
	}
	return i
}
