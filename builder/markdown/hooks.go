package markdown

import (
	"bytes"
	"fmt"
	"html"
	"html/template"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	ghtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"kb/builder/diag"
	"kb/builder/theme"
)

// A Hugo site's render hooks (theme.RenderHook) run, as in Hugo, for the
// links, images, headings, fenced code blocks and quotes of its pages,
// once the page's own transformers have resolved links and given headings
// their ids. Each hook's output takes the place of kb's HTML for its node
// and is trusted as a shortcode template's is (trusted.go): what comes
// from the writer (.Text, .Destination, .Inner) reaches the template
// rendered under the page's raw-HTML rules, and html/template escapes it.
// The node stays in the tree under its output, so search text, headings
// and the table of contents are what they were. A hook that fails leaves
// the node to kb, with a warning at its line.

// hookInline and hookBlock stand for a node a hook rendered: they write
// its output and hold the node, for plain text.
type hookInline struct {
	ast.BaseInline
	out []byte
}

type hookBlock struct {
	ast.BaseBlock
	out []byte
}

var (
	kindHookInline = ast.NewNodeKind("HookInline")
	kindHookBlock  = ast.NewNodeKind("HookBlock")
)

func (n *hookInline) Kind() ast.NodeKind         { return kindHookInline }
func (n *hookInline) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }
func (n *hookBlock) Kind() ast.NodeKind          { return kindHookBlock }
func (n *hookBlock) Dump(src []byte, level int)  { ast.DumpHelper(n, src, level, nil, nil) }
func (n *hookBlock) IsRaw() bool                 { return true }

// hookAttr holds, on a heading, the output of the heading hook: a heading
// stays an *ast.Heading (FAQ questions and the title are found by it).
// No attribute list can give a name with a private-use character.
const hookAttr = "\uE001hook"

// hookRenderer writes the output of hooks; with a heading hook, it
// writes headings as goldmark does, or the hook's output.
type hookRenderer struct{ headings bool }

func (h hookRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	write := func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			switch n := n.(type) {
			case *hookInline:
				w.Write(n.out)
			case *hookBlock:
				w.Write(n.out)
				w.WriteByte('\n')
			}
		}
		return ast.WalkSkipChildren, nil
	}
	reg.Register(kindHookInline, write)
	reg.Register(kindHookBlock, write)
	if h.headings {
		reg.Register(ast.KindHeading, renderHeading)
	}
}

// renderHeading is goldmark's heading, or the heading hook's output.
func renderHeading(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Heading)
	if out, ok := n.AttributeString(hookAttr); ok {
		if entering {
			w.Write(out.([]byte))
			w.WriteByte('\n')
		}
		return ast.WalkSkipChildren, nil
	}
	if entering {
		w.WriteString("<h")
		w.WriteByte("0123456"[n.Level])
		if n.Attributes() != nil {
			ghtml.RenderAttributes(w, node, ghtml.HeadingAttributeFilter)
		}
		w.WriteByte('>')
	} else {
		w.WriteString("</h")
		w.WriteByte("0123456"[n.Level])
		w.WriteString(">\n")
	}
	return ast.WalkContinue, nil
}

// hookTransformer runs the hooks of a document's nodes, innermost first:
// a heading's .Text holds the output of the link hook of a link in it.
type hookTransformer struct{}

func (hookTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st := stateOf(pc)
	if st == nil || len(st.r.opts.RenderHooks) == 0 || st.doc.idsOnly {
		return
	}
	src := reader.Source()
	type use struct {
		n       ast.Node
		hook    string // "codeblock-mermaid"
		ordinal int
	}
	var uses []use
	ordinals := map[string]int{}
	open := map[ast.Node]use{}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		hook, kind := st.hookOf(n, src)
		switch {
		case kind == "":
		case entering:
			// Counted whether a hook renders them or not, as in
			// Hugo, where every node of a kind has one.
			open[n] = use{n, hook, ordinals[kind]}
			ordinals[kind]++
		case hook != "":
			uses = append(uses, open[n])
		}
		return ast.WalkContinue, nil
	})
	for _, u := range uses {
		st.runHook(u.n, u.hook, u.ordinal, src)
	}
}

