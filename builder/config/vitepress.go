package config

import (
	"cmp"
	"fmt"
	"io/fs"
	"maps"
	"math"
	"path"
	"regexp"
	"slices"
	"strings"

	"kb/builder/diag"
	"kb/internal/jsobject"
)

// vitepressFiles are the names VitePress reads its configuration from, in
// the .vitepress folder of the site.
var vitepressFiles = []string{".vitepress/config.js", ".vitepress/config.ts", ".vitepress/config.mjs", ".vitepress/config.mts"}

// vitepressFolders are where a repository keeps its VitePress site: at
// its root, or in docs/ (vitepress dev docs), the usual place.
var vitepressFolders = []string{".", "docs"}

// VitePressConfig names the VitePress configuration file in fsys, in
// .vitepress/ or docs/.vitepress/, "" for none.
func VitePressConfig(fsys fs.FS) string {
	for _, folder := range vitepressFolders {
		for _, name := range vitepressFiles {
			if name = path.Join(folder, name); firstFile(fsys, []string{name}) != "" {
				return name
			}
		}
	}
	return ""
}

// vitepressAdvice says, for the VitePress options that do not carry over,
// what a kb site does instead.
var vitepressAdvice = map[string]string{
	"themeConfig":       "kb's theme is set in " + FileName + ": [brand] logo, [[menu.header]] links, [support] for the help block at the foot of pages",
	"head":              "add tags to every page in a theme override under themes/<name>/",
	"markdown":          "kb's Markdown reads VitePress's containers, code groups and badges itself; markdown-it plugins do not run in kb",
	"vite":              "Vite and its plugins do not run in kb",
	"vue":               "Vue does not run in kb: pages are Markdown, components in them are left out",
	"titleTemplate":     "kb's page titles are the page's title and the site's",
	"appearance":        "kb's theme follows the reader's light or dark setting",
	"outDir":            "kb build -o DIR says where the site is built",
	"cacheDir":          "kb keeps its cache in .kb/",
	"transformPageData": "kb runs no JavaScript while building",
	"transformHead":     "kb runs no JavaScript while building",
	"transformHtml":     "kb runs no JavaScript while building",
	"buildEnd":          "kb runs no JavaScript while building",
	"postRender":        "kb runs no JavaScript while building",
	"srcExclude":        "kb reads every Markdown file under content/: move what is not a page out of it",
	"sitemap":           "kb writes sitemap.xml for every published page",
	"mpa":               "kb's pages work without JavaScript",
}

// vitepressThemeAdvice says the same for the parts of themeConfig.
var vitepressThemeAdvice = map[string]string{
	"nav":              "add its links as [[menu.header]] entries in " + FileName,
	"sidebar":          "kb's navigation comes from content/: sections are folders (title and weight in their _index.md), pages are ordered by weight",
	"logo":             "set [brand] logo in " + FileName + " to a file under static/",
	"socialLinks":      "add the links as [[menu.header]] entries in " + FileName,
	"search":           "kb builds its own search index (search: false in a page's front matter still keeps it out of search)",
	"footer":           "kb's pages end with the [support] block of " + FileName,
	"editLink":         "kb has no edit link",
	"outline":          "kb's articles have a table of contents from their headings",
	"lastUpdated":      "kb shows a page's updated date from its front matter",
	"docFooter":        "kb's UI strings come in the page's language; override them in i18n/<lang>.toml",
	"carbonAds":        "not in kb's theme",
	"i18nRouting":      "kb's language switcher links each page to its translations",
	"siteTitle":        "kb shows the site's title",
	"externalLinkIcon": "not in kb's theme",
}

// vitepressLocaleAdvice says the same for the options of one locale.
var vitepressLocaleAdvice = map[string]string{
	"link":     "kb publishes a language under its folder's name",
	"markdown": "kb's callouts are titled in the page's language from its own UI strings",
}

