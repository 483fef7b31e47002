package config

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"kb/builder/diag"
)

// Jekyll (GitHub Pages' generator) reads _config.yml at the site's root;
// its pages are the Markdown files anywhere outside the folders whose
// name starts with "_" (the theme's _layouts, _includes, _sass) and the
// paths its exclude list names. Just the Docs, the most used docs theme,
// adds its own keys (aux_links, callouts, nav_*...).

// jekyllFiles are the names Jekyll reads its configuration from.
var jekyllFiles = []string{"_config.yml", "_config.yaml"}

// JekyllConfig names the Jekyll configuration file in fsys, "" for none.
func JekyllConfig(fsys fs.FS) string { return firstFile(fsys, jekyllFiles) }

// jekyllAdvice says, for the _config.yml keys that do not carry over,
// what a kb site does instead.
var jekyllAdvice = map[string]string{
	"defaults":                  "kb has no front matter defaults: set the keys in each page that needs them",
	"collections":               "kb's pages are the Markdown files under content/: move a collection's folder (without its _) there",
	"theme":                     "kb's theme is its own; override its files under themes/<name>/",
	"remote_theme":              "kb's theme is its own; override its files under themes/<name>/",
	"aux_links":                 "add the links as [[menu.header]] entries in " + FileName,
	"nav_external_links":        "add the links as [[menu.header]] entries in " + FileName,
	"logo":                      "set [brand] logo in " + FileName + " to a file under static/",
	"favicon_ico":               "put favicon.ico in static/",
	"footer_content":            "override the theme's files under themes/<name>/",
	"color_scheme":              "override the theme's style.css under themes/<name>/",
	"ga_tracking":               "kb search records searches and feedback itself (kb report)",
	"search":                    "kb builds its own search index (search_exclude: true in a page's front matter still keeps it out of search)",
	"include":                   "kb publishes content/ and static/: put the files there",
	"exclude_from_localization": "kb copies static/ once for every language",
	"nav_sort":                  "kb orders pages by weight (nav_order), then title",
	"gh_edit_repository":        "kb has no edit link",
}

// jekyllQuiet are _config.yml keys that only tune how Jekyll or its
// theme builds, with nothing a reader of a kb site would miss.
var jekyllQuiet = []string{
	"permalink", "exclude", "plugins", "markdown", "kramdown", "highlighter", "sass", "compress_html", "liquid",
	"source", "destination", "safe", "incremental", "encoding", "repository", "github", "author", "timezone",
	"search_enabled", "heading_anchors", "enable_copy_code_button", "back_to_top", "back_to_top_text",
	"last_edit_timestamp", "last_edit_time_format", "gh_edit_link", "gh_edit_link_text", "gh_edit_branch",
	"gh_edit_source", "gh_edit_view_mode", "nav_enabled", "nav_error_report", "aux_links_new_tab",
	"callouts_level", "mermaid", "ga_tracking_anonymize_ip", "future", "show_drafts", "livereload", "port", "host",
}

// jekyllPlugins are the plugins whose work kb does itself: it writes the
// sitemap and social tags, reads redirect_from and the GitHub metadata
// kb has no use for.
var jekyllPlugins = []string{"jekyll-sitemap", "jekyll-seo-tag", "jekyll-redirect-from", "jekyll-github-metadata", "jekyll-include-cache", "jekyll-polyglot", "jekyll-feed", "jekyll-default-layout", "jekyll-optional-front-matter", "jekyll-relative-links", "jekyll-titles-from-headings", "jemoji"}

// jtdCalloutKinds are the kinds of kb's callouts Just the Docs' default
// callout names, and its callout colours, stand for.
var jtdCalloutKinds = map[string]string{
	"note": "note", "tip": "tip", "important": "important", "warning": "warning", "caution": "caution",
	"highlight": "tip", "new": "tip",
	"purple": "note", "blue": "important", "green": "tip", "yellow": "tip", "red": "warning", "grey-dk": "note", "grey-lt": "note",
}