// hookOf is the hook that renders n ("codeblock-mermaid"), "" when the
// site has none for it, and the kind of node it is ("codeblock"), ""
// for a node no hook renders.
func (st *state) hookOf(n ast.Node, src []byte) (hook, kind string) {
	hooks := st.r.opts.RenderHooks
	has := func(names ...string) string {
		for _, name := range names {
			if _, ok := hooks[name]; ok {
				return name
			}
		}
		return ""
	}
	switch n := n.(type) {
	case *ast.Link:
		return has("link"), "link"
	case *ast.Image:
		return has("image"), "image"
	case *ast.Heading:
		return has("heading"), "heading"
	case *ast.FencedCodeBlock:
		if lang := string(fenceLanguage(n.Language(src))); lang != "" {
			return has("codeblock-"+lang, "codeblock"), "codeblock"
		}
		return has("codeblock"), "codeblock"
	case *callout:
		if n.alert {
			return has("blockquote-alert", "blockquote"), "blockquote"
		}
		return "", ""
	case *ast.Blockquote:
		return has("blockquote-regular", "blockquote"), "blockquote"
	case *east.Table:
		return has("table"), "table"
	}
	return "", ""
}

// hookPage is what every hook's context gives of the page: .Page,
// .PageInner, .Position and the template functions bound to the page.
type hookPage struct{ *shortcodeContext }

// PageInner is the page whose Markdown holds the node: .Page, or the
// page an included page's .RenderShortcodes brought in.
func (h hookPage) PageInner() *HugoPage { return h.Page() }

// linkContext is the dot of render-link.html and render-image.html.
type linkContext struct {
	hookPage
	Destination string // as written
	Title       string
	Text        template.HTML // rendered
	PlainText   string
	Ordinal     int
	IsBlock     bool // an image alone in its paragraph: false, as Hugo wraps it in one
	Attributes  map[string]any
}

// headingContext is the dot of render-heading.html.
type headingContext struct {
	hookPage
	Level      int
	Anchor     string // kb's id of the heading, which its table of contents links to
	Text       template.HTML
	PlainText  string
	Attributes map[string]any
}

// codeblockContext is the dot of render-codeblock[-<lang>].html.
type codeblockContext struct {
	hookPage
	Type       string // the language
	Inner      string // the code
	Attributes map[string]any
	Options    map[string]any
	Ordinal    int
}

// blockquoteContext is the dot of render-blockquote[-alert|-regular].html.
type blockquoteContext struct {
	hookPage
	Type       string // "alert" or "regular"
	AlertType  string // "note", "warning", ... in lower case
	AlertTitle template.HTML
	AlertSign  string // "+", "-" or ""
	Text       template.HTML
	Attributes map[string]any
	Ordinal    int
}

// tableContext is the dot of render-table.html: its header's rows and
// its body's, each a list of cells.
type tableContext struct {
	hookPage
	THead      [][]tableCell
	TBody      [][]tableCell
	Attributes map[string]any
	Ordinal    int
}

// tableCell is a cell of a table hook's row.
type tableCell struct {
	Alignment string // "left", "center", "right" or ""
	Text      template.HTML
}

// tableRows are the rows of a table, header or body, for its hook.
func (st *state) tableRows(n *east.Table, src []byte) (head, body [][]tableCell) {
	for r := n.FirstChild(); r != nil; r = r.NextSibling() {
		var row []tableCell
		for c := r.FirstChild(); c != nil; c = c.NextSibling() {
			cell, ok := c.(*east.TableCell)
			if !ok {
				continue
			}
			align := ""
			if cell.Alignment != east.AlignNone {
				align = cell.Alignment.String()
			}
			text, _ := st.hookText(cell, src, false)
			row = append(row, tableCell{Alignment: align, Text: text})
		}
		if _, header := r.(*east.TableHeader); header {
			head = append(head, row)
		} else {
			body = append(body, row)
		}
	}
	return head, body
}