// ReadVitePress reads a VitePress site's configuration: title,
// description, lang, base and sitemap.hostname, cleanUrls, srcDir,
// ignoreDeadLinks, locales and rewrites of the 'en/:rest*': ':rest*'
// form. A site in docs/ is read there, and Folder says so. It returns nil
// when fsys has no VitePress configuration. What cannot be read is a note
// at its line.
func ReadVitePress(fsys fs.FS) (*Foreign, error) {
	found := VitePressConfig(fsys)
	if found == "" {
		return nil, nil
	}
	folder := path.Dir(path.Dir(found))
	if folder != "." {
		sub, err := fs.Sub(fsys, folder)
		if err != nil {
			return nil, err
		}
		fsys = sub
	}
	file, js, err := parseJSConfig(fsys, vitepressFiles)
	if file == "" || err != nil {
		return nil, err
	}
	f := &Foreign{Generator: "VitePress", File: file, Folder: strings.TrimPrefix(folder, ".")}
	r := jsReader{js: js, f: f}
	cfg, ok := js.Call("defineConfig")
	if !ok {
		cfg, ok = js.Call("defineConfigWithTheme")
	}
	if !ok {
		cfg, ok = js.DefaultExport()
	}
	cfg = js.Resolve(cfg)
	if !ok || cfg.Kind != jsobject.Object {
		line, what := cfg.Line, cfg.Describe()
		if !ok {
			line, what = 0, "nothing"
		}
		r.note(line, "the file exports %s, not an object kb can read (export default defineConfig({...})); write %s by hand", what, FileName)
		cfg = jsobject.Value{Kind: jsobject.Object}
	}
	// VitePress keeps raw HTML (and Vue templates) in Markdown, and serves
	// pages at page.html unless cleanUrls says otherwise.
	s := siteTOML{header: "# From VitePress's " + file + ".\n", unsafe: true, uglyURLAliases: true}
	site := vitepressSite{srcDir: "."}
	for _, field := range cfg.Fields {
		switch {
		case field.Spread:
			r.notCarriedOver("", field, nil)
		case field.Key == "title":
			if t, ok := r.text(field.Value, "title", "set title in "+FileName); ok {
				s.title = t
				r.used("title")
			}
		case field.Key == "description":
			if d, ok := r.text(field.Value, "description", "set description in each [languages.<code>] table of "+FileName); ok {
				site.description = d
				r.used("description")
			}
		case field.Key == "lang":
			if l, ok := r.text(field.Value, "lang", "set defaultLanguage in "+FileName); ok {
				if _, err := CanonicalCode(l); err != nil {
					r.note(field.Line, "lang: %q is not a language code (BCP 47, like en or pt-BR): en-US, VitePress's default, is the default language", l)
					continue
				}
				site.lang = l
				r.used("lang")
			}
		case field.Key == "srcDir":
			if dir, ok := r.text(field.Value, "srcDir", "move the pages by hand"); ok {
				site.srcDir = path.Clean(strings.TrimPrefix(dir, "/"))
				r.used("srcDir")
			}
		case field.Key == "cleanUrls":
			if v := js.Resolve(field.Value); v.Kind == jsobject.Bool {
				s.uglyURLAliases = !v.Bool
				r.used("cleanUrls")
			} else {
				r.note(field.Line, "cleanUrls: %s is not true or false: pages also answer at their .html addresses", v.Describe())
			}
		case field.Key == "lastUpdated":
			// kb shows each page's last commit date, as lastUpdated: true does.
			if v := js.Resolve(field.Value); v.Kind == jsobject.Bool && v.Bool {
				r.used("lastUpdated")
			} else {
				r.note(field.Line, "lastUpdated: %s: not carried over: kb shows each page's last-updated date, from its front matter's updated or its file's last commit", v.Describe())
			}
		case field.Key == "ignoreDeadLinks":
			r.deadLinks(field, &s)
		case field.Key == "rewrites":
			site.rootFolder = r.rewrites(field)
		case field.Key == "themeConfig":
			r.objectNotes(field, vitepressAdvice, vitepressThemeAdvice)
		case field.Key == "base" || field.Key == "locales":
		case field.Key == "sitemap":
			r.sitemap(field, &site)
		default:
			r.notCarriedOver("", field, vitepressAdvice)
		}
	}
	s.baseURL = r.vitepressURL(cfg, site.hostname)
	locales := r.vitepressLocales(cfg, site, &s)
	r.localeConfigs(fsys, site.srcDir, locales, &s)
	f.Moves = vitepressMoves(fsys, file, site, locales, r)
	if len(s.languages) > 0 && site.description != "" && s.languages[0].description == "" {
		s.languages[0].description = site.description
	}
	f.TOML = s.bytes()
	slices.SortStableFunc(f.Notes, func(a, b diag.Diagnostic) int {
		return cmp.Compare(cmp.Or(a.Line, math.MaxInt), cmp.Or(b.Line, math.MaxInt))
	})
	return f, nil
}

