package markdown

import (
	"bytes"
	"regexp"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// markdownInHTML reads an HTML element whose start tag has a markdown
// attribute (<div class="grid cards" markdown>, <figure markdown="span">)
// as Python-Markdown's md_in_html does, which Material for MkDocs sites
// use throughout: what it holds is Markdown. CommonMark would take the
// lines after the tag for raw HTML up to the next blank line; here the
// start tag, alone on its line, is an HTML block of that one line, and
// the sanitizer drops the attribute without a warning.
type markdownInHTML struct{}

func (markdownInHTML) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithBlockParsers(util.Prioritized(markdownInHTMLParser{}, 850))) // before the HTML block parser (900)
}

// markdownStartTag matches a start tag alone on its line with a markdown
// attribute that is not markdown="0" (Python-Markdown's "off").
var markdownStartTag = regexp.MustCompile(`^ {0,3}<[A-Za-z][A-Za-z0-9-]*(?:\s+[^\s=>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>` + "`" + `]+))?)*?\s+markdown(?:\s*=\s*(?:"(?:1|block|span)?"|'(?:1|block|span)?'|1|block|span))?(?:\s+[^\s=>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>` + "`" + `]+))?)*\s*>\s*$`)

type markdownInHTMLParser struct{}

func (markdownInHTMLParser) Trigger() []byte { return []byte{'<'} }

func (markdownInHTMLParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, segment := reader.PeekLine()
	if !bytes.Contains(line, []byte("markdown")) || !markdownStartTag.Match(line) {
		return nil, parser.NoChildren
	}
	node := ast.NewHTMLBlock(ast.HTMLBlockType6)
	reader.AdvanceToEOL()
	node.Lines().Append(segment)
	return node, parser.NoChildren
}

// Continue ends the block at its start tag's line.
func (markdownInHTMLParser) Continue(ast.Node, text.Reader, parser.Context) parser.State {
	return parser.Close
}

func (markdownInHTMLParser) Close(ast.Node, text.Reader, parser.Context) {}
func (markdownInHTMLParser) CanInterruptParagraph() bool                 { return true }
func (markdownInHTMLParser) CanAcceptIndentedLine() bool                 { return false }
