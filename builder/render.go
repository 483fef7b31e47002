package builder

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"kb/builder/content"
	"kb/builder/diag"
	"kb/builder/extlinks"
	"kb/builder/markdown"
	"kb/builder/theme"
	"kb/builder/translation"
	"kb/search"
)

// navTop is how many articles a section shows in the sidebar and on the home
// page; the section page lists them all.
const navTop = 12

// renderer renders pages of a resolved site to the output.
type renderer struct {
	site   *site
	theme  *theme.Theme
	md     *markdown.Renderer
	out    fileWriter
	ds     *diag.List
	siteFS fs.FS
	// bodies is siteFS as renderAll reads pages' Markdown again (readBody).
	bodies fs.FS
	// synonyms are the languages' thesauri, for the static index.
	synonyms search.Synonyms
	// mapsMemory is Options.MapsMemory, for the server index.
	mapsMemory func(bytes int64) (release func())
	// anchorsFail makes links to missing anchors errors (kb check) rather
	// than warnings (kb build).
	anchorsFail bool
	// external collects each page's links to other sites (kb check
	// --external); a kb check renders every page, none from the cache.
	external bool

	// static is the site's static/ folder as listed for this build;
	// aliases are the redirect pages written, by output path.
	static  *staticFolder
	aliases map[string]aliasOf
	// assets are the site's assets/ files, for templates (resources.go).
	assets *siteAssets

	views    map[string]*SiteView // by language
	navs     map[*section]*NavView
	rendered atomic.Int64

	// release (kb build: nothing renders again) lets each page's Markdown
	// go once the last page made from it is rendered; current then keeps
	// whether each translation is current, worked out before.
	release bool
	current map[*content.Page]bool
	// unread holds the SHA-256 of each source whose Markdown went before
	// rendering (kb build), read again by the pages that render it.
	unread map[*content.Page][32]byte

	// states holds what each rendered page contributes beyond its HTML, by
	// output path, so an incremental rebuild can reuse it for pages it does
	// not render again.
	statesMu sync.Mutex
	states   map[string]*pageState

	// cache, when set, supplies unchanged pages and records every page
	// (see pageCache); digests are its shared view digests.
	cache   *pageCache
	digests *viewDigests
	// keepFile, when set, keeps a page's file of the previous output
	// unread when it has the stamp the cache recorded (output.keep).
	keepFile func(rel string, st fileStamp) bool
}

// fileWriter receives output files: the atomic output of a full build, or
// the in-memory set of an incremental one.
type fileWriter interface {
	Write(rel string, data []byte) error
}

// pageState is what one rendered page contributes besides its HTML.
type pageState struct {
	group  string          // translation group id; "" for generated pages
	lang   string          // language code
	url    string          // page URL
	linked map[string]bool // group ids this page's Markdown links resolve to; nil in kb build, which does not rebuild
	broken bool            // some link found no page (a new page may fix it)
	files  map[string]bool // content/ files its links and images looked for, found or not; nil in kb build
	shown  []string        // passive files under "_" names it shows (content.Shown), published for it
	links  []linkRecord
	// external holds the links to other sites when the build collects
	// them (kb check --external).
	external []extlinks.Use
	anchors  anchorSet
	diags    []diag.Diagnostic
	checked  []diag.Diagnostic // link check findings, nil until checked
	docs     []search.Document
	// cached says the page came from the build cache: its documents are
	// the ones the last build indexed.
	cached bool
	// leftOut, for a page from the build cache whose documents came
	// without their bodies, is its cache entry (see bodyLoader).
	leftOut *cacheEntry
}

// prepare builds what pages share: one SiteView per language and one NavView
// per language and section.
func (r *renderer) prepare() error {
	s := r.site
	r.views = map[string]*SiteView{}
	r.navs = map[*section]*NavView{}
	asset := func(name string) string {
		if a, ok := r.theme.Asset(name); ok {
			return s.basePath + a.Path
		}
		return ""
	}
	var langLinks []LangLink
	for _, ls := range s.langs {
		langLinks = append(langLinks, LangLink{Code: ls.lang.Code, Name: ls.lang.Name, Dir: ls.lang.Dir, URL: ls.home.url})
	}
	for _, ls := range s.langs {
		code := ls.lang.Code
		v := &SiteView{
			Title:        ls.lang.Title,
			Lang:         code,
			Dir:          ls.lang.Dir,
			LangName:     ls.lang.Name,
			BasePath:     s.basePath,
			HomeURL:      ls.home.url,
			SearchURL:    s.basePath + ls.prefix + "search/",
			SearchIndex:  s.basePath + "_kb/search/" + code + "/",
			Endpoint:     sitePath(s.basePath, s.cfg.Search.Endpoint),
			SearchOthers: searchOthers(s.cfg, ls),
			FeedbackURL:  feedbackURL(s),
			CSS:          asset("style.css"),
			JS:           asset("kb.js"),
			SearchJS:     asset("search.js"),
			Languages:    langLinks,
			Support:      r.supportView(ls),
		}
		if searchesSounds(s.cfg, code) {
			v.Greeklish = asset("greeklish.js")
		}
		r.chrome(v, ls)
		byURL := make(map[string]*page, len(ls.pages))
		for _, p := range ls.pages {
			byURL[p.url] = p
		}
		v.Popular = s.popular(ls, nil, byURL, popularHome)
		for _, sec := range ls.order {
			nav, err := r.prepareNav(ls, sec, byURL)
			if err != nil {
				return err
			}
			v.Sections = append(v.Sections, nav)
		}
		parts, err := r.languageParts(v, ls)
		if err != nil {
			return err
		}
		v.Parts = parts
		r.views[code] = v
	}
	return nil
}