// vitepressSite is what the configuration says about where the pages are.
type vitepressSite struct {
	srcDir      string // the pages' folder, relative to the site's
	rootFolder  string // the folder of srcDir whose pages are served at the root ('en/:rest*': ':rest*')
	lang        string
	description string
	hostname    string // sitemap.hostname: the address the site is published at
}

// vitepressLocale is one language of the site and the folder of srcDir
// that holds its pages ("" for the top of srcDir).
type vitepressLocale struct {
	key, folder string
	code        string // the language's code in site.toml
	index       int    // in siteTOML.languages
}

// rootRewrite is the rewrite that serves one folder's pages at the root.
var rootRewrite = regexp.MustCompile(`^([^/:*]+)/:(\w+)\*$`)

// rewrites reads the rewrite 'en/:rest*': ':rest*', which serves the
// default language's pages, kept in en/, at the site root; any other
// rewrite is a note.
func (r jsReader) rewrites(field jsobject.Field) (rootFolder string) {
	v := r.js.Resolve(field.Value)
	if v.Kind != jsobject.Object {
		r.note(field.Line, "rewrites: %s is not an object kb can read: move the pages where their addresses say by hand", v.Describe())
		return ""
	}
	for _, rw := range v.Fields {
		to := r.js.Resolve(rw.Value)
		m := rootRewrite.FindStringSubmatch(rw.Key)
		if !rw.Spread && m != nil && to.Kind == jsobject.String && to.Text == ":"+m[2]+"*" && rootFolder == "" {
			rootFolder = m[1]
			r.used("rewrites")
			continue
		}
		r.notCarriedOver("rewrites.", rw, map[string]string{rw.Key: "move the page where its address says (content/<lang>/<path>.md is served at /<path>/)"})
	}
	return rootFolder
}

// deadLinks reads ignoreDeadLinks: true makes a link to a missing page a
// warning, as kb's brokenLinks = "warning" does; VitePress's default
// fails the build, as kb's does.
func (r jsReader) deadLinks(field jsobject.Field, s *siteTOML) {
	v := r.js.Resolve(field.Value)
	switch {
	case v.Kind == jsobject.Bool && v.Bool:
		s.brokenLinks = "warning"
		r.used("ignoreDeadLinks")
	case v.Kind == jsobject.Bool:
	default:
		r.note(field.Line, "ignoreDeadLinks: %s: not carried over: kb checks every link; [build] brokenLinks = \"warning\" in %s makes a broken one a warning", v.Describe(), FileName)
	}
}

// sitemap reads sitemap.hostname, the address the site is published at.
func (r jsReader) sitemap(field jsobject.Field, site *vitepressSite) {
	v := r.js.Resolve(field.Value)
	for _, sub := range v.Fields {
		if !sub.Spread && sub.Key == "hostname" {
			if h, ok := r.text(sub.Value, "sitemap.hostname", "set baseURL in "+FileName+" to the address the site is published at"); ok {
				site.hostname = h
				r.used("sitemap.hostname")
			}
			continue
		}
		r.notCarriedOver("sitemap.", sub, map[string]string{"transformItems": "kb's sitemap lists every published page"})
	}
}

// vitepressURL is the site's address: sitemap.hostname and base, or base
// alone, a path.
func (r jsReader) vitepressURL(cfg jsobject.Value, hostname string) string {
	base := ""
	if v, ok := cfg.Get("base"); ok {
		if b, ok := r.text(v, "base", "add it to baseURL in "+FileName); ok {
			base = strings.Trim(b, "/")
			r.used("base")
		}
	}
	switch {
	case hostname != "" && base != "":
		return strings.TrimSuffix(hostname, "/") + "/" + base + "/"
	case hostname != "":
		return strings.TrimSuffix(hostname, "/") + "/"
	case base != "":
		return "/" + base + "/"
	}
	return ""
}

