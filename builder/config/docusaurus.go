package config

import (
	"bufio"
	"cmp"
	"fmt"
	"io/fs"
	"math"
	"path"
	"regexp"
	"slices"
	"strings"

	"kb/builder/diag"
	"kb/internal/jsobject"
)

// docusaurusFiles are the names Docusaurus reads its configuration from,
// in the order it looks for them.
var docusaurusFiles = []string{"docusaurus.config.js", "docusaurus.config.mjs", "docusaurus.config.cjs", "docusaurus.config.ts", "docusaurus.config.mts", "docusaurus.config.cts"}

// DocusaurusConfig names the Docusaurus configuration file in fsys, ""
// for none.
func DocusaurusConfig(fsys fs.FS) string { return firstFile(fsys, docusaurusFiles) }

// docusaurusAdvice says, for the Docusaurus options that do not carry
// over, what a kb site does instead.
var docusaurusAdvice = map[string]string{
	"tagline":               "set description in each [languages.<code>] table of " + FileName,
	"favicon":               "put favicon.ico in static/ (Docusaurus's static/ is kb's too)",
	"themeConfig":           "kb's theme is set in " + FileName + ": [brand] logo, [[menu.header]] links, [support] for the help block at the foot of pages",
	"plugins":               "Docusaurus plugins do not run in kb",
	"themes":                "Docusaurus themes do not run in kb (kb builds its own search index)",
	"onBrokenMarkdownLinks": "kb: a link to a .md file that names no page is an error",
	"onBrokenAnchors":       "kb: a link to a missing anchor is a warning in kb build and an error in kb check",
	"organizationName":      "kb builds a folder that any static host serves; deploy it as you did",
	"projectName":           "kb builds a folder that any static host serves; deploy it as you did",
	"deploymentBranch":      "kb builds a folder that any static host serves; deploy it as you did",
	"staticDirectories":     "kb copies static/ only",
	"customFields":          "site parameters are [params] in " + FileName,
	"scripts":               "add tags to every page in a theme override under themes/<name>/",
	"stylesheets":           "override the theme's files under themes/<name>/",
	"headTags":              "add tags to every page in a theme override under themes/<name>/",
}

// themeConfigAdvice says the same for the parts of themeConfig.
var themeConfigAdvice = map[string]string{
	"navbar":             "add its links as [[menu.header]] entries in " + FileName + ", its logo as [brand] logo",
	"footer":             "kb's pages end with the [support] block of " + FileName + "; add links as [[menu.header]] entries",
	"announcementBar":    "set [announcement] text in " + FileName,
	"algolia":            "kb builds its own search index",
	"image":              "kb's pages have Open Graph tags of their own",
	"metadata":           "add tags to every page in a theme override under themes/<name>/",
	"prism":              "kb highlights code blocks itself",
	"colorMode":          "kb's theme follows the reader's light or dark setting",
	"docs":               "kb's navigation comes from content/",
	"tableOfContents":    "kb's articles have a table of contents from their headings",
	"typesense":          "kb builds its own search index",
	"zoom":               "not in kb's theme",
	"hideableSidebar":    "kb's navigation comes from content/",
	"mermaid":            "not in kb's theme",
	"liveCodeBlock":      "not in kb's theme",
	"sidebarCollapsible": "kb's navigation comes from content/",
}