// prepareNav builds the navigation of a section and of the sections nested
// in it, which it lists.
func (r *renderer) prepareNav(ls *langSite, sec *section, byURL map[string]*page) (*NavView, error) {
	nav := &NavView{Title: sec.page.title, URL: sec.page.url, Description: sec.page.src.Meta.Description, Count: len(sec.articles)}
	for _, child := range sec.children {
		sub, err := r.prepareNav(ls, child, byURL)
		if err != nil {
			return nil, err
		}
		nav.Sections = append(nav.Sections, sub)
	}
	nav.Popular = r.site.popular(ls, sec, byURL, popularSection)
	for _, a := range sec.articles {
		nav.Articles = append(nav.Articles, LinkView{Title: a.title, URL: a.url, Description: a.src.Meta.Description, Type: string(a.typ)})
	}
	nav.Top = nav.Articles[:min(navTop, len(nav.Articles))]
	nav.More = len(nav.Articles) > len(nav.Top)
	html, err := r.theme.Partial("partials/nav.html", struct {
		Nav *NavView
		L   any
	}{nav, ls.loc})
	if err != nil {
		return nil, fmt.Errorf("theme: %w", err)
	}
	nav.HTML = html
	r.navs[sec] = nav
	return nav, nil
}

// languageParts renders the theme's language parts for one language. A
// part file's final newline is not part of it, so that a partial moved into
// a part renders as before: {{.Site.Parts.bottom}} on a line of its own
// writes the newline the file ended with.
func (r *renderer) languageParts(v *SiteView, ls *langSite) (map[string]template.HTML, error) {
	parts := map[string]template.HTML{}
	for _, name := range r.theme.LanguageParts() {
		html, err := r.theme.Partial(name, LanguageView{Site: v, L: ls.loc})
		if err != nil {
			return nil, fmt.Errorf("theme: %s, rendered once per language with .Site and .L: %w", name, err)
		}
		parts[strings.TrimSuffix(path.Base(name), ".html")] = template.HTML(strings.TrimSuffix(string(html), "\n"))
	}
	return parts, nil
}

func (r *renderer) supportView(ls *langSite) *SupportView {
	sup := r.site.cfg.Support
	if sup.Email == "" && sup.Phone == "" && sup.Chat == "" {
		return nil
	}
	v := &SupportView{Email: sup.Email, Phone: sup.Phone, Chat: sup.Chat, Open: sup.Hours.Open, Close: sup.Hours.Close, TimeZone: sup.Hours.TimeZone}
	if sup.Phone != "" {
		v.PhoneHref = template.URL("tel:" + strings.Map(func(r rune) rune {
			if r == '+' || (r >= '0' && r <= '9') {
				return r
			}
			return -1
		}, sup.Phone))
	}
	if len(sup.Hours.Days) > 0 {
		v.Days = ls.loc.Weekdays(sup.Hours.Days)
	}
	return v
}

// renderAll renders every page of every language on every core. With
// langDone set, it renders a language at a time and calls langDone after
// each, in the site's language order, so what a language's pages gave (their
// search documents) can be used and dropped before the next renders. The
// last language's langDone is still running when renderAll returns, so
// that what follows the pages (extras) shares the cores with it: indexed
// waits for it, and must be called (it is nil without langDone).
func (r *renderer) renderAll(ctx context.Context, progressTo io.Writer, langDone func(lang string) error) (indexed func() error, err error) {
	var all []*page
	for _, ls := range r.site.langs {
		all = append(all, ls.pages...)
	}
	progress(progressTo, fmt.Sprintf("rendering %d pages in %d languages", len(all), len(r.site.langs)))
	var done func(*page)
	if r.release {
		// A source renders as its page and as the fallback copies of it in
		// other languages: count them, and let its Markdown go after the last.
		uses := make(map[*content.Page]*atomic.Int32, len(all))
		counters := make([]atomic.Int32, len(all)) // one allocation for all
		for i, p := range all {
			if uses[p.src] == nil {
				uses[p.src] = &counters[i]
			}
			uses[p.src].Add(1)
		}
		done = func(p *page) {
			if uses[p.src].Add(-1) == 0 {
				p.src.Body = nil
			}
		}
		if langDone != nil {
			// A language at a time. A page reads its source's Markdown
			// again just before it renders (readBody), so the Markdown of
			// the languages yet to render is not held meanwhile, and a
			// page taken from the build cache does not read it at all. (A
			// language shows a source once, so no two pages rendering
			// together share one.) kb build's load kept none
			// (content.LoadOptions.DropBodies), only its hash.
			//
			// One checked view for the pass, so that the folders on the
			// way to each page's file are checked once, not once per page.
			r.bodies = content.Checked(r.siteFS)
			r.unread = make(map[*content.Page][32]byte, len(uses))
			for src := range uses {
				switch {
				case src.File != "" && len(src.Body) > 0:
					r.unread[src] = sha256.Sum256(src.Body)
				case src.Body == nil && src.BodySum != [32]byte{}:
					r.unread[src] = src.BodySum
				}
			}
		}
		if err := r.findCurrent(ctx, all); err != nil {
			return nil, err
		}
		for src := range r.unread {
			src.Body = nil
		}
	}
	if langDone == nil {
		return nil, r.renderPages(ctx, all, done)
	}
	// A language whose pages came from the build cache (nearly) all is
	// indexed while the next ones render: its server index is an update
	// and its documents came without their bodies (see bodyLoader), so two
	// such languages' indexing and a rendering fit in the memory a
	// rendered language's indexing takes, and a cached build's writing of
	// files and its indexing share the cores; the rendering of the next
	// language never waits for the one before last. (kb build keeps a
	// full build's peak memory by indexing a rendered language alone.)
	var indexing []chan error // the languages being indexed meanwhile, oldest first
	waitOldest := func() error {
		err := <-indexing[0]
		indexing = indexing[1:]
		return err
	}
	waitAll := func() error {
		var first error
		for len(indexing) > 0 {
			if err := waitOldest(); first == nil {
				first = err
			}
		}
		return first
	}
	for i, ls := range r.site.langs {
		var hits int64
		if r.cache != nil {
			hits = r.cache.hits.Load()
		}
		if err := r.renderPages(ctx, ls.pages, done); err != nil {
			waitAll()
			return nil, err
		}
		cached := r.cache != nil && 4*(r.cache.hits.Load()-hits) >= 3*int64(len(ls.pages))
		if !cached {
			// A rendered language is indexed alone.
			if err := waitAll(); err != nil {
				return nil, err
			}
		}
		if cached || i == len(r.site.langs)-1 {
			if len(indexing) == maxIndexing {
				if err := waitOldest(); err != nil {
					waitAll()
					return nil, err
				}
			}
			result := make(chan error, 1)
			go func(code string) { result <- langDone(code) }(ls.lang.Code)
			indexing = append(indexing, result)
			continue
		}
		if err := langDone(ls.lang.Code); err != nil {
			return nil, err
		}
	}
	return waitAll, nil
}

