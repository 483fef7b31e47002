package content

import (
	"fmt"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"kb/builder/diag"
)

// frontMatterKeys are the front matter keys kb knows, as it documents them.
var frontMatterKeys = [...]string{
	"title", "description", "linkTitle", "weight", "tags", "type", "draft", "slug", "aliases", "translationKey",
	"date", "updated", "lastmod", "effective", "translatedFrom", "untranslated", "related", "featured",
	// Hugo's and Zola's keys that decide whether and where a page is
	// published.
	"publishDate", "expiryDate", "headless", "build", "_build", "render", "in_search_index", "url", "path",
	// Zola's: where a section sends its readers instead.
	"redirect_to",
	// An announcement on this page only; Starlight's too (starlight.go).
	"banner",
	// Starlight's, read as kb's weight, linkTitle, updated and search
	// settings (starlight.go).
	"sidebar", "lastUpdated", "pagefind",
	// Docusaurus's, read as kb's weight, linkTitle, unlisted and updated
	// (docusaurus.go).
	"sidebar_position", "sidebar_label", "unlisted", "last_update",
	// Material for MkDocs's, read as kb's search setting (mkdocs.go);
	// VitePress's search: false too.
	"search",
	// GitBook's, read as kb's unlisted (gitbook.go).
	"hidden",
	// Jekyll's and Just the Docs', read as kb's weight, unlisted, search
	// setting, url and aliases (jekyll.go).
	"nav_order", "nav_exclude", "search_exclude", "permalink", "redirect_from",
	// The Hugo documentation themes', read as kb's unlisted, search
	// setting and linkTitle (hugothemes.go).
	"bookHidden", "toc_hide", "bookSearchExclude", "exclude_search", "excludeSearch", "menuTitle",
	// VitePress's and Starlight's home pages: the page's title and
	// introduction (vitepress.go).
	"hero", "features",
	// Out of search engines (robots noindex and the sitemap): kb's own,
	// GitBook's two; out of the sitemap only: Jekyll's sitemap: false and
	// Hugo's sitemap: {disable: true}.
	"noindex", "noRobotsIndex", "sitemap",
}

// lowerFrontMatterKeys are frontMatterKeys in lower case, for canonicalKey.
var lowerFrontMatterKeys = func() (lower [len(frontMatterKeys)]string) {
	for i, k := range frontMatterKeys {
		lower[i] = strings.ToLower(k)
	}
	return lower
}()

// canonicalKey maps a front-matter key, in any letter case as Hugo allows, to
// the name kb documents, or "" when kb does not know it.
func canonicalKey(name string) string {
	if i := slices.Index(lowerFrontMatterKeys[:], strings.ToLower(name)); i >= 0 {
		return frontMatterKeys[i]
	}
	return ""
}

