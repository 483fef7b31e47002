package config

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"

	"kb/builder/diag"
)

// Foreign is a Hugo or Zola site's configuration as kb reads it, for a site
// folder that has no site.toml yet.
type Foreign struct {
	Generator string   // "Hugo", "Zola" or "Starlight"
	File      string   // the main file read: "hugo.toml", "config/_default/hugo.toml", "config.toml"
	Keys      []string // the keys kb used, as the generator names them
	TOML      []byte   // the equivalent site.toml
	// Notes are what does not carry over, as warnings at the file.
	Notes []diag.Diagnostic
	// Moves are the folders to rename where kb reads them (Starlight's
	// src/content/docs to content).
	Moves []Move
	// Files are to be written before the moves, never over a file that is
	// there (Docusaurus's translated section names, as _category_.json in
	// each translation's folders); Written says what they hold, a line
	// per group of files.
	Files   []NewFile
	Written []string
	// FilesAtTheirPath is the folder the generator published every file
	// of at its path (MkDocs's docs_dir), which a move puts in content/;
	// "" for none. kb init moves the files kb does not publish from
	// content/ (JSON, HTML, scripts) to static/, where they keep their
	// addresses.
	FilesAtTheirPath string
	// Folder is the folder of the one read that is the site, "" for
	// itself: a VitePress site in docs/. The site.toml goes there, and
	// the moves are made there.
	Folder string
}

// NewFile is a file kb init writes: its path in the site folder and text.
type NewFile struct {
	Path string
	Text []byte
}

// hugoFiles are Hugo's configuration files, in the order Hugo looks for them.
var hugoFiles = []string{"hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml", "config.yaml", "config.yml", "config.json"}

// ForeignPaths lists the files and folders ReadForeign may read, for
// anything that must notice when they change.
func ForeignPaths() []string {
	return append(slices.Clone(hugoFiles), "config")
}

// ReadForeign finds and reads a Hugo or Zola configuration: a Zola
// config.toml (it has base_url), else Hugo's files at the root or in
// config/_default/. It returns nil when there is none.
func ReadForeign(fsys fs.FS) (*Foreign, error) {
	if src, err := fs.ReadFile(fsys, "config.toml"); err == nil {
		var m map[string]any
		if err := toml.Unmarshal(src, &m); err != nil {
			return nil, fmt.Errorf("config.toml: %w", err)
		}
		if _, zola := m["base_url"]; zola {
			return zolaConfig(m), nil
		}
	}
	for _, dir := range []string{"", "config/_default/"} {
		for _, name := range hugoFiles {
			m, err := readMap(fsys, dir+name)
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err != nil {
				return nil, err
			}
			from := map[string]string{}
			if dir != "" {
				if from, err = mergeHugoDir(fsys, dir, m); err != nil {
					return nil, err
				}
			}
			f := hugoConfig(m, dir+name, from)
			f.Moves = possibleMoves(fsys, f.File, f.Moves, &f.Notes)
			return f, nil
		}
	}
	return nil, nil
}

