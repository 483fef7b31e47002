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
