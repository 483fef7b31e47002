package markdown

import (
	"bytes"
	"path"
	"slices"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"kb/builder/content"
)

// autolinkParser is goldmark's Linkify parser (bare URLs and email
// addresses become links, as on GitHub), skipped in documents where it
// cannot match: it is asked at every space of every paragraph.
type autolinkParser struct{ parser.InlineParser }

func (p autolinkParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	if st := stateOf(pc); st != nil && !st.autolinks {
		return nil
	}
	return p.InlineParser.Parse(parent, block, pc)
}

// mayAutolink reports whether src has what every match of the Linkify
// parser starts with: "http:", "https:" or "ftp:", "www.", or an address's
// "@". Without, the parser finds nothing (and changes nothing).
func mayAutolink(src []byte) bool {
	return bytes.IndexByte(src, '@') >= 0 || bytes.Contains(src, []byte("www.")) ||
		bytes.Contains(src, []byte("http")) || bytes.Contains(src, []byte("ftp:"))
}

// linkTransformer records every link and image with its position, rewrites
// destinations that point at Markdown content to page URLs, and removes
// script-capable destinations whatever the Unsafe option says (goldmark only
// drops them in safe mode).
type linkTransformer struct{}

func (linkTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
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
		switch n.Kind() {
		case ast.KindLink, ast.KindImage, ast.KindAutoLink:
			found = append(found, n)
		}
		return ast.WalkContinue, nil
	})
	if len(found) == 0 {
		return
	}
	st.links = slices.Grow(st.links, len(found))
	var removed []ast.Node
	type player struct {
		img  *ast.Image
		dest string // as written
	}
	var players []player
	for _, n := range found {
		if st.resolved[n] { // a shortcode wrote the destination and recorded it
			continue
		}
		l := Link{}
		off := offsetOf(n)
		if a, ok := n.(*ast.AutoLink); ok {
			off = autoLinkStart(a, src, off)
		}
		l.Line, l.Col = st.lines.pos(off)
		var dest *[]byte
		switch n := n.(type) {
		case *ast.Link:
			dest = &n.Destination
		case *ast.Image:
			dest = &n.Destination
			l.Image = true
		case *ast.AutoLink:
			u := n.URL(src)
			if n.AutoLinkType == ast.AutoLinkEmail && !hasPrefixFold(u, "mailto:") {
				u = append([]byte("mailto:"), u...)
			}
			l.Dest = string(n.Label(src))
			if dangerousURL(u) {
				removed = append(removed, n)
			} else {
				l.URL = string(u)
			}
			st.links = append(st.links, l)
			continue
		}
		l.Dest = string(*dest)
		if dangerousURL(decode(*dest)) {
			removed = append(removed, n)
			st.links = append(st.links, l)
			continue
		}
		// One resolver per link, chosen by the destination as written.
		raw := []byte(l.Dest)
		switch {
		case isContentLink(raw):
			if st.doc.ResolveLink != nil {
				if u, ok := st.doc.ResolveLink(st.fromPage(l.Dest)); ok {
					*dest = []byte(u)
				} else if u, ok := markdownDownload(st.doc, l.Dest); ok {
					*dest = []byte(u)
				} else {
					l.Broken = true
				}
			}
		case isRelativeAsset(raw):
			if st.doc.ResolveAsset != nil {
				if u, ok := st.doc.ResolveAsset(st.fromPage(l.Dest)); ok {
					*dest = []byte(u)
				} else {
					l.Broken = true
				}
			}
		case isSitePath(raw):
			if st.doc.ResolvePath != nil {
				u, ok := st.doc.ResolvePath(l.Dest)
				*dest = []byte(u)
				l.Broken = !ok
			}
		}
		l.URL = string(*dest)
		if st.linkOf != nil {
			st.linkOf[n] = len(st.links)
		}
		st.links = append(st.links, l)
		if img, ok := n.(*ast.Image); ok && MediaElement(l.URL) != "" && !inLink(img) {
			players = append(players, player{img, l.Dest})
		}
	}
	for _, n := range removed {
		unwrap(n, src)
	}
	for _, p := range players {
		st.playMedia(p.img, p.dest, src)
	}
}

// fromPage turns a relative destination written in an MDX partial (see
// state.linksFrom), relative to the partial's file as Docusaurus resolves
// it, into the same file relative to the page, which the resolvers read
// destinations from. Other destinations are returned as they are.
func (st *state) fromPage(dest string) string {
	if st.linksFrom == "" || strings.HasPrefix(dest, "/") || strings.HasPrefix(dest, "@") {
		return dest
	}
	rel, rest := dest, ""
	if i := strings.IndexAny(dest, "#?"); i >= 0 {
		rel, rest = dest[:i], dest[i:]
	}
	return relativeTo(path.Dir(st.doc.File), path.Join(path.Dir(st.linksFrom), rel)) + rest
}

