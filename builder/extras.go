package builder

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"net/url"
	"path"
	"slices"
	"strings"
	"unicode"

	"kb/builder/content"
	"kb/builder/diag"
	"kb/search"
	"kb/search/static"
)

// extras writes the generated files and returns the diagnostics they
// raised (aliases that collide or escape), kept apart so a rebuild that
// does not regenerate them can report them again.
func (r *renderer) extras() ([]diag.Diagnostic, error) {
	main := r.ds
	var xd diag.List
	r.ds = &xd
	err := r.writeExtras()
	r.ds = main
	all := xd.All()
	main.Add(all...)
	return all, err
}

// writeExtras writes what is generated from the whole site rather than one
// page: the root language chooser, 404 pages, search pages, feeds,
// sitemap, robots.txt and alias redirects.
func (r *renderer) writeExtras() error {
	s := r.site
	r.ds.Add(r.static.hiddenWarning()...)
	def := s.byCode[s.cfg.DefaultLanguage]
	for _, ls := range s.langs {
		for _, kind := range []string{"404", "search"} {
			v := r.specialView(ls, kind)
			var buf bytes.Buffer
			if err := r.theme.Execute(&buf, kind, v); err != nil {
				return fmt.Errorf("rendering the %s page: %w", kind, err)
			}
			rel := ls.prefix + "search/index.html"
			if kind == "404" {
				rel = ls.prefix + "404.html"
			}
			if err := r.generated(rel, buf.Bytes()); err != nil {
				return err
			}
			if kind == "404" && ls == def && ls.prefix != "" {
				if err := r.generated("404.html", buf.Bytes()); err != nil {
					return err
				}
			}
		}
	}
	// With the default language at the root, its home is the root index.
	if def.prefix != "" {
		var buf bytes.Buffer
		chooser := r.specialView(def, "chooser")
		if err := r.theme.Execute(&buf, "chooser", chooser); err != nil {
			return fmt.Errorf("rendering the language chooser: %w", err)
		}
		if err := r.generated("index.html", buf.Bytes()); err != nil {
			return err
		}
	}
	// Feeds before the aliases: an alias where a feed is published is
	// reported at the alias, with its file and line.
	if err := r.writeFeeds(); err != nil {
		return err
	}
	if err := r.writeRedirects(); err != nil {
		return err
	}
	if err := r.generated("sitemap.xml", r.sitemap()); err != nil {
		return err
	}
	robots := "User-agent: *\nAllow: /\n"
	sitemapLine := ""
	if s.absBase != "" {
		sitemapLine = "Sitemap: " + s.absBase + s.basePath + "sitemap.xml"
		robots += sitemapLine + "\n"
	}
	if r.static.has["robots.txt"] && sitemapLine != "" {
		own, err := fs.ReadFile(r.siteFS, "static/robots.txt")
		if err != nil {
			return err
		}
		if !bytes.Contains(bytes.ToLower(own), []byte("sitemap:")) {
			r.ds.Add(diag.WarnAt("static/robots.txt", 0, 0,
				"replaces the robots.txt kb writes, which names the sitemap: add the line %q so search engines find it", sitemapLine).Of(diag.Static))
			return nil
		}
	}
	return r.generated("robots.txt", []byte(robots))
}

// generated writes a file kb makes for the whole site (robots.txt, the
// sitemap, feeds, the 404 and search pages), unless static/ has a file at that
// path: the site owner's file is published instead, as Hugo does.
func (r *renderer) generated(rel string, data []byte) error {
	if r.static.has[rel] {
		r.ds.Add(diag.WarnAt("static/"+rel, 0, 0, "replaces the %s kb writes", rel).Of(diag.Static))
		return nil
	}
	return r.out.Write(rel, data)
}

// titleOnSite is a page's title as its browser tab reads it: the site's
// title after it, as partials/top.html writes it.
func titleOnSite(title, site string) string { return title + " · " + site }

