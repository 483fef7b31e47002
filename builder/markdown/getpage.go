package markdown

import (
	"crypto/sha256"
	"fmt"
	"html/template"
	"path"
	"slices"
	"strings"

	"kb/builder/content"
	"kb/builder/theme"
)

// Hugo's GetPage: a Hugo site's shortcode templates reach other pages of
// the site with site.GetPage, .Site.GetPage and .Page.GetPage, and show
// what those pages say (their title, description, children) or their
// Markdown (.RenderShortcodes, .Content: Hugo docs' include and
// glossary-term). The builder finds the pages (Document.GetPage); here a
// page found is bound to the shortcode that asked for it, so that its
// Markdown renders as the calling page's, at the shortcode's line, with
// the cycle and depth bounds of includes (shortcodeContext.renderInto).

// HugoPage is a page as a template written for Hugo reads it: the
// shortcode's .Page, or one GetPage found, with what kb has of it.
type HugoPage struct {
	Title, LinkTitle, Description string
	RelPermalink, Permalink       string // its URL under the base path, and with the base URL's host
	Path                          string // Hugo's logical path: "/docs/start"
	Lang                          string
	Section                       string // its top-level section's folder
	Kind                          string // Hugo's: "home", "section" or "page"
	BundleType                    string // Hugo's: "leaf" for an index.md, "branch" for an _index.md, else ""
	Params                        map[string]any
	// SourceFile is its source file's path in the site
	// ("content/en/docs/start.md"): what its Markdown's includes are named
	// after, for the cycle check, and what .File describes. Dir is the
	// logical folder that its relative GetPage paths start from ("docs"
	// for docs/start.md).
	SourceFile, Dir string
	// ContentDir is the folder SourceFile's Hugo paths start from:
	// "content/en" in a site whose languages are folders, else "content".
	ContentDir string
	// Markdown reads its Markdown after the front matter; nil when it has
	// none to give (a page with no file).
	Markdown func() ([]byte, error)
	// MarkdownSum is the SHA-256 of what Markdown reads, known without
	// reading it; nil for none.
	MarkdownSum func() [32]byte
	// Children are a section's pages and sections in kb's order; nil for
	// none.
	Children func() []*HugoPage

	x *shortcodeContext // the shortcode it was given to
}

// Page is what a template written for Hugo knows of the page whose
// Markdown is rendered: the page's (Document.Page), or one a
// .RenderShortcodes brought in. Without Document.Page, its title and the
// language of the text being rendered (on a page shown in a language it
// has no translation for, the default language's).
func (x *shortcodeContext) Page() *HugoPage {
	if p := x.st.hugoPage; p != nil {
		return p.boundTo(x)
	}
	if x.st.doc.Page != nil {
		if p := x.st.doc.Page(); p != nil {
			return p.boundTo(x)
		}
	}
	return &HugoPage{Title: x.st.doc.Title, Lang: x.st.doc.Lang, SourceFile: x.st.doc.File, x: x}
}

// Site is the shortcode's .Site, and what Hugo's site function gives.
func (x *shortcodeContext) Site() SiteInfo {
	s := x.st.r.opts.Site
	s.x = x
	return s
}

// HugoLanguage is Hugo's .Site.Language: the language of the page whose
// text is rendered (Hextra's term reads data/<lang>/ by its .Lang).
type HugoLanguage struct {
	Lang, LanguageName string
}

// Language is the language of the page being rendered.
func (s SiteInfo) Language() HugoLanguage {
	if s.x == nil {
		return HugoLanguage{}
	}
	doc := s.x.st.doc
	return HugoLanguage{Lang: doc.Lang, LanguageName: doc.LangName}
}

// GetPage is Hugo's site.GetPage: the page of the language at p, a path
// from the content root ("/docs/start", "docs/start.md", "/docs" for a
// section, "/" for the home page), or, with no slash in it, a page name
// the language's pages do not share; nil when there is none.
//
// Hugo's older form, GetPage KIND PATH… ("section" "docs"; Hugo Learn's
// ref shortcode), names the page by the path its parts join to.
func (s SiteInfo) GetPage(p string, parts ...string) *HugoPage {
	if s.x == nil {
		return nil
	}
	if len(parts) > 0 {
		p = "/" + path.Join(parts...)
	}
	return s.x.getPage(nil, p)
}

