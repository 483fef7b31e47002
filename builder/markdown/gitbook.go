package markdown

import (
	"bytes"
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/yuin/goldmark/util"
)

// GitBook's Git Sync writes its blocks as tags between "{%" and "%}":
//
//	{% hint style="info" %} … {% endhint %}
//	{% tabs %}{% tab title="macOS" %} … {% endtab %}{% endtabs %}
//	{% stepper %}{% step %} … {% endstep %}{% endstepper %}
//
// Before the Markdown parse, gitbookSource writes each tag, outside code,
// as what kb already renders: a hint as the aside template's callout, tabs
// as the tabs templates, a stepper as the steps template's ordered list,
// columns as the columns template, and so on (see gitbookTags). Every line stays where it was, so later
// diagnostics name the line the writer wrote.

// gitbookBlock says what one GitBook tag becomes.
type gitbookBlock struct {
	// closed: the tag must be closed by {% end<name> %}; an unclosed one
	// is a warning.
	closed bool
	// optionalEnd: {% end<name> %} may follow (embed, file), around a
	// caption.
	optionalEnd bool
}

// gitbookTags are the tags kb reads; any other is kept as text with a
// warning.
var gitbookTags = map[string]gitbookBlock{
	"hint": {closed: true}, "tabs": {closed: true}, "tab": {closed: true},
	"stepper": {closed: true}, "step": {closed: true}, "code": {closed: true},
	"columns": {closed: true}, "column": {closed: true},
	"updates": {closed: true}, "update": {closed: true},
	"content-ref": {closed: true},
	"embed":       {optionalEnd: true}, "file": {optionalEnd: true},
	"include": {},
}

// gitbookTag is one tag found in the source.
type gitbookTag struct {
	start, end int    // byte range in the source
	line       int    // index of its line
	name       string // "hint"; "endhint" for a closing tag
	args       []byte
	pair       int // index of the tag that closes or opens it, -1 if none
}

// gitbookNote is a diagnostic gitbookSource leaves for Render, at an
// offset of the source it returns.
type gitbookNote struct {
	at  int
	msg string
}

// mayHaveGitbookTags is a quick test before the scan.
func mayHaveGitbookTags(src []byte) bool {
	return bytes.Contains(src, []byte("{%")) || bytes.Contains(src, []byte("{{"))
}

