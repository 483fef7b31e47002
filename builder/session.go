package builder

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"

	"kb/builder/config"
	"kb/builder/content"
	"kb/builder/diag"
	"kb/builder/locale"
	"kb/builder/markdown"
	"kb/builder/theme"
	"kb/search"
	"kb/search/analytics"
)

// Session builds a site and keeps what it learned, so that kb serve can
// rebuild after an edit by re-reading only the changed files and
// re-rendering only the pages they affect. Its methods are not safe for
// concurrent use.
type Session struct {
	opts    Options
	oneShot bool // kb build: no rebuild follows, so keep nothing for one
	siteFS  fs.FS

	// Set up by a full build; an incremental rebuild reuses them.
	cfg        *config.Config
	theme      *theme.Theme
	catalog    *locale.Catalog
	md         *markdown.Renderer
	setupDiags []diag.Diagnostic

	files         map[string]*content.Page     // content pages by file
	fileDiags     map[string][]diag.Diagnostic // content diagnostics by file
	other         map[string]bool              // non-Markdown files under content/
	staticFiles   map[string]bool              // output paths of the site's static/ files
	site          *site                        // the last good build
	states        map[string]*pageState        // by output path, of the last good build
	navSigs       map[string][32]byte          // "lang/section" → signature of its navigation
	views         map[string]*SiteView         // shared page data of the last good build
	navs          map[*section]*NavView
	urls          map[string]*pageState // states by URL, made on demand
	linkers       map[string][]string   // group id → output paths of pages linking to it, made on demand
	unbuilt       map[string]bool       // groups changed since the last good build
	unbuiltOther  bool                  // non-Markdown content changed since then
	modelDiags    []diag.Diagnostic     // from resolving the site model
	extraDiags    []diag.Diagnostic     // from aliases and other generated files
	outputs       map[string][32]byte   // every output file of the last good build → hash
	static        map[string][]string   // static index files by language
	outMu         sync.Mutex            // guards outputs, static and the refresh state below
	staticGen     uint64                // generation of the latest static refresh
	staticPending map[string]bool       // languages whose static index awaits a refresh
	pending       sync.WaitGroup        // a static index refresh still running
	staticErr     error
	hist          *history                          // the site's git history, read once
	clicks        map[string][]analytics.PageClicks // most opened pages by language, read once
	clicksRead    bool
}

// NewSession prepares a session; nothing is read until Build.
func NewSession(opts Options) *Session {
	if opts.SiteDir == "" {
		opts.SiteDir = "."
	}
	if opts.Out == "" {
		opts.Out = filepath.Join(opts.SiteDir, "public")
	}
	if opts.IndexDir == "" {
		opts.IndexDir = filepath.Join(opts.SiteDir, ".kb", "search")
	}
	return &Session{opts: opts, siteFS: content.OpenSite(opts.SiteDir)}
}

