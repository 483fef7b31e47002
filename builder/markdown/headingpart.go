package markdown

import (
	"bytes"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"golang.org/x/text/unicode/norm"
)

// headingPart is the part of a Markdown file's text (front matter left
// out) under the heading whose id is name, as VitePress includes
// "x.md#name" when the file has no region of that name: the lines below
// the heading up to the next heading of the same or a higher level, or
// the end. A heading's id is its own {#id}, or the one made from its text,
// as kb makes it or as VitePress does (the include was written for
// VitePress's ids); ok is false when no heading has it.
func headingPart(src []byte, name string) (part []byte, ok bool) {
	p := boundedParser()
	p.AddOptions(parser.WithHeadingAttribute())
	doc := p.Parse(text.NewReader(src))

	type found struct{ level, first, below int } // first line, line below it
	var headings []found
	at := -1 // the one called name, in headings
	kbIDs, vitepressIDs := newHeadingIDs(), newHeadingIDs()
	var pw plainWriter
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		h, isHeading := n.(*ast.Heading)
		if !entering || !isHeading || h.Lines().Len() == 0 {
			return ast.WalkContinue, nil
		}
		lines := h.Lines()
		first := bytes.Count(src[:lines.At(0).Start], []byte("\n"))
		below := bytes.Count(src[:lines.At(lines.Len()-1).Start], []byte("\n")) + 1
		if lineStart := bytes.LastIndexByte(src[:lines.At(0).Start], '\n') + 1; !bytes.Contains(src[lineStart:lines.At(0).Start], []byte("#")) {
			below++ // a setext heading: its underline is below the text
		}
		pw = plainWriter{buf: pw.buf[:0]}
		pw.inlines(h, src)
		var ids []string
		if custom, ok := h.AttributeString("id"); ok {
			id := string(custom.([]byte))
			kbIDs.Put(custom.([]byte))
			vitepressIDs.Put(custom.([]byte))
			ids = []string{id}
		} else {
			ids = []string{kbIDs.unique(slug(string(pw.buf))), vitepressIDs.unique(vitepressSlug(string(pw.buf)))}
		}
		if at < 0 && (ids[0] == name || len(ids) > 1 && ids[1] == name) {
			at = len(headings)
		}
		headings = append(headings, found{h.Level, first, below})
		return ast.WalkSkipChildren, nil
	})
	if at < 0 {
		return nil, false
	}
	lines := bytes.SplitAfter(src, []byte("\n"))
	end := len(lines)
	for _, h := range headings[at+1:] {
		if h.level <= headings[at].level {
			end = h.first
			break
		}
	}
	return bytes.Join(lines[min(headings[at].below, end):end], nil), true
}

// vitepressSpecial are the characters VitePress's slugify (@mdit-vue's)
// turns into '-', runs of them one.
const vitepressSpecial = "~`!@#$%^&*()-_+=[]{}|\\;:\"'\u201c\u201d\u2018\u2019<>,.?/"

// vitepressSlug makes a heading's id as VitePress does: compatibility
// decomposed, combining accents and control characters dropped, runs of
// spaces and punctuation one '-', none at either end, a '_' before a
// leading digit, lowercased.
func vitepressSlug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFKD.String(s) {
		switch {
		case r >= 0x300 && r <= 0x36f, r <= 0x1f:
		case unicode.IsSpace(r) || strings.ContainsRune(vitepressSpecial, r):
			dash = true
		default:
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
		}
	}
	id := b.String()
	if id != "" && id[0] >= '0' && id[0] <= '9' {
		id = "_" + id
	}
	return id
}
