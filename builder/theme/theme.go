// Package theme loads a theme's html/template layouts and hashed assets from
// layered file systems, so a site can override the default theme file by file.
package theme

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/js"
	"html/template"
	"io"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"

	"kb/builder/diag"
)

// Layer is one theme file system with the path prefix its files are reported
// under ("themes/default", "themes/shop").
type Layer struct {
	FS     fs.FS
	Prefix string
	// Only, when set, are the folders of FS read (HugoTemplateFolders): a
	// Hugo site's own shortcode templates and the partials they call are
	// kb's, its page layouts are not.
	Only []string
	// Hugo marks templates written for Hugo (a Hugo site's own, its Hugo
	// theme's): one kb cannot run is a warning, and kb runs the next
	// template of that name or none, since a writer cannot fix a build
	// that fails on a template. kb's themes' templates are the site
	// owner's, written for kb: a broken one stays an error.
	Hugo bool
}

// ShortcodeFolders returns the folders of a layer that hold shortcode
// templates, the one that wins first: Hugo 0.146 moved them to
// layouts/_shortcodes/ and still reads layouts/shortcodes/.
func ShortcodeFolders() []string { return []string{"layouts/_shortcodes", "layouts/shortcodes"} }

// PartialFolders returns the folders of a Hugo layer that hold the
// partial templates its shortcode templates call, the one that wins
// first. kb's themes' layouts/partials/ are kb's page partials, not these.
func PartialFolders() []string { return []string{"layouts/_partials", "layouts/partials"} }

// HugoTemplateFolders returns the folders kb reads of a Hugo site (and its
// Hugo theme): ShortcodeFolders, PartialFolders and MarkupFolders.
func HugoTemplateFolders() []string {
	return slices.Concat(ShortcodeFolders(), PartialFolders(), MarkupFolders())
}

// Theme is a parsed theme: one template per page layout and its assets.
type Theme struct {
	pages      map[string]*template.Template
	shortcodes map[string]*template.Template
	// hugoShortcodes are the shortcode templates written for Hugo that kb
	// runs, by name: one that fails on a page is a warning.
	hugoShortcodes map[string]HugoShortcode
	// hugoPartials are the partials of Hugo layers, by name without
	// ".html" ("docs/text/mapper"), the one that wins.
	hugoPartials map[string]HugoPartial
	// unrunnable says, by name, why kb runs no template of a shortcode
	// whose only templates it cannot run.
	unrunnable map[string]string
	// renderHooks are the Markdown render hooks of Hugo layers kb runs,
	// by the node they render ("link", "codeblock-mermaid").
	renderHooks map[string]RenderHook
	// paramsRead are the page params its templates read by name
	// (ReadsParam).
	paramsRead map[string]bool
	assets     map[string]Asset
	// ids are the ids its layouts give elements (id="main"), sorted.
	ids []string
	// languageParts are the partials under layouts/partials/language/,
	// sorted: what they show is the same on every page of a language, so
	// they are rendered once per language (LanguageParts).
	languageParts []string
	// partials are the partials without a page layout, which Partial
	// runs: no page layout's name space, whose escapers are fused
	// (fuseEscapers), escapes a template after its layout.
	partials *template.Template
}

// LanguagePartsDir holds the partials that depend on the language only:
// the builder renders each once per language, with .Site and .L, and page
// layouts show the result, without the file's final newline, as
// {{.Site.Parts.<name>}}, <name> being the file name without ".html".
// Repeated on thousands of pages, they cost little.
const LanguagePartsDir = "partials/language/"

// Asset is a static file of the theme, published under a content-hashed name
// so hosts can cache it for a year.
type Asset struct {
	Name string // logical name, "style.css"
	Path string // output path, "_kb/style.3f2a9c1b.css"
	Data []byte
}

