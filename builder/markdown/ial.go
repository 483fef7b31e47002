package markdown

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"kb/builder/diag"
)

// kramdown's block attribute lists, as Jekyll sites (Just the Docs) write
// them on a line of their own: "{: .note }" before a block or right
// after it. Just the Docs' classes say what the block is, and kb shows
// that in its own way:
//
//	{: .note }, .warning, .important      a callout of that kind
//	{: .highlight }, {: .new }            a tip
//	{: .attention }                       a callout of the kind site.toml's [callouts] gives that name
//	{: .note-title } > Title > text       a callout whose title is the quote's first paragraph
//	{: .label .label-green }              the paragraph as a badge
//	1. TOC {:toc}                         the list left out: kb's article has its table of contents beside the text
//	## Heading {: .no_toc }               the heading kept, out of the table of contents
//	{: .fs-6 .fw-300 }...                 left out: they change how text looks, not what it says
//
// Any other attribute (an id, onclick=...) is left out with a warning:
// a writer's attributes never reach the page.

var kindBlockIAL = ast.NewNodeKind("BlockIAL")

// blockIAL is a kramdown block attribute list line, until blockIALs
// applies it to its block and takes it out.
type blockIAL struct {
	ast.BaseBlock
	attrs []string
	toc   bool // {:toc}
	at    int  // offset of its "{"
}

func (n *blockIAL) Kind() ast.NodeKind { return kindBlockIAL }
func (n *blockIAL) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"attrs": strings.Join(n.attrs, " ")}, nil)
}

// jtdCallouts maps Just the Docs' callout classes to kb's kinds.
var jtdCallouts = map[string]string{
	"note": "note", "warning": "warning", "important": "important", "highlight": "tip", "new": "tip",
}

// ialCalloutKind is the kind of kb's callout a class names: the site's own
// name ([callouts] in site.toml) first, then Just the Docs' defaults; ""
// for none.
func ialCalloutKind(st *state, name string) string {
	if st != nil && st.doc.CalloutName != nil {
		if kind, _, ok := st.doc.CalloutName(name); ok {
			return kind
		}
	}
	return jtdCallouts[name]
}

// jtdLabels maps Just the Docs' label colours to kb's badge kinds.
var jtdLabels = map[string]string{
	"label-green": "tip", "label-yellow": "warning", "label-red": "danger", "label-blue": "note", "label-purple": "note",
}

// styleClass matches the utility classes of Just the Docs (font size and
// weight, spacing, display) and kramdown's no_toc: they change how text
// looks, and are left out without a warning.
var styleClass = regexp.MustCompile(`^\.(no_toc|opaque|text-delta|(fs|fw|lh|text|d|[mp][xytblr]?|float|v-align|bg|flex|border|rounded|btn)-[a-z0-9-]+|label|btn)$`)

type blockIALParser struct{}

func (blockIALParser) Trigger() []byte { return []byte{'{'} }

func (blockIALParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 {
		return nil, parser.NoChildren
	}
	s := util.TrimRightSpace(line[pos:])
	if !isIALLine(s) {
		return nil, parser.NoChildren
	}
	inner := bytes.TrimSpace(s[2 : len(s)-1])
	n := &blockIAL{at: seg.Start - seg.Padding + pos}
	switch {
	case string(inner) == "toc":
		n.toc = true
	case len(inner) == 0:
	default:
		attrs, ok := attributeList(inner)
		if !ok {
			return nil, parser.NoChildren
		}
		n.attrs = attrs
	}
	reader.AdvanceToEOL()
	return n, parser.NoChildren
}

// isIALLine reports whether a line, without its indent and trailing
// spaces, is a kramdown block attribute list: "{: .note }", "{:toc}".
func isIALLine(s []byte) bool {
	return bytes.HasPrefix(s, []byte("{:")) && bytes.HasSuffix(s, []byte("}")) && bytes.IndexByte(s[1:], '{') < 0
}

// htmlBeforeIAL is goldmark's HTML block parser, except that an attribute
// list line ends a block of HTML elements (CommonMark's kinds 6 and 7,
// which run to a blank line), as kramdown reads "</summary>" then
// "{: .text-delta }": the list then applies to the HTML before it, as to
// any block, instead of showing as text in it.
type htmlBeforeIAL struct{ parser.BlockParser }

func (p htmlBeforeIAL) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	if h, ok := node.(*ast.HTMLBlock); ok && (h.HTMLBlockType == ast.HTMLBlockType6 || h.HTMLBlockType == ast.HTMLBlockType7) {
		if line, _ := reader.PeekLine(); isIALLine(util.TrimRightSpace(util.TrimLeftSpace(line))) {
			return parser.Close
		}
	}
	return p.BlockParser.Continue(node, reader, pc)
}

func (blockIALParser) Continue(ast.Node, text.Reader, parser.Context) parser.State {
	return parser.Close
}
func (blockIALParser) Close(ast.Node, text.Reader, parser.Context) {}
func (blockIALParser) CanInterruptParagraph() bool                 { return true }
func (blockIALParser) CanAcceptIndentedLine() bool                 { return false }

// blockIALs applies each block attribute list to its block: the one
// before it when the list follows it with no blank line between, as
// kramdown reads it, else the one after it.
type blockIALs struct{}