// specialView is the view of a page that has no content file: the search
// results page, the 404 page and the root language chooser.
func (r *renderer) specialView(ls *langSite, kind string) *PageView {
	s := r.site
	// The search page says "Search" until it has a query: search.js and
	// the search server give it its title for one (SearchStrings' title).
	title := map[string]string{"404": "not_found_title", "search": "search_title", "chooser": "choose_language"}[kind]
	url := ls.home.url
	switch kind {
	case "search":
		url = s.basePath + ls.prefix + "search/"
	case "chooser":
		url = s.basePath
	}
	v := &PageView{
		Site:        r.views[ls.lang.Code],
		L:           ls.loc,
		Kind:        kind,
		Title:       ls.loc.T(title),
		URL:         url,
		Canonical:   s.absBase + url,
		ContentLang: ls.lang.Code,
		ContentDir:  ls.lang.Dir,
		NoIndex:     kind != "chooser",
		OGLocale:    strings.ReplaceAll(ls.lang.Code, "-", "_"),
	}
	v.Crumbs = []Crumb{{Title: ls.loc.T("breadcrumb_home"), URL: ls.home.url, Current: true}}
	switch kind {
	case "search":
		v.ResultsMarker = "<!--kb:results-->"
		v.NoQueryStart, v.NoQueryEnd = "<!--kb:noquery-->", "<!--/kb:noquery-->"
		strs, _ := json.Marshal(map[string]any{
			"noResults":  ls.loc.T("search_no_results", "Query", "{query}"),
			"resultsFor": ls.loc.T("search_results_for", "Query", "{query}"),
			"loading":    ls.loc.T("search_loading"),
			"failed":     ls.loc.T("search_failed"),
			"tooLong":    ls.loc.T("search_too_long"),
			"fallback":   ls.loc.T("search_fallback_result", "Language", ls.loc.LanguageName(s.cfg.DefaultLanguage)),
			// The tab's title for a query. The query sits between
			// isolates, so that an Arabic query leaves an English
			// title in its order, and an English one an Arabic title.
			"title": titleOnSite(ls.loc.T("search_query_title", "Query", "\u2068{query}\u2069"), ls.lang.Title),
			// For the search server's page without JavaScript.
			"other": otherLabels(s.cfg, ls),
		})
		v.SearchStrings = template.JS(strs)
	case "chooser":
		for _, other := range s.langs {
			v.Alternates = append(v.Alternates, Alternate{Lang: other.lang.Code, Href: s.absBase + other.home.url})
		}
		v.Alternates = append(v.Alternates, Alternate{Lang: "x-default", Href: s.absBase + url})
	}
	for _, other := range s.langs {
		target := other.home.url
		if kind == "search" {
			target = s.basePath + other.prefix + "search/"
		}
		v.Switcher = append(v.Switcher, LangLink{Code: other.lang.Code, Name: other.lang.Name, Dir: other.lang.Dir, URL: target, Current: other == ls})
	}
	return v
}

