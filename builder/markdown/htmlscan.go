package markdown

import (
	"bytes"
	"html"
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"kb/builder/diag"
)

// rawHTMLScanner looks at the raw HTML of a page once: when raw HTML is kept,
// the ids it gives elements (<a id="general">) are link targets like heading
// ids; when it is omitted, the writer is told once per page, because the
// words inside the tags are gone from what readers see.
type rawHTMLScanner struct{}

// htmlIDAttr matches an id attribute of an element (the allowlist keeps
// id, not name).
var htmlIDAttr = regexp.MustCompile(`(?i)<[a-z][^>]*?\sid\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>` + "`" + `]+))`)

// htmlTag matches the name of an opening tag; comments, declarations and
// closing tags do not match.
var htmlTag = regexp.MustCompile(`^<([a-zA-Z][a-zA-Z0-9-]*)`)

func (rawHTMLScanner) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st := stateOf(pc)
	if st == nil {
		return
	}
	src := reader.Source()
	if bytes.IndexByte(src, '<') < 0 {
		return // no raw HTML: most pages
	}
	omitted := false
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		segs, ok := rawHTMLSegments(n)
		if !ok {
			return ast.WalkContinue, nil
		}
		for _, seg := range segs {
			v := seg.Value(src)
			if st.sanitizer != nil {
				for _, m := range htmlIDAttr.FindAllSubmatchIndex(v, -1) {
					id, at := attrValue(v, m)
					if id == "" || !htmlID.MatchString(id) { // ids the allowlist drops
						continue
					}
					st.htmlIDs = append(st.htmlIDs, id)
					if st.r.reserved[id] {
						st.themeIDClash(seg.Start+at, "raw HTML gives an element the", id, "rename it")
					}
				}
				continue
			}
			if omitted {
				break
			}
			if m := htmlTag.FindSubmatch(bytesTrimLeftSpace(v)); m != nil {
				omitted = true
				line, col := st.lines.pos(seg.Start + len(v) - len(bytesTrimLeftSpace(v)))
				st.diags = append(st.diags, diag.WarnAt(st.doc.File, line, col,
					"raw HTML <%s> was left out of the page (raw HTML is off): write it in Markdown, or set [markdown] unsafe = true in site.toml", m[1]).Of(diag.RawHTML))
			}
		}
		return ast.WalkSkipChildren, nil
	})
}

// attrValue is the value of the id attribute htmlIDAttr matched at m
// (FindSubmatchIndex) in v, in whichever quotes it has, and its offset.
func attrValue(v []byte, m []int) (string, int) {
	for g := 1; g <= 3; g++ {
		if m[2*g] >= 0 {
			return string(v[m[2*g]:m[2*g+1]]), m[2*g]
		}
	}
	return "", m[0]
}

// themeIDClash warns that the id a writer gave at offset off (what has
// it) is one the theme gives its own element on every page: with two
// elements so named, the skip link, the search field or a script that
// finds the theme's by id may find the writer's. fix says what to do.
func (st *state) themeIDClash(off int, what, id, fix string) {
	line, col := st.lines.pos(off)
	st.diags = append(st.diags, diag.WarnAt(st.doc.File, line, col,
		"%s id %q, which the theme gives its own element on every page (its skip link, search field or scripts find that one by id): %s", what, id, fix).Of(diag.RawHTML))
}

// rawHTMLSegments returns the source segments of a raw HTML node, inline or
// block (its closing line included); ok is false for any other node.
func rawHTMLSegments(n ast.Node) (segs []text.Segment, ok bool) {
	switch n := n.(type) {
	case *ast.RawHTML:
		for i := range n.Segments.Len() {
			segs = append(segs, n.Segments.At(i))
		}
	case *ast.HTMLBlock:
		for i := range n.Lines().Len() {
			segs = append(segs, n.Lines().At(i))
		}
		if n.HasClosure() {
			segs = append(segs, n.ClosureLine)
		}
	default:
		return nil, false
	}
	return segs, true
}

func bytesTrimLeftSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t' || b[0] == '\n' || b[0] == '\r') {
		b = b[1:]
	}
	return b
}

// htmlLinkAttr matches an href, src, srcset or poster attribute with a
// quoted value.
var htmlLinkAttr = regexp.MustCompile(`(?i)\s(href|src|srcset|poster)\s*=\s*(?:"([^"]*)"|'([^']*)')`)

