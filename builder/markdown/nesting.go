package markdown

import (
	"bytes"
	"fmt"
	"slices"

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

// maxNesting bounds how deep quotes, list items, definitions and footnotes
// may nest, whether a line opens them all with its own markers ("> > > x")
// or is indented into the items above it ("- a", "  - a", "    - a", ...).
// goldmark measures each block a line opens from the start of the line,
// and walks every open block for every line, so deep nesting costs time
// that grows with the square of a line's markers (a line of 100,000 ">"
// took 17 s) or the cube of indented lines (2,000 of them, 4 MB, took
// 14 s). No help article nests anything this deep.
const maxNesting = 32

// tooDeepMsg says what to do about a block nested too deep.
var tooDeepMsg = fmt.Sprintf("quotes, lists or definitions nested more than %d deep, counting those this line is indented into: nest less deeply", maxNesting)

// boundedNesting wraps the parsers of blocks that hold blocks so that none
// opens deeper than maxNesting (nestingBound).
func boundedNesting(parsers []util.PrioritizedValue) []util.PrioritizedValue {
	containers := []any{parser.NewListParser(), parser.NewListItemParser(), parser.NewBlockquoteParser()}
	out := slices.Clone(parsers)
	for i, p := range out {
		if slices.Contains(containers, p.Value) {
			out[i].Value = nestingBound{p.Value.(parser.BlockParser)}
		}
	}
	return out
}

// nestingBound is a block parser that refuses to open a block inside
// maxNesting others. It is the one bound on nesting: it sees the blocks a
// line is in however they were opened, and only where goldmark parses
// blocks, so a code block showing deep quotes as text is not refused.
// Past the bound a marker is text, which keeps every line's work within
// maxNesting blocks, and the page gets one error at the first such marker.
type nestingBound struct{ parser.BlockParser }

func (b nestingBound) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	if nestingDepth(parent) < maxNesting {
		return b.BlockParser.Open(parent, reader, pc)
	}
	line, seg := reader.PeekLine()
	if at := pc.BlockOffset(); at >= 0 && opensBlock(line[at:]) {
		if st := stateOf(pc); st != nil && !st.nestedTooDeep {
			st.nestedTooDeep = true
			l, col := st.lines.pos(seg.Start + at)
			st.diags = append(st.diags, diag.At(st.doc.File, l, col, "%s", tooDeepMsg))
		}
	}
	return nil, parser.NoChildren
}

// nestingDepth counts the quotes, list items, definitions, footnotes, callouts and tabs n
// is in (n included), up to one past maxNesting.
func nestingDepth(n ast.Node) int {
	depth := 0
	for ; n != nil && depth <= maxNesting; n = n.Parent() {
		switch n.(type) {
		case *ast.Blockquote, *ast.ListItem, *east.DefinitionDescription, *east.Footnote, *callout, *tab:
			depth++
		}
	}
	return depth
}

// opensBlock reports a line that starts with the marker of a block that
// holds blocks: ">", "-", "*", "+" or ":" and "1." or "1)" followed by a
// space or the line's end, a footnote's "[^", a directive's ":::" or an
// admonition's "!!!" or "???".
// goldmark asks a parser to open on any line that starts with its trigger
// ("-word" too).
func opensBlock(line []byte) bool {
	line = bytes.TrimRight(line, "\n")
	spaceAt := func(i int) bool { return i == len(line) || line[i] == ' ' || line[i] == '\t' }
	if len(line) == 0 {
		return false
	}
	switch c := line[0]; {
	case c == '>':
		return true
	case c == '-' || c == '*' || c == '+' || c == ':':
		return spaceAt(1)
	case c >= '0' && c <= '9':
		digits := 1
		for digits < len(line) && digits < 9 && line[digits] >= '0' && line[digits] <= '9' {
			digits++
		}
		return digits < len(line) && (line[digits] == '.' || line[digits] == ')') && spaceAt(digits+1)
	}
	for _, marker := range []string{"[^", ":::", "!!!", "???"} {
		if bytes.HasPrefix(line, []byte(marker)) {
			return true
		}
	}
	return false
}

// definitionLists is goldmark's definition list extension with its parsers
// bounded by nestingBound.
type definitionLists struct{}

func (definitionLists) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithBlockParsers(
		util.Prioritized(nestingBound{extension.NewDefinitionListParser()}, 101),
		util.Prioritized(nestingBound{extension.NewDefinitionDescriptionParser()}, 102),
	))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(
		util.Prioritized(extension.NewDefinitionListHTMLRenderer(), 500),
	))
}