// decode checks each field and fills Meta; every problem is reported at the
// key's line, and the field is left zero. A key kb does not read warns
// unless it is a generator's key kb leaves alone or readByTemplates (nil
// for none) reports that a template of the site reads it.
func decode(file string, fields []field, diags *diag.List, readByTemplates func(key string) bool) (m Meta, untranslated bool) {
	c := checker{file, diags}
	var (
		unknown []field
		// outdented are keys reported as not indented under the table
		// before them: the error says what they are, so they are not also
		// reported unknown.
		outdented = map[int]bool{}
		seen      = map[string]field{}
		lastmod   time.Time
		// blogUpdated is the updated date of Material for MkDocs's
		// date: {created, updated} (blogDate).
		blogUpdated field
		starlight   starlightKeys
		home        homeKeys
	)
	for i, f := range fields {
		key := canonicalKey(f.name)
		if key == "" {
			if !outdented[i] {
				unknown = append(unknown, f)
			}
			if f.empty && i+1 < len(fields) {
				next := fields[i+1]
				if canonicalKey(next.name) == "" && next.col == f.col && next.line > f.line {
					diags.Errorf(file, next.line, next.col, "front matter: %q is not indented under %q, which is left empty (indent the lines that belong to it)", next.name, f.name)
					outdented[i+1] = true
				}
			}
			continue
		}
		if first, dup := seen[key]; dup {
			diags.Errorf(file, f.line, f.col, "front matter: %q repeats the key on line %d", f.name, first.line)
			continue
		}
		seen[key] = f
		m.Lines.set(key, f.line)
		if f.val == nil {
			continue // `key:` with no value is the same as leaving the key out
		}
		switch key {
		case "title":
			m.Title = c.text(f)
		case "description":
			m.Description = c.text(f)
		case "linkTitle":
			m.LinkTitle = c.text(f)
		case "translationKey":
			m.TranslationKey = c.text(f)
		case "translatedFrom":
			m.TranslatedFrom = c.text(f)
		case "weight":
			m.Weight = c.weight(f)
		case "tags":
			m.Tags = c.tags(f)
		case "aliases":
			m.Aliases = c.aliases(f)
		case "related":
			m.Related = c.list(f)
		case "featured":
			if b, ok := c.boolean(f); ok {
				m.Featured = b
			}
		case "type":
			switch s := c.text(f); s {
			case "", "faq", "policy", "article":
				m.Type = s
			default:
				// Hugo's types name layouts (Docsy's docs, blog): a site
				// moved in has them on every page, so they warn rather
				// than stop the build.
				c.diags.Add(diag.WarnAt(c.file, f.line, f.col, "front matter: %q is %q, not a kind of page kb has: read as an article; use faq, policy or article", f.name, s).Of(diag.FrontMatter))
			}
		case "draft":
			if b, ok := c.boolean(f); ok {
				m.Draft = b
			}
		case "untranslated":
			untranslated = c.truthy(f)
		case "slug":
			if s, ok := f.val.(string); ok && isSlugPath(s) {
				c.slugPath(f, s, &m)
			} else {
				m.Slug = c.slug(f)
			}
		case "date":
			if _, blog := f.val.(map[string]any); blog {
				m.Date, blogUpdated = c.blogDate(f)
			} else {
				m.Date = c.date(f)
			}
		case "updated":
			m.Updated = c.date(f)
		case "effective":
			m.Effective = c.date(f)
		case "lastmod":
			lastmod = c.date(f)
		case "publishDate":
			m.PublishDate = c.date(f)
		case "expiryDate":
			m.ExpiryDate = c.date(f)
		case "headless":
			if c.truthy(f) {
				m.NotRendered = f.name + ": true"
			}
		case "render":
			if b, ok := c.boolean(f); ok {
				if !b {
					m.NotRendered = f.name + " = false"
				}
			}
		case "build", "_build":
			if first, dup := seen[other(key)]; dup {
				c.bad(f, "and %q are the same key: keep one", first.name)
				continue
			}
			c.build(f, &m)
		case "in_search_index":
			if b, ok := c.boolean(f); ok {
				m.NoSearch = !b
			}
		case "url", "path":
			if first, dup := seen[other(key)]; dup {
				c.bad(f, "and %q both set the page's old URL: keep one", first.name)
				continue
			}
			m.URL = c.oldURL(f)
		case "redirect_to":
			m.RedirectTo = c.redirectTo(f)
		case "banner":
			c.banner(f, &m)
		case "sidebar":
			if _, ok := f.val.(bool); !ok { // VitePress's sidebar: false only hides its sidebar
				c.sidebar(f, &starlight)
			}
		case "lastUpdated":
			c.lastUpdated(f, &starlight)
		case "sidebar_position", "sidebar_label", "unlisted", "last_update":
			c.docusaurusKey(key, f, &starlight)
		case "pagefind":
			if b, ok := c.generatorBool(f.name, f.val, f.line, f.col); ok {
				m.NoSearch = !b
			}
		case "search":
			if b, ok := f.val.(bool); ok {
				m.NoSearch = !b // VitePress's search: false
			} else {
				c.mkdocsSearch(f, &m)
			}
		case "hidden":
			c.gitbookHidden(f, &starlight)
		case "nav_order", "nav_exclude", "search_exclude", "permalink", "redirect_from":
			c.jekyllKey(key, f, &m, &starlight)
		case "bookHidden", "toc_hide", "bookSearchExclude", "exclude_search", "excludeSearch", "menuTitle":
			c.hugoThemeKey(key, f, &m, &starlight)
		case "noindex", "noRobotsIndex":
			if b, ok := c.boolean(f); ok {
				m.NoIndex = b
			}
		case "sitemap":
			c.sitemap(f, &m)
		case "hero":
			c.hero(f, &home)
		case "features":
			c.featureList(f, &home)
		}
	}
	if f, ok := seen["lastmod"]; ok {
		if _, both := seen["updated"]; !both {
			m.Updated = lastmod
			m.Lines.set("updated", f.line)
		}
	}
	_, updated := seen["updated"]
	if _, lastmodSeen := seen["lastmod"]; !updated && !lastmodSeen && blogUpdated.val != nil {
		m.Updated = c.date(blogUpdated)
		m.Lines.set("updated", blogUpdated.line)
	}
	starlight.apply(&m, seen)
	home.apply(&m, seen)
	m.Params = pageParams(unknown)
	unknown = slices.DeleteFunc(unknown, func(f field) bool {
		return isGeneratorKey(f.name) || readByTemplates != nil && readByTemplates(strings.ToLower(f.name))
	})
	if len(unknown) > 0 {
		names := make([]string, len(unknown))
		for i, f := range unknown {
			names[i] = strconv.Quote(f.name)
		}
		noun, kept, pronoun := "key", "a page param", "it"
		if len(names) > 1 {
			noun, kept, pronoun = "keys", "page params", "them"
		}
		diags.Add(diag.WarnAt(file, unknown[0].line, unknown[0].col, "front matter: unknown %s %s: kept as %s for templates and {{< param >}}, but no template of the site reads %s and kb itself does nothing with %s (a typo?)",
			noun, strings.Join(names, ", "), kept, pronoun, pronoun).Of(diag.UnknownKey))
	}
	return m, untranslated
}

