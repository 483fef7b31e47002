package theme

import (
	"cmp"
	"fmt"
	"html/template"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"

	"kb/builder/config"
	"kb/builder/diag"
)

// shortcodeSource is one shortcode template file.
type shortcodeSource struct {
	file string // as reported: "layouts/_shortcodes/note.html", "themes/default/layouts/shortcodes/note.html"
	text []byte
	hugo bool // written for Hugo (Layer.Hugo)
}

// shortcodeLayer is the shortcode templates of one layer by name, named by
// their path under the folder as in Hugo (Docsy's blocks/cover.html is
// blocks/cover). inNew marks those read from layouts/_shortcodes/, which
// win over layouts/shortcodes/ of the same layer.
type shortcodeLayer struct {
	byName map[string]shortcodeSource
	inNew  map[string]bool
}

// add keeps src when p, a path in its layer, is in one of folders (the
// one that wins first), and reports whether it is.
func (l *shortcodeLayer) add(folders []string, p string, src shortcodeSource) bool {
	for i, dir := range folders {
		name, ok := strings.CutPrefix(p, dir+"/")
		if !ok {
			continue
		}
		name, ok = strings.CutSuffix(name, ".html")
		if !ok {
			return true
		}
		newFolder := i == 0
		if l.byName == nil {
			l.byName, l.inNew = map[string]shortcodeSource{}, map[string]bool{}
		}
		if _, seen := l.byName[name]; !seen || newFolder {
			l.byName[name], l.inNew[name] = src, newFolder
		}
		return true
	}
	return false
}

// shortcodeSources are every layer's templates of each shortcode, the one
// that wins first.
type shortcodeSources map[string][]shortcodeSource

// over puts a layer's templates over those of the layers before it.
func (s *shortcodeSources) over(l shortcodeLayer) {
	if *s == nil {
		*s = shortcodeSources{}
	}
	for name, src := range l.byName {
		(*s)[name] = append([]shortcodeSource{src}, (*s)[name]...)
	}
}

// hugoFunc finds the function a template parse error says kb lacks.
var hugoFunc = regexp.MustCompile(`function "([^"]+)" not defined`)

// HugoShortcode is a shortcode template written for Hugo that kb runs.
type HugoShortcode struct {
	File string
	// Else is the template of kb's themes of that name, to run where
	// File's fails on a page, from ElseFile; nil when they have none.
	Else     *template.Template
	ElseFile string
	// FirstRules: the template asks for Hugo's first shortcode rules
	// ({{ $_hugo_config := `{ "version": 1 }` }}, as Hugo Learn's do),
	// under which one called with {{% %}} is given its inner content
	// rendered and writes HTML, as with {{< >}}.
	FirstRules bool
}

// parse picks each shortcode's template: the first that parses. One
// written for Hugo that does not, or that calls a partial kb cannot run
// (unrunnablePartial), is a warning at its line, and the next of that name
// runs instead; one whose markup needs Alpine.js (needsAlpine) gives way
// to kb's of its name; one of kb's themes that does not parse is an
// error, as its page layouts are. It returns the templates, those written for Hugo, and why a
// shortcode with templates has none kb runs.
func (s shortcodeSources) parse(partials map[string]HugoPartial, names templateNames, ds *[]diag.Diagnostic) (tpls map[string]*template.Template, hugo map[string]HugoShortcode, unrunnable map[string]string) {
	tpls, hugo, unrunnable = map[string]*template.Template{}, map[string]HugoShortcode{}, map[string]string{}
	for _, name := range slices.Sorted(maps.Keys(s)) {
		var failed []diag.Diagnostic  // Msg: what the template does ("calls getJSON, ...")
		var sources []shortcodeSource // of failed
		var runs *shortcodeSource
		for i, src := range s[name] {
			if src.hugo && needsAlpine(src.text) && kbsBelow(name, s[name][i+1:], src.file, names).Else != nil {
				continue
			}
			tpl, err := parseShortcode(name, src, names)
			if err == nil && src.hugo {
				if d, bad := unrunnablePartial(tpl, src.file, partials, map[string]bool{}); bad {
					failed, sources = append(failed, d), append(sources, src)
					continue
				}
			}
			if err == nil {
				tpls[name], runs = tpl, &src
				if src.hugo {
					h := kbsBelow(name, s[name][i+1:], src.file, names)
					h.FirstRules = firstRules.Match(src.text)
					hugo[name] = h
				}
				break
			}
			d := templateDiag(src.file, err)
			if !src.hugo {
				*ds = append(*ds, d)
				break
			}
			d.Msg = problemOf(d, src.text)
			failed, sources = append(failed, d), append(sources, src)
		}
		for i, d := range failed {
			if i == 0 && runs == nil {
				unrunnable[name] = fmt.Sprintf("%s (it %s)", sources[i].file, d.Msg)
			}
			fix := fmt.Sprintf("its uses keep their inner text: replace it with a template kb can run (README, Shortcodes), or set [shortcodes] %s = \"inner\" or \"drop\" in site.toml", config.TOMLKey(name))
			if runs != nil {
				fix = "kb runs " + runs.file + " instead"
			}
			d.Severity, d.Msg = diag.Warning, fmt.Sprintf("shortcode template %q %s", name, d.Msg)
			*ds = append(*ds, d.Of(diag.Template).About("", 0, fix))
		}
	}
	return tpls, hugo, unrunnable
}