// gitbookSource returns src with GitBook's tags outside code written as kb
// reads them, and the warnings about tags it does not know or that are not
// closed.
func gitbookSource(src []byte) ([]byte, []gitbookNote) {
	lines := bytes.SplitAfter(src, []byte("\n"))
	tags := scanGitbookTags(lines)
	if len(tags) == 0 {
		return src, nil
	}
	verbatim := liquidVerbatim(tags)
	pairGitbookTags(tags)
	starts := make([]int, len(lines)+1)
	for i, l := range lines {
		starts[i+1] = starts[i] + len(l)
	}
	var notes []gitbookNote
	edits := make([][]lineEdit, len(lines))
	step := make([]int, len(lines)) // for each line, 1 + the index of the innermost step tag it belongs to
	var liquid []string             // the Liquid kept as text
	liquidAt := -1
	for i, t := range tags {
		if verbatim[i] {
			continue
		}
		if out, ok := liquidTag(t); ok {
			edits[t.line] = append(edits[t.line], lineEdit{t.start, t.end, out})
			continue
		}
		name, closing := strings.CutPrefix(t.name, "end")
		block, known := gitbookTags[name]
		switch {
		case t.name == "{{" || slices.Contains(liquidTags, name) && (!known || isJekyllInclude(t)):
			if !closing && !slices.Contains(liquid, liquidShown(t)) {
				liquid = append(liquid, liquidShown(t))
			}
			if liquidAt < 0 {
				liquidAt = t.start
			}
			continue
		case !known && !closing:
			notes = append(notes, gitbookNote{t.start, "GitBook block {% " + t.name + " %} is one kb does not have: kept as text; write its content in Markdown"})
			continue
		case !known:
			continue
		case closing && t.pair < 0:
			notes = append(notes, gitbookNote{t.start, "{% " + t.name + " %} closes no {% " + name + " %}: kept as text"})
			continue
		}
		if !closing && block.closed && t.pair < 0 {
			notes = append(notes, gitbookNote{t.start, "GitBook block {% " + t.name + " %} is not closed: add {% end" + t.name + " %} where it ends"})
		}
		var out string
		if closing {
			out = gitbookEnd(name, tags[t.pair])
		} else {
			var note string
			out, note = gitbookOpen(t, tags, src)
			if note != "" {
				notes = append(notes, gitbookNote{t.start, note})
			}
		}
		edits[t.line] = append(edits[t.line], lineEdit{t.start, t.end, out})
		switch {
		case t.name == "step" && t.pair >= 0:
			end := tags[t.pair]
			for j := t.line + 1; j < end.line || j == end.line && len(bytes.TrimSpace(src[starts[j]:end.start])) > 0; j++ {
				step[j] = i + 1
			}
		case t.name == "content-ref" && t.pair >= 0, captionedLink(t, tags, src):
			// The link inside a content-ref is the card's title, an
			// embed's caption its link's text: left out as theirs.
			for j := t.line; j <= tags[t.pair].line; j++ {
				from := max(starts[j], t.end)
				to := min(starts[j]+len(bytes.TrimRight(lines[j], "\r\n")), tags[t.pair].start)
				if from < to {
					edits[j] = append(edits[j], lineEdit{from, to, ""})
				}
			}
		}
	}
	if len(liquid) > 0 {
		notes = append(notes, gitbookNote{liquidAt, liquidNote(liquid)})
	}
	var out bytes.Buffer
	started := map[int]bool{}
	off := 0
	for i, line := range lines {
		es := edits[i]
		slices.SortFunc(es, func(a, b lineEdit) int { return a.start - b.start })
		var b []byte
		at := off
		for _, e := range es {
			b = append(b, src[at:e.start]...)
			b = append(b, e.text...)
			at = e.end
		}
		b = append(b, src[at:off+len(line)]...)
		if step[i] > 0 && len(bytes.TrimSpace(b)) > 0 {
			// A step is an item of the steps' ordered list: its first
			// line after "1. ", the others indented as its content. The
			// steps template renders its content on its own, so a step
			// loses the indentation its stepper has (in a list item, or
			// in a step), which would make it code.
			b, _ = bytes.CutPrefix(b, leadingSpace(lines[tags[step[i]-1].line]))
			if started[step[i]] {
				out.WriteString("   ")
			} else {
				out.WriteString("1. ")
				started[step[i]] = true
			}
		}
		// Offsets of notes on this line move with what was written before them.
		for k := range notes {
			if notes[k].at >= off && notes[k].at < off+len(line) {
				notes[k].at = out.Len()
			}
		}
		out.Write(b)
		off += len(line)
	}
	return out.Bytes(), notes
}

// leadingSpace is the spaces and tabs line starts with.
func leadingSpace(line []byte) []byte {
	return line[:len(line)-len(bytes.TrimLeft(line, " \t"))]
}

// lineEdit replaces src[start:end] by text.
type lineEdit struct {
	start, end int
	text       string
}

// scanGitbookTags finds the tags outside fenced code and code spans.
func scanGitbookTags(lines [][]byte) []gitbookTag {
	var tags []gitbookTag
	var code fences
	inComment := false // in an HTML comment, which no reader sees
	off := 0
	for li, line := range lines {
		start := off
		off += len(line)
		if !inComment && code.line(bytes.TrimSpace(withoutRawTags(line))) {
			// Jekyll runs Liquid over code too: {% raw %} is taken out there.
			for i := bytes.Index(line, []byte("{%")); i >= 0; {
				if t, ok := matchGitbookTag(line, i); ok && (t.name == "raw" || t.name == "endraw") {
					t.start, t.end, t.line = start+t.start, start+t.end, li
					tags = append(tags, t)
				}
				k := bytes.Index(line[i+2:], []byte("{%"))
				if k < 0 {
					break
				}
				i += 2 + k
			}
			continue
		}
		i := 0
		if inComment {
			end := bytes.Index(line, []byte("-->"))
			if end < 0 {
				continue
			}
			i, inComment = end+3, false
		}
		if !bytes.Contains(line[i:], []byte("{%")) && !bytes.Contains(line[i:], []byte("{{")) && !bytes.Contains(line[i:], []byte("<!--")) {
			continue
		}
		for i < len(line) {
			k := bytes.IndexAny(line[i:], "`{<")
			if k < 0 {
				break
			}
			i += k
			if line[i] == '<' { // an HTML comment: skip to its end, on this line or a later one
				if !bytes.HasPrefix(line[i:], []byte("<!--")) {
					i++
					continue
				}
				end := bytes.Index(line[i+4:], []byte("-->"))
				if end < 0 {
					inComment = true
					break
				}
				i += 4 + end + 3
				continue
			}
			if line[i] == '`' { // a code span: skip to its end
				ticks := len(line[i:]) - len(bytes.TrimLeft(line[i:], "`"))
				end := bytes.Index(line[i+ticks:], line[i:i+ticks])
				if end < 0 {
					i += ticks
					continue
				}
				i += 2*ticks + end
				continue
			}
			t, ok := matchGitbookTag(line, i)
			if !ok {
				t, ok = matchLiquidOutput(line, i)
			}
			if !ok {
				i++
				continue
			}
			t.start, t.end, t.line = start+t.start, start+t.end, li
			tags = append(tags, t)
			i = t.end - start
		}
	}
	return tags
}