// other names the key of a pair that means the same: Hugo's build and
// _build, Hugo's url and Zola's path.
func other(key string) string {
	switch key {
	case "build":
		return "_build"
	case "_build":
		return "build"
	case "url":
		return "path"
	}
	return "url"
}

// build reads Hugo's build options: render = never (or false, or link)
// keeps the page from being published, list = never (or false) keeps it
// out of lists and search.
func (c checker) build(f field, m *Meta) {
	opts, ok := f.val.(map[string]any)
	if !ok {
		c.bad(f, "must be a table of keys (render, list), not %s", kindOf(f.val))
		return
	}
	for k, v := range opts {
		var never bool
		switch v := v.(type) {
		case bool:
			never = !v
		case string:
			switch strings.ToLower(v) {
			case "never", "link":
				never = true
			case "always", "local":
			default:
				c.bad(f, "%s = %q: use always or never", k, v)
				continue
			}
		default:
			c.bad(f, "%s must be always or never, not %s", k, kindOf(v))
			continue
		}
		switch strings.ToLower(k) {
		case "render":
			if never {
				m.NotRendered = f.name + " render = never"
			}
		case "list":
			m.Unlisted = never
		}
	}
}

// oldURL reads Hugo's url or Zola's path: where the old site published
// the page, a path of this site.
func (c checker) oldURL(f field) string {
	s := c.text(f)
	if s == "" {
		return ""
	}
	if why := badAlias(s); why != "" {
		c.bad(f, "%q %s: use a path of this site like /old-page/", s, why)
		return ""
	}
	return s
}

// redirectTo reads Zola's redirect_to: a path of this site, relative to
// its root, or an http(s) URL. Another scheme (javascript:) or a way out
// of the site (..) is refused.
func (c checker) redirectTo(f field) string {
	s := strings.TrimSpace(c.text(f))
	if s == "" {
		return ""
	}
	if IsWebURL(s) {
		return s
	}
	if why := badAlias(s); why != "" {
		c.bad(f, "%q %s: use a path of this site like docs/start, or an https:// URL", s, why)
		return ""
	}
	return s
}

// IsWebURL reports whether s is an absolute http or https URL with a host.
func IsWebURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// checker reads one file's field values, reporting what is wrong at the
// key's position.
type checker struct {
	file  string
	diags *diag.List
}

func (c checker) bad(f field, format string, args ...any) {
	c.diags.Errorf(c.file, f.line, f.col, "front matter: %q %s", f.name, fmt.Sprintf(format, args...))
}

// text reads a text value. A number or true/false is read as written, with a
// warning: real translated sites have `slug: 1` and `description: 1`, and
// failing a whole build for that helps nobody.
func (c checker) text(f field) string {
	if s, ok := f.val.(string); ok {
		return s
	}
	if !f.hasRaw && !isScalar(f.val) {
		c.bad(f, "must be text, not %s", kindOf(f.val))
		return ""
	}
	s := fmt.Sprint(f.val)
	if f.hasRaw {
		s = f.raw // YAML: exactly as written, "1.50" stays "1.50"
	}
	c.diags.Add(diag.WarnAt(c.file, f.line, f.col, "front matter: %q is not text; read as %q (put it in quotes)", f.name, s).Of(diag.FrontMatter))
	return s
}

