package builder

import (
	"cmp"
	"io/fs"
	"maps"
	"net/url"
	"path"
	"slices"
	"strings"

	"kb/builder/content"
	"kb/builder/diag"
)

// Links written as site URLs ("/ar/payments/cards/", "/docs/rate-limits",
// "/img/rest.png"), the way sites moved from Hugo and Zola link: each is
// resolved to the page or file it names and rewritten under the base path,
// so a site served from /help/ keeps working.

// indexPaths maps every page's site path below the base path, and every
// alias, to its page.
func (s *site) indexPaths(ds *diag.List) {
	n := 0
	for _, ls := range s.langs {
		n += len(ls.pages)
	}
	s.byPath = make(map[string]*page, n)
	for _, ls := range s.langs {
		for _, p := range ls.pages {
			s.byPath[strings.TrimPrefix(p.url, s.basePath)] = p
		}
	}
	s.siteRedirects(ds)
	for _, ls := range s.langs {
		for _, p := range ls.pages {
			if p.fallback {
				continue
			}
			for _, a := range s.aliases(p) {
				if _, taken := s.byPath[a.rel+"/"]; !taken && a.rel != "" {
					s.byPath[a.rel+"/"] = p
				}
			}
		}
	}
}

// alias is an old URL of a page, which redirects to it.
type alias struct {
	written string // as the front matter has it
	key     string // the front matter key: "aliases", or "url" for Hugo's url and Zola's path
	rel     string // the site path below the base path, without slashes at either end
	// line, for an entry of site.toml's [redirects], is its line there:
	// its problems are reported at it, not in the page's file.
	line int
}

// siteRedirects finds the page each entry of site.toml's [redirects] names,
// by its Markdown file (as a link from the content root names it; a
// language's folder first, "ar/faq/x.md", for that language's page) or by
// its address; an entry that names none is an error at its line.
func (s *site) siteRedirects(ds *diag.List) {
	s.redirectsTo, s.redirectedFrom = nil, map[string]*group{}
	for _, from := range slices.Sorted(maps.Keys(s.cfg.Redirects)) {
		to, line := s.cfg.Redirects[from], s.cfg.RedirectLines[from]
		var p *page
		if isMarkdownDest(to) {
			rel, lang := strings.TrimPrefix(to, "/"), s.cfg.DefaultLanguage
			if first, rest, ok := strings.Cut(rel, "/"); ok {
				if ls := s.langOfSegment(first); ls != nil {
					rel, lang = rest, ls.lang.Code
				}
			}
			if g := s.findGroup(lang, logicalPath(rel)); g != nil {
				p = s.byCode[lang].byGroup[g]
			}
		} else {
			rel := strings.Trim(path.Clean("/"+to), "/")
			p = cmp.Or(s.byPath[rel+"/"], s.byPath[rel])
		}
		if p == nil {
			ds.Errorf(s.cfg.ConfigFile(), line, 0, "[redirects] %q = %q: no such page; name a page by its Markdown file under content/ (\"guides/page.md\") or by its address (\"/guides/page/\")", from, to)
			continue
		}
		rel := strings.Trim(path.Clean(from), "/")
		s.redirectedFrom[logicalPath(strings.TrimSuffix(from, ".html"))] = p.g
		if q := s.byPath[rel+"/"]; q != nil && q.typ == kindSection && q.src.File == "" {
			// The old site made the folder's page a redirect (Material's
			// redirect template on index.md): the section page kb makes
			// there sends readers on, as a section with Zola's
			// redirect_to does, rather than keeping the address.
			q.src.Meta.RedirectTo = strings.TrimPrefix(p.url, s.basePath)
			continue
		}
		if s.redirectsTo == nil {
			s.redirectsTo = map[*page][]alias{}
		}
		s.redirectsTo[p] = append(s.redirectsTo[p], alias{written: from, key: "redirects", rel: rel, line: line})
	}
}