func (blockIALs) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	if !bytes.Contains(reader.Source(), []byte("{:")) {
		return // no attribute list: the walk below would find none
	}
	var ials []*blockIAL
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if ial, ok := n.(*blockIAL); ok && entering {
			ials = append(ials, ial)
		}
		return ast.WalkContinue, nil
	})
	src := reader.Source()
	st := stateOf(pc)
	for _, ial := range ials {
		target := ial.NextSibling()
		if prev := ial.PreviousSibling(); prev != nil && !blankBefore(src, ial.at) {
			target = prev
		}
		parent := ial.Parent()
		parent.RemoveChild(parent, ial)
		if _, isIAL := target.(*blockIAL); target == nil || isIAL {
			continue
		}
		applyIAL(ial, target, pc, st)
	}
}

// blankBefore reports whether the line before offset at is blank, or
// there is none.
func blankBefore(src []byte, at int) bool {
	start := bytes.LastIndexByte(src[:at], '\n')
	if start < 0 {
		return true
	}
	prev := bytes.LastIndexByte(src[:start], '\n')
	return len(bytes.TrimSpace(bytes.TrimLeft(src[prev+1:start], " \t>"))) == 0
}

// applyIAL makes target what the list's classes say.
func applyIAL(ial *blockIAL, target ast.Node, pc parser.Context, st *state) {
	parent := target.Parent()
	if ial.toc {
		if _, isList := target.(*ast.List); isList {
			parent.RemoveChild(parent, target)
		}
		return
	}
	var callout, label string
	titled, noTOC := false, false
	var dropped []string
	for _, a := range ial.attrs {
		name := strings.TrimPrefix(a, ".")
		switch {
		case a[0] == '.' && ialCalloutKind(st, strings.TrimSuffix(name, "-title")) != "":
			callout, titled = strings.TrimSuffix(name, "-title"), strings.HasSuffix(name, "-title")
		case a == ".no_toc":
			noTOC = true
		case a[0] == '.' && jtdLabels[name] != "":
			label = jtdLabels[name]
		case a == ".label" && label == "":
			label = "note"
		case styleClass.MatchString(a):
		default:
			dropped = append(dropped, a)
		}
	}
	if st != nil && len(dropped) > 0 {
		line, col := st.lines.pos(ial.at)
		st.diags = append(st.diags, diag.WarnAt(st.doc.File, line, col,
			"attribute list {: %s }: %s left out (kb keeps Just the Docs' callout, label and button classes, no other attributes); remove it from the page",
			strings.Join(ial.attrs, " "), strings.Join(dropped, " ")).Of(diag.RawHTML))
	}
	if h, isHeading := target.(*ast.Heading); isHeading && noTOC && st != nil {
		if st.noTOC == nil {
			st.noTOC = map[*ast.Heading]bool{}
		}
		st.noTOC[h] = true
	}
	switch {
	case callout != "":
		c := newCallout(pc, []byte(ialCalloutKind(st, callout)), ial.at, text.Segment{})
		c.name = callout
		if callout == "highlight" {
			c.untitled = true // Just the Docs' highlight has no title
		}
		if st != nil && st.doc.CalloutName != nil {
			if _, title, ok := st.doc.CalloutName(callout); ok && title != "" {
				c.title, c.untitled = title, false
			} else if ok {
				c.untitled = true // no title in the site's callouts: none shown, the kind's read out
			}
		}
		parent.ReplaceChild(parent, target, c)
		quote, isQuote := target.(*ast.Blockquote)
		if !isQuote {
			c.AppendChild(c, target)
			return
		}
		first := true
		for child := quote.FirstChild(); child != nil; child = quote.FirstChild() {
			quote.RemoveChild(quote, child)
			if p, isPara := child.(*ast.Paragraph); first && titled && isPara {
				t := &calloutTitle{}
				for in := p.FirstChild(); in != nil; in = p.FirstChild() {
					p.RemoveChild(p, in)
					t.AppendChild(t, in)
				}
				c.AppendChild(c, t)
				first = false
				continue
			}
			first = false
			c.AppendChild(c, child)
		}
	case label != "":
		if p, isPara := target.(*ast.Paragraph); isPara {
			b := &ialBadge{kind: label}
			for in := p.FirstChild(); in != nil; in = p.FirstChild() {
				p.RemoveChild(p, in)
				b.AppendChild(b, in)
			}
			p.AppendChild(p, b)
		}
	}
}

var kindIALBadge = ast.NewNodeKind("IALBadge")

// ialBadge is a paragraph's text shown as a badge, the class the theme's
// badge shortcode gives (themes/default/layouts/shortcodes/badge.html).
type ialBadge struct {
	ast.BaseInline
	kind string
}

func (n *ialBadge) Kind() ast.NodeKind { return kindIALBadge }
func (n *ialBadge) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"kind": n.kind}, nil)
}

func renderIALBadge(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		w.WriteString(`<span class="badge badge-` + node.(*ialBadge).kind + `">`)
	} else {
		w.WriteString("</span>")
	}
	return ast.WalkContinue, nil
}

type ialRenderer struct{}

func (ialRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindIALBadge, renderIALBadge)
	reg.Register(kindBlockIAL, func(util.BufWriter, []byte, ast.Node, bool) (ast.WalkStatus, error) {
		return ast.WalkSkipChildren, nil
	})
}

// kramdownIALs registers the block attribute list parser, the transformer
// that applies them, and the badge renderer.
type kramdownIALs struct{}

func (kramdownIALs) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithBlockParsers(util.Prioritized(blockIALParser{}, 90), util.Prioritized(htmlBeforeIAL{parser.NewHTMLBlockParser()}, 899)), // before goldmark's own (900)
		parser.WithASTTransformers(util.Prioritized(blockIALs{}, 190)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(ialRenderer{}, 500)))
}