// ReadJekyll reads a Jekyll site's _config.yml for kb init --from jekyll:
// title, description, url and baseurl, lang, and jekyll-polyglot's
// languages and default_lang. Its pages (every Markdown file outside
// "_" folders, assets/ and exclude) move to content/, the files of
// assets/ that are no style or script to static/; what does not carry
// over is a note at its line. It returns nil when fsys has no
// _config.yml.
func ReadJekyll(fsys fs.FS) (*Foreign, error) {
	file := JekyllConfig(fsys)
	if file == "" {
		return nil, nil
	}
	root, err := readYAMLRoot(fsys, file)
	if err != nil {
		return nil, err
	}
	f := &Foreign{Generator: "Jekyll", File: file}
	// kramdown keeps raw HTML, and Just the Docs' pages use it.
	s := siteTOML{header: "# From Jekyll's " + file + ".\n", defaultLanguage: "en", unsafe: true, noEmoji: true}
	if root.Kind == 0 || root.Kind == yaml.DocumentNode {
		f.Moves = jekyllMoves(fsys, file, nil, &f.Notes)
		nested, redirects := jekyllNesting(fsys, f.Moves, false, &f.Notes)
		f.Moves, s.redirects = append(f.Moves, nested...), redirects
		f.TOML = s.bytes()
		return f, nil // empty: Jekyll's defaults
	}
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d: not a mapping of settings: kb reads _config.yml as Jekyll writes it (title: ..., baseurl: ...)", file, root.Line)
	}
	r := mkdocsReader{f: f}
	var url, baseurl, description string
	var exclude []string
	pretty := false // Jekyll's pages are /dir/page.html unless permalink says otherwise
	var languages, defaultLang *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		key, val := root.Content[i], root.Content[i+1]
		switch key.Value {
		case "title":
			s.title = r.text(key.Value, val)
		case "description":
			description = r.text(key.Value, val)
		case "url":
			url = r.text(key.Value, val)
		case "baseurl":
			baseurl = r.text(key.Value, val)
		case "lang":
			if code := r.text(key.Value, val); code != "" {
				if _, err := CanonicalCode(code); err != nil {
					r.notef(val, "lang: %q is not a language code (BCP 47, like en or pt-BR): en is the language", code)
				} else {
					s.defaultLanguage = code
				}
			}
		case "languages":
			languages = val
		case "default_lang":
			defaultLang = val
		case "exclude":
			for _, n := range val.Content {
				if n.Kind == yaml.ScalarNode {
					exclude = append(exclude, n.Value)
				}
			}
		case "permalink":
			pretty = val.Value == "pretty" || strings.HasSuffix(val.Value, "/")
			if val.Value != "pretty" && val.Value != "" {
				r.notef(key, "permalink: %q is not carried over: kb's addresses are /<folder>/<page>/ (a page's permalink still gives it its old address)", val.Value)
			}
		case "plugins", "gems":
			for _, p := range val.Content {
				if p.Value == "jemoji" { // GitHub's emoji names, as kb reads them
					s.noEmoji = false
				}
				if p.Kind == yaml.ScalarNode && !slices.Contains(jekyllPlugins, p.Value) {
					r.notef(p, "plugins: %s: not carried over: Jekyll plugins do not run in kb", p.Value)
				}
			}
		case "callouts":
			s.callouts = r.jtdCallouts(val)
		default:
			switch advice := jekyllAdvice[key.Value]; {
			case advice != "":
				r.notef(key, "%s: not carried over: %s", key.Value, advice)
			case !slices.Contains(jekyllQuiet, key.Value):
				r.notef(key, "%s: not carried over", key.Value)
			}
		}
	}
	if url != "" || baseurl != "" {
		s.baseURL = strings.TrimSuffix(url, "/") + "/" + strings.Trim(baseurl, "/")
		if !strings.HasSuffix(s.baseURL, "/") {
			s.baseURL += "/"
		}
	}
	if languages != nil {
		r.polyglot(languages, defaultLang, &s)
	}
	if description != "" {
		if len(s.languages) == 0 {
			s.languages = []foreignLanguage{{code: s.defaultLanguage}}
		}
		for i := range s.languages {
			if s.languages[i].code == s.defaultLanguage {
				s.languages[i].description = description
			}
		}
	}
	f.Moves = jekyllMoves(fsys, file, exclude, &f.Notes)
	nested, redirects := jekyllNesting(fsys, f.Moves, pretty, &f.Notes)
	f.Moves, s.redirects = append(f.Moves, nested...), redirects
	f.TOML = s.bytes()
	return f, nil
}

