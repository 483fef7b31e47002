package theme

import (
	"bytes"
	"errors"
	"html/template"
	"io"
	"strconv"
	"strings"
	texttemplate "text/template"
	"text/template/parse"
)

// html/template makes a layout safe by ending each action's pipeline with
// its escapers: an article's href="{{.URL}}" runs {{.URL |
// _html_template_urlfilter | _html_template_urlnormalizer |
// _html_template_attrescaper}}. text/template calls every one of them
// through reflection with a slice of arguments, and an article runs over
// a hundred of them: most of the calls of a layout's run. fuseEscapers
// puts one function in place of each common chain, which writes what the
// chain does for every value (a string or an int at once, any other value
// through the chain itself).

// fusedEscaper stands for one chain of html/template's escapers.
type fusedEscaper struct {
	// name is the function's name in the layouts' function map.
	name string
	// chain is the escapers it stands for, in the order they run.
	chain []string
	// plain escapes a value that html/template takes as plain text (a
	// string, an int) as chain does.
	plain func(string) string
	// htmlAsIs: the chain writes a template.HTML value as it is.
	htmlAsIs bool
	// ref is a template whose only action html/template escapes with
	// chain, as prefix + {{.V}} + suffix: it escapes every other value
	// (.V, as a run's data given as it is may be unwrapped).
	ref            *template.Template
	prefix, suffix string
}

// fusedEscapers are the chains html/template ends most actions of kb's
// themes with, the longer chains first.
var fusedEscapers = []*fusedEscaper{
	newFusedEscaper("_kbURLAttr", `<a href="`, `">`, func(s string) string { return escapeHTML(normalizeURL(filterURL(s))) },
		"_html_template_urlfilter", "_html_template_urlnormalizer", "_html_template_attrescaper"),
	newFusedEscaper("_kbURLPartAttr", `<a href="#`, `">`, func(s string) string { return escapeHTML(escapeURL(s)) },
		"_html_template_urlescaper", "_html_template_attrescaper"),
	newFusedEscaper("_kbAttr", `<a title="`, `">`, escapeHTML, "_html_template_attrescaper"),
	newFusedEscaper("_kbRCDATA", `<title>`, `</title>`, escapeHTML, "_html_template_rcdataescaper"),
	newFusedEscaper("_kbHTML", ``, ``, escapeHTML, "_html_template_htmlescaper"),
}

func newFusedEscaper(name, prefix, suffix string, plain func(string) string, chain ...string) *fusedEscaper {
	ref := template.Must(template.New(name).Parse(prefix + "{{.V}}" + suffix))
	return &fusedEscaper{
		name: name, chain: chain, plain: plain, htmlAsIs: len(chain) == 1 && chain[0] == "_html_template_htmlescaper",
		ref: ref, prefix: prefix, suffix: suffix,
	}
}

// escape is the function that takes the chain's place. It has no error
// result, which would cost every call: an escaper that fails on a value
// panics, which the template reports as the chain's escaper would.
func (f *fusedEscaper) escape(v any) string {
	switch v := v.(type) {
	case string:
		return f.plain(v)
	case int:
		return f.plain(strconv.Itoa(v))
	case template.HTML:
		if f.htmlAsIs {
			return string(v)
		}
	}
	var b bytes.Buffer
	if err := f.ref.Execute(&b, struct{ V any }{v}); err != nil {
		panic(err)
	}
	return strings.TrimSuffix(strings.TrimPrefix(b.String(), f.prefix), f.suffix)
}

// fusedEscaperFuncs are the fused escapers by name, for the layouts'
// function map.
func fusedEscaperFuncs() template.FuncMap {
	m := template.FuncMap{}
	for _, f := range fusedEscapers {
		m[f.name] = f.escape
	}
	return m
}

// fuseEscapers has html/template escape page, a layout with the partials
// it calls, now rather than on its first page, and puts a fused escaper in
// place of each chain of escapers the actions of these templates end with.
// It must run before page runs for any page; and nothing may escape
// another template of page's name space afterwards (a template derived
// from a fused one would be escaped twice), so partials rendered on their
// own run from a name space of their own (Theme.Partial). A layout that
// html/template cannot escape keeps its error for Execute to report.
func fuseEscapers(page *template.Template) {
	if !escapeNow(page) {
		return
	}
	for _, t := range page.Templates() {
		if t.Tree == nil {
			continue
		}
		for n := range Statements(t.Tree.Root) {
			if a, ok := n.(*parse.ActionNode); ok && len(a.Pipe.Decl) == 0 {
				fusePipeline(t.Tree, a.Pipe)
			}
		}
	}
}

