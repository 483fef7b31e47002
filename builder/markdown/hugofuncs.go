package markdown

import (
	"cmp"
	"errors"
	"fmt"
	"html"
	"html/template"
	"net/url"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"text/template/parse"

	"kb/builder/diag"
	"kb/builder/theme"
)

// Hugo's template functions whose meaning depends on the page or the site
// (theme.PageFuncs): a template that calls one runs as a clone with them
// bound to its page (boundTo).
//
// The safe* functions mark text as the template's own. A site's template
// is trusted, a writer's argument is not, and a function cannot tell
// one's text from the other's once a template has joined them; so they
// lift only what cannot run script: HTML kb made (.Inner, markdownify)
// as it is, any other text through the raw-HTML allowlist as a writer's
// raw HTML goes (safeHTML); a URL the allowlist keeps in a link
// (safeURL); an attribute that is no event handler, style or unsafe URL
// (safeHTMLAttr); anything else stays text, which html/template escapes
// or replaces by ZgotmplZ. A writer's argument a template passes through
// safeHTML thus never brings script to the page.

// pageFuncs are theme.PageFuncs bound to x's page.
func (x *shortcodeContext) pageFuncs() template.FuncMap {
	m := template.FuncMap{
		"markdownify":   x.markdownify,
		"plainify":      plainify,
		"safeHTML":      x.safeHTML,
		"safeHTMLAttr":  x.safeHTMLAttr,
		"safeURL":       x.safeURL,
		"safeJS":        safeJS,
		"minify":        resourcesNS{x: x}.Minify,
		"fingerprint":   resourcesNS{x: x}.Fingerprint,
		"anchorize":     anchorize,
		"relURL":        x.Site().relURL,
		"absURL":        x.Site().absURL,
		"relLangURL":    x.relLangURL,
		"absLangURL":    x.absLangURL,
		"transform":     func() pageTransform { return pageTransform{x: x} },
		"warnf":         x.warnf,
		"partial":       x.partial,
		"partialCached": x.partialCached,
		"T":             x.translate,
		"i18n":          x.translate,
		"site":          x.Site,
		"resources":     func() resourcesNS { return resourcesNS{x: x} },
		"readDir":       x.readDir,
		"images":        func() imagesNS { return imagesNS{x: x} },
		"hugo": func() HugoInfo {
			return HugoInfo{Data: x.Site().Data, Version: theme.HugoVersion, GoVersion: runtime.Version()}
		},
	}
	m["apply"] = theme.Apply(m) // apply "markdownify" "." renders for the page
	return m
}

// HugoInfo is what Hugo's hugo function gives a template in kb: the
// site's data files (hugo.Data, as Hugo 0.156 reads them), the Hugo
// version kb answers as, and the Go version kb was built with.
type HugoInfo struct {
	Data      map[string]any
	Version   theme.Version
	GoVersion string
}

// pageTransform is Hugo's transform namespace for a shortcode: Hugo
// gives a {{< >}} shortcode's .Inner as written, kb's .Inner is
// rendered, so Remarshal reads the inner content as written when given
// .Inner (Hugo documentation's code-toggle).
type pageTransform struct {
	theme.Transform
	x *shortcodeContext
}

// Remarshal is theme.Transform's, of the inner content as written where
// data holds .Inner.
func (t pageTransform) Remarshal(format, data any) (string, error) {
	if s, ok := data.(template.HTML); ok {
		data = t.x.asWritten(string(s))
	}
	return t.Transform.Remarshal(format, data)
}

// HighlightResult is what Hugo's transform.HighlightCodeBlock gives:
// the code block (Wrapped) and the code alone (Inner), in HTML.
type HighlightResult struct{ Wrapped, Inner template.HTML }

// HighlightCodeBlock is Hugo's transform.HighlightCodeBlock, which a
// code block hook calls with its context: the block as highlight writes
// it (kb colours no code; it keeps it left to right in any language).
func (t pageTransform) HighlightCodeBlock(ctx *codeblockContext, _ ...any) (HighlightResult, error) {
	wrapped, err := t.Highlight(ctx.Inner, ctx.Type)
	return HighlightResult{Wrapped: wrapped, Inner: template.HTML(html.EscapeString(ctx.Inner))}, err
}

// Plainify is Hugo's transform.Plainify, plainify's other name.
func (t pageTransform) Plainify(v any) (string, error) { return plainify(v) }

// asWritten is s with the shortcode's inner content, rendered (.Inner),
// as written: Hugo's .Inner of a {{< >}} shortcode, which a template
// that converts or renders it (transform.Remarshal, .Page.RenderString)
// expects.
func (x *shortcodeContext) asWritten(s string) string {
	if !x.c.paired || x.inner == nil {
		return s // .Inner was not asked for
	}
	inner := strings.TrimSpace(string(x.Inner()))
	if inner == "" {
		return s
	}
	return strings.ReplaceAll(s, inner, strings.TrimSpace(x.RawInner))
}