// polyglot reads jekyll-polyglot's languages (a list of codes) and
// default_lang: the default language at the site's root, the others
// under /<code>/, as polyglot publishes them.
func (r mkdocsReader) polyglot(list, def *yaml.Node, s *siteTOML) {
	if list.Kind != yaml.SequenceNode {
		r.notef(list, "languages: not a list of language codes; add [languages.<code>] tables to %s by hand", FileName)
		return
	}
	for _, n := range list.Content {
		if _, err := CanonicalCode(n.Value); n.Kind != yaml.ScalarNode || err != nil {
			r.notef(n, "languages: %q is not a language code (BCP 47, like en or pt-BR): left out; add it to %s by hand", n.Value, FileName)
			continue
		}
		s.languages = append(s.languages, foreignLanguage{code: n.Value, weight: len(s.languages) + 1})
	}
	if len(s.languages) == 0 {
		return
	}
	s.defaultLanguage = s.languages[0].code
	if def != nil && slices.ContainsFunc(s.languages, func(l foreignLanguage) bool { return l.code == def.Value }) {
		s.defaultLanguage = def.Value
		r.used("default_lang")
	} else if def != nil {
		r.notef(def, "default_lang: %q is not one of languages: %s is the default language", def.Value, s.defaultLanguage)
	}
	r.used(fmt.Sprintf("languages (%d)", len(s.languages)))
}

// jekyllScripts are the files of assets/ that belong to the theme (its
// styles and scripts, Liquid templates): they stay where they are.
var jekyllScripts = []string{".css", ".scss", ".sass", ".js", ".mjs", ".map", ".json", ".liquid", ".html", ".xml"}

