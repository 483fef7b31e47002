package builder

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"

	"kb/builder/content"
	"kb/builder/markdown"
)

// Hugo's GetPage for a page's shortcode templates (markdown/getpage.go):
// the pages of the language the text is in, by Hugo's path rules. As in
// Hugo, a draft, a page out of its dates and another language's page are
// not found (kb's fallback pages are another language's text); a page
// that is not rendered (headless, build render = never) is. What a
// template read of another page is a dependency of the page: kb serve
// renders it again when that page changes or goes (its file is recorded
// as one the page looked up), or when a page appears (as for a link that
// found nothing); the build cache records each lookup and its answer's
// digest, and renders the page again when a lookup answers otherwise.

// pageFinder answers the GetPage calls of one page's templates.
type pageFinder struct {
	r  *renderer
	ls *langSite // the language of the text
	// seen and seenFile record what the page depends on (renderPage).
	seen     func(*group)
	seenFile func(string)
	// calls, when set, records each lookup for the build cache.
	calls *[]resolveCall
}

// Kinds of resolveCall a pageFinder records: a GetPage, and a section's
// pages read.
const (
	callGetPage  = 'g'
	callChildren = 'c'
)

// getPage is markdown.Document.GetPage.
func (f *pageFinder) getPage(from *markdown.HugoPage, ref string) *markdown.HugoPage {
	dir, relative := "", from != nil
	if relative {
		dir = from.Dir
	}
	src, p := f.lookUp(dir, relative, ref)
	if f.calls != nil {
		*f.calls = append(*f.calls, resolveCall{Kind: callGetPage, Dest: getPageDest(dir, relative, ref), URL: f.digest(src, p), OK: src != nil || p != nil})
	}
	if src == nil && p == nil {
		return nil
	}
	return f.hugoPage(src, p)
}

// lookUp is find, recording what the page now depends on: the page found,
// or, when none is, the pages written later.
func (f *pageFinder) lookUp(dir string, relative bool, ref string) (*content.Page, *page) {
	src, p := f.find(dir, relative, ref)
	switch {
	case p != nil && p.g != nil:
		f.seen(p.g)
	case src == nil && p == nil:
		f.seen(nil)
	}
	if src != nil {
		f.seenFile(src.File)
	}
	return src, p
}

// self is markdown.Document.Page: p as templates read it, made once.
func (f *pageFinder) self(p *page) func() *markdown.HugoPage {
	var h *markdown.HugoPage
	return func() *markdown.HugoPage {
		if h == nil {
			h = f.hugoPage(p.src, p)
		}
		return h
	}
}

// getPageDest is how the build cache records a lookup.
func getPageDest(dir string, relative bool, ref string) string {
	mode := "site"
	if relative {
		mode = "page"
	}
	return mode + "\x00" + dir + "\x00" + ref
}

// replay answers a recorded lookup again, as it is recorded, and records
// what the page depends on as the lookup did.
func (f *pageFinder) replay(c resolveCall) (string, bool) {
	if c.Kind == callChildren {
		sec := f.ls.sections[c.Dest]
		if sec == nil && c.Dest != "" { // "": the home page's
			return "", false
		}
		f.listChildren(sec)
		return f.childrenDigest(sec), true
	}
	mode, rest, _ := strings.Cut(c.Dest, "\x00")
	dir, ref, _ := strings.Cut(rest, "\x00")
	src, p := f.lookUp(dir, mode == "page", ref)
	return f.digest(src, p), src != nil || p != nil
}

// find is the page at ref in Hugo's order: relative to dir when
// relative (Hugo's .Page.GetPage) and ref does not start with "/"; then,
// unless ref starts with ".", from the content root; then, for
// site.GetPage and a ref without a slash, the one page of the language
// with that name. A published page comes as p; a page that is not
// rendered as its source alone.
func (f *pageFinder) find(dir string, relative bool, ref string) (*content.Page, *page) {
	ref = strings.TrimSuffix(strings.TrimSpace(ref), "/")
	var cands []string
	if relative && !strings.HasPrefix(ref, "/") {
		cands = append(cands, path.Join(dir, ref))
	}
	if !strings.HasPrefix(ref, ".") {
		cands = append(cands, ref)
	}
	s, code := f.r.site, f.ls.lang.Code
	for _, c := range cands {
		logical := logicalPath(c)
		if strings.HasPrefix(logical, "..") {
			continue
		}
		if logical == "" && f.ls.home != nil && unwritten(f.ls.home) {
			return nil, f.ls.home // the home page, with no _index.md
		}
		if sec := f.ls.sections[logical]; sec != nil && sec.page != nil && unwritten(sec.page) {
			return nil, sec.page // a section with no _index.md
		}
		if p := f.ownPage(s.pathGroup[code][logical]); p != nil {
			return p.src, p
		}
		if p := f.ownPage(s.groupFolded(code, logical)); p != nil {
			return p.src, p // Hugo's paths are in any letter case
		}
		if src := s.headless[code][logical]; src != nil {
			return src, nil
		}
	}
	if !relative && ref != "" && !strings.Contains(ref, "/") {
		if p := f.ownPage(s.groupNamed(code, path.Base(logicalPath(ref)))); p != nil {
			return p.src, p
		}
	}
	return nil, nil
}