// matchGitbookTag reads "{% name args %}" at line[i]. Hugo's {{% x %}},
// Zola's {% name(args) %} and {% end %} are not GitBook's.
func matchGitbookTag(line []byte, i int) (gitbookTag, bool) {
	t := gitbookTag{start: i, pair: -1}
	if !bytes.HasPrefix(line[i:], []byte("{%")) || i > 0 && line[i-1] == '{' {
		return t, false
	}
	j := i + 2
	if j < len(line) && line[j] == '-' { // Liquid's whitespace control: {%- if x -%}
		j++
	}
	j = skipSpace(line, j)
	from := j
	if j < len(line) && line[j] == '@' { // an integration's block: {% @mermaid/diagram %}
		j++
	}
	j = scanName(line, j, "_-/.")
	if j == from || line[j-1] == '.' {
		return t, false
	}
	t.name = string(line[from:j])
	if t.name == "end" || j < len(line) && line[j] == '(' {
		return t, false
	}
	k := bytes.Index(line[j:], []byte("%}"))
	if k < 0 || j+k+2 < len(line) && line[j+k+2] == '}' {
		return t, false
	}
	t.args = bytes.TrimSpace(bytes.TrimSuffix(line[j:j+k], []byte("-")))
	t.end = j + k + 2
	return t, true
}

// pairGitbookTags links each closing tag to the tag it closes: the
// nearest open one of its name; the tags opened after that one and not
// closed stay unpaired.
func pairGitbookTags(tags []gitbookTag) {
	var open []int
	for i := range tags {
		name, closing := strings.CutPrefix(tags[i].name, "end")
		if !closing {
			if _, known := gitbookTags[name]; known {
				open = append(open, i)
			}
			continue
		}
		for k := len(open) - 1; k >= 0; k-- {
			if tags[open[k]].name == name {
				tags[open[k]].pair, tags[i].pair = i, open[k]
				open = open[:k]
				break
			}
		}
	}
}

// gitbookOpen is what an opening tag is written as, and a warning about it.
func gitbookOpen(t gitbookTag, tags []gitbookTag, src []byte) (string, string) {
	named, positional := hugoArgs(t.args)
	switch t.name {
	case "hint":
		style := named["style"]
		kind, known := calloutKind([]byte(style))
		note := ""
		if style != "" && !known {
			note = "GitBook hint style " + quoteArg(style) + " is one kb does not know, shown as a note: GitBook's are info, success, warning and danger"
		}
		return closedShortcode(t, "aside", "type", kind), note
	case "tabs", "stepper", "columns", "column":
		return closedShortcode(t, map[string]string{"tabs": "tabs", "stepper": "steps", "columns": "columns", "column": "column"}[t.name]), ""
	case "tab":
		return closedShortcode(t, "tabitem", "label", named["title"]), ""
	case "update":
		return closedShortcode(t, "update", "date", named["date"]), ""
	case "code":
		if title := named["title"]; title != "" {
			return closedShortcode(t, "codetitle", "title", title), ""
		}
	case "content-ref":
		title := named["url"]
		if text := contentRefText(tags, t, src); text != "" {
			title = text
		}
		return "{{< linkcard href=" + quoteArg(named["url"]) + " title=" + quoteArg(title) + " >}}", ""
	case "embed":
		return embedLink(named["url"], gitbookInnerText(tags, t, src))
	case "file":
		return fileLink(named["src"])
	case "include":
		p := named["src"]
		if len(positional) > 0 {
			p = positional[0]
		}
		return "{{< gitbook-include " + quoteArg(p) + " >}}", ""
	}
	return "", "" // step, updates: their content in order
}