// runHook runs hook for n and puts its output in n's place; a hook that
// fails leaves n to kb.
func (st *state) runHook(n ast.Node, hook string, ordinal int, src []byte) {
	h := st.r.opts.RenderHooks[hook]
	x := &shortcodeContext{Name: "render-" + hook, st: st, c: &call{start: offsetOf(n)}}
	page := hookPage{x}
	var data any
	switch n := n.(type) {
	case *ast.Link:
		text, plain := st.hookText(n, src, false)
		data = &linkContext{hookPage: page, Destination: st.writtenDest(n, n.Destination), Title: string(decode(n.Title)),
			Text: text, PlainText: plain, Ordinal: ordinal, Attributes: attributesOf(n)}
	case *ast.Image:
		text, plain := st.hookText(n, src, false)
		data = &linkContext{hookPage: page, Destination: st.writtenDest(n, n.Destination), Title: string(decode(n.Title)),
			Text: text, PlainText: plain, Ordinal: ordinal, Attributes: attributesOf(n)}
	case *ast.Heading:
		text, plain := st.hookText(n, src, false)
		anchor, _ := n.AttributeString("id")
		id, _ := anchor.([]byte)
		data = &headingContext{hookPage: page, Level: n.Level, Anchor: string(id), Text: text, PlainText: plain, Attributes: attributesOf(n, st.hookAttrs[n]...)}
	case *ast.FencedCodeBlock:
		var code strings.Builder
		for i := range n.Lines().Len() {
			seg := n.Lines().At(i)
			code.Write(seg.Value(src))
		}
		c := &codeblockContext{hookPage: page, Type: string(fenceLanguage(n.Language(src))), Inner: strings.TrimSuffix(code.String(), "\n"), Ordinal: ordinal}
		c.Attributes, c.Options = fenceAttributes(n, src)
		data = c
	case *callout:
		c := &blockquoteContext{hookPage: page, Type: "alert", AlertType: strings.ToLower(n.name), AlertSign: n.sign,
			AlertTitle: template.HTML(html.EscapeString(n.title)), Attributes: map[string]any{}, Ordinal: ordinal}
		if t, ok := n.FirstChild().(*calloutTitle); ok {
			c.AlertTitle, _ = st.hookText(t, src, false)
		}
		c.Text, _ = st.hookText(n, src, true)
		data = c
	case *east.Table:
		c := &tableContext{hookPage: page, Attributes: attributesOf(n), Ordinal: ordinal}
		c.THead, c.TBody = st.tableRows(n, src)
		data = c
	case *ast.Blockquote:
		text, _ := st.hookText(n, src, true)
		data = &blockquoteContext{hookPage: page, Type: "regular", Text: text, Attributes: map[string]any{}, Ordinal: ordinal}
	}
	out, err := st.executeHook(h, hook, x, data)
	if err != nil {
		failure := templateError(err)
		if lacksHugo(failure) {
			// The template's, the same on every page: printed once.
			d := diag.WarnAt(h.File, execLineOf(err), 0, "render hook %s: %s", path.Base(h.File), failure)
			st.diags = append(st.diags, d.Of(diag.Template).About("", 0, "kb renders the Markdown nodes that reach it itself: replace the template with one kb can run (README, Render hooks)"))
			return
		}
		line, col := st.lines.pos(x.c.start)
		st.hookFailed(h.File, failure, line, col)
		return
	}
	out = bytes.TrimSpace(out)
	switch n := n.(type) {
	case *ast.Heading:
		n.SetAttributeString(hookAttr, st.page.trusted.protect(out))
		return
	case *ast.Link, *ast.Image:
		out = st.hookLinks(n, out)
	}
	st.anchors = appendIDs(st.anchors, out)
	tok := st.page.trusted.protect(out)
	var stand ast.Node = &hookBlock{out: tok}
	if n.Type() == ast.TypeInline {
		stand = &hookInline{out: tok}
	}
	parent := n.Parent()
	parent.ReplaceChild(parent, n, stand)
	stand.AppendChild(stand, n)
}

