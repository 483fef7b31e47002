package markdown

import (
	"bytes"
	"html/template"
	"slices"
	"text/template/parse"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"golang.org/x/net/html"

	"kb/builder/diag"
	"kb/builder/theme"
)

// Hugo's {{% name %}}: a template written for Hugo and called so writes
// Markdown, which Hugo renders with the page; {{< name >}} writes HTML.
// kb renders that Markdown where the shortcode stands, as the page's
// (its language, its links checked, its headings in the table of
// contents), with .Inner the inner Markdown as written.
//
// Trust is kept apart as for HTML output (trusted.go): raw HTML the
// template's own text writes is the site owner's and is kept as written,
// raw HTML that reached the output through the template's actions (.Inner,
// a page's .RawContent, an argument) is a writer's and follows the
// page's raw-HTML rules. Which bytes are the template's own is told by
// where they come from: text/template writes each piece of a template's
// text straight from its parse tree, so a Write of exactly a text node's
// bytes is the template's. HTML kb renders for the template
// (markdownify, .RenderShortcodes) is handed to it as a token of trusted
// output, which the Markdown around it cannot take apart.

// writeRecord is one Write of a template's execution: the bytes at
// [start, end) of its output, whose first byte was at first.
type writeRecord struct {
	start, end int
	first      *byte
}

// ownText returns the ranges of out that the template tpl wrote from its
// own text, given the writes of its execution.
func ownText(tpl *template.Template, writes []writeRecord) []region {
	texts := templateTexts(tpl)
	var own []region
	for _, w := range writes {
		if n, ok := texts[w.first]; !ok || n != w.end-w.start {
			continue
		}
		if k := len(own) - 1; k >= 0 && own[k].end == w.start {
			own[k].end = w.end
			continue
		}
		own = append(own, region{w.start, w.end})
	}
	return own
}

// templateTexts finds the text nodes of tpl and of the templates it
// calls, by the address of their first byte, with their length. tpl has
// run, so html/template has escaped it and the templates it calls: their
// trees no longer change.
func templateTexts(tpl *template.Template) map[*byte]int {
	texts := map[*byte]int{}
	seen := map[string]bool{}
	var visit func(name string)
	walk := func(root parse.Node) {
		for n := range theme.Statements(root) {
			switch n := n.(type) {
			case *parse.TextNode:
				if len(n.Text) > 0 {
					texts[&n.Text[0]] = len(n.Text)
				}
			case *parse.TemplateNode:
				visit(n.Name)
			}
		}
	}
	visit = func(name string) {
		if seen[name] {
			return
		}
		seen[name] = true
		if t := tpl.Lookup(name); t != nil && t.Tree != nil {
			walk(t.Tree.Root)
		}
	}
	visit(tpl.Name())
	return texts
}

// renderMarkdownOutput renders out, the Markdown x's template wrote, as
// the page's at the shortcode's line; own are the ranges the template
// wrote from its own text.
func (x *shortcodeContext) renderMarkdownOutput(out []byte, own []region) []byte {
	st := x.st
	if off, why := unparseable(out); off >= 0 {
		line, col := st.lines.pos(x.c.start)
		st.diags = append(st.diags, diag.At(st.doc.File, line, col, "shortcode %q: the Markdown its template writes %s", x.Name, why))
		return nil
	}
	if !x.mayRerender(len(out), "the Markdown its template writes") {
		return nil
	}
	sub := x.stateAt(out)
	sub.own = own
	h, _ := sub.fragmentUnder(x, region{0, len(out)}, x.inline)
	if hasLiterals(out) {
		h = []byte(literalsInCode.Replace(string(h)))
	}
	st.adopt(sub)
	return h
}

// madeHTML is HTML kb rendered for x's template (markdownify, a page's
// .RenderShortcodes): as it is for a template that writes HTML; for one
// that writes Markdown, a token of it, which that Markdown carries as
// text, so that it is neither read as Markdown again nor as a writer's
// raw HTML.
func (x *shortcodeContext) madeHTML(h []byte) template.HTML {
	if x.markdown {
		return template.HTML(x.st.page.trusted.protect(h))
	}
	return template.HTML(x.st.page.trusted.expand(h))
}

// ownHTMLTransformer, in Markdown a template wrote (state.own), keeps the
// raw HTML the template's own text writes as written (a token of trusted
// output), and makes a paragraph that is only a token of HTML kb made
// for the template the block that HTML is.
type ownHTMLTransformer struct{}

