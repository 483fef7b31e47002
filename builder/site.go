package builder

import (
	"cmp"
	"maps"
	"net/url"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"kb/builder/config"
	"kb/builder/content"
	"kb/builder/diag"
	"kb/builder/locale"
	"kb/search/analytics"
)

// site is the resolved model of one build: which page appears in which
// language (its own translation or a fallback), at which URL.
type site struct {
	cfg      *config.Config
	basePath string // URL path prefix of the site, "/" or "/help/"
	absBase  string // scheme and host, "https://help.example" (no trailing slash)
	langs    []*langSite
	byCode   map[string]*langSite
	groups   []*group
	// pathGroup maps a language and a logical path to the translation group
	// of the page with that path, for link resolution.
	pathGroup map[string]map[string]*group
	// names maps a language and a page's name (the last part of its
	// logical path) to its group, for refs by name; made at the first.
	names struct {
		once   sync.Once
		byLang map[string]map[string]*group
	}
	// folded maps a language and a logical path in folded letter case
	// (foldCase) to its group, for Hugo's GetPage, which finds pages in
	// any letter case; made at the first.
	folded struct {
		once   sync.Once
		byLang map[string]map[string]*group
	}
	// byPath maps site paths below the base path ("ar/faq/returns/") to
	// pages, for links written as URLs.
	byPath map[string]*page
	// redirectsTo are the old addresses [redirects] in site.toml gives
	// each page (siteRedirects).
	redirectsTo map[*page][]alias
	// redirectedFrom finds the page of an old address in [redirects] by
	// its path ("docs/x" for "/docs/x/" or "/docs/x.html"), so that a link
	// to the file a page was moved from still reaches it.
	redirectedFrom map[string]*group
	// history holds the last commit date of each file, by path in the
	// site folder; nil outside a git checkout.
	history map[string]time.Time
	// clicks lists the pages most opened from search, by language, from
	// the analytics data; nil without data.
	clicks map[string][]analytics.PageClicks
	// relatedCache, when set, holds the related articles the last build
	// computed (kb build with the build cache only).
	relatedCache *relatedCache
	// withheld says why each page left unpublished is (a draft, its
	// publishDate to come, ...), by file, for links to it.
	withheld map[string]string
	// headless are the pages kept from being published only because they
	// are not rendered, by language and logical path: templates find
	// them (pageFinder).
	headless map[string]map[string]*content.Page
	// nextChange is when a publishDate or expiryDate next passes, or the
	// announcement appears or goes: the build is not up to date from then
	// on. Zero for none.
	nextChange time.Time
	// announcementChange is when the [announcement] next appears or
	// goes, which changes every page: zero for never.
	announcementChange time.Time
	// now is the moment the site is published for.
	now time.Time
}

// group is one page and its translations (pages with the same kind and key).
type group struct {
	id    string // kind and key: stable across rebuilds
	kind  content.Kind
	key   string
	pages map[string]*content.Page // own, translated pages by language
}

// source returns the page a language shows for this group: its own
// translation, or the default language's page as a fallback.
func (g *group) source(lang string, def string, fallback bool) (*content.Page, bool) {
	if p := g.pages[lang]; p != nil {
		return p, false
	}
	if fallback && g.pages[def] != nil {
		return g.pages[def], true
	}
	return nil, false
}

// langSite is everything about one language of the site.
type langSite struct {
	lang     config.Language
	loc      *locale.Locale
	prefix   string // the language's folder below the base path: "pt-br/", or "" at the root
	home     *page
	pages    []*page // every page shown in this language, sorted by URL
	byGroup  map[*group]*page
	sections map[string]*section // every section, top-level and nested, by name
	order    []*section          // top-level sections sorted by weight, then title
	loose    []*page             // articles outside any section
}

// section is a section of one language: its page and its articles, sorted,
// shared by every page of the section so navigation is built once. A
// section whose _index.md lies deeper than a language's top folder is
// nested in the section of the nearest folder above it that has one.
type section struct {
	name     string // its folder's logical path: "android", "android/solving-problems"
	page     *page
	articles []*page    // every listed article below its folder, by weight
	parent   *section   // the section it is nested in; nil for a top-level one
	children []*section // the sections nested in it, by weight
}

