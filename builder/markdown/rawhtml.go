package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"kb/builder/diag"
)

// blockedTags never reach a help center page, even with Unsafe: imported
// content (Let's Encrypt's, for one) carries inline scripts that readers'
// browsers must not run.
var blockedTags = [...]string{"script", "style", "iframe"}

// rawHTMLTransformer removes inline <script>, <style> and <iframe> elements
// with everything up to their closing tag (their content would otherwise show
// as text), and warns once per file when Unsafe lets raw HTML through.
type rawHTMLTransformer struct{}

func (rawHTMLTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st := stateOf(pc)
	if st == nil {
		return
	}
	src := reader.Source()
	var found []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.RawHTML:
			if n.Segments.Len() > 0 {
				if _, _, ok := blockedTagAt(segValue(n.Segments.At(0), src), 0); ok {
					found = append(found, n)
				}
			}
			return ast.WalkSkipChildren, nil
		case *ast.HTMLBlock:
			if st.unsafe {
				if off, name := blockedInBlock(n, src); off >= 0 {
					st.warnRawHTML(off, name)
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, n := range found {
		parent := n.Parent()
		if parent == nil { // already removed with an earlier element
			continue
		}
		raw := n.(*ast.RawHTML)
		name, closing, _ := blockedTagAt(segValue(raw.Segments.At(0), src), 0)
		if st.unsafe {
			st.warnRawHTML(raw.Segments.At(0).Start, name)
		}
		next := n.NextSibling()
		parent.RemoveChild(parent, n)
		if closing {
			continue
		}
		for c := next; c != nil; {
			after := c.NextSibling()
			parent.RemoveChild(parent, c)
			if r, ok := c.(*ast.RawHTML); ok && r.Segments.Len() > 0 {
				if cn, cc, ok := blockedTagAt(segValue(r.Segments.At(0), src), 0); ok && cc && cn == name {
					break
				}
			}
			c = after
		}
	}
}

func (st *state) warnRawHTML(off int, name string) {
	if st.warned {
		return
	}
	st.warned = true
	line, col := st.lines.pos(off)
	st.diags = append(st.diags, diag.WarnAt(st.doc.File, line, col,
		"raw HTML <%s> is not allowed and was removed", name).Of(diag.RawHTML))
}

// blockedInBlock returns the offset and name of the first blocked tag of an
// HTML block, or -1.
func blockedInBlock(n *ast.HTMLBlock, src []byte) (int, string) {
	check := func(seg text.Segment) (int, string) {
		v := seg.Value(src)
		for i := 0; i < len(v); i++ {
			if v[i] == '<' {
				if name, _, ok := blockedTagAt(v, i); ok {
					return seg.Start + i, name
				}
			}
		}
		return -1, ""
	}
	for i := range n.Lines().Len() {
		if off, name := check(n.Lines().At(i)); off >= 0 {
			return off, name
		}
	}
	if n.HasClosure() {
		return check(n.ClosureLine)
	}
	return -1, ""
}

// blockedTagAt reports whether b[i:] starts an opening or closing blocked tag.
func blockedTagAt(b []byte, i int) (name string, closing bool, ok bool) {
	if i >= len(b) || b[i] != '<' {
		return "", false, false
	}
	j := i + 1
	if j < len(b) && b[j] == '/' {
		closing = true
		j++
	}
	for _, t := range blockedTags {
		if !hasPrefixFold(b[j:], t) {
			continue
		}
		k := j + len(t)
		if k == len(b) {
			return t, closing, true
		}
		switch b[k] {
		case '>', '/', ' ', '\t', '\n', '\r', '\f':
			return t, closing, true
		}
	}
	return "", false, false
}

// stripBlocked removes blocked elements (open tag to matching close tag) and
// stray blocked tags from raw HTML.
func stripBlocked(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); {
		j := bytes.IndexByte(b[i:], '<')
		if j < 0 {
			out = append(out, b[i:]...)
			break
		}
		j += i
		out = append(out, b[i:j]...)
		name, closing, ok := blockedTagAt(b, j)
		switch {
		case !ok:
			out = append(out, '<')
			i = j + 1
		case closing:
			i = skipTag(b, j)
		default:
			end := indexFold(b[j+1:], "</"+name)
			if end < 0 {
				return out
			}
			i = skipTag(b, j+1+end)
		}
	}
	return out
}

func skipTag(b []byte, i int) int {
	k := bytes.IndexByte(b[i:], '>')
	if k < 0 {
		return len(b)
	}
	return i + k + 1
}

// indexFold is bytes.Index ignoring ASCII case of an ASCII needle.
func indexFold(b []byte, needle string) int {
	for i := 0; i+len(needle) <= len(b); i++ {
		if hasPrefixFold(b[i:], needle) {
			return i
		}
	}
	return -1
}

// htmlBlockRenderer replaces goldmark's HTML block renderer in unsafe mode
// so that blocked elements are cut out of raw HTML blocks too.
type htmlBlockRenderer struct{}

func (htmlBlockRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHTMLBlock, renderHTMLBlock)
}

func renderHTMLBlock(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.HTMLBlock)
	if off, _ := blockedInBlock(n, src); off < 0 {
		for i := range n.Lines().Len() {
			html.DefaultWriter.SecureWrite(w, segValue(n.Lines().At(i), src))
		}
		if n.HasClosure() {
			html.DefaultWriter.SecureWrite(w, n.ClosureLine.Value(src))
		}
		return ast.WalkContinue, nil
	}
	var b []byte
	for i := range n.Lines().Len() {
		b = append(b, segValue(n.Lines().At(i), src)...)
	}
	if n.HasClosure() {
		b = append(b, n.ClosureLine.Value(src)...)
	}
	b = stripBlocked(b)
	if len(bytes.TrimSpace(b)) > 0 {
		html.DefaultWriter.SecureWrite(w, b)
		if b[len(b)-1] != '\n' {
			_ = w.WriteByte('\n')
		}
	}
	return ast.WalkContinue, nil
}
