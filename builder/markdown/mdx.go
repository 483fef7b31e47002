package markdown

import (
	"bytes"
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// MDX pages (Starlight, Docusaurus) are Markdown with JavaScript module
// lines, {/* comments */} and JSX components. Before the Markdown parse,
// mdxSource hides what a reader must not see and lays components out as
// Markdown reads them; the components themselves are then shortcodes
// (jsxTag, read by scanTags). Every line stays where it was, so each later
// diagnostic names the line the writer wrote.

// mdxSource returns src with, outside fenced code:
//   - import and export statements at the start of a block blanked out;
//   - {/* comments */} blanked out;
//   - Starlight's <Aside type="tip" title="T"> and </Aside>, each on a line
//     of its own, written as the :::tip[T] and ::: of a callout;
//   - the lines inside a component's tags dedented by their common
//     indentation: MDX has no indented code, and writers indent children.
//
// It returns too the Markdown files the statements import as components
// (mdxImports), which the components then render in place (partials.go).
func mdxSource(src []byte) ([]byte, []mdxImport) {
	lines := bytes.SplitAfter(slices.Clone(src), []byte("\n"))
	var code fences
	depth := 0 // components open around the line
	inESM, inTag, inComment := false, false, false
	var asides []bool // for each <Aside> open around the line: written as :::
	prevBlank := true
	var run []int // lines inside components since the last tag line
	var imports []mdxImport
	offset := 0 // of the line in src
	flush := func() {
		dedent(lines, run)
		run = run[:0]
	}
	for i, line := range lines {
		at := offset
		offset += len(line)
		body := bytes.TrimRight(line, "\r\n")
		trimmed := bytes.TrimLeft(body, " \t")
		blank := len(trimmed) == 0
		switch {
		case code.open():
			code.line(trimmed)
		case inComment:
			inComment = blankComments(line, true)
		case inESM:
			if blank {
				inESM = false
			} else {
				imports = appendImport(imports, trimmed, at+len(body)-len(trimmed))
				blankOut(line)
			}
		case inTag:
			if tagEnds(trimmed) {
				inTag = false
				if bytes.HasSuffix(bytes.TrimRight(trimmed, " \t"), []byte("/>")) {
					depth-- // self-closing after all
				}
			}
			continue
		case prevBlank && len(body) == len(trimmed) && esmStart(trimmed):
			imports = appendImport(imports, trimmed, at)
			blankOut(line)
			inESM = true
		case code.line(trimmed): // opens a fenced block
		case componentLine(trimmed):
			flush()
			indent := len(body) - len(trimmed)
			lines[i] = line[indent:]
			t, ok := jsxTag(trimmed, 0)
			switch {
			case ok && t.end == len(trimmed):
				if t.kind == scOpen && !t.selfClosing {
					depth++
				} else if t.kind == scClose {
					depth = max(0, depth-1)
				}
				if t.jsx == "Aside" {
					asides = asideLine(lines, i, t, asides)
				}
			case ok && t.jsx == "Aside" && t.kind == scOpen:
				asideOneLine(lines, i, t, trimmed)
			case !ok && !tagEnds(trimmed):
				inTag = true // attributes continue on the next lines
				depth++
			}
			prevBlank = false
			continue
		default:
			inComment = blankComments(line, false)
		}
		if depth > 0 {
			run = append(run, i)
		}
		prevBlank = blank
	}
	flush()
	return bytes.Join(lines, nil), imports
}

// esmStart reports a line that opens an import or export statement.
func esmStart(line []byte) bool {
	for _, kw := range []string{"import", "export"} {
		if rest, ok := bytes.CutPrefix(line, []byte(kw)); ok && len(rest) > 0 && strings.IndexByte(" \t{*'\"", rest[0]) >= 0 {
			return true
		}
	}
	return false
}

// componentLine reports a line that starts with a component's tag: a
// capital letter after "<" or "</" (lowercase names are HTML).
func componentLine(line []byte) bool {
	name, ok := bytes.CutPrefix(line, []byte("<"))
	name = bytes.TrimPrefix(name, []byte("/"))
	return ok && len(name) > 0 && 'A' <= name[0] && name[0] <= 'Z'
}

// tagEnds reports whether a line of a tag's attributes closes the tag.
func tagEnds(line []byte) bool {
	line = bytes.TrimRight(line, " \t")
	return bytes.HasSuffix(line, []byte(">"))
}

// blankOut replaces a line's text by spaces, keeping its line break.
func blankOut(line []byte) {
	for j, c := range line {
		if c != '\n' && c != '\r' {
			line[j] = ' '
		}
	}
}

// blankComments blanks the {/* comments */} of a line, the first part
// being the rest of one opened on an earlier line when open; it reports
// whether a comment is still open at the line's end. Code spans are left.
func blankComments(line []byte, open bool) bool {
	i := 0
	for i < len(line) {
		if !open {
			k := bytes.IndexAny(line[i:], "`{")
			if k < 0 {
				return false
			}
			i += k
			if line[i] == '`' {
				ticks := len(line[i:]) - len(bytes.TrimLeft(line[i:], "`"))
				end := bytes.Index(line[i+ticks:], line[i:i+ticks])
				if end < 0 {
					return false
				}
				i += 2*ticks + end
				continue
			}
			if !bytes.HasPrefix(bytes.TrimLeft(line[i+1:], " \t"), []byte("/*")) {
				i++
				continue
			}
		}
		start := i
		end := bytes.Index(line[i:], []byte("*/"))
		if end < 0 {
			blankOut(line[start:])
			return true
		}
		i += end + 2
		close := bytes.IndexByte(line[i:], '}')
		if close < 0 || len(bytes.TrimSpace(line[i:i+close])) > 0 {
			close = -1 // "*/" without its "}": leave the rest
		} else {
			i += close + 1
		}
		blankOut(line[start:i])
		open = false
	}
	return open
}

// dedent removes the indentation that the given lines share (blank lines
// aside), then that of each paragraph still indented as code, unless it
// continues a list item: MDX has no indented code, so writers indent
// children as they like.
func dedent(lines [][]byte, run []int) {
	by(lines, run, commonIndent(lines, run))
	var chunk []int
	// item is the indentation of the list item's content the chunks
	// continue, -1 out of a list.
	item := -1
	var code fences
	end := func() {
		if len(chunk) == 0 {
			return
		}
		n := commonIndent(lines, chunk)
		switch {
		case item >= 0 && n > 0:
			if n >= item+4 {
				by(lines, chunk, n-item)
			}
		case n > 0 && columns(lines[chunk[0]][:n]) >= 4:
			by(lines, chunk, n)
		default:
			item = -1
		}
		if k := listItem(lines[chunk[0]]); k > 0 {
			item = k
		}
		chunk = chunk[:0]
	}
	for _, i := range run {
		trimmed := bytes.TrimSpace(lines[i])
		switch {
		case code.line(trimmed):
		case len(trimmed) == 0:
			end()
			continue
		}
		chunk = append(chunk, i)
	}
	end()
}

// commonIndent is the number of leading spaces and tabs the non-blank
// lines share, or 0.
func commonIndent(lines [][]byte, run []int) int {
	common := -1
	for _, i := range run {
		body := bytes.TrimRight(lines[i], "\r\n")
		trimmed := bytes.TrimLeft(body, " \t")
		if len(trimmed) == 0 {
			continue
		}
		if n := len(body) - len(trimmed); common < 0 || n < common {
			common = n
		}
	}
	return max(common, 0)
}

// by removes up to n bytes of indentation from each line.
func by(lines [][]byte, run []int, n int) {
	if n == 0 {
		return
	}
	for _, i := range run {
		k := min(n, len(lines[i])-len(bytes.TrimLeft(lines[i], " \t")))
		lines[i] = lines[i][k:]
	}
}

// columns is the width of indentation, a tab counting as four.
func columns(indent []byte) int {
	return len(indent) + 3*bytes.Count(indent, []byte("\t"))
}

// listItem returns the indentation of the content of a list item that
// line opens ("- x", "1. x"), or 0.
func listItem(line []byte) int {
	trimmed := bytes.TrimLeft(line, " \t")
	marker := 0
	switch digits := len(trimmed) - len(bytes.TrimLeft(trimmed, "0123456789")); {
	case len(trimmed) >= 2 && bytes.IndexByte([]byte("-*+"), trimmed[0]) >= 0:
		marker = 1
	case digits > 0 && digits < len(trimmed) && (trimmed[digits] == '.' || trimmed[digits] == ')'):
		marker = digits + 1
	default:
		return 0
	}
	spaces := len(trimmed[marker:]) - len(bytes.TrimLeft(trimmed[marker:], " "))
	if spaces == 0 {
		return 0
	}
	return len(line) - len(trimmed) + marker + spaces
}

// asideLine writes Starlight's <Aside type="tip" title="T"> on a line of
// its own as the :::tip[T] that opens a callout, when its </Aside> is on a
// line of its own too, and that </Aside> as the ::: that closes it. open
// says, for each Aside around line i, whether it was written so.
func asideLine(lines [][]byte, i int, t tag, open []bool) []bool {
	eol := lines[i][len(bytes.TrimRight(lines[i], "\r\n")):]
	switch {
	case t.kind == scClose:
		if len(open) == 0 {
			return open
		}
		if open[len(open)-1] {
			lines[i] = append([]byte(":::"), eol...)
		}
		return open[:len(open)-1]
	case t.selfClosing:
		lines[i] = eol
		return open
	case !closedOnOwnLine(lines[i+1:]):
		return append(open, false)
	}
	lines[i] = append([]byte(calloutOpening(t)), eol...)
	return append(open, true)
}

// asideOneLine writes <Aside type="tip">Text.</Aside>, alone on line i
// between blank lines, as a callout over those three lines.
func asideOneLine(lines [][]byte, i int, t tag, trimmed []byte) {
	inner, ok := bytes.CutSuffix(bytes.TrimRight(trimmed, " \t"), []byte("</Aside>"))
	if !ok || i == 0 || i+1 >= len(lines) || !blankLine(lines[i-1]) || !blankLine(lines[i+1]) ||
		bytes.Contains(inner[t.end:], []byte("<Aside")) {
		return
	}
	eol := lines[i][len(bytes.TrimRight(lines[i], "\r\n")):]
	lines[i-1] = append([]byte(calloutOpening(t)), eol...)
	lines[i] = append(slices.Clone(inner[t.end:]), eol...)
	lines[i+1] = append([]byte(":::"), lines[i+1][len(bytes.TrimRight(lines[i+1], "\r\n")):]...)
}

func blankLine(line []byte) bool { return len(bytes.TrimSpace(line)) == 0 }

// closedOnOwnLine reports whether an </Aside> on a line of its own closes
// the Aside opened just before lines.
func closedOnOwnLine(lines [][]byte) bool {
	depth := 0
	var code fences
	for _, line := range lines {
		trimmed := bytes.TrimSpace(line)
		switch {
		case code.line(trimmed):
		case bytes.Equal(trimmed, []byte("</Aside>")):
			if depth == 0 {
				return true
			}
			depth--
		case bytes.HasPrefix(trimmed, []byte("<Aside")) && !bytes.Contains(trimmed, []byte("</Aside>")) && !bytes.HasSuffix(trimmed, []byte("/>")):
			depth++
		}
	}
	return false
}

// fences follows the fenced code blocks of a page, line by line: MDX
// syntax in them is code, shown as written.
type fences struct {
	marker []byte // the open block's fence ("```", "~~~~"), nil outside
}

func (f *fences) open() bool { return f.marker != nil }

// line reports whether a line, less its indentation, is fenced code: it
// opens a block, is in one, or closes it.
func (f *fences) line(trimmed []byte) bool {
	if f.marker != nil {
		if end := bytes.TrimRight(trimmed, " \t"); len(end) >= len(f.marker) && len(bytes.Trim(end, string(f.marker[0]))) == 0 {
			f.marker = nil
		}
		return true
	}
	if bytes.HasPrefix(trimmed, []byte("```")) || bytes.HasPrefix(trimmed, []byte("~~~")) {
		f.marker = trimmed[:len(trimmed)-len(bytes.TrimLeft(trimmed, string(trimmed[0])))]
		return true
	}
	return false
}

// calloutOpening is the ::: line of an Aside: its type (note when none)
// and its title.
func calloutOpening(t tag) string {
	named, _ := jsxAttrs(t.args)
	out := ":::" + cmp.Or(named["type"], "note")
	if title := named["title"]; title != "" {
		out += "[" + strings.NewReplacer("\n", " ", "]", `\]`).Replace(title) + "]"
	}
	return out
}

// jsxTag matches a component's tag at b[i]: <Name attr="v" flag>,
// <Name ... /> or </Name>, its name starting with a capital letter. The
// tag's name is the shortcode's, in lowercase ("TabItem" is "tabitem");
// jsx keeps it as written.
func jsxTag(b []byte, i int) (tag, bool) {
	t := tag{start: i, kind: scOpen}
	j := i + 1
	if j < len(b) && b[j] == '/' {
		t.kind = scClose
		j++
	}
	if j >= len(b) || b[j] < 'A' || b[j] > 'Z' {
		return t, false
	}
	start := j
	j = scanName(b, j, "_.")
	t.jsx = string(b[start:j])
	t.name = strings.ToLower(t.jsx)
	if t.kind == scClose {
		j = skipSpace(b, j)
		if j >= len(b) || b[j] != '>' {
			return t, false
		}
		t.end = j + 1
		return t, true
	}
	argsStart := j
	for j < len(b) {
		switch c := b[j]; {
		case c == '{':
			if j = scanBalanced(b, j, '{', '}'); j < 0 {
				return t, false
			}
			continue
		case c == '"' || c == '\'':
			k := bytes.IndexByte(b[j+1:], c)
			if k < 0 {
				return t, false
			}
			j += k + 2
			continue
		case c == '>':
			args := b[argsStart:j]
			if a, ok := bytes.CutSuffix(bytes.TrimRight(args, " \t\n"), []byte("/")); ok {
				t.selfClosing, args = true, a
			}
			t.args, t.end = bytes.TrimSpace(args), j+1
			return t, true
		case c == '\n' && j+1 < len(b) && b[j+1] == '\n':
			return t, false
		}
		j++
	}
	return t, false
}

// jsxAttrs reads a component's attributes: name="v", name='v', name={"v"}
// or {3} or {true}, and a bare name (true). Other expressions in braces,
// which only JavaScript could evaluate, are returned in dropped by name.
func jsxAttrs(b []byte) (named map[string]string, dropped []string) {
	named = map[string]string{}
	for {
		b = bytes.TrimLeft(b, " \t\r\n")
		if len(b) == 0 {
			return named, dropped
		}
		if b[0] == '{' { // {...props}
			end := braceEnd(b)
			dropped = append(dropped, string(bytes.TrimSpace(b[1:max(1, end-1)])))
			b = b[end:]
			continue
		}
		k := scanName(b, 0, "_-:.")
		if k == 0 {
			b = b[1:]
			continue
		}
		key := string(b[:k])
		b = b[k:]
		rest := bytes.TrimLeft(b, " \t\r\n")
		if len(rest) == 0 || rest[0] != '=' {
			named[key] = "true"
			continue
		}
		b = bytes.TrimLeft(rest[1:], " \t\r\n")
		if len(b) > 0 && b[0] == '{' {
			end := braceEnd(b)
			if v, ok := jsLiteral(bytes.TrimSpace(b[1:max(1, end-1)])); ok {
				named[key] = v
			} else {
				dropped = append(dropped, key)
			}
			b = b[end:]
			continue
		}
		var v string
		v, b = scanValue(b, " \t\r\n")
		named[key] = v
	}
}

// braceEnd returns the offset just past the brace that closes b[0] == '{',
// or len(b).
func braceEnd(b []byte) int {
	if end := scanBalanced(b, 0, '{', '}'); end > 0 {
		return end
	}
	return len(b)
}

// jsLiteral returns the value of a JavaScript string, number or boolean
// literal, the only expressions kb evaluates.
func jsLiteral(e []byte) (string, bool) {
	s := string(e)
	switch {
	case s == "true" || s == "false":
		return s, true
	case len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"':
		if v, err := strconv.Unquote(s); err == nil {
			return v, true
		}
	case len(s) >= 2 && s[0] == '\'' && s[len(s)-1] == '\'':
		double := `"` + strings.NewReplacer(`\'`, `'`, `"`, `\"`).Replace(s[1:len(s)-1]) + `"`
		if v, err := strconv.Unquote(double); err == nil {
			return v, true
		}
	case len(s) >= 2 && s[0] == '`' && s[len(s)-1] == '`' && !strings.Contains(s, "${"):
		return s[1 : len(s)-1], true
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return s, true
	}
	return "", false
}