// maxIndexing is how many languages taken from the build cache renderAll
// indexes at once.
const maxIndexing = 2

// findCurrent works out whether each translation is current before any
// page renders and lets its Markdown go: each original is fingerprinted
// once, on every core, its Markdown read again if the load left it out.
func (r *renderer) findCurrent(ctx context.Context, all []*page) error {
	r.current = map[*content.Page]bool{}
	of := map[*content.Page]*translation.Fingerprints{}
	var origs []*content.Page
	for _, p := range all {
		if orig := r.original(p); orig != nil && of[orig.src] == nil {
			of[orig.src] = new(translation.Fingerprints)
			origs = append(origs, orig.src)
		}
	}
	err := forEachFile(ctx, origs, func(src *content.Page) error {
		body, err := r.markdown(src)
		if err == nil {
			*of[src] = translation.FingerprintsOf(&src.Meta, body)
		}
		return err
	})
	if err != nil {
		return err
	}
	for _, p := range all {
		if orig := r.original(p); orig != nil {
			r.current[p.src] = of[orig.src].Current(p.src.Meta.TranslatedFrom)
		}
	}
	return nil
}

// markdown returns src's Markdown, read again without keeping it when it
// has gone (readBody).
func (r *renderer) markdown(src *content.Page) ([]byte, error) {
	sum, ok := r.unread[src]
	if !ok || src.Body != nil {
		return src.Body, nil
	}
	body, same, err := content.ReadBodyAgain(r.bodies, src.File, sum)
	if err != nil || !same {
		return nil, &sourceChangedError{file: src.File, err: err}
	}
	return body, nil
}

// markdownOf is the Markdown of a source that a page's template reads
// (GetPage), another page's or one not rendered. In a one-shot build,
// sources let their Markdown go, or read it again, as their own pages
// render (renderAll) on other cores: it is read from the file then,
// never from the source.
func (r *renderer) markdownOf(src *content.Page) ([]byte, error) {
	if !r.release && src.Body != nil || src.File == "" {
		return src.Body, nil
	}
	text, err := fs.ReadFile(r.siteFS, src.File)
	if err != nil {
		return nil, &sourceChangedError{file: src.File, err: err}
	}
	_, body, _, _, _ := content.Parse(src.File, text, &diag.List{}) // its problems are its own page's
	return body, nil
}

// readBody reads again the Markdown of src when it has gone (see
// renderAll). A file that changed or went since the build loaded it stops
// the build with a sourceChangedError: its page would mix the old front
// matter with the new text.
func (r *renderer) readBody(src *content.Page) error {
	if _, ok := r.unread[src]; !ok || src.Body != nil {
		return nil // held: pages rendering together may share it (kb serve)
	}
	body, err := r.markdown(src)
	src.Body = body
	return err
}

// bodyDigest is the SHA-256 of src's Markdown, whether it is held or gone.
func (r *renderer) bodyDigest(src *content.Page) [32]byte {
	if sum, ok := r.unread[src]; ok {
		return sum
	}
	return sha256.Sum256(src.Body)
}

// sourceChangedError: a source file changed or went while the build ran,
// so its pages would mix what was loaded with what is there now. kb build
// starts again (Session.lockedBuild).
type sourceChangedError struct {
	file string
	err  error // why it could not be read again, if it could not
}

func (e *sourceChangedError) Error() string {
	switch {
	case errors.Is(e.err, fs.ErrNotExist):
		return fmt.Sprintf("%s: the file was removed during the build; build again", e.file)
	case e.err != nil:
		reason := e.err
		if pe := (*fs.PathError)(nil); errors.As(e.err, &pe) {
			reason = pe.Err // the path is e.file already
		}
		return fmt.Sprintf("%s: cannot read it again during the build (%v); build again", e.file, reason)
	}
	return fmt.Sprintf("%s: the file changed during the build; build again", e.file)
}