// ReadDocusaurus reads a Docusaurus site's configuration: title, url and
// baseUrl, i18n, onBrokenLinks, and where the docs plugin of the classic
// preset keeps the pages and publishes them. It returns nil when fsys has
// no Docusaurus configuration. What cannot be read is a note at its line.
func ReadDocusaurus(fsys fs.FS) (*Foreign, error) {
	file, js, err := parseJSConfig(fsys, docusaurusFiles)
	if file == "" || err != nil {
		return nil, err
	}
	f := &Foreign{Generator: "Docusaurus", File: file}
	r := jsReader{js: js, f: f}
	cfg, ok := js.DefaultExport()
	cfg = js.Resolve(cfg)
	if !ok || cfg.Kind != jsobject.Object {
		line := cfg.Line
		what := cfg.Describe()
		if !ok {
			line, what = 0, "nothing"
		}
		r.note(line, "the file exports %s, not an object kb can read (module.exports = {...} or export default {...}); write %s by hand", what, FileName)
		cfg = jsobject.Value{Kind: jsobject.Object}
	}
	// Docusaurus keeps raw HTML (and JSX) in Markdown; it serves the
	// default locale at the root and the others under their code.
	s := siteTOML{header: "# From Docusaurus's " + file + ".\n", unsafe: true, noEmoji: true}
	locales := r.docusaurusLanguages(cfg, &s)
	if v, ok := cfg.Get("title"); ok {
		if t, ok := r.text(v, "title", "set title in "+FileName); ok {
			s.title = t
			r.used("title")
		}
	}
	r.docusaurusURL(cfg, &s)
	r.brokenLinks(cfg, &s)
	docs := r.docsPlugin(cfg)
	s.numberPrefixes = docs.numberPrefixes && hasNumberPrefixes(fsys, docs.path)
	s.slugRoot = docs.routeBasePath // the moves keep the docs under it
	for _, field := range cfg.Fields {
		switch {
		case field.Spread:
			r.notCarriedOver("", field, nil)
		case slices.Contains([]string{"title", "url", "baseUrl", "i18n", "onBrokenLinks", "presets"}, field.Key):
		case field.Key == "themeConfig":
			field = r.announcementBar(field, &s)
			r.objectNotes(field, docusaurusAdvice, themeConfigAdvice)
		case field.Key == "plugins":
			r.docusaurusPlugins(field, &s)
		case field.Key == "trailingSlash":
			if v := js.Resolve(field.Value); v.Kind == jsobject.Bool && !v.Bool {
				r.note(field.Line, "trailingSlash: false: not carried over: kb's addresses end in a slash (/a/b/)")
			}
		default:
			r.notCarriedOver("", field, docusaurusAdvice)
		}
	}
	f.Moves = docusaurusMoves(fsys, file, docs, locales, s.defaultLanguage, r)
	f.TOML = s.bytes()
	// In the file's order (the presets were read first), the notes about
	// the whole site after, then those about the other files read.
	elsewhere := func(d diag.Diagnostic) int {
		if d.File == file {
			return 0
		}
		return 1
	}
	slices.SortStableFunc(f.Notes, func(a, b diag.Diagnostic) int {
		return cmp.Or(cmp.Compare(elsewhere(a), elsewhere(b)), cmp.Compare(cmp.Or(a.Line, math.MaxInt), cmp.Or(b.Line, math.MaxInt)))
	})
	return f, nil
}

// docusaurusLanguages reads i18n: defaultLocale, locales in the order
// listed (the default first), and each one's localeConfigs. It returns
// the locales that became languages, the default first.
func (r jsReader) docusaurusLanguages(cfg jsobject.Value, s *siteTOML) []string {
	i18n, ok := cfg.Get("i18n")
	i18n = r.js.Resolve(i18n)
	if ok && i18n.Kind != jsobject.Object {
		r.note(i18n.Line, "i18n: %s is not an object kb can read; add [languages.<code>] tables to %s by hand", i18n.Describe(), FileName)
	}
	def := "en" // Docusaurus's default
	if v, ok := i18n.Get("defaultLocale"); ok {
		if code, ok := r.text(v, "i18n.defaultLocale", "set defaultLanguage in "+FileName); ok {
			def = code
			r.used("i18n.defaultLocale")
		}
	}
	locales := []string{def}
	if v, ok := i18n.Get("locales"); ok {
		list := r.js.Resolve(v)
		if list.Kind != jsobject.Array {
			r.note(list.Line, "i18n.locales: %s is not a list kb can read; add [languages.<code>] tables to %s by hand", list.Describe(), FileName)
		}
		for _, item := range list.Items {
			if code, ok := r.text(item, "i18n.locales", "add the language to "+FileName+" by hand"); ok && !slices.Contains(locales, code) {
				locales = append(locales, code)
			}
		}
		r.used(fmt.Sprintf("i18n.locales (%d)", len(list.Items)))
	}
	var configs jsobject.Value
	if v, ok := i18n.Get("localeConfigs"); ok {
		configs = r.js.Resolve(v)
		r.used("i18n.localeConfigs")
	}
	s.defaultLanguage = def
	var kept []string
	for _, code := range locales {
		if _, err := CanonicalCode(code); err != nil {
			r.note(i18n.Line, "i18n: %q is not a language code (BCP 47, like en or pt-BR): the locale is left out; add it to %s by hand", code, FileName)
			continue
		}
		l := foreignLanguage{code: code}
		if c, ok := configs.Get(code); ok {
			r.localeConfig(code, r.js.Resolve(c), &l)
		}
		kept = append(kept, code)
		s.languages = append(s.languages, l)
	}
	if len(s.languages) > 1 {
		for i := range s.languages {
			s.languages[i].weight = i + 1 // the language menu keeps the config's order
		}
	}
	return kept
}