// executeHook runs h with data; one that calls theme.PageFuncs runs as
// a clone bound to the page.
func (st *state) executeHook(h theme.RenderHook, hook string, x *shortcodeContext, data any) ([]byte, error) {
	if st.stopped() {
		return nil, st.doc.Context.Err()
	}
	tpl := h.Template
	if st.r.hooksCallPageFuncs[hook] {
		var err error
		if tpl, err = boundTo(tpl, x); err != nil {
			return nil, err
		}
	}
	x.running = tpl
	b := boundedOutput{steps: st.page.steps}
	err := tpl.Execute(&b, data)
	return b.Bytes(), err
}

// hookText is the children of n rendered, with their shortcodes' output,
// under the page's raw-HTML rules, and their plain text: a link's .Text,
// a quote's (blocks, its alert title left out).
func (st *state) hookText(n ast.Node, src []byte, blocks bool) (template.HTML, string) {
	var buf bytes.Buffer
	var pt plainWriter
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if _, title := c.(*calloutTitle); title && blocks {
			continue
		}
		_ = st.r.md.Renderer().Render(bufWriter{&buf}, src, c)
		if blocks {
			pt.block(c, src)
		} else {
			pt.inline(c, src)
		}
	}
	out := st.fill(buf.Bytes(), -1, false)
	if st.r.sanitizer != nil && st.rawHTML {
		out = st.r.sanitizer.clean(out)
	}
	return template.HTML(bytes.TrimSpace(st.page.trusted.expand(out))), string(pt.buf)
}

// writtenDest is a link's or image's destination as the writer wrote it,
// before kb resolved it: Hugo's .Destination.
func (st *state) writtenDest(n ast.Node, dest []byte) string {
	if i, ok := st.linkOf[n]; ok {
		return st.links[i].Dest
	}
	return string(dest)
}

// hookLinks resolves the href and src values a link or image hook wrote
// as kb resolves a Markdown destination (a .md file, a file beside the
// page, a site path) and records them, at the node's line, in place of
// the destination as written: what the reader follows is what is
// checked. Without one, the node's link is no longer recorded.
func (st *state) hookLinks(n ast.Node, out []byte) []byte {
	i, recorded := st.linkOf[n]
	if !recorded {
		return out
	}
	at := st.links[i]
	st.links[i].gone = true
	var edited []byte
	last := 0
	for _, m := range htmlLinkAttr.FindAllSubmatchIndex(out, -1) {
		vs, ve := m[4], m[5]
		if vs < 0 {
			vs, ve = m[6], m[7]
		}
		attr := strings.ToLower(string(out[m[2]:m[3]]))
		if attr != "href" && attr != "src" {
			continue
		}
		value := html.UnescapeString(string(out[vs:ve]))
		l := Link{Dest: value, URL: value, Line: at.Line, Col: at.Col, Image: attr == "src"}
		if resolve := rawHTMLResolver(st.doc, []byte(value)); resolve != nil {
			u, ok := resolve(value)
			l.URL, l.Broken = u, !ok
		}
		st.links = append(st.links, l)
		if l.URL != value {
			edited = append(edited, out[last:vs]...)
			edited = append(edited, html.EscapeString(l.URL)...)
			last = ve
		}
	}
	if edited == nil {
		return out
	}
	return append(edited, out[last:]...)
}