// unwritten reports whether kb made p, a home or section page that has
// no _index.md.
func unwritten(p *page) bool { return p.src == nil || p.src.File == "" }

// ownPage is the page of g in the language, nil when the language shows
// another language's (a fallback) or none.
func (f *pageFinder) ownPage(g *group) *page {
	if g == nil {
		return nil
	}
	if p := f.ls.byGroup[g]; p != nil && !p.fallback {
		return p
	}
	return nil
}

// hugoPage is what templates read of a page: src's, and, when it is
// published, p's.
func (f *pageFinder) hugoPage(src *content.Page, p *page) *markdown.HugoPage {
	h := &markdown.HugoPage{Lang: f.ls.lang.Code, Kind: "page"}
	if p != nil {
		h.Title, h.RelPermalink, h.Permalink = p.title, p.url, f.r.site.absBase+p.url
		switch p.typ {
		case kindHome:
			h.Kind = "home"
			h.Children = func() []*markdown.HugoPage { return f.children(nil) }
		case kindSection:
			h.Kind = "section"
			h.Path, h.Dir = "/"+p.section.name, p.section.name
			h.Section = strings.Split(p.section.name, "/")[0]
			sec := p.section
			h.Children = func() []*markdown.HugoPage { return f.children(sec) }
		}
	}
	if src != nil {
		m := &src.Meta
		h.Title = cmp.Or(h.Title, pageTitle(src))
		h.Description, h.LinkTitle = m.Description, m.LinkTitle
		h.Path, h.Section, h.Dir, h.SourceFile = "/"+src.Path, src.Section, getPageDir(src), src.File
		h.ContentDir = f.r.contentDir(src.File)
		if src.Kind == content.Section {
			h.Kind, h.Section = "section", strings.Split(src.Path, "/")[0]
		}
		h.Params = pageParams(src, h.Title)
		if _, leaf, ok := bundleOf(src.File); ok {
			h.BundleType = "branch"
			if leaf {
				h.BundleType = "leaf"
			}
		}
		h.Markdown = func() ([]byte, error) { return f.r.markdownOf(src) }
		h.MarkdownSum = func() [32]byte { return f.r.bodyDigest(src) }
	}
	h.LinkTitle = cmp.Or(h.LinkTitle, h.Title)
	return h
}

// contentDir is the folder Hugo's file paths of a page start from (its
// .File.Path, .File.Dir): a language's folder ("content/en") when file
// is in one, else content.
func (r *renderer) contentDir(file string) string {
	first, _, _ := strings.Cut(strings.TrimPrefix(file, "content/"), "/")
	if _, ok := r.site.cfg.Lookup(first); ok && strings.HasPrefix(file, "content/"+first+"/") {
		return "content/" + first
	}
	return "content"
}

// getPageDir is the folder Hugo's .Page.GetPage starts from: a section's
// own, else the one the page, or its bundle, is in (where kb's relative
// links start from the bundle's folder: sourceDir).
func getPageDir(src *content.Page) string {
	if src.Kind != content.Article {
		return src.Path
	}
	if dir := path.Dir(src.Path); dir != "." {
		return dir
	}
	return ""
}

