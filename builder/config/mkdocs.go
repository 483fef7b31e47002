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

// mkdocsFiles are the names MkDocs reads its configuration from.
var mkdocsFiles = []string{"mkdocs.yml", "mkdocs.yaml"}

// MkDocsConfig names the MkDocs configuration file in fsys, "" for none.
func MkDocsConfig(fsys fs.FS) string {
	for _, name := range mkdocsFiles {
		if _, err := fs.Stat(fsys, name); err == nil {
			return name
		}
	}
	return ""
}

// mkdocsAdvice says, for the mkdocs.yml keys that do not carry over, what
// a kb site does instead.
var mkdocsAdvice = map[string]string{
	"nav":                      "kb's navigation comes from content/: sections are folders (title and weight in their _index.md), pages are ordered by weight",
	"site_description":         "set description in each [languages.<code>] table of " + FileName,
	"repo_url":                 "add the link as a [[menu.header]] entry in " + FileName,
	"edit_uri":                 "kb has no edit link",
	"extra_css":                "override the theme's files under themes/<name>/",
	"extra_javascript":         "override the theme's files under themes/<name>/",
	"hooks":                    "MkDocs hooks (Python) do not run in kb",
	"theme.custom_dir":         "override the theme's files under themes/<name>/",
	"theme.features":           "kb's theme has its own navigation, table of contents and search",
	"theme.palette":            "override the theme's style.css under themes/<name>/",
	"theme.font":               "kb's theme uses the reader's system fonts",
	"theme.logo":               "set [brand] logo in " + FileName + " to a file under static/",
	"theme.favicon":            "put favicon.ico in static/",
	"extra.alternate":          "kb's language switcher links each page to its translations, from the [languages] tables in " + FileName,
	"extra.social":             "add the links as [[menu.header]] entries in " + FileName,
	"extra.analytics":          "kb search records searches and feedback itself (kb report)",
	"plugins: search":          "kb builds its own search index (search: {exclude: true} in a page's front matter still keeps it out of search)",
	"plugins: tags":            "kb reads tags from front matter itself",
	"markdown_extensions: toc": "kb makes the table of contents and heading anchors itself",

	// Icons are left out (builder/markdown/icons.go); emoji names stay text.
	"markdown_extensions: pymdownx.emoji": "kb has no icon font: icons (:material-check:) are left out with a warning (emoji names such as :smile: are the emoji)",
}

// mkdocsMarkdown are the Python-Markdown extensions whose syntax kb's
// Markdown reads too.
var mkdocsMarkdown = map[string]bool{
	"admonition": true, "pymdownx.details": true, "tables": true, "footnotes": true,
	"def_list": true, "fenced_code": true, "pymdownx.superfences": true, "pymdownx.tasklist": true,
	"pymdownx.tilde": true, "pymdownx.highlight": true, "codehilite": true, "attr_list": true,
	"pymdownx.tabbed": true, "sane_lists": true, "smarty": true, "pymdownx.betterem": true, "meta": true, "toc": true,
}

// ReadMkDocs reads an MkDocs site's mkdocs.yml: site_name, site_url,
// docs_dir, the mkdocs-static-i18n plugin's languages or else
// theme.language. It returns nil when fsys has none. Python tags
// ("!!python/name:...") are kept as nodes, not run or refused; what does
// not carry over is a note at its line.
func ReadMkDocs(fsys fs.FS) (*Foreign, error) {
	file := MkDocsConfig(fsys)
	if file == "" {
		return nil, nil
	}
	root, err := readYAMLRoot(fsys, file)
	if err != nil {
		return nil, err
	}
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d: not a mapping of settings: kb reads mkdocs.yml as MkDocs writes it (site_name: ..., nav: ...)", file, root.Line)
	}
	f := &Foreign{Generator: "MkDocs", File: file}
	r := mkdocsReader{f: f}
	// Python-Markdown keeps raw HTML.
	s := siteTOML{header: "# From MkDocs's " + file + ".\n", unsafe: true, noEmoji: true}
	docsDir := "docs"
	var theme, i18n, redirectMaps *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		key, val := root.Content[i], root.Content[i+1]
		switch key.Value {
		case "site_name":
			s.title = r.text(key.Value, val)
		case "site_url":
			s.baseURL = r.text(key.Value, val)
		case "docs_dir":
			if dir := strings.Trim(r.text(key.Value, val), "/"); dir != "" {
				docsDir = dir
			}
		case "use_directory_urls":
			// Pages were at page.html: they keep answering there.
			s.uglyURLAliases = val.Value == "false"
			r.used(key.Value)
		case "theme":
			theme = val
		case "plugins":
			i18n, redirectMaps = r.plugins(val)
		case "markdown_extensions":
			s.noEmoji = !r.extensions(val)
		case "extra":
			r.notesIn("extra", val)
		case "site_dir", "dev_addr", "strict", "watch", "validation", "exclude_docs", "not_in_nav", "site_author", "copyright", "repo_name":
			// Build settings and page furniture with no reader to miss them.
		default:
			r.note(key, key.Value)
		}
	}
	language := r.theme(theme)
	if i18n != nil {
		r.languages(i18n, &s)
	}
	if len(s.languages) == 0 {
		s.defaultLanguage = "en"
		if language != "" {
			s.defaultLanguage = language
			r.used("theme.language")
		}
	}
	if redirectMaps != nil {
		r.redirectMaps(redirectMaps, &s)
	}
	// The theme is read last, after the languages: its notes go in order.
	slices.SortStableFunc(f.Notes, func(a, b diag.Diagnostic) int { return a.Line - b.Line })
	removals := r.redirectPages(fsys, docsDir, &s)
	f.Moves = append(removals, possibleMoves(fsys, file, []Move{{docsDir, "content"}}, &f.Notes)...)
	if len(f.Moves) > len(removals) {
		f.FilesAtTheirPath = docsDir // MkDocs published every file of it
	}
	f.TOML = s.bytes()
	return f, nil
}