// jekyllMoves are the renames that put a Jekyll site where kb reads it:
// each Markdown page and each folder holding pages, outside "_" folders,
// assets/ and exclude, into content/ (index.md is the home page, a
// folder's index.md its section page when the folder holds other pages);
// the files of assets/ that are not the theme's styles and scripts into
// static/assets/.
func jekyllMoves(fsys fs.FS, file string, exclude []string, notes *[]diag.Diagnostic) []Move {
	excluded := func(p string, dir bool) bool {
		for _, e := range exclude {
			e = strings.TrimPrefix(e, "/")
			if strings.TrimSuffix(e, "/") == p {
				return true
			}
			if ok, _ := path.Match(e, path.Base(p)); ok && !dir {
				return true
			}
		}
		return false
	}
	skipped := func(name string) bool {
		return strings.HasPrefix(name, "_") || strings.HasPrefix(name, ".") || name == "assets" || name == "content" ||
			name == "static" || name == "node_modules" || name == "vendor"
	}
	var moves []Move
	entries, _ := fs.ReadDir(fsys, ".")
	for _, e := range entries {
		name := e.Name()
		if skipped(name) || excluded(name, e.IsDir()) {
			continue
		}
		switch {
		case e.IsDir() && hasMarkdown(fsys, name):
			moves = append(moves, Move{name, path.Join("content", name)})
		case !e.IsDir() && (name == "index.md" || name == "index.markdown"):
			moves = append(moves, Move{name, "content/_index.md"})
		case !e.IsDir() && (strings.EqualFold(path.Ext(name), ".md") || strings.EqualFold(path.Ext(name), ".markdown")):
			moves = append(moves, Move{name, path.Join("content", name)})
		}
	}
	moves = possibleMoves(fsys, file, moves, notes)
	// A folder's index.md, beside other pages, is the folder's page.
	for _, m := range slices.Clone(moves) {
		st, err := fs.Stat(fsys, m.From)
		if err != nil || !st.IsDir() {
			continue
		}
		_ = fs.WalkDir(fsys, m.From, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || d.Name() != "index.md" {
				return nil
			}
			dir := path.Dir(p)
			siblings, _ := fs.ReadDir(fsys, dir)
			if len(siblings) < 2 {
				return nil // a page of its own (kb's page bundle)
			}
			if pageExists(fsys, path.Join(dir, "_index.md")) {
				*notes = append(*notes, diag.WarnAt(file, 0, 0, "%s: its folder has an _index.md already: merge the two by hand (kb reads _index.md as the folder's page)", p).Of(diag.Imported))
				return nil
			}
			rel := path.Join(m.To, strings.TrimPrefix(dir, m.From))
			moves = append(moves, Move{path.Join(rel, "index.md"), path.Join(rel, "_index.md")})
			return nil
		})
	}
	// assets/: the images and files the pages show, a folder at a time
	// when it holds nothing of the theme's.
	var theme int
	_ = fs.WalkDir(fsys, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == "assets" {
			return nil
		}
		if d.IsDir() && themeFiles(fsys, p) > 0 {
			return nil
		}
		if !d.IsDir() && slices.Contains(jekyllScripts, strings.ToLower(path.Ext(p))) {
			theme++
			return nil
		}
		if _, err := fs.Stat(fsys, path.Join("static", p)); err == nil {
			*notes = append(*notes, diag.WarnAt(file, 0, 0, "static/%s already exists: move the files of %s into it by hand", p, p).Of(diag.Imported))
		} else {
			moves = append(moves, Move{p, path.Join("static", p)})
		}
		if d.IsDir() {
			return fs.SkipDir
		}
		return nil
	})
	if theme > 0 {
		*notes = append(*notes, diag.WarnAt(file, 0, 0, "assets/: %d styles and scripts of the Jekyll theme are left where they are: kb's theme has its own (override its files under themes/<name>/)", theme).Of(diag.Imported))
	}
	return moves
}

// themeFiles counts the theme's styles and scripts in a folder.
func themeFiles(fsys fs.FS, dir string) int {
	n := 0
	_ = fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && slices.Contains(jekyllScripts, strings.ToLower(path.Ext(p))) {
			n++
		}
		return nil
	})
	return n
}

// jtdCallouts reads Just the Docs' callouts (name: {title, color}) into
// site.toml's [callouts]: each name is a callout of the kind of kb's that
// its name, or else its colour, stands for, with its title.
func (r mkdocsReader) jtdCallouts(n *yaml.Node) []callout {
	var list []callout
	eachPair(n, func(k, v *yaml.Node) {
		c := callout{name: k.Value}
		if t := mappingValue(v, "title"); t != nil && t.Kind == yaml.ScalarNode {
			c.title = t.Value
		}
		color := mappingValue(v, "color")
		switch {
		case slices.Contains(CalloutKinds, c.name):
			c.kind = c.name
		case color != nil && jtdCalloutKinds[color.Value] != "":
			c.kind = jtdCalloutKinds[color.Value]
		case jtdCalloutKinds[c.name] != "":
			c.kind = jtdCalloutKinds[c.name]
		default:
			c.kind = "note"
			r.notef(k, "callouts: %s: no colour kb knows: {: .%s } shows as a note; set its kind in [callouts.%s] in %s", c.name, c.name, c.name, FileName)
		}
		list = append(list, c)
	})
	if len(list) > 0 {
		r.used("callouts")
	}
	return list
}
