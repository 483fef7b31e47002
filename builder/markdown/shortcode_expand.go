package markdown

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"html"
	"html/template"
	"io/fs"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"kb/builder/config"
	"kb/builder/content"
	"kb/builder/diag"
	"kb/builder/theme"
)

// What a shortcode becomes. Before the real parse, each top-level shortcode
// use (a paired one with its inner content) is replaced in a copy of the
// source by a placeholder of exactly the same length and no line break, so
// every position after it is unchanged and the Markdown around it keeps
// its structure: no indentation is left behind. The placeholder is a
// private-use character, the call's number and filler letters; a
// transformer turns it into a node. A paired shortcode's inner Markdown is
// rendered on its own, with positions mapped back into the file.
//
// A shortcode is then, in this order: what site.toml's [shortcodes] says
// ("inner" keeps the inner content, "drop" removes all), the theme's
// template layouts/shortcodes/<name>.html, or, unknown, its inner content
// with one warning per name. A template's markup is trusted, what
// writers put in it is not (trusted.go).

// marker starts a placeholder (U+E000, private use: never in real text, and
// allowed in a link destination, so [x]({{< ref "y" >}}) stays a link).
const marker = "\uE000"

// maxShortcodeDepth bounds shortcodes nested in shortcodes' inner content.
const maxShortcodeDepth = 16

// maxShortcodeRuns bounds the shortcode templates one page runs. Depth
// alone does not bound them: a template that renders a writer's text
// holding calls of itself (.RawContent or a parameter through
// markdownify) runs once per call at every level, k^depth times.
const maxShortcodeRuns = 10000

// maxRerendered bounds the bytes of Markdown one page's templates render
// again (markdownify, RenderString, .RenderShortcodes, includes, a
// {{% %}} template's output). The run cap alone does not bound the time:
// 10000 runs that each render a 1 MB page's .RawContent take minutes.
const maxRerendered = 64 << 20

// Shortcode actions of site.toml's [shortcodes] table.
const (
	ShortcodeInner = "inner" // keep the inner content, no warning
	ShortcodeDrop  = "drop"  // remove the shortcode and its inner content
)

// placeholders returns a copy of src with each call replaced by its
// placeholder: marker, index, then 'z' up to the call's length.
func placeholders(src []byte, calls []*call) []byte {
	out := slices.Clone(src)
	for i, c := range calls {
		p := out[c.start:c.end]
		id := marker + strconv.Itoa(i)
		if len(id)+1 > len(p) {
			id = marker // too short to hold its index: found by its offset
		}
		copy(p, id)
		for j := len(id); j < len(p); j++ {
			p[j] = 'z'
		}
	}
	return out
}

// placeholderAt parses a placeholder at b[i:] and returns the call's index
// and the placeholder's length, or -1.
func placeholderAt(b []byte, i int, calls []*call, offset int) (int, int) {
	if !bytes.HasPrefix(b[i:], []byte(marker)) {
		return -1, 0
	}
	j := i + len(marker)
	k := j
	for k < len(b) && '0' <= b[k] && b[k] <= '9' {
		k++
	}
	idx, err := strconv.Atoi(string(b[j:k]))
	if err != nil || idx >= len(calls) {
		// A placeholder too short for its index, found by its offset.
		idx = slices.IndexFunc(calls, func(c *call) bool { return c.start == offset+i })
		if idx < 0 {
			return -1, 0
		}
	}
	c := calls[idx]
	n := c.end - c.start
	if i+n > len(b) {
		return -1, 0
	}
	return idx, n
}

// shortcodeNode is a shortcode used inside a paragraph, heading or link text.
type shortcodeNode struct {
	ast.BaseInline
	html []byte
	text string // for search and heading ids
}

// shortcodeBlock is a shortcode alone in its paragraph.
type shortcodeBlock struct {
	ast.BaseBlock
	html []byte
	text string
}

var (
	kindShortcode      = ast.NewNodeKind("Shortcode")
	kindShortcodeBlock = ast.NewNodeKind("ShortcodeBlock")
)

func (n *shortcodeNode) Kind() ast.NodeKind          { return kindShortcode }
func (n *shortcodeNode) Dump(src []byte, level int)  { ast.DumpHelper(n, src, level, nil, nil) }
func (n *shortcodeBlock) Kind() ast.NodeKind         { return kindShortcodeBlock }
func (n *shortcodeBlock) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }
func (n *shortcodeBlock) IsRaw() bool                { return true }
func (shortcodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindShortcode, renderShortcode)
	reg.Register(kindShortcodeBlock, renderShortcode)
}

// shortcodeRenderer writes shortcode output, already sanitized, as is.
type shortcodeRenderer struct{}

func renderShortcode(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	switch n := n.(type) {
	case *shortcodeNode:
		_, _ = w.Write(n.html)
	case *shortcodeBlock:
		_, _ = w.Write(n.html)
		_ = w.WriteByte('\n')
	}
	return ast.WalkSkipChildren, nil
}

// shortcodeTransformer replaces placeholders by shortcode nodes and runs
// the shortcodes. It runs first, so links, headings and raw HTML see the
// result.
type shortcodeTransformer struct{}

