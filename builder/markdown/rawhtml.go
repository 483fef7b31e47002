package markdown

import (
	"bytes"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"golang.org/x/net/html"

	"kb/builder/diag"
)

// Raw HTML ([markdown] unsafe = true) is written by people the site owner
// does not control line by line, so it goes through an allowlist: the
// rendered HTML of such a page keeps only the elements and attributes below,
// whatever tricks the source plays (split tags, entities, odd casing,
// mutation through foreign content). The policy runs over the whole
// rendered HTML of a page that has raw HTML, kb's own output included, so
// it also allows everything goldmark and kb produce.

// allowedElements are the elements a page may contain: structure and
// formatting writers use, and what kb's Markdown rendering emits (headings
// with ids, tables with alignment, task-list checkboxes, code with a
// language class). No style attributes: the theme's Content-Security-Policy
// would block them anyway.
var allowedElements = [...]string{
	"a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite",
	"code", "col", "colgroup", "dd", "del", "details", "dfn", "div", "dl",
	"dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6",
	"hr", "i", "img", "input", "ins", "kbd", "li", "mark", "ol", "p", "picture", "pre",
	"q", "rp", "rt", "ruby", "s", "samp", "small", "source", "span", "strong", "sub",
	"summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time",
	"tr", "u", "ul", "var", "wbr", "video", "audio", "track",
}

// contentlessElements are removed with everything up to their closing tag:
// their content is code or a fallback nobody should read as text. The list
// is bluemonday's, so the search text and the HTML agree.
var contentlessElements = [...]string{
	"frame", "frameset", "iframe", "noembed", "noframes", "noscript",
	"nostyle", "object", "script", "style", "title",
}

var (
	htmlID        = regexp.MustCompile(`^\S+$`)
	htmlClass     = regexp.MustCompile(`^[^\x00-\x1f"'<>\\]+$`) // Tailwind's mb-[15px] included
	htmlNumber    = regexp.MustCompile(`^[0-9]{1,6}$`)
	htmlDirection = regexp.MustCompile(`^(?i:ltr|rtl|auto)$`)
	htmlDatetime  = regexp.MustCompile(`^[0-9T:+.Z -]+$`)
	rasterImage   = regexp.MustCompile(`^image/(png|gif|jpeg|webp);base64,[A-Za-z0-9+/=]*$`)
	// A srcset keeps the URLs an <img src> may have: http(s), relative
	// (nothing that reads as a scheme before the first / ? #), or a raster
	// data: image; each with an optional width or density.
	htmlSrcset = regexp.MustCompile(`^` + srcsetCandidateRE + `(?:,` + srcsetCandidateRE + `)*$`)
	// media and sizes: media queries and lengths, no markup ("<" and ">"
	// only as comparisons: "(width >= 600px)"), bounded.
	htmlMediaQuery = regexp.MustCompile(`^(?:[A-Za-z0-9 ().:,/+*%=-]|[<>]=?[ 0-9(]){1,200}$`)
	// htmlMediaURL is an http(s) or relative URL (nothing that reads as a
	// scheme before the first / ? #), for what plays in a page.
	htmlMediaURL = regexp.MustCompile(`^(?:(?i:https?)://` + urlChar + `+|[^\s:/?#"'<>\x00-\x1f\x7f]+(?:[/?#]` + urlChar + `*)?|[/?#]` + urlChar + `*)$`)
	htmlMIMEType = regexp.MustCompile(`^[A-Za-z0-9.+-]{1,40}/[A-Za-z0-9.+-]{1,60}$`)
)