// holds reports whether p is listed in sec: in it or in a section nested
// in it.
func (sec *section) holds(p *page) bool {
	for in := p.within; in != nil; in = in.parent {
		if in == sec {
			return true
		}
	}
	return false
}

// navSection is the section whose navigation a page shows beside it: the
// innermost section it is in, so that an article in a nested section lists
// its neighbours rather than the first articles of its top-level section;
// a section page's own.
func (p *page) navSection() *section {
	if p.within != nil {
		return p.within
	}
	return p.section
}

// page is one page as shown in one language.
type page struct {
	lang     *langSite
	g        *group
	src      *content.Page
	fallback bool
	weight   int // its place among its section's (site.weight)
	title    string
	sortKey  string // lowercased title, computed once for sorting
	typ      pageKind
	url      string // site path with base path: "/help/ar/faq/returns/"
	out      string // output file: "ar/faq/returns/index.html"
	// section is an article's top-level section, a section page's own.
	// within is the innermost section the page is in, whose parents its
	// breadcrumbs name, and whose navigation it shows (navSection).
	section *section
	within  *section
	related []*page // related articles, most related first
	prev    *page   // the previous and next article of the section, by weight
	next    *page
}

// newSite groups pages into translations and decides what each language
// shows.
func newSite(cfg *config.Config, pages []*content.Page, catalog *locale.Catalog, ds *diag.List) *site {
	return newSiteCached(cfg, pages, catalog, ds, nil, time.Now())
}

// newSiteCached is newSite taking related articles from rc where their
// inputs did not change (nil: computing them all), publishing what is
// published at now.
func newSiteCached(cfg *config.Config, pages []*content.Page, catalog *locale.Catalog, ds *diag.List, rc *relatedCache, now time.Time) *site {
	u, _ := url.Parse(cfg.BaseURL)
	s := &site{
		relatedCache: rc,
		cfg:          cfg,
		basePath:     "/",
		byCode:       map[string]*langSite{},
		pathGroup:    map[string]map[string]*group{},
	}
	if u != nil {
		if u.Path != "" {
			s.basePath = strings.TrimSuffix(u.Path, "/") + "/"
		}
		if u.Host != "" {
			s.absBase = u.Scheme + "://" + u.Host
		}
	}

	// A group per page in one language, as a rule: the maps by group and
	// by path are made about that size.
	perLang := len(pages) / max(len(cfg.Order), 1)
	byKey := make(map[string]*group, perLang)
	withheld := content.Withheld(pages, now)
	s.withheld = make(map[string]string, len(withheld))
	for p, why := range withheld {
		s.withheld[p.File] = why
		if p.Headless(now) {
			if s.headless == nil {
				s.headless = map[string]map[string]*content.Page{}
			}
			if s.headless[p.Lang] == nil {
				s.headless[p.Lang] = map[string]*content.Page{}
			}
			s.headless[p.Lang][p.Path] = p
		}
	}
	s.now = now
	s.nextChange = content.NextChange(pages, now)
	if t := cfg.AnnouncementChange(now); !t.IsZero() {
		s.announcementChange = t
		if s.nextChange.IsZero() || t.Before(s.nextChange) {
			s.nextChange = t
		}
	}
	for _, p := range pages {
		if withheld[p] != "" || p.Untranslated {
			continue
		}
		k := string(rune('0'+p.Kind)) + "\x00" + p.Key
		g := byKey[k]
		if g == nil {
			g = &group{id: k, kind: p.Kind, key: p.Key, pages: map[string]*content.Page{}}
			byKey[k] = g
			s.groups = append(s.groups, g)
		}
		if other := g.pages[p.Lang]; other != nil {
			ds.Errorf(p.File, p.Meta.Lines.Of("translationKey"), 0, "two %s pages share translation %q: this one and %s; give one a different translationKey", p.Lang, p.Key, other.File)
			continue
		}
		g.pages[p.Lang] = p
		if s.pathGroup[p.Lang] == nil {
			s.pathGroup[p.Lang] = make(map[string]*group, perLang)
		}
		s.pathGroup[p.Lang][p.Path] = g
	}
	slices.SortFunc(s.groups, func(a, b *group) int {
		return cmp.Or(cmp.Compare(a.kind, b.kind), strings.Compare(a.key, b.key))
	})

	def := cfg.DefaultLanguage
	for _, code := range cfg.Order {
		l := cfg.Languages[code]
		ls := &langSite{lang: l, loc: catalog.For(code), prefix: s.urlCase(l.Segment) + "/", byGroup: make(map[*group]*page, len(s.groups)), sections: map[string]*section{}}
		if code == def && !cfg.DefaultInSubdir() {
			ls.prefix = ""
		}
		s.langs = append(s.langs, ls)
		s.byCode[code] = ls
	}
	// Each language's pages are made and placed apart, on all cores: they
	// read the groups and write only their language's.
	var wg sync.WaitGroup
	for _, ls := range s.langs {
		wg.Go(func() {
			s.makePages(ls, def)
			s.place(ls, ds)
		})
	}
	wg.Wait()
	s.indexPaths(ds)
	s.relate(ds)
	return s
}