// readMap decodes a TOML, YAML or JSON file into a map.
func readMap(fsys fs.FS, name string) (map[string]any, error) {
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	m := map[string]any{}
	switch path.Ext(name) {
	case ".toml":
		err = toml.Unmarshal(src, &m)
	case ".yaml", ".yml":
		err = yaml.Unmarshal(src, &m)
	case ".json":
		err = json.Unmarshal(src, &m)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return m, nil
}

// mergeHugoDir adds Hugo's split configuration: languages.toml (a table
// per language) and languages.<code>.toml (one language's keys),
// markup.toml, params.toml and permalinks.toml, as Hugo merges them under
// their file's name. It returns the file each table came from, for notes
// about it.
func mergeHugoDir(fsys fs.FS, dir string, m map[string]any) (map[string]string, error) {
	entries, err := fs.ReadDir(fsys, strings.TrimSuffix(dir, "/"))
	if err != nil {
		return nil, err
	}
	from := map[string]string{}
	for _, e := range entries {
		name := e.Name()
		ext := path.Ext(name)
		base := strings.TrimSuffix(name, ext)
		if ext != ".toml" && ext != ".yaml" && ext != ".yml" && ext != ".json" {
			continue
		}
		root, code, _ := strings.Cut(base, ".")
		if root != "languages" && root != "markup" && root != "params" && root != "permalinks" {
			continue
		}
		sub, err := readMap(fsys, dir+name)
		if err != nil {
			return nil, err
		}
		from[root] = dir + name
		table, _ := lookup(m, root).(map[string]any)
		if table == nil {
			table = map[string]any{}
			m[root] = table
		}
		if code != "" {
			table[code] = sub
			continue
		}
		for k, v := range sub {
			table[k] = v
		}
	}
	return from, nil
}

// lookup finds a key in any letter case, as Hugo does.
func lookup(m map[string]any, key string) any {
	if v, ok := m[key]; ok {
		return v
	}
	for k, v := range m {
		if strings.EqualFold(k, key) {
			return v
		}
	}
	return nil
}

// lookupPath follows dotted keys through nested tables.
func lookupPath(m map[string]any, keys ...string) any {
	var v any = m
	for _, k := range keys {
		t, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = lookup(t, k)
	}
	return v
}

// siteTOML writes a site.toml; kb's own keys, in its own words.
type siteTOML struct {
	header          string
	title, baseURL  string
	defaultLanguage string
	inSubdir        bool
	lowercaseURLs   bool
	numberPrefixes  bool
	uglyURLAliases  bool
	slugRoot        string // Docusaurus's routeBasePath: where a slug starting with / was
	unsafe          bool
	noEmoji         bool   // emoji names (:smile:) stay as written, as the generator left them
	termIDs         bool   // definition terms get ids
	hugoTheme       string // the Hugo theme the pages were written for
	headingIDs      string // [markdown] headingIDs, when not kb's default
	brokenLinks     string
	feedsOff        bool     // the site published no RSS: kb's feeds are off
	feedLimit       int      // the most entries a feed listed; 0 for kb's default
	feedFiles       []string // the names feeds had (Zola's atom.xml); none for kb's default
	languages       []foreignLanguage
	// permalinks are the [permalinks] tables: page and section patterns
	// by section.
	permalinks struct{ page, section map[string]string }
	// params is the [params] table (site parameters, which the param
	// shortcode reads), written as TOML.
	params []byte
	// redirects are the [redirects] table: old addresses and the page
	// each leads to.
	redirects []redirect
	// callouts are the [callouts] tables: callout names of the site's own.
	callouts []callout
	// announcement is the [announcement] the site showed on every page.
	announcement *foreignAnnouncement
}

// foreignAnnouncement is a generator's site-wide announcement: its text in
// Markdown, shown in every language, and whether readers could close it.
type foreignAnnouncement struct {
	text        string
	dismissible bool
}

// callout is a table of [callouts].
type callout struct{ name, kind, title string }

// redirect is an entry of [redirects].
type redirect struct{ from, to string }

// paramsTable writes a generator's site parameters as site.toml's
// [params], or says why they cannot be.
func paramsTable(params map[string]any, file string, notes *[]diag.Diagnostic) []byte {
	if len(params) == 0 {
		return nil
	}
	var b bytes.Buffer
	enc := toml.NewEncoder(&b)
	enc.Indent = ""
	if err := enc.Encode(map[string]any{"params": params}); err != nil {
		*notes = append(*notes, diag.WarnAt(file, 0, 0, "[params]: %v; not carried over, copy them into %s [params] by hand", err, FileName).Of(diag.UnknownKey))
		return nil
	}
	return b.Bytes()
}

type foreignLanguage struct {
	code, name, title, description, dir, contentDir string
	weight                                          int
	disabled                                        bool
	// announcement is the language's own banner text (Hextra's
	// languages.<code>.params.banner.message) in place of the site's;
	// nil for none of its own, "" for none shown in this language.
	announcement *string
}

func (s siteTOML) bytes() []byte {
	var b bytes.Buffer
	b.WriteString(s.header)
	if s.title != "" {
		fmt.Fprintf(&b, "title = %s\n", strconv.Quote(s.title))
	}
	if s.baseURL != "" {
		fmt.Fprintf(&b, "baseURL = %s\n", strconv.Quote(s.baseURL))
	}
	fmt.Fprintf(&b, "defaultLanguage = %s\n", strconv.Quote(s.defaultLanguage))
	fmt.Fprintf(&b, "defaultLanguageInSubdir = %t\n", s.inSubdir)
	if s.hugoTheme != "" {
		fmt.Fprintf(&b, "# The Hugo theme the pages were written for: its shortcodes keep their meaning.\nhugoTheme = %s\n", strconv.Quote(s.hugoTheme))
	}
	if s.lowercaseURLs {
		b.WriteString("# URLs from file names are lowercased, as they were.\nlowercaseURLs = true\n")
	}
	if s.numberPrefixes {
		b.WriteString("# A number before a file or folder name (01-intro.md) orders it and is left out of its address, as it was.\nnumberPrefixes = true\n")
	}
	if s.uglyURLAliases {
		b.WriteString("# Articles also answer at the .html addresses they had.\nuglyURLAliases = true\n")
	}
	if s.slugRoot != "" {
		fmt.Fprintf(&b, "# The docs were served under /%s/: a slug: /x was /%s/x/, which keeps leading to its page.\nslugRoot = %s\n", s.slugRoot, s.slugRoot, strconv.Quote(s.slugRoot))
	}
	if s.unsafe || s.termIDs || s.headingIDs != "" || s.noEmoji {
		b.WriteString("\n[markdown]\n")
	}
	if s.unsafe {
		b.WriteString("# Raw HTML is kept, as it was.\nunsafe = true\n")
	}
	if s.termIDs {
		b.WriteString("# Definition list terms have ids, as they had.\ndefinitionTermIDs = true\n")
	}
	if s.headingIDs != "" {
		fmt.Fprintf(&b, "# Headings have the ids they had.\nheadingIDs = %s\n", strconv.Quote(s.headingIDs))
	}
	if s.noEmoji {
		b.WriteString("# Emoji names (:smile:) stay as written, as they did.\nemoji = false\n")
	}
	for _, l := range s.languages {
		fmt.Fprintf(&b, "\n[languages.%s]\n", l.code)
		if l.name != "" {
			fmt.Fprintf(&b, "name = %s\n", strconv.Quote(l.name))
		}
		if l.title != "" && l.title != s.title {
			fmt.Fprintf(&b, "title = %s\n", strconv.Quote(l.title))
		}
		if l.description != "" {
			fmt.Fprintf(&b, "description = %s\n", strconv.Quote(l.description))
		}
		if l.dir != "" {
			fmt.Fprintf(&b, "dir = %s\n", strconv.Quote(l.dir))
		}
		if l.weight != 0 {
			fmt.Fprintf(&b, "weight = %d\n", l.weight)
		}
		if l.contentDir != "" {
			fmt.Fprintf(&b, "contentDir = %s\n", strconv.Quote(l.contentDir))
		}
		if l.disabled {
			b.WriteString("disabled = true\n")
		}
		switch a := l.announcement; {
		case a == nil:
		case *a == "":
			fmt.Fprintf(&b, "\n[languages.%s.announcement]\n# None in this language, as it was.\n", l.code)
		default:
			fmt.Fprintf(&b, "\n[languages.%s.announcement]\n# Shown in this language in place of the site's, as it was.\ntext = %s\n", l.code, strconv.Quote(*a))
		}
	}
	if s.brokenLinks != "" {
		fmt.Fprintf(&b, "\n[build]\n# Links to pages that do not exist are %ss, as they were.\nbrokenLinks = %s\n", s.brokenLinks, strconv.Quote(s.brokenLinks))
	}
	if s.feedsOff || s.feedLimit > 0 || len(s.feedFiles) > 0 {
		b.WriteString("\n[feeds]\n")
	}
	if s.feedsOff {
		b.WriteString("# The site published no feeds, so kb writes none.\nenabled = false\n")
	}
	if s.feedLimit > 0 && !s.feedsOff {
		fmt.Fprintf(&b, "# Feeds list as many articles as they did.\nlimit = %d\n", s.feedLimit)
	}
	if len(s.feedFiles) > 0 && !s.feedsOff {
		quoted := make([]string, len(s.feedFiles))
		for i, name := range s.feedFiles {
			quoted[i] = strconv.Quote(name)
		}
		fmt.Fprintf(&b, "# Feeds keep the addresses they had, beside each home and section page; each is Atom,\n# which feed readers read under any name.\nfilenames = [%s]\n", strings.Join(quoted, ", "))
	}
	s.writePermalinks(&b)
	if len(s.redirects) > 0 {
		b.WriteString("\n[redirects]\n")
		for _, r := range s.redirects {
			fmt.Fprintf(&b, "%s = %s\n", strconv.Quote(r.from), strconv.Quote(r.to))
		}
	}
	for _, c := range s.callouts {
		fmt.Fprintf(&b, "\n[callouts.%s]\nkind = %s\n", TOMLKey(c.name), strconv.Quote(c.kind))
		if c.title != "" {
			fmt.Fprintf(&b, "title = %s\n", strconv.Quote(c.title))
		}
	}
	if a := s.announcement; a != nil {
		fmt.Fprintf(&b, "\n[announcement]\n# Shown in every language, as it was.\ntext = %s\nfallback = true\n", strconv.Quote(a.text))
		if !a.dismissible {
			b.WriteString("dismissible = false\n")
		}
	}
	if len(s.params) > 0 {
		b.WriteString("\n")
		b.Write(s.params)
	}
	return b.Bytes()
}

// hugoConfig reads Hugo's configuration, from file and (from) the files
// under config/_default/ that hold some of its tables, by table.
func hugoConfig(m map[string]any, file string, from map[string]string) *Foreign {
	f := &Foreign{Generator: "Hugo", File: file}
	used := func(k string) { f.Keys = append(f.Keys, k) }
	s := siteTOML{header: "# From Hugo's " + file + ".\n", defaultLanguage: "en"}
	if v, ok := lookup(m, "title").(string); ok {
		s.title = v
		used("title")
	}
	if v, ok := lookup(m, "baseURL").(string); ok {
		s.baseURL = v
		used("baseURL")
	}
	if v, ok := lookup(m, "defaultContentLanguage").(string); ok && v != "" {
		s.defaultLanguage = v
		used("defaultContentLanguage")
	}
	// Hugo's default: the default language at the root.
	if v, ok := lookup(m, "defaultContentLanguageInSubdir").(bool); ok {
		s.inSubdir = v
		used("defaultContentLanguageInSubdir")
	}
	// With uglyURLs Hugo published articles at page.html, not page/.
	switch v := lookup(m, "uglyURLs").(type) {
	case bool:
		s.uglyURLAliases = v
		used("uglyURLs")
	case map[string]any:
		f.Notes = append(f.Notes, diag.WarnAt(file, 0, 0, "uglyURLs by section is not carried over: set uglyURLAliases = true in %s to keep every article's .html address", FileName).Of(diag.Imported))
	}
	if name, key := hugoTheme(m); name != "" {
		s.hugoTheme = name
		used(key)
	}
	// Hugo lowercases the paths it makes from file names unless told not to.
	s.lowercaseURLs = true
	if v, ok := lookup(m, "disablePathToLower").(bool); ok {
		s.lowercaseURLs = !v
		used("disablePathToLower")
	}
	if v, ok := lookupPath(m, "markup", "goldmark", "renderer", "unsafe").(bool); ok {
		s.unsafe = v
		used("markup.goldmark.renderer.unsafe")
	}
	// Hugo checks only ref and relref links, and fails on one that is
	// broken unless told to warn.
	if v, ok := lookup(m, "refLinksErrorLevel").(string); ok {
		if strings.EqualFold(v, "warning") {
			s.brokenLinks = "warning"
		}
		used("refLinksErrorLevel")
	}
	if v, ok := lookupPath(m, "markup", "goldmark", "parser", "autoDefinitionTermID").(bool); ok {
		s.termIDs = v
		used("markup.goldmark.parser.autoDefinitionTermID")
	}
	// Hugo reads emoji names only with enableEmoji.
	s.noEmoji = true
	if v, ok := lookup(m, "enableEmoji").(bool); ok {
		s.noEmoji = !v
		used("enableEmoji")
	}
	for _, k := range hugoFeeds(m, &s) {
		used(k)
	}
	if table, ok := lookup(m, "permalinks").(map[string]any); ok && len(table) > 0 {
		if hugoPermalinks(table, cmp.Or(from["permalinks"], file), &s, &f.Notes) {
			used("permalinks")
		}
	}
	if params, ok := lookup(m, "params").(map[string]any); ok && len(params) > 0 {
		if s.params = paramsTable(params, file, &f.Notes); s.params != nil {
			used("params")
		}
	}
	// Hextra's banner: Markdown above every page, which readers close.
	if msg, ok := lookupPath(m, "params", "banner", "message").(string); ok && strings.TrimSpace(msg) != "" {
		s.announcement = &foreignAnnouncement{text: msg, dismissible: true}
		used("params.banner.message")
	}
	disabled := map[string]bool{}
	if list, ok := lookup(m, "disableLanguages").([]any); ok {
		for _, c := range list {
			if c, ok := c.(string); ok {
				disabled[strings.ToLower(c)] = true
			}
		}
	}
	langs, _ := lookup(m, "languages").(map[string]any)
	var langKeys, bannerLangs []string
	for _, code := range slices.Sorted(maps.Keys(langs)) {
		t, _ := langs[code].(map[string]any)
		l := foreignLanguage{code: code}
		if d, _ := lookup(t, "disabled").(bool); d || disabled[strings.ToLower(code)] {
			// Kept, turned off: its pages are skipped, not published as
			// the default language's.
			l.disabled = true
			if v, ok := lookup(t, "contentDir").(string); ok {
				l.contentDir = contentFolder(v, code, file, f)
			}
			s.languages = append(s.languages, l)
			continue
		}
		for _, k := range []string{"label", "languageName"} {
			if v, ok := lookup(t, k).(string); ok && l.name == "" {
				l.name = v
				langKeys = appendOnce(langKeys, k)
			}
		}
		if v, ok := lookup(t, "title").(string); ok {
			l.title = v
			langKeys = appendOnce(langKeys, "title")
		}
		for _, k := range []string{"direction", "languageDirection"} {
			if v, ok := lookup(t, k).(string); ok && l.dir == "" {
				l.dir = v
				langKeys = appendOnce(langKeys, k)
			}
		}
		if w, ok := toInt(lookup(t, "weight")); ok {
			l.weight = w
			langKeys = appendOnce(langKeys, "weight")
		}
		if v, ok := lookup(t, "contentDir").(string); ok {
			langKeys = appendOnce(langKeys, "contentDir")
			l.contentDir = contentFolder(v, code, file, f)
		}
		// Hextra's banner of this language: Hugo merges a language's
		// params over the site's, an empty message showing none.
		if msg, ok := lookupPath(t, "params", "banner", "message").(string); ok {
			msg = strings.TrimSpace(msg)
			l.announcement = &msg
			bannerLangs = append(bannerLangs, code)
		}
		s.languages = append(s.languages, l)
	}
	if len(bannerLangs) > 0 {
		used(fmt.Sprintf("languages.<lang>.params.banner.message (%s)", strings.Join(bannerLangs, ", ")))
	}
	enabled := 0
	for _, l := range s.languages {
		if !l.disabled {
			enabled++
		}
		if s.title == "" && strings.EqualFold(l.code, s.defaultLanguage) {
			s.title = l.title // Hugo sites often title each language only
		}
	}
	if enabled == 0 {
		s.languages = append([]foreignLanguage{{code: s.defaultLanguage}}, s.languages...)
	} else if len(langKeys) == 0 {
		used(fmt.Sprintf("languages (%d)", enabled))
	} else {
		used(fmt.Sprintf("languages (%d, with %s)", enabled, strings.Join(langKeys, ", ")))
	}
	if n := len(s.languages) - enabled; n > 0 && enabled > 0 {
		used(fmt.Sprintf("%d disabled", n))
	}
	f.TOML = s.bytes()
	return f
}

// hugoFeeds reads whether a Hugo site published RSS feeds, which kb's
// Atom feeds replace at the same addresses, and how many entries they
// listed, and returns the keys it used. Hugo writes them for the home and
// section pages unless disableKinds lists "rss", or outputs gives both
// kinds formats without RSS.
func hugoFeeds(m map[string]any, s *siteTOML) (keys []string) {
	if kinds, ok := lookup(m, "disableKinds").([]any); ok {
		keys = append(keys, "disableKinds")
		for _, k := range kinds {
			if k, ok := k.(string); ok && strings.EqualFold(k, "rss") {
				s.feedsOff = true
			}
		}
	}
	if outputs, ok := lookup(m, "outputs").(map[string]any); ok {
		withoutRSS := func(kind string) bool {
			formats, listed := lookup(outputs, kind).([]any)
			return listed && !slices.ContainsFunc(formats, func(f any) bool {
				name, _ := f.(string)
				return strings.EqualFold(name, "rss")
			})
		}
		if withoutRSS("home") && withoutRSS("section") {
			s.feedsOff = true
		}
		keys = append(keys, "outputs")
	}
	limit, key := lookupPath(m, "services", "rss", "limit"), "services.rss.limit"
	if limit == nil {
		limit, key = lookup(m, "rssLimit"), "rssLimit"
	}
	if n, ok := toInt(limit); ok {
		if n > 0 { // Hugo's -1 is every page: kb's default stands
			s.feedLimit = n
		}
		keys = append(keys, key)
	}
	return keys
}

// hugoTheme names the theme a Hugo site uses, by its repository's name
// ("hugo-book", "hextra", "docsy"), from theme (a name or a list, the
// first winning as in Hugo) or else the first of module.imports, and the
// key it was read from.
func hugoTheme(m map[string]any) (name, key string) {
	first := func(v any) string {
		switch v := v.(type) {
		case string:
			return v
		case []any:
			if len(v) > 0 {
				s, _ := v[0].(string)
				return s
			}
		}
		return ""
	}
	p, key := first(lookup(m, "theme")), "theme"
	if p == "" {
		if imports, ok := lookupPath(m, "module", "imports").([]any); ok && len(imports) > 0 {
			if t, ok := imports[0].(map[string]any); ok {
				p, _ = lookup(t, "path").(string)
				key = "module.imports"
			}
		}
	}
	// github.com/imfing/hextra, github.com/google/docsy/v2: the
	// repository's name, without a major version.
	parts := strings.Split(strings.Trim(p, "/"), "/")
	name = parts[len(parts)-1]
	if len(parts) > 1 && len(name) > 1 && name[0] == 'v' && strings.Trim(name[1:], "0123456789") == "" {
		name = parts[len(parts)-2]
	}
	if name == "" {
		return "", ""
	}
	return name, key
}

// contentFolder turns Hugo's contentDir into kb's: the folder under
// content/ that holds the language's pages, "" when it is the language's
// code (kb's own layout). A folder beside content/ (Hugo Book's
// content.en) is a move to content/<code> for kb init.
func contentFolder(dir, code, file string, f *Foreign) string {
	dir = path.Clean(dir)
	rest, ok := strings.CutPrefix(dir, "content/")
	if !ok || strings.Contains(rest, "/") {
		f.Notes = append(f.Notes, diag.WarnAt(file, 0, 0,
			"[languages.%s] contentDir = %q: kb reads a language's pages from a folder directly under content/; move them to content/%s/", code, dir, code).Of(diag.UnknownKey))
		if !ok && dir != "content" && !path.IsAbs(dir) && !strings.HasPrefix(dir, "../") && dir != ".." {
			f.Moves = append(f.Moves, Move{From: dir, To: "content/" + code})
		}
		return ""
	}
	if strings.EqualFold(rest, code) {
		return ""
	}
	return rest
}

func zolaConfig(m map[string]any) *Foreign {
	f := &Foreign{Generator: "Zola", File: "config.toml"}
	s := siteTOML{header: "# From Zola's config.toml.\n", defaultLanguage: "en", unsafe: true, noEmoji: true}
	// Zola reads emoji names only with [markdown] render_emoji.
	if md, ok := m["markdown"].(map[string]any); ok {
		if v, ok := md["render_emoji"].(bool); ok {
			s.noEmoji = !v
			f.Keys = append(f.Keys, "markdown.render_emoji")
		}
	}
	if v, ok := m["title"].(string); ok {
		s.title = v
		f.Keys = append(f.Keys, "title")
	}
	if v, ok := m["base_url"].(string); ok {
		s.baseURL = v
		f.Keys = append(f.Keys, "base_url")
	}
	if v, ok := m["default_language"].(string); ok && v != "" {
		s.defaultLanguage = v
		f.Keys = append(f.Keys, "default_language")
	}
	// Zola slugifies the paths it makes from file names ("on", lowercase)
	// unless told to keep them ("safe", "off").
	// Its heading ids too ("on": get_page is get-page).
	s.lowercaseURLs, s.headingIDs = true, "zola"
	if slugify, ok := m["slugify"].(map[string]any); ok {
		if v, ok := slugify["paths"].(string); ok {
			s.lowercaseURLs = v == "on"
			f.Keys = append(f.Keys, "slugify.paths")
		}
		if v, ok := slugify["anchors"].(string); ok {
			if v != "on" {
				s.headingIDs = ""
			}
			f.Keys = append(f.Keys, "slugify.anchors")
		}
	}
	// Zola fails on a broken internal link unless told to warn.
	if lc, ok := m["link_checker"].(map[string]any); ok {
		if v, ok := lc["internal_level"].(string); ok {
			if v == "warn" {
				s.brokenLinks = "warning"
			}
			f.Keys = append(f.Keys, "link_checker.internal_level")
		}
	}
	f.Keys = append(f.Keys, zolaFeeds(m, &s)...)
	// Zola publishes the default language at the root, and keeps raw HTML.
	s.languages = []foreignLanguage{{code: s.defaultLanguage}}
	langs, _ := m["languages"].(map[string]any)
	for _, code := range slices.Sorted(maps.Keys(langs)) {
		if strings.EqualFold(code, s.defaultLanguage) {
			continue
		}
		l := foreignLanguage{code: code}
		if t, ok := langs[code].(map[string]any); ok {
			if v, ok := t["title"].(string); ok {
				l.title = v
			}
		}
		s.languages = append(s.languages, l)
	}
	if len(langs) > 0 {
		f.Keys = append(f.Keys, fmt.Sprintf("languages (%d)", len(langs)))
	}
	f.TOML = s.bytes()
	return f
}

// zolaFeeds reads the names a Zola site published its feeds under, with
// generate_feeds (generate_feed before Zola 0.19): feed_filenames (or
// feed_filename), atom.xml by default, at the root and in each language's
// folder. It returns the keys it used.
func zolaFeeds(m map[string]any, s *siteTOML) (keys []string) {
	generate := "generate_feeds"
	if _, set := m[generate]; !set {
		generate = "generate_feed"
	}
	if on, _ := m[generate].(bool); !on {
		return nil
	}
	names := []string{"atom.xml"}
	if list, ok := m["feed_filenames"].([]any); ok {
		names = nil
		for _, v := range list {
			if name, ok := v.(string); ok {
				names = append(names, name)
			}
		}
		keys = append(keys, "feed_filenames")
	} else if name, ok := m["feed_filename"].(string); ok {
		names = []string{name}
		keys = append(keys, "feed_filename")
	}
	s.feedFiles = names
	return append([]string{generate}, keys...)
}

func appendOnce(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

func toInt(v any) (int, bool) {
	switch v := v.(type) {
	case int64:
		return int(v), true
	case int:
		return v, true
	case float64:
		return int(v), true
	}
	return 0, false
}