// Home is Hugo's site.Home: the home page of the language being rendered
// (its .RelPermalink is the language's root, under the base path).
func (s SiteInfo) Home() *HugoPage { return s.GetPage("/") }

// Pages is Hugo's site.Pages: the language's home page, then its pages
// and sections in kb's order (the articles outside any section first),
// each section's own after it.
func (s SiteInfo) Pages() HugoPages {
	home := s.Home()
	if home == nil {
		return nil
	}
	out := HugoPages{home}
	var walk func(HugoPages)
	walk = func(ps HugoPages) {
		for _, p := range ps {
			out = append(out, p)
			if p.IsSection() {
				walk(p.Pages())
			}
		}
	}
	walk(home.Pages())
	return out
}

// GetPage is Hugo's .Page.GetPage: p relative to the page's folder, else
// from the content root; nil when the language has no such page.
func (p *HugoPage) GetPage(path string) *HugoPage {
	if p.x == nil {
		return nil
	}
	return p.x.getPage(p, path)
}

func (x *shortcodeContext) getPage(from *HugoPage, path string) *HugoPage {
	get := x.st.doc.GetPage
	if get == nil {
		return nil
	}
	if found := get(from, strings.TrimSpace(path)); found != nil {
		return found.boundTo(x)
	}
	return nil
}

// boundTo is a copy of p given to the shortcode x.
func (p *HugoPage) boundTo(x *shortcodeContext) *HugoPage {
	b := *p
	b.x = x
	return &b
}

// IsSection reports whether the page is a section's (Hugo's .IsSection).
func (p *HugoPage) IsSection() bool { return p.Kind == "section" }

// RefLang lets ref and relref take a page as Hugo's do (relref .Page
// "x"): the reference resolved as the shortcode that was given the page
// resolves it, from the page the shortcode is on.
func (p *HugoPage) RefLang(ref, lang string) string {
	if p.x == nil {
		return ""
	}
	return p.x.RefLang(ref, lang)
}

// IsHome reports whether the page is a language's home page (Hugo's .IsHome).
func (p *HugoPage) IsHome() bool { return p.Kind == "home" }

// IsPage reports whether the page is a regular page (Hugo's .IsPage).
func (p *HugoPage) IsPage() bool { return p.Kind == "page" }

// Pages are a section's pages and the sections in it, in kb's order
// (Hugo's .Pages); none for a regular page.
func (p *HugoPage) Pages() HugoPages { return p.children(func(*HugoPage) bool { return true }) }

// RegularPages are a section's pages, without its sections.
func (p *HugoPage) RegularPages() HugoPages { return p.children((*HugoPage).IsPage) }

// Sections are the sections in a section.
func (p *HugoPage) Sections() HugoPages { return p.children((*HugoPage).IsSection) }

func (p *HugoPage) children(keep func(*HugoPage) bool) HugoPages {
	if p.Children == nil {
		return nil
	}
	var out HugoPages
	for _, c := range p.Children() {
		if keep(c) {
			out = append(out, c.boundTo(p.x))
		}
	}
	return out
}

// Store is Hugo's .Page.Store (and .Scratch): values the templates that
// render the page keep until it is rendered, as a hook that writes the
// mermaid script once per page does. Each page has its own.
func (p *HugoPage) Store() any {
	if p.x == nil {
		return theme.NewScratch()
	}
	shared := p.x.st.page
	if shared.stores == nil {
		shared.stores = map[string]any{}
	}
	if shared.stores[p.Path] == nil {
		shared.stores[p.Path] = theme.NewScratch()
	}
	return shared.stores[p.Path]
}

// Site is the page's .Site: the site as the template that reads the
// page knows it (Hugo Book's render-link reads .Page.Site.Params).
func (p *HugoPage) Site() SiteInfo {
	if p.x == nil {
		return SiteInfo{}
	}
	return p.x.Site()
}

// Param is Hugo's .Page.Param: the page's param key, else the site's
// [params] one, in any letter case, a dotted key into tables; nil for
// none.
func (p *HugoPage) Param(key string) any {
	if v, ok := content.LookupParam(p.Params, key); ok {
		return v
	}
	v, _ := content.LookupParam(p.Site().Params, key)
	return v
}

// Scratch is Store, as Hugo before 0.138 named it.
func (p *HugoPage) Scratch() any { return p.Store() }