// fusePipeline replaces the chain of escapers pipe ends with, if it is
// one of fusedEscapers, by its fused escaper.
func fusePipeline(tree *parse.Tree, pipe *parse.PipeNode) {
	for _, f := range fusedEscapers {
		n := len(pipe.Cmds) - len(f.chain)
		if n < 1 || !endsWith(pipe.Cmds[n:], f.chain) {
			continue
		}
		last := pipe.Cmds[len(pipe.Cmds)-1]
		id := parse.NewIdentifier(f.name).SetTree(tree).SetPos(last.Pos)
		pipe.Cmds = append(pipe.Cmds[:n], &parse.CommandNode{NodeType: parse.NodeCommand, Pos: last.Pos, Args: []parse.Node{id}})
		return
	}
}

// endsWith reports whether cmds are the escapers of chain: identifiers
// without arguments.
func endsWith(cmds []*parse.CommandNode, chain []string) bool {
	for i, c := range cmds {
		if len(c.Args) != 1 {
			return false
		}
		id, ok := c.Args[0].(*parse.IdentifierNode)
		if !ok || id.Ident != chain[i] {
			return false
		}
	}
	return true
}

// errEscaped stops the run escapeNow starts at its first write.
var errEscaped = errors.New("escaped")

// escapeNow has html/template escape tpl and what it calls, which it does
// before tpl's first run: a run without data whose first write fails
// stops at once. It reports whether tpl escaped; a run that fails on the
// missing data has.
func escapeNow(tpl *template.Template) bool {
	err := tpl.Execute(failingWriter{}, nil)
	var execErr texttemplate.ExecError
	return err == nil || errors.Is(err, errEscaped) || errors.As(err, &execErr)
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errEscaped }

var _ io.Writer = failingWriter{}

// The escapers of plain text below are html/template's (html.go, url.go)
// for a string.

// escapeHTML is html/template's htmlReplacer with htmlReplacementTable,
// which its htmlescaper, attrescaper and rcdataescaper apply to plain
// text. The characters it replaces are ASCII, which no byte of a
// multi-byte UTF-8 sequence is, so it may go byte by byte.
func escapeHTML(s string) string {
	var b strings.Builder
	written := 0
	for i := 0; i < len(s); i++ {
		var repl string
		switch s[i] {
		case 0:
			repl = "\uFFFD"
		case '"':
			repl = "&#34;"
		case '&':
			repl = "&amp;"
		case '\'':
			repl = "&#39;"
		case '+':
			repl = "&#43;"
		case '<':
			repl = "&lt;"
		case '>':
			repl = "&gt;"
		default:
			continue
		}
		if written == 0 {
			b.Grow(len(s) + 16)
		}
		b.WriteString(s[written:i])
		b.WriteString(repl)
		written = i + 1
	}
	if written == 0 {
		return s
	}
	b.WriteString(s[written:])
	return b.String()
}

// filterURL is html/template's urlfilter: a URL of a scheme other than
// http, https and mailto becomes "#ZgotmplZ".
func filterURL(s string) string {
	if protocol, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(protocol, "/") {
		if !strings.EqualFold(protocol, "http") && !strings.EqualFold(protocol, "https") && !strings.EqualFold(protocol, "mailto") {
			return "#ZgotmplZ"
		}
	}
	return s
}

// normalizeURL is html/template's urlnormalizer, escapeURL its
// urlescaper.
func normalizeURL(s string) string { return processURL(s, true) }
func escapeURL(s string) string    { return processURL(s, false) }

// processURL is html/template's processURLOnto: it percent-encodes the
// bytes a URL may not hold as they are (norm), or all but the unreserved
// ones (!norm), keeping valid escapes when norm.
func processURL(s string, norm bool) string {
	var b strings.Builder
	written := 0
	for i, n := 0, len(s); i < n; i++ {
		c := s[i]
		switch c {
		case '!', '#', '$', '&', '*', '+', ',', '/', ':', ';', '=', '?', '@', '[', ']':
			if norm {
				continue
			}
		case '-', '.', '_', '~':
			continue
		case '%':
			if norm && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
				continue
			}
		default:
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
				continue
			}
		}
		if written == 0 {
			b.Grow(len(s) + 16)
		}
		b.WriteString(s[written:i])
		b.WriteByte('%')
		b.WriteByte(lowerHex[c>>4])
		b.WriteByte(lowerHex[c&0xf])
		written = i + 1
	}
	if written == 0 {
		return s
	}
	b.WriteString(s[written:])
	return b.String()
}

// lowerHex are the digits of html/template's %02x.
const lowerHex = "0123456789abcdef"

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