// vitepressLocales reads locales: root is the default language, whose
// pages are at the top of srcDir or in the folder a rewrite serves at the
// root; each other locale's pages are in the folder named by its key. A
// language keeps its folder as its code, so its addresses stay, when the
// folder names the language its lang does (fa for fa-IR).
func (r jsReader) vitepressLocales(cfg jsobject.Value, site vitepressSite, s *siteTOML) []vitepressLocale {
	lang := cmp.Or(site.lang, "en-US") // VitePress's default
	v, ok := cfg.Get("locales")
	locales := r.js.Resolve(v)
	if ok && locales.Kind != jsobject.Object {
		r.note(locales.Line, "locales: %s is not an object kb can read; add [languages.<code>] tables to %s by hand", locales.Describe(), FileName)
	}
	var kept []vitepressLocale
	for _, field := range locales.Fields {
		if field.Spread {
			r.note(field.Line, "locales: ...%s: not read; add its languages to %s by hand", field.Value.Describe(), FileName)
			continue
		}
		folder := field.Key
		if field.Key == "root" {
			folder = site.rootFolder
		}
		l, ok := r.vitepressLocale(field, folder, lang)
		if !ok {
			continue
		}
		loc := vitepressLocale{key: field.Key, folder: folder, code: l.code, index: len(s.languages)}
		if field.Key == "root" {
			// The default language first, as kb's language menu has it.
			s.languages = slices.Insert(s.languages, 0, l)
			for i := range kept {
				kept[i].index++
			}
			loc.index = 0
			kept = slices.Insert(kept, 0, loc)
			continue
		}
		s.languages = append(s.languages, l)
		kept = append(kept, loc)
	}
	if len(kept) == 0 || kept[0].key != "root" {
		// One language, or locales without root: the site's lang at the root.
		l := foreignLanguage{code: lang}
		if sameLanguage(site.rootFolder, l.code) {
			l.code = site.rootFolder
		} else if site.rootFolder != "" {
			l.contentDir = site.rootFolder
		}
		s.languages = slices.Insert(s.languages, 0, l)
		for i := range kept {
			kept[i].index++
		}
		kept = slices.Insert(kept, 0, vitepressLocale{key: "root", folder: site.rootFolder, code: l.code})
	}
	s.defaultLanguage = s.languages[0].code
	if len(s.languages) > 1 {
		for i := range s.languages {
			s.languages[i].weight = i + 1 // the language menu keeps the config's order
		}
		r.used(fmt.Sprintf("locales (%d)", len(s.languages)))
	}
	return kept
}

// vitepressLocale reads one locale: lang, label, dir, title, description.
func (r jsReader) vitepressLocale(field jsobject.Field, folder, siteLang string) (foreignLanguage, bool) {
	key := "locales." + field.Key
	t := r.js.Resolve(field.Value)
	if t.Kind != jsobject.Object {
		r.note(field.Line, "%s: %s is not an object kb can read; add its [languages.<code>] table to %s by hand", key, t.Describe(), FileName)
		return foreignLanguage{}, false
	}
	lang, line := field.Key, field.Line
	if field.Key == "root" {
		lang = siteLang
	}
	if v, ok := t.Get("lang"); ok {
		if s, ok := r.text(v, key+".lang", "using "+lang); ok {
			lang, line = s, v.Line
		}
	}
	if _, err := CanonicalCode(lang); err != nil {
		r.note(line, "%s: %q is not a language code (BCP 47, like en or pt-BR): the locale is left out; add it to %s by hand", key, lang, FileName)
		return foreignLanguage{}, false
	}
	l := foreignLanguage{code: lang}
	switch {
	case sameLanguage(folder, lang):
		l.code = folder // its URL folder, as VitePress spells it
	case folder != "":
		l.contentDir = folder
		if field.Key != "root" {
			r.note(field.Line, "%s: its pages, in content/%s/, are published under /%s/, its language code, not /%s/", key, folder, lang, folder)
		}
	}
	for _, f := range t.Fields {
		switch {
		case f.Spread:
			r.notCarriedOver(key+".", f, nil)
		case f.Key == "lang":
		case f.Key == "label":
			l.name, _ = r.text(f.Value, key+".label", "set name in [languages."+l.code+"]")
		case f.Key == "dir":
			if dir, ok := r.text(f.Value, key+".dir", "set dir in [languages."+l.code+"]"); ok && (dir == "rtl" || dir == "ltr") {
				l.dir = dir
			}
		case f.Key == "title":
			l.title, _ = r.text(f.Value, key+".title", "set title in [languages."+l.code+"]")
		case f.Key == "description":
			l.description, _ = r.text(f.Value, key+".description", "set description in [languages."+l.code+"]")
		default:
			r.notCarriedOver(key+".", f, vitepressLocaleAdvice)
		}
	}
	return l, true
}