// Build reads and renders the whole site and swaps the new output in
// atomically.
func (s *Session) Build(ctx context.Context) (Result, error) {
	s.Wait()
	start := time.Now()
	var ds diag.List
	res := Result{}
	phase := func(name string) {
		res.Phases = append(res.Phases, Phase{Name: name, Took: time.Since(start)})
	}
	fail := func(err error) (Result, error) {
		res.Diagnostics = ds.All()
		res.Duration = time.Since(start)
		return res, err
	}
	opts := s.opts
	if err := checkOutDir(opts.SiteDir, opts.Out); err != nil {
		return fail(err)
	}
	s.site = nil // until this build succeeds, rebuilds are full builds
	var inputs string
	if s.oneShot && !opts.CheckOnly {
		// An error here only means no stamp: the build goes on.
		inputs, _ = s.inputsHash()
		if prev, ok := s.upToDate(inputs); ok {
			prev.Duration = time.Since(start)
			return prev, nil
		}
		os.Remove(s.stampPath()) // the output is about to change
	}
	if err := s.setup(&ds); err != nil {
		return fail(err)
	}

	phase("setup")
	progress(opts.Progress, "loading content")
	var loadDiags diag.List
	pages := content.Load(ctx, s.siteFS, s.cfg, &loadDiags)
	if err := ctx.Err(); err != nil {
		return fail(err)
	}
	s.files = make(map[string]*content.Page, len(pages))
	for _, p := range pages {
		s.files[p.File] = p
	}
	s.fileDiags = map[string][]diag.Diagnostic{}
	for _, d := range loadDiags.All() {
		s.fileDiags[d.File] = append(s.fileDiags[d.File], d)
	}
	ds.Add(loadDiags.All()...)
	phase("load")
	var md diag.List
	site := s.newSite(pages, &md)
	modelDiags := md.All()
	ds.Add(modelDiags...)

	out, err := newOutput(opts.Out, opts.CheckOnly)
	if err != nil {
		return fail(err)
	}
	var hashed fileWriter = out
	var sums map[string][32]byte
	if !s.oneShot {
		h := &hashingWriter{w: out, sums: map[string][32]byte{}}
		hashed, sums = h, h.sums
	}
	r := s.renderer(site, hashed, &ds)
	if err := r.prepare(); err != nil {
		out.Abort()
		return fail(err)
	}
	phase("model")
	if err := r.renderAll(ctx, opts.Progress); err != nil {
		out.Abort()
		return fail(err)
	}
	for _, st := range r.states {
		ds.Add(st.diags...)
	}
	phase("render")
	r.checkLinks(r.states, nil)
	other, err := r.contentFiles()
	if err != nil {
		out.Abort()
		return fail(err)
	}
	extraDiags, err := r.extras()
	if err != nil {
		out.Abort()
		return fail(err)
	}
	for _, step := range []func() error{r.writeAssets, r.copyStatic, func() error { return r.copyContentFiles(other) }} {
		if err := step(); err != nil {
			out.Abort()
			return fail(err)
		}
	}
	if ds.HasErrors() {
		out.Abort()
		return fail(ErrContent)
	}
	res.Pages = int(r.rendered.Load())
	res.Languages = len(site.langs)
	if opts.CheckOnly {
		out.Abort()
		res.Diagnostics = ds.All()
		res.Duration = time.Since(start)
		return res, nil
	}
	phase("extras")
	progress(opts.Progress, "building search indexes")
	if s.oneShot {
		// Nothing renders again: let the Markdown go before the indexes,
		// the build's largest allocations, are made.
		for _, p := range pages {
			p.Body = nil
		}
	}
	static, ndocs, commitIndex, err := r.buildIndexes(ctx, opts.IndexDir, s.oneShot)
	if err == nil {
		if err = commitIndex(); err == nil && opts.IndexDir != "-" {
			err = writeServerSettings(opts.IndexDir, site.cfg)
		}
	}
	if err != nil {
		out.Abort()
		return fail(err)
	}
	phase("indexes")
	if opts.Precompress || site.cfg.Build.Precompress {
		if err := out.precompress(ctx); err != nil {
			out.Abort()
			return fail(err)
		}
	}
	phase("precompress")
	res.Written, res.Kept, res.Removed = out.stats()
	if err := out.Commit(); err != nil {
		return fail(fmt.Errorf("writing %s: %w", opts.Out, err))
	}

	phase("commit")
	s.site, s.states, s.other, s.static = site, r.states, other, static
	s.urls, s.linkers = nil, nil
	s.unbuilt, s.unbuiltOther = nil, false
	s.views, s.navs = r.views, r.navs
	s.modelDiags, s.extraDiags = modelDiags, extraDiags
	s.staticFiles = map[string]bool{}
	fs.WalkDir(s.siteFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			s.staticFiles[strings.TrimPrefix(p, "static/")] = true
		}
		return nil
	})
	s.outputs = sums
	s.navSigs = navSignatures(r)
	res.SearchDocs = ndocs
	res.Diagnostics = ds.All()
	res.Duration = time.Since(start)
	if s.oneShot {
		s.writeStamp(inputs, res)
	}
	return res, nil
}

// setup reads site.toml, the theme and the UI strings.
func (s *Session) setup(ds *diag.List) error {
	opts := s.opts
	cfg, cds := config.Load(s.siteFS)
	ds.Add(cds...)
	if cfg == nil {
		return fmt.Errorf("%w: %s", ErrContent, config.FileName)
	}
	if opts.BaseURL != "" {
		if err := config.CheckBaseURL(opts.BaseURL); err != nil {
			return fmt.Errorf("--base-url: %w", err)
		}
		cfg.BaseURL = strings.TrimSuffix(opts.BaseURL, "/") + "/"
	}
	layers := []theme.Layer{{FS: opts.Theme, Prefix: "themes/default"}}
	sources := []locale.Source{{FS: opts.Theme, Prefix: "themes/default/"}}
	if cfg.Theme != "" {
		sub, err := fs.Sub(s.siteFS, "themes/"+cfg.Theme)
		if _, statErr := fs.Stat(s.siteFS, "themes/"+cfg.Theme); err != nil || statErr != nil {
			ds.Errorf(config.FileName, 0, 0, "theme %q: no folder themes/%s in the site", cfg.Theme, cfg.Theme)
		} else {
			layers = append(layers, theme.Layer{FS: sub, Prefix: "themes/" + cfg.Theme})
			sources = append(sources, locale.Source{FS: sub, Prefix: "themes/" + cfg.Theme + "/"})
		}
	}
	sources = append(sources, locale.Source{FS: s.siteFS, Prefix: ""})
	th, tds := theme.Load(layers...)
	ds.Add(tds...)
	catalog, lds := locale.NewCatalog(cfg.Order, sources...)
	ds.Add(lds...)
	if ds.HasErrors() {
		return fmt.Errorf("%w: theme or UI strings", ErrContent)
	}
	s.cfg, s.theme, s.catalog = cfg, th, catalog
	s.md = markdown.New(markdown.Options{Unsafe: cfg.Markdown.Unsafe})
	s.setupDiags = ds.All()
	return nil
}