const (
	urlChar       = `[^\s"'<>\x00-\x1f\x7f]`
	srcsetURLChar = `[^\s,"'<>\x00-\x1f\x7f]`
	srcsetURLRE   = `(?:(?i:https?)://` + srcsetURLChar + `+` +
		`|(?i:data:image/(?:png|gif|jpeg|webp);base64,)[A-Za-z0-9+/=]*` +
		`|[^\s,:/?#"'<>\x00-\x1f\x7f]+(?:[/?#]` + srcsetURLChar + `*)?` +
		`|[/?#]` + srcsetURLChar + `*)`
	srcsetCandidateRE = `\s*` + srcsetURLRE + `(?:\s+(?:[0-9]+w|[0-9]*\.?[0-9]+x))?\s*`
)

// newHTMLPolicy builds the allowlist. A built policy is safe for concurrent
// use, so one Renderer holds one.
func newHTMLPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements(allowedElements[:]...)

	p.AllowAttrs("id").Matching(htmlID).Globally()
	p.AllowAttrs("class").Matching(htmlClass).Globally()
	p.AllowAttrs("title", "lang", "role", "aria-label", "aria-labelledby",
		"aria-describedby").Globally()
	p.AllowAttrs("aria-hidden").Matching(regexp.MustCompile(`^(true|false)$`)).Globally()
	p.AllowAttrs("dir").Matching(htmlDirection).Globally()

	p.AllowURLSchemes("http", "https", "mailto", "tel")
	p.AllowRelativeURLs(true)
	p.RequireParseableURLs(true)
	// Raster images only, as for Markdown images: an SVG can carry script.
	p.AllowURLSchemeWithCustomPolicy("data", func(u *url.URL) bool {
		return u.RawQuery == "" && u.Fragment == "" && rasterImage.MatchString(u.Opaque)
	})
	p.AllowAttrs("href", "hreflang").OnElements("a")
	p.AllowAttrs("rel").Matching(regexp.MustCompile(`^[a-z ]+$`)).OnElements("a")
	// Browsers open _blank links without a handle on this page (noopener).
	p.AllowAttrs("target").Matching(regexp.MustCompile(`^_blank$`)).OnElements("a")
	p.AllowAttrs("src", "alt").OnElements("img")
	p.AllowAttrs("width", "height").Matching(htmlNumber).OnElements("img")
	p.AllowAttrs("loading").Matching(regexp.MustCompile(`^(lazy|eager)$`)).OnElements("img")
	// Hints on when to load and decode an image, common beside loading.
	p.AllowAttrs("decoding").Matching(regexp.MustCompile(`^(sync|async|auto)$`)).OnElements("img")
	p.AllowAttrs("fetchpriority").Matching(regexp.MustCompile(`^(high|low|auto)$`)).OnElements("img")
	// An image in several sizes or, in a <picture>, one per colour scheme
	// or format (<source srcset media type>).
	p.AllowAttrs("srcset").Matching(htmlSrcset).OnElements("img", "source")
	p.AllowAttrs("sizes").Matching(htmlMediaQuery).OnElements("img", "source")
	p.AllowAttrs("media").Matching(htmlMediaQuery).OnElements("source")
	p.AllowAttrs("type").Matching(htmlMIMEType).OnElements("source")
	p.AllowAttrs("width", "height").Matching(htmlNumber).OnElements("source")
	// Videos and sounds play with the browser's controls. Not autoplay: the
	// reader came to read, on a phone maybe paying for every megabyte, and
	// starts a video when ready.
	// bluemonday checks the scheme of neither <source src> nor poster:
	// these are held to http(s) and relative URLs here.
	p.AllowAttrs("src").Matching(htmlMediaURL).OnElements("video", "audio", "source", "track")
	p.AllowAttrs("poster").Matching(htmlMediaURL).OnElements("video")
	p.AllowAttrs("controls", "muted", "loop").Matching(regexp.MustCompile(`^$`)).OnElements("video", "audio")
	p.AllowAttrs("playsinline").Matching(regexp.MustCompile(`^$`)).OnElements("video")
	p.AllowAttrs("preload").Matching(regexp.MustCompile(`^(none|metadata|auto|)$`)).OnElements("video", "audio")
	p.AllowAttrs("width", "height").Matching(htmlNumber).OnElements("video")
	p.AllowAttrs("kind").Matching(regexp.MustCompile(`^(subtitles|captions|descriptions|chapters)$`)).OnElements("track")
	p.AllowAttrs("srclang").Matching(regexp.MustCompile(`^[A-Za-z0-9-]{1,35}$`)).OnElements("track")
	p.AllowAttrs("label").OnElements("track")
	p.AllowAttrs("default").Matching(regexp.MustCompile(`^$`)).OnElements("track")
	p.AllowAttrs("cite").OnElements("blockquote", "q", "del", "ins")
	p.AllowAttrs("datetime").Matching(htmlDatetime).OnElements("time", "del", "ins")

	p.AllowAttrs("start").Matching(htmlNumber).OnElements("ol")
	p.AllowAttrs("reversed").Matching(regexp.MustCompile(`^$`)).OnElements("ol")
	p.AllowAttrs("type").Matching(bluemonday.ListType).OnElements("ol", "ul", "li")
	p.AllowAttrs("value").Matching(htmlNumber).OnElements("li")
	p.AllowAttrs("open").Matching(regexp.MustCompile(`^$`)).OnElements("details")

	p.AllowAttrs("colspan", "rowspan").Matching(htmlNumber).OnElements("td", "th")
	p.AllowAttrs("scope").Matching(regexp.MustCompile(`^(row|col|rowgroup|colgroup)$`)).OnElements("th")
	p.AllowAttrs("align").Matching(regexp.MustCompile(`^(left|right|center)$`)).OnElements("td", "th")
	p.AllowAttrs("span").Matching(htmlNumber).OnElements("col", "colgroup")

	// GFM task lists: a disabled checkbox, not a form control.
	p.AllowAttrs("type").Matching(regexp.MustCompile(`^checkbox$`)).OnElements("input")
	p.AllowAttrs("checked", "disabled").Matching(regexp.MustCompile(`^$`)).OnElements("input")
	return p
}

