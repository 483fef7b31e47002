package markdown

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"kb/builder/config"
	"kb/builder/diag"
)

// Callouts ("Note", "Warning" boxes) in the two syntaxes writers bring from
// other sites, which both become one callout node:
//
//   - GitHub alerts, as GitHub, GitLab, Obsidian and Hugo write them: a
//     quote whose first line is "> [!NOTE]", optionally followed by a title
//     ("> [!TIP] Before you start"; Obsidian's fold mark "[!tip]-" is read
//     and ignored);
//   - container directives, as Starlight, Docusaurus and VitePress write
//     them: ":::tip[Title]", ":::info Title", "::: tip Title", closed by a
//     line of at least as many colons, so that "::::note" can hold a
//     ":::tip". VitePress's "::: details Title" is a note that opens and
//     closes, its "::: v-pre" and "::: raw" only hold Markdown, and its
//     "::: code-group" is a set of tabs (tabs.go).

// CalloutKinds are the kinds a callout renders as, GitHub's five: its
// class is "callout-<kind>" and its default title the UI string
// "callout_<kind>".
var CalloutKinds = config.CalloutKinds

// calloutAliases folds the kinds other sites write onto CalloutKinds:
// Docusaurus's and VitePress's info and danger, and Obsidian's and Material
// for MkDocs's kinds, which are the same: note, abstract (summary, tldr),
// info (todo), example, quote (cite) are notes; tip (hint), success
// (check, done), question (help, faq) tips; warning (attention), failure
// (fail, missing), bug warnings; danger (error) a caution. Material folds
// important onto tip and caution onto warning; kb has both as kinds.
var calloutAliases = map[string]string{
	"note": "note", "info": "note", "abstract": "note", "summary": "note", "tldr": "note",
	"todo": "note", "example": "note", "quote": "note", "cite": "note",
	"tip": "tip", "hint": "tip", "success": "tip", "check": "tip", "done": "tip",
	"question": "tip", "help": "tip", "faq": "tip",
	"important": "important",
	"warning":   "warning", "attention": "warning", "failure": "warning", "fail": "warning",
	"missing": "warning", "bug": "warning",
	"caution": "caution", "danger": "caution", "error": "caution",
}

// calloutKind returns the kind that name (any case) renders as.
func calloutKind(name []byte) (kind string, known bool) {
	kind, known = calloutAliases[strings.ToLower(string(name))]
	if !known {
		return "note", false
	}
	return kind, true
}

var (
	kindCallout      = ast.NewNodeKind("Callout")
	kindCalloutTitle = ast.NewNodeKind("CalloutTitle")
)

// callout is a callout block; its children are its content, the first a
// calloutTitle when the writer gave a title.
type callout struct {
	ast.BaseBlock
	kind  string // one of CalloutKinds
	title string // the default title, shown when there is no calloutTitle
	// fence is the number of colons of a directive's opening line; 0 for
	// an alert.
	fence  int
	closed bool // a directive's closing line was seen
	at     int  // offset of the opening line's marker
	name   string
	// collapsible is an admonition's "???": a <details>, open for "???+".
	collapsible, open bool
	untitled          bool // an admonition's `""`: no title line
	// contentColumn is the column an admonition's content is indented to
	// (its marker's plus four); 0 for the other syntaxes.
	contentColumn int
	// bare is VitePress's ::: v-pre and ::: raw, which only keep Vue from
	// reading their content: nothing is written around it.
	bare bool
	// codeGroup is VitePress's ::: code-group, which codeGroups makes a
	// set of tabs.
	codeGroup bool
	// alert is a quote opened by an alert marker (> [!NOTE]), which a
	// Hugo site's render-blockquote hook renders; sign is its fold mark,
	// "+", "-" or "".
	alert bool
	sign  string
}

func (n *callout) Kind() ast.NodeKind { return kindCallout }
func (n *callout) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"kind": n.kind}, nil)
}

// calloutTitle is a title the writer gave, with inline Markdown.
type calloutTitle struct{ ast.BaseBlock }

func (n *calloutTitle) Kind() ast.NodeKind { return kindCalloutTitle }
func (n *calloutTitle) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, nil, nil)
}