// sameLanguage reports whether folder is a language code of the same
// language as lang: fa for fa-IR, zh for zh-Hans, en for en-US.
func sameLanguage(folder, lang string) bool {
	if _, err := CanonicalCode(folder); folder == "" || err != nil {
		return false
	}
	a, _, _ := strings.Cut(folder, "-")
	b, _, _ := strings.Cut(lang, "-")
	return strings.EqualFold(a, b)
}

// localeConfigs reads the title and description of each locale's own
// configuration, <folder>/config.ts (defineAdditionalConfig), where the
// main configuration does not set them; the rest of it is VitePress's
// theme and Markdown settings, which kb does not need.
func (r jsReader) localeConfigs(fsys fs.FS, srcDir string, locales []vitepressLocale, s *siteTOML) {
	for _, loc := range locales {
		if loc.folder == "" {
			continue
		}
		file, js, err := parseJSConfig(fsys, localeConfigNames(srcDir, loc.folder))
		if file == "" || err != nil {
			continue
		}
		cfg, ok := js.Call("defineAdditionalConfig")
		if !ok {
			cfg, _ = js.DefaultExport()
		}
		l := &s.languages[loc.index]
		for _, key := range []string{"title", "description"} {
			v, ok := js.Resolve(cfg).Get(key)
			if !ok {
				continue
			}
			v = js.Resolve(v)
			if v.Kind != jsobject.String {
				continue
			}
			if key == "title" && l.title == "" {
				l.title = v.Text
			}
			if key == "description" && l.description == "" {
				l.description = v.Text
			}
		}
	}
}

// localeConfigNames are the files a locale's own configuration is read
// from.
func localeConfigNames(srcDir, folder string) []string {
	var names []string
	for _, ext := range []string{"ts", "js", "mts", "mjs"} {
		names = append(names, path.Join(srcDir, folder, "config."+ext))
	}
	return names
}

// vitepressMoves are the renames that make the site kb's: srcDir's
// public/ to static/, its snippets/ to the site's, each language's pages to content/<folder>/ (the
// root language's, when they sit at the top of srcDir, entry by entry),
// and, first, the scripts among the pages (a locale's config.ts, Vue
// components), which kb refuses under content/, into .vitepress/.
func vitepressMoves(fsys fs.FS, file string, site vitepressSite, locales []vitepressLocale, r jsReader) []Move {
	if _, err := fs.Stat(fsys, "content"); err == nil {
		r.note(0, "content/ already exists: kb reads every Markdown file in it as a page; move what is not a page out of it before moving the pages in")
	}
	src := site.srcDir
	var pages []Move
	folders := map[string]bool{}
	for _, loc := range locales {
		folders[loc.folder] = true
	}
	for _, loc := range locales {
		to := path.Join("content", cmp.Or(loc.folder, loc.code))
		if loc.folder != "" {
			pages = append(pages, Move{path.Join(src, loc.folder), to})
			continue
		}
		// The root language's pages share srcDir with everything else.
		entries, _ := fs.ReadDir(fsys, src)
		for _, e := range entries {
			name := e.Name()
			if strings.HasPrefix(name, ".") || name == "public" || name == SnippetsFolder || name == "node_modules" || folders[name] || !holdsPages(fsys, path.Join(src, name)) {
				continue
			}
			pages = append(pages, Move{path.Join(src, name), path.Join(to, name)})
		}
	}
	pages = possibleMoves(fsys, file, pages, &r.f.Notes)
	var scripts []Move
	for _, m := range pages {
		for _, p := range scriptsIn(fsys, m.From) {
			scripts = append(scripts, Move{p, path.Join(".vitepress", "moved", p)})
		}
	}
	if len(scripts) > 0 {
		what := fmt.Sprintf("%d scripts sit", len(scripts))
		if len(scripts) == 1 {
			what = "a script sits"
		}
		r.note(0, "%s among the pages (%s): kb refuses scripts under content/, so they are moved into .vitepress/moved/ first", what, scripts[0].From)
	}
	static := possibleMoves(fsys, file, []Move{{path.Join(src, "public"), "static"}}, &r.f.Notes)
	noteOtherImports(fsys, src, r)
	return slices.Concat(scripts, pages, static, vitepressSnippets(fsys, src, r))
}