func (shortcodeTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st := stateOf(pc)
	if st == nil || len(st.calls) == 0 {
		return
	}
	src := reader.Source()
	var texts []*ast.Text
	var dests []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Text:
			if bytes.Contains(n.Segment.Value(src), []byte(marker)) {
				texts = append(texts, n)
			}
		case *ast.Link:
			if bytes.Contains(n.Destination, []byte(marker)) {
				dests = append(dests, n)
			}
		case *ast.Image:
			if bytes.Contains(n.Destination, []byte(marker)) {
				dests = append(dests, n)
			}
		}
		return ast.WalkContinue, nil
	})

	// Link destinations: [text]({{< ref "x" >}}).
	for _, n := range dests {
		switch n := n.(type) {
		case *ast.Link:
			n.Destination = st.fill(n.Destination, -1, true)
		case *ast.Image:
			n.Destination = st.fill(n.Destination, -1, true)
		}
		st.resolved[n] = true
	}

	// Text: split at each placeholder.
	type use struct {
		node *shortcodeNode
		call *call
	}
	var uses []use
	for _, t := range texts {
		parent := t.Parent()
		seg := t.Segment
		v := seg.Value(src)
		from := 0
		for i := 0; i < len(v); {
			idx, n := placeholderAt(v, i, st.calls, seg.Start)
			if idx < 0 {
				i++
				continue
			}
			if i > from {
				parent.InsertBefore(parent, t, ast.NewTextSegment(text.NewSegment(seg.Start+from, seg.Start+i)))
			}
			sn := &shortcodeNode{}
			parent.InsertBefore(parent, t, sn)
			uses = append(uses, use{sn, st.calls[idx]})
			i += n
			from = i
		}
		t.Segment = seg.WithStart(seg.Start + from)
		if t.Segment.Len() == 0 && !t.SoftLineBreak() && !t.HardLineBreak() {
			parent.RemoveChild(parent, t)
		}
	}

	// A shortcode on a line of its own in a paragraph is a block: the
	// paragraph is split around it; so is one inside a paragraph whose
	// output is a block (a video link's <p>), which a <p> cannot hold.
	// Others are inline.
	block := map[*shortcodeNode]*call{}
	var paras []ast.Node
	seen := map[ast.Node]bool{}
	for _, u := range uses {
		p := u.node.Parent()
		inParagraph := p.Kind() == ast.KindParagraph || p.Kind() == ast.KindTextBlock
		own := inParagraph && ownLine(u.node, src)
		var h []byte
		var txt string
		if !own {
			h, txt = st.run(u.call, true)
		}
		if own || inParagraph && startsWithBlock(st.page.trusted.expand(h)) {
			block[u.node] = u.call
			if !seen[p] {
				seen[p] = true
				paras = append(paras, p)
			}
			continue
		}
		u.node.html, u.node.text = st.page.trusted.protect(h), txt
		if u.call.open.jsx != "" && !content.IsMDX(st.doc.File) {
			// A component in a VitePress page is no text of its heading's
			// id nor of the outline: "## useData <Badge text="composable" />"
			// is #usedata there.
			u.node.text = ""
		}
		// Nothing at the start of a paragraph: no space either.
		if t, ok := u.node.NextSibling().(*ast.Text); ok && len(u.node.html) == 0 && u.node.PreviousSibling() == nil {
			t.Segment = t.Segment.TrimLeftSpace(src)
		}
	}
	for _, p := range paras {
		st.splitParagraph(p, block, src)
	}
}

// ownLine reports whether a shortcode has a line of its paragraph to
// itself (inside a quote or list item too).
func ownLine(n ast.Node, src []byte) bool {
	prev := n.PreviousSibling()
	if t, ok := prev.(*ast.Text); ok && len(bytes.TrimSpace(t.Segment.Value(src))) == 0 && !t.SoftLineBreak() && !t.HardLineBreak() {
		prev = prev.PreviousSibling()
	}
	if prev != nil {
		t, ok := prev.(*ast.Text)
		if !ok || !t.SoftLineBreak() && !t.HardLineBreak() {
			return false
		}
	}
	next := n.NextSibling()
	if next == nil {
		return true
	}
	t, ok := next.(*ast.Text)
	return ok && len(bytes.TrimSpace(t.Segment.Value(src))) == 0 && (t.SoftLineBreak() || t.HardLineBreak() || t.NextSibling() == nil)
}

// splitParagraph replaces the block shortcodes of a paragraph by blocks,
// with the inline content around them in paragraphs of their own.
func (st *state) splitParagraph(p ast.Node, block map[*shortcodeNode]*call, src []byte) {
	parent := p.Parent()
	var pending []ast.Node
	flush := func() {
		if !onlyBlank(pending, src) {
			// Text before a block split out of its line ends there.
			if t, ok := pending[len(pending)-1].(*ast.Text); ok {
				t.Segment = t.Segment.TrimRightSpace(src)
			}
			var container ast.Node = ast.NewParagraph()
			if p.Kind() == ast.KindTextBlock {
				container = ast.NewTextBlock()
			}
			for _, n := range pending {
				container.AppendChild(container, n)
			}
			parent.InsertBefore(parent, p, container)
		}
		pending = pending[:0]
	}
	for c := p.FirstChild(); c != nil; {
		next := c.NextSibling()
		sn, ok := c.(*shortcodeNode)
		if ok && block[sn] != nil {
			flush()
			p.RemoveChild(p, c)
			out, txt := st.run(block[sn], false)
			if out = bytes.TrimSpace(out); len(out) > 0 {
				// out may open with a nested shortcode's token: its output says.
				if !startsWithBlock(st.page.trusted.expand(out)) {
					out = slices.Concat([]byte("<p>"), out, []byte("</p>"))
				}
				parent.InsertBefore(parent, p, &shortcodeBlock{html: st.page.trusted.protect(out), text: txt})
			}
		} else {
			pending = append(pending, c)
		}
		c = next
	}
	if onlyBlank(pending, src) {
		parent.RemoveChild(parent, p)
		return
	}
	// The rest stays in p, without the line break left at its start.
	for c := p.FirstChild(); c != nil && onlyBlank([]ast.Node{c}, src); c = p.FirstChild() {
		p.RemoveChild(p, c)
	}
	if t, ok := p.FirstChild().(*ast.Text); ok {
		t.Segment = t.Segment.TrimLeftSpace(src)
	}
}

// onlyBlank reports whether inline nodes hold no text at all.
func onlyBlank(ns []ast.Node, src []byte) bool {
	for _, n := range ns {
		t, ok := n.(*ast.Text)
		if !ok || len(bytes.TrimSpace(t.Segment.Value(src))) > 0 {
			return false
		}
	}
	return true
}

// blockTags are elements that make a shortcode's output a block of its own.
var blockTags = [...]string{"address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset",
	"figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "nav", "ol", "p",
	"pre", "section", "table", "ul", "video", "audio", "picture"}

func startsWithBlock(b []byte) bool {
	b = bytes.TrimLeft(b, " \t\n")
	if len(b) < 2 || b[0] != '<' {
		return false
	}
	for _, t := range blockTags {
		if hasPrefixFold(b[1:], t) && len(b) > len(t)+1 {
			switch b[len(t)+1] {
			case '>', ' ', '\t', '\n', '/':
				return true
			}
		}
	}
	return false
}