// newCallout makes the node for a callout named name whose marker starts at
// offset at, with the default title in the document's language, and warns
// about a kind kb does not know.
func newCallout(pc parser.Context, name []byte, at int, title text.Segment) *callout {
	kind, known := calloutKind(name)
	n := &callout{kind: kind, at: at, name: string(name)}
	st := stateOf(pc)
	n.title = untitledCalloutTitle(docOf(pc), string(name), kind)
	if st != nil {
		if !known {
			line, col := st.lines.pos(at)
			st.diags = append(st.diags, diag.WarnAt(st.doc.File, line, col,
				"unknown callout kind %q, shown as a note: kb knows %s (and info, danger and the aliases of Obsidian and Material for MkDocs)",
				name, strings.Join(CalloutKinds, ", ")))
		}
	}
	if title.Len() > 0 {
		t := &calloutTitle{}
		t.Lines().Append(title)
		n.AppendChild(n, t)
	}
	return n
}

// namedTitles are the callout names that VitePress, Docusaurus and
// Starlight title with their own word rather than their kind's when the
// writer gives no title: "::: info" reads "Info" and "::: danger"
// "Danger" (shown as a note and a caution), VitePress's "::: details"
// "Details". Their titles are the UI strings callout_info and so on.
var namedTitles = map[string]bool{"info": true, "danger": true, "details": true}

// untitledCalloutTitle is the title of a callout named name, of kind,
// that the writer gave none: its name's (namedTitles) or its kind's, in
// the language of doc (nil for none). A theme whose UI strings lack the
// name's title gives the kind's.
func untitledCalloutTitle(doc *Document, name, kind string) string {
	if lower := strings.ToLower(name); namedTitles[lower] {
		if doc == nil || doc.CalloutTitle == nil {
			return defaultCalloutTitle(lower)
		}
		if t := doc.CalloutTitle(lower); t != "" {
			return t
		}
	}
	if doc == nil {
		return defaultCalloutTitle(kind)
	}
	return doc.calloutTitle(kind)
}

// docOf is the document pc parses, nil outside a render.
func docOf(pc parser.Context) *Document {
	if st := stateOf(pc); st != nil {
		return st.doc
	}
	return nil
}

// defaultCalloutTitle is a kind's title when the page has no UI strings.
func defaultCalloutTitle(kind string) string {
	return strings.ToUpper(kind[:1]) + kind[1:]
}

// calloutTitle is a kind's title in the document's language, for a
// callout without one of its own and for a template's (shortcodeContext's
// Callout).
func (d *Document) calloutTitle(kind string) string {
	if d.CalloutTitle != nil {
		if t := d.CalloutTitle(kind); t != "" {
			return t
		}
	}
	return defaultCalloutTitle(kind)
}

// alertParser opens a GitHub alert: a quote whose first line is a marker.
// Other quotes are left to goldmark's quote parser, which it runs after.
type alertParser struct{}

var quoteParser = parser.NewBlockquoteParser()

func (alertParser) Trigger() []byte { return []byte{'>'} }

func (alertParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, _ := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 || !bytes.HasPrefix(bytes.TrimLeft(line[pos+1:], " \t"), []byte("[!")) {
		return nil, parser.NoChildren
	}
	if _, ok := parseAlertMarker(util.TrimRightSpace(bytes.TrimLeft(line[pos+1:], " \t"))); !ok {
		return nil, parser.NoChildren
	}
	if _, state := quoteParser.Open(parent, reader, pc); state == parser.NoChildren {
		return nil, parser.NoChildren
	}
	line, seg := reader.PeekLine()
	start := util.TrimLeftSpaceLength(line)
	rest := util.TrimRightSpace(line[start:])
	m, _ := parseAlertMarker(rest)
	base := seg.Start - seg.Padding + start
	title := text.NewSegment(base+m.titleStart, base+m.titleEnd)
	n := newCallout(pc, rest[2:m.nameEnd], base, title)
	n.alert = true
	if sign := rest[m.nameEnd+1:]; len(sign) > 0 && (sign[0] == '+' || sign[0] == '-') {
		n.sign = string(sign[:1])
	}
	reader.AdvanceToEOL()
	return n, parser.HasChildren
}

func (alertParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	return quoteParser.Continue(node, reader, pc)
}

func (alertParser) Close(ast.Node, text.Reader, parser.Context) {}
func (alertParser) CanInterruptParagraph() bool                 { return true }
func (alertParser) CanAcceptIndentedLine() bool                 { return false }

// alertMarker is where the parts of an alert's first line end.
type alertMarker struct {
	nameEnd              int // "[!" + name
	titleStart, titleEnd int // the title, empty when there is none
}