// makePages makes a page in ls for every group it shows: the group's page
// in that language, or the default language's (def) as its fallback.
func (s *site) makePages(ls *langSite, def string) {
	code, fallsBack := ls.lang.Code, ls.lang.FallsBack()
	block := make([]page, 0, len(s.groups)) // one allocation for the language
	for _, g := range s.groups {
		src, fb := g.source(code, def, fallsBack)
		if src == nil {
			continue
		}
		block = append(block, page{lang: ls, g: g, src: src, fallback: fb})
		p := &block[len(block)-1]
		p.title = pageTitle(src)
		p.weight = s.weight(src, src.Path)
		if p.title == "" {
			// Zola and Hugo need no title on a section's or the home
			// page's _index.md (one that only redirects, or sorts its
			// pages): it has the one kb gives a section without one.
			switch src.Kind {
			case content.Section:
				p.title = humanize(s.unnumbered(src.Path))
			case content.Home:
				p.title = ls.lang.Title
			}
		}
		p.sortKey = strings.ToLower(p.title)
		ls.byGroup[g] = p
		ls.pages = append(ls.pages, p)
	}
}

// place assigns URLs, output paths, types and sections to a language's pages.
func (s *site) place(ls *langSite, ds *diag.List) {
	prefix := ls.prefix
	for _, p := range ls.pages {
		logical := s.pagePath(p, ds)
		rel := prefix
		if logical != "" {
			rel += logical + "/"
		}
		p.url = s.basePath + rel
		p.out = rel + "index.html"
		switch p.src.Kind {
		case content.Home:
			p.typ = kindHome
			ls.home = p
		case content.Section:
			p.typ = kindSection
			sec := ls.section(p.src.Path)
			sec.page = p
			p.section, p.within = sec, sec
		default:
			switch {
			case p.src.Section == "":
				if !p.src.Meta.Unlisted {
					ls.loose = append(ls.loose, p)
				}
			case p.src.Meta.Unlisted:
				p.section = ls.section(p.src.Section)
				p.within = p.section
			default:
				sec := ls.section(p.src.Section)
				sec.articles = append(sec.articles, p)
				p.section, p.within = sec, sec
			}
		}
	}
	ls.nest()
	for _, p := range ls.pages {
		if p.src.Kind == content.Article {
			p.typ = s.pageType(ls, p)
		}
	}
	// Sections with articles but no _index page still get a section page,
	// unless a page already lives at that path (Zola's donate/index.md with
	// donate/thanks/index.md below it): that page heads the section.
	byOut := make(map[string]*page, len(ls.pages))
	for _, p := range ls.pages {
		byOut[p.out] = p
	}
	for name, sec := range ls.sections {
		if sec.page == nil {
			if head := byOut[prefix+s.urlCase(s.unnumbered(name))+"/index.html"]; head != nil {
				sec.page = head
				slices.SortFunc(sec.articles, byWeight)
				// A page that its section's [permalinks] pattern put at
				// the section's own address heads it, but not as its
				// writer meant.
				if pat, top, ok := s.permalinkOf(head.src); ok && head.src.Kind == content.Article && !head.fallback && head.src.File != "" {
					ds.Add(diag.WarnAt(head.src.File, 1, 0, "%s's [permalinks] %s = %q gives this page the address of its section, %s: it is shown as the section's page; give the section an _index.md, or change the pattern or the page's title or slug",
						s.cfg.ConfigFile(), top, pat, head.url))
				}
				continue
			}
			p := s.untranslatedSection(ls, name, sec)
			if p == nil {
				p = &page{lang: ls, title: humanize(s.unnumbered(name)), weight: s.weight(nil, name), typ: kindSection, section: sec}
				p.sortKey = strings.ToLower(p.title)
				p.src = &content.Page{Kind: content.Section, Path: name, Section: name, Lang: ls.lang.Code, Key: name}
			}
			p.within = sec
			folder := s.pagePath(p, ds) // where [permalinks.section] puts it
			p.url = s.basePath + prefix + folder + "/"
			p.out = prefix + folder + "/index.html"
			sec.page = p
			ls.pages = append(ls.pages, p)
		}
		slices.SortFunc(sec.articles, byWeight)
	}
	if ls.home == nil {
		p := &page{lang: ls, title: ls.lang.Title, sortKey: strings.ToLower(ls.lang.Title), typ: kindHome}
		p.src = &content.Page{Kind: content.Home, Lang: ls.lang.Code}
		p.url = s.basePath + prefix
		p.out = prefix + "index.html"
		ls.home = p
		ls.pages = append(ls.pages, p)
	}
	bySectionWeight := func(a, b *section) int { return byWeight(a.page, b.page) }
	for _, sec := range ls.sections {
		if sec.parent == nil {
			ls.order = append(ls.order, sec)
		}
		slices.SortFunc(sec.children, bySectionWeight)
	}
	slices.SortFunc(ls.order, bySectionWeight)
	for _, sec := range ls.sections {
		if len(sec.children) > 0 {
			sec.articles = sec.inFolderOrder(make([]*page, 0, len(sec.articles)))
		}
	}
	slices.SortFunc(ls.loose, byWeight)
	slices.SortFunc(ls.pages, func(a, b *page) int { return strings.Compare(a.out, b.out) })

	// Two pages at one URL, or a page where kb writes its own files:
	// report it once, at the page that has a slug (fallback copies repeat
	// the default language's clash, so they stay quiet), and render only
	// the first page, and none where kb writes, so the build fails with the
	// diagnostic rather than with the output's "two outputs claim".
	feeds := map[string]*page{} // the page of each feed, by the output path of a page there
	for _, p := range ls.pages {
		if s.hasFeed(p) {
			for _, name := range s.cfg.Feeds.Files() {
				out, _ := feedAt(p, name)
				feeds[out+"/index.html"] = p
			}
		}
	}
	seen := map[string]*page{}
	kept := ls.pages[:0]
	for _, p := range ls.pages {
		what := kbWrites(prefix, p.out)
		if q := feeds[p.out]; q != nil && what == "" {
			what = "the feed kb writes for " + q.url
		}
		if what != "" {
			if !p.fallback { // a fallback repeats the default language's page
				reportKBPath(ds, ls, p, what)
			}
			continue
		}
		q := seen[p.out]
		if q == nil {
			seen[p.out] = p
			kept = append(kept, p)
			continue
		}
		if p.fallback && q.fallback {
			continue
		}
		at := p
		if p.fallback || (!q.fallback && q.src.Meta.Lines.Of("slug") > 0 && p.src.Meta.Lines.Of("slug") == 0) {
			at = q
		}
		ds.Errorf(at.src.File, at.src.Meta.Lines.Of("slug"), 0, "%s and %s both publish %s: %s", q.src.File, p.src.File, p.url, s.clashFix(at))
	}
	ls.pages = kept
}

