package markdown

import "strings"

// themeAdvice says what to do instead of the shortcodes of Hugo's
// documentation themes (Book, Hextra, Learn and Relearn, Docsy) that kb
// has no template for because a help center page cannot carry them as
// they are: a site moved from one of them learns, in the shortcode's
// warning, what takes their place. A name ending in "/" stands for a
// folder of shortcodes (Docsy's blocks/cover).
var themeAdvice = map[string]string{
	"mermaid":     "kb draws no diagrams: export the diagram as an SVG image and show it as ![description](diagram.svg)",
	"katex":       "kb typesets no formulas: write the formula as text, or show it as an image",
	"asciinema":   "kb plays no terminal recordings: show the commands as a code block, or link the recording",
	"jupyter":     "kb renders no notebooks: copy the cells the reader needs into the page, or link the notebook",
	"swaggerui":   "kb renders no API reference: link the API's reference page",
	"openapi":     "kb renders no API reference: link the API's reference page",
	"redoc":       "kb renders no API reference: link the API's reference page",
	"imgproc":     "kb resizes no images: show the image as ![description](file.jpg)",
	"children":    "kb's section page lists the section's pages already: remove the shortcode",
	"section":     "kb's section page lists the section's pages already: remove the shortcode",
	"attachments": "kb lists no attachments: link each file, which kb publishes beside the page",
	"iframe":      "kb embeds no other pages: link the page",
	"readfile":    "kb includes no files by shortcode: write the content in the page, or link the file",
	"blocks/":     "kb's home page has its own layout: move the text of the home page's blocks into content/<lang>/_index.md",
	"hextra/":     "kb's home page has its own layout: move the text of the landing page's blocks into content/<lang>/_index.md",
}

// adviceFor is what to do instead of the shortcode name, "" when kb has
// nothing to say beyond adding a template.
func adviceFor(name string) string {
	if a, ok := themeAdvice[name]; ok {
		return a
	}
	if dir, _, ok := strings.Cut(name, "/"); ok {
		return themeAdvice[dir+"/"]
	}
	return ""
}
