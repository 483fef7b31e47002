package theme

import (
	"fmt"
	"html/template"
	"maps"
	"slices"
	"strings"

	"kb/builder/diag"
)

// A Hugo site's Markdown render hooks (layouts/_markup/render-link.html,
// render-heading.html, render-codeblock-mermaid.html, ...) are templates
// of the site's own, as its shortcode templates are: kb reads them from
// the same Hugo layers (the site, its Hugo theme), parses them with the
// same functions, and the Markdown renderer runs them in place of its own
// HTML for the node they are named after.

// MarkupFolders returns the folders of a Hugo layer that hold render
// hooks, the one that wins first: Hugo 0.146's layouts/_markup/, and
// layouts/_default/_markup/ before it.
func MarkupFolders() []string { return []string{"layouts/_markup", "layouts/_default/_markup"} }

// RenderHook is a render hook template kb runs, named by what it renders
// ("link", "codeblock-mermaid", "blockquote-alert").
type RenderHook struct {
	File     string // as reported: "layouts/_markup/render-link.html"
	Template *template.Template
}

// parseHooks picks each render hook's template: the first that parses and
// calls no partial kb cannot run. One that does not is a warning at its
// line, and kb renders that node itself: a writer cannot fix a build that
// fails on a template.
func (s shortcodeSources) parseHooks(partials map[string]HugoPartial, names templateNames, ds *[]diag.Diagnostic) map[string]RenderHook {
	hooks := map[string]RenderHook{}
	for _, file := range slices.Sorted(maps.Keys(s)) {
		name, ok := strings.CutPrefix(file, "render-")
		if !ok || strings.Contains(name, "/") {
			continue // a partial of the hooks' own, or no hook
		}
		for _, src := range s[file] {
			tpl, err := parseShortcode(file, src, names)
			d := diag.Diagnostic{}
			if err != nil {
				d = templateDiag(src.file, err)
				d.Msg = problemOf(d, src.text)
			} else if bad, unrunnable := unrunnablePartial(tpl, src.file, partials, map[string]bool{}); unrunnable {
				d = bad
			} else {
				hooks[name] = RenderHook{File: src.file, Template: tpl}
				break
			}
			d.Severity, d.Msg = diag.Warning, fmt.Sprintf("render hook %q %s", file+".html", d.Msg)
			*ds = append(*ds, d.Of(diag.Template).About("", 0, "kb renders those Markdown nodes itself: replace the template with one kb can run (README, Render hooks)"))
		}
	}
	return hooks
}
