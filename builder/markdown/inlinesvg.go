package markdown

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"kb/builder/content"
)

// A writer's SVG (a bundle's) passed content.CheckAsset as a file, read as
// XML. Put inside a page, the browser reads it as HTML, which sees tags
// XML does not: in a comment HTML ends early (<!-->), a processing
// instruction it ends at the first >, CDATA after an HTML element, and
// an HTML element (<p>, <img>) that ends the SVG and makes the elements
// after it HTML (<iframe srcdoc>). So the SVG a template inlines is the
// one the page's HTML parser reads, written back and checked again.

// inlineSVG is data, a writer's SVG, as the page's HTML parser reads it,
// with neither comments nor processing instructions, and confined to
// itself (confine), when that is one svg element of SVG elements only
// which content.CheckAsset passes; else false. left is what confine left
// out.
func inlineSVG(file string, data []byte) (svg []byte, left []string, ok bool) {
	body := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(bytes.NewReader(data), body)
	if err != nil {
		return nil, nil, false
	}
	var out bytes.Buffer
	for _, n := range nodes {
		switch {
		case n.Type == html.CommentNode, n.Type == html.DoctypeNode:
			continue // an XML declaration, a drawing tool's comment
		case n.Type == html.TextNode && strings.TrimSpace(n.Data) == "":
			continue
		case n.Type != html.ElementNode || n.Namespace != "svg" || n.Data != "svg" || !svgOnly(n):
			return nil, nil, false
		}
		left = append(left, confine(n)...)
		if err := html.Render(&out, n); err != nil {
			return nil, nil, false
		}
	}
	if out.Len() == 0 || len(content.CheckAsset(file, out.Bytes())) > 0 {
		return nil, nil, false
	}
	return out.Bytes(), left, true
}

// svgOnly reports whether n's elements are all SVG's, and takes the
// comments out of it.
func svgOnly(n *html.Node) bool {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		switch c.Type {
		case html.CommentNode:
			n.RemoveChild(c)
		case html.ElementNode:
			if c.Namespace != "svg" || !svgOnly(c) {
				return false
			}
		}
		c = next
	}
	return true
}