// writeRedirects writes a page for every alias (for any static host) and a
// _redirects file (read by Netlify and Cloudflare Pages).
func (r *renderer) writeRedirects() error {
	s := r.site
	type redirect struct {
		from, to string
		splat    bool // from ends in /*: everything under that folder
	}
	var all []redirect
	owner := map[string]*page{}
	var pageOut map[string]*page // made at the first alias
	for _, ls := range s.langs {
		for _, p := range ls.pages {
			if p.redirects() {
				to, _ := redirectTarget(p, r.resolvePath(ls, func(*group) {}))
				all = append(all, redirect{from: p.url, to: to})
			}
			if p.fallback {
				continue
			}
			for _, a := range s.aliases(p) {
				alias, rel, file, line := a.written, a.rel, p.src.File, p.src.Meta.Lines.Of(a.key)
				switch a.key {
				case "url":
					line = max(p.src.Meta.Lines.Of("url"), p.src.Meta.Lines.Of("path"))
				case "redirects":
					file, line = s.cfg.ConfigFile(), a.line
				}
				if rel == "" || strings.Contains(alias, "..") || strings.ContainsAny(alias, "\\?#") || strings.ContainsFunc(alias, unicode.IsControl) {
					r.ds.Errorf(file, line, 0, "alias %q is not a site path like /en/old-page/", alias)
					continue
				}
				if prev := owner[rel]; prev != nil && prev.g == p.g && p.g != nil {
					continue // a translation's copy of its page's alias: the first language's page has it
				}
				// An alias ending in /* (Docsy's /blog/2018/*) sends
				// everything under that folder to the page: a splat rule
				// of _redirects (Netlify, Cloudflare Pages), as no page
				// can stand for it.
				if folder, ok := strings.CutSuffix(rel, "/*"); ok && !strings.Contains(folder, "*") {
					if prev := owner[rel]; prev != nil {
						r.ds.Errorf(file, line, 0, "alias %q is already used by %s: remove it from one of them", alias, prev.src.File)
						continue
					}
					owner[rel] = p
					all = append(all, redirect{from: s.basePath + folder + "/", to: p.url, splat: true})
					continue
				}
				if strings.Contains(rel, "*") {
					r.ds.Errorf(file, line, 0, "alias %q: a * may only end an alias, as in /old-blog/*, which sends everything under /old-blog/ to the page (a _redirects rule)", alias)
					continue
				}
				// An alias that names an HTML file (an old address ending
				// in .html, .php, ...) is that file; any other is a
				// folder's index, as Hugo writes it:
				// /functions/strings.trimleft is
				// functions/strings.trimleft/index.html, which servers
				// answer at that address.
				out, from := rel+"/index.html", rel+"/"
				if htmlAddress[strings.ToLower(path.Ext(rel))] && !strings.HasSuffix(alias, "/") {
					out, from = rel, rel
				}
				if why := r.aliasRefused(out); why != "" {
					r.ds.Errorf(file, line, 0, "alias %q would be %s: use an old address of a page, like /en/old-page/", alias, why)
					continue
				}
				if prev := owner[out]; prev != nil {
					if prev.g != p.g || p.g == nil {
						r.ds.Errorf(file, line, 0, "alias %q is already used by %s: remove it from one of them", alias, prev.src.File)
					}
					continue
				}
				// An old address that a page of the site has again (a
				// section now where a function's page was, in the Hugo
				// docs) stays that page's: the redirect is left out.
				if pageOut == nil {
					pageOut = r.pagesByOutput()
				}
				if q := pageOut[out]; q != nil {
					held := q.src.File
					if held == "" {
						held = "the section page kb makes at " + q.url
					}
					r.ds.Warnf(file, line, 0, "alias %q is the address of %s, which keeps it: the alias is left out; remove it", alias, held)
					continue
				}
				owner[out] = p
				owner[rel] = p
				r.aliases[out] = aliasOf{alias: alias, file: file, line: line}
				all = append(all, redirect{from: s.basePath + from, to: p.url})
				v := &PageView{Site: r.views[ls.lang.Code], L: ls.loc, Kind: "redirect", Title: p.title, URL: p.url, Canonical: s.absBase + p.url, ContentLang: ls.lang.Code, ContentDir: ls.lang.Dir, NoIndex: true}
				var buf bytes.Buffer
				if err := r.theme.Execute(&buf, "redirect", v); err != nil {
					return fmt.Errorf("rendering a redirect: %w", err)
				}
				if err := r.out.Write(out, buf.Bytes()); err != nil {
					r.ds.Errorf(file, line, 0, "alias %q: %v", alias, err)
				}
			}
		}
	}
	slices.SortFunc(all, func(a, b redirect) int { return strings.Compare(a.from, b.from) })
	var b strings.Builder
	// The site's own rules come first: Netlify and Cloudflare Pages follow
	// the first rule that matches, so the owner's win over an alias.
	if r.static.has["_redirects"] {
		own, err := fs.ReadFile(r.siteFS, "static/_redirects")
		if err != nil {
			return err
		}
		b.Write(own)
		if len(own) > 0 && own[len(own)-1] != '\n' {
			b.WriteByte('\n')
		}
	}
	for _, rd := range all {
		to := escapePath(rd.to)
		if u, err := url.Parse(rd.to); err == nil && content.IsWebURL(rd.to) {
			to = u.String()
		}
		from := escapePath(rd.from)
		if rd.splat {
			from += "*"
		}
		fmt.Fprintf(&b, "%s %s 301\n", from, to)
	}
	return r.out.Write("_redirects", []byte(b.String()))
}

