package theme

import (
	"errors"
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

// parseHooks picks each render hook's template: the first that parses.
// One that does not is a warning at its line, and kb renders that node
// itself: a writer cannot fix a build that fails on a template.
func (s shortcodeSources) parseHooks(names templateNames, ds *[]diag.Diagnostic) map[string]RenderHook {
	hooks := map[string]RenderHook{}
	for _, file := range slices.Sorted(maps.Keys(s)) {
		name, ok := strings.CutPrefix(file, "render-")
		if !ok || strings.Contains(name, "/") {
			continue // a partial of the hooks' own, or no hook
		}
		for _, src := range s[file] {
			// A partial it calls that kb cannot run fails where it is
			// called, as a function kb lacks (parseHook).
			tpl, err := parseHook(file, src, names)
			if err == nil {
				hooks[name] = RenderHook{File: src.file, Template: tpl}
				break
			}
			d := templateDiag(src.file, err)
			d.Msg = problemOf(d, src.text)
			d.Severity, d.Msg = diag.Warning, fmt.Sprintf("render hook %q %s", file+".html", d.Msg)
			*ds = append(*ds, d.Of(diag.Template).About("", 0, "kb renders those Markdown nodes itself: replace the template with one kb can run (README, Render hooks)"))
		}
	}
	return hooks
}

// parseHook parses a render hook in which each Hugo function kb does not
// have fails where it is called, rather than when it is read: a hook runs
// for every link of a site, and most take one branch of it (Hugo docs'
// render-link calls resources.Get only for a destination that is no
// page), as a field of site or hugo kb does not give. A node whose hook
// calls one is left to kb, with a warning.
func parseHook(name string, src shortcodeSource, names templateNames) (*template.Template, error) {
	lacking := template.FuncMap{}
	for {
		tpl, err := parseShortcode(name, src, names, lacking)
		m := hugoFunc.FindStringSubmatch(fmt.Sprint(err))
		switch {
		case m != nil && strings.Contains(m[1], ".") && tpl != nil:
			// A field of site or hugo kb does not give
			// (hugo.IsDevelopment): the template read, it fails where
			// it reads it.
			return tpl, nil
		case err == nil || m == nil || lacking[m[1]] != nil || len(lacking) >= maxLackingFuncs:
			return tpl, err
		}
		line := templateDiag(src.file, err).Line
		msg := fmt.Sprintf("%s is a Hugo function kb does not have", calledAs(m[1], src.text, line))
		lacking[m[1]] = func(...any) (any, error) { return nil, errors.New(msg) }
	}
}

// maxLackingFuncs bounds the Hugo functions kb lacks that a hook may call.
const maxLackingFuncs = 32