// newSite resolves the model and checks that every page has a title.
func (s *Session) newSite(pages []*content.Page, ds *diag.List) *site {
	site := newSite(s.cfg, pages, s.catalog, ds)
	site.history = s.readHistory()
	site.clicks = s.readClicks()
	for _, ls := range site.langs {
		for _, p := range ls.pages {
			if p.title == "" && !p.fallback && p.src.File != "" {
				ds.Errorf(p.src.File, 1, 1, "page has no title: add title to the front matter or start the text with a # heading")
			}
		}
	}
	return site
}

func (s *Session) renderer(site *site, out fileWriter, ds *diag.List) *renderer {
	return &renderer{site: site, theme: s.theme, md: s.md, out: out, ds: ds, siteFS: s.siteFS, states: map[string]*pageState{}, release: s.oneShot}
}

// Wait blocks until the static index refreshes started by rebuilds have
// finished, and reports the error of a failed one.
func (s *Session) Wait() error {
	s.pending.Wait()
	return s.staticFailed()
}

// staticFailed reports (once) a static index refresh that failed.
func (s *Session) staticFailed() error {
	s.outMu.Lock()
	defer s.outMu.Unlock()
	err := s.staticErr
	s.staticErr = nil
	return err
}

// Rebuild brings the output up to date after the given files changed
// (absolute or site-relative paths). Content edits re-render only what they
// affect; a change to site.toml, the theme, i18n or static/ rebuilds
// everything. On content errors nothing is written and the last good
// output stays. The browser (static) search index of the changed languages
// is refreshed in the background: Wait for it before reading it.
func (s *Session) Rebuild(ctx context.Context, changed []string) (Result, error) {
	if err := s.staticFailed(); err != nil {
		return s.Build(ctx)
	}
	rels := make([]string, 0, len(changed))
	siteAbs, err := filepath.Abs(s.opts.SiteDir)
	if err != nil {
		return s.Build(ctx)
	}
	for _, c := range changed {
		if filepath.IsAbs(c) {
			if r, err := filepath.Rel(siteAbs, c); err == nil {
				c = r
			}
		}
		rels = append(rels, filepath.ToSlash(filepath.Clean(c)))
	}
	if s.site == nil || s.opts.CheckOnly || slices.ContainsFunc(rels, func(r string) bool { return !strings.HasPrefix(r, "content/") }) {
		return s.Build(ctx)
	}
	start := time.Now()
	var ds diag.List
	ds.Add(s.setupDiags...)
	res := Result{}
	phase := func(name string) {
		res.Phases = append(res.Phases, Phase{Name: name, Took: time.Since(start)})
	}

	// Re-read the changed files; a folder change re-reads the folder.
	touched := map[string]bool{} // translation groups of changed pages, before and after
	changedOther := false
	bodyOnly := true // every change kept a page's front matter and title
	var swaps [][2]*content.Page
	for _, rel := range rels {
		if st, err := fs.Stat(s.siteFS, rel); err == nil && st.IsDir() || s.isKnownDir(rel) {
			for _, f := range s.filesUnder(rel) {
				s.reread(f, touched)
			}
			changedOther, bodyOnly = true, false
			continue
		}
		switch class, _ := content.ClassifyFile(rel); class {
		case content.Ignored:
			continue
		case content.Markdown:
			before, after := s.reread(rel, touched)
			if before == nil && after == nil {
				continue // not a page of a configured language, before or now
			}
			if !sameShape(before, after) {
				bodyOnly = false
			}
			swaps = append(swaps, [2]*content.Page{before, after})
		default:
			changedOther, bodyOnly = true, false
		}
	}
	// Changes since the last good build count too, when rebuilds failed
	// in between.
	for id := range s.unbuilt {
		touched[id] = true
	}
	changedOther = changedOther || s.unbuiltOther
	s.unbuilt, s.unbuiltOther = touched, changedOther // until one succeeds
	if bodyOnly && !changedOther && s.views != nil {
		return s.rebuildBodies(ctx, swaps, touched, res, start)
	}
	// Until this rebuild succeeds, the model no longer matches the files:
	// the next rebuild must resolve it again rather than patch it.
	s.views = nil
	pages := slices.Collect(maps.Values(s.files))
	slices.SortFunc(pages, func(a, b *content.Page) int { return strings.Compare(a.File, b.File) })
	for _, f := range slices.Sorted(maps.Keys(s.fileDiags)) {
		ds.Add(s.fileDiags[f]...)
	}
	phase("read")
	var md diag.List
	site := s.newSite(pages, &md)
	modelDiags := md.All()
	ds.Add(modelDiags...)

	mem := &memOutput{files: map[string][]byte{}}
	r := s.renderer(site, mem, &ds)
	if err := r.prepare(); err != nil {
		return res, err
	}
	phase("model")
	navSigs := navSignatures(r)
	affected := s.affected(site, touched, navSigs)
	if err := r.renderPages(ctx, affected, nil); err != nil {
		return res, err
	}
	phase("render")
	states := make(map[string]*pageState, len(s.states))
	for _, ls := range site.langs {
		for _, p := range ls.pages {
			if st := r.states[p.out]; st != nil {
				states[p.out] = st
			} else {
				states[p.out] = s.states[p.out]
			}
		}
	}
	for _, out := range slices.Sorted(maps.Keys(states)) {
		ds.Add(states[out].diags...)
	}
	recheck := make(map[string]bool, len(affected))
	for _, p := range affected {
		recheck[p.out] = true
	}
	if changedOther {
		recheck = nil // an image or file appeared or went: check every page
	}
	r.checkLinks(states, recheck)
	extraDiags, err := r.extras()
	if err != nil {
		return res, err
	}
	other := s.other
	if changedOther {
		var err error
		if other, err = r.contentFiles(); err != nil {
			return res, err
		}
		if err := r.copyContentFiles(other); err != nil {
			return res, err
		}
	}
	if ds.HasErrors() {
		res.Diagnostics = ds.All()
		res.Duration = time.Since(start)
		return res, ErrContent
	}

	phase("check")
	// Every file the site now has: rendered or regenerated ones from mem,
	// the rest kept from the last build.
	s.outMu.Lock()
	keep := map[string]bool{}
	for out := range states {
		keep[out] = true
	}
	for _, a := range s.theme.Assets() {
		keep[a.Path] = true
	}
	for rel := range s.outputs {
		if s.isStaticFile(rel) || (!changedOther && s.isContentFile(rel)) || isStaticIndexFile(rel) {
			keep[rel] = true
		}
	}
	for rel := range other {
		keep[strings.TrimPrefix(rel, "content/")] = true
	}
	for rel := range mem.files {
		keep[rel] = true
	}
	written, removed, err := s.writeInPlace(mem.files, keep)
	s.outMu.Unlock()
	if err != nil {
		return res, err
	}

	phase("write")
	// The server index: changed documents only.
	upserts, deletes, langs := diffStates(s.states, states)
	if s.opts.IndexDir != "-" && (len(upserts) > 0 || len(deletes) > 0) {
		if err := search.Update(ctx, s.opts.IndexDir, upserts, deletes); err != nil {
			return res, fmt.Errorf("updating the search index: %w", err)
		}
	}
	phase("index")
	s.site, s.states, s.navSigs, s.other = site, states, navSigs, other
	s.urls, s.linkers = nil, nil
	s.unbuilt, s.unbuiltOther = nil, false
	s.views, s.navs = r.views, r.navs
	s.modelDiags, s.extraDiags = modelDiags, extraDiags
	s.refreshStaticLater(r, states, langs)

	res.Pages = int(r.rendered.Load())
	res.Languages = len(site.langs)
	res.Written, res.Removed, res.Kept = written, removed, len(keep)-written
	res.Diagnostics = ds.All()
	res.Duration = time.Since(start)
	return res, nil
}