// parseAlertMarker reads "[!name]", an optional fold mark "+" or "-" and an
// optional title from s, which has no space at either end.
func parseAlertMarker(s []byte) (alertMarker, bool) {
	if !bytes.HasPrefix(s, []byte("[!")) {
		return alertMarker{}, false
	}
	i := 2 + nameLength(s[2:])
	if i == 2 || i >= len(s) || s[i] != ']' {
		return alertMarker{}, false
	}
	m := alertMarker{nameEnd: i}
	i++
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	if i < len(s) && s[i] != ' ' && s[i] != '\t' {
		return alertMarker{}, false
	}
	m.titleStart = i + util.TrimLeftSpaceLength(s[i:])
	m.titleEnd = len(s)
	return m, true
}

// nameLength is the length of the callout name s starts with: letters,
// digits, "-" and "_", starting with a letter.
func nameLength(s []byte) int {
	i := 0
	for i < len(s) && (s[i] >= 'a' && s[i] <= 'z' || s[i] >= 'A' && s[i] <= 'Z' ||
		i > 0 && (s[i] >= '0' && s[i] <= '9' || s[i] == '-' || s[i] == '_')) {
		i++
	}
	return i
}

// directiveParser opens a container directive (":::tip[Title]") and closes
// it at a line of at least as many colons.
type directiveParser struct{}

func (directiveParser) Trigger() []byte { return []byte{':'} }

func (directiveParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 {
		return nil, parser.NoChildren
	}
	fence := colons(line[pos:])
	if fence < 3 {
		return nil, parser.NoChildren
	}
	rest := util.TrimRightSpace(line[pos+fence:])
	nameStart := util.TrimLeftSpaceLength(rest)
	name := rest[nameStart : nameStart+nameLength(rest[nameStart:])]
	if len(name) == 0 {
		return nil, parser.NoChildren
	}
	titleStart, titleEnd, ok := directiveTitle(rest, nameStart+len(name))
	if !ok {
		return nil, parser.NoChildren
	}
	base := seg.Start - seg.Padding + pos + fence
	at, title := seg.Start-seg.Padding+pos, text.NewSegment(base+titleStart, base+titleEnd)
	var n *callout
	switch strings.ToLower(string(name)) {
	case "details": // VitePress's: a note that opens and closes
		n = newCallout(pc, []byte("note"), at, title)
		n.name, n.collapsible = string(name), true
		n.title = untitledCalloutTitle(docOf(pc), n.name, n.kind)
	case "v-pre", "raw", "code-group":
		n = &callout{at: at, name: string(name), bare: true, codeGroup: strings.EqualFold(string(name), "code-group")}
	default:
		n = newCallout(pc, name, at, title)
	}
	n.fence = fence
	reader.AdvanceToEOL()
	return n, parser.HasChildren
}

// directiveTitle finds the title in what follows a directive's name at i:
// a label in brackets (Starlight's ":::tip[Title]"), attributes in braces,
// which kb ignores, and text (Docusaurus's ":::info Title"). A label wins
// over text. ok is false when the name is followed by something else.
func directiveTitle(rest []byte, i int) (start, end int, ok bool) {
	if i < len(rest) && rest[i] == '[' {
		close := labelEnd(rest[i:])
		if close < 0 {
			return 0, 0, false
		}
		start, end = i+1, i+close
		i += close + 1
	}
	if i < len(rest) && rest[i] == '{' {
		close := bytes.IndexByte(rest[i:], '}')
		if close < 0 {
			return 0, 0, false
		}
		i += close + 1
	}
	if i == len(rest) {
		return start, end, true
	}
	if rest[i] != ' ' && rest[i] != '\t' {
		return 0, 0, false
	}
	if end > start {
		return start, end, true
	}
	return i + util.TrimLeftSpaceLength(rest[i:]), len(rest), true
}

// labelEnd returns the offset of the "]" that closes the "[" s starts with,
// brackets nesting and "\]" escaped, or -1.
func labelEnd(s []byte) int {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '[':
			depth++
		case ']':
			if depth--; depth == 0 {
				return i
			}
		}
	}
	return -1
}

func colons(s []byte) int {
	i := 0
	for i < len(s) && s[i] == ':' {
		i++
	}
	return i
}

func (directiveParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	n := node.(*callout)
	line, _ := reader.PeekLine()
	if w, pos := util.IndentWidth(line, reader.LineOffset()); w < 4 {
		if c := colons(line[pos:]); c >= n.fence && util.IsBlank(line[pos+c:]) && !holdsOpenFence(pc, node) {
			n.closed = true
			reader.AdvanceToEOL()
			return parser.Close
		}
	}
	return parser.Continue | parser.HasChildren
}