// reservedAtRoot are the names at the output's root no alias or page may
// take: files kb writes after the aliases or keeps for its assets, and
// files a static host reads as its settings.
var reservedAtRoot = map[string]string{
	"sitemap.xml": "the sitemap kb writes",
	"robots.txt":  "the robots.txt kb writes",
	"_redirects":  "the redirect rules kb writes",
	"_headers":    "the host's header rules (Netlify, Cloudflare Pages)",
	"_kb":         "in the folder of kb's scripts and styles",
}

// kbWrites says what kb writes at or around out, a page's output path in
// the language whose pages are under prefix, or "": a page there would
// replace kb's file or put itself among kb's own, where the next build
// may remove it.
func kbWrites(prefix, out string) string {
	first, _, _ := strings.Cut(out, "/")
	if what, ok := reservedAtRoot[first]; ok {
		return what
	}
	switch rest := strings.TrimPrefix(out, prefix); {
	case rest == "search/index.html":
		return "the search page kb writes"
	case strings.HasPrefix(rest, "404.html/"):
		return "the 404 page kb writes"
	}
	return ""
}

// htmlAddress are the extensions of the old addresses an alias names as
// a file: those a server answers with HTML. Any other alias is a folder
// (a redirect page written as the file web.config or _config.yml would be
// read as the host's settings).
var htmlAddress = map[string]bool{".html": true, ".htm": true, ".shtml": true, ".xhtml": true,
	".php": true, ".asp": true, ".aspx": true, ".jsp": true}

// aliasRefused says what an alias published at out (a slash path in the
// output) would be in place of a file no writer may replace, or "". A
// redirect page is HTML, whatever its name: as .htaccess it would break
// every page of an Apache host.
func (r *renderer) aliasRefused(out string) string {
	first, _, _ := strings.Cut(out, "/")
	if what, ok := reservedAtRoot[first]; ok {
		return what
	}
	for seg := range strings.SplitSeq(out, "/") {
		if strings.HasPrefix(seg, ".") {
			return "a dot file, which servers read as their settings (.htaccess) or keep for the host (/.well-known/)"
		}
	}
	base := path.Base(out)
	ext := strings.ToLower(path.Ext(base))
	if stem := strings.ToLower(strings.TrimSuffix(base, path.Ext(base))); (stem == "index" || stem == "default") && ext != ".html" {
		return "a folder's index, which a server may answer for the folder in place of its index.html"
	}
	// A file of static/ at out itself names the alias (see claimed); one
	// where the alias needs a folder could not say so.
	for at := path.Dir(out); at != "."; at = path.Dir(at) {
		if r.static.has[at] {
			return "in a folder where static/ has the file " + at
		}
	}
	return ""
}

// aliasOf is the alias a redirect page is written for, and the page's file.
type aliasOf struct {
	alias, file string
	line        int
}

// staticMerged are the files of static/ that kb merges into its own rather
// than giving way to (see writeRedirects): the copier leaves them.
var staticMerged = map[string]bool{"_redirects": true}

// sitemap lists every translated page with its hreflang alternates; fallback
// pages are copies of another language's page and stay out.
func (r *renderer) sitemap() []byte {
	s := r.site
	n := 0
	for _, ls := range s.langs {
		n += len(ls.pages)
	}
	var b bytes.Buffer
	// About an entry's size, with its alternates: not copied as it grows.
	b.Grow(n * (len(s.langs) + 1) * (100 + len(s.absBase)))
	// url writes an address, escaped for XML when it holds a character
	// xml.EscapeText would change (most hold none: escapePath leaves them
	// plain ASCII).
	url := func(u string) {
		u = s.absBase + escapePath(u)
		if strings.ContainsAny(u, "&'\"<>\t\n\r") {
			xml.EscapeText(&b, []byte(u))
		} else {
			b.WriteString(u)
		}
	}
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">` + "\n")
	for _, ls := range s.langs {
		for _, p := range ls.pages {
			if !p.inSitemap() {
				continue
			}
			b.WriteString("  <url><loc>")
			url(p.url)
			b.WriteString("</loc>")
			if m := s.updated(p); !m.IsZero() {
				b.WriteString("<lastmod>" + m.Format("2006-01-02") + "</lastmod>")
			}
			if p.g != nil {
				for _, other := range s.langs {
					if op := other.byGroup[p.g]; op != nil && op.inSitemap() && len(p.g.pages) > 1 {
						b.WriteString("\n    <xhtml:link rel=\"alternate\" hreflang=\"" + other.lang.Code + "\" href=\"")
						url(op.url)
						b.WriteString("\"/>")
					}
				}
			}
			b.WriteString("</url>\n")
		}
	}
	b.WriteString("</urlset>\n")
	return b.Bytes()
}