// localeConfig reads one locale's label, direction and htmlLang.
func (r jsReader) localeConfig(code string, c jsobject.Value, l *foreignLanguage) {
	key := "i18n.localeConfigs." + code
	if c.Kind != jsobject.Object {
		r.note(c.Line, "%s: %s is not an object kb can read; set name and dir in [languages.%s] by hand", key, c.Describe(), code)
		return
	}
	for _, field := range c.Fields {
		switch field.Key {
		case "label":
			l.name, _ = r.text(field.Value, key+".label", "set name in [languages."+code+"]")
		case "direction":
			if dir, ok := r.text(field.Value, key+".direction", "set dir in [languages."+code+"]"); ok && (dir == "rtl" || dir == "ltr") {
				l.dir = dir
			}
		case "htmlLang":
			lang, ok := r.text(field.Value, key+".htmlLang", "kb's pages say lang=\""+code+"\"")
			if a, err := CanonicalCode(lang); ok && err == nil {
				if b, _ := CanonicalCode(code); a != b {
					r.note(field.Line, "%s.htmlLang %q: not carried over: kb's pages say lang=%q, the language's code, which is also its URL folder", key, lang, code)
				}
			}
		case "path":
			if p, ok := r.text(field.Value, key+".path", "its pages are published under /"+code+"/"); ok && p != code {
				r.note(field.Line, "%s.path %q: not carried over: kb publishes the language under /%s/, its code", key, p, code)
			}
		default:
			r.note(field.Line, "%s.%s: not carried over", key, field.Key)
		}
	}
}

// docusaurusURL reads url and baseUrl: the address the site is published at.
func (r jsReader) docusaurusURL(cfg jsobject.Value, s *siteTOML) {
	v, ok := cfg.Get("url")
	if !ok {
		return
	}
	site, ok := r.text(v, "url", "set baseURL in "+FileName+" to the address the site is published at")
	if !ok {
		return
	}
	s.baseURL = strings.TrimSuffix(site, "/") + "/"
	r.used("url")
	if v, ok := cfg.Get("baseUrl"); ok {
		if base, ok := r.text(v, "baseUrl", "add it to baseURL in "+FileName); ok {
			if strings.Trim(base, "/") != "" {
				s.baseURL += strings.Trim(base, "/") + "/"
			}
			r.used("baseUrl")
		}
	}
}

// brokenLinks reads onBrokenLinks: 'throw' fails the build on a link to a
// page that does not exist, as kb's brokenLinks = "error" does.
func (r jsReader) brokenLinks(cfg jsobject.Value, s *siteTOML) {
	v, ok := cfg.Get("onBrokenLinks")
	if !ok {
		return
	}
	mode, ok := r.text(v, "onBrokenLinks", "set [build] brokenLinks in "+FileName)
	switch {
	case !ok:
		return
	case mode == "throw":
		s.brokenLinks = "error"
	case mode == "warn":
		s.brokenLinks = "warning"
	case mode == "log" || mode == "ignore":
		s.brokenLinks = "warning"
		r.note(v.Line, "onBrokenLinks: %q: kb still warns about links to pages that do not exist ([build] brokenLinks = \"warning\"); list \"broken-link\" in [build] ignore to hide them", mode)
	default:
		r.note(v.Line, "onBrokenLinks: %q is not one of throw, warn, log, ignore: not carried over", mode)
		return
	}
	r.used("onBrokenLinks")
}

// docsOptions are where the docs plugin reads pages from and publishes
// them under.
type docsOptions struct {
	path, routeBasePath string
	numberPrefixes      bool // read a number before a name as its place (numberPrefixParser)
}

