package markdown

import (
	"bytes"
	"slices"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"kb/builder/diag"
)

// Attribute lists after inline elements, as Python-Markdown's attr_list
// reads them in MkDocs sites: "[Get started](start.md){ .md-button }".
// Material's button classes (and Just the Docs' .btn, in kramdown's
// "{: .btn }") make the link a button, in the class of kb's
// own (linkbutton.html's); kb has one button style, which stands for both
// .md-button and .md-button--primary. Any other attribute is left out
// with a warning naming it: a writer's attributes never reach the page,
// so no event handler, style or id comes in this way.

// linkButtonClass is the class of the LinkButton shortcode's link
// (themes/default/layouts/shortcodes/linkbutton.html), styled by the theme.
const linkButtonClass = "link-button"

// buttonClasses are Material for MkDocs's classes for a link shown as a
// button.
var buttonClasses = []string{".md-button", ".md-button--primary"}

type attrListParser struct{}

func (attrListParser) Trigger() []byte { return []byte{'{'} }

func (attrListParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	after := parent.LastChild()
	what := attributedName(after)
	if what == "" {
		return nil
	}
	line, seg := block.PeekLine()
	end := bytes.IndexByte(line, '}')
	if end < 0 {
		return nil
	}
	attrs, ok := attributeList(line[1:end])
	if !ok {
		return nil
	}
	block.Advance(end + 1)
	if _, isIcon := after.(*icon); isIcon {
		return ast.NewString(nil) // left out with its icon, which has its warning
	}
	var dropped []string
	button := false
	for _, a := range attrs {
		switch {
		case what == "a link" && (slices.Contains(buttonClasses, a) || a == ".btn" || strings.HasPrefix(a, ".btn-")):
			button = true // Just the Docs' .btn, .btn-primary, .btn-outline...
		case styleClass.MatchString(a):
			// Just the Docs' utility classes ({: .fs-5 .mb-4 }) only style.
		default:
			dropped = append(dropped, a)
		}
	}
	if button {
		after.SetAttributeString("class", []byte(linkButtonClass))
	}
	if st := stateOf(pc); st != nil && len(dropped) > 0 {
		l, col := st.lines.pos(seg.Start)
		kept := "kb keeps no attributes from a page"
		if what == "a link" {
			kept = "kb keeps only .md-button and .btn, which show a link as a button"
		}
		st.diags = append(st.diags, diag.WarnAt(st.doc.File, l, col,
			"attribute list after %s: %s left out (%s); remove it from the page", what, strings.Join(dropped, " "), kept).Of(diag.RawHTML))
	}
	return ast.NewString(nil) // the list itself shows nothing
}

// attributedName names the inline element an attribute list right after n
// would apply to, or is "" when n takes none.
func attributedName(n ast.Node) string {
	switch n := n.(type) {
	case *ast.Link:
		return "a link"
	case *ast.Image:
		return "an image"
	case *ast.CodeSpan:
		return "a code span"
	case *icon:
		return "an icon"
	case *parser.Delimiter:
		// Only a delimiter that closes one before it: "\sum_{k=0}" in
		// math is text, its "_" closing nothing.
		for p := n.PreviousSibling(); n.CanClose && p != nil; p = p.PreviousSibling() {
			if d, ok := p.(*parser.Delimiter); ok && d.Char == n.Char && d.CanOpen {
				return "emphasised text"
			}
		}
	}
	return ""
}

// attributeList splits the inside of "{ .a #b k=v k="v w" flag }" into its
// attributes as written; ok is false when it is not an attribute list.
// Bare words alone are one only when each has a hyphen (data-preview):
// "*fragile*{handle with care}" is the writer's text, not three flags.
func attributeList(s []byte) (attrs []string, ok bool) {
	s = bytes.TrimPrefix(s, []byte(":"))
	prose := true // only bare words without a hyphen so far
	for {
		s = util.TrimLeftSpace(s)
		if len(s) == 0 {
			return attrs, len(attrs) > 0 && !prose
		}
		start := 0
		if s[0] == '.' || s[0] == '#' {
			start = 1
		}
		i := scanName(s, start, "_-:")
		if i == start {
			return nil, false
		}
		if start == 1 || bytes.IndexByte(s[:i], '-') >= 0 || i < len(s) && s[i] == '=' {
			prose = false
		}
		if start == 0 && i < len(s) && s[i] == '=' {
			i++
			if i < len(s) && (s[i] == '"' || s[i] == '\'') {
				q := bytes.IndexByte(s[i+1:], s[i])
				if q < 0 {
					return nil, false
				}
				i += q + 2
			} else {
				for i < len(s) && s[i] != ' ' && s[i] != '\t' {
					i++
				}
			}
		}
		if i < len(s) && s[i] != ' ' && s[i] != '\t' {
			return nil, false
		}
		attrs = append(attrs, string(s[:i]))
		s = s[i:]
	}
}

// attrLists registers the attribute list parser.
type attrLists struct{}

func (attrLists) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(attrListParser{}, 500)))
}
