package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// codeRenderer writes code blocks and code spans as goldmark does, with
// dir="ltr": code reads left to right whatever the page's direction (on an
// Arabic page `$ npm install;` would otherwise show as `;npm install $`),
// and the attribute isolates it from the text around it, with or without
// the theme's CSS.
type codeRenderer struct{}

func (codeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindCodeBlock, renderCodeBlock)
	reg.Register(ast.KindFencedCodeBlock, renderCodeBlock)
	reg.Register(ast.KindCodeSpan, renderCodeSpan)
}

func renderCodeBlock(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		w.WriteString("</code></pre>\n")
		return ast.WalkContinue, nil
	}
	w.WriteString(`<pre dir="ltr"><code`)
	if fenced, ok := n.(*ast.FencedCodeBlock); ok {
		if lang := fenced.Language(source); len(fenceLanguage(lang)) > 0 {
			lang = fenceLanguage(lang)
			w.WriteString(` class="language-`)
			html.DefaultWriter.Write(w, lang)
			w.WriteByte('"')
		}
	}
	w.WriteByte('>')
	lines := n.Lines()
	for i := range lines.Len() {
		line := lines.At(i)
		html.DefaultWriter.RawWrite(w, line.Value(source))
	}
	return ast.WalkContinue, nil
}

func renderCodeSpan(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		w.WriteString("</code>")
		return ast.WalkContinue, nil
	}
	w.WriteString(`<code dir="ltr">`)
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		value := c.(*ast.Text).Segment.Value(source)
		if v, ok := bytes.CutSuffix(value, []byte("\n")); ok {
			html.DefaultWriter.RawWrite(w, v) // a span's line break is a space
			w.WriteByte(' ')
		} else {
			html.DefaultWriter.RawWrite(w, value)
		}
	}
	return ast.WalkSkipChildren, nil
}
