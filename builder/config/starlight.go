package config

import (
	"fmt"
	"io/fs"
	"strings"

	"kb/internal/jsobject"
)

// astroFiles are the names Astro reads its configuration from, in the
// order it looks for them.
var astroFiles = []string{"astro.config.mjs", "astro.config.js", "astro.config.ts", "astro.config.mts", "astro.config.cjs", "astro.config.cts"}

// AstroConfig names the Astro configuration file in fsys, "" for none.
func AstroConfig(fsys fs.FS) string { return firstFile(fsys, astroFiles) }

// starlightFolders are where Starlight keeps what kb keeps in content/
// and static/.
var starlightFolders = []Move{{"src/content/docs", "content"}, {"public", "static"}}

// starlightAdvice says, for the Starlight options that do not carry over,
// what a kb site does instead.
var starlightAdvice = map[string]string{
	"sidebar":        "kb's navigation comes from content/: sections are folders (title and weight in their _index.md), pages are ordered by weight (sidebar.order in front matter is read as weight)",
	"social":         "add the links as [[menu.header]] entries in " + FileName,
	"logo":           "set [brand] logo in " + FileName + " to a file under static/",
	"customCss":      "override the theme's files under themes/<name>/",
	"components":     "override the theme's templates under themes/<name>/",
	"head":           "add tags to every page in a theme override under themes/<name>/",
	"plugins":        "Starlight plugins do not run in kb",
	"editLink":       "kb has no edit link",
	"lastUpdated":    "kb shows a page's updated date from its front matter (updated, or Starlight's lastUpdated date)",
	"pagefind":       "kb builds its own search index (pagefind: false in a page's front matter still keeps it out of search)",
	"description":    "set description in each [languages.<code>] table of " + FileName,
	"favicon":        "put favicon.ico in static/",
	"expressiveCode": "kb highlights code blocks itself",
}

// ReadStarlight reads a Starlight site's Astro configuration: the
// starlight() integration's title, locales and default locale, and
// Astro's site and base. It returns nil when fsys has no Astro
// configuration, and an error when the configuration uses no Starlight.
// What cannot be read is a note at its line.
func ReadStarlight(fsys fs.FS) (*Foreign, error) {
	file, js, err := parseJSConfig(fsys, astroFiles)
	if file == "" || err != nil {
		return nil, err
	}
	name := js.ImportName("@astrojs/starlight")
	if name == "" {
		name = "starlight"
	}
	sl, ok := js.Call(name)
	if !ok {
		return nil, fmt.Errorf("%s: no %s({...}) integration: kb reads Starlight sites, not other Astro sites", file, name)
	}
	f := &Foreign{Generator: "Starlight", File: file}
	r := jsReader{js: js, f: f}
	if sl.Kind != jsobject.Object {
		r.note(sl.Line, "%s(%s): not an object kb can read; write %s by hand", name, sl.Describe(), FileName)
		sl = jsobject.Value{Kind: jsobject.Object}
	}
	// Astro lowercases the URLs it makes from file names, and keeps raw
	// HTML in Markdown.
	s := siteTOML{header: "# From Starlight's " + file + ".\n", lowercaseURLs: true, unsafe: true, noEmoji: true}
	r.languages(sl, &s)
	r.title(sl, &s)
	r.site(&s)
	for _, field := range sl.Fields {
		switch {
		case !field.Spread && (field.Key == "title" || field.Key == "locales" || field.Key == "defaultLocale"):
		default:
			r.notCarriedOver("", field, starlightAdvice)
		}
	}
	f.Moves = possibleMoves(fsys, file, starlightFolders, &f.Notes)
	f.TOML = s.bytes()
	return f, nil
}

// languages reads locales and defaultLocale. The root locale is the
// default language at the site root; any other locale's pages are in a
// folder named by its key, which stays its URL folder when it spells the
// same language as its lang.
func (r jsReader) languages(sl jsobject.Value, s *siteTOML) {
	defaultKey := ""
	if v, ok := sl.Get("defaultLocale"); ok {
		if key, ok := r.text(v, "defaultLocale", "set defaultLanguage in "+FileName); ok {
			defaultKey = key
			r.used("defaultLocale")
		}
	}
	v, ok := sl.Get("locales")
	locales := r.js.Resolve(v)
	if ok && locales.Kind != jsobject.Object {
		r.note(locales.Line, "locales: %s is not an object kb can read; add [languages.<code>] tables to %s by hand", locales.Describe(), FileName)
	}
	var keys []string // the locales' keys, by language
	hasRoot := false
	for _, field := range locales.Fields {
		if field.Spread {
			r.note(field.Line, "locales: ...%s: not read; add its languages to %s by hand", field.Value.Describe(), FileName)
			continue
		}
		l, ok := r.locale(field)
		if !ok {
			continue
		}
		if field.Key == "root" {
			hasRoot = true
			defaultKey = "root"
		}
		keys = append(keys, field.Key)
		s.languages = append(s.languages, l)
	}
	if len(s.languages) == 0 {
		// One language, at the root: Starlight's default is English.
		s.defaultLanguage = "en"
		s.languages = []foreignLanguage{{code: "en"}}
		return
	}
	s.inSubdir = !hasRoot
	s.defaultLanguage = s.languages[0].code
	found := false
	for i, key := range keys {
		if key == defaultKey {
			s.defaultLanguage, found = s.languages[i].code, true
		}
	}
	if defaultKey != "" && !found {
		r.note(locales.Line, "defaultLocale %q is none of the locales: %s, the first, is the default language", defaultKey, s.defaultLanguage)
	}
	if len(s.languages) > 1 {
		for i := range s.languages {
			s.languages[i].weight = i + 1 // Starlight's language menu keeps the config's order
		}
	}
	r.used(fmt.Sprintf("locales (%d)", len(s.languages)))
}

