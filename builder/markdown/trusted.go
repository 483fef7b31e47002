package markdown

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"html"
	"html/template"
	"regexp"
	"strconv"

	"kb/builder/diag"
	"kb/builder/theme"
)

// The output of the site owner's shortcode templates is trusted (the theme
// is theirs): it reaches the page as written, while what writers give it
// (arguments; inner content and markdownify, rendered under the raw-HTML
// rules) is escaped by html/template for where the template puts it. The
// raw-HTML allowlist of a page runs over the page's HTML, so a template's
// output stands in it as a token, put back once the page is cleaned. A
// token carries a random key, so no writer can forge one. Tokens never
// reach a template: .Inner and markdownify hand it the output they stand
// for.

// tokenMark opens and closes a token (private use: never in real text).
const tokenMark = "\uE001"

// trustedOutput holds the trusted output of a page's shortcodes.
type trustedOutput struct {
	key  string // random, per page
	outs [][]byte
}

// protect returns a token that expand turns back into b.
func (t *trustedOutput) protect(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	if t.key == "" {
		t.key = randomKey()
	}
	t.outs = append(t.outs, b)
	tok := make([]byte, 0, 2*len(tokenMark)+len(t.key)+4)
	tok = append(tok, tokenMark...)
	tok = append(tok, t.key...)
	tok = strconv.AppendInt(tok, int64(len(t.outs)-1), 10)
	return append(tok, tokenMark...)
}

// isToken reports whether b is one token of t's, and nothing else.
func (t *trustedOutput) isToken(b []byte) bool {
	rest, ok := bytes.CutPrefix(b, []byte(tokenMark+t.key))
	if t.key == "" || !ok {
		return false
	}
	n, ok := bytes.CutSuffix(rest, []byte(tokenMark))
	_, err := strconv.Atoi(string(n))
	return ok && err == nil
}

// expand replaces the tokens in b by the output they stand for. A token
// inside a tag or a script becomes the output's text, escaped (placed).
func (t *trustedOutput) expand(b []byte) []byte {
	if t.key == "" || !bytes.Contains(b, []byte(tokenMark)) {
		return b
	}
	open := []byte(tokenMark + t.key)
	var out []byte
	var raw rawText
	for {
		i := bytes.Index(b, open)
		if i < 0 {
			return append(out, b...)
		}
		j := i + len(open)
		k := bytes.Index(b[j:], []byte(tokenMark))
		idx, err := strconv.Atoi(string(b[j : j+max(k, 0)]))
		if k < 0 || err != nil || idx < 0 || idx >= len(t.outs) {
			out = append(out, b[:j]...)
			b = b[j:]
			continue
		}
		out = append(out, b[:i]...)
		// Tokens in an output stand for outputs made before it.
		out = placed(out, t.expand(t.outs[idx]), &raw)
		b = b[j+k+len(tokenMark):]
	}
}

// placed appends h, the output a token stands for, to out, the HTML
// before it. A page's HTML, cleaned by the allowlist, holds tokens in its
// text; should one be in a tag, h becomes its text, escaped, so it cannot
// end an attribute; in a script or style element, its text escaped for a
// script's string. raw follows out from one call to the next.
func placed(out, h []byte, raw *rawText) []byte {
	switch {
	case raw.in(out):
		return append(out, template.JSEscapeString(htmlText(h))...)
	case inTag(out):
		return append(out, html.EscapeString(htmlText(h))...)
	}
	return append(out, h...)
}

// rawText follows HTML as it grows, to tell whether its end is inside a
// script or style element, where text is not HTML.
type rawText struct {
	seen int    // bytes of the HTML read
	end  string // "</script" or "</style" while inside one
}

// in reports whether b, which extends the HTML read so far, ends inside a
// script or style element.
func (r *rawText) in(b []byte) bool {
	for r.seen < len(b) {
		i := bytes.IndexByte(b[r.seen:], '<')
		if i < 0 {
			r.seen = len(b)
			break
		}
		at := b[r.seen+i:]
		r.seen += i + 1
		switch {
		case r.end != "":
			if hasPrefixFold(at, r.end) {
				r.end = ""
			}
		case hasPrefixFold(at, "<script"):
			r.end = "</script"
		case hasPrefixFold(at, "<style"):
			r.end = "</style"
		}
	}
	return r.end != ""
}

// inTag reports whether HTML that ends with b is inside a start tag.
func inTag(b []byte) bool {
	return bytes.LastIndexByte(b, '<') > bytes.LastIndexByte(b, '>')
}

func randomKey() string {
	var k [8]byte
	_, _ = rand.Read(k[:])
	return hex.EncodeToString(k[:])
}

// Hugo's markdownify renders a writer's text with the page's links,
// headings and findings, which a template function, shared by every page,
// cannot reach; relURL needs the site, safeHTML the allowlist
// (hugofuncs.go). A template that calls one of them runs as a clone with
// them bound to the page, so html/template gets the rendered HTML itself
// and escapes it for wherever the template puts it (an unquoted
// attribute, an event handler, a style, a script's template literal), as
// it escapes .Inner and arguments.

// shortcodeTemplate is the template that runs shortcode name for x: the
// theme's, or for one that calls theme.PageFuncs a clone of it bound to
// x's page (the theme's is never run itself, so it can always be cloned).
func (r *Renderer) shortcodeTemplate(name string, x *shortcodeContext) (*template.Template, error) {
	tpl := r.opts.Shortcodes[name]
	if !r.callsPageFuncs[name] {
		return tpl, nil
	}
	return boundTo(tpl, x)
}

// bindPageFuncs is tpl, or for one that calls theme.PageFuncs a clone of
// it bound to x's page: for a template run seldom, whose calls are not
// known in advance.
func bindPageFuncs(tpl *template.Template, x *shortcodeContext) (*template.Template, error) {
	if !callsAny(tpl, theme.PageFuncs()) {
		return tpl, nil
	}
	return boundTo(tpl, x)
}

// boundTo clones tpl with theme.PageFuncs bound to x's page.
func boundTo(tpl *template.Template, x *shortcodeContext) (*template.Template, error) {
	bound, err := tpl.Clone()
	if err != nil {
		return nil, err
	}
	return bound.Funcs(x.pageFuncs()), nil
}

// markdownify is the template function bound to x: HTML (.Inner) stays as
// it is, anything else is rendered as a writer's Markdown.
func (x *shortcodeContext) markdownify(v any) template.HTML {
	switch v := v.(type) {
	case template.HTML:
		return v
	case nil:
		return ""
	}
	return x.Markdownify(fmt.Sprint(v))
}

// replaced is the warning that h's template failed with err and kb's ran
// instead: at the template's line, the same on every page, so that it is
// printed once.
func replaced(h theme.HugoShortcode, name string, err error) diag.Diagnostic {
	return diag.WarnAt(h.File, execLineOf(err), 0, "shortcode template %q fails: %s", name, templateError(err)).
		Of(diag.Template).About("", 0, "kb runs "+h.ElseFile+" instead")
}

// execLineOf is the line of the template in html/template's "template:
// x.html:12:3: executing ..." error, or 0.
func execLineOf(err error) int {
	line := 0
	if m := execLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
	}
	return line
}

var execLine = regexp.MustCompile(`^template: [^:]*:(\d+):`)