// literalsInCode turns Hugo's {{</* x */>}} into {{< x >}} in rendered code
// blocks and spans, where shortcodes are not read: it is how Hugo sites
// show a shortcode's use in a code sample.
var literalsInCode = strings.NewReplacer("{{&lt;/*", "{{&lt;", "*/&gt;}}", "&gt;}}", "{{%/*", "{{%", "*/%}}", "%}}")

func hasLiterals(src []byte) bool {
	return bytes.Contains(src, []byte("{{</*")) || bytes.Contains(src, []byte("{{%/*"))
}

// fill replaces the placeholders left in rendered bytes (raw HTML, link
// titles and destinations) by their shortcodes' output; as text (tags
// removed, entities decoded) when asText.
func (st *state) fill(b []byte, offset int, asText bool) []byte {
	if !bytes.Contains(b, []byte(marker)) {
		return b
	}
	var out []byte
	from := 0
	for i := 0; i < len(b); {
		idx, n := placeholderAt(b, i, st.calls, offset)
		if idx < 0 {
			i++
			continue
		}
		out = append(out, b[from:i]...)
		h, txt := st.run(st.calls[idx], true)
		if asText {
			out = append(out, txt...)
		} else {
			out = append(out, st.page.trusted.expand(h)...)
		}
		i += n
		from = i
	}
	return append(out, b[from:]...)
}

// run executes a call once; later uses of the same call (a placeholder seen
// twice) get the same output.
func (st *state) run(c *call, inline bool) ([]byte, string) {
	if r, ok := st.results[c]; ok {
		return r.html, r.text
	}
	h, txt := st.execute(c, inline)
	st.results[c] = callResult{h, txt}
	return h, txt
}

// shortcodeName is the name a shortcode written as name runs under: as
// written when kb has a template or a [shortcodes] action for it, else in
// lower case when that has one, since Hugo finds shortcode templates in
// any letter case ({{< relRef >}} runs relref).
func (r *Renderer) shortcodeName(name string) string {
	if _, ok := r.opts.ShortcodeActions[name]; ok || r.opts.Shortcodes[name] != nil {
		return name
	}
	lower := strings.ToLower(name)
	if _, ok := r.opts.ShortcodeActions[lower]; ok || r.opts.Shortcodes[lower] != nil {
		return lower
	}
	return name
}

type callResult struct {
	html []byte
	text string
}

// execute runs one shortcode: [shortcodes] action, template, or unknown.
func (st *state) execute(c *call, inline bool) ([]byte, string) {
	r := st.r
	name := r.shortcodeName(c.open.name)
	if c.literal {
		return []byte(html.EscapeString(string(c.open.args))), string(c.open.args)
	}
	if c.stray {
		if c.open.jsx != "" {
			st.tally(c, "closing tag </%s> without an opening one was removed")
		} else {
			st.tally(c, "closing tag of shortcode %q without an opening one was removed")
		}
		return nil, ""
	}
	for _, attr := range c.dropped {
		line, col := st.lines.pos(c.start)
		msg := fmt.Sprintf("attribute %q is a JavaScript expression, which kb does not run: left out; write it as %s=\"value\"", attr, attr)
		if strings.HasPrefix(attr, "...") {
			msg = fmt.Sprintf("{%s} gives attributes that only JavaScript knows: left out; write each as name=\"value\"", attr)
		}
		st.diags = append(st.diags, diag.WarnAt(st.doc.File, line, col, "component <%s>: %s", c.open.jsx, msg).Of(diag.Shortcode))
	}
	inner := func() ([]byte, string) {
		if !c.paired {
			return nil, ""
		}
		return st.fragment(c.inner, inline)
	}
	if p, ok := st.partials[c.open.jsx]; ok && c.open.jsx != "" {
		return st.renderPartial(c, p)
	}
	switch r.opts.ShortcodeActions[name] {
	case ShortcodeDrop:
		return nil, ""
	case ShortcodeInner:
		return inner()
	}
	if r.opts.Shortcodes[name] == nil {
		st.tally(c, "")
		return inner()
	}
	if st.stopped() {
		return nil, ""
	}
	if st.page.shortcodeRuns++; st.page.shortcodeRuns > maxShortcodeRuns {
		st.tooManyRuns(name, c)
		return nil, ""
	}
	hugo, isHugo := r.opts.HugoShortcodes[name]
	ctx := &shortcodeContext{Name: name, st: st, c: c, inline: inline,
		IsNamedParams: c.named != nil, markdown: isHugo && !hugo.FirstRules && c.open.percent}
	ctx.Params = c.positional
	if c.named != nil {
		ctx.Params = c.named
	}
	if c.paired {
		ctx.RawInner = trimInner(st.orig[c.inner.start:c.inner.end])
	}
	out, err := st.executeTemplate(name, ctx)
	if failed, ok := errors.AsType[*hugoFailure](err); ok {
		st.tallyFailure(name, c, failed.file, templateError(failed.err))
		in := ctx.rendered()
		return in.html, in.text
	}
	if err != nil {
		if errors.Is(err, theme.ErrTooManySteps) && st.page.stepsReported {
			return nil, "" // the page's budget is spent: said once
		}
		st.page.stepsReported = st.page.stepsReported || errors.Is(err, theme.ErrTooManySteps)
		line, col := st.lines.pos(c.start)
		st.diags = append(st.diags, diag.At(st.doc.File, line, col, "shortcode %q: %v", name, templateError(err)))
		return nil, ""
	}
	if ctx.markdown {
		h := ctx.renderMarkdownOutput(out, ctx.own)
		return h, htmlText(st.page.trusted.expand(h))
	}
	// The owner's markup stays as written (see trusted.go).
	out = bytes.TrimSpace(out)
	st.anchors = appendIDs(st.anchors, out)
	return out, htmlText(out)
}

// tooManyRuns reports, once per page, the call past maxShortcodeRuns,
// which with every later one is left out.
func (st *state) tooManyRuns(name string, c *call) {
	if st.page.shortcodeRuns > maxShortcodeRuns+1 {
		return
	}
	line, col := st.lines.pos(c.start)
	st.diags = append(st.diags, diag.At(st.doc.File, line, col,
		"shortcode %q: the page runs more than %d shortcodes, so this one and those after it are left out: a template renders text that calls it again (.RawContent, or a parameter holding shortcodes, through markdownify or RenderString); take the shortcode calls out of that text",
		name, maxShortcodeRuns))
}