// reportKBPath reports a page that would publish where kb writes its own
// files (what, see kbWrites): at its slug, else at its file, else (a
// section page kb makes for a folder without _index.md) at the first
// page in its section.
func reportKBPath(ds *diag.List, ls *langSite, p *page, what string) {
	if line := p.src.Meta.Lines.Of("slug"); line > 0 {
		ds.Errorf(p.src.File, line, 0, "publishes %s, which would be %s: change its slug", p.url, what)
		return
	}
	if p.src.File != "" {
		ds.Errorf(p.src.File, 1, 0, "publishes %s, which would be %s: rename its file or folder, or give it a slug", p.url, what)
		return
	}
	for _, in := range ls.pages {
		if in.section == p.section && in.src.File != "" && !in.fallback {
			ds.Errorf(in.src.File, 1, 0, "is in section %q, whose page would publish %s, %s: rename the section's folder, or give it an _index.md with a slug", p.section.name, p.url, what)
			return
		}
	}
}

// inFolderOrder appends sec's articles in the order its folder shows them,
// as a Docusaurus sidebar does: its own articles and its nested sections by
// weight, each nested section's articles in its place. A section's
// previous and next articles follow that order.
func (sec *section) inFolderOrder(out []*page) []*page {
	children := sec.children
	for _, p := range sec.articles { // by weight
		if p.within != sec {
			continue
		}
		for len(children) > 0 && byWeight(children[0].page, p) < 0 {
			out = children[0].inFolderOrder(out)
			children = children[1:]
		}
		out = append(out, p)
	}
	for _, child := range children {
		out = child.inFolderOrder(out)
	}
	return out
}