// sanitizer is the allowlist with what the warnings need to know about it.
type sanitizer struct {
	policy  *bluemonday.Policy
	allowed map[string]bool
}

func newSanitizer() *sanitizer {
	s := &sanitizer{policy: newHTMLPolicy(), allowed: map[string]bool{}}
	for _, e := range allowedElements {
		s.allowed[e] = true
	}
	return s
}

// clean applies the policy to rendered HTML.
func (s *sanitizer) clean(b []byte) []byte {
	if len(b) == 0 {
		return b
	}
	return s.policy.SanitizeBytes(b)
}

// removal says what the policy takes out of one start tag, or "" when it
// keeps the tag whole. Comments and end tags are dropped silently: they
// change nothing a reader sees.
func (s *sanitizer) removal(tok html.Token) string {
	if !s.allowed[tok.Data] {
		return fmt.Sprintf("raw HTML <%s> is not allowed and was removed", tok.Data)
	}
	kept := map[string]bool{}
	tagKept := false
	z := html.NewTokenizer(strings.NewReader(s.policy.Sanitize(tok.String())))
	for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
		if tt == html.StartTagToken || tt == html.SelfClosingTagToken {
			tagKept = true
			for _, a := range z.Token().Attr {
				kept[a.Key] = true
			}
		}
	}
	var gone []string
	for _, a := range tok.Attr {
		// Python-Markdown's markdown (read by markdownInHTML), GitBook's
		// layout attributes and VitePress's v-pre (which only keeps Vue
		// from reading an element) change nothing a reader of kb's page
		// misses.
		if kept[a.Key] || a.Key == "markdown" || a.Key == "v-pre" || gitbookLayoutAttr(a.Key) {
			continue
		}
		switch a.Key {
		case "href", "src", "srcset", "cite", "action", "formaction", "background", "poster", "xlink:href":
			v := a.Val
			if len(v) > 40 {
				v = v[:40] + "…"
			}
			gone = append(gone, fmt.Sprintf("%s %q", a.Key, v))
		default:
			gone = append(gone, a.Key)
		}
	}
	switch {
	case len(gone) == 0:
		return ""
	case tagKept:
		return fmt.Sprintf("raw HTML <%s>: %s not allowed and removed", tok.Data, strings.Join(gone, ", "))
	default:
		return fmt.Sprintf("raw HTML <%s> was removed: %s not allowed", tok.Data, strings.Join(gone, ", "))
	}
}

