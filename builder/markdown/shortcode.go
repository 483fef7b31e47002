package markdown

import (
	"bytes"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
)

// The syntax of shortcodes, as content migrated from Hugo and Zola writes
// them: Hugo's {{< name args >}} and {{% name args %}}, paired with
// {{< /name >}}, and Zola's {{ name(k=v) }} and {% name(k=v) %}…{% end %}.
// Shortcodes in code spans and code blocks are code, and are left alone.
// What a shortcode becomes is in shortcode_expand.go.

// maxShortcode bounds how far a shortcode's closing delimiter is looked for,
// so that unclosed "{{<" or "{{ x(" cannot make the scan quadratic.
const maxShortcode = 1024

// maxComponentTag is maxShortcode for an MDX component's opening tag,
// whose attributes may hold a page of labels ({{ presets: {...} }}).
const maxComponentTag = 8192

type shortcodeKind int

const (
	scOpen    shortcodeKind = iota // {{< x >}}, {{% x %}}, {{ x() }}, {% x() %}
	scClose                        // {{< /x >}}, {{% /x %}}
	scZolaEnd                      // {% end %}
	scLiteral                      // {{</* x */>}}: Hugo's way to show a shortcode as text
	scNone
)

// tag is one shortcode delimiter pair found in the source.
type tag struct {
	start, end  int // byte range of the whole tag
	name        string
	kind        shortcodeKind
	zola        bool              // Zola's form: arguments in parentheses
	body        bool              // Zola's {% %} form, closed by {% end %}
	selfClosing bool              // Hugo's {{< x />}}
	percent     bool              // Hugo's {{% x %}}: a template written for Hugo writes Markdown (percent.go)
	args        []byte            // the argument text, unparsed
	jsx         string            // an MDX component's name as written ("TabItem"), "" for shortcodes
	player      map[string]string // a video player's iframe: the shortcode's named arguments (players.go)
}

// call is one shortcode use at the top level of a source: its opening tag
// and, when paired, the range of its inner content and the closing tag.
type call struct {
	open       tag
	start, end int // from the opening tag's start to the closing tag's end
	inner      region
	paired     bool
	stray      bool // a closing tag with no opening one
	literal    bool // shows open.args as text
	named      map[string]string
	positional []string
	dropped    []string // an MDX component's attributes that only JavaScript could evaluate
}

type region struct{ start, end int }