// Load reads layers in order, later layers replacing earlier files of the same
// name. Layouts: layouts/partials/*.html are shared (and those in
// LanguagePartsDir rendered once per language); every other
// layouts/*.html is a page layout executed by its base name ("article");
// layouts/shortcodes/<name>.html (in folders too) are shortcode templates,
// on their own, and a Hugo layer's PartialFolders the partials they call.
// Assets: every file under assets/.
func Load(layers ...Layer) (*Theme, []diag.Diagnostic) {
	files := map[string][]byte{}
	origin := map[string]string{}
	var shortcodes, partials, hooks shortcodeSources
	var ds []diag.Diagnostic
	for _, l := range layers {
		if l.FS == nil {
			continue
		}
		roots := l.Only
		if len(roots) == 0 {
			roots = []string{"."}
		}
		layer, partialLayer, hookLayer := shortcodeLayer{}, shortcodeLayer{}, shortcodeLayer{}
		for _, root := range roots {
			err := fs.WalkDir(l.FS, root, func(p string, d fs.DirEntry, err error) error {
				if err != nil {
					if p == root {
						return fs.SkipAll
					}
					return err
				}
				if d.IsDir() || !(strings.HasPrefix(p, "layouts/") || strings.HasPrefix(p, "assets/")) {
					return nil
				}
				b, err := fs.ReadFile(l.FS, p)
				if err != nil {
					return err
				}
				src := shortcodeSource{file: path.Join(l.Prefix, p), text: b, hugo: l.Hugo}
				if layer.add(ShortcodeFolders(), p, src) || l.Hugo && (partialLayer.add(PartialFolders(), p, src) || hookLayer.add(MarkupFolders(), p, src)) {
					return nil
				}
				files[p] = b
				origin[p] = path.Join(l.Prefix, p)
				return nil
			})
			if err != nil {
				ds = append(ds, diag.At(l.Prefix, 0, 0, "reading theme: %v", err))
			}
		}
		shortcodes.over(layer)
		partials.over(partialLayer)
		hooks.over(hookLayer)
	}
	t := &Theme{pages: map[string]*template.Template{}, assets: map[string]Asset{}}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)

	for _, n := range names {
		if !strings.HasPrefix(n, "assets/") {
			continue
		}
		name := strings.TrimPrefix(n, "assets/")
		files[n] = minified(name, files[n])
		sum := sha256.Sum256(files[n])
		ext := path.Ext(name)
		hashed := "_kb/" + strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:4]) + ext
		t.assets[name] = Asset{Name: name, Path: hashed, Data: files[n]}
	}

	for _, n := range names {
		if strings.HasPrefix(n, "layouts/") {
			for _, m := range literalID.FindAllSubmatch(files[n], -1) {
				t.ids = append(t.ids, string(m[1]))
			}
		}
	}
	slices.Sort(t.ids)
	t.ids = slices.Compact(t.ids)

	base := template.New("").Option("missingkey=error").Funcs(funcs).Funcs(fusedEscaperFuncs())
	for _, n := range names {
		if strings.HasPrefix(n, "layouts/partials/") && strings.HasSuffix(n, ".html") {
			name := strings.TrimPrefix(n, "layouts/")
			if _, err := base.New(name).Parse(string(files[n])); err != nil {
				ds = append(ds, templateDiag(origin[n], err))
			}
			if dir, _ := path.Split(name); dir == LanguagePartsDir {
				t.languageParts = append(t.languageParts, name)
			}
		}
	}
	t.partials = template.Must(base.Clone()) // base never runs, so it clones
	boundRanges(t.partials)
	for _, n := range names {
		dir, file := path.Split(n)
		if dir != "layouts/" || !strings.HasSuffix(file, ".html") {
			continue
		}
		clone, err := base.Clone()
		if err != nil {
			ds = append(ds, templateDiag(origin[n], err))
			continue
		}
		page, err := clone.New(file).Parse(string(files[n]))
		if err != nil {
			ds = append(ds, templateDiag(origin[n], err))
			continue
		}
		boundRanges(page) // the clone's copies of the partials with it
		fuseEscapers(page)
		t.pages[strings.TrimSuffix(file, ".html")] = page
	}
	known := templateNames{shortcodes: shortcodes, partials: partials}
	t.hugoPartials = partials.parsePartials(known)
	t.shortcodes, t.hugoShortcodes, t.unrunnable = shortcodes.parse(t.hugoPartials, known, &ds)
	t.renderHooks = hooks.parseHooks(known, &ds)
	t.paramsRead = paramsRead(t.templates())
	return t, ds
}

// templates are the shortcode, partial and render hook templates kb runs.
func (t *Theme) templates() []*template.Template {
	var out []*template.Template
	for _, tpl := range t.shortcodes {
		out = append(out, tpl)
	}
	for _, p := range t.hugoPartials {
		out = append(out, p.Template)
	}
	for _, h := range t.renderHooks {
		out = append(out, h.Template)
	}
	return out
}

// literalID finds an id a layout writes as it is (id="main"), not one it
// computes (id="{{.ID}}").
var literalID = regexp.MustCompile(`\bid="([^"{}\s]+)"`)

// IDs returns the ids the theme's layouts give their elements ("main",
// "toc-title"), which a page's headings must not take.
func (t *Theme) IDs() []string { return t.ids }