// nest puts each nested section in the section of the nearest folder
// above it that has one (its top-level section has one, made here if no
// article made it), and lists each listed article in the nested sections
// it is below as well as in its top-level section.
func (ls *langSite) nest() {
	names := slices.Sorted(maps.Keys(ls.sections)) // parents first
	for _, name := range names {
		sec := ls.sections[name]
		if !strings.Contains(name, "/") {
			continue
		}
		sec.parent = ls.enclosing(name)
		sec.parent.children = append(sec.parent.children, sec)
	}
	for _, p := range ls.pages {
		if p.src.Kind != content.Article || p.section == nil {
			continue
		}
		p.within = ls.enclosing(p.src.Path)
		if p.src.Meta.Unlisted {
			continue
		}
		for in := p.within; in.parent != nil; in = in.parent {
			in.articles = append(in.articles, p)
		}
	}
}

// enclosing returns the section of the nearest folder above logical path
// name that has a section, or of its first folder, made if need be.
func (ls *langSite) enclosing(name string) *section {
	for dir := path.Dir(name); strings.Contains(dir, "/"); dir = path.Dir(dir) {
		if sec := ls.sections[dir]; sec != nil {
			return sec
		}
	}
	first, _, _ := strings.Cut(name, "/")
	return ls.section(first)
}

func (ls *langSite) section(name string) *section {
	sec := ls.sections[name]
	if sec == nil {
		sec = &section{name: name}
		ls.sections[name] = sec
	}
	return sec
}

// pageType resolves an article's type: its own front matter, else that of
// the innermost section page around it that has one, else "faq" for a
// page in a folder named faq at any depth, else "article".
func (s *site) pageType(ls *langSite, p *page) pageKind {
	if t := p.src.Meta.Type; t != "" {
		return pageKind(t)
	}
	for in := p.within; in != nil; in = in.parent {
		if in.page != nil && in.page.src.Meta.Type != "" {
			return pageKind(in.page.src.Meta.Type)
		}
	}
	if p.src.Section != "" {
		// A section page may exist only in the default language.
		if g := s.pathGroup[s.cfg.DefaultLanguage][p.src.Section]; g != nil && g.kind == content.Section {
			if sp := g.pages[s.cfg.DefaultLanguage]; sp != nil && sp.Meta.Type != "" {
				return pageKind(sp.Meta.Type)
			}
		}
	}
	// A folder named faq holds questions, at the top (faq/) or deeper
	// (ios/faq/, a product's own).
	if dir := path.Dir(p.src.Path); dir == "faq" || strings.HasPrefix(dir, "faq/") || strings.HasSuffix(dir, "/faq") || strings.Contains(dir, "/faq/") {
		return kindFAQ
	}
	return kindArticle
}