// holdsOpenFence reports whether a fenced code block or another directive
// is open inside node: a line of colons is the code's text, or closes the
// innermost directive.
func holdsOpenFence(pc parser.Context, node ast.Node) bool {
	blocks := pc.OpenedBlocks()
	for i := len(blocks) - 1; i >= 0 && blocks[i].Node != node; i-- {
		switch b := blocks[i].Node.(type) {
		case *ast.FencedCodeBlock:
			return true
		case *callout:
			if b.fence > 0 {
				return true
			}
		}
	}
	return false
}

func (directiveParser) Close(node ast.Node, _ text.Reader, pc parser.Context) {
	n := node.(*callout)
	st := stateOf(pc)
	if n.closed || st == nil {
		return
	}
	line, col := st.lines.pos(n.at)
	fence := strings.Repeat(":", n.fence)
	st.diags = append(st.diags, diag.WarnAt(st.doc.File, line, col,
		"%s%s is not closed: the callout takes in everything to the end of the page (or of the list or quote it is in); end it with a line %s",
		fence, n.name, fence))
}

func (directiveParser) CanInterruptParagraph() bool { return true }
func (directiveParser) CanAcceptIndentedLine() bool { return false }

// callouts registers both syntaxes and the callout renderer.
type callouts struct{}

func (callouts) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithBlockParsers(
		// Before goldmark's quote parser (800) and the definition
		// list's (101), which also start at these characters.
		util.Prioritized(nestingBound{alertParser{}}, 799),
		util.Prioritized(nestingBound{directiveParser{}}, 100),
		util.Prioritized(nestingBound{admonitionParser{}}, 100),
	), parser.WithParagraphTransformers(util.Prioritized(admonitionLazyLines{}, 90)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(calloutRenderer{}, 500)))
}

// calloutRenderer writes a callout as a div with role="note": screen
// readers announce a note and its extent, where an <aside> inside the
// article would be a complementary landmark, one more per callout in the
// page's landmark list. The title is a paragraph, not a heading, so
// callouts stay out of the page's outline and table of contents.
type calloutRenderer struct{}

func (calloutRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindCallout, renderCallout)
	reg.Register(kindCalloutTitle, renderCalloutTitle)
}

// A collapsible admonition is a <details> whose <summary> is the title,
// which opens and closes without JavaScript and which screen readers
// announce as such (a role would take that away). An untitled one keeps
// its kind for screen readers, as the border's colour shows it to others.
func renderCallout(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*callout)
	if n.bare {
		return ast.WalkContinue, nil
	}
	if !entering {
		if n.collapsible {
			w.WriteString("</details>\n")
		} else {
			w.WriteString("</div>\n")
		}
		return ast.WalkContinue, nil
	}
	titleTag := "p"
	switch {
	case n.collapsible && n.open:
		fmt.Fprintf(w, "<details class=\"callout callout-%s\" open>\n", n.kind)
		titleTag = "summary"
	case n.collapsible:
		fmt.Fprintf(w, "<details class=\"callout callout-%s\">\n", n.kind)
		titleTag = "summary"
	default:
		fmt.Fprintf(w, "<div class=\"callout callout-%s\" role=\"note\">\n", n.kind)
	}
	if _, custom := n.FirstChild().(*calloutTitle); !custom {
		class := "callout-title"
		if n.untitled && !n.collapsible {
			class = "visually-hidden"
		}
		fmt.Fprintf(w, "<%s class=\"%s\">%s</%s>\n", titleTag, class, template.HTMLEscapeString(n.title), titleTag)
	}
	return ast.WalkContinue, nil
}

// renderCalloutTitle writes a writer's own title. Its kind, which the
// border's colour shows, is read out before it ("Caution: Back up
// first"), so that colour is not the only sign of a warning.
func renderCalloutTitle(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	c, _ := node.Parent().(*callout)
	tag := "p"
	if c != nil && c.collapsible {
		tag = "summary"
	}
	if entering {
		fmt.Fprintf(w, `<%s class="callout-title">`, tag)
		if c != nil && c.title != "" {
			w.WriteString(`<span class="visually-hidden">`)
			w.WriteString(template.HTMLEscapeString(c.title))
			w.WriteString(": </span>")
		}
	} else {
		fmt.Fprintf(w, "</%s>\n", tag)
	}
	return ast.WalkContinue, nil
}