// mayRerender charges n bytes of Markdown x's template renders again to
// the page's budget (maxRerendered); past it, the render is refused,
// reported once per page at the shortcode's line. Nothing renders once
// the build is cancelled.
func (x *shortcodeContext) mayRerender(n int, fn string) bool {
	if x.st.stopped() {
		return false
	}
	page := x.st.page
	if page.rerendered += n; page.rerendered <= maxRerendered {
		return true
	}
	if !page.rerenderRefused {
		page.rerenderRefused = true
		line, col := x.st.lines.pos(x.c.start)
		x.st.diags = append(x.st.diags, diag.At(x.st.doc.File, line, col,
			"shortcode %q: %s: the page's templates render more than %d MiB of Markdown again, so this text and those after it are left out: a template renders a long text (.RawContent, a long parameter) many times; render it once, or take the shortcode calls out of that text",
			x.Name, fn, maxRerendered>>20))
	}
	return false
}

// tally counts a use of a shortcode without a template, for one warning per
// name with the line of its first use.
func (st *state) tally(c *call, format string) {
	name := c.open.name
	if format != "" {
		name = "/" + name
	}
	for i := range st.unknown.uses {
		if u := &st.unknown.uses[i]; u.name == name {
			u.count++
			u.paired = u.paired || c.paired
			return
		}
	}
	line, col := st.lines.pos(c.start)
	st.unknown.uses = append(st.unknown.uses, unknownUse{name: name, jsx: c.open.jsx, line: line, col: col, count: 1, format: format, paired: c.paired})
}

// tallyFailure counts a use of a shortcode whose template, written for
// Hugo, failed on it, for one warning per name and error with the line of
// its first use.
func (st *state) tallyFailure(name string, c *call, file, failure string) {
	for i := range st.unknown.uses {
		if u := &st.unknown.uses[i]; u.name == name && u.failure == failure {
			u.count++
			return
		}
	}
	line, col := st.lines.pos(c.start)
	st.unknown.uses = append(st.unknown.uses, unknownUse{name: name, line: line, col: col, count: 1, paired: c.paired, template: file, failure: failure})
}

// executeTemplate runs the template of shortcode name. Where one written
// for Hugo fails, kb's of that name runs instead, with a warning, and
// writes HTML; with none, the error is a *hugoFailure: the caller shows
// the inner content. A template that writes Markdown (ctx.markdown) has
// the ranges it wrote from its own text put in ctx.own.
func (st *state) executeTemplate(name string, ctx *shortcodeContext) ([]byte, error) {
	b := boundedOutput{record: ctx.markdown, steps: st.page.steps}
	tpl, err := st.r.shortcodeTemplate(name, ctx)
	hugo, isHugo := st.r.opts.HugoShortcodes[name]
	if err == nil {
		if isHugo {
			ctx.running = tpl // its file may define the partials it calls, as Hugo docs' img does
		}
		err = tpl.Execute(&b, ctx)
	}
	if err == nil && ctx.markdown {
		ctx.own = ownText(tpl, b.writes)
	}
	if err == nil || !isHugo {
		return b.Bytes(), err
	}
	if hugo.Else == nil {
		return nil, &hugoFailure{hugo.File, err}
	}
	st.diags = append(st.diags, replaced(hugo, name, err))
	b = boundedOutput{steps: st.page.steps}
	ctx.markdown = false
	if tpl, err = bindPageFuncs(hugo.Else, ctx); err == nil {
		err = tpl.Execute(&b, ctx)
	}
	return b.Bytes(), err
}

// maxShortcodeOutput bounds what one shortcode's template writes, so that
// a loop a writer's argument sets going ({{ range int (.Get "n") }})
// ends, with the template's failure, before the build machine's memory.
const maxShortcodeOutput = 16 << 20

// boundedOutput is a template's output, refused past maxShortcodeOutput,
// past the page's range steps or once the build is cancelled (steps);
// when it records, with its writes.
type boundedOutput struct {
	bytes.Buffer
	record bool
	writes []writeRecord
	steps  *theme.Steps
}

func (o *boundedOutput) Write(p []byte) (int, error) {
	if err := o.steps.Take(p); err != nil {
		return 0, err
	}
	if o.Len()+len(p) > maxShortcodeOutput {
		return 0, fmt.Errorf("the template writes more than %d MiB", maxShortcodeOutput>>20)
	}
	if o.record && len(p) > 0 {
		o.writes = append(o.writes, writeRecord{o.Len(), o.Len() + len(p), &p[0]})
	}
	return o.Buffer.Write(p)
}

// hugoFailure is the error of a template written for Hugo, in file, that
// failed on a page where kb has no template of its own to run instead.
type hugoFailure struct {
	file string
	err  error
}

func (f *hugoFailure) Error() string { return f.err.Error() }

// unknownShortcodes collects shortcodes without a template, or whose
// template written for Hugo failed, across a page and the inner content
// of its shortcodes.
type unknownShortcodes struct{ uses []unknownUse }

type unknownUse struct {
	name      string
	jsx       string // an MDX component's name as written
	line, col int
	count     int
	format    string
	paired    bool   // some use had inner content, which was kept
	template  string // the template that failed on it, with failure
	failure   string
}

func (u *unknownShortcodes) diagnostics(file string, dirs []string, unrunnable map[string]string) []diag.Diagnostic {
	ds := make([]diag.Diagnostic, 0, len(u.uses))
	for _, x := range u.uses {
		if x.format != "" {
			d := diag.WarnAt(file, x.line, x.col, x.format, cmp.Or(x.jsx, strings.TrimPrefix(x.name, "/")))
			ds = append(ds, d.Of(diag.Shortcode).About(d.Msg, x.count, ""))
			continue
		}
		plural := "s"
		if x.count == 1 {
			plural = ""
		}
		removed := "removed"
		if x.paired {
			removed = "removed, inner text kept"
		}
		if x.failure != "" {
			subject := fmt.Sprintf("shortcode %q: its template %s fails: %s", x.name, x.template, x.failure)
			fix := fmt.Sprintf("replace the template with one kb can run (README, Shortcodes), or set [shortcodes] %s = \"inner\" or \"drop\" in site.toml", config.TOMLKey(x.name))
			ds = append(ds, diag.WarnAt(file, x.line, x.col, "%s: %s (%d use%s)", subject, removed, x.count, plural).
				Of(diag.Shortcode).About(subject, x.count, fix))
			continue
		}
		subject := fmt.Sprintf("shortcode %q has no template", x.name)
		if x.jsx != "" {
			subject = fmt.Sprintf("component <%s> has no template", x.jsx)
		}
		fix := fmt.Sprintf("add %s, or set [shortcodes] %s = \"inner\" or \"drop\" in site.toml", templatePlaces(dirs, x.name), config.TOMLKey(x.name))
		if why := unrunnable[x.name]; why != "" && x.jsx == "" {
			subject = fmt.Sprintf("shortcode %q has no template kb can run", x.name)
			fix = fmt.Sprintf("replace %s with a template kb can run (README, Shortcodes), or set [shortcodes] %s = \"inner\" or \"drop\" in site.toml", why, config.TOMLKey(x.name))
		}
		if a := adviceFor(x.name); a != "" {
			fix = a + "; or " + fix
		}
		ds = append(ds, diag.WarnAt(file, x.line, x.col, "%s: %s (%d use%s)", subject, removed, x.count, plural).
			Of(diag.Shortcode).About(subject, x.count, fix))
	}
	return ds
}