// inSitemap reports whether the sitemap lists p: a page of its own (not
// another language's shown in its place, nor a redirect), listed, and not
// one its writer asked search engines to leave out.
func (p *page) inSitemap() bool {
	m := &p.src.Meta
	return !p.fallback && (p.g != nil || p.typ == kindSection || p.typ == kindHome) && !m.Unlisted && !m.NoIndex && !m.NoSitemap && !p.redirects()
}

// escapePath percent-encodes a path (Arabic or Greek slugs) for places that
// need plain ASCII URLs.
func escapePath(p string) string {
	return (&url.URL{Path: p}).EscapedPath()
}

// copyStatic copies the files of the site's static/ folder (see
// staticFolder) to the output as they are.
func (r *renderer) copyStatic() error {
	for _, rel := range r.static.files {
		if staticMerged[rel] {
			continue
		}
		data, err := fs.ReadFile(r.siteFS, "static/"+rel)
		if err != nil {
			if isNotExist(err) {
				continue // gone since the listing
			}
			return err
		}
		if err := r.out.Write(rel, data); err != nil {
			r.staticClash(rel, err)
		}
	}
	return nil
}

// staticClash reports the file of static/ that cannot be published at rel
// (err says why).
func (r *renderer) staticClash(rel string, err error) {
	r.ds.Errorf("static/"+rel, 0, 0, "%s", r.claimed(rel, err))
}

// afterGenerated writes or keeps in w, a rebuild's writer, the files
// that a full build writes after the pages and generated files, in its
// order: kb's assets, static/'s files and the static index kept as they
// are (outputs is the output as the last build left it), and content/'s
// files other, copied again when they changed, else kept. A clash with a
// file written before is reported as a full build reports it (see
// keepAsIs).
func (r *renderer) afterGenerated(w *inPlace, outputs map[string][32]byte, other map[string]bool, contentChanged bool) error {
	for _, a := range r.theme.Assets() {
		if err := w.keepAsIs(a.Path); err != nil {
			return err
		}
	}
	for _, rel := range r.static.files {
		if _, published := outputs[rel]; !published || staticMerged[rel] {
			continue
		}
		if err := w.keepAsIs(rel); err != nil {
			r.staticClash(rel, err)
		}
	}
	if contentChanged {
		if err := r.copyContentFiles(other); err != nil {
			return err
		}
	} else {
		for _, f := range slices.Sorted(maps.Keys(other)) {
			rel := strings.TrimPrefix(f, "content/")
			if _, published := outputs[rel]; !published {
				continue
			}
			if err := w.keepAsIs(rel); err != nil {
				r.ds.Errorf(f, 0, 0, "%v", err)
			}
		}
	}
	for rel := range outputs {
		if isStaticIndexFile(rel) {
			if err := w.keepAsIs(rel); err != nil {
				return err
			}
		}
	}
	return nil
}

// claimed explains why a static file cannot be published at rel: a page
// or an alias is published there too (the files kb generates for the
// whole site give way to static/ instead).
func (r *renderer) claimed(rel string, err error) string {
	if p := r.pageAt(rel); p != nil && p.src.File != "" {
		return fmt.Sprintf("%s publishes %s there too: remove or move this file, or change the page's slug", p.src.File, p.url)
	}
	if a, ok := r.aliases[rel]; ok {
		return fmt.Sprintf("the alias %q of %s is published there too: remove or move this file, or the alias", a.alias, a.file)
	}
	return err.Error()
}

// pageAt returns the page published at the output file rel, or nil.
func (r *renderer) pageAt(rel string) *page {
	for _, ls := range r.site.langs {
		for _, p := range ls.pages {
			if p.out == rel {
				return p
			}
		}
	}
	return nil
}