// maxDestinationScan bounds the bytes goldmark reads looking for the ends
// of a page's link addresses. It reads from each "](" to the address's end,
// or when it never comes to the next space or the line's end: a line of
// 50,000 "[a](" (200 KB) took 20 s, 200,000 five minutes. A page whose
// links all close reads a few bytes each.
const maxDestinationScan = 16 << 20

// unclosedMsg says what to do about a page past maxDestinationScan.
const unclosedMsg = `links open whose addresses never close (text like "[a](" with no ")") too many times on a long line: close them, or write \]( for text`

// unparseable returns the offset of the first line of src that goldmark
// would take too long to read, and why, or -1.
func unparseable(src []byte) (int, string) {
	if off := unclosedDestinations(src); off >= 0 {
		return off, unclosedMsg
	}
	if off := nestedBrackets(src); off >= 0 {
		return off, nestedBracketsMsg
	}
	return -1, ""
}

// maxBracketSpan bounds the bytes between a paragraph's matching "[" and
// "]", summed, past bracketDepth a byte of the page: at each "]" goldmark
// looks through everything since its "[" for a link, so 200,000 "["
// closed by as many "]" (400 KB) took 9 s, a 10 MB page half an hour. Text
// sits in a pair or two of brackets at most.
const (
	maxBracketSpan = 16 << 20
	bracketDepth   = 8
)

// nestedBracketsMsg says what to do about a page past maxBracketSpan.
const nestedBracketsMsg = `too many "[" inside one another closed by "]": nest fewer, or write \[ for text`

// nestedBrackets returns the offset of the line at which the bytes between
// matching brackets, summed, pass maxBracketSpan and bracketDepth a byte,
// or -1. Brackets match within a paragraph, as goldmark reads them.
func nestedBrackets(src []byte) int {
	budget, lineStart := maxBracketSpan+bracketDepth*len(src), 0
	if bytes.Count(src, []byte("[")) <= budget/max(len(src), 1) {
		return -1 // each pair spans less than the page: the spans cannot pass budget
	}
	var open []int
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '\\':
			if i+1 < len(src) && src[i+1] != '\n' {
				i++
			}
		case '\n':
			lineStart = i + 1
			if bytes.HasPrefix(bytes.TrimLeft(src[lineStart:min(len(src), lineStart+8)], " \t"), []byte("\n")) {
				open = open[:0] // a blank line ends the paragraph
			}
		case '[':
			open = append(open, i)
		case ']':
			if len(open) == 0 {
				continue
			}
			if budget -= i - open[len(open)-1]; budget < 0 {
				return lineStart
			}
			open = open[:len(open)-1]
		}
	}
	return -1
}

// unclosedDestinations returns the offset of the line at which the bytes
// goldmark would read for link addresses pass maxDestinationScan, or -1.
// It reads them as goldmark does, so no more than maxDestinationScan and
// one line.
func unclosedDestinations(src []byte) int {
	budget, lineStart := maxDestinationScan, 0
	if bytes.Count(src, []byte("](")) <= budget/max(len(src), 1) {
		return -1 // each address reads less than the page: they cannot pass budget
	}
	for i := 0; i+1 < len(src); i++ {
		switch {
		case src[i] == '\n':
			lineStart = i + 1
		case src[i] == ']' && src[i+1] == '(':
			if budget -= destinationScan(src[i+2:]); budget < 0 {
				return lineStart
			}
		}
	}
	return -1
}

// destinationScan is how many bytes goldmark's parseLinkDestination reads
// for an address that starts at rest: to its end, else to the next space
// (to the line's end for one in <>).
func destinationScan(rest []byte) int {
	i := 0
	for i < len(rest) && (rest[i] == ' ' || rest[i] == '\t') {
		i++
	}
	pointy := i < len(rest) && rest[i] == '<'
	opened := 0
	for ; i < len(rest) && rest[i] != '\n'; i++ {
		switch c := rest[i]; {
		case c == '\\' && i+1 < len(rest) && util.IsPunct(rest[i+1]):
			i++
		case pointy:
			if c == '>' {
				return i
			}
		case c == '(':
			opened++
		case c == ')':
			if opened--; opened < 0 {
				return i
			}
		case util.IsSpace(c):
			return i
		}
	}
	return i
}