// renderPages renders pages in parallel and writes them; done, if set, is
// called after each page.
func (r *renderer) renderPages(ctx context.Context, pages []*page, done func(*page)) error {
	_, reuse := r.out.(copyingWriter)
	// A page makes its own folder (or file) in its section's.
	pages = spreadOverFolders(pages, func(p *page) string { return path.Dir(path.Dir(p.out)) })
	return forEachFile(ctx, pages, func(p *page) error {
		var buf *bytes.Buffer
		if reuse {
			buf = pageBufs.Get().(*bytes.Buffer)
			defer func() {
				buf.Reset()
				pageBufs.Put(buf)
			}()
		} else {
			buf = new(bytes.Buffer)
		}
		kept, err := r.renderPage(ctx, buf, p)
		if err != nil {
			return err
		}
		if done != nil {
			done(p)
		}
		if kept {
			return nil
		}
		return r.out.Write(p.out, buf.Bytes())
	})
}

// scratches holds the buffers pages' Markdown renders into.
var scratches = sync.Pool{New: func() any { return new(markdown.Scratch) }}

// pageBufs holds page buffers for writers that keep no reference to what
// they are given (copyingWriter): a full build then allocates a few dozen
// page buffers rather than one per page, some 2 GB on 30k pages.
var pageBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// copyingWriter is a fileWriter whose Write is done with data when it
// returns (it writes or copies it), so the caller may reuse the slice.
type copyingWriter interface {
	fileWriter
	copiesData()
}

// original returns the default-language page that p is a translation of,
// when p records the version it was translated from; else nil.
func (r *renderer) original(p *page) *page {
	s := r.site
	orig := s.byCode[s.cfg.DefaultLanguage].byGroup[p.g]
	if p.fallback || p.src.Meta.TranslatedFrom == "" || orig == nil || orig.src == p.src {
		return nil
	}
	return orig
}

// translationCurrent reports whether the translation tr names the current
// text of its original orig.
func (r *renderer) translationCurrent(tr, orig *content.Page) bool {
	if c, ok := r.current[tr]; ok {
		return c
	}
	return translation.Current(tr.Meta.TranslatedFrom, &orig.Meta, orig.Body)
}