// reread loads one content file again (or forgets it when it is gone) and
// notes the translation groups it belonged to and belongs to now.
func (s *Session) reread(rel string, touched map[string]bool) (before, after *content.Page) {
	before = s.files[rel]
	if before != nil {
		touched[groupID(before)] = true
	}
	delete(s.files, rel)
	delete(s.fileDiags, rel)
	if _, err := fs.Stat(s.siteFS, rel); errors.Is(err, fs.ErrNotExist) {
		return before, nil // deleted or renamed away
	}
	var ds diag.List
	if p, ok := content.ReadPage(s.siteFS, rel, s.cfg, &ds); ok {
		s.files[rel] = p
		touched[groupID(p)] = true
		after = p
	}
	if all := ds.All(); len(all) > 0 {
		s.fileDiags[rel] = all
	}
	return before, after
}

func groupID(p *content.Page) string { return string(rune('0'+p.Kind)) + "\x00" + p.Key }

// isKnownDir reports whether rel was a folder holding content files (a
// folder deleted or renamed away).
func (s *Session) isKnownDir(rel string) bool {
	prefix := strings.TrimSuffix(rel, "/") + "/"
	for f := range s.files {
		if strings.HasPrefix(f, prefix) {
			return true
		}
	}
	return false
}

// filesUnder lists the Markdown files under a folder, known before or on
// disk now.
func (s *Session) filesUnder(rel string) []string {
	prefix := strings.TrimSuffix(rel, "/") + "/"
	set := map[string]bool{}
	for f := range s.files {
		if strings.HasPrefix(f, prefix) {
			set[f] = true
		}
	}
	fs.WalkDir(s.siteFS, rel, func(p string, d fs.DirEntry, err error) error {
		if class, _ := content.ClassifyFile(p); err == nil && !d.IsDir() && class == content.Markdown {
			set[p] = true
		}
		return nil
	})
	return slices.Sorted(maps.Keys(set))
}

