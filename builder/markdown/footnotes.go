package markdown

import (
	"strconv"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

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