// rewriteRawHTMLLinks resolves the site-absolute and relative href, src and
// srcset values of raw HTML, records them as links with their positions,
// and returns a copy of src with the resolved URLs in place; nil when no
// URL changes.
func rewriteRawHTMLLinks(root ast.Node, src []byte, st *state) (rewritten []byte, rewrites []rewrite, links []Link) {
	if bytes.IndexByte(src, '<') < 0 {
		return nil, nil, nil
	}
	type edit struct {
		start, end int
		url        string
	}
	var edits []edit
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		segs, ok := rawHTMLSegments(n)
		if !ok {
			return ast.WalkContinue, nil
		}
		for _, seg := range segs {
			v := seg.Value(src)
			for _, m := range htmlLinkAttr.FindAllSubmatchIndex(v, -1) {
				vs, ve := m[4], m[5]
				if vs < 0 {
					vs, ve = m[6], m[7]
				}
				if tag := tagBefore(v[:m[0]]); tag != "" && !st.sanitizer.allowed[tag] {
					continue // removed, and the warning saying so is enough
				}
				value := html.UnescapeString(string(v[vs:ve]))
				attr := strings.ToLower(string(v[m[2]:m[3]]))
				line, col := st.lines.pos(seg.Start + m[0] + 1)
				// resolve resolves one URL of the value and records it.
				resolve := func(dest string) string {
					resolve := rawHTMLResolver(st.doc, []byte(dest))
					if resolve == nil {
						if IsWebURL(dest) {
							// Another site's: recorded as Markdown's are,
							// for kb check --external.
							links = append(links, Link{Dest: dest, URL: dest, Image: attr != "href", Line: line, Col: col})
						}
						return dest
					}
					u, ok := resolve(dest)
					links = append(links, Link{Dest: dest, URL: u, Broken: !ok, Image: attr != "href", Line: line, Col: col})
					return u
				}
				var u string
				if attr == "srcset" {
					images := parseSrcset(value)
					for i := range images {
						images[i].url = resolve(images[i].url)
					}
					u = formatSrcset(images)
				} else if u = resolve(value); u != value {
					// A file's name may have spaces, which a URL in HTML may not.
					u = strings.ReplaceAll(u, " ", "%20")
				}
				if u != value {
					edits = append(edits, edit{seg.Start + vs, seg.Start + ve, html.EscapeString(u)})
				}
			}
		}
		return ast.WalkSkipChildren, nil
	})
	if len(edits) == 0 {
		return nil, nil, links
	}
	rewritten = make([]byte, 0, len(src)+len(edits)*8)
	last := 0
	for _, e := range edits {
		rewritten = append(rewritten, src[last:e.start]...)
		rewrites = append(rewrites, rewrite{start: len(rewritten), end: len(rewritten) + len(e.url), delta: len(e.url) - (e.end - e.start)})
		rewritten = append(rewritten, e.url...)
		last = e.end
	}
	return append(rewritten, src[last:]...), rewrites, links
}

// rawHTMLResolver is how a raw HTML link to dest is resolved, as a
// Markdown one would be (a page's .md file, a file beside the page, a
// site path; GitBook writes its images as <img src="../.gitbook/assets/x.png">),
// or nil for a URL kept as written.
func rawHTMLResolver(doc *Document, dest []byte) (resolve func(string) (string, bool)) {
	switch {
	case bytes.Contains(dest, []byte(marker)):
		// A shortcode's output ({{ base_url() }}/img/x.png), known only later.
	case isSitePath(dest):
		resolve = doc.ResolvePath
	case isContentLink(dest):
		resolve = doc.ResolveLink
	case isRelativeAsset(dest):
		resolve = doc.ResolveAsset
	}
	return resolve
}

// tagBefore is the lower-case name of the element whose start tag b ends
// inside (b runs up to one of its attributes), or "" when its start is not
// in b.
func tagBefore(b []byte) string {
	i := bytes.LastIndexByte(b, '<')
	if i < 0 {
		return ""
	}
	m := htmlTag.FindSubmatch(b[i:])
	if m == nil {
		return ""
	}
	return strings.ToLower(string(m[1]))
}

func bytesEqualFold(b []byte, s string) bool { return strings.EqualFold(string(b), s) }