func (ownHTMLTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st := stateOf(pc)
	if st == nil {
		return
	}
	src := reader.Source()
	if len(st.own) == 0 && !bytes.Contains(src, []byte(tokenMark)) {
		return
	}
	var found []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.(type) {
		case *ast.RawHTML, *ast.HTMLBlock:
			found = append(found, n)
			return ast.WalkSkipChildren, nil
		case *ast.Paragraph:
			found = append(found, n) // and the raw HTML in it
		}
		return ast.WalkContinue, nil
	})
	for _, n := range found {
		parent := n.Parent()
		var with ast.Node
		switch n := n.(type) {
		case *ast.RawHTML:
			if n.Segments.Len() > 0 && st.isOwn(n.Segments.At(0).Start) {
				var v []byte
				for i := range n.Segments.Len() {
					v = append(v, segValue(n.Segments.At(i), src)...)
				}
				st.anchors = appendIDs(st.anchors, v)
				with = &shortcodeNode{html: st.page.trusted.protect(v)}
			}
		case *ast.HTMLBlock:
			if len(st.own) > 0 {
				with = st.ownBlock(n, src)
			}
		case *ast.Paragraph:
			var v []byte
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				if t, ok := c.(*ast.Text); ok {
					v = append(v, t.Segment.Value(src)...)
				} else {
					v = nil
					break
				}
			}
			v = bytes.TrimSpace(v)
			if h := st.page.trusted.expand(v); st.page.trusted.isToken(v) && startsWithBlock(h) {
				with = &shortcodeBlock{html: slices.Clone(v), text: htmlText(h)}
			}
		}
		if with != nil {
			parent.ReplaceChild(parent, n, with)
		}
	}
}

// ownBlock is an HTML block of Markdown a template wrote, with the tags
// and text the template's own text writes as trusted output, the text
// its actions wrote as it is, and the tags they wrote under the page's
// rules: kept for the allowlist with raw HTML on, else left out with
// the content of a script or style. Nil when the template wrote none of
// it: the block is a writer's raw HTML.
func (st *state) ownBlock(n *ast.HTMLBlock, src []byte) ast.Node {
	segs, _ := rawHTMLSegments(n)
	var b []byte
	var at []int // where each segment of b starts in src, by its offset in b
	for _, s := range segs {
		at = append(at, len(b), s.Start)
		b = append(b, s.Value(src)...)
	}
	source := func(off int) int {
		k := 0
		for i := 0; i < len(at); i += 2 {
			if at[i] <= off {
				k = i
			}
		}
		return at[k+1] + off - at[k]
	}
	var out, run []byte
	anyOwn := false
	flush := func() {
		if len(run) > 0 {
			st.anchors = appendIDs(st.anchors, run)
			out = append(out, st.page.trusted.protect(run)...)
			run = nil
		}
	}
	skip := ""     // a contentless element of a writer's, left out to its end
	inScript := "" // a script or style element the template opened
	z := html.NewTokenizer(bytes.NewReader(b))
	for off, tt := 0, z.Next(); tt != html.ErrorToken; tt = z.Next() {
		raw := z.Raw()
		start := off
		off += len(raw)
		if skip != "" {
			if name, closing, ok := contentlessTagAt(raw); ok && closing && name == skip {
				skip = ""
			}
			continue
		}
		if st.isOwn(source(start)) {
			anyOwn = true
			run = append(run, raw...)
			if name, closing, ok := contentlessTagAt(raw); ok && (name == "script" || name == "style") {
				inScript = map[bool]string{false: name, true: ""}[closing]
			}
			continue
		}
		flush()
		switch {
		case tt == html.TextToken && inScript != "":
			// In the template's script, as html/template escaped it.
			out = append(out, raw...)
		case tt == html.TextToken:
			// Text again, whatever element of a writer's (<xmp>, left
			// out) the tokenizer read it in.
			out = append(out, template.HTMLEscapeString(string(z.Text()))...)
		case st.sanitizer != nil:
			st.rawHTML = true
			s := text.NewSegments()
			s.Append(text.NewSegment(source(start), source(start)+len(raw)))
			st.checkRawHTML(s, src)
			out = append(out, raw...)
		default:
			if name, closing, ok := contentlessTagAt(raw); ok && !closing {
				skip = name
			}
		}
	}
	if !anyOwn {
		return nil
	}
	flush()
	return &shortcodeBlock{html: out, text: htmlText(st.page.trusted.expand(out))}
}

// isOwn reports whether offset off of the source parsed is in text the
// template wrote itself.
func (st *state) isOwn(off int) bool {
	off = st.lines.original(off)
	i, found := slices.BinarySearchFunc(st.own, off, func(r region, off int) int {
		switch {
		case r.end <= off:
			return -1
		case r.start > off:
			return 1
		}
		return 0
	})
	return found && i >= 0
}

// shiftRegions are rs as offsets of the text that starts at off.
func shiftRegions(rs []region, off int) []region {
	if len(rs) == 0 {
		return nil
	}
	out := make([]region, 0, len(rs))
	for _, r := range rs {
		if r.end > off {
			out = append(out, region{max(r.start-off, 0), r.end - off})
		}
	}
	return out
}