// locale reads one locale: label, lang and dir.
func (r jsReader) locale(field jsobject.Field) (foreignLanguage, bool) {
	t := r.js.Resolve(field.Value)
	if t.Kind != jsobject.Object {
		r.note(field.Line, "locales.%s: %s is not an object kb can read; add [languages.%s] to %s by hand", field.Key, t.Describe(), field.Key, FileName)
		return foreignLanguage{}, false
	}
	lang := field.Key
	if v, ok := t.Get("lang"); ok {
		if s, ok := r.text(v, "locales."+field.Key+".lang", "using "+lang); ok {
			lang = s
		}
	}
	code, err := CanonicalCode(lang)
	if err != nil {
		line := field.Line
		if v, ok := t.Get("lang"); ok {
			line = v.Line
		}
		r.note(line, "locales.%s: %q is not a language code (BCP 47, like en or pt-BR): the locale is left out; add it to %s by hand", field.Key, lang, FileName)
		return foreignLanguage{}, false
	}
	l := foreignLanguage{code: lang}
	if field.Key != "root" {
		if keyCode, err := CanonicalCode(field.Key); err == nil && keyCode == code {
			l.code = field.Key // its folder, and its URL folder, as Starlight spells it
		} else {
			l.contentDir = field.Key
			r.note(field.Line, "locales.%s: its pages, in content/%s/, are published under /%s/, its language code, not /%s/", field.Key, field.Key, lang, field.Key)
		}
	}
	if v, ok := t.Get("label"); ok {
		l.name, _ = r.text(v, "locales."+field.Key+".label", "set name in [languages."+l.code+"]")
	}
	if v, ok := t.Get("dir"); ok {
		if dir, ok := r.text(v, "locales."+field.Key+".dir", "set dir in [languages."+l.code+"]"); ok && (dir == "rtl" || dir == "ltr") {
			l.dir = dir
		}
	}
	return l, true
}

// title reads the site's title: text, or an object by language code.
func (r jsReader) title(sl jsobject.Value, s *siteTOML) {
	v, ok := sl.Get("title")
	if !ok {
		return
	}
	v = r.js.Resolve(v)
	if v.Kind != jsobject.Object {
		if t, ok := r.text(v, "title", "set title in "+FileName); ok {
			s.title = t
			r.used("title")
		}
		return
	}
	byCode := map[string]string{}
	for _, field := range v.Fields {
		code, err := CanonicalCode(field.Key)
		t, ok := r.text(field.Value, "title."+field.Key, "set title in its [languages.<code>] table")
		if err != nil || !ok {
			continue
		}
		byCode[code] = t
		if s.title == "" {
			s.title = t
		}
	}
	for i, l := range s.languages {
		code, _ := CanonicalCode(l.code)
		if t, ok := byCode[code]; ok {
			s.languages[i].title = t
			if l.code == s.defaultLanguage {
				s.title = t
			}
		}
	}
	r.used("title (by language)")
}

// site reads Astro's site and base: the address the site is published at.
func (r jsReader) site(s *siteTOML) {
	astro, ok := r.js.Call("defineConfig")
	if !ok {
		astro, ok = r.js.DefaultExport()
	}
	if !ok {
		return
	}
	astro = r.js.Resolve(astro)
	v, ok := astro.Get("site")
	if !ok {
		return
	}
	site, ok := r.text(v, "site", "set baseURL in "+FileName+" to the address the site is published at")
	if !ok {
		return
	}
	s.baseURL = site
	r.used("site")
	if v, ok := astro.Get("base"); ok {
		if base, ok := r.text(v, "base", "add it to baseURL in "+FileName); ok && strings.Trim(base, "/") != "" {
			s.baseURL = strings.TrimSuffix(site, "/") + "/" + strings.Trim(base, "/") + "/"
			r.used("base")
		}
	}
}