// rawHTMLTransformer removes inline elements whose content is never shown
// (<script>…</script> written inline would otherwise leave its code as text
// in the page and in search), and in unsafe mode warns, with its position,
// about every tag the sanitizer will change.
type rawHTMLTransformer struct{}

func (rawHTMLTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st := stateOf(pc)
	if st == nil {
		return
	}
	src := reader.Source()
	if bytes.IndexByte(src, '<') < 0 {
		return // raw HTML, inline or a block, starts with '<': most pages have none
	}
	var found []*ast.RawHTML
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.RawHTML:
			st.rawHTML = true
			if st.sanitizer != nil {
				st.checkRawHTML(n.Segments, src)
			}
			if n.Segments.Len() > 0 {
				if _, closing, ok := contentlessTagAt(segValue(n.Segments.At(0), src)); ok && !closing {
					found = append(found, n)
				}
			}
			return ast.WalkSkipChildren, nil
		case *ast.HTMLBlock:
			st.rawHTML = true
			if st.sanitizer != nil {
				lines := n.Lines()
				segs := text.NewSegments()
				for i := range lines.Len() {
					segs.Append(lines.At(i))
				}
				if n.HasClosure() {
					segs.Append(n.ClosureLine)
				}
				st.checkRawHTML(segs, src)
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, n := range found {
		removeElement(n, src)
	}
}

// removeElement removes an inline start tag and its siblings up to the
// matching end tag (or the end of the paragraph).
func removeElement(n *ast.RawHTML, src []byte) {
	parent := n.Parent()
	if parent == nil { // already removed with an earlier element
		return
	}
	name, _, _ := contentlessTagAt(segValue(n.Segments.At(0), src))
	for c := ast.Node(n); c != nil; {
		after := c.NextSibling()
		parent.RemoveChild(parent, c)
		if r, ok := c.(*ast.RawHTML); ok && c != ast.Node(n) && r.Segments.Len() > 0 {
			if cn, closing, ok := contentlessTagAt(segValue(r.Segments.At(0), src)); ok && closing && cn == name {
				return
			}
		}
		c = after
	}
}

// checkRawHTML warns about every tag of a piece of raw HTML (the segments
// of one inline tag or one HTML block) that the sanitizer will change.
func (st *state) checkRawHTML(segs *text.Segments, src []byte) {
	var b []byte
	for i := range segs.Len() {
		b = append(b, segValue(segs.At(i), src)...)
	}
	// source maps an offset of b back to the source.
	source := func(off int) int {
		for i := range segs.Len() {
			s := segs.At(i)
			if off < s.Len() {
				return s.Start + off
			}
			off -= s.Len()
		}
		return segs.At(segs.Len() - 1).Stop
	}
	z := html.NewTokenizer(bytes.NewReader(b))
	off := 0
	for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
		start := off
		off += len(z.Raw())
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		if msg := st.sanitizer.removal(z.Token()); msg != "" {
			line, col := st.lines.pos(source(start))
			st.diags = append(st.diags, diag.WarnAt(st.doc.File, line, col, "%s", msg).Of(diag.RawHTML))
		}
	}
}

// contentlessTagAt reports whether b starts an opening or closing tag of a
// contentless element.
func contentlessTagAt(b []byte) (name string, closing bool, ok bool) {
	if len(b) == 0 || b[0] != '<' {
		return "", false, false
	}
	j := 1
	if j < len(b) && b[j] == '/' {
		closing = true
		j++
	}
	for _, t := range contentlessElements {
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