// templatePlaces names the files a shortcode's template may be: the first
// of dirs, then the others in brackets.
func templatePlaces(dirs []string, name string) string {
	if len(dirs) == 0 {
		dirs = []string{"layouts/shortcodes"}
	}
	s := dirs[0] + "/" + name + ".html"
	if len(dirs) > 1 {
		var rest []string
		for _, d := range dirs[1:] {
			rest = append(rest, d+"/"+name+".html")
		}
		s += " (or " + strings.Join(rest, " or ") + ")"
	}
	return s
}

// fragment renders a call's inner Markdown on its own, positions mapped
// into the file, and adds its links, headings and findings to the page's.
// Inline, a single paragraph is rendered without its <p>.
func (st *state) fragment(in region, inline bool) ([]byte, string) {
	return st.fragmentUnder(nil, in, inline)
}

// fragmentUnder is fragment for the inner content of parent, which the
// shortcodes in it see as their .Parent.
func (st *state) fragmentUnder(parent *shortcodeContext, in region, inline bool) ([]byte, string) {
	if st.depth >= maxShortcodeDepth || st.stopped() {
		return nil, ""
	}
	r := st.r
	child := func() *state {
		c := st.child(in.start)
		c.parent = parent
		return c
	}
	sub := child()
	root, src := r.parseShortcodes(st.orig[in.start:in.end], sub)
	root, src, sub = r.resolveRawHTMLLinks(root, src, sub, child)
	nodes := root
	if inline && root.ChildCount() == 1 && root.FirstChild().Kind() == ast.KindParagraph {
		nodes = root.FirstChild()
	}
	var buf bytes.Buffer
	pt := plainWriter{}
	for n := nodes.FirstChild(); n != nil; n = n.NextSibling() {
		_ = r.md.Renderer().Render(bufWriter{&buf}, src, n)
		if nodes == root {
			pt.block(n, src)
		} else {
			pt.inline(n, src)
		}
	}
	out := sub.fill(buf.Bytes(), 0, false)
	if r.sanitizer != nil && sub.rawHTML {
		// A writer's raw HTML, which the owner's template around it
		// carries past the page's allowlist.
		out = r.sanitizer.clean(out)
	}
	st.links = append(st.links, sub.links...)
	st.diags = append(st.diags, sub.diags...)
	st.fragHeadings = append(st.fragHeadings, sub.headings...)
	st.fragHeadings = append(st.fragHeadings, sub.fragHeadings...)
	st.anchors = append(st.anchors, sub.anchors...)
	return bytes.TrimSpace(out), string(pt.buf)
}

// trimInner drops the line break after an opening tag and the spacing
// before a closing one, as code in highlight shortcodes is written.
func trimInner(b []byte) string {
	s := string(b)
	s = strings.TrimPrefix(s, "\r")
	s = strings.TrimPrefix(s, "\n")
	if i := strings.LastIndexByte(s, '\n'); i >= 0 && strings.TrimSpace(s[i:]) == "" {
		s = s[:i]
	}
	return s
}

// appendIDs adds the id attributes of a template's output: anchors that
// links may point at (a glossary's <dt id="def-AIA">).
func appendIDs(ids []string, b []byte) []string {
	for {
		i := bytes.Index(b, []byte(` id="`))
		if i < 0 {
			return ids
		}
		b = b[i+5:]
		j := bytes.IndexByte(b, '"')
		if j < 0 {
			return ids
		}
		if j > 0 {
			ids = append(ids, html.UnescapeString(string(b[:j])))
		}
		b = b[j:]
	}
}

// inlineTags do not separate words in htmlText.
var inlineTags = map[string]bool{"a": true, "abbr": true, "b": true, "bdi": true, "bdo": true, "cite": true,
	"code": true, "del": true, "dfn": true, "em": true, "i": true, "ins": true, "kbd": true, "mark": true,
	"q": true, "s": true, "samp": true, "small": true, "span": true, "strong": true, "sub": true, "sup": true,
	"time": true, "u": true, "var": true}

// HTMLText is the text of an HTML fragment, on one line, entities read
// (a description written as HTML, as Zendesk keeps them).
func HTMLText(s string) string { return htmlText([]byte(s)) }

// htmlText is the text of an HTML fragment, for search and heading ids.
func htmlText(b []byte) string {
	var out strings.Builder
	for len(b) > 0 {
		i := bytes.IndexByte(b, '<')
		if i < 0 {
			out.Write(b)
			break
		}
		out.Write(b[:i])
		j := bytes.IndexByte(b[i:], '>')
		if j < 0 {
			break
		}
		name := bytes.TrimPrefix(b[i+1:i+j], []byte("/"))
		if k := bytes.IndexAny(name, " \t\n/"); k >= 0 {
			name = name[:k]
		}
		lower := string(bytes.ToLower(name))
		if !inlineTags[lower] {
			out.WriteByte(' ')
		}
		b = b[i+j+1:]
		if lower == "script" || lower == "style" {
			// Code, not text: skipped to its closing tag.
			end := bytes.Index(bytes.ToLower(b), []byte("</"+lower))
			if end < 0 {
				break
			}
			b = b[end:]
		}
	}
	return strings.Join(strings.Fields(html.UnescapeString(out.String())), " ")
}

