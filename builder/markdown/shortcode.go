package markdown

import (
	"bytes"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"

	"kb/builder/diag"
)

// Content migrated from Hugo and Zola carries their shortcodes, which kb does
// not run. They are blanked out of a copy of the source (spaces, newlines
// kept, so every later position is still right) before the real parse, and
// reported once per name. Paired shortcodes keep their inner Markdown.
// Shortcodes in code spans and code blocks are code, and are left alone.

// maxShortcode bounds how far a shortcode's closing delimiter is looked for,
// so that unclosed "{{<" or "{{ x(" cannot make the scan quadratic.
const maxShortcode = 1024

type shortcodeKind int

const (
	scOpen    shortcodeKind = iota // {{< x >}}, {{% x %}}, {{ x() }}, {% x() %}
	scClose                        // {{< /x >}}, {{% /x %}}
	scZolaEnd                      // {% end %}
	scNone
)

// shortcodeUse is one shortcode name found in a document.
type shortcodeUse struct {
	name   string
	off    int // first use
	opens  int
	closes int
}

type region struct{ start, end int }

func mayHaveShortcodes(src []byte) bool {
	return bytes.Contains(src, []byte("{{")) || bytes.Contains(src, []byte("{%"))
}

// codeRegions returns the byte ranges of code blocks and code spans, in order.
func codeRegions(root ast.Node, src []byte) []region {
	var rs []region
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			if l := n.Lines(); l.Len() > 0 {
				rs = append(rs, region{l.At(0).Start, l.At(l.Len() - 1).Stop})
			}
			return ast.WalkSkipChildren, nil
		case *ast.CodeSpan:
			r := region{-1, -1}
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				if t, ok := c.(*ast.Text); ok {
					if r.start < 0 || t.Segment.Start < r.start {
						r.start = t.Segment.Start
					}
					r.end = max(r.end, t.Segment.Stop)
				}
			}
			if r.start >= 0 {
				rs = append(rs, r)
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	slices.SortFunc(rs, func(a, b region) int { return a.start - b.start })
	return rs
}

// blankShortcodes returns a copy of src with every shortcode outside the code
// regions replaced by spaces, and the shortcodes found (nil if none).
func blankShortcodes(src []byte, code []region) ([]byte, []shortcodeUse) {
	var out []byte
	var uses []shortcodeUse
	ri := 0
	zolaOpen := 0
	for i := 0; i < len(src); {
		k := bytes.IndexByte(src[i:], '{')
		if k < 0 {
			break
		}
		i += k
		for ri < len(code) && code[ri].end <= i {
			ri++
		}
		limit := len(src)
		if ri < len(code) {
			if code[ri].start <= i {
				i = code[ri].end
				continue
			}
			limit = code[ri].start
		}
		limit = min(limit, i+maxShortcode)
		end, name, kind := matchShortcode(src[:limit], i)
		if kind == scZolaEnd {
			if zolaOpen == 0 {
				kind = scNone
			} else {
				zolaOpen--
			}
		}
		if kind == scNone {
			i++
			continue
		}
		if out == nil {
			out = slices.Clone(src)
		}
		for j := i; j < end; j++ {
			if out[j] != '\n' {
				out[j] = ' '
			}
		}
		if kind != scZolaEnd {
			if after, ok := strings.CutPrefix(name, "{%"); ok {
				zolaOpen++
				name = after
			}
			u := slices.IndexFunc(uses, func(u shortcodeUse) bool { return u.name == name })
			if u < 0 {
				uses = append(uses, shortcodeUse{name: name, off: i})
				u = len(uses) - 1
			}
			if kind == scOpen {
				uses[u].opens++
			} else {
				uses[u].closes++
			}
		}
		i = end
	}
	if out == nil {
		return src, nil
	}
	return out, uses
}