// RenderString is Hugo's .Page.RenderString [OPTIONS] MARKUP: a writer's
// Markdown rendered by the page's rules, raw HTML through its allowlist,
// inline unless OPTIONS is (dict "display" "block"). The shortcode's
// .Inner in a text it is given is read as written (asWritten).
func (p *HugoPage) RenderString(args ...any) (template.HTML, error) {
	if p.x == nil || len(args) == 0 || len(args) > 2 {
		return "", errors.New("RenderString takes options and a text: .Page.RenderString (dict \"display\" \"block\") TEXT")
	}
	inline := true
	if len(args) == 2 {
		opts, ok := args[0].(map[string]any)
		if !ok {
			return "", fmt.Errorf("RenderString's options are a dict, not %T", args[0])
		}
		switch d, _ := theme.Text(opts["display"]); d {
		case "block":
			inline = false
		case "", "inline":
		default:
			return "", fmt.Errorf("RenderString displays \"inline\" or \"block\", not %q", d)
		}
	}
	markup := args[len(args)-1]
	if h, ok := markup.(template.HTML); ok {
		return h, nil // HTML kb made (.Inner, markdownify), as markdownify keeps it
	}
	s, err := theme.Text(markup)
	if err != nil {
		return "", err
	}
	return p.x.renderMarkdown(p.x.asWritten(s), inline, "RenderString"), nil
}

// translate is Hugo's T: the site's string id in the language of the text
// being rendered (Options.SiteStrings), arg its count or its data.
func (x *shortcodeContext) translate(id any, arg ...any) (string, error) {
	key, err := theme.Text(id)
	if err != nil || x.st.r.opts.SiteStrings == nil {
		return "", err
	}
	var a any
	if len(arg) > 0 {
		a = arg[0]
	}
	return x.st.r.opts.SiteStrings(x.st.doc.Lang, key, a), nil
}

// callsAny reports whether t, or a template it defines, calls one of the
// functions names (hugo.Data calls hugo).
func callsAny(t *template.Template, names []string) bool {
	for _, d := range t.Templates() {
		for cmd := range theme.Commands(d.Tree) {
			if slices.ContainsFunc(cmd.Args, func(a parse.Node) bool {
				if chain, ok := a.(*parse.ChainNode); ok {
					a = chain.Node // site.GetPage calls site
				}
				id, ok := a.(*parse.IdentifierNode)
				return ok && slices.Contains(names, id.Ident)
			}) {
				return true
			}
		}
	}
	return false
}

// allowlist is the raw-HTML allowlist of the safe* functions: the page's,
// or one of its own where raw HTML is off.
func (x *shortcodeContext) allowlist() *sanitizer {
	return x.st.r.funcSanitizer
}

// safeHTML is HTML kb made as it is, other text through the allowlist,
// or, in Markdown a template writes, as it is too.
func (x *shortcodeContext) safeHTML(v any) (template.HTML, error) {
	switch v := v.(type) {
	case template.HTML:
		return v, nil
	case resourceMarkup:
		return template.HTML(v), nil // an asset's or a checked SVG's (Resource.Content)
	}
	s, err := theme.Text(v)
	if x.markdown {
		// The Markdown the template writes, raw HTML and all, is read
		// under the page's rules (percent.go).
		return template.HTML(s), err
	}
	return template.HTML(x.allowlist().clean([]byte(s))), err
}

// safeJS is script only from an asset's or checked file's text
// (Resource.Content: Book's mermaid.json), and jsonify's JSON as it is
// (a JSON-LD block's object): data that cannot end the script, as
// jsonify escapes <, > and &. Anything else stays text, which
// html/template quotes as a string in a script.
func safeJS(v any) (any, error) {
	switch v := v.(type) {
	case resourceMarkup:
		return template.JS(v), nil
	case template.HTML:
		if theme.IsInertJSON(string(v)) {
			return template.JS(v), nil
		}
	}
	return theme.Text(v)
}

// safeURL is a URL the allowlist keeps in a link, else text.
func (x *shortcodeContext) safeURL(v any) (any, error) {
	s, err := theme.Text(v)
	if err != nil || !x.keepsURL(s) {
		return s, err
	}
	return template.URL(s), nil
}

func (x *shortcodeContext) keepsURL(s string) bool {
	a := x.allowlist().clean([]byte(`<a href="` + html.EscapeString(s) + `">`))
	return strings.Contains(string(a), " href=")
}

