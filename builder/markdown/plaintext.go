package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/util"
)

// plainWriter collects the text of blocks for search: one line per block,
// whitespace runs collapsed (blanked shortcodes leave runs of spaces), no
// markup, entities and backslash escapes decoded.
type plainWriter struct {
	buf     []byte
	space   bool // a space is due before the next character
	newline bool // a newline is due before the next character
}

func (p *plainWriter) startBlock() {
	p.space = false
	p.newline = len(p.buf) > 0
}

// write appends b as writeWords does; text whose words are apart by one
// space each, as most is, at once.
func (p *plainWriter) write(b []byte) {
	if singleSpaced(b) {
		p.separate()
		p.buf = append(p.buf, b...)
		return
	}
	p.writeWords(b)
}

// writeWords appends b a word (a run of non-whitespace) at a time.
func (p *plainWriter) writeWords(b []byte) {
	for len(b) > 0 {
		if isBlank(b[0]) {
			p.space = true
			b = b[1:]
			continue
		}
		end := 1
		for end < len(b) && !isBlank(b[end]) {
			end++
		}
		p.separate()
		p.buf = append(p.buf, b[:end]...)
		b = b[end:]
	}
}

// separate writes the newline or space due before a word.
func (p *plainWriter) separate() {
	if p.newline {
		p.buf = append(p.buf, '\n')
		p.newline, p.space = false, false
	} else if p.space {
		if len(p.buf) > 0 && p.buf[len(p.buf)-1] != '\n' {
			p.buf = append(p.buf, ' ')
		}
		p.space = false
	}
}

// singleSpaced reports whether b is words apart by single spaces, with no
// whitespace at either end, which write copies as it is.
func singleSpaced(b []byte) bool {
	if len(b) == 0 || b[0] == ' ' || b[len(b)-1] == ' ' {
		return false
	}
	for i, c := range b {
		if c < ' ' || c == ' ' && b[i-1] == ' ' {
			return false
		}
	}
	return true
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// block writes the text of a block node and its descendants.
func (p *plainWriter) block(n ast.Node, src []byte) {
	switch n := n.(type) {
	case *ast.Paragraph, *ast.TextBlock, *ast.Heading, *east.DefinitionTerm, *calloutTitle, *tabLabel:
		p.startBlock()
		p.inlines(n, src)
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		p.startBlock()
		lines := n.Lines()
		for i := range lines.Len() {
			seg := lines.At(i)
			p.write(seg.Value(src))
		}
	case *shortcodeBlock:
		p.startBlock()
		p.write([]byte(n.text))
	case *ast.HTMLBlock, *ast.ThematicBreak, *ast.LinkReferenceDefinition:
	case *east.TableCell:
		p.startBlock()
		p.inlines(n, src)
	default:
		if n.Type() == ast.TypeInline {
			p.startBlock()
			p.inline(n, src)
			return
		}
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			p.block(c, src)
		}
	}
}

// inlines writes the text of the inline children of n.
func (p *plainWriter) inlines(n ast.Node, src []byte) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		p.inline(c, src)
	}
}

func (p *plainWriter) inline(n ast.Node, src []byte) {
	switch n := n.(type) {
	case *ast.Text:
		v := n.Segment.Value(src)
		if !n.IsRaw() {
			v = decode(v)
		}
		p.write(v)
		if n.SoftLineBreak() || n.HardLineBreak() {
			p.space = true
		}
	case *ast.String:
		v := n.Value
		if !n.IsCode() && !n.IsRaw() {
			v = decode(v)
		}
		p.write(v)
	case *ast.CodeSpan:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch t := c.(type) {
			case *ast.Text:
				p.write(t.Segment.Value(src))
			case *ast.String:
				p.write(t.Value)
			}
		}
	case *ast.AutoLink:
		p.write(n.Label(src))
	case *shortcodeNode:
		p.write([]byte(n.text))
	case *ast.RawHTML, *east.TaskCheckBox:
	default:
		p.inlines(n, src)
	}
}

// decode resolves backslash escapes and HTML entities, allocating only when
// there is something to resolve.
func decode(v []byte) []byte {
	if bytes.IndexByte(v, '\\') >= 0 {
		v = util.UnescapePunctuations(v)
	}
	if bytes.IndexByte(v, '&') >= 0 {
		v = util.ResolveNumericReferences(v)
		v = util.ResolveEntityNames(v)
	}
	return v
}