// aliases lists a page's old URLs: its aliases, where one without a
// leading slash is relative to the page's folder, as in Hugo
// ("old-returns" on /orders/returns/ is /orders/old-returns/), and the
// URL the old site gave it (Hugo's url, Zola's path), relative to its
// language's root unless it starts with a slash. One that names the page's
// own URL is left out.
func (s *site) aliases(p *page) []alias {
	own := strings.Trim(strings.TrimPrefix(p.url, s.basePath), "/")
	var out []alias
	for _, a := range p.src.Meta.Aliases {
		rel := a
		if !strings.HasPrefix(a, "/") {
			rel = path.Join(path.Dir(own), a)
		}
		// An alias naming the page's own URL (a percent-encoded copy of
		// it, as sites moved from Zola have) is the page itself.
		if rel = strings.Trim(path.Clean("/"+rel), "/"); rel != own {
			out = append(out, alias{written: a, key: "aliases", rel: rel})
		}
	}
	// A site moved from Hugo with uglyURLs had each article at its path
	// ending in .html.
	if s.cfg.UglyURLAliases && p.src.Kind == content.Article && own != "" {
		out = append(out, alias{written: "/" + own + ".html", rel: own + ".html"})
	}
	out = append(out, s.redirectsTo[p]...)
	if slug := p.src.Meta.SlugPath; slug != "" && p.src.Meta.URL == "" {
		if rel := s.slugAddress(p, slug); rel != own {
			out = append(out, alias{written: slug, key: "slug", rel: rel})
		}
	}
	if u := p.src.Meta.URL; u != "" {
		rel := u
		if !strings.HasPrefix(u, "/") {
			rel = p.lang.prefix + u
		}
		if rel = strings.Trim(path.Clean("/"+rel), "/"); rel != own {
			out = append(out, alias{written: u, key: "url", rel: rel})
		}
	}
	return out
}

// slugAddress is where the old site served a page whose slug is a path
// (content's SlugPath), below the base path: Docusaurus's "/x" under the
// language's root and the docs' folder (slugRoot), Starlight's
// "guides/x" from the site root.
func (s *site) slugAddress(p *page, slug string) string {
	if strings.HasPrefix(slug, "/") {
		slug = p.lang.prefix + path.Join(s.cfg.SlugRoot, slug)
	}
	return strings.Trim(path.Clean("/"+slug), "/")
}

// redirects reports whether p is a section or home page that sends its
// readers elsewhere (Zola's redirect_to): its URL is a redirect page. Zola
// has redirect_to on sections only.
func (p *page) redirects() bool {
	return p.src.Meta.RedirectTo != "" && (p.typ == kindSection || p.typ == kindHome)
}

// redirectTarget is where a page that redirects sends its readers: an
// http(s) URL as written, or the page or file of the site that the path
// names, relative to the site root as in Zola ("docs/start" is
// /docs/start/ under the base path). ok is false for a path that names
// nothing of the site: the redirect still goes there.
func redirectTarget(p *page, resolvePath func(dest string) (string, bool)) (to string, ok bool) {
	to = p.src.Meta.RedirectTo
	if content.IsWebURL(to) {
		return to, true
	}
	return resolvePath("/" + strings.TrimPrefix(to, "/"))
}

// langOfSegment returns the language whose URL folder is seg, in any letter
// case, or nil.
func (s *site) langOfSegment(seg string) *langSite {
	if seg == "" {
		return nil
	}
	for _, ls := range s.langs {
		if ls.prefix != "" && strings.EqualFold(ls.prefix, seg+"/") {
			return ls
		}
	}
	if ls := s.byCode[seg]; ls != nil && ls.prefix != "" {
		return ls
	}
	return nil
}

// langOfURL returns the language whose pages a site-absolute URL points
// into ("/el/faq/x/" → "el"), or "".
func (s *site) langOfURL(u string) string {
	rest, ok := strings.CutPrefix(u, s.basePath)
	if !ok || strings.HasPrefix(u, "//") {
		return ""
	}
	first, _, _ := strings.Cut(rest, "/")
	if ls := s.langOfSegment(first); ls != nil {
		return ls.lang.Code
	}
	return ""
}

// sitePathTarget is what a site path names: a page, or a file published
// at that path.
type sitePathTarget struct {
	page *page
	file string // path below the base path, when a file
}

// findSitePath looks a site path up as written ("/ar/faq/returns",
// "/docs/faq/", "/img/x.png"): pages by URL (with or without the trailing
// slash, index.html or .html), then published files.
func (s *site) findSitePath(siteFS fs.FS, p string) (sitePathTarget, bool) {
	if t, ok := s.lookupSitePath(siteFS, p); ok {
		return t, true
	}
	// A link written with the base path already in front.
	if s.basePath != "/" {
		if rest, ok := strings.CutPrefix("/"+strings.TrimPrefix(p, "/"), s.basePath); ok {
			return s.lookupSitePath(siteFS, rest)
		}
	}
	return sitePathTarget{}, false
}