// docsPlugin reads the docs options of the classic preset: path and
// routeBasePath; the rest of the preset is a note at its line.
func (r jsReader) docsPlugin(cfg jsobject.Value) docsOptions {
	docs := docsOptions{path: "docs", routeBasePath: "docs", numberPrefixes: true} // Docusaurus's defaults
	v, ok := cfg.Get("presets")
	if !ok {
		return docs
	}
	for _, preset := range r.js.Resolve(v).Items {
		preset = r.js.Resolve(preset)
		if preset.Kind != jsobject.Array || len(preset.Items) < 2 {
			continue // a preset with no options: the docs' defaults
		}
		options := r.js.Resolve(preset.Items[1])
		for _, field := range options.Fields {
			switch field.Key {
			case "docs":
				r.docsOptions(r.js.Resolve(field.Value), &docs)
			case "blog":
				if b := r.js.Resolve(field.Value); b.Kind != jsobject.Bool || b.Bool {
					r.note(field.Line, "presets: blog: not carried over: kb has no blog; blog/ is not moved")
				}
			case "pages":
				r.note(field.Line, "presets: pages: not carried over: src/pages/ is not moved; make each page a Markdown page under content/")
			case "theme":
				r.note(field.Line, "presets: theme: not carried over: override the theme's files under themes/<name>/")
			default:
				r.note(field.Line, "presets: %s: not carried over", field.Key)
			}
		}
	}
	return docs
}

func (r jsReader) docsOptions(v jsobject.Value, docs *docsOptions) {
	for _, field := range v.Fields {
		switch field.Key {
		case "path", "routeBasePath":
			text, ok := r.text(field.Value, "presets: docs."+field.Key, "move the pages by hand")
			if !ok {
				continue
			}
			text = strings.Trim(path.Clean("/"+text), "/")
			if field.Key == "path" {
				docs.path = text
			} else {
				docs.routeBasePath = text
			}
			r.used("docs." + field.Key)
		case "sidebarPath":
			r.note(field.Line, "presets: docs.sidebarPath: not carried over: kb's navigation comes from content/: sections are folders (_category_.json gives their title and position), pages are ordered by weight (sidebar_position is read as weight)")
		case "editUrl":
			r.note(field.Line, "presets: docs.editUrl: not carried over: kb has no edit link")
		case "numberPrefixParser":
			switch v := r.js.Resolve(field.Value); {
			case v.Kind == jsobject.Bool:
				docs.numberPrefixes = v.Bool
				r.used("docs.numberPrefixParser")
			default:
				r.note(field.Line, "presets: docs.numberPrefixParser: a parser of its own is not carried over: kb reads a number before a name as Docusaurus's default parser does (numberPrefixes in %s)", FileName)
			}
		default:
			r.note(field.Line, "presets: docs.%s: not carried over", field.Key)
		}
	}
}

// docusaurusMoves are the folders to rename: the docs of the default
// locale, and each listed locale's translations, into content/<code>
// (under the routeBasePath folder, so that the pages keep their
// addresses). A page whose slug is / was its language's docs home: it
// becomes kb's _index.md.
func docusaurusMoves(fsys fs.FS, file string, docs docsOptions, locales []string, def string, r jsReader) []Move {
	if _, err := fs.Stat(fsys, "content"); err == nil {
		r.note(0, "content/ already exists: kb reads every Markdown file in it as a page; move what is not a page out of it before moving the docs in")
	}
	under := func(code string) string { return path.Join("content", code, docs.routeBasePath) }
	var moves []Move
	for _, code := range locales {
		from := docs.path
		if code != def {
			from = path.Join("i18n", code, "docusaurus-plugin-content-docs", "current")
		}
		moves = append(moves, Move{from, under(code)})
	}
	kept := possibleMoves(fsys, file, moves, &r.f.Notes)
	r.translatedSections(fsys, docs.path, kept, def)
	var homes []Move
	for _, m := range kept {
		if home := slugHome(fsys, m.From); home != "" && !hasHome(fsys, m.From) {
			homes = append(homes, Move{path.Join(m.To, home), path.Join(m.To, "_index.md")})
		}
	}
	r.listedLocales(fsys, locales)
	return append(kept, homes...)
}

// listedLocales notes the folders of i18n/ that are no listed locale:
// Docusaurus does not build them, and kb is not given them.
func (r jsReader) listedLocales(fsys fs.FS, locales []string) {
	entries, _ := fs.ReadDir(fsys, "i18n")
	var left []string
	for _, e := range entries {
		if e.IsDir() && !slices.Contains(locales, e.Name()) {
			left = append(left, e.Name())
		}
	}
	if len(left) > 0 {
		r.note(0, "i18n/ has translations in %s, which i18n.locales does not list: not moved (add a [languages.<code>] table and move them when they are ready)", strings.Join(left, ", "))
	}
}

// rootSlug is a front matter line that makes a page the docs' home.
var rootSlug = regexp.MustCompile(`^slug:\s*["']?/["']?\s*$`)