// safeHTMLAttr is an attribute, name="value" or name=value, that is no
// event handler, style or script-capable URL; else text. A space before
// it is kept.
func (x *shortcodeContext) safeHTMLAttr(v any) (any, error) {
	s, err := theme.Text(v)
	if err != nil {
		return nil, err
	}
	m := htmlAttr.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return s, nil
	}
	name, val := strings.ToLower(m[1]), m[2]
	if len(val) >= 2 && (val[0] == '"' || val[0] == '\'') && val[len(val)-1] == val[0] {
		val = val[1 : len(val)-1]
	}
	val = html.UnescapeString(val)
	switch {
	case strings.HasPrefix(name, "on"), name == "style", name == "srcdoc", name == "http-equiv":
		return s, nil
	case urlAttrs[name] && !x.keepsURL(val):
		return s, nil
	}
	// The space before it, as Hugo's templates write one (printf " %s=%q"),
	// stays: it parts the attribute from the tag's name.
	lead := ""
	if strings.TrimLeft(s, " \t\n") != s {
		lead = " "
	}
	return template.HTMLAttr(lead + name + `="` + html.EscapeString(val) + `"`), nil
}

var (
	htmlAttr = regexp.MustCompile(`^([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>` + "`" + `]+)$`)
	urlAttrs = map[string]bool{"href": true, "src": true, "poster": true, "cite": true, "action": true, "formaction": true,
		"srcset": true, "xlink:href": true, "background": true, "data": true, "codebase": true, "ping": true}
)

// anchorize is Hugo's anchorize: an id made as the page's headings' are
// (GitHub's way, Hugo's default).
func anchorize(v any) (string, error) {
	s, err := theme.Text(v)
	return githubID(s), err
}

// plainify is Hugo's plainify: the text of HTML, without its tags.
func plainify(v any) (string, error) {
	s, err := theme.Text(v)
	return htmlText([]byte(s)), err
}

// relURL is Hugo's relURL: a path under the site's base path; a path from
// the root, or an absolute URL elsewhere, as it is; one under the base
// URL as its path.
func (s SiteInfo) relURL(v any) (string, error) {
	in, err := theme.Text(v)
	switch {
	case err != nil:
		return "", err
	case isAbsoluteURL(in):
		rest, ok := strings.CutPrefix(in, strings.TrimSuffix(s.BaseURL, "/")+"/")
		if !ok {
			return in, nil
		}
		if rest == "" {
			return cmp.Or(s.BasePath, "/"), nil
		}
		return s.BasePath + "/" + rest, nil
	case strings.HasPrefix(in, "/"):
		return in, nil
	}
	return s.BasePath + "/" + in, nil
}

// Scratch is Hugo's .Scratch of a shortcode: values its template keeps
// for the rest of its run on this page (theme.NewScratch).
func (x *shortcodeContext) Scratch() any {
	if x.scratch == nil {
		x.scratch = theme.NewScratch()
	}
	return x.scratch
}

// Store is Hugo's .Store, the same as .Scratch.
func (x *shortcodeContext) Store() any { return x.Scratch() }

// relLangURL is Hugo's relLangURL: relURL in the folder of the page's
// language ("/docs/en/articles").
func (x *shortcodeContext) relLangURL(v any) (string, error) {
	in, err := theme.Text(v)
	if err != nil || isAbsoluteURL(in) {
		return x.Site().relURL(in)
	}
	return x.Site().relURL(x.langPath(in))
}

// absLangURL is Hugo's absLangURL: absURL in the folder of the page's
// language.
func (x *shortcodeContext) absLangURL(v any) (string, error) {
	in, err := theme.Text(v)
	if err != nil || isAbsoluteURL(in) {
		return x.Site().absURL(in)
	}
	return x.Site().absURL(x.langPath(in))
}

// langPath is p, a path, under the base path in the folder of the page's
// language ("en/articles"), or as it is for a language at the root.
func (x *shortcodeContext) langPath(p string) string {
	if rest, ok := strings.CutPrefix(p, "/"); ok {
		return "/" + x.st.doc.LangFolder + rest // from the host, as Hugo's
	}
	return x.st.doc.LangFolder + p
}

// absURL is Hugo's absURL: a path under the base URL, a path from the
// root on its host, an absolute URL as it is.
func (s SiteInfo) absURL(v any) (string, error) {
	in, err := theme.Text(v)
	if err != nil || isAbsoluteURL(in) {
		return in, err
	}
	u, perr := url.Parse(s.BaseURL)
	if perr != nil || u.Host == "" {
		return s.relURL(in)
	}
	if strings.HasPrefix(in, "/") {
		return u.Scheme + "://" + u.Host + in, nil
	}
	return strings.TrimSuffix(s.BaseURL, "/") + "/" + in, nil
}

func isAbsoluteURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme != "" || strings.HasPrefix(s, "//"))
}

// warnf is Hugo's warnf: a warning at the shortcode's line.
func (x *shortcodeContext) warnf(format string, args ...any) string {
	line, col := x.st.lines.pos(x.c.start)
	msg := fmt.Sprintf(format, args...)
	x.st.diags = append(x.st.diags, diag.WarnAt(x.st.doc.File, line, col, "shortcode %q: %s", x.Name, msg).Of(diag.Shortcode))
	return ""
}