func (s *site) lookupSitePath(siteFS fs.FS, p string) (sitePathTarget, bool) {
	clean := strings.TrimPrefix(path.Clean("/"+p), "/")
	if clean == "." {
		clean = ""
	}
	// The language folder in any letter case, spelled as the site spells it.
	// Without one, it names a page of the default language.
	first, rest, _ := strings.Cut(clean, "/")
	pagePath, lang, logical := clean, s.byCode[s.cfg.DefaultLanguage], clean
	if ls := s.langOfSegment(first); ls != nil {
		clean = ls.prefix + rest
		pagePath, lang, logical = clean, ls, rest
	} else if lang != nil {
		pagePath = lang.prefix + clean
	}
	pagePath = strings.TrimSuffix(strings.TrimSuffix(pagePath, "index.html"), ".html")
	for _, k := range []string{pagePath, strings.TrimSuffix(pagePath, "/") + "/"} {
		if k == "/" {
			k = ""
		}
		if pg := s.byPath[k]; pg != nil {
			return sitePathTarget{page: pg}, true
		}
	}
	// The page's file path, when a slug gave it another URL.
	logical = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(logical, "/"), "/index.html"), ".html")
	if lang != nil && logical != "" {
		if g := s.pathGroup[lang.lang.Code][logical]; g != nil && lang.byGroup[g] != nil {
			return sitePathTarget{page: lang.byGroup[g]}, true
		}
	}
	if clean != "" && s.publishes(siteFS, clean) {
		return sitePathTarget{file: clean}, true
	}
	// A file beside pages translated by file name (content/basics/images/
	// next to _index.en.md), which Hugo published under each language's
	// folder (/en/basics/images/x.png) and kb publishes once, at its path.
	if clean != logical && rest != "" && s.langOfSegment(strings.SplitN(rest, "/", 2)[0]) == nil && s.publishes(siteFS, rest) {
		return sitePathTarget{file: rest}, true
	}
	return sitePathTarget{}, false
}

// publishes reports whether the build writes a file at rel: a file of
// static/, a non-Markdown file of content/, or a file kb generates.
func (s *site) publishes(siteFS fs.FS, rel string) bool {
	switch rel {
	case "sitemap.xml", "robots.txt", "404.html":
		return true
	}
	for _, ls := range s.langs {
		if rel == ls.prefix+"search" || rel == ls.prefix+"search/index.html" || rel == ls.prefix+"404.html" {
			return true
		}
	}
	if class, _ := content.ClassifyFile("static/" + rel); class == content.SiteFile {
		if st, err := fs.Stat(siteFS, "static/"+rel); err == nil && !st.IsDir() {
			return true
		}
	}
	if class, _ := content.ClassifyFile("content/" + rel); class != content.Asset {
		return false // pages, and files content/ does not publish
	}
	st, err := fs.Stat(siteFS, "content/"+rel)
	return err == nil && !st.IsDir()
}

// resolvePath returns the function that rewrites a site-absolute link of a
// page shown in ls. A link with a language folder goes to that language's
// page; a link without one names a page of the default language and, like
// a link to a .md file, follows the reader's language.
func (r *renderer) resolvePath(ls *langSite, seen func(*group)) func(dest string) (string, bool) {
	s := r.site
	return func(dest string) (string, bool) {
		p, rest := dest, ""
		if i := strings.IndexAny(dest, "#?"); i >= 0 {
			p, rest = dest[:i], dest[i:]
		}
		if unescaped, err := url.PathUnescape(p); err == nil {
			p = unescaped
		}
		t, ok := s.findSitePath(r.siteFS, p)
		if !ok {
			// Still under the base path, so that a site served from a
			// sub-path keeps every link of its content inside it.
			seen(nil)
			return sitePath(s.basePath, dest), false
		}
		if t.page == nil {
			u := s.basePath + t.file
			if strings.HasSuffix(p, "/") {
				u += "/"
			}
			return u + rest, true
		}
		target := t.page
		first, _, _ := strings.Cut(strings.TrimPrefix(path.Clean("/"+p), "/"), "/")
		if s.langOfSegment(first) == nil {
			target = ls.same(target)
		}
		if target.g != nil {
			seen(target.g)
		}
		return target.url + rest, true
	}
}

// same returns the page of ls that shows what p shows in another
// language: its translation, or the same generated home or section page.
// Without one, p itself.
func (ls *langSite) same(p *page) *page {
	if p.lang == ls {
		return p
	}
	if p.g != nil {
		if q := ls.byGroup[p.g]; q != nil {
			return q
		}
		return p
	}
	switch p.typ {
	case "home":
		return ls.home
	case "section":
		if sec := ls.sections[p.src.Path]; sec != nil && sec.page != nil {
			return sec.page
		}
	}
	return p
}