// pageParams is Hugo's .Params of a page as kb reads its front matter:
// its params (content.Meta.Params), and the keys kb knows, lowercased as
// Hugo gives them, which win.
func pageParams(src *content.Page, title string) map[string]any {
	m := &src.Meta
	params := maps.Clone(m.Params)
	if params == nil {
		params = map[string]any{}
	}
	maps.Copy(params, map[string]any{"title": title, "draft": m.Draft, "weight": m.Weight})
	for key, v := range map[string]string{"description": m.Description, "linktitle": m.LinkTitle, "slug": m.Slug,
		"type": m.Type, "translationkey": m.TranslationKey} {
		if v != "" {
			params[key] = v
		}
	}
	if len(m.Tags) > 0 {
		params["tags"] = slices.Clone(m.Tags)
	}
	if !m.Date.IsZero() {
		params["date"] = m.Date
	}
	if !m.Updated.IsZero() {
		params["lastmod"] = m.Updated
	}
	return params
}

// children are the pages a section lists that are the language's own,
// as templates read them; with sec nil, the home page's.
func (f *pageFinder) children(sec *section) []*markdown.HugoPage {
	if f.calls != nil {
		name := ""
		if sec != nil {
			name = sec.name
		}
		*f.calls = append(*f.calls, resolveCall{Kind: callChildren, Dest: name, URL: f.childrenDigest(sec), OK: true})
	}
	var out []*markdown.HugoPage
	for _, p := range f.listChildren(sec) {
		out = append(out, f.hugoPage(p.src, p))
	}
	return out
}

// listChildren are the pages a section lists that are the language's
// own, its articles then its nested sections, in kb's order. Reading
// them depends on every one of them, and on the pages written later,
// which may join them.
func (f *pageFinder) listChildren(sec *section) []*page {
	f.seen(nil)
	var out []*page
	for _, p := range f.kids(sec) {
		if p.fallback {
			continue
		}
		if p.g != nil {
			f.seen(p.g)
		}
		if p.src != nil {
			f.seenFile(p.src.File)
		}
		out = append(out, p)
	}
	return out
}

// kids are sectionChildren(sec), or with sec nil the home page's: the
// articles outside any section, then the top-level sections' pages.
func (f *pageFinder) kids(sec *section) []*page {
	if sec != nil {
		return sectionChildren(sec)
	}
	out := slices.Clone(f.ls.loose)
	for _, top := range f.ls.order {
		if top.page != nil {
			out = append(out, top.page)
		}
	}
	return out
}

// sectionChildren are the articles directly in sec, then the pages of
// the sections nested in it.
func sectionChildren(sec *section) []*page {
	var out []*page
	for _, p := range sec.articles {
		if p.within == sec {
			out = append(out, p)
		}
	}
	for _, c := range sec.children {
		if c.page != nil {
			out = append(out, c.page)
		}
	}
	return out
}

// childrenDigest is what the build cache keeps of a section's pages.
func (f *pageFinder) childrenDigest(sec *section) string {
	h := sha256.New()
	for _, p := range f.kids(sec) {
		if !p.fallback {
			fmt.Fprintf(h, "%s\x00", f.digest(p.src, p))
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// digest is what the build cache keeps of a lookup's answer: everything
// a template may read of the page, its Markdown by its hash.
func (f *pageFinder) digest(src *content.Page, p *page) string {
	if src == nil && p == nil {
		return ""
	}
	hp := f.hugoPage(src, p)
	h := sha256.New()
	fmt.Fprintf(h, "%q %q %q %q %q %q %q %q %q %q\x00", hp.Title, hp.LinkTitle, hp.Description, hp.RelPermalink, hp.Permalink, hp.Path, hp.Section, hp.Kind, hp.SourceFile, hp.Dir)
	for _, k := range slices.Sorted(maps.Keys(hp.Params)) {
		fmt.Fprintf(h, "%s=%v\x00", k, hp.Params[k])
	}
	if src != nil {
		body, err := f.r.markdownOf(src)
		if err != nil {
			return "" // an answer no lookup gives: rendered again
		}
		h.Write(body)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// groupFolded is the group of a language's page at logical in any letter
// case; nil when none, or when two pages' paths differ in case only.
func (s *site) groupFolded(lang, logical string) *group {
	s.folded.once.Do(func() {
		s.folded.byLang = make(map[string]map[string]*group, len(s.pathGroup))
		for code, paths := range s.pathGroup {
			m := make(map[string]*group, len(paths))
			for p, g := range paths {
				key := foldCase(p)
				if _, dup := m[key]; dup {
					m[key] = nil
				} else {
					m[key] = g
				}
			}
			s.folded.byLang[code] = m
		}
	})
	return s.folded.byLang[lang][foldCase(logical)]
}