// vitepressSnippets moves srcDir's snippets/, which pages import from
// (<<< @/snippets/x.js), to the site's snippets folder, where "@/snippets/"
// still names it, and says what kb does with it.
func vitepressSnippets(fsys fs.FS, src string, r jsReader) []Move {
	from := path.Join(src, SnippetsFolder)
	if info, err := fs.Stat(fsys, from); err != nil || !info.IsDir() {
		return nil
	}
	where := "stays where it is"
	if from != SnippetsFolder {
		where = "moves to " + SnippetsFolder + "/"
	}
	r.note(0, "%s/ %s: pages import code from it (<<< @/%s/x.js, includes), which kb shows as text and never publishes", from, where, SnippetsFolder)
	if from == SnippetsFolder {
		return nil
	}
	return possibleMoves(fsys, r.f.File, []Move{{from, SnippetsFolder}}, &r.f.Notes)
}

// sourceRootImport finds the folder of srcDir that a code snippet import
// or an include names from VitePress's source root ("<<< @/components/x.vue").
var sourceRootImport = regexp.MustCompile(`(?m)(?:^[ \t]*<<<[ \t]*|<!--\s*@include:\s*)@/([^/\s]+)/`)

// noteOtherImports says, once per folder, that pages import code from a
// folder of srcDir other than snippets/ and the pages' own, which kb does
// not read: the import is an error until the folder moves into snippets/.
func noteOtherImports(fsys fs.FS, src string, r jsReader) {
	found := map[string]string{} // folder → the first page importing from it
	fs.WalkDir(fsys, src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() && p != src && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules") {
			return fs.SkipDir
		}
		if d.IsDir() || !isMarkdown(p) {
			return nil
		}
		text, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil
		}
		for _, m := range sourceRootImport.FindAllSubmatch(text, -1) {
			folder := string(m[1])
			if _, seen := found[folder]; !seen && folder != SnippetsFolder {
				if info, err := fs.Stat(fsys, path.Join(src, folder)); err == nil && info.IsDir() && !holdsPages(fsys, path.Join(src, folder)) {
					found[folder] = p
				}
			}
		}
		return nil
	})
	for _, folder := range slices.Sorted(maps.Keys(found)) {
		r.note(0, "pages import code from %s/ (%s): kb reads such code from %s/ only; move %s/ into %s/ and write @/%s/%s/ in the imports", path.Join(src, folder), found[folder], SnippetsFolder, folder, SnippetsFolder, SnippetsFolder, folder)
	}
}

// holdsPages reports whether name is a Markdown page or a folder with
// one somewhere under it.
func holdsPages(fsys fs.FS, name string) bool {
	found := false
	fs.WalkDir(fsys, name, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && isMarkdown(p) {
			found = true
			return fs.SkipAll
		}
		return nil
	})
	return found
}

func isMarkdown(p string) bool {
	ext := path.Ext(p)
	return ext == ".md" || ext == ".markdown"
}

// scriptsIn lists the JavaScript, TypeScript and Vue files under folder.
func scriptsIn(fsys fs.FS, folder string) []string {
	var found []string
	fs.WalkDir(fsys, folder, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		switch path.Ext(p) {
		case ".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".vue", ".jsx", ".tsx":
			found = append(found, p)
		}
		return nil
	})
	return found
}