// attributesOf is a node's Markdown attributes ({.class #id}), but its
// id, which headings give as .Anchor, and more that only its hook reads.
func attributesOf(n ast.Node, more ...ast.Attribute) map[string]any {
	attrs := map[string]any{}
	for _, a := range slices.Concat(n.Attributes(), more) {
		name := string(a.Name)
		if name == "id" || name == hookAttr {
			continue
		}
		if v, ok := a.Value.([]byte); ok {
			attrs[name] = string(v)
		} else {
			attrs[name] = a.Value
		}
	}
	return attrs
}

// fenceAttributes are the attributes a fence's info string gives after
// its language, as Hugo splits them: the highlighting options, named as
// written, and the others, named in lower case. Event handlers are left
// out, as Hugo leaves them.
func fenceAttributes(n *ast.FencedCodeBlock, src []byte) (attrs, options map[string]any) {
	attrs, options = map[string]any{}, map[string]any{}
	if n.Info == nil {
		return attrs, options
	}
	info := n.Info.Segment.Value(src)
	open := bytes.IndexByte(info, '{')
	if open < 0 {
		return attrs, options
	}
	parsed, ok := parser.ParseAttributes(text.NewReader(info[open:]))
	if !ok {
		return attrs, options
	}
	for _, a := range parsed {
		name := string(a.Name)
		lower := strings.ToLower(name)
		switch {
		case strings.HasPrefix(lower, "on"):
		case highlightOptions[lower]:
			options[name] = attributeValue(a.Value)
		default:
			attrs[lower] = attributeValue(a.Value)
		}
	}
	return attrs, options
}

// highlightOptions are the fence attributes Hugo gives its highlighter,
// in lower case.
var highlightOptions = map[string]bool{"anchorlinenos": true, "guesssyntax": true, "hl_lines": true, "hl_inline": true, "lineanchors": true,
	"linenos": true, "linenostart": true, "linenumbersintable": true, "noclasses": true, "style": true, "tabwidth": true}

// attributeValue is a parsed attribute's value as templates read it:
// text as a string, in a list too; numbers and true/false as parsed.
func attributeValue(v any) any {
	switch v := v.(type) {
	case []byte:
		return string(v)
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = attributeValue(e)
		}
		return out
	}
	return v
}

// lacksHugo reports whether a failure (templateError) says a template
// reached a Hugo function, a field or a partial that kb or the site does
// not have: the template's problem, not the page's.
func lacksHugo(failure string) bool {
	return strings.Contains(failure, "a Hugo function kb does not have") || strings.Contains(failure, "kb gives shortcode templates no ") ||
		strings.Contains(failure, "can't evaluate field ") || missingPartial.MatchString(failure)
}

// missingPartial is partial's failure for a partial the site lacks.
var missingPartial = regexp.MustCompile(`^partial "[^"]*" is in none of `)

// hookFailure is a render hook that failed on a page: one warning per
// hook file and failure, at its first node's line.
type hookFailure struct {
	file, failure string
	line, col     int
	count         int
}

func (st *state) hookFailed(file, failure string, line, col int) {
	for i := range st.page.hookFailures {
		if f := &st.page.hookFailures[i]; f.file == file && f.failure == failure {
			f.count++
			return
		}
	}
	st.page.hookFailures = append(st.page.hookFailures, hookFailure{file: file, failure: failure, line: line, col: col, count: 1})
}

// hookDiagnostics are the warnings about the hooks that failed on a page.
func (p *pageShared) hookDiagnostics(file string) []diag.Diagnostic {
	var ds []diag.Diagnostic
	for _, f := range p.hookFailures {
		subject := fmt.Sprintf("render hook %s fails: %s", f.file, f.failure)
		uses := "this node"
		if f.count > 1 {
			uses = fmt.Sprintf("these %d nodes", f.count)
		}
		d := diag.WarnAt(file, f.line, f.col, "%s: kb renders %s itself", subject, uses)
		ds = append(ds, d.Of(diag.Template).About(subject, f.count, "fix the template, or replace it with one kb can run (README, Render hooks)"))
	}
	return ds
}