func (c checker) list(f field) []string {
	list, ok := f.val.([]any)
	if !ok {
		c.bad(f, "must be a list of text, not %s", kindOf(f.val))
		return nil
	}
	out := make([]string, 0, len(list))
	for _, v := range list {
		s, ok := v.(string)
		if !ok {
			c.bad(f, "must be a list of text, but has %s (put it in quotes)", kindOf(v))
			return nil
		}
		out = append(out, s)
	}
	return out
}

func (c checker) weight(f field) int {
	if n, ok := wholeNumber(f.val); ok {
		return n
	}
	if v, ok := f.val.(string); ok {
		if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil {
			return n
		}
	}
	c.bad(f, "must be a whole number, not %s", kindOf(f.val))
	return 0
}

// truthy reads Hugo's loose booleans (`untranslated: 1`).
func (c checker) truthy(f field) bool {
	switch v := f.val.(type) {
	case bool:
		return v
	case int:
		return v != 0
	case int64:
		return v != 0
	case uint64:
		return v != 0
	case float64:
		return v != 0
	case string:
		switch strings.ToLower(strings.TrimSpace(v)) {
		case "", "0", "false", "no", "off":
			return false
		}
		return true
	}
	c.bad(f, "must be true or false, not %s", kindOf(f.val))
	return false
}

// boolean reads a key that must be true or false, and says so when it is
// anything else.
func (c checker) boolean(f field) (value, ok bool) {
	b, ok := f.val.(bool)
	if !ok {
		c.bad(f, "must be true or false, not %s", kindOf(f.val))
	}
	return b, ok
}

// isSlugPath reports a slug written as a path rather than one segment:
// Docusaurus's "/guides/x", Starlight's "guides/x".
func isSlugPath(s string) bool {
	return strings.HasPrefix(s, "/") && !strings.HasPrefix(s, "//") || strings.Contains(strings.Trim(s, "/"), "/")
}

// slugPath reads a slug written as a path: where the old site served the
// page. In Docusaurus ("/guides/x") it is the page's whole path under the
// docs' root; in Starlight ("guides/x", "ar/guides/x") its path from the
// site root. kb's slug is one segment, so the page keeps its file's
// address and the slug's path, where links written for the old site
// point, redirects to it as an old URL does. "/" made the page the docs'
// home, which in kb is the language folder's _index.md.
func (c checker) slugPath(f field, s string, m *Meta) {
	if strings.Trim(strings.TrimSpace(s), "/") == "" {
		if name, _, _ := strings.Cut(path.Base(c.file), "."); name == "_index" || name == "index" {
			return // renamed as kb init --from docusaurus says
		}
		c.warn(f.line, f.col, "front matter: %q %q made the page its language's home: kb's home is _index.md in the language folder; rename the file to _index.md (ignored)", f.name, s)
		return
	}
	if why := badAlias(s); why != "" {
		c.bad(f, "%q %s: use a path of this site like /old-page/", s, why)
		return
	}
	m.SlugPath = strings.TrimSpace(s)
}