// relativeTo is the slash path of target relative to the folder dir, both
// from the same root.
func relativeTo(dir, target string) string {
	from, to := strings.Split(dir, "/"), strings.Split(target, "/")
	common := 0
	for common < len(from) && common < len(to)-1 && from[common] == to[common] {
		common++
	}
	up := strings.Repeat("../", len(from)-common)
	return up + strings.Join(to[common:], "/")
}

// inLink reports whether n is inside a link, where a player, which the
// reader clicks, cannot be.
func inLink(n ast.Node) bool {
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Kind() == ast.KindLink {
			return true
		}
	}
	return false
}

// autoLinkStart moves a bare URL's position from the character that
// triggered it (often the space before) to the URL itself.
func autoLinkStart(a *ast.AutoLink, src []byte, off int) int {
	if off < 0 || off >= len(src) || src[off] == '<' {
		return off
	}
	label := a.Label(src)
	if i := bytes.Index(src[off:min(len(src), off+len(label)+4)], label); i >= 0 {
		return off + i
	}
	return off
}

// unwrap replaces a link or image by its text, so the words stay and the
// destination goes.
func unwrap(n ast.Node, src []byte) {
	parent := n.Parent()
	if parent == nil {
		return
	}
	if a, ok := n.(*ast.AutoLink); ok {
		s := ast.NewString(a.Label(src))
		parent.ReplaceChild(parent, n, s)
		return
	}
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		parent.InsertBefore(parent, n, c)
		c = next
	}
	parent.RemoveChild(parent, n)
}

// dangerousURL reports destinations a browser would run or that reach the
// reader's disk: javascript:, vbscript:, file:, and data: except raster
// images. Browsers ignore controls and spaces in a scheme, so this does too.
func dangerousURL(u []byte) bool {
	var b [24]byte
	n := 0
	for _, c := range u {
		if c <= ' ' || c == 0x7f {
			continue
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[n] = c
		n++
		if n == len(b) {
			break
		}
	}
	s := b[:n]
	switch {
	case bytes.HasPrefix(s, []byte("javascript:")), bytes.HasPrefix(s, []byte("vbscript:")),
		bytes.HasPrefix(s, []byte("file:")):
		return true
	case bytes.HasPrefix(s, []byte("data:")):
		for _, ok := range [...]string{"data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"} {
			if bytes.HasPrefix(s, []byte(ok)) {
				return false
			}
		}
		return true
	}
	return false
}

// markdownDownload resolves a link to a Markdown file that is no page but
// a file published as is (one in GitBook's .gitbook/assets, which a
// {% file %} block offers for download).
func markdownDownload(doc *Document, dest string) (string, bool) {
	if doc.ResolveAsset == nil || strings.HasPrefix(dest, "/") || !strings.Contains(dest, ".gitbook/assets/") {
		return "", false
	}
	return doc.ResolveAsset(dest)
}

// isContentLink reports whether dest names a Markdown file of the site: no
// scheme or host, and a path (before any #fragment or ?query) that
// content.IsMarkdownName calls a page.
func isContentLink(dest []byte) bool {
	if i := bytes.IndexAny(dest, "#?"); i >= 0 {
		dest = dest[:i]
	}
	if len(dest) < 3 || bytes.HasPrefix(dest, []byte("//")) || hasScheme(dest) {
		return false
	}
	return content.IsMarkdownName(string(dest))
}

// isRelativeAsset reports whether dest is a relative path to a file that is
// not Markdown: no scheme, not site-absolute, not a fragment or query only.
func isRelativeAsset(dest []byte) bool {
	if len(dest) == 0 || dest[0] == '/' || dest[0] == '#' || dest[0] == '?' || hasScheme(dest) || isContentLink(dest) {
		return false
	}
	if i := bytes.IndexAny(dest, "#?"); i >= 0 {
		dest = dest[:i]
	}
	return len(dest) > 0
}

// isSitePath reports whether dest is a site-absolute path ("/docs/faq/",
// "/img/x.png") that is not a Markdown file: a URL on this site, written
// without its host.
func isSitePath(dest []byte) bool {
	if len(dest) == 0 || dest[0] != '/' {
		return false
	}
	return len(dest) == 1 || dest[1] != '/' && dest[1] != '\\' && !isContentLink(dest)
}

// IsWebURL reports a link to a web page of another site: http, https, or
// scheme-relative (//host/path). kb records those it does not resolve (in
// raw HTML, from shortcodes) as it records Markdown's, for kb check
// --external.
func IsWebURL(u string) bool {
	b := []byte(u)
	return hasPrefixFold(b, "http://") || hasPrefixFold(b, "https://") || strings.HasPrefix(u, "//")
}

// hasScheme reports an RFC 3986 scheme ("https:", "mailto:").
func hasScheme(u []byte) bool {
	for i, c := range u {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return true
		default:
			return false
		}
	}
	return false
}

func hasPrefixFold(b []byte, prefix string) bool {
	return len(b) >= len(prefix) && bytes.EqualFold(b[:len(prefix)], []byte(prefix))
}