// Shortcodes returns the shortcode templates by name ("figure").
func (t *Theme) Shortcodes() map[string]*template.Template { return t.shortcodes }

// HugoShortcodes returns the shortcode templates written for Hugo
// (Layer.Hugo) that kb runs, by name: one that fails on a page is a
// warning, not an error.
func (t *Theme) HugoShortcodes() map[string]HugoShortcode { return t.hugoShortcodes }

// RenderHooks returns the Markdown render hooks of Hugo layers that kb
// runs, by the node they render ("link", "heading", "codeblock-mermaid").
func (t *Theme) RenderHooks() map[string]RenderHook { return t.renderHooks }

// HugoPartials returns the partial templates of Hugo layers that shortcode
// templates call, by name without ".html".
func (t *Theme) HugoPartials() map[string]HugoPartial { return t.hugoPartials }

// Unrunnable returns, by shortcode name, why kb runs no template of a
// shortcode that has templates ("layouts/shortcodes/ghcontributors.html
// (it calls getJSON, a Hugo function kb does not have)"): its uses are
// kept as their inner text.
func (t *Theme) Unrunnable() map[string]string { return t.unrunnable }

// Has reports whether the theme has a page layout.
func (t *Theme) Has(layout string) bool { return t.pages[layout] != nil }

// Execute renders a page layout.
func (t *Theme) Execute(w io.Writer, layout string, data any) error {
	tpl := t.pages[layout]
	if tpl == nil {
		return fmt.Errorf("theme has no layout %q (layouts/%s.html)", layout, layout)
	}
	return tpl.Execute(w, data)
}

// LanguageParts returns the names of the partials in LanguagePartsDir
// ("partials/language/bottom.html"), sorted.
func (t *Theme) LanguageParts() []string { return t.languageParts }

// Partial renders one partial ("partials/nav.html") on its own, so that a
// fragment shared by many pages is rendered once and reused.
func (t *Theme) Partial(name string, data any) (template.HTML, error) {
	if p := t.partials.Lookup(name); p != nil {
		var b bytes.Buffer
		if err := p.Execute(&b, data); err != nil {
			return "", err
		}
		return template.HTML(b.String()), nil
	}
	return "", fmt.Errorf("theme has no partial %q", name)
}

// minifier shrinks the theme's stylesheets and scripts: the page-weight
// budget counts every byte a reader downloads.
var minifier = func() *minify.M {
	m := minify.New()
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("text/javascript", js.Minify)
	return m
}()

// minified returns a .css or .js asset minified; anything else, or a file
// the minifier cannot parse, as it is.
func minified(name string, data []byte) []byte {
	mime := map[string]string{".css": "text/css", ".js": "text/javascript"}[path.Ext(name)]
	if mime == "" {
		return data
	}
	out, err := minifier.Bytes(mime, data)
	if err != nil {
		return data
	}
	return out
}

// Asset returns an asset by logical name ("style.css").
func (t *Theme) Asset(name string) (Asset, bool) {
	a, ok := t.assets[name]
	return a, ok
}

// Assets returns every asset, sorted by name.
func (t *Theme) Assets() []Asset {
	out := make([]Asset, 0, len(t.assets))
	for _, a := range t.assets {
		out = append(out, a)
	}
	slices.SortFunc(out, func(a, b Asset) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// templateDiag turns a template parse error ("template: x.html:12: ...")
// into a positioned diagnostic.
func templateDiag(file string, err error) diag.Diagnostic {
	msg := err.Error()
	line := 0
	if _, rest, ok := strings.Cut(msg, ".html:"); ok {
		fmt.Sscanf(rest, "%d", &line)
		if _, after, ok := strings.Cut(rest, ": "); ok {
			msg = after
		}
	}
	return diag.At(file, line, 0, "template: %s", msg)
}

var funcs = template.FuncMap{
	// add is for 1-based counters in templates.
	"add": func(a, b int) int { return a + b },
	// RangeSteps is called by every range (boundRanges), never by
	// name in a template.
	RangeSteps: rangeSteps,
}

// shortcodeFuncs are the functions of shortcode templates: Hugo's pure
// ones (hugofuncs.go), and for those of PageFuncs, which the Markdown
// renderer binds to the page a template runs for (markdown.New), stubs
// that only let a template parse.
var shortcodeFuncs = func() template.FuncMap {
	m := template.FuncMap{}
	for _, name := range PageFuncs() {
		m[name] = func(...any) (string, error) {
			return "", fmt.Errorf("%s works in shortcode templates only", name)
		}
	}
	maps.Copy(m, hugoFuncs)
	return m
}()