// affected lists the pages an edit can change: pages that are new or whose
// translation group changed (the page, its translations and fallbacks, whose
// switchers name it), home and section pages, pages of sections whose
// navigation changed, and pages whose links resolve to a changed group or
// did not resolve before.
func (s *Session) affected(site *site, touched map[string]bool, navSigs map[string][32]byte) []*page {
	newGroup := false
	for id := range touched {
		if !slices.ContainsFunc(s.site.groups, func(g *group) bool { return g.id == id }) {
			newGroup = true
		}
	}
	changedSig := func(key string) bool { return navSigs[key] != s.navSigs[key] }
	var out []*page
	for _, ls := range site.langs {
		code := ls.lang.Code
		homeChanged := changedSig(code + "/")
		navChanged := map[*section]bool{}
		listChanged := map[*section]bool{}
		for _, sec := range ls.order {
			navChanged[sec] = changedSig(code + "/" + sec.name)
			listChanged[sec] = changedSig(code + "/" + sec.name + "/list")
		}
		for _, p := range ls.pages {
			old := s.states[p.out]
			switch {
			case old == nil:
			case p.g != nil && touched[p.g.id]:
			case p.typ == "home" && homeChanged:
			case p.typ == "section" && listChanged[p.section]:
			case p.section != nil && navChanged[p.section]:
			case changedSig("page:" + p.out):
			case old.broken && newGroup:
			case anyKey(old.linked, touched):
			default:
				continue
			}
			out = append(out, p)
		}
	}
	return out
}

func anyKey(set, keys map[string]bool) bool {
	for k := range keys {
		if set[k] {
			return true
		}
	}
	return false
}

// navSignatures fingerprints what pages share, so a rebuild re-renders
// them only when it changed: "lang/section" is a section's sidebar
// navigation (on all its pages), "lang/section/list" its full article list
// (on the section page), and "lang/" the topics and loose articles of the
// home page.
func navSignatures(r *renderer) map[string][32]byte {
	sigs := map[string][32]byte{}
	for _, ls := range r.site.langs {
		code := ls.lang.Code
		home := sha256.New()
		for _, sec := range ls.order {
			nav := r.navs[sec]
			h := sha256.New()
			fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00%d\x00", nav.Title, nav.URL, nav.Description, nav.HTML, nav.Count)
			sig := [32]byte(h.Sum(nil))
			sigs[code+"/"+sec.name] = sig
			home.Write(sig[:])
			for _, a := range nav.Top {
				fmt.Fprintf(home, "%s\x00%s\x00", a.Title, a.URL)
			}
			list := sha256.New()
			for _, a := range nav.Articles {
				fmt.Fprintf(list, "%s\x00%s\x00%s\x00", a.Title, a.URL, a.Description)
			}
			sigs[code+"/"+sec.name+"/list"] = [32]byte(list.Sum(nil))
		}
		for _, a := range ls.loose {
			fmt.Fprintf(home, "%s\x00%s\x00", a.title, a.url)
		}
		sigs[code+"/"] = [32]byte(home.Sum(nil))
	}
	maps.Copy(sigs, readerSignatures(r))
	return sigs
}

