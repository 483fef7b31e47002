package markdown

import (
	"bytes"
	"regexp"
	"strings"
)

// Jekyll runs Liquid over a page before kramdown reads it. Its tags look
// like GitBook's ("{% name args %}") and are found by the same scan
// (gitbookSource); these are the ones a page of a Jekyll site moved in
// has, and what each becomes:
//
//	{% link docs/x.md %}            /docs/x.md, a link kb resolves (a missing page is a broken link)
//	{{ site.baseurl }}              nothing: kb adds the base path to the links it resolves
//	{% raw %} … {% endraw %}        their content as written, tags and all (in code too)
//	{% highlight ruby %} … {% endhighlight %}   a fenced code block
//
// Any other Liquid ({% if %}, {% include x.html %}, {{ page.title }}) is
// kept as text, with one warning per page naming the tags. GitBook's
// {% include "x.md" %} quotes its file; Jekyll's {% include x.html %}
// does not.

// liquidTags are the tags and filters' blocks of Liquid and Jekyll that
// are no GitBook block: kept as text, with the page's warning.
var liquidTags = []string{
	"if", "elsif", "else", "unless", "case", "when", "for", "break", "continue", "cycle", "tablerow",
	"assign", "capture", "increment", "decrement", "comment", "render", "include_relative", "include_cached",
	"post_url", "seo", "feed_meta", "github_edit_link", "avatar", "gist", "octicon", "link", "raw", "highlight", "include",
}

// liquidObjects start the expressions of Jekyll's {{ }} output tags; any
// other {{ }} is left to the readers of other sites (VitePress's Vue).
var liquidObjects = []string{"site.", "page.", "include.", "layout.", "jekyll.", "paginator.", "content"}

// isLiquidOutput reports an output tag's expression as Jekyll's.
func isLiquidOutput(expr []byte) bool {
	for _, o := range liquidObjects {
		if bytes.HasPrefix(expr, []byte(o)) && (o != "content" || len(expr) == len(o)) {
			return true
		}
	}
	return false
}

// matchLiquidOutput reads "{{ site.baseurl }}" at line[i], the
// whitespace-control dashes included ("{{- page.title -}}").
func matchLiquidOutput(line []byte, i int) (gitbookTag, bool) {
	t := gitbookTag{start: i, pair: -1, name: "{{"}
	if !bytes.HasPrefix(line[i:], []byte("{{")) {
		return t, false
	}
	k := bytes.Index(line[i+2:], []byte("}}"))
	if k < 0 {
		return t, false
	}
	expr := bytes.TrimSpace(bytes.Trim(bytes.TrimSpace(line[i+2:i+2+k]), "-"))
	if !isLiquidOutput(expr) {
		return t, false
	}
	t.args, t.end = expr, i+2+k+2
	return t, true
}

// isJekyllInclude reports {% include x.html %}: its file is not quoted,
// as GitBook's is.
func isJekyllInclude(t gitbookTag) bool {
	return t.name == "include" && len(t.args) > 0 && t.args[0] != '"' && t.args[0] != '\'' && !bytes.HasPrefix(t.args, []byte("src="))
}

// liquidVerbatim marks the tags inside {% raw %} and {% highlight %}
// blocks, which are shown as written.
func liquidVerbatim(tags []gitbookTag) []bool {
	inside := make([]bool, len(tags))
	for i := 0; i < len(tags); i++ {
		end := "end" + tags[i].name
		if tags[i].name != "raw" && tags[i].name != "highlight" {
			continue
		}
		for j := i + 1; j < len(tags); j++ {
			if tags[j].name == end {
				tags[i].pair, tags[j].pair = j, i
				for k := i + 1; k < j; k++ {
					inside[k] = true
				}
				i = j
				break
			}
		}
	}
	return inside
}

// liquidTag is what a Liquid tag kb reads is written as; ok is false for
// the others.
func liquidTag(t gitbookTag) (out string, ok bool) {
	switch t.name {
	case "{{":
		if string(t.args) == "site.baseurl" {
			return "", true
		}
	case "link":
		p := strings.Trim(string(t.args), `"'`)
		if p == "" || strings.ContainsAny(p, " <>") {
			return "", false
		}
		return "/" + strings.TrimPrefix(p, "/"), true
	case "raw", "endraw":
		return "", t.pair >= 0
	case "highlight":
		if t.pair >= 0 {
			lang, _, _ := strings.Cut(string(t.args), " ")
			return "```" + lang, true
		}
	case "endhighlight":
		return "```", t.pair >= 0
	}
	return "", false
}

// liquidShown is how a tag kept as text is named in the page's warning.
func liquidShown(t gitbookTag) string {
	if t.name == "{{" {
		return "{{ " + string(t.args) + " }}"
	}
	return "{% " + t.name + " %}"
}

// liquidNote is the page's one warning about the Liquid kept as text.
func liquidNote(kept []string) string {
	return "template tags " + strings.Join(kept, ", ") + " kept as text: kb does not run Jekyll's Liquid or other templates in pages; write what they showed in Markdown"
}

// rawTag matches Jekyll's {% raw %} and {% endraw %}.
var rawTag = regexp.MustCompile(`\{%-?\s*(?:end)?raw\s*-?%\}`)

// withoutRawTags is a line as Markdown reads it once Liquid has taken
// its {% raw %} tags out: "```python{% raw %}" opens a code block.
func withoutRawTags(line []byte) []byte {
	if !bytes.Contains(line, []byte("raw")) {
		return line
	}
	return rawTag.ReplaceAll(line, nil)
}