// RenderShortcodes is Hugo's .RenderShortcodes: the page's Markdown with
// its shortcodes run, rendered where the shortcode that asked for it
// stands, as Markdown of the calling page (kb renders it there, where
// Hugo inlines the Markdown and renders it with the page).
func (p *HugoPage) RenderShortcodes() (template.HTML, error) {
	body, ok, err := p.markdown()
	if !ok {
		return "", err
	}
	return p.x.renderInto(p.SourceFile, body, p)
}

// Content is Hugo's .Content: the page's HTML, its raw HTML through the
// same allowlist as the calling page's.
func (p *HugoPage) Content() (template.HTML, error) { return p.RenderShortcodes() }

// Summary is Hugo's .Summary as kb has it: the HTML of the page's
// Markdown before its <!--more-->, or, without one, of its first
// paragraph (kb reads no summary key of the front matter).
func (p *HugoPage) Summary() (template.HTML, error) {
	body, ok, err := p.markdown()
	if !ok {
		return "", err
	}
	return p.x.Markdownify(summaryText(string(body))), nil
}

// markdown is the page's Markdown, ok when it has some to render for a
// shortcode.
func (p *HugoPage) markdown() (body []byte, ok bool, err error) {
	if p.x == nil || p.Markdown == nil {
		return nil, false, nil
	}
	body, err = p.Markdown()
	return body, err == nil, err
}

// summaryText is the Markdown before <!--more-->, else the first
// paragraph that is not a heading.
func summaryText(md string) string {
	if before, _, ok := strings.Cut(md, "<!--more-->"); ok {
		return strings.TrimSpace(before)
	}
	for para := range strings.SplitSeq(md, "\n\n") {
		para = strings.TrimSpace(para)
		if para != "" && !strings.HasPrefix(para, "#") && !strings.HasPrefix(para, "{{") {
			return para
		}
	}
	return ""
}

// String makes a page print as Hugo's does in messages: "Page(/docs/start)".
func (p *HugoPage) String() string { return fmt.Sprintf("Page(%s)", p.Path) }

// Position is Hugo's .Position: where the shortcode is, for the
// template's messages ("content/en/docs/start.md:12:1").
func (x *shortcodeContext) Position() string {
	line, col := x.st.lines.pos(x.c.start)
	return fmt.Sprintf("%s:%d:%d", x.st.doc.File, line, col)
}

// RawContent is Hugo's .RawContent: the page's Markdown after its front
// matter, as written (Hugo docs' glossary lists its terms' so).
func (p *HugoPage) RawContent() (string, error) {
	body, ok, err := p.markdown()
	if !ok {
		return "", err
	}
	return string(body), nil
}

// HugoFragments is Hugo's .Fragments of a page: the ids of its headings,
// and of its definition terms where they have ids, and its headings.
type HugoFragments struct {
	Identifiers HugoIdentifiers
	Headings    []HugoHeading // the top level's, each with those below it
}

// HugoIdentifiers are a page's fragment ids, sorted.
type HugoIdentifiers []string

// Contains reports whether the page has an element with id.
func (ids HugoIdentifiers) Contains(id string) bool { return ids.Count(id) > 0 }

// Count is how many elements of the page have id.
func (ids HugoIdentifiers) Count(id string) int {
	i, _ := slices.BinarySearch(ids, id)
	n := 0
	for ; i+n < len(ids) && ids[i+n] == id; n++ {
	}
	return n
}

// HugoHeading is one heading of .Fragments.Headings.
type HugoHeading struct {
	ID, Title string
	Level     int
	Headings  []HugoHeading
}

// Fragments is Hugo's .Fragments: what the page's Markdown gives ids to,
// as kb renders it (a render hook checks a link's #fragment with it).
func (p *HugoPage) Fragments() *HugoFragments {
	if p.x == nil || p.Markdown == nil || p.x.st.doc.idsOnly {
		// A page read for its ids reads no other page's.
		return &HugoFragments{}
	}
	return p.x.st.r.fragmentsOf(p, p.x.st.doc)
}