// parseShortcode parses a shortcode template or a partial: one written
// for Hugo with Hugo's comparisons and index (hugoOverrides); each with
// Hugo's templates namespace, which knows the template and names; and
// more.
func parseShortcode(name string, src shortcodeSource, names templateNames, more ...template.FuncMap) (*template.Template, error) {
	tpl := template.New(path.Base(name) + ".html").Funcs(funcs).Funcs(shortcodeFuncs)
	if src.hugo {
		tpl = tpl.Funcs(hugoOverrides)
	}
	for _, m := range more {
		tpl = tpl.Funcs(m)
	}
	tpl = tpl.Funcs(template.FuncMap{"templates": func() templatesNS { return templatesNS{file: src.file, names: names} }})
	tpl, err := tpl.Parse(string(src.text))
	if err != nil {
		return nil, err
	}
	if src.hugo {
		returnTakesItsAction(tpl)
	}
	paramKeysInLowerCase(tpl, isShortcodeFile(src.file))
	boundRanges(tpl) // after the walks that read ranges' pipelines
	return tpl, unknownNamespaceField(tpl)
}

// isShortcodeFile reports whether file is a shortcode's template
// (layouts/_shortcodes/x.html), not a partial's or a render hook's.
func isShortcodeFile(file string) bool {
	return slices.ContainsFunc(strings.Split(path.Dir(file), "/"), func(dir string) bool { return dir == "shortcodes" || dir == "_shortcodes" })
}

// firstRules matches the setting with which a template asks for Hugo's
// first shortcode rules (HugoShortcode.FirstRules).
var firstRules = regexp.MustCompile("\\$_hugo_config\\s*:=\\s*[`'\"]\\{\\s*\"version\"\\s*:\\s*1\\s*\\}")

// needsAlpine reports whether a template written for Hugo makes markup
// that Alpine.js shows and hides (x-data: Hugo's documentation's
// code-toggle), which without the site's scripts, which kb does not
// publish, shows every part unlabelled: kb's own template of its name
// runs instead, as for a Hugo theme's.
func needsAlpine(text []byte) bool { return alpineRoot.Match(text) }

var alpineRoot = regexp.MustCompile(`<[a-zA-Z][^>]*\sx-data\b`)

// kbsBelow is the Hugo template in file with the first template of kb's
// themes among below that parses, to run where the Hugo one fails: kb's
// own tabs or hint where a Hugo theme's needs Hugo's page. One that does
// not parse is left unsaid, as Hugo leaves an overridden template.
func kbsBelow(name string, below []shortcodeSource, file string, names templateNames) HugoShortcode {
	h := HugoShortcode{File: file}
	for _, src := range below {
		if src.hugo {
			continue
		}
		if tpl, err := parseShortcode(name, src, names); err == nil {
			h.Else, h.ElseFile = tpl, src.file
		}
		break
	}
	return h
}

// calledAs is how the template calls fn on line: with the name in its
// namespace ("resources.Get" for "resources") when it has one, and fn
// itself when it names one ("hugo.Version").
func calledAs(fn string, text []byte, line int) string {
	lines := strings.Split(string(text), "\n")
	if line < 1 || line > len(lines) || strings.Contains(fn, ".") {
		return fn
	}
	m := regexp.MustCompile(`\b` + regexp.QuoteMeta(fn) + `\.[A-Za-z]\w*`).FindString(lines[line-1])
	return cmp.Or(m, fn)
}

// templateNames are the shortcode templates and partials a site's
// templates may name.
type templateNames struct{ shortcodes, partials shortcodeSources }

// templatesNS is Hugo's templates namespace, in one template file.
type templatesNS struct {
	file  string // as reported: "layouts/_partials/x.html"
	names templateNames
}

// TemplateInfo is what templates.Current gives: the template's Name as
// Hugo names it ("_partials/blocks/x.html") and its Filename as kb
// reports it.
type TemplateInfo struct{ Name, Filename string }

// Current is the template that calls it.
func (t templatesNS) Current() TemplateInfo {
	name := t.file
	if _, after, ok := strings.Cut(name, "layouts/"); ok {
		name = after
	}
	return TemplateInfo{Name: name, Filename: t.file}
}

// Exists reports whether the site has the shortcode template or partial
// name names ("partials/x.html", "_shortcodes/y.html"); kb reads no other
// Hugo layouts, so any other is absent.
func (t templatesNS) Exists(name string) bool {
	name = strings.TrimPrefix(name, "layouts/")
	if rest, ok := cutAnyPrefix(name, "_partials/", "partials/"); ok {
		return len(t.names.partials[PartialName(rest)]) > 0
	}
	if rest, ok := cutAnyPrefix(name, "_shortcodes/", "shortcodes/"); ok {
		return len(t.names.shortcodes[strings.TrimSuffix(rest, ".html")]) > 0
	}
	return false
}

func cutAnyPrefix(s string, prefixes ...string) (string, bool) {
	for _, p := range prefixes {
		if rest, ok := strings.CutPrefix(s, p); ok {
			return rest, true
		}
	}
	return s, false
}
