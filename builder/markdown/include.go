package markdown

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"

	"kb/builder/diag"
)

// Includes, as VitePress writes them: "<!--@include: ./parts/basics.md-->"
// stands for the text of that file, "<!--@include: ./x.md{3,10}-->" for
// its lines 3 to 10 ("{3,}" from 3 on, "{,10}" up to 10), and
// "<!--@include: ./x.md#usage-->" for its region called usage, or else
// the part under its heading whose id is usage (headingPart). They are
// expanded before anything else reads the page, inside code fences too,
// as VitePress does (its docs show the syntax as <!--@@include: ...-->,
// which is left as written). What an included file says is reported at
// the line of the include; the lines after it keep their numbers.

// includeDirective matches an include: its path, a #region or
// #heading-id, and a line range of the file or the part.
var includeDirective = regexp.MustCompile(`<!--\s*@include:\s*([^\s{#]+?)(#[^\s{]*)?(?:\{(\d*),(\d*)\})?\s*-->`)

// Include limits: how deep includes may nest and how much text a page
// may grow by, so that no page (a file that includes itself twice, and
// so on) exhausts the build.
const (
	maxIncludeDepth = 8
	maxIncludedSize = 4 << 20
)

// included is a page's text with its includes expanded.
type included struct {
	src []byte
	// fileLine is the line of the page's file each line of src comes
	// from: an included line, the include's.
	fileLine []int
	diags    []diag.Diagnostic
}

// expandIncludes returns doc's source with its includes expanded, or
// ok false when it has none (or the document cannot include).
func expandIncludes(doc *Document) (in included, ok bool) {
	if doc.Include == nil || !bytes.Contains(doc.Source, []byte("@include:")) {
		return in, false
	}
	matches := includeDirective.FindAllSubmatchIndex(doc.Source, -1)
	if len(matches) == 0 {
		return in, false
	}
	origLines := newLineIndex(doc.Source, doc.Line)
	// spans say where each part of the result comes from: text of the
	// page from offset orig, or an include at line.
	type span struct{ out, orig, line int }
	var spans []span
	var out []byte
	budget := maxIncludedSize
	from := 0
	for _, m := range matches {
		spans = append(spans, span{out: len(out), orig: from, line: -1})
		out = append(out, doc.Source[from:m[0]]...)
		line, col := origLines.pos(m[0])
		text, err := includeText(doc, doc.File, doc.Source, m, nil, &budget)
		if err != nil {
			in.diags = append(in.diags, diag.At(doc.File, line, col, "%s", err))
		}
		spans = append(spans, span{out: len(out), line: line})
		out = append(out, text...)
		from = m[1]
	}
	spans = append(spans, span{out: len(out), orig: from, line: -1})
	out = append(out, doc.Source[from:]...)

	starts := newLineIndex(out, doc.Line).starts
	in.fileLine = make([]int, len(starts))
	for i, start := range starts {
		k := sort.Search(len(spans), func(k int) bool { return spans[k].out > start }) - 1
		s := spans[max(k, 0)]
		if s.line >= 0 {
			in.fileLine[i] = s.line
			continue
		}
		in.fileLine[i], _ = origLines.pos(s.orig + start - s.out)
	}
	in.src = out
	return in, true
}

// includeText reads the file an include names, in the file from (whose
// text is src, m the include's match in it), expanded in turn; chain is
// the files included on the way, which must not come round again.
func includeText(doc *Document, from string, src []byte, m []int, chain []string, budget *int) ([]byte, error) {
	dest := string(src[m[2]:m[3]])
	file, text, err := doc.Include(from, dest)
	if err != nil {
		return nil, fmt.Errorf("include %q: %v", dest, err)
	}
	if file == doc.File || slices.Contains(chain, file) {
		return nil, fmt.Errorf("include %q: %s would include itself", dest, file)
	}
	if len(chain) >= maxIncludeDepth {
		return nil, fmt.Errorf("include %q: includes nest more than %d deep", dest, maxIncludeDepth)
	}
	text = withoutFrontMatter(text)
	if m[4] >= 0 {
		name := string(src[m[4]+1 : m[5]])
		if text, err = includedPart(file, text, name); err != nil {
			return nil, fmt.Errorf("include %q: %v", dest, err)
		}
	}
	if m[6] >= 0 {
		text, err = lineRange(text, string(src[m[6]:m[7]]), string(src[m[8]:m[9]]))
		if err != nil {
			return nil, fmt.Errorf("include %q: %v", dest, err)
		}
	}
	text = bytes.TrimSuffix(text, []byte("\n"))
	if *budget -= len(text); *budget < 0 {
		return nil, fmt.Errorf("include %q: the page's includes come to more than %d MiB", dest, maxIncludedSize>>20)
	}
	matches := includeDirective.FindAllSubmatchIndex(text, -1)
	if len(matches) == 0 {
		return text, nil
	}
	var out []byte
	at := 0
	for _, sub := range matches {
		out = append(out, text[at:sub[0]]...)
		inner, err := includeText(doc, file, text, sub, append(chain, file), budget)
		if err != nil {
			return nil, fmt.Errorf("include %q: %v", dest, err)
		}
		out = append(out, inner...)
		at = sub[1]
	}
	return append(out, text[at:]...), nil
}

// includedPart is the text of file's regions called name, or else its
// part under the heading whose id is name, as VitePress reads
// "x.md#name"; or an error that says how to name one.
func includedPart(file string, text []byte, name string) ([]byte, error) {
	if name == "" {
		return nil, fmt.Errorf("#: name a region or a heading after the #")
	}
	if out, ok := regionLines(text, name); ok {
		return out, nil
	}
	if out, ok := headingPart(text, name); ok {
		return out, nil
	}
	return nil, fmt.Errorf("%s has no region nor heading %q: name a heading's id (as in a link to it, or its {#%s}), or mark the lines with #region %s and #endregion %s comments", file, name, name, name, name)
}

// lineRange keeps the lines first to last (1-based, both kept; either
// may be empty: from the first line, to the last) of text.
func lineRange(text []byte, first, last string) ([]byte, error) {
	lines := bytes.SplitAfter(text, []byte("\n"))
	if len(lines) > 0 && len(lines[len(lines)-1]) == 0 {
		lines = lines[:len(lines)-1]
	}
	from, to := 1, len(lines)
	var err error
	if first != "" {
		if from, err = strconv.Atoi(first); err != nil || from < 1 {
			return nil, fmt.Errorf("{%s,%s}: lines are counted from 1", first, last)
		}
	}
	if last != "" {
		if to, err = strconv.Atoi(last); err != nil {
			return nil, fmt.Errorf("{%s,%s}: not a line number", first, last)
		}
	}
	if from > len(lines) || to < from {
		return nil, fmt.Errorf("{%s,%s}: the file has %d lines", first, last, len(lines))
	}
	return bytes.Join(lines[from-1:min(to, len(lines))], nil), nil
}

// withoutFrontMatter is a file's text after its YAML or TOML front
// matter, which an included page keeps to itself.
func withoutFrontMatter(text []byte) []byte {
	for _, fence := range []string{"---", "+++"} {
		if !bytes.HasPrefix(text, []byte(fence+"\n")) {
			continue
		}
		if rest, ok := bytes.CutPrefix(text[len(fence)+1:], []byte(fence+"\n")); ok {
			return rest // empty front matter
		}
		if end := bytes.Index(text[len(fence)+1:], []byte("\n"+fence+"\n")); end >= 0 {
			return text[len(fence)+1+end+len(fence)+2:]
		}
		if bytes.HasSuffix(text, []byte("\n"+fence)) {
			return nil
		}
	}
	return text
}