// gitbookEnd is what the closing tag of an opening one is written as.
func gitbookEnd(name string, open gitbookTag) string {
	switch name {
	case "hint":
		return "{{< /aside >}}"
	case "tabs":
		return "{{< /tabs >}}"
	case "stepper":
		return "{{< /steps >}}"
	case "tab":
		return "{{< /tabitem >}}"
	case "columns", "column":
		return "{{< /" + name + " >}}"
	case "update":
		return "{{< /update >}}"
	case "code":
		if named, _ := hugoArgs(open.args); named["title"] != "" {
			return "{{< /codetitle >}}"
		}
	}
	return ""
}

// closedShortcode writes a shortcode's opening tag with arguments given
// as name, value pairs; a tag that is not closed is left out, and what
// follows it shown as it is.
func closedShortcode(t gitbookTag, name string, args ...string) string {
	if t.pair < 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("{{< " + name)
	for i := 0; i+1 < len(args); i += 2 {
		b.WriteString(" " + args[i] + "=" + quoteArg(args[i+1]))
	}
	b.WriteString(" >}}")
	return b.String()
}

// quoteArg quotes a shortcode argument; "}}" is broken up, so that a value
// cannot end the tag it is in.
func quoteArg(s string) string {
	s = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", " ", "}}", "} }").Replace(s)
	return `"` + s + `"`
}

// contentRefText is the text of the link a content-ref holds,
// [Title](page.md), or "".
func contentRefText(tags []gitbookTag, t gitbookTag, src []byte) string {
	if t.pair < 0 {
		return ""
	}
	inner := bytes.TrimSpace(src[t.end:tags[t.pair].start])
	if len(inner) < 2 || inner[0] != '[' {
		return ""
	}
	end := bytes.Index(inner, []byte("]("))
	if end < 0 {
		return ""
	}
	return string(inner[1:end])
}

// embedLink writes an embedded URL as the youtube or vimeo shortcode when
// it is a video kb links to, else as a link named by its caption (as
// text) or by the URL itself; only http and https addresses are linked.
func embedLink(raw, caption string) (string, string) {
	if name, args := videoPage(raw); name != "" {
		return "{{< " + name + " id=" + quoteArg(args["id"]) + " >}}", ""
	}
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return "", "GitBook embed " + quoteArg(raw) + " is not an http or https address: left out"
	}
	dest := strings.NewReplacer("<", "%3C", ">", "%3E").Replace(u.String())
	if caption == "" {
		return "<" + dest + ">", ""
	}
	return "[" + escapeMarkdownText(caption) + "](<" + dest + ">)", ""
}

// captionedLink reports an embed written as a link whose text is the
// caption between its tags (not a video, which keeps its caption under
// it).
func captionedLink(t gitbookTag, tags []gitbookTag, src []byte) bool {
	if t.name != "embed" || t.pair < 0 || gitbookInnerText(tags, t, src) == "" {
		return false
	}
	named, _ := hugoArgs(t.args)
	name, _ := videoPage(named["url"])
	return name == ""
}

// gitbookInnerText is the text between a tag and its closing tag, its
// lines joined by spaces, or "" when it is not closed.
func gitbookInnerText(tags []gitbookTag, t gitbookTag, src []byte) string {
	if t.pair < 0 {
		return ""
	}
	return strings.Join(strings.Fields(string(src[t.end:tags[t.pair].start])), " ")
}

// fileLink writes a file block as a link to the file, named by its file
// name.
func fileLink(src string) (string, string) {
	if src == "" || strings.ContainsAny(src, "<>\n") {
		return "", "GitBook file " + quoteArg(src) + " cannot be linked: left out"
	}
	name := path.Base(src)
	if un, err := url.PathUnescape(name); err == nil {
		name = un
	}
	return "[" + escapeMarkdownText(name) + "](<" + src + ">)", ""
}

// escapeMarkdownText escapes the ASCII punctuation of s, so that it is
// read as text.
func escapeMarkdownText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if util.IsPunct(s[i]) {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// gitbookLayoutAttrs are the data attributes GitBook's editor writes on
// raw HTML to lay out its blocks (a table shown as cards, a hidden
// column, a mention of a page, an image's frame): they mean nothing in
// kb's pages, and the sanitizer takes them out without a warning each.
var gitbookLayoutAttrs = []string{
	"data-mention", "data-view", "data-hidden", "data-type", "data-with-frame", "data-title",
	"data-full-width", "data-icon", "data-option", "data-size", "data-tag", "data-code",
}

// gitbookLayoutAttr reports one of gitbookLayoutAttrs, or a data-card-*
// or data-gb-* attribute.
func gitbookLayoutAttr(name string) bool {
	return slices.Contains(gitbookLayoutAttrs, name) || strings.HasPrefix(name, "data-card-") || strings.HasPrefix(name, "data-gb-")
}