type mkdocsReader struct{ f *Foreign }

func (r mkdocsReader) used(key string) { r.f.Keys = append(r.f.Keys, key) }

// note says that key, at n, does not carry over, and what to do instead.
func (r mkdocsReader) note(n *yaml.Node, key string) {
	if advice := mkdocsAdvice[key]; advice != "" {
		r.notef(n, "%s: not carried over: %s", key, advice)
		return
	}
	r.notef(n, "%s: not carried over", key)
}

func (r mkdocsReader) notef(n *yaml.Node, format string, args ...any) {
	r.f.Notes = append(r.f.Notes, diag.WarnAt(r.f.File, n.Line, 0, format, args...).Of(diag.Imported))
}

// text reads a plain string, or notes that the value is not one (an !ENV
// tag, a list).
func (r mkdocsReader) text(key string, n *yaml.Node) string {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!str" {
		r.notef(n, "%s: not text kb can read; set it in %s by hand", key, FileName)
		return ""
	}
	r.used(key)
	return n.Value
}

// notesIn notes each key of the mapping n, under prefix.
func (r mkdocsReader) notesIn(prefix string, n *yaml.Node) {
	if n.Kind != yaml.MappingNode {
		r.note(n, prefix)
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		r.note(n.Content[i], prefix+"."+n.Content[i].Value)
	}
}

// theme reads theme.language and notes the theme's other settings.
func (r mkdocsReader) theme(n *yaml.Node) (language string) {
	if n == nil || n.Kind != yaml.MappingNode {
		return "" // theme: material, or none
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i], n.Content[i+1]
		switch key.Value {
		case "name":
		case "language":
			language = val.Value
			if _, err := CanonicalCode(language); err != nil {
				r.notef(val, "theme.language: %q is not a language code (BCP 47, like en or pt-BR): en is the language", language)
				language = ""
				continue
			}
		default:
			r.note(key, "theme."+key.Value)
		}
	}
	return language
}

// entries lists a list of names or one-key mappings (name: settings), as
// plugins and markdown_extensions are written, with each name's node.
func entries(n *yaml.Node) (names []*yaml.Node, settings []*yaml.Node) {
	if n.Kind != yaml.SequenceNode {
		return nil, nil
	}
	for _, item := range n.Content {
		switch {
		case item.Kind == yaml.ScalarNode:
			names, settings = append(names, item), append(settings, nil)
		case item.Kind == yaml.MappingNode && len(item.Content) >= 2:
			names, settings = append(names, item.Content[0]), append(settings, item.Content[1])
		}
	}
	return names, settings
}

// plugins notes the plugins, which do not run in kb, and returns the
// mkdocs-static-i18n plugin's settings and the redirects plugin's
// redirect_maps.
func (r mkdocsReader) plugins(n *yaml.Node) (i18n, redirectMaps *yaml.Node) {
	names, settings := entries(n)
	for i, name := range names {
		if name.Value == "i18n" && settings[i] != nil {
			i18n = settings[i]
			continue
		}
		if name.Value == "redirects" && settings[i] != nil {
			if m := mappingValue(settings[i], "redirect_maps"); m != nil {
				redirectMaps = m
				continue
			}
		}
		key := "plugins: " + name.Value
		if mkdocsAdvice[key] == "" {
			r.notef(name, "%s: not carried over: MkDocs plugins do not run in kb", key)
			continue
		}
		r.note(name, key)
	}
	return i18n, redirectMaps
}

