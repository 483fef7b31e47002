package markdown

import (
	"strconv"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"kb/builder/diag"
)

// goldmark finds a footnote reference's note by walking the page's notes,
// and orders the notes by insertion: time that grows with the square of a
// page's footnotes (20,000 took 5 s, a 10 MB page hours). A page is held
// to maxFootnotes notes and maxFootnoteRefs references, far more than any
// help article has; past them the rest is an error and not parsed as
// footnotes.
const (
	maxFootnotes    = 1000
	maxFootnoteRefs = 5000
)

// footnotes is goldmark's footnote extension with its parsers bounded.
type footnotes struct{ options []extension.FootnoteOption }

func (e footnotes) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithBlockParsers(util.Prioritized(boundedFootnoteBlocks{nestingBound{extension.NewFootnoteBlockParser()}}, 999)),
		parser.WithInlineParsers(util.Prioritized(boundedFootnoteRefs{extension.NewFootnoteParser()}, 101)),
		parser.WithASTTransformers(util.Prioritized(extension.NewFootnoteASTTransformer(), 999)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(
		util.Prioritized(extension.NewFootnoteHTMLRenderer(e.options...), 500),
	))
}

// footnoteCountKey holds a document's *footnoteCount.
var footnoteCountKey = parser.NewContextKey()

// footnoteCount is how many notes and references a document has so far.
type footnoteCount struct{ notes, refs int }

func countOf(pc parser.Context) *footnoteCount {
	c, _ := pc.Get(footnoteCountKey).(*footnoteCount)
	if c == nil {
		c = &footnoteCount{}
		pc.Set(footnoteCountKey, c)
	}
	return c
}

// overFootnotes reports that a page has more footnote notes or references
// than kb parses, at the first one past the bound.
func overFootnotes(pc parser.Context, off int, what string, limit int) {
	st := stateOf(pc)
	if st == nil {
		return
	}
	line, col := st.lines.pos(off)
	st.diags = append(st.diags, diag.At(st.doc.File, line, col,
		"more than %d footnote %s on one page; the rest are not footnotes: split the page", limit, what))
}

// boundedFootnoteBlocks parses a page's first maxFootnotes notes.
type boundedFootnoteBlocks struct{ parser.BlockParser }

func (b boundedFootnoteBlocks) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	at, seg := reader.Position()
	n, state := b.BlockParser.Open(parent, reader, pc)
	if n == nil {
		return n, state
	}
	c := countOf(pc)
	if c.notes++; c.notes <= maxFootnotes {
		return n, state
	}
	reader.SetPosition(at, seg)
	if c.notes == maxFootnotes+1 {
		overFootnotes(pc, seg.Start, "notes", maxFootnotes)
	}
	return nil, parser.NoChildren
}

// boundedFootnoteRefs parses a page's first maxFootnoteRefs references
// ([^1], whether or not the page has that note: each costs a walk).
type boundedFootnoteRefs struct{ parser.InlineParser }

func (p boundedFootnoteRefs) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	caret := 1
	if len(line) > 0 && line[0] == '!' {
		caret = 2
	}
	if caret >= len(line) || line[caret] != '^' {
		return nil
	}
	c := countOf(pc)
	if c.refs++; c.refs <= maxFootnoteRefs {
		return p.InlineParser.Parse(parent, block, pc)
	}
	if c.refs == maxFootnoteRefs+1 {
		overFootnotes(pc, seg.Start+caret-1, "references", maxFootnoteRefs)
	}
	return nil
}

// Footnotes are goldmark's (fn:1, fnref:1 as Hugo writes them). The inner
// content of a shortcode is parsed on its own and numbers its footnotes
// from 1 again, so its ids take a prefix ("s1-fn:1") that keeps every id
// unique on the page; each id is recorded as an anchor links may point at.

// footnotePrefixAttr holds a document's footnote id prefix.
var footnotePrefixAttr = []byte("kb-footnote-prefix")

// footnoteIDPrefix is the footnote renderer's IDPrefixFunction.
func footnoteIDPrefix(n ast.Node) []byte {
	doc := n.OwnerDocument()
	if doc == nil {
		return nil
	}
	v, _ := doc.AttributeString(string(footnotePrefixAttr))
	b, _ := v.([]byte)
	return b
}

// footnoteTransformer runs after goldmark's footnote transformer, which
// numbers the references.
type footnoteTransformer struct{}

func (footnoteTransformer) Transform(doc *ast.Document, _ text.Reader, pc parser.Context) {
	st := stateOf(pc)
	if st == nil {
		return
	}
	var prefix string
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var id string
		switch n := n.(type) {
		case *east.FootnoteLink:
			id = "fnref"
			if n.RefIndex > 0 {
				id += strconv.Itoa(n.RefIndex)
			}
			id += ":" + strconv.Itoa(n.Index)
		case *east.Footnote:
			id = "fn:" + strconv.Itoa(n.Index)
		default:
			return ast.WalkContinue, nil
		}
		if prefix == "" && st.depth > 0 {
			st.page.fragments++
			prefix = "s" + strconv.Itoa(st.page.fragments) + "-"
			doc.SetAttributeString(string(footnotePrefixAttr), []byte(prefix))
		}
		st.anchors = append(st.anchors, prefix+id)
		return ast.WalkContinue, nil
	})
}