// slugHome names the page of folder whose front matter says slug: /,
// "" for none.
func slugHome(fsys fs.FS, folder string) string {
	entries, _ := fs.ReadDir(fsys, folder)
	for _, e := range entries {
		if ext := path.Ext(e.Name()); e.IsDir() || ext != ".md" && ext != ".mdx" {
			continue
		}
		fh, err := fsys.Open(path.Join(folder, e.Name()))
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(fh)
		for n := 0; sc.Scan(); n++ {
			line := strings.TrimSpace(sc.Text())
			if n == 0 && line != "---" || n > 0 && line == "---" {
				break
			}
			if rootSlug.MatchString(line) {
				fh.Close()
				return e.Name()
			}
		}
		fh.Close()
	}
	return ""
}

// hasHome reports whether folder already has the page kb takes for its
// home.
func hasHome(fsys fs.FS, folder string) bool {
	for _, name := range []string{"_index.md", "index.md"} {
		if _, err := fs.Stat(fsys, path.Join(folder, name)); err == nil {
			return true
		}
	}
	return false
}

// hasNumberPrefixes reports whether a file or folder below the docs folder
// is named with a number first ("01-intro.md", "02-guides"), which
// Docusaurus reads as its place.
func hasNumberPrefixes(fsys fs.FS, docs string) bool {
	found := false
	_ = fs.WalkDir(fsys, docs, func(name string, d fs.DirEntry, err error) error {
		if err != nil || found {
			return fs.SkipAll
		}
		if _, _, ok := NumberPrefix(d.Name()); ok && name != docs {
			found = true
		}
		return nil
	})
	return found
}

// docusaurusPlugins reads the client redirects plugin's redirects into
// [redirects]; each other plugin, which does not run in kb, is a note.
func (r jsReader) docusaurusPlugins(field jsobject.Field, s *siteTOML) {
	list := r.js.Resolve(field.Value)
	if list.Kind != jsobject.Array {
		r.notCarriedOver("", field, docusaurusAdvice)
		return
	}
	for _, item := range list.Items {
		item = r.js.Resolve(item)
		name, options := item, jsobject.Value{}
		if item.Kind == jsobject.Array && len(item.Items) > 0 {
			name = r.js.Resolve(item.Items[0])
			if len(item.Items) > 1 {
				options = r.js.Resolve(item.Items[1])
			}
		}
		switch {
		case name.Kind == jsobject.String && name.Text == "@docusaurus/plugin-client-redirects":
			r.clientRedirects(options, s)
		case name.Kind == jsobject.String:
			r.note(name.Line, "plugins: %s: not carried over: %s", name.Text, docusaurusAdvice["plugins"])
		default:
			r.note(item.Line, "plugins: a plugin written as code: not carried over: %s", docusaurusAdvice["plugins"])
		}
	}
}

// clientRedirects reads the client redirects plugin's options: each of
// redirects' {from, to} (from one address or a list) is an entry of
// [redirects]; a redirect to another site, and createRedirects, a
// function, are notes.
func (r jsReader) clientRedirects(options jsobject.Value, s *siteTOML) {
	for _, f := range options.Fields {
		if f.Key != "redirects" {
			r.note(f.Line, "plugins: client redirects: %s: not carried over: a function kb does not run; list each old address in [redirects] in %s", f.Key, FileName)
			continue
		}
		for _, rd := range r.js.Resolve(f.Value).Items {
			rd = r.js.Resolve(rd)
			toV, _ := rd.Get("to")
			fromV, _ := rd.Get("from")
			to, from := r.js.Resolve(toV), r.js.Resolve(fromV)
			froms := []jsobject.Value{from}
			if from.Kind == jsobject.Array {
				froms = from.Items
			}
			for _, fv := range froms {
				fv = r.js.Resolve(fv)
				switch {
				case to.Kind != jsobject.String || fv.Kind != jsobject.String:
					r.note(rd.Line, "plugins: client redirects: a redirect kb cannot read (from and to are not text): add it to [redirects] in %s by hand", FileName)
				case strings.Contains(to.Text, "://"):
					r.note(rd.Line, "plugins: client redirects: %q goes to %s, another site: not carried over; add it to static/_redirects", fv.Text, to.Text)
				default:
					s.redirects = append(s.redirects, redirect{fv.Text, to.Text})
				}
			}
		}
		r.used("plugins: client redirects")
	}
}
