package markdown

import (
	"bytes"
	"fmt"
	"path"
	"regexp"
	"strings"

	"kb/builder/diag"
)

// Code snippet imports, as VitePress writes them: a line
// "<<< @/snippets/snippet.js" outside fenced code stands for a fenced
// block of that file's text; "#name" after the path takes the file's
// region called name (see regions.go), braces give the lines to
// highlight, the language and more of the fence's info
// ("{1,2 ts:line-numbers}"), and a last "[label]" the block's label in
// a ::: code-group (the file's name when none). The file is read through
// Document.Include, as an include's is; the import's line is the line of
// every line of the block, and what is wrong is reported there. Imports
// are read after includes, as VitePress reads them: an included file
// may import a snippet, relative to the page.

var (
	snippetLabel    = regexp.MustCompile(`\s*\[(.+)\]$`)
	snippetRegion   = regexp.MustCompile(`#([\w.-]+)$`)
	snippetExt      = regexp.MustCompile(`\.([a-zA-Z0-9]+)$`)
	snippetLines    = regexp.MustCompile(`^\d+(?:[,-]\d+)*$`)
	snippetOnlyNums = regexp.MustCompile(`^[\d\s,-]+$`)
)

// snippet is an import's parts: "path#region{lines lang attrs} [label]".
type snippet struct {
	path, region, lines, lang, attrs, label string
}

// parseSnippet reads what follows "<<<", peeling the parts off from the
// right, so that the path may hold spaces and dots.
func parseSnippet(raw string) snippet {
	var s snippet
	rest := strings.TrimSpace(raw)
	if m := snippetLabel.FindStringSubmatchIndex(rest); m != nil {
		s.label = rest[m[2]:m[3]]
		rest = strings.TrimRight(rest[:m[0]], " \t")
	}
	if open := strings.LastIndexByte(rest, '{'); open > 0 && strings.HasSuffix(rest, "}") {
		s.lines, s.lang, s.attrs = parseSnippetMeta(strings.TrimSpace(rest[open+1 : len(rest)-1]))
		rest = strings.TrimRight(rest[:open], " \t")
	}
	if m := snippetRegion.FindStringSubmatchIndex(rest); m != nil {
		s.region = rest[m[2]:m[3]]
		rest = rest[:m[0]]
	}
	s.path = strings.TrimSpace(rest)
	if s.label == "" {
		s.label = path.Base(s.path)
	}
	return s
}

// parseSnippetMeta reads what is in an import's braces: the lines to
// highlight ("1,2,4-6"), the language, and the rest of the fence's info.
func parseSnippetMeta(meta string) (lines, lang, attrs string) {
	if snippetOnlyNums.MatchString(meta) {
		if collapsed := strings.Join(strings.Fields(meta), ""); snippetLines.MatchString(collapsed) {
			return collapsed, "", ""
		}
	}
	first, rest, _ := strings.Cut(meta, " ")
	if snippetLines.MatchString(first) {
		lines = first
		meta = strings.TrimSpace(rest)
	}
	lang, attrs, _ = strings.Cut(meta, " ")
	return lines, lang, strings.TrimSpace(attrs)
}

// info is the fence's info string: the language (from the file's name
// when not given), the lines in braces, the rest, and the label.
func (s snippet) info() string {
	lang := s.lang
	if lang == "" {
		if m := snippetExt.FindStringSubmatch(path.Base(s.path)); m != nil {
			lang = m[1]
		}
	}
	parts := []string{lang}
	if s.lines != "" {
		parts = append(parts, "{"+s.lines+"}")
	}
	if s.attrs != "" {
		parts = append(parts, s.attrs)
	}
	parts = append(parts, "["+s.label+"]")
	return strings.TrimSpace(strings.Join(parts, " "))
}

// importSnippets returns src (the page's text, its includes expanded;
// fileLine the page's line of each of its lines, nil for "from doc.Line
// on") with its snippet imports replaced by fenced code, or ok false
// when it has none.
func importSnippets(doc *Document, src []byte, fileLine []int) (in included, ok bool) {
	if doc.Include == nil || !bytes.Contains(src, []byte("<<<")) {
		return in, false
	}
	lines := bytes.SplitAfter(src, []byte("\n"))
	if len(lines[len(lines)-1]) == 0 {
		lines = lines[:len(lines)-1]
	}
	var code fences
	budget := maxIncludedSize
	for i, line := range lines {
		at := doc.Line + i
		if i < len(fileLine) {
			at = fileLine[i]
		}
		trimmed := bytes.TrimSpace(line)
		if code.line(trimmed) || !isSnippetImport(trimmed) {
			in.src = append(in.src, line...)
			in.fileLine = append(in.fileLine, at)
			continue
		}
		ok = true
		indent := line[:len(line)-len(bytes.TrimLeft(line, " \t"))]
		block, err := snippetBlock(doc, parseSnippet(string(trimmed[3:])), &budget)
		if err != nil {
			in.diags = append(in.diags, diag.At(doc.File, at, len(indent)+1, "code snippet %q: %v", trimmed, err))
			block = []byte("\n")
		}
		for l := range bytes.Lines(block) {
			if len(bytes.TrimSpace(l)) > 0 {
				in.src = append(in.src, indent...)
			}
			in.src = append(in.src, l...)
			in.fileLine = append(in.fileLine, at)
		}
	}
	if !ok {
		return included{}, false
	}
	return in, true
}

// isSnippetImport reports a line (less its indentation) that imports a
// snippet: "<<<" and not a fourth "<", as a merge's conflict markers
// "<<<<<<<" have.
func isSnippetImport(trimmed []byte) bool {
	return bytes.HasPrefix(trimmed, []byte("<<<")) && !bytes.HasPrefix(trimmed, []byte("<<<<"))
}

// snippetBlock is the fenced code block an import stands for, ending in
// a line break.
func snippetBlock(doc *Document, s snippet, budget *int) ([]byte, error) {
	if s.path == "" {
		return nil, fmt.Errorf("name the file to import after <<<")
	}
	file, text, err := doc.Include(doc.File, s.path)
	if err != nil {
		return nil, err
	}
	text = bytes.ReplaceAll(text, []byte("\r\n"), []byte("\n"))
	if s.region != "" {
		if text, err = regionText(file, text, s.region); err != nil {
			return nil, err
		}
	}
	text = bytes.TrimSuffix(text, []byte("\n"))
	if *budget -= len(text); *budget < 0 {
		return nil, fmt.Errorf("the page's snippets come to more than %d MiB", maxIncludedSize>>20)
	}
	fence := strings.Repeat("`", max(3, longestRun(text, '`')+1))
	var out bytes.Buffer
	out.WriteString(fence + s.info() + "\n")
	if len(text) > 0 {
		out.Write(text)
		out.WriteByte('\n')
	}
	out.WriteString(fence + "\n")
	return out.Bytes(), nil
}

// longestRun is the length of the longest run of c in text: a fence
// around it must be longer.
func longestRun(text []byte, c byte) int {
	longest, run := 0, 0
	for _, b := range text {
		if b == c {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return longest
}
