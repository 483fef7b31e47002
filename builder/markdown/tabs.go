package markdown

import (
	"bytes"
	"errors"
	"html/template"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"kb/builder/diag"
)

// Content tabs, as Material for MkDocs writes them (pymdownx.tabbed):
//
//	=== "pip"
//	    Content indented four spaces (or a tab), blocks and
//	    admonitions inside.
//
//	=== "conda"
//	    ...
//
// Tabs one after the other (blank lines between them) are one set; "===!"
// starts a new set. "===+" selects a tab, which means nothing here: kb
// shows every tab under its label, as it shows MDX's <Tabs>, through the
// same templates (tabs.html and tabitem.html), so the two look alike and a
// theme changes both at once.

var (
	kindTabSet   = ast.NewNodeKind("TabSet")
	kindTab      = ast.NewNodeKind("Tab")
	kindTabLabel = ast.NewNodeKind("TabLabel")
)

// tabSet holds the tabs of one set.
type tabSet struct {
	ast.BaseBlock
	st    *state // the page's, for its shortcode templates and diagnostics
	after []byte // the template's output after the content
}

// tab is one tab: a tabLabel, then its content.
type tab struct {
	ast.BaseBlock
	st     *state
	at     int    // offset of the marker, for diagnostics
	newSet bool   // "===!"
	after  []byte // the template's output after the content
}

// tabLabel is a tab's label, with inline Markdown; it is written by the
// tab's template as text, and searched.
type tabLabel struct{ ast.BaseBlock }

func (n *tabSet) Kind() ast.NodeKind           { return kindTabSet }
func (n *tabSet) Dump(src []byte, level int)   { ast.DumpHelper(n, src, level, nil, nil) }
func (n *tab) Kind() ast.NodeKind              { return kindTab }
func (n *tab) Dump(src []byte, level int)      { ast.DumpHelper(n, src, level, nil, nil) }
func (n *tabLabel) Kind() ast.NodeKind         { return kindTabLabel }
func (n *tabLabel) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// tabParser opens a tab at its marker line and keeps the lines indented
// below it, as admonitions do.
type tabParser struct{ admonitionParser }

func (tabParser) Trigger() []byte { return []byte{'='} }

func (tabParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, base := markerLine(reader, pc)
	m, ok := parseTabMarker(line)
	if !ok {
		return nil, parser.NoChildren
	}
	n := &tab{st: stateOf(pc), at: base, newSet: m.newSet}
	label := &tabLabel{}
	label.Lines().Append(text.NewSegment(base+m.labelStart, base+m.labelEnd))
	n.AppendChild(n, label)
	reader.AdvanceToEOL()
	return n, parser.HasChildren
}

// tabMarker is where the label of a tab's first line is.
type tabMarker struct {
	newSet               bool
	labelStart, labelEnd int
}

// parseTabMarker reads `===[!+] "Label"` from s, which has no space at its
// end, as pymdownx.tabbed reads it: at most two flags, a space, the label
// in double quotes.
func parseTabMarker(s []byte) (tabMarker, bool) {
	var m tabMarker
	if !bytes.HasPrefix(s, []byte("===")) {
		return m, false
	}
	i := 3
	for flags := 0; flags < 2 && i < len(s) && (s[i] == '!' || s[i] == '+'); flags++ {
		m.newSet = m.newSet || s[i] == '!'
		i++
	}
	spaces := util.TrimLeftSpaceLength(s[i:])
	if spaces == 0 {
		return m, false
	}
	i += spaces
	if len(s)-i < 2 || s[i] != '"' || s[len(s)-1] != '"' {
		return m, false
	}
	m.labelStart, m.labelEnd = i+1, len(s)-1
	return m, true
}

// tabSets gathers each run of tabs, siblings one after the other, into a
// tabSet; a tab written "===!" starts another.
type tabSets struct{}

func (tabSets) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	if !bytes.Contains(reader.Source(), []byte("===")) {
		return // no tab: the walk below would find none
	}
	var parents []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := n.(*tab); ok && entering && (len(parents) == 0 || parents[len(parents)-1] != t.Parent()) {
			parents = append(parents, t.Parent())
		}
		return ast.WalkContinue, nil
	})
	for _, p := range parents {
		var set *tabSet
		for c := p.FirstChild(); c != nil; {
			next := c.NextSibling()
			t, ok := c.(*tab)
			switch {
			case !ok:
				set = nil
			case set == nil || t.newSet:
				set = &tabSet{st: t.st}
				p.ReplaceChild(p, t, set)
				set.AppendChild(set, t)
			default:
				p.RemoveChild(p, t)
				set.AppendChild(set, t)
			}
			c = next
		}
	}
}

// codeGroups makes each VitePress ::: code-group a set of tabs, a tab per
// fenced code block, labelled by the fence's [label] ("```js
// [config.js]"), else its language; what is between blocks goes with
// the tab before it.
type codeGroups struct{}