// slug rejects anything that could leave the page's URL folder, written
// plainly or percent-encoded (%2e%2e, %2f), which a server decodes.
func (c checker) slug(f field) string {
	s := c.text(f)
	if s == "" && f.val != "" {
		return "" // not text: reported
	}
	dec, err := url.PathUnescape(s)
	if err != nil {
		dec = s
	}
	switch {
	case strings.TrimSpace(s) == "":
		c.bad(f, "is empty")
	case strings.ContainsAny(dec, `/\`):
		c.bad(f, "%q has a slash: a slug is one URL segment (use aliases for old URLs)", s)
	case dec == "." || strings.Contains(dec, ".."):
		c.bad(f, "%q has \"..\" or is \".\"", s)
	case strings.ContainsFunc(s, unicode.IsControl):
		c.bad(f, "%q has a control character", s)
	case strings.ContainsAny(s, "?#"):
		// Where links put the slug, "?" or "#" would end the URL's path
		// and readers would get a 404; Hugo and Zola drop them too.
		kept := strings.TrimSpace(strings.Map(func(r rune) rune {
			if r == '?' || r == '#' {
				return -1
			}
			return r
		}, s))
		if kept == "" {
			c.bad(f, "%q has only \"?\" and \"#\", which cannot be in a URL's path", s)
			return ""
		}
		c.diags.Add(diag.WarnAt(c.file, f.line, f.col, "front matter: %q %q has \"?\" or \"#\", which would end the URL's path: read as %q (remove them)", f.name, s, kept).Of(diag.FrontMatter))
		return kept
	default:
		return s
	}
	return ""
}

// aliases keeps the old URLs that are paths of this site; a scheme
// (https:, javascript:), another host (//host/x) or a way out (../..),
// plain or percent-encoded, would make the redirect page an open redirect
// or write outside the output folder.
func (c checker) aliases(f field) []string {
	list := c.list(f)
	out := list[:0]
	for _, a := range list {
		if why := badAlias(a); why != "" {
			c.bad(f, "alias %q %s: use a path of this site like /en/old-page/", a, why)
			continue
		}
		// A web server decodes the request before it looks for the
		// folder, so the redirect goes where the decoded path is.
		if dec, err := url.PathUnescape(a); err == nil {
			a = dec
		}
		out = append(out, a)
	}
	return out
}

var urlScheme = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:`)

func badAlias(a string) string {
	dec, err := url.PathUnescape(a)
	if err != nil {
		return "is not a valid URL path"
	}
	switch {
	case strings.TrimSpace(a) == "":
		return "is empty"
	case strings.ContainsFunc(dec, unicode.IsControl):
		return "has a control character"
	case strings.ContainsAny(dec, `\`):
		return "has a backslash"
	case urlScheme.MatchString(a) || urlScheme.MatchString(dec):
		return "has a scheme"
	case strings.HasPrefix(a, "//") || strings.HasPrefix(dec, "//"):
		return "points at another host"
	case strings.ContainsAny(dec, "?#"):
		return "has a query or fragment"
	case slices.Contains(strings.Split(dec, "/"), ".."):
		return "leaves the site (..)"
	}
	return ""
}

// date reads a native TOML or YAML date, or text in one of a few forms; a
// date without a zone is UTC.
func (c checker) date(f field) time.Time {
	if t, ok := parseDate(f.val); ok {
		return t
	}
	if v, ok := f.val.(string); ok {
		c.bad(f, "is %q: write a date as 2006-01-02, 2006-01-02 15:04:05 or 2006-01-02T15:04:05Z07:00", v)
		return time.Time{}
	}
	c.bad(f, "must be a date like 2006-01-02, not %s", kindOf(f.val))
	return time.Time{}
}

// parseDate reads a native date, or text in one of the forms date reads.
func parseDate(v any) (time.Time, bool) {
	switch v := v.(type) {
	case time.Time:
		return fixedZone(v), true
	case string:
		s := strings.TrimSpace(v)
		for _, layout := range []string{"2006-01-02", time.RFC3339Nano, "2006-01-02 15:04:05", "2006-01-02T15:04:05"} {
			if t, err := time.Parse(layout, s); err == nil {
				return fixedZone(t), true
			}
		}
	}
	return time.Time{}, false
}

// fixedZone keeps a date's written offset but not the machine's zone, which
// time.Parse picks when the offsets happen to match: the same input must
// give the same output on every machine.
func fixedZone(t time.Time) time.Time {
	_, offset := t.Zone()
	if offset == 0 {
		return t.UTC()
	}
	return t.In(time.FixedZone("", offset))
}

func isScalar(v any) bool {
	switch v.(type) {
	case int, int64, uint64, float64, bool:
		return true
	}
	return false
}

// kindOf names a value's type the way a writer thinks of it.
func kindOf(v any) string {
	switch v := v.(type) {
	case nil:
		return "empty"
	case string:
		return fmt.Sprintf("the text %q", v)
	case bool:
		return fmt.Sprintf("%t", v)
	case int, int64, uint64:
		return fmt.Sprintf("the number %d", v)
	case float64:
		return fmt.Sprintf("the number %g", v)
	case time.Time:
		return "a date"
	case localTime:
		return fmt.Sprintf("the time of day %s", string(v))
	case []any, []map[string]any:
		return "a list"
	case map[string]any, map[any]any:
		return "a table of keys"
	}
	return fmt.Sprintf("a %T", v)
}

// sitemap reads whether a page is left out of the sitemap as the
// generators write it: Jekyll's sitemap: false, Hugo's sitemap: {disable:
// true} (its changefreq and priority, which kb does not write, are left
// alone).
func (c checker) sitemap(f field, m *Meta) {
	if b, ok := f.val.(bool); ok {
		m.NoSitemap = !b
		return
	}
	c.table(f, "disable, changefreq, priority", func(k, name string, v any, line, col int) {
		switch k {
		case "disable":
			if b, ok := c.generatorBool(name, v, line, col); ok {
				m.NoSitemap = b
			}
		case "changefreq", "priority":
		default:
			c.warn(line, col, "front matter: unknown key %q (ignored)", name)
		}
	})
}