// matchShortcode matches a shortcode at b[i]; it returns its end, its name
// (prefixed with "{%" for a Zola body shortcode) and kind, or scNone.
func matchShortcode(b []byte, i int) (end int, name string, kind shortcodeKind) {
	rest := b[i:]
	switch {
	case bytes.HasPrefix(rest, []byte("{{<")), bytes.HasPrefix(rest, []byte("{{%")):
		delim := rest[2] // '%', or '<' closed by '>'
		if delim == '<' {
			delim = '>'
		}
		j := skipSpace(b, i+3)
		if bytes.HasPrefix(b[j:], []byte("/*")) { // {{</* x */>}} shows a shortcode literally
			return -1, "", scNone
		}
		kind = scOpen
		if j < len(b) && b[j] == '/' {
			kind = scClose
			j = skipSpace(b, j+1)
		}
		start := j
		j = scanName(b, j, "_-./")
		if j == start {
			return -1, "", scNone
		}
		name = string(b[start:j])
		term := []byte{delim, '}', '}'}
		k := bytes.Index(b[j:], term)
		if k < 0 || bytes.Contains(b[j:j+k], []byte("\n\n")) {
			return -1, "", scNone
		}
		return j + k + len(term), name, kind

	case bytes.HasPrefix(rest, []byte("{{")), bytes.HasPrefix(rest, []byte("{%")):
		zolaBody := rest[1] == '%'
		j := skipSpace(b, i+2)
		start := j
		j = scanName(b, j, "_")
		if j == start || !isNameStart(b[start:]) {
			return -1, "", scNone
		}
		name = string(b[start:j])
		j = skipSpace(b, j)
		closer := []byte("}}")
		if zolaBody {
			closer = []byte("%}")
			if name == "end" {
				if bytes.HasPrefix(b[j:], closer) {
					return j + 2, "", scZolaEnd
				}
				return -1, "", scNone
			}
			name = "{%" + name
		}
		if j >= len(b) || b[j] != '(' {
			return -1, "", scNone
		}
		j = scanArgs(b, j)
		if j < 0 {
			return -1, "", scNone
		}
		j = skipSpace(b, j)
		if !bytes.HasPrefix(b[j:], closer) {
			return -1, "", scNone
		}
		return j + 2, name, scOpen
	}
	return -1, "", scNone
}

// scanArgs skips a parenthesised argument list starting at b[j] == '(',
// honouring quotes; it fails at a blank line or the end of b.
func scanArgs(b []byte, j int) int {
	depth := 0
	var quote byte
	for ; j < len(b); j++ {
		c := b[j]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'' || c == '`':
			quote = c
		case c == '(':
			depth++
		case c == ')':
			depth--
			if depth == 0 {
				return j + 1
			}
		}
		if c == '\n' && j+1 < len(b) && b[j+1] == '\n' {
			return -1
		}
	}
	return -1
}

func skipSpace(b []byte, j int) int {
	for j < len(b) && (b[j] == ' ' || b[j] == '\t' || b[j] == '\n') {
		j++
	}
	return j
}

// scanName skips letters, digits and marks of any script and the given ASCII
// punctuation.
func scanName(b []byte, j int, punct string) int {
	for j < len(b) {
		r, size := utf8.DecodeRune(b[j:])
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) ||
			r < utf8.RuneSelf && strings.IndexByte(punct, byte(r)) >= 0) {
			break
		}
		j += size
	}
	return j
}

func isNameStart(b []byte) bool {
	r, _ := utf8.DecodeRune(b)
	return unicode.IsLetter(r) || r == '_'
}

func shortcodeDiagnostics(uses []shortcodeUse, file string, lines lineIndex) []diag.Diagnostic {
	ds := make([]diag.Diagnostic, 0, len(uses))
	for _, u := range uses {
		n := u.opens
		if n == 0 {
			n = u.closes
		}
		plural := "s"
		if n == 1 {
			plural = ""
		}
		line, col := lines.pos(u.off)
		ds = append(ds, diag.WarnAt(file, line, col,
			"shortcode %q is not supported and was removed (%d use%s)", u.name, n, plural).Of(diag.Shortcode))
	}
	return ds
}