func (codeGroups) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	if !bytes.Contains(reader.Source(), []byte("code-group")) {
		return // no ::: code-group: the walk below would find none
	}
	var groups []*callout
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if c, ok := n.(*callout); ok && entering && c.codeGroup {
			groups = append(groups, c)
		}
		return ast.WalkContinue, nil
	})
	src := reader.Source()
	for _, g := range groups {
		set := &tabSet{st: stateOf(pc)}
		var current *tab
		for c := g.FirstChild(); c != nil; {
			next := c.NextSibling()
			g.RemoveChild(g, c)
			if code, ok := c.(*ast.FencedCodeBlock); ok && code.Info != nil {
				current = &tab{st: set.st, at: code.Info.Segment.Start}
				// Parsed after the inlines were: the label's text is its one child.
				label := &tabLabel{}
				label.AppendChild(label, ast.NewTextSegment(fenceLabel(code.Info.Segment, src)))
				current.AppendChild(current, label)
				set.AppendChild(set, current)
			}
			if current == nil {
				g.Parent().InsertBefore(g.Parent(), g, c)
			} else {
				current.AppendChild(current, c)
			}
			c = next
		}
		if set.HasChildren() {
			g.Parent().ReplaceChild(g.Parent(), g, set)
		} else {
			g.Parent().RemoveChild(g.Parent(), g)
		}
	}
}

// fenceLabel is the part of a fence's info that labels its code: the
// text in brackets, else the language.
func fenceLabel(info text.Segment, src []byte) text.Segment {
	v := info.Value(src)
	if open := bytes.IndexByte(v, '['); open >= 0 {
		if end := bytes.IndexByte(v[open:], ']'); end > 1 {
			return text.NewSegment(info.Start+open+1, info.Start+open+end)
		}
	}
	return text.NewSegment(info.Start, info.Start+len(fenceLanguage(v)))
}

// fenceLanguage is the language of a fence's info: what comes before a
// space, and before VitePress's line marks ("js{1,4}",
// "ts:line-numbers") and label ("js[config.js]").
func fenceLanguage(info []byte) []byte {
	end := bytes.IndexAny(info, " \t{:[")
	if end < 0 {
		return info
	}
	return info[:end]
}

// tabs registers the tab parser, the grouping of tabs into sets and their
// renderer.
type tabs struct{}

func (tabs) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithBlockParsers(util.Prioritized(nestingBound{tabParser{}}, 100)),
		parser.WithASTTransformers(util.Prioritized(tabSets{}, 10), util.Prioritized(codeGroups{}, 10)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(tabRenderer{}, 500)))
}

type tabRenderer struct{}

func (tabRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindTabSet, renderTabSet)
	reg.Register(kindTab, renderTab)
	reg.Register(kindTabLabel, func(util.BufWriter, []byte, ast.Node, bool) (ast.WalkStatus, error) {
		return ast.WalkSkipChildren, nil // the tab's template writes it
	})
}

func renderTabSet(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*tabSet)
	return writeAround(w, n.st, "tabs", nil, n.FirstChild().(*tab).at, entering, &n.after)
}

func renderTab(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*tab)
	var label plainWriter
	label.inlines(n.FirstChild(), src)
	status, err := writeAround(w, n.st, "tabitem", map[string]string{"label": string(label.buf)}, n.at, entering, &n.after)
	if entering && status == ast.WalkContinue && n.st != nil && n.st.r.opts.Shortcodes["tabitem"] == nil {
		// A theme without the template still shows the label.
		_, _ = w.WriteString("<p>" + template.HTMLEscapeString(string(label.buf)) + "</p>\n")
	}
	return status, err
}

// innerMark stands for a block's rendered content in its template's output,
// which is written in two parts around it: the content is rendered by
// goldmark as the page's, not apart from it.
const innerMark = "\x00kb-inner\x00"

// writeAround writes the part of shortcode template name's output before
// .Inner when entering a block, and keeps the part after in after for
// leaving it; the template gets args through .Get. Without the template,
// only the content is written; a template without .Inner leaves the
// content out.
func writeAround(w util.BufWriter, st *state, name string, args map[string]string, at int, entering bool, after *[]byte) (ast.WalkStatus, error) {
	if !entering {
		if *after != nil {
			_, _ = w.Write(*after)
			_ = w.WriteByte('\n')
		}
		return ast.WalkContinue, nil
	}
	if st == nil || st.r.opts.Shortcodes[name] == nil {
		return ast.WalkContinue, nil
	}
	ctx := &shortcodeContext{Name: name, IsNamedParams: true, Params: args,
		st: st, c: &call{start: at, named: args}, inner: &renderedInner{html: []byte(innerMark)}}
	out, err := st.executeTemplate(name, ctx)
	if failed, ok := errors.AsType[*hugoFailure](err); ok {
		// The tab's content stands without the template around it.
		st.tallyFailure(name, ctx.c, failed.file, templateError(failed.err))
		return ast.WalkContinue, nil
	}
	if err != nil {
		line, col := st.lines.pos(at)
		st.diags = append(st.diags, diag.At(st.doc.File, line, col, "shortcode %q: %v", name, templateError(err)))
		return ast.WalkContinue, nil
	}
	before, rest, found := bytes.Cut(out, []byte(innerMark))
	_, _ = w.Write(bytes.TrimSpace(before))
	_ = w.WriteByte('\n')
	if !found {
		return ast.WalkSkipChildren, nil
	}
	*after = append([]byte{}, bytes.TrimSpace(rest)...)
	return ast.WalkContinue, nil
}