// templateError trims html/template's "template: name:1:2: executing ..."
// prefix to the part a site owner can act on.
func templateError(err error) string {
	if p, ok := errors.AsType[*partialError](err); ok {
		return p.Error() // it names the partial's file and line
	}
	msg := err.Error()
	// Hugo's errorf is the template's own message to the writer: it
	// alone says what went wrong.
	if _, said, ok := strings.Cut(msg, "error calling errorf: "); ok {
		return "it says: " + said
	}
	// A range past its bound: the function is kb's, not the template's.
	if _, said, ok := strings.Cut(msg, "error calling "+theme.RangeSteps+": "); ok {
		return said
	}
	// The page's templates past their budget, wherever it ran out.
	if errors.Is(err, theme.ErrTooManySteps) {
		return theme.ErrTooManySteps.Error()
	}
	if _, after, ok := strings.Cut(msg, "executing "); ok {
		msg = after
		if q, err := strconv.QuotedPrefix(msg); err == nil {
			msg = strings.TrimPrefix(msg[len(q):], " ") // the template's name
		}
	}
	// Hugo's .Page, .Site, .Scratch: fields kb's context does not have,
	// named as a template writer knows them.
	return missingField.ReplaceAllStringFunc(msg, func(m string) string {
		sub := missingField.FindStringSubmatch(m)
		owner := map[string]string{"shortcodeContext": ".", "SiteInfo": ".Site.", "HugoPage": ".Page."}[sub[2]]
		return "kb gives shortcode templates no " + owner + sub[1]
	})
}

// missingField is html/template's message for a field kb's shortcode
// context, or its .Site or .Page, lacks.
var missingField = regexp.MustCompile(`can't evaluate field (\w+) in type \*?markdown\.(shortcodeContext|SiteInfo|HugoPage)\b`)

// shortcodeContext is the dot of a shortcode template: {{ .Get "id" }},
// {{ .Get 0 }}, {{ .Inner }}, {{ .Ref "faq/returns.md" }}.
type shortcodeContext struct {
	Name          string
	Params        any // map[string]string of named arguments, else []string of positional ones
	IsNamedParams bool
	RawInner      string // the inner content as written, for code

	st     *state
	c      *call
	inline bool
	// markdown: a template written for Hugo, called with {{% %}}, writes
	// Markdown (percent.go); own are the ranges of its output it wrote
	// from its own text.
	markdown bool
	own      []region
	inner    *renderedInner // rendered once
	// deindented is InnerDeindent's HTML, rendered once.
	deindented []byte
	// partialDepth and partialCalls bound the partials it runs.
	partialDepth, partialCalls int
	// ownPaths: the Markdown it renders (an MDX partial) writes relative
	// links from its own file's folder, not the page's.
	ownPaths bool
	scratch  any // .Scratch, made when first asked for
	// running is the template written for Hugo being run (a render
	// hook's, a shortcode's), whose own file may define the partials it
	// calls; nil for none.
	running *template.Template
}

// Parent is the shortcode whose inner content holds this one, nil at the
// top of the page: a theme's tab reads its label from its tab set
// (Hextra's tabs items="A,B"), as Hugo's .Parent gives.
func (x *shortcodeContext) Parent() *shortcodeContext { return x.st.parent }

// Ordinal is the 0-based position of this shortcode among the shortcodes
// of its parent's inner content (of the page at the top), as Hugo counts.
func (x *shortcodeContext) Ordinal() int {
	n := 0
	for _, c := range x.st.calls {
		if c == x.c {
			break
		}
		if !c.stray && !c.literal {
			n++
		}
	}
	return n
}

// SiteInfo is what shortcode templates know of the site.
type SiteInfo struct {
	BaseURL  string // as configured, ending in "/"
	BasePath string // its path without the final "/": "" or "/help"
	// HugoTheme is the Hugo theme the pages were written for ("hextra"),
	// for a template whose shortcode two themes give different defaults.
	HugoTheme string
	// Data is the site's Hugo data files (hugodata.Load): .Site.Data,
	// site.Data and hugo.Data. Templates read it, never change it.
	Data map[string]any
	// Params are the site's parameters (site.toml's [params], Hugo's
	// [params]): .Site.Params and site.Params, read, never changed.
	Params map[string]any

	x *shortcodeContext // the shortcode it is the .Site of, for GetPage
}

// Get returns a named argument (a string key) or a positional one (an
// int), or "" when absent.
func (x *shortcodeContext) Get(key any) string {
	switch k := key.(type) {
	case string:
		return x.c.named[k]
	case int:
		if k >= 0 && k < len(x.c.positional) {
			return x.c.positional[k]
		}
	}
	return ""
}

// Inner is the inner content rendered from Markdown, with the output of
// the shortcodes in it: html/template escapes all of it for where the
// template puts it, so a nested shortcode's output holding a writer's text
// cannot end an unquoted attribute or a script's string.
// Called with {{% %}}, it is the inner Markdown as written, as Hugo's.
func (x *shortcodeContext) Inner() template.HTML {
	if x.markdown {
		if !x.c.paired {
			return ""
		}
		return template.HTML(x.st.orig[x.c.inner.start:x.c.inner.end])
	}
	return template.HTML(x.st.page.trusted.expand(x.rendered().html))
}

// InnerDeindent is Inner with the indentation of the shortcode's own line
// taken off each line of the inner content before it is rendered, as
// Hugo's: a shortcode in a list item keeps its Markdown, where Inner reads
// lines indented four spaces as code.
func (x *shortcodeContext) InnerDeindent() template.HTML {
	st := x.st
	line := st.orig[bytes.LastIndexByte(st.orig[:x.c.start], '\n')+1 : x.c.start]
	if !x.c.paired || len(line) == 0 || len(bytes.Trim(line, " \t")) > 0 {
		return x.Inner()
	}
	var src []byte
	for l := range bytes.Lines(st.orig[x.c.inner.start:x.c.inner.end]) {
		src = append(src, bytes.TrimPrefix(l, line)...)
	}
	if x.markdown {
		return template.HTML(src)
	}
	if x.deindented == nil {
		first, _ := st.lines.pos(x.c.inner.start)
		sub := newState(st.r, st.doc, newLineIndex(src, first))
		sub.ids, sub.unknown, sub.depth, sub.page, sub.including = st.ids, st.unknown, st.depth, st.page, st.including
		sub.linksFrom = st.linksFrom
		sub.orig = src
		h, _ := sub.fragmentUnder(x, region{0, len(src)}, x.inline)
		st.adopt(sub)
		x.deindented = h
	}
	return template.HTML(st.page.trusted.expand(x.deindented))
}

