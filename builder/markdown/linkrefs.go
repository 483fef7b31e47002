package markdown

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// goldmark reads the link reference definitions that open a paragraph
// and, after each one, copies the paragraph's remaining lines: time that
// grows with the definitions times the lines (100,000 definitions in a row
// took 24 s, a 10 MB page a quarter of an hour). boundedLinkReferences
// hands goldmark's transformer a long paragraph linkRefChunk lines at a
// time, cut only before a line that opens a label ("[" after at most three
// spaces), and stops at the first piece that holds more than definitions:
// the work grows with the paragraph. Only a title running onto a line that
// opens a label, at a cut, reads differently: no help article has one.
const linkRefChunk = 64

type boundedLinkReferences struct{ parser.ParagraphTransformer }

// boundedParser is goldmark's default parser with its blocks' nesting
// bounded (boundedNesting) and boundedLinkReferences in place of its link
// reference transformer.
func boundedParser() parser.Parser {
	return parser.NewParser(
		parser.WithBlockParsers(boundedNesting(parser.DefaultBlockParsers())...),
		parser.WithInlineParsers(parser.DefaultInlineParsers()...),
		parser.WithParagraphTransformers(util.Prioritized(boundedLinkReferences{parser.LinkReferenceParagraphTransformer}, 100)),
	)
}

func (b boundedLinkReferences) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	lines := node.Lines()
	if lines.Len() <= linkRefChunk {
		b.ParagraphTransformer.Transform(node, reader, pc)
		return
	}
	src, parent := reader.Source(), node.Parent()
	all := lines.Sliced(0, lines.Len())
	for start := 0; start < len(all); {
		end := min(start+linkRefChunk, len(all))
		for end < len(all) && !opensLabel(all[end].Value(src)) {
			end++
		}
		piece := ast.NewParagraph()
		piece.SetBlankPreviousLines(start == 0 && node.HasBlankPreviousLines())
		piece.Lines().AppendAll(all[start:end])
		parent.InsertBefore(parent, node, piece)
		b.ParagraphTransformer.Transform(piece, reader, pc)
		if piece.Parent() != nil {
			// Text follows the definitions: it is the paragraph.
			rest := piece.Lines()
			parent.RemoveChild(parent, piece)
			rest.AppendAll(all[end:])
			node.SetLines(rest)
			return
		}
		start = end
	}
	parent.RemoveChild(parent, node)
}

// opensLabel reports whether a line may start a link reference definition.
func opensLabel(line []byte) bool {
	for i := 0; i < len(line) && i < 4; i++ {
		switch line[i] {
		case '[':
			return true
		case ' ':
			continue
		}
		return false
	}
	return false
}