// renderPage renders one page into w and records its state: search
// documents, links, anchors and diagnostics. kept reports a page taken from
// the build cache whose file the output already holds (renderer.keepFile):
// then w holds nothing to write.
func (r *renderer) renderPage(ctx context.Context, w *bytes.Buffer, p *page) (kept bool, err error) {
	s := r.site
	ls := p.lang
	v := r.basePageView(p)
	st := &pageState{lang: ls.lang.Code, url: p.url}
	if !r.release {
		st.linked, st.files = map[string]bool{}, map[string]bool{}
	}
	if p.g != nil {
		st.group = p.g.id
	}
	// The templates a writer's text runs (its body's, its banner's)
	// share the page's budget of range steps; the layout, the owner's,
	// has its own, so that a writer's loops cannot make it fail.
	steps := theme.NewSteps(ctx)
	layout := string(p.typ)
	if !r.theme.Has(layout) {
		layout = "article"
	}
	if p.redirects() {
		layout = "redirect"
	}
	seen := func(g *group) {
		if g == nil {
			st.broken = true
		} else if st.linked != nil {
			st.linked[g.id] = true
		}
	}
	resolveLink, resolvePath := s.resolveLink(ls, p.src, seen), r.resolvePath(ls, seen)
	resolveRef := s.resolveRef(ls, p.src, seen)
	seenFile := func(file string) {
		if st.files != nil {
			st.files[file] = true
		}
	}
	show := func(file string) {
		if !slices.Contains(st.shown, file) {
			st.shown = append(st.shown, file)
		}
	}
	resolveAsset := r.resolveAsset(p, resolveLink, resolvePath, seenFile, show)
	include := r.include(seenFile)
	param := s.param(p)
	// The text's language: on a fallback page, the default language's.
	text := ls
	if p.fallback {
		text = s.byCode[s.cfg.DefaultLanguage]
	}
	pages := &pageFinder{r: r, ls: text, seen: seen, seenFile: seenFile}
	resources := &resourceFinder{r: r, seenFile: seenFile}
	var key [32]byte
	var calls []resolveCall
	if r.cache != nil {
		key = r.pageKey(p, v, layout)
		replay := func(cs []resolveCall) bool {
			for _, c := range cs {
				var u string
				var ok bool
				switch c.Kind {
				case 'l':
					u, ok = resolveLink(c.Dest)
				case 'a':
					u, ok = resolveAsset(c.Dest)
				case 'p':
					u, ok = resolvePath(c.Dest)
				case 'r':
					ref, lang, _ := strings.Cut(c.Dest, "\x00")
					u, ok = resolveRef(ref, lang)
				case 'v':
					var v any
					v, ok = param(c.Dest)
					u = paramString(v)
				case 'i':
					from, dest, _ := strings.Cut(c.Dest, "\x00")
					u, ok = includeDigest(include(from, dest))
				case callGetPage, callChildren:
					u, ok = pages.replay(c)
				case callResource:
					u, ok = resources.replay(c)
				default:
					return false
				}
				if u != c.URL || ok != c.OK {
					return false
				}
			}
			return true
		}
		start := w.Len()
		if e, kept := r.cache.lookup(p.out, key, replay, r.keepFile, w); e != nil {
			html := w.Bytes()[start:]
			st.diags, st.links, st.docs, st.cached = e.Diags, e.Links, e.Docs, true
			if r.cache.leavesBodiesOut() {
				st.leftOut = e
			}
			st.anchors = newAnchorSet(e.Anchors)
			e.Anchors = st.anchors
			r.cache.store(p.out, e, html)
			r.rendered.Add(1)
			r.statesMu.Lock()
			r.states[p.out] = st
			r.statesMu.Unlock()
			// A hit's view only made its key: its related links' room
			// serves the next page's.
			clear(v.Related)
			*v = PageView{Related: v.Related[:0]}
			pageViews.Put(v)
			return kept, nil
		}
		// A miss: the replay may have recorded links; rendering records them again.
		if st.linked != nil {
			clear(st.linked)
			clear(st.files)
		}
		st.shown = st.shown[:0]
		st.broken = false
		record := func(kind byte, f func(string) (string, bool)) func(string) (string, bool) {
			return func(dest string) (string, bool) {
				u, ok := f(dest)
				calls = append(calls, resolveCall{Kind: kind, Dest: dest, URL: u, OK: ok})
				return u, ok
			}
		}
		resolveLink, resolveAsset, resolvePath = record('l', resolveLink), record('a', resolveAsset), record('p', resolvePath)
		findRef := resolveRef
		resolveRef = func(ref, lang string) (string, bool) {
			u, ok := findRef(ref, lang)
			calls = append(calls, resolveCall{Kind: 'r', Dest: ref + "\x00" + lang, URL: u, OK: ok})
			return u, ok
		}
		read := include
		include = func(from, dest string) (string, []byte, error) {
			file, text, err := read(from, dest)
			u, ok := includeDigest(file, text, err)
			calls = append(calls, resolveCall{Kind: 'i', Dest: from + "\x00" + dest, URL: u, OK: ok})
			return file, text, err
		}
		pages.calls = &calls
		resources.calls = &calls
		lookUp := param
		param = func(key string) (any, bool) {
			v, ok := lookUp(key)
			calls = append(calls, resolveCall{Kind: 'v', Dest: key, URL: paramString(v), OK: ok})
			return v, ok
		}
	}
	if err := r.readBody(p.src); err != nil {
		return false, err
	}
	var res markdown.Result
	if source, line := pageSource(p.src); len(source) > 0 {
		// res's HTML shares the scratch, which goes back to the pool once
		// the layout has copied it into the page.
		scratch := scratches.Get().(*markdown.Scratch)
		defer scratches.Put(scratch)
		// Callout titles are in the language of the text.
		loc := text.loc
		calloutTitle := func(kind string) string {
			if t := loc.T("callout_" + kind); t != "callout_"+kind {
				return t
			}
			return "" // a theme's UI strings without it
		}
		res = r.md.Render(markdown.Document{
			Context:      ctx,
			Steps:        steps,
			Scratch:      scratch,
			CalloutTitle: calloutTitle,
			CalloutName:  s.calloutName(text.lang.Code, calloutTitle),
			Lang:         text.lang.Code,
			LangName:     text.lang.Name,
			LangFolder:   ls.prefix,
			Source:       source,
			File:         p.src.File,
			Line:         line,
			FAQ:          p.typ == kindFAQ,
			Title:        p.title,
			ResolveLink:  resolveLink,
			ResolveAsset: resolveAsset,
			ResolvePath:  resolvePath,
			ResolveRef:   resolveRef,
			Include:      include,
			GetPage:      pages.getPage,
			Page:         pages.self(p),
			Resources:    resources,
			Param:        param,
		})
		if err := ctx.Err(); err != nil {
			return false, err // the page stopped part way: nothing of it is kept
		}
		if !p.fallback {
			st.diags = res.Diagnostics
			for _, l := range res.Links {
				if rec := (linkRecord{File: p.src.File, Line: l.Line, Col: l.Col, Dest: l.Dest, URL: l.URL, Broken: l.Broken, Image: l.Image, Ref: l.Ref}); s.mayReport(rec, st.lang) {
					st.links = append(st.links, rec)
				}
				if r.external && markdown.IsWebURL(l.URL) {
					st.external = append(st.external, extlinks.Use{URL: l.URL, File: p.src.File, Line: l.Line, Col: l.Col})
				}
			}
		}
	}
	if banner := p.src.Meta.Banner; banner != "" {
		v.Banner = r.pageBanner(ctx, steps, p, st, banner, resolveLink, resolvePath)
	}
	ids := make([]string, 0, len(res.Headings)+len(res.IDs))
	for _, h := range res.Headings {
		ids = append(ids, h.ID)
	}
	st.anchors = newAnchorSet(append(ids, res.IDs...))
	v.Content = template.HTML(res.HTML)
	for _, h := range res.Headings {
		if (h.Level == 2 || h.Level == 3) && !h.NoTOC {
			v.TOC = append(v.TOC, h)
		}
	}
	if len(v.TOC) < 2 || p.typ == kindFAQ {
		v.TOC = nil
	}
	v.Questions, v.Groups = faqViews(res)
	if p.typ == kindFAQ {
		for _, g := range v.Groups {
			if g.ID != "" {
				v.TOC = append(v.TOC, markdown.Heading{Level: 2, ID: g.ID, Text: g.Text})
			}
		}
		v.ExpandAll = len(v.Questions) > expandAllFrom
	}
	v.TOCTree, v.TOCNumbered = tocTree(v.TOC), numberedHeadings(v.TOC)
	if p.typ == kindFAQ && len(res.Questions) > 0 {
		v.JSONLD = faqJSONLD(res.Questions)
	}
	if d, ok := r.redirectView(v, p, resolvePath); ok && !p.fallback {
		st.diags = append(st.diags, d)
	}
	w.Grow(pageSize(v, res))
	start := w.Len()
	if err := r.theme.Execute(theme.NewSteps(ctx).Writer(w), layout, v); err != nil {
		return false, fmt.Errorf("rendering %s with layout %s: %w", p.url, layout, err)
	}
	r.rendered.Add(1)
	st.docs = r.pageDocs(p, res)
	if r.cache != nil {
		e := &cacheEntry{Key: key, Calls: calls, Diags: st.diags, Links: st.links, Anchors: st.anchors, Docs: st.docs}
		r.cache.store(p.out, e, w.Bytes()[start:])
	}
	r.statesMu.Lock()
	r.states[p.out] = st
	r.statesMu.Unlock()
	return false, nil
}