// renderedInner is a shortcode's inner content rendered: its HTML, with
// the tokens of trusted output, and its text.
type renderedInner struct {
	html []byte
	text string
}

// rendered renders the inner content once, so that a template that fails
// after reading it leaves the page's links and headings counted once when
// the page shows the inner content instead.
func (x *shortcodeContext) rendered() renderedInner {
	if x.inner == nil {
		x.inner = &renderedInner{}
		if x.c.paired {
			x.inner.html, x.inner.text = x.st.fragmentUnder(x, x.c.inner, x.inline)
		}
	}
	return *x.inner
}

// InnerParts is the inner content cut at the lines that hold only sep,
// each part rendered as Markdown on its own: Hugo Book's columns, written
// with "<--->" between them. Without such a line it is the whole.
func (x *shortcodeContext) InnerParts(sep string) []template.HTML {
	if !x.c.paired {
		return nil
	}
	var parts []template.HTML
	add := func(r region) {
		b, _ := x.st.fragmentUnder(x, r, false)
		parts = append(parts, x.madeHTML(b))
	}
	start := x.c.inner.start
	for off := start; off < x.c.inner.end; {
		end := bytes.IndexByte(x.st.orig[off:x.c.inner.end], '\n')
		next := x.c.inner.end
		if end >= 0 {
			end += off
			next = end + 1
		} else {
			end = x.c.inner.end
		}
		if string(bytes.TrimSpace(x.st.orig[off:end])) == sep {
			add(region{start, off})
			start = next
		}
		off = next
	}
	add(region{start, x.c.inner.end})
	return parts
}

// Ref resolves a page as Hugo's ref and relref do ("faq/returns",
// "/docs/faq.md", "returns.md#part", "#part" on this page) and records it
// for the link check; a missing page is a broken link.
func (x *shortcodeContext) Ref(p string) string { return x.RefLang(p, "") }

// RefLang is Ref for the page in another language (ref's lang="de").
func (x *shortcodeContext) RefLang(p, lang string) string {
	st := x.st
	line, col := st.lines.pos(x.c.start)
	l := Link{Dest: p, Line: line, Col: col, Ref: true}
	switch {
	case strings.HasPrefix(p, "#"):
		// An anchor of this page, checked like a Markdown link to it.
		l.URL, l.Ref = p, false
	case st.doc.ResolveRef != nil:
		u, ok := st.doc.ResolveRef(p, lang)
		l.URL, l.Broken = u, !ok
	case st.doc.ResolveLink != nil:
		u, ok := refByLink(st.doc.ResolveLink, p)
		l.URL, l.Broken = u, !ok
	default:
		l.URL = p
	}
	st.links = append(st.links, l)
	if l.Broken {
		return "#"
	}
	return l.URL
}

// refByLink resolves a ref through ResolveLink alone: as a .md file
// relative to the page, else from the content root.
func refByLink(resolve func(string) (string, bool), p string) (string, bool) {
	path, frag, _ := strings.Cut(p, "#")
	if frag != "" {
		frag = "#" + frag
	}
	var cands []string
	if content.IsMarkdownName(path) {
		cands = []string{path}
	} else {
		base := strings.TrimSuffix(path, "/")
		if base == "" {
			base = "/_index"
		}
		cands = []string{base + ".md", base + "/index.md", base + "/_index.md"}
	}
	if !strings.HasPrefix(path, "/") && !strings.HasPrefix(path, ".") {
		for _, c := range cands[:len(cands):len(cands)] {
			cands = append(cands, "/"+c)
		}
	}
	for _, c := range cands {
		if u, ok := resolve(c + frag); ok {
			return u, true
		}
	}
	return "", false
}

// Markdownify renders a writer's argument as inline Markdown (a figure's
// caption), by the same rules as the page.
func (x *shortcodeContext) Markdownify(s string) template.HTML {
	return x.renderMarkdown(s, true, "markdownify")
}

// renderMarkdown renders s by the same rules as the page, inline (one
// paragraph's text) or as blocks; fn names the function in errors.
func (x *shortcodeContext) renderMarkdown(s string, inline bool, fn string) template.HTML {
	st := x.st
	if st.depth >= maxShortcodeDepth {
		return ""
	}
	line, col := st.lines.pos(x.c.start)
	if off, why := unparseable([]byte(s)); off >= 0 {
		st.diags = append(st.diags, diag.At(st.doc.File, line, col, "%s: %s", fn, why))
		return ""
	}
	if !x.mayRerender(len(s), fn) {
		return ""
	}
	sub := newState(st.r, st.doc, lineIndex{starts: []int{0}, first: line})
	sub.ids, sub.unknown, sub.depth, sub.page, sub.hugoPage = st.ids, st.unknown, st.depth+1, st.page, st.hugoPage
	sub.orig = []byte(s)
	h, _ := sub.fragment(region{0, len(s)}, inline)
	st.links = append(st.links, sub.links...)
	st.diags = append(st.diags, sub.diags...)
	return x.madeHTML(h)
}

// Include renders the reusable content file p names (GitBook's
// {% include %}), relative to the page, as Markdown of the page: its
// links are checked as the page's, its problems reported at the include's
// line. A file that includes itself, through others or not, is an error.
func (x *shortcodeContext) Include(p string) template.HTML {
	st := x.st
	line, col := st.lines.pos(x.c.start)
	fail := func(format string, args ...any) template.HTML {
		st.diags = append(st.diags, diag.At(st.doc.File, line, col, "include %q: "+format, append([]any{p}, args...)...))
		return ""
	}
	if st.doc.Include == nil {
		return fail("no reusable content can be read here")
	}
	// GitBook's paths are the page's, in included content too.
	file, text, err := st.doc.Include(st.doc.File, p)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) || strings.HasSuffix(err.Error(), "does not exist") {
			return fail("%v: fix the path (it is relative to this page, as .gitbook/includes/x.md is from the space's root)", err)
		}
		return fail("%v", err)
	}
	_, body, _, _, _ := content.Parse(file, text, &diag.List{}) // the reusable content's front matter is its own
	h, err := x.renderInto(file, body, st.hugoPage)
	if err != nil {
		return fail("%v", err)
	}
	return h
}