// mappingValue is the value of key in the mapping n, or nil.
func mappingValue(n *yaml.Node, key string) *yaml.Node {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// redirectMaps reads the redirects plugin's redirect_maps, old page: new
// page (Markdown files of docs_dir), into [redirects]: the old page's
// address as MkDocs made it leads to the new page's file. A redirect to
// another site is a note: kb's redirects lead to its own pages.
func (r mkdocsReader) redirectMaps(n *yaml.Node, s *siteTOML) {
	if n.Kind != yaml.MappingNode {
		r.notef(n, "plugins: redirects: redirect_maps is not a mapping of old page: new page; add [redirects] to %s by hand", FileName)
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		from, to := n.Content[i], n.Content[i+1]
		if strings.Contains(to.Value, "://") {
			r.notef(from, "plugins: redirects: %q goes to %s, another site: not carried over; add it to static/_redirects", from.Value, to.Value)
			continue
		}
		s.redirects = append(s.redirects, redirect{mkdocsAddress(from.Value, s.uglyURLAliases), to.Value})
	}
	r.used("plugins: redirects")
}

// mkdocsAddress is the address MkDocs gives the page of a Markdown file of
// docs_dir: "setup/install.md" is /setup/install/, or /setup/install.html
// without use_directory_urls; an index.md or README.md is its folder's.
func mkdocsAddress(file string, ugly bool) string {
	page := strings.TrimSuffix(strings.TrimPrefix(file, "/"), path.Ext(file))
	dir, base := path.Split(page)
	switch {
	case base == "index" || base == "README":
		if ugly {
			return "/" + dir + "index.html"
		}
		return "/" + dir
	case ugly:
		return "/" + page + ".html"
	}
	return "/" + page + "/"
}

// extensions notes the Markdown extensions kb's Markdown does not have.
func (r mkdocsReader) extensions(n *yaml.Node) (emoji bool) {
	names, _ := entries(n)
	for _, name := range names {
		emoji = emoji || name.Value == "pymdownx.emoji"
		key := "markdown_extensions: " + name.Value
		switch {
		case mkdocsAdvice[key] != "":
			r.note(name, key)
		case !mkdocsMarkdown[name.Value]:
			r.notef(name, "%s: not carried over: kb's Markdown does not have it", key)
		}
	}
	return emoji
}

// languages reads mkdocs-static-i18n's languages, a list of {locale,
// name, default, build, site_name}. Its default language is at the site
// root, the others under /<locale>/; both its docs structures are
// layouts kb reads (x.fr.md and fr/x.md).
func (r mkdocsReader) languages(i18n *yaml.Node, s *siteTOML) {
	var list *yaml.Node
	for i := 0; i+1 < len(i18n.Content); i += 2 {
		if i18n.Content[i].Value == "languages" {
			list = i18n.Content[i+1]
		}
	}
	if list == nil || list.Kind != yaml.SequenceNode {
		r.notef(i18n, "plugins: i18n: no list of languages kb can read; add [languages.<code>] tables to %s by hand", FileName)
		return
	}
	for _, item := range list.Content {
		fields := map[string]*yaml.Node{}
		for i := 0; item.Kind == yaml.MappingNode && i+1 < len(item.Content); i += 2 {
			fields[item.Content[i].Value] = item.Content[i+1]
		}
		locale := fields["locale"]
		if locale == nil {
			r.notef(item, "plugins: i18n: languages: an entry without a locale is left out")
			continue
		}
		if _, err := CanonicalCode(locale.Value); err != nil {
			r.notef(locale, "plugins: i18n: languages: %q is not a language code (BCP 47, like en or pt-BR): the language is left out; add it to %s by hand", locale.Value, FileName)
			continue
		}
		l := foreignLanguage{code: locale.Value}
		if v := fields["name"]; v != nil {
			l.name = v.Value
		}
		if v := fields["site_name"]; v != nil {
			l.title = v.Value
		}
		if v := fields["build"]; v != nil && v.Value == "false" {
			l.disabled = true
		}
		if v := fields["default"]; v != nil && v.Value == "true" && s.defaultLanguage == "" {
			s.defaultLanguage = l.code
		}
		s.languages = append(s.languages, l)
	}
	if len(s.languages) == 0 {
		return
	}
	if s.defaultLanguage == "" {
		s.defaultLanguage = s.languages[0].code // the plugin's default is its first language
	}
	for i := range s.languages {
		s.languages[i].weight = i + 1 // the language menu keeps the config's order
	}
	r.used(fmt.Sprintf("i18n languages (%d)", len(s.languages)))
}