func mayHaveShortcodes(src []byte, mdx bool) bool {
	return bytes.Contains(src, []byte("{{")) || bytes.Contains(src, []byte("{%")) || mdx && bytes.Contains(src, []byte("<")) ||
		mayHavePlayers(src) || mayHaveComponents(src)
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

// findCalls returns the top-level shortcode uses of src outside the code
// regions, in order, in MDX its components' uses, and the iframes of video
// players whose shortcode hasTemplate. Shortcodes inside a paired one's
// inner content are found when that content is rendered.
func findCalls(src []byte, code []region, mdx bool, hasTemplate func(name string) bool) []*call {
	tags := scanTags(src, code, mdx, hasTemplate)
	if len(tags) == 0 {
		return nil
	}
	closer := make([]int, len(tags))
	var open []int // stack of tags that may be paired
	for i, t := range tags {
		closer[i] = -1
		var match func(tag) bool
		switch {
		case t.kind == scOpen && (t.body || !t.zola && !t.selfClosing):
			open = append(open, i)
			continue
		case t.kind == scClose:
			match = func(o tag) bool { return !o.zola && o.name == t.name }
		case t.kind == scZolaEnd:
			match = func(o tag) bool { return o.body }
		default:
			continue
		}
		for j := len(open) - 1; j >= 0; j-- {
			if match(tags[open[j]]) {
				closer[open[j]] = i
				open = open[:j]
				break
			}
		}
	}
	var calls []*call
	covered := 0
	for i, t := range tags {
		if t.start < covered || t.kind == scZolaEnd {
			continue
		}
		c := &call{open: t, start: t.start, end: t.end, stray: t.kind == scClose, literal: t.kind == scLiteral}
		if j := closer[i]; j >= 0 {
			c.paired = true
			c.inner = region{t.end, tags[j].start}
			c.end = tags[j].end
		}
		if !c.stray && !c.literal {
			if t.player != nil {
				c.named = t.player
			} else if t.jsx != "" {
				c.named, c.dropped = jsxAttrs(t.args)
			} else if t.zola {
				c.named, c.positional = zolaArgs(t.args)
			} else {
				c.named, c.positional = hugoArgs(t.args)
			}
		}
		covered = c.end
		calls = append(calls, c)
	}
	return calls
}

// scanTags finds every shortcode tag outside the code regions, in MDX
// every component tag, elsewhere the component tags whose shortcode
// hasTemplate, and the iframes of players whose shortcode hasTemplate.
func scanTags(src []byte, code []region, mdx bool, hasTemplate func(name string) bool) []tag {
	var tags []tag
	ri := 0
	zolaOpen := 0
	players := hasTemplate != nil && mayHavePlayers(src)
	// Markdown pages of Vue sites (VitePress) use components too: those
	// the theme has a template for (<Badge>) are read as in MDX.
	components := !mdx && hasTemplate != nil && mayHaveComponents(src)
	starts := "{"
	if mdx || players || components {
		starts = "{<"
	}
	for i := 0; i < len(src); {
		k := bytes.IndexAny(src[i:], starts)
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
		var t tag
		var ok bool
		if src[i] == '<' {
			if players {
				t, ok = playerTag(src[:min(limit, i+maxComponentTag)], i)
				ok = ok && hasTemplate(t.name)
			}
			if !ok && mdx {
				t, ok = jsxTag(src[:min(limit, i+maxComponentTag)], i)
			}
			if !ok && components {
				t, ok = jsxTag(src[:min(limit, i+maxComponentTag)], i)
				ok = ok && hasTemplate(t.name)
			}
		} else {
			t, ok = matchTag(src[:min(limit, i+maxShortcode)], i)
		}
		if ok && t.kind == scZolaEnd {
			if zolaOpen > 0 {
				zolaOpen--
			} else {
				ok = false
			}
		}
		if !ok {
			i++
			continue
		}
		if t.body {
			zolaOpen++
		}
		tags = append(tags, t)
		i = t.end
	}
	return tags
}

// matchTag matches a shortcode tag at b[i].
func matchTag(b []byte, i int) (tag, bool) {
	rest := b[i:]
	t := tag{start: i}
	switch {
	case bytes.HasPrefix(rest, []byte("{{<")), bytes.HasPrefix(rest, []byte("{{%")):
		delim := rest[2] // '%', or '<' closed by '>'
		if delim == '<' {
			delim = '>'
		}
		j := skipSpace(b, i+3)
		if bytes.HasPrefix(b[j:], []byte("/*")) { // {{</* x */>}} shows {{< x >}}
			end := []byte{'*', '/', rest[2], '}', '}'}
			if rest[2] == '<' {
				end[2] = '>'
			}
			j += 2
			k := bytes.Index(b[j:], end)
			if k < 0 || bytes.Contains(b[j:j+k], []byte("\n\n")) {
				return t, false
			}
			t.kind, t.end = scLiteral, j+k+len(end)
			t.args = slices.Concat(rest[:3], b[j:j+k], []byte{end[2], '}', '}'})
			return t, true
		}
		t.kind, t.percent = scOpen, rest[2] == '%'
		if j < len(b) && b[j] == '/' {
			t.kind = scClose
			j = skipSpace(b, j+1)
		}
		start := j
		j = scanName(b, j, "_-./")
		if j == start {
			return t, false
		}
		t.name = string(b[start:j])
		term := []byte{delim, '}', '}'}
		k := bytes.Index(b[j:], term)
		if k < 0 || bytes.Contains(b[j:j+k], []byte("\n\n")) {
			return t, false
		}
		args := bytes.TrimSpace(b[j : j+k])
		if a, ok := bytes.CutSuffix(args, []byte("/")); ok && t.kind == scOpen {
			t.selfClosing = true
			args = a
		}
		t.args = args
		t.end = j + k + len(term)
		return t, true

	case bytes.HasPrefix(rest, []byte("{{")), bytes.HasPrefix(rest, []byte("{%")):
		t.zola = true
		t.body = rest[1] == '%'
		j := skipSpace(b, i+2)
		start := j
		j = scanName(b, j, "_")
		if j == start || !isNameStart(b[start:]) {
			return t, false
		}
		t.name = string(b[start:j])
		j = skipSpace(b, j)
		closer := []byte("}}")
		if t.body {
			closer = []byte("%}")
			if t.name == "end" {
				if bytes.HasPrefix(b[j:], closer) {
					t.kind, t.body, t.end = scZolaEnd, false, j+2
					return t, true
				}
				return t, false
			}
		}
		if j >= len(b) || b[j] != '(' {
			return t, false
		}
		open := j
		j = scanBalanced(b, j, '(', ')')
		if j < 0 {
			return t, false
		}
		t.args = b[open+1 : j-1]
		j = skipSpace(b, j)
		if !bytes.HasPrefix(b[j:], closer) {
			return t, false
		}
		t.kind, t.end = scOpen, j+2
		return t, true
	}
	return t, false
}

// scanBalanced skips from b[j] == open to the close that balances it,
// honouring quoted strings and their backslash escapes, and returns the
// offset just past it; it fails (-1) at a blank line or the end of b.
// Zola's argument lists and MDX's {expressions} are read with it.
func scanBalanced(b []byte, j int, open, close byte) int {
	depth := 0
	var quote byte
	for ; j < len(b); j++ {
		c := b[j]
		switch {
		case quote != 0:
			if c == '\\' {
				j++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'' || c == '`':
			quote = c
		case c == open:
			depth++
		case c == close:
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

// hugoArgs splits Hugo's arguments: whitespace-separated values, each
// "quoted" (with \" escapes), `raw` or bare, positional or name=value.
func hugoArgs(b []byte) (map[string]string, []string) {
	var named map[string]string
	var positional []string
	for {
		b = bytes.TrimLeft(b, " \t\n")
		if len(b) == 0 {
			return named, positional
		}
		key := ""
		if k := scanName(b, 0, "_-"); k > 0 && k < len(b) && b[k] == '=' {
			key, b = string(b[:k]), b[k+1:]
		}
		var v string
		v, b = scanValue(b, " \t\n")
		if key != "" {
			if named == nil {
				named = map[string]string{}
			}
			named[key] = v
		} else {
			positional = append(positional, v)
		}
	}
}

// zolaArgs splits Zola's arguments: comma-separated name=value pairs whose
// values are quoted strings, numbers, booleans or [arrays] (kept as written).
func zolaArgs(b []byte) (map[string]string, []string) {
	var named map[string]string
	var positional []string
	for {
		b = bytes.TrimLeft(b, " \t\n,")
		if len(b) == 0 {
			return named, positional
		}
		key := ""
		if k := scanName(b, 0, "_"); k > 0 {
			if rest := bytes.TrimLeft(b[k:], " \t\n"); len(rest) > 0 && rest[0] == '=' {
				key, b = string(b[:k]), bytes.TrimLeft(rest[1:], " \t\n")
			}
		}
		var v string
		if len(b) > 0 && b[0] == '[' {
			end := bytes.IndexByte(b, ']')
			if end < 0 {
				end = len(b) - 1
			}
			v, b = string(b[:end+1]), b[end+1:]
		} else {
			v, b = scanValue(b, ",")
			v = strings.TrimSpace(v)
		}
		if key != "" {
			if named == nil {
				named = map[string]string{}
			}
			named[key] = v
		} else {
			positional = append(positional, v)
		}
	}
}

// scanValue reads one quoted or bare value up to one of the stop bytes.
func scanValue(b []byte, stop string) (string, []byte) {
	if len(b) == 0 {
		return "", b
	}
	switch q := b[0]; q {
	case '"', '\'', '`':
		var v []byte
		for i := 1; i < len(b); i++ {
			switch {
			case b[i] == '\\' && q != '`' && i+1 < len(b) && (b[i+1] == q || b[i+1] == '\\'):
				v = append(v, b[i+1])
				i++
			case b[i] == q:
				return string(v), b[i+1:]
			default:
				v = append(v, b[i])
			}
		}
		return string(v), nil
	}
	i := bytes.IndexAny(b, stop)
	if i < 0 {
		i = len(b)
	}
	return string(b[:i]), b[i:]
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

// mayHaveComponents reports whether src may hold a component's tag: a
// "<" before a capital letter.
func mayHaveComponents(src []byte) bool {
	return anyTag(src, func(tag []byte) bool {
		name := bytes.TrimPrefix(tag[1:], []byte("/"))
		return len(name) > 0 && 'A' <= name[0] && name[0] <= 'Z'
	})
}