// pageBanner renders a page's own announcement, its inline Markdown with
// links resolved and checked as the body's are; its raw HTML goes through
// the allowlist, or is left out, as the body's does.
func (r *renderer) pageBanner(ctx context.Context, steps *theme.Steps, p *page, st *pageState, banner string, resolveLink, resolvePath func(string) (string, bool)) template.HTML {
	text := p.lang
	if p.fallback {
		text = r.site.byCode[r.site.cfg.DefaultLanguage]
	}
	res := r.md.Render(markdown.Document{
		Context:     ctx,
		Steps:       steps,
		Source:      []byte(banner),
		File:        p.src.File,
		Line:        p.src.Meta.Lines.Of("banner"),
		Lang:        text.lang.Code,
		LangName:    text.lang.Name,
		ResolveLink: resolveLink,
		ResolvePath: resolvePath,
	})
	// Columns count from the start of the text, not of its line in the
	// file: they are left out.
	if !p.fallback {
		for _, d := range res.Diagnostics {
			d.Col = 0
			st.diags = append(st.diags, d)
		}
		for _, l := range res.Links {
			if rec := (linkRecord{File: p.src.File, Line: l.Line, Dest: l.Dest, URL: l.URL, Broken: l.Broken, Image: l.Image, Ref: l.Ref}); r.site.mayReport(rec, st.lang) {
				st.links = append(st.links, rec)
			}
		}
	}
	return template.HTML(bytes.TrimSpace(res.HTML))
}

// redirectView points v, the view of a page with Zola's redirect_to, at
// the redirect's target, and returns a warning when there is one: the
// target is not a page or file of the site, or the page is not a section,
// where redirect_to does nothing.
func (r *renderer) redirectView(v *PageView, p *page, resolvePath func(string) (string, bool)) (diag.Diagnostic, bool) {
	meta := &p.src.Meta
	if meta.RedirectTo == "" {
		return diag.Diagnostic{}, false
	}
	line := meta.Lines.Of("redirect_to")
	if !p.redirects() {
		return diag.WarnAt(p.src.File, line, 0, "front matter: redirect_to works on a section's _index.md only, as in Zola: ignored here; give the target page this page's URL in its aliases instead").Of(diag.FrontMatter), true
	}
	to, ok := redirectTarget(p, resolvePath)
	v.URL, v.Canonical, v.NoIndex = to, to, true
	if !content.IsWebURL(to) {
		v.Canonical = r.site.absBase + to
	}
	if ok {
		return diag.Diagnostic{}, false
	}
	return diag.WarnAt(p.src.File, line, 0, "redirect_to %q is not a page or file of this site: write the path of a page from the site root, like docs/start, or an https:// URL", meta.RedirectTo).Of(diag.BrokenLink), true
}

// pageSize estimates the size of a page: its content, its section's
// navigation, its language's parts, and some 4 KB of head, breadcrumbs,
// table of contents and links. Grown to it once, the page's buffer is not
// copied over and over as the layout writes it, which else is a third of
// what rendering allocates.
func pageSize(v *PageView, res markdown.Result) int {
	n := 4096 + len(res.HTML)
	for _, q := range res.Questions {
		n += len(q.HTML) + len(q.PlainText) + 2*len(q.Text) // JSON-LD repeats the question
	}
	if v.Section != nil {
		n += len(v.Section.HTML)
	}
	for _, p := range v.Site.Parts {
		n += len(p)
	}
	return n
}

// pageViews keeps the views of cache hits, which only make a key, for the
// next page: a cached build of 30,000 pages would otherwise take 21 MB of
// fresh memory for them.
var pageViews = sync.Pool{New: func() any { return new(PageView) }}