// diffStates compares the search documents of two builds page by page
// (a page that was not rendered again shares its state, and is skipped) and
// returns the documents to add or replace, the IDs to delete by language,
// and the languages that changed.
func diffStates(before, after map[string]*pageState) ([]search.Document, map[string][]string, []string) {
	var upserts []search.Document
	deletes := map[string][]string{}
	changed := map[string]bool{}
	for _, out := range slices.Sorted(maps.Keys(before)) {
		if _, ok := after[out]; !ok {
			for _, d := range before[out].docs {
				deletes[d.Lang] = append(deletes[d.Lang], d.ID)
				changed[d.Lang] = true
			}
		}
	}
	for _, out := range slices.Sorted(maps.Keys(after)) {
		st, old := after[out], before[out]
		if st == old {
			continue
		}
		prev := map[string]search.Document{}
		if old != nil {
			for _, d := range old.docs {
				prev[d.ID] = d
			}
		}
		for _, d := range st.docs {
			if p, ok := prev[d.ID]; !ok || !sameDoc(p, d) {
				upserts = append(upserts, d)
				changed[d.Lang] = true
			}
			delete(prev, d.ID)
		}
		for _, id := range slices.Sorted(maps.Keys(prev)) {
			lang := prev[id].Lang
			deletes[lang] = append(deletes[lang], id)
			changed[lang] = true
		}
	}
	return upserts, deletes, slices.Sorted(maps.Keys(changed))
}

func sameDoc(a, b search.Document) bool {
	return a.ID == b.ID && a.Lang == b.Lang && a.URL == b.URL && a.Title == b.Title && a.Page == b.Page &&
		a.Section == b.Section && a.SectionTitle == b.SectionTitle && a.Body == b.Body && a.Kind == b.Kind &&
		a.Fallback == b.Fallback && slices.Equal(a.Headings, b.Headings) && slices.Equal(a.Tags, b.Tags)
}

// refreshStaticLater rewrites the static (browser) index of the changed
// languages in the background, so a save is served without waiting for it.
// A later edit supersedes a refresh still running: the superseded one stops
// and writes nothing, and its languages are refreshed by the later one.
func (s *Session) refreshStaticLater(r *renderer, states map[string]*pageState, langs []string) {
	if len(langs) == 0 {
		return
	}
	s.outMu.Lock()
	if s.staticPending == nil {
		s.staticPending = map[string]bool{}
	}
	for _, l := range langs {
		s.staticPending[l] = true
	}
	s.staticGen++
	gen := s.staticGen
	all := slices.Sorted(maps.Keys(s.staticPending))
	s.outMu.Unlock()

	stale := func() bool {
		s.outMu.Lock()
		defer s.outMu.Unlock()
		return s.staticGen != gen
	}
	s.pending.Add(1)
	go func() {
		defer s.pending.Done()
		mem := &memOutput{files: map[string][]byte{}}
		r.out = mem
		files, err := r.writeStaticIndex(allDocs(states), all, stale)
		s.outMu.Lock()
		defer s.outMu.Unlock()
		if s.staticGen != gen {
			return // superseded
		}
		if err == nil {
			err = s.writeStatic(files, mem.files, all)
		}
		if err != nil {
			s.staticErr = err
			return
		}
		clear(s.staticPending)
	}()
}

// writeStatic replaces the static index files of some languages. The
// caller holds outMu.
func (s *Session) writeStatic(byLang map[string][]string, files map[string][]byte, langs []string) error {
	keep := make(map[string]bool, len(s.outputs))
	for rel := range s.outputs {
		keep[rel] = true
	}
	for _, lang := range langs {
		for _, old := range s.static[lang] {
			delete(keep, old)
		}
		s.static[lang] = byLang[lang]
	}
	for rel := range files {
		keep[rel] = true
	}
	_, _, err := s.writeInPlace(files, keep)
	return err
}

// writeInPlace writes the files whose bytes changed into the output folder
// (each by a rename, so a reader never sees half a file) and removes files
// not in keep (nil keeps everything). It returns how many files it wrote
// and removed.
func (s *Session) writeInPlace(files map[string][]byte, keep map[string]bool) (written, removed int, err error) {
	root, err := os.OpenRoot(s.opts.Out)
	if err != nil {
		return 0, 0, err
	}
	defer root.Close()
	for _, rel := range slices.Sorted(maps.Keys(files)) {
		data := files[rel]
		sum := sha256.Sum256(data)
		if prev, ok := s.outputs[rel]; ok && prev == sum {
			continue
		}
		if dir := path.Dir(rel); dir != "." {
			if err := root.MkdirAll(filepath.FromSlash(dir), 0o755); err != nil {
				return written, removed, err
			}
		}
		tmp := filepath.FromSlash(rel) + ".kb-tmp"
		if err := root.WriteFile(tmp, data, 0o644); err != nil {
			return written, removed, err
		}
		if err := root.Rename(tmp, filepath.FromSlash(rel)); err != nil {
			return written, removed, err
		}
		s.outputs[rel] = sum
		dropSiblings(root, rel, s.outputs)
		written++
	}
	if keep == nil {
		return written, 0, nil
	}
	for _, rel := range slices.Sorted(maps.Keys(s.outputs)) {
		if keep[rel] {
			continue
		}
		if err := root.Remove(filepath.FromSlash(rel)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return written, removed, err
		}
		delete(s.outputs, rel)
		dropSiblings(root, rel, s.outputs)
		removed++
		// Remove folders the file leaves empty (a deleted page's folder).
		for dir := path.Dir(rel); dir != "."; dir = path.Dir(dir) {
			if root.Remove(filepath.FromSlash(dir)) != nil {
				break
			}
		}
	}
	return written, removed, nil
}