// fragmentsOf is p's .Fragments, asked for by a template of from: as
// kb rendered p's Markdown for them before, if p and the pages its
// templates then found are as they were, else rendered again.
func (r *Renderer) fragmentsOf(p *HugoPage, from *Document) *HugoFragments {
	key := p.Lang + "\x00" + p.Path + "\x00" + p.SourceFile
	if e, ok := r.fragments.Load(key); ok && e.(*fragmentsEntry).current(p, from) {
		return e.(*fragmentsEntry).f
	}
	e := r.renderFragments(p, from)
	r.fragments.Store(key, e)
	return e.f
}

// fragmentsEntry is a page's .Fragments as kb rendered them.
type fragmentsEntry struct {
	f       *HugoFragments
	sum     [32]byte     // pageSum of the page then
	lookups []pageLookup // the GetPage lookups its templates made
}

// pageLookup is a GetPage lookup and the pageSum of what it found.
type pageLookup struct {
	relative bool   // .Page.GetPage, from the folder dir
	dir      string // (what GetPage reads of the page it starts from)
	path     string
	sum      [32]byte
}

// from is the page a lookup starts from, nil for site.GetPage.
func (l pageLookup) from() *HugoPage {
	if !l.relative {
		return nil
	}
	return &HugoPage{Dir: l.dir}
}

// current reports whether e still holds p's fragments. The lookups are
// made again, for from, so that the page asking depends on what they
// find, and kb serve renders it again when that changes.
func (e *fragmentsEntry) current(p *HugoPage, from *Document) bool {
	if pageSum(p) != e.sum {
		return false
	}
	for _, l := range e.lookups {
		if from.GetPage == nil || pageSum(from.GetPage(l.from(), l.path)) != l.sum {
			return false
		}
	}
	return true
}

// pageSum sums up what a template may read of p that ids it makes come
// from: its title, path and Markdown, and those of a section's pages.
func pageSum(p *HugoPage) [32]byte {
	var sum [32]byte
	if p == nil {
		return sum
	}
	h := sha256.New()
	add := func(q *HugoPage) {
		fmt.Fprintf(h, "%q %q %q %q\x00", q.Path, q.SourceFile, q.Title, q.LinkTitle)
		switch {
		case q.MarkdownSum != nil:
			s := q.MarkdownSum()
			h.Write(s[:])
		case q.Markdown != nil:
			b, _ := q.Markdown()
			h.Write(b)
		}
	}
	add(p)
	if p.Children != nil {
		for _, c := range p.Children() {
			add(c)
		}
	}
	return [32]byte(h.Sum(sum[:0]))
}

// renderFragments renders the Markdown of page p for its ids, with the
// language and lookups of from; the render hooks do not run.
func (r *Renderer) renderFragments(p *HugoPage, from *Document) *fragmentsEntry {
	e := &fragmentsEntry{f: &HugoFragments{}, sum: pageSum(p)}
	body, err := p.Markdown()
	if err != nil {
		return e
	}
	page := *p
	page.x = nil
	getPage := from.GetPage
	if getPage != nil {
		getPage = func(at *HugoPage, path string) *HugoPage {
			found := from.GetPage(at, path)
			l := pageLookup{relative: at != nil, path: path, sum: pageSum(found)}
			if at != nil {
				l.dir = at.Dir
			}
			e.lookups = append(e.lookups, l)
			return found
		}
	}
	res := r.Render(Document{Source: body, File: p.SourceFile, Title: p.Title, Lang: from.Lang, LangName: from.LangName,
		LangFolder: from.LangFolder, GetPage: getPage, Resources: from.Resources, CalloutTitle: from.CalloutTitle,
		CalloutName: from.CalloutName, Page: func() *HugoPage { return &page }, idsOnly: true})
	f := e.f
	var stack []*[]HugoHeading
	levels := []int{0}
	stack = append(stack, &f.Headings)
	for _, h := range res.Headings {
		f.Identifiers = append(f.Identifiers, h.ID)
		for len(levels) > 1 && levels[len(levels)-1] >= h.Level {
			levels, stack = levels[:len(levels)-1], stack[:len(stack)-1]
		}
		list := stack[len(stack)-1]
		*list = append(*list, HugoHeading{ID: h.ID, Title: h.Text, Level: h.Level})
		levels, stack = append(levels, h.Level), append(stack, &(*list)[len(*list)-1].Headings)
	}
	f.Identifiers = append(f.Identifiers, res.IDs...)
	slices.Sort(f.Identifiers)
	return e
}