// basePageView fills what every page layout uses.
func (r *renderer) basePageView(p *page) *PageView {
	s := r.site
	ls := p.lang
	m := p.src.Meta
	v := pageViews.Get().(*PageView)
	related := v.Related[:0] // a pooled view's, kept for the next
	*v = PageView{
		Site:        r.views[ls.lang.Code],
		L:           ls.loc,
		Kind:        string(p.typ),
		Title:       p.title,
		Description: m.Description,
		URL:         p.url,
		Canonical:   s.absBase + p.url,
		ContentLang: ls.lang.Code,
		ContentDir:  ls.lang.Dir,
		Tags:        m.Tags,
		OGLocale:    strings.ReplaceAll(ls.lang.Code, "-", "_"),
		Feedback:    p.src.Kind == content.Article,
	}
	if sec := p.navSection(); sec != nil {
		v.Section = r.navs[sec]
	}
	if len(p.related) > 0 {
		v.Related = slices.Grow(related, len(p.related))
	}
	for _, q := range p.related {
		v.Related = append(v.Related, linkTo(q))
	}
	if p.prev != nil {
		l := linkTo(p.prev)
		v.Prev = &l
	}
	if p.next != nil {
		l := linkTo(p.next)
		v.Next = &l
	}
	if p.typ == kindHome {
		for _, a := range ls.loose {
			v.Loose = append(v.Loose, LinkView{Title: a.title, URL: a.url, Description: a.src.Meta.Description, Type: string(a.typ)})
		}
	}
	v.NoIndex = v.NoIndex || p.src.Meta.NoIndex
	if s.hasFeed(p) {
		_, url := s.feedOf(p)
		v.Feed = &FeedLink{Title: s.feedTitle(p), Href: s.absBase + url}
	}
	def := s.cfg.DefaultLanguage
	if p.fallback {
		src := s.byCode[def]
		v.ContentLang = def
		v.ContentDir = src.lang.Dir
		v.NoIndex = true
		if orig := src.byGroup[p.g]; orig != nil {
			v.Canonical = s.absBase + orig.url
		}
		v.Notices = append(v.Notices, Notice{
			Kind: "fallback",
			Text: ls.loc.T("fallback_notice", "Language", ls.loc.LanguageName(ls.lang.Code), "Original", ls.loc.LanguageName(def)),
		})
	}
	if orig := r.original(p); orig != nil && !r.translationCurrent(p.src, orig.src) {
		v.Notices = append(v.Notices, Notice{
			Kind:     "outdated",
			Text:     ls.loc.T("outdated_notice"),
			LinkText: ls.loc.T("read_original", "Language", ls.loc.LanguageName(def)),
			LinkURL:  orig.url,
		})
	}
	if u := s.updated(p); !u.IsZero() && p.g != nil {
		v.Updated = ls.loc.Date(u)
		v.UpdatedISO = u.Format(time.DateOnly)
	}
	if p.typ == kindPolicy {
		v.Policy = &PolicyView{}
		if !m.Effective.IsZero() {
			v.Policy.Effective = ls.loc.Date(m.Effective)
			v.Policy.EffectiveISO = m.Effective.Format(time.DateOnly)
		}
		v.Policy.Updated, v.Policy.UpdatedISO = v.Updated, v.UpdatedISO
		if b := s.cfg.Policies.Binding; b != "" && b != v.ContentLang {
			n := Notice{Kind: "binding", Text: ls.loc.T("policy_binding", "Language", ls.loc.LanguageName(b))}
			if orig := s.byCode[b].byGroup[p.g]; orig != nil {
				n.LinkText = ls.loc.T("read_original", "Language", ls.loc.LanguageName(b))
				n.LinkURL = orig.url
			}
			v.Notices = append(v.Notices, n)
		}
	}
	// Breadcrumbs: home, the sections the page is in from the outermost,
	// page. Each list is sized once: a view is built for every page, hit
	// or not (pageKey).
	v.Crumbs = make([]Crumb, 0, 4)
	v.Crumbs = append(v.Crumbs, Crumb{Title: ls.loc.T("breadcrumb_home"), URL: ls.home.url})
	v.Crumbs = appendSectionCrumbs(v.Crumbs, p.within, p)
	if p.typ != kindHome {
		v.Crumbs = append(v.Crumbs, Crumb{Title: p.title, URL: p.url})
	}
	v.Crumbs[len(v.Crumbs)-1].Current = true
	// Language switcher and hreflang alternates.
	v.Switcher = make([]LangLink, 0, len(s.langs))
	v.Alternates = make([]Alternate, 0, len(s.langs)+1)
	for _, other := range s.langs {
		link := LangLink{Code: other.lang.Code, Name: other.lang.Name, Dir: other.lang.Dir, Current: other == ls}
		op := other.byGroup[p.g]
		if p.g == nil { // a generated home or section page: the same place in each language
			op = nil
			if p.typ == kindHome {
				op = other.home
			} else if sec := other.sections[p.src.Path]; sec != nil {
				op = sec.page
			}
		}
		if op != nil {
			link.URL = op.url
			link.Fallback = op.fallback
			if !op.fallback {
				v.Alternates = append(v.Alternates, Alternate{Lang: other.lang.Code, Href: s.absBase + op.url})
			}
		} else {
			link.URL = other.home.url
			link.Missing = true
		}
		if link.Fallback || link.Missing {
			note := "language_untranslated_fallback"
			if link.Missing {
				note = "language_untranslated_home"
				// The page's innermost section in that language is nearer
				// than its home.
				for in := p.within; in != nil; in = in.parent {
					if sec := other.sections[in.name]; in.page != p && sec != nil && sec.page != nil {
						link.URL, note = sec.page.url, "language_untranslated_section"
						break
					}
				}
			}
			link.Untranslated, link.UntranslatedNote = other.loc.T("language_untranslated"), ls.loc.T(note)
		}
		v.Switcher = append(v.Switcher, link)
	}
	if len(v.Alternates) > 1 {
		if d := s.byCode[def].byGroup[p.g]; d != nil && !d.fallback {
			v.Alternates = append(v.Alternates, Alternate{Lang: "x-default", Href: s.absBase + d.url})
		}
	} else {
		v.Alternates = nil
	}
	return v
}

