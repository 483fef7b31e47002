package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Admonitions, as Python-Markdown, MkDocs and Material for MkDocs write
// them, are a third callout syntax:
//
//	!!! warning "Back up first"
//	    Content indented four spaces (or a tab), blank lines and
//	    blocks inside, admonitions too.
//
// "!!! note" has the kind's default title, `!!! note ""` none. Material's
// collapsible blocks (pymdownx.details) are "??? note" (closed) and
// "???+ note" (open). Words after the kind ("!!! info inline end") are
// Material's layout classes, which kb ignores. Material's kinds fold onto
// kb's five in calloutAliases.

// admonitionParser opens an admonition at its marker line and keeps the
// lines indented below it.
type admonitionParser struct{}

func (admonitionParser) Trigger() []byte { return []byte{'!', '?'} }

func (admonitionParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, base := markerLine(reader, pc)
	m, ok := parseAdmonitionMarker(line)
	if !ok {
		return nil, parser.NoChildren
	}
	n := newCallout(pc, line[m.nameStart:m.nameEnd], base, text.NewSegment(base+m.titleStart, base+m.titleEnd))
	n.collapsible, n.open = m.collapsible, m.open
	n.untitled = m.quoted && m.titleStart == m.titleEnd
	n.contentColumn = columnOf(reader.Source(), base, 0) + 4
	reader.AdvanceToEOL()
	return n, parser.HasChildren
}

// markerLine returns the line a block may open at, from where the block
// starts to its last non-space, and that start's offset in the source;
// nil when no block can start on it.
func markerLine(reader text.Reader, pc parser.Context) (line []byte, base int) {
	l, seg := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 {
		return nil, 0
	}
	return util.TrimRightSpace(l[pos:]), seg.Start - seg.Padding + pos
}

// Continue keeps blank lines and lines indented four columns, less those
// columns, as the admonition's content; any other line ends it.
func (admonitionParser) Continue(_ ast.Node, reader text.Reader, _ parser.Context) parser.State {
	line, _ := reader.PeekLine()
	if util.IsBlank(line) {
		return parser.Continue | parser.HasChildren
	}
	if w, _ := util.IndentWidth(line, reader.LineOffset()); w < 4 {
		return parser.Close
	}
	pos, padding := util.IndentPosition(line, reader.LineOffset(), 4)
	reader.AdvanceAndSetPadding(pos, padding)
	return parser.Continue | parser.HasChildren
}

func (admonitionParser) Close(ast.Node, text.Reader, parser.Context) {}
func (admonitionParser) CanInterruptParagraph() bool                 { return true }
func (admonitionParser) CanAcceptIndentedLine() bool                 { return false }

// admonitionLazyLines ends an admonition where Python-Markdown does, at the
// first line not indented to its content: CommonMark takes such a line,
// right after the admonition's last paragraph, for a lazy continuation of
// it. Run as each paragraph closes, it moves the lines from the first such
// one on into a paragraph of their own after the outermost admonition they
// are not indented for.
type admonitionLazyLines struct{}

func (admonitionLazyLines) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	lines := node.Lines()
	if lines.Len() < 2 || !inAdmonition(node) {
		return
	}
	src := reader.Source()
	for i := 1; i < lines.Len(); i++ {
		seg := lines.At(i)
		col := columnOf(src, seg.Start, seg.Padding)
		var outside *callout // the outermost admonition the line is not indented for
		for p := node.Parent(); p != nil; p = p.Parent() {
			if c, ok := p.(*callout); ok && c.contentColumn > col {
				outside = c
			}
		}
		if outside == nil {
			continue
		}
		rest := ast.NewParagraph()
		rest.Lines().AppendAll(lines.Sliced(i, lines.Len()))
		lines.SetSliced(0, i)
		trimLastLine(rest, src)
		trimLastLine(node, src)
		outside.Parent().InsertAfter(outside.Parent(), outside, rest)
		// Its lines may leave an admonition around that one too.
		admonitionLazyLines{}.Transform(rest, reader, pc)
		return
	}
}

// inAdmonition reports whether n is inside an admonition.
func inAdmonition(n ast.Node) bool {
	for p := n.Parent(); p != nil; p = p.Parent() {
		if c, ok := p.(*callout); ok && c.contentColumn > 0 {
			return true
		}
	}
	return false
}

// trimLastLine drops the white space after a paragraph's last line, as
// goldmark does when it closes one.
func trimLastLine(p *ast.Paragraph, src []byte) {
	lines := p.Lines()
	last := lines.At(lines.Len() - 1)
	lines.Set(lines.Len()-1, last.TrimRightSpace(src))
}

// columnOf is the column of the source offset at in its line, tabs
// stopping every four columns, less the padding a partly consumed tab
// left before it.
func columnOf(src []byte, at, padding int) int {
	start := bytes.LastIndexByte(src[:at], '\n') + 1
	col := 0
	for _, c := range src[start:at] {
		if c == '\t' {
			col += 4 - col%4
		} else {
			col++
		}
	}
	return col - padding
}

// admonitionMarker is where the parts of an admonition's first line are.
type admonitionMarker struct {
	collapsible, open    bool // "???", "???+"
	nameStart, nameEnd   int
	titleStart, titleEnd int  // inside the quotes; empty when there is no title
	quoted               bool // a title in quotes was given, maybe ""
}

// parseAdmonitionMarker reads `!!! kind class... "Title"` (or "???",
// "???+") from s, which has no space at its end, as Python-Markdown's
// admonition and pymdownx.details read it: the space after the marker is
// optional, the kind is needed, the title is in double quotes.
func parseAdmonitionMarker(s []byte) (admonitionMarker, bool) {
	var m admonitionMarker
	switch {
	case bytes.HasPrefix(s, []byte("!!!")):
	case bytes.HasPrefix(s, []byte("???")):
		m.collapsible = true
		m.open = len(s) > 3 && s[3] == '+'
	default:
		return m, false
	}
	i := 3
	if m.open {
		i++
	}
	if i < len(s) && s[i] == ' ' {
		i++
	}
	m.nameStart = i
	m.nameEnd = i + nameLength(s[i:])
	if m.nameEnd == i {
		return m, false
	}
	i = m.nameEnd
	for i < len(s) {
		spaces := util.TrimLeftSpaceLength(s[i:])
		if spaces == 0 {
			return m, false
		}
		i += spaces
		if s[i] == '"' {
			if len(s)-i < 2 || s[len(s)-1] != '"' {
				return m, false
			}
			m.quoted, m.titleStart, m.titleEnd = true, i+1, len(s)-1
			return m, true
		}
		class := nameLength(s[i:])
		if class == 0 {
			return m, false
		}
		i += class
	}
	return m, true
}