func (s *Session) isStaticFile(rel string) bool { return s.staticFiles[rel] }

func (s *Session) isContentFile(rel string) bool { return s.other["content/"+rel] }

func isStaticIndexFile(rel string) bool { return strings.HasPrefix(rel, "_kb/search/") }

// memOutput collects the files of an incremental rebuild before any is
// written, so a rebuild with errors writes nothing.
type memOutput struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (m *memOutput) Write(rel string, data []byte) error {
	if !fs.ValidPath(rel) || strings.Contains(rel, `\`) {
		return fmt.Errorf("refusing to write %q: not a path inside the output folder", rel)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, dup := m.files[rel]; dup {
		return fmt.Errorf("two outputs claim %s", rel)
	}
	m.files[rel] = data
	return nil
}

// hashingWriter records the hash of every file written through it, so that
// rebuilds compare new bytes to old without reading the output folder.
type hashingWriter struct {
	w    fileWriter
	mu   sync.Mutex
	sums map[string][32]byte
}

func (h *hashingWriter) Write(rel string, data []byte) error {
	if err := h.w.Write(rel, data); err != nil {
		return err
	}
	sum := sha256.Sum256(data)
	h.mu.Lock()
	h.sums[rel] = sum
	h.mu.Unlock()
	return nil
}

// serverSettings are the search server settings from site.toml, written
// into the index folder so an index deploys with its own CORS origins and
// limits (kb search reads them).
type serverSettings struct {
	CORSOrigins    []string `json:"corsOrigins"`
	RateLimit      float64  `json:"rateLimit"`
	MaxQueryLength int      `json:"maxQueryLength"`
	// BaseURL lets the server accept votes from the published site's
	// origin when a proxy in front rewrites Host.
	BaseURL string `json:"baseURL,omitempty"`
	// Endpoint lets the pages' Content-Security-Policy reach a search
	// server on another origin.
	Endpoint string `json:"endpoint,omitempty"`
}

func writeServerSettings(indexDir string, cfg *config.Config) error {
	b, err := json.MarshalIndent(serverSettings{
		CORSOrigins:    cfg.Search.CORSOrigins,
		RateLimit:      cfg.Search.RateLimit,
		MaxQueryLength: cfg.Server.MaxQueryLength,
		BaseURL:        cfg.BaseURL,
		Endpoint:       cfg.Search.Endpoint,
	}, "", "  ")
	if err != nil {
		return err
	}
	tmp := filepath.Join(indexDir, "server.json.tmp")
	if err := os.WriteFile(tmp, append(b, '\n'), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(indexDir, "server.json"))
}

// BasePath is the URL path the site is published under ("/" or "/help/"),
// known after a successful build; kb serve serves the site there.
func (s *Session) BasePath() string {
	if s.site == nil {
		return ""
	}
	return s.site.basePath
}

// sameShape reports whether an edit left everything but the body of a page
// as it was: same place, translation, front matter and title. Such an edit
// cannot change the site's model, navigation, sitemap or redirects.
func sameShape(a, b *content.Page) bool {
	return a != nil && b != nil && a.File == b.File && a.Lang == b.Lang && a.Kind == b.Kind && a.Path == b.Path &&
		a.Section == b.Section && a.Key == b.Key && a.Untranslated == b.Untranslated &&
		pageTitle(a) == pageTitle(b) && reflect.DeepEqual(a.Meta, b.Meta)
}

// rebuildBodies is the rebuild after edits that changed only page bodies:
// the site model, navigation, sitemap and redirects stay; the edited pages
// (in every language that shows them) and the pages linking to them are
// rendered and checked again.
func (s *Session) rebuildBodies(ctx context.Context, swaps [][2]*content.Page, touched map[string]bool, res Result, start time.Time) (Result, error) {
	phase := func(name string) {
		res.Phases = append(res.Phases, Phase{Name: name, Took: time.Since(start)})
	}
	var ds diag.List
	ds.Add(s.setupDiags...)
	for _, diags := range s.fileDiags {
		ds.Add(diags...)
	}
	ds.Add(s.modelDiags...)
	ds.Add(s.extraDiags...)

	// Point the model at the new pages; on failure, point it back.
	swap := func(from, to *content.Page) {
		for _, g := range s.site.groups {
			if g.pages[from.Lang] == from {
				g.pages[from.Lang] = to
			}
		}
		for _, ls := range s.site.langs {
			for _, p := range ls.pages {
				if p.src == from {
					p.src = to
				}
			}
		}
	}
	for _, sw := range swaps {
		swap(sw[0], sw[1])
	}
	undo := func() {
		for _, sw := range swaps {
			swap(sw[1], sw[0])
		}
		s.views = nil // the files and the model differ: resolve it again next time
		s.urls, s.linkers = nil, nil
	}
	phase("read")

	mem := &memOutput{files: map[string][]byte{}}
	r := s.renderer(s.site, mem, &ds)
	r.views, r.navs = s.views, s.navs
	affected := s.affectedByBodies(touched)
	phase("model")
	if err := r.renderPages(ctx, affected, nil); err != nil {
		undo()
		return res, err
	}
	phase("render")
	byURL := s.byURL()
	for _, st := range r.states {
		byURL[st.url] = st // the new anchors
	}
	for out, st := range s.states {
		if nst := r.states[out]; nst != nil {
			st = nst
			st.checked = r.checkPage(st, byURL)
		}
		ds.Add(st.diags...)
		ds.Add(st.checked...)
	}
	phase("check")
	if ds.HasErrors() {
		undo()
		res.Diagnostics = ds.All()
		res.Duration = time.Since(start)
		return res, ErrContent
	}
	s.outMu.Lock()
	written, _, err := s.writeInPlace(mem.files, nil)
	s.outMu.Unlock()
	if err != nil {
		return res, err
	}
	phase("write")

	before := make(map[string]*pageState, len(r.states))
	for out := range r.states {
		before[out] = s.states[out]
	}
	upserts, deletes, langs := diffStates(before, r.states)
	if s.opts.IndexDir != "-" && (len(upserts) > 0 || len(deletes) > 0) {
		if err := search.Update(ctx, s.opts.IndexDir, upserts, deletes); err != nil {
			return res, fmt.Errorf("updating the search index: %w", err)
		}
	}
	for out, st := range r.states {
		if s.linkers != nil {
			for id := range s.states[out].linked {
				s.linkers[id] = slices.DeleteFunc(s.linkers[id], func(o string) bool { return o == out })
			}
			for id := range st.linked {
				s.linkers[id] = append(s.linkers[id], out)
			}
		}
		s.states[out] = st
	}
	s.unbuilt = nil
	phase("index")
	s.refreshStaticLater(r, maps.Clone(s.states), langs)
	res.Pages = int(r.rendered.Load())
	res.Languages = len(s.site.langs)
	res.Written = written
	res.Diagnostics = ds.All()
	res.Duration = time.Since(start)
	return res, nil
}

// byURL returns the last good build's page states by URL (for anchor
// checks), made once per site model.
func (s *Session) byURL() map[string]*pageState {
	if s.urls == nil {
		s.urls = make(map[string]*pageState, len(s.states))
		for _, st := range s.states {
			s.urls[st.url] = st
		}
	}
	return s.urls
}

// affectedByBodies lists the pages a body-only edit affects: the edited
// pages in every language that shows them, and the pages linking to them.
// It costs what the edit touches, not what the site holds.
func (s *Session) affectedByBodies(touched map[string]bool) []*page {
	if s.linkers == nil {
		s.linkers = map[string][]string{}
		for out, st := range s.states {
			for id := range st.linked {
				s.linkers[id] = append(s.linkers[id], out)
			}
		}
	}
	outs := map[string]bool{}
	for id := range touched {
		for _, out := range s.linkers[id] {
			outs[out] = true
		}
	}
	var affected []*page
	for _, ls := range s.site.langs {
		for _, g := range s.site.groups {
			if !touched[g.id] {
				continue
			}
			if p := ls.byGroup[g]; p != nil {
				outs[p.out] = false // listed below
				affected = append(affected, p)
			}
		}
	}
	for out, add := range outs {
		if add {
			if p := s.pageAt(out); p != nil {
				affected = append(affected, p)
			}
		}
	}
	return affected
}

// pageAt finds the page published at an output path.
func (s *Session) pageAt(out string) *page {
	lang, _, _ := strings.Cut(out, "/")
	ls := s.site.byCode[lang]
	if ls == nil {
		return nil
	}
	i, found := slices.BinarySearchFunc(ls.pages, out, func(p *page, out string) int { return strings.Compare(p.out, out) })
	if !found {
		return nil
	}
	return ls.pages[i]
}