// pageKind is what a page is. It names the page's layout in the theme and
// its search documents' kind, and decides what a rebuild renders with it.
type pageKind string

const (
	kindHome    pageKind = "home"
	kindSection pageKind = "section"
	kindArticle pageKind = "article"
	kindFAQ     pageKind = "faq"
	kindPolicy  pageKind = "policy"
)

// byWeight orders pages as Hugo does: weighted pages first by weight, then
// the rest, each by title.
func byWeight(a, b *page) int {
	wa, wb := a.weight, b.weight
	switch {
	case wa != 0 && wb == 0:
		return -1
	case wa == 0 && wb != 0:
		return 1
	}
	return cmp.Or(cmp.Compare(wa, wb), strings.Compare(a.sortKey, b.sortKey), strings.Compare(a.url, b.url))
}

// resolveLink returns the function that rewrites a Markdown link to another
// content file into the URL of that page as shown in the language being
// rendered.
// seen is told the group each link resolves to (nil for none), so rebuilds
// know which pages depend on which.
func (s *site) resolveLink(ls *langSite, src *content.Page, seen func(*group)) func(dest string) (string, bool) {
	return func(dest string) (string, bool) {
		// The query and fragment follow the page's URL as written
		// ("x.md?h=tabs#tabs", a search highlight as MkDocs sites link).
		target, suffix := dest, ""
		if i := strings.IndexAny(dest, "?#"); i >= 0 {
			target, suffix = dest[:i], strings.TrimSuffix(dest[i:], "#")
		}
		if unescaped, err := url.PathUnescape(target); err == nil {
			target = unescaped
		}
		var logical string
		switch {
		case strings.HasPrefix(target, "@/"):
			logical = strings.TrimPrefix(target, "@/")
		case strings.HasPrefix(target, "/"):
			logical = strings.TrimPrefix(target, "/")
		default:
			logical = path.Join(sourceDir(src), target)
			if strings.HasPrefix(logical, "../") {
				// Out of the language's pages: another language's file?
				if p := s.languageFolderPage(src, target); p != nil {
					seen(p.g)
					return p.url + suffix, true
				}
			}
		}
		logical = logicalPath(logical)
		if strings.HasPrefix(logical, "..") {
			seen(nil)
			return dest, false
		}
		g := s.findGroup(src.Lang, logical)
		if dir, base := path.Split(logical); g == nil && strings.EqualFold(base, "README") {
			// GitBook's page of a folder is its README.md, kb's its
			// _index.md (kb init --from gitbook renames them).
			g = s.findGroup(src.Lang, strings.TrimSuffix(dir, "/"))
		}
		if g == nil {
			g = s.redirectedFrom[logical]
		}
		seen(g)
		if g == nil {
			return dest, false
		}
		p := ls.byGroup[g]
		if p == nil {
			// The language omits the page (fallback off): link to the page
			// in the default language rather than to nothing.
			p = s.byCode[s.cfg.DefaultLanguage].byGroup[g]
			if p == nil {
				return dest, false
			}
		}
		return p.url + suffix, true
	}
}