// renderInto renders body, the Markdown of file, as Markdown of the page at
// the shortcode's line: its links are checked as the page's, its
// headings and anchors are the page's, its problems are reported at the
// shortcode's line. Its shortcodes see page as their .Page (nil: the
// page's). A file that includes itself, through others or not, is an
// error, as are includes nested deeper than maxShortcodeDepth.
func (x *shortcodeContext) renderInto(file string, body []byte, page *HugoPage) (template.HTML, error) {
	st := x.st
	line, col := st.lines.pos(x.c.start)
	switch {
	case file == st.doc.File || slices.Contains(st.including, file):
		return "", fmt.Errorf("%s includes itself: remove the include that closes the circle", file)
	case st.depth >= maxShortcodeDepth:
		return "", fmt.Errorf("includes nest deeper than %d", maxShortcodeDepth)
	}
	var partials map[string]mdxPartial
	if content.IsMDX(file) {
		var imports []mdxImport
		body, imports = mdxSource(body)
		partials = importPartials(st.doc, file, imports, func(_ mdxImport, err error) {
			st.diags = append(st.diags, diag.WarnAt(st.doc.File, line, col, "in %s: %v", file, err).Of(diag.Shortcode))
		})
	}
	src, notes := gitbookSource(body)
	for _, n := range notes {
		st.diags = append(st.diags, diag.WarnAt(st.doc.File, line, col, "in %s: %s", file, n.msg).Of(diag.Shortcode))
	}
	if off, why := unparseable(src); off >= 0 {
		return "", fmt.Errorf("%s: %s", file, why)
	}
	if !x.mayRerender(len(src), "including "+file) {
		return "", nil
	}
	sub := x.stateAt(src)
	sub.hugoPage = page
	sub.including = append(slices.Clip(st.including), file)
	if x.ownPaths {
		sub.linksFrom = file
	}
	sub.partials = partials
	h, _ := sub.fragment(region{0, len(src)}, false)
	if hasLiterals(src) {
		h = []byte(literalsInCode.Replace(string(h)))
	}
	st.adopt(sub)
	return x.madeHTML(h), nil
}

// stateAt is the state of src, Markdown rendered as the page's at the
// shortcode's line, inside it.
func (x *shortcodeContext) stateAt(src []byte) *state {
	st := x.st
	line, _ := st.lines.pos(x.c.start)
	sub := newState(st.r, st.doc, lineIndex{src: src, starts: []int{0}, first: line, long: &charMarks{}})
	sub.ids, sub.unknown, sub.depth, sub.page, sub.hugoPage = st.ids, st.unknown, st.depth+1, st.page, st.hugoPage
	sub.including, sub.linksFrom, sub.partials = st.including, st.linksFrom, st.partials
	sub.orig = src
	return sub
}

// adopt makes the links, findings, headings and anchors of Markdown
// rendered with sub the page's.
func (st *state) adopt(sub *state) {
	st.links = append(st.links, sub.links...)
	st.diags = append(st.diags, sub.diags...)
	st.fragHeadings = append(st.fragHeadings, sub.fragHeadings...)
	st.anchors = append(st.anchors, sub.anchors...)
}

// RelRef is Ref: kb's page URLs are already site-relative.
func (x *shortcodeContext) RelRef(p string) string { return x.Ref(p) }

// URL resolves an image or file path like a Markdown link or image does:
// a relative path from the page's file, a .md file as a page.
func (x *shortcodeContext) URL(p string) string { return x.resolve(p, true) }

// Link is URL for the destination of a link rather than of an image (a
// link card's href): a broken one is reported as a broken link.
func (x *shortcodeContext) Link(p string) string { return x.resolve(p, false) }

func (x *shortcodeContext) resolve(p string, image bool) string {
	st := x.st
	d := []byte(p)
	switch {
	case isContentLink(d):
		return x.Ref(p)
	case isRelativeAsset(d) && st.doc.ResolveAsset != nil:
		line, col := st.lines.pos(x.c.start)
		l := Link{Dest: p, Line: line, Col: col, Image: image}
		if u, ok := st.doc.ResolveAsset(p); ok {
			l.URL = u
		} else {
			l.Broken = true
		}
		st.links = append(st.links, l)
		return l.URL
	case isSitePath(d) && st.doc.ResolvePath != nil:
		line, col := st.lines.pos(x.c.start)
		u, ok := st.doc.ResolvePath(p)
		st.links = append(st.links, Link{Dest: p, URL: u, Line: line, Col: col, Image: image, Broken: !ok})
		return u
	case IsWebURL(p):
		line, col := st.lines.pos(x.c.start)
		st.links = append(st.links, Link{Dest: p, URL: p, Line: line, Col: col, Image: image})
	}
	return p
}

// Param is a page value (title, description, …) or a site.toml [params]
// value, "" with a warning when neither has it.
func (x *shortcodeContext) Param(key string) any {
	if x.st.doc.Param != nil {
		if v, ok := x.st.doc.Param(key); ok {
			return v
		}
	}
	line, col := x.st.lines.pos(x.c.start)
	d := diag.WarnAt(x.st.doc.File, line, col, "param %q is neither in the page's front matter nor in site.toml's [params]", key)
	x.st.diags = append(x.st.diags, d.Of(diag.Shortcode).About(d.Msg, 1, "add it to one of them"))
	return ""
}

// String makes a context print as its name in error messages.
func (x *shortcodeContext) String() string { return fmt.Sprintf("shortcode %s", x.Name) }

// CalloutKind is what a template that writes a callout, as Starlight's
// Aside does where it cannot be written as ::: (builder/markdown/mdx.go),
// needs to write it as kb's own callouts are written.
type CalloutKind struct {
	Kind  string // "note", "tip", "important", "warning" or "caution"
	Title string // the kind's title in the page's language
}

// Callout is the callout kind name stands for ("danger" is "caution", an
// unknown or empty name a note) and its title in the page's language
// ("Danger": untitledCalloutTitle).
func (x *shortcodeContext) Callout(name string) CalloutKind {
	kind, _ := calloutKind([]byte(cmp.Or(name, "note")))
	return CalloutKind{Kind: kind, Title: untitledCalloutTitle(x.st.doc, name, kind)}
}