// appendSectionCrumbs appends the crumbs of sec and of the sections it is
// nested in, outermost first, leaving out p's own page.
func appendSectionCrumbs(crumbs []Crumb, sec *section, p *page) []Crumb {
	if sec == nil {
		return crumbs
	}
	crumbs = appendSectionCrumbs(crumbs, sec.parent, p)
	if sec.page != nil && sec.page != p {
		crumbs = append(crumbs, Crumb{Title: sec.page.title, URL: sec.page.url})
	}
	return crumbs
}

// faqJSONLD is the schema.org FAQPage block of a FAQ page. json.Marshal
// escapes <, > and &, so the text cannot close the script element.
func faqJSONLD(qs []markdown.Question) template.JS {
	type answer struct {
		Type string `json:"@type"`
		Text string `json:"text"`
	}
	type question struct {
		Type   string `json:"@type"`
		Name   string `json:"name"`
		Answer answer `json:"acceptedAnswer"`
	}
	doc := struct {
		Context string     `json:"@context"`
		Type    string     `json:"@type"`
		Main    []question `json:"mainEntity"`
	}{Context: "https://schema.org", Type: "FAQPage"}
	for _, q := range qs {
		doc.Main = append(doc.Main, question{Type: "Question", Name: q.Text, Answer: answer{Type: "Answer", Text: q.PlainText}})
	}
	b, _ := json.Marshal(doc)
	return template.JS(b)
}

// sectionPageWords is how long a section page's own text must be for
// search to find the page: a sentence or two above its list of articles
// introduces them, and theirs are the documents that answer; a page of its
// own (a Just the Docs parent page, a Hugo section that holds a guide) is
// found as an article is.
const sectionPageWords = 80

// pageDocs returns a page's search documents: one per article, one per FAQ
// question with a deep link to its anchor, one for a section page with a
// text of its own (sectionPageWords).
func (r *renderer) pageDocs(p *page, res markdown.Result) []search.Document {
	if p.typ == kindHome || p.src == nil || p.src.Meta.NoSearch || p.src.Meta.Unlisted {
		return nil
	}
	if p.typ == kindSection && !atLeastWords(res.PlainText, sectionPageWords) {
		return nil
	}
	secTitle := ""
	if sec := p.section; sec != nil {
		if p.typ == kindSection { // under the section it is nested in, if any
			sec = sec.parent
		}
		if sec != nil && sec.page != nil {
			secTitle = sec.page.title
		}
	}
	base := search.Document{
		Lang:         p.lang.lang.Code,
		Section:      p.src.Section,
		SectionTitle: secTitle,
		Tags:         p.src.Meta.Tags,
		Fallback:     p.fallback,
	}
	d := base
	d.ID, d.URL, d.Title, d.Kind = p.url, p.url, p.title, string(p.typ)
	for _, h := range res.Headings {
		if h.Level > 1 {
			d.Headings = append(d.Headings, h.Text)
		}
	}
	if p.typ == kindFAQ {
		// The page's own text is its description and its intro; each
		// answer is its question's document.
		d.Body = strings.TrimSpace(p.src.Meta.Description + "\n" + res.IntroText)
	} else {
		d.Body = res.PlainText
	}
	docs := []search.Document{d}
	for _, q := range res.Questions {
		qd := base
		qd.ID = p.url + "#" + q.ID
		qd.URL = qd.ID
		qd.Title = q.Text
		qd.Page = p.title
		qd.Body = q.PlainText
		qd.Kind = "question"
		docs = append(docs, qd)
	}
	// Digested once here: the cache keeps the digests with the documents,
	// and both indexes name a document's text by it.
	for i := range docs {
		docs[i].Digest = search.DocDigest(&docs[i])
	}
	return docs
}

// atLeastWords reports whether text has n words or more.
func atLeastWords(text string, n int) bool {
	for range strings.FieldsSeq(text) {
		if n--; n <= 0 {
			return true
		}
	}
	return n <= 0
}

// langsDocs gathers the search documents of the given languages' pages,
// sorted by language and ID.
func langsDocs(states map[string]*pageState, langs []string) []search.Document {
	var docs []search.Document
	for _, st := range states {
		for _, d := range st.docs {
			if slices.Contains(langs, d.Lang) {
				docs = append(docs, d)
			}
		}
	}
	slices.SortFunc(docs, func(a, b search.Document) int {
		return cmp.Or(strings.Compare(a.Lang, b.Lang), strings.Compare(a.ID, b.ID))
	})
	return docs
}

// sitePath puts the site's base path in front of a root-relative URL from
// site.toml: on a site at /help/, endpoint "/api/search" is
// "/help/api/search". Full URLs and paths already under it stay as they are.
func sitePath(base, u string) string {
	if !strings.HasPrefix(u, "/") || strings.HasPrefix(u, "//") || strings.HasPrefix(u, base) {
		return u
	}
	return base + strings.TrimPrefix(u, "/")
}

// pageSource is the Markdown of a page and the line of its file it
// starts on: its body, after the introduction its front matter makes
// (content.Meta.Intro), set on the lines before the body so that the
// body's lines keep their numbers; after the body when there are not
// that many lines.
func pageSource(src *content.Page) (source []byte, line int) {
	intro := src.Meta.Intro
	if intro == "" {
		return src.Body, src.BodyLine
	}
	n := strings.Count(intro, "\n") + 2 // and a blank line
	if src.BodyLine-n >= 1 {
		return slices.Concat([]byte(intro), []byte("\n\n"), src.Body), src.BodyLine - n
	}
	return slices.Concat(src.Body, []byte("\n\n"), []byte(intro)), src.BodyLine
}