// pagesByOutput maps every output file a page is published at to its
// page, translations and fallback copies alike.
func (r *renderer) pagesByOutput() map[string]*page {
	n := 0
	for _, ls := range r.site.langs {
		n += len(ls.pages)
	}
	m := make(map[string]*page, n)
	for _, ls := range r.site.langs {
		for _, p := range ls.pages {
			m[p.out] = p
		}
	}
	return m
}

func isNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }

// writeStaticIndex writes the static (browser) index of the given
// languages and returns the files it wrote, by language. It gives up with
// ctx's error once ctx ends (a newer rebuild will redo the work).
func (r *renderer) writeStaticIndex(ctx context.Context, docs []search.Document, langs []string) (map[string][]string, error) {
	byLang := map[string][]search.Document{}
	for _, d := range docs {
		byLang[d.Lang] = append(byLang[d.Lang], d)
	}
	written := map[string][]string{}
	for _, lang := range langs {
		names, err := r.writeStaticLang(ctx, lang, byLang[lang], nil, nil)
		if err != nil {
			return nil, err
		}
		written[lang] = names
	}
	return written, nil
}

// writeStaticLang writes one language's static index and returns the files
// it wrote. sounds, if not nil, is given the language's sound table
// (static.Analyzer.Sounds).
func (r *renderer) writeStaticLang(ctx context.Context, lang string, docs []search.Document, bodies *bodyLoader, sounds func(map[string][]string)) ([]string, error) {
	staticDocs := func() []static.Doc {
		sdocs := make([]static.Doc, len(docs))
		for i, d := range docs {
			sdocs[i] = static.Doc{
				URL: d.URL, Title: d.Title, Page: d.Page, Section: d.Section, SectionTitle: d.SectionTitle,
				Body: d.Body, Headings: d.Headings, Tags: d.Tags, Fallback: d.Fallback, Key: d.Digest,
				BodyLeftOut: bodies.leftOut(d.ID),
			}
		}
		return sdocs
	}
	an := static.Analyzer{Normalize: search.Normalize, Terms: search.Terms, Rules: search.ThesaurusRules(lang, r.synonyms.For(lang)), SoundKey: search.SoundKey(lang), Sounds: sounds}
	compounds, affixes := search.Compounds(lang)
	an.Compounds = compounds
	if affixes != nil {
		an.Prefixes, an.Suffixes, an.MinRest, an.Negation = affixes.Prefixes, affixes.Suffixes, affixes.MinRest, affixes.Negation
		an.JoinsSpaced = affixes.JoinsSpaced
	}
	if p := search.ProcliticsOf(lang); p != nil {
		an.Proclitics, an.ProcliticRest = p.Prefixes, p.MinRest
	}
	var gz static.Gzipped
	if r.cache != nil {
		gz = staticReuse{r.cache, r.keepFile}
	}
	files, err := static.BuildReusing(ctx, lang, staticDocs(), an, gz)
	if errors.Is(err, static.ErrBodyLeftOut) {
		// The kept analysis could not be used and some words are not
		// kept: the bodies are read again.
		docs = slices.Clone(docs) // the server index reads docs meanwhile
		if err = bodies.fill(docs); err == nil {
			bodies = nil
			files, err = static.BuildReusing(ctx, lang, staticDocs(), an, gz)
		}
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if err != nil {
		return nil, fmt.Errorf("static search index (%s): %w", lang, err)
	}
	names := slices.Sorted(maps.Keys(files))
	data := make([][]byte, len(names))
	for i, n := range names {
		data[i] = files[n]
	}
	clear(files)
	order := spreadOverFolders(upTo(len(names)), func(i int) string { return path.Dir(names[i]) })
	err = forEachFile(ctx, order, func(i int) error {
		if data[i] == nil {
			return nil // kept as the output holds it (static.OutputKeeper)
		}
		err := r.out.Write(names[i], data[i])
		data[i] = nil // written: let it go
		return err
	})
	if err != nil {
		return nil, err
	}
	return names, nil
}

// writeAssets writes the theme's hashed assets.
func (r *renderer) writeAssets() error {
	for _, a := range r.theme.Assets() {
		if err := r.out.Write(a.Path, a.Data); err != nil {
			return err
		}
	}
	return nil
}