// languageFolderPage finds the page of the Markdown file that a relative
// link climbing out of its language's folder names on disk, as a writer
// links the Greek page from an English one in content/<lang>/ folders
// ("../../el/faq/general.md" from content/en/faq/): that language's page.
func (s *site) languageFolderPage(src *content.Page, target string) *page {
	if !content.IsMarkdownName(target) || strings.HasPrefix(target, "/") {
		return nil
	}
	file := path.Join(path.Dir(src.File), target)
	lang, _, logical, ok := content.Classify(file, s.cfg)
	ls := s.byCode[lang]
	if !ok || ls == nil {
		return nil
	}
	g := s.pathGroup[lang][logical]
	if g == nil || g.pages[lang] == nil || g.pages[lang].File != file {
		return nil
	}
	return ls.byGroup[g]
}

func (s *site) findGroup(lang, logical string) *group {
	if g := s.pathGroup[lang][logical]; g != nil {
		return g
	}
	if g := s.pathGroup[s.cfg.DefaultLanguage][logical]; g != nil {
		return g
	}
	for _, code := range s.cfg.Order {
		if g := s.pathGroup[code][logical]; g != nil {
			return g
		}
	}
	return nil
}

// sourceDir is the folder a page's relative links start from, as a logical
// path: "faq" for content/ar/faq/x.md and content/faq/x.ar.md, "faq/x" for
// the bundle content/faq/x/index.ar.md.
func sourceDir(p *content.Page) string {
	base := path.Base(p.File)
	if strings.HasPrefix(base, "index.") || p.Kind != content.Article {
		return p.Path
	}
	return path.Dir(p.Path)
}

// logicalPath turns a content file path ("faq/x.ar.md", "faq/x/index.md",
// "faq/_index.md") into the logical path of its page ("faq/x", "faq").
func logicalPath(p string) string {
	p = strings.TrimPrefix(path.Clean("/"+p), "/")
	if content.IsMarkdownName(p) {
		p = strings.TrimSuffix(p, path.Ext(p))
	}
	dir, base := path.Split(p)
	base, _ = content.LanguageSuffix(base) // "x.ar" is x; "mkdocs-2.0" and "notes.v2" are themselves
	if base == "index" || base == "_index" {
		return strings.TrimSuffix(dir, "/")
	}
	return dir + base
}

// pageTitle is the front matter title, else the first Markdown heading.
func pageTitle(p *content.Page) string {
	return cmp.Or(p.Meta.Title, p.Heading)
}

// untranslatedSection makes the default language's page of section name
// a fallback page in ls, for a language that has articles there
// but does not fall back to untranslated pages: the section keeps its
// title and is marked untranslated, rather than being named after its
// folder. It returns nil when the default language has no such page.
func (s *site) untranslatedSection(ls *langSite, name string, sec *section) *page {
	g := s.pathGroup[s.cfg.DefaultLanguage][name]
	if g == nil || g.kind != content.Section || ls.byGroup[g] != nil {
		return nil
	}
	src := g.pages[s.cfg.DefaultLanguage]
	p := &page{lang: ls, g: g, src: src, fallback: true, title: pageTitle(src), weight: s.weight(src, name), typ: kindSection, section: sec}
	if p.title == "" {
		p.title = humanize(s.unnumbered(name))
	}
	p.sortKey = strings.ToLower(p.title)
	ls.byGroup[g] = p
	return p
}

// humanize makes a title from a folder name: "getting-started" → "Getting started".
func humanize(name string) string {
	name = strings.ReplaceAll(path.Base(name), "-", " ")
	if name == "faq" {
		return "FAQ"
	}
	if name == "" {
		return name
	}
	r := []rune(name)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

// calloutName finds the callout names of site.toml's [callouts] for a
// page whose text is in lang: a title given there is the default
// language's, so a page in another language shows the kind's title in
// its own (kindTitle). Nil when there are none.
func (s *site) calloutName(lang string, kindTitle func(kind string) string) func(name string) (kind, title string, ok bool) {
	if len(s.cfg.Callouts) == 0 {
		return nil
	}
	return func(name string) (string, string, bool) {
		c, ok := s.cfg.Callouts[name]
		if !ok {
			return "", "", false
		}
		if c.Title != "" && lang != s.cfg.DefaultLanguage {
			return c.Kind, kindTitle(c.Kind), true
		}
		return c.Kind, c.Title, true
	}
}
