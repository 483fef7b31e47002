package builder

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"kb/builder/config"
	"kb/builder/content"
	"kb/builder/diag"
	"kb/builder/hugodata"
	"kb/builder/locale"
	"kb/builder/markdown"
	"kb/builder/sitelock"
	"kb/builder/theme"
	"kb/search"
	"kb/search/analytics"
	"kb/search/thesaurus"
)

// Session builds a site and keeps what it learned, so that kb serve can
// rebuild after an edit by re-reading only the changed files and
// re-rendering only the pages they affect. Its methods are not safe for
// concurrent use.
type Session struct {
	opts    Options
	oneShot bool // kb build: no rebuild follows, so keep nothing for one
	siteFS  fs.FS
	// built says a build has started: a serving session's first build
	// alone reads and writes the build cache (see build).
	built bool

	// Set up by a full build; an incremental rebuild reuses them.
	cfg        *config.Config
	theme      *theme.Theme
	catalog    *locale.Catalog
	synonyms   search.Synonyms // each language's thesaurus: kb's default extended by i18n/synonyms/<lang>.toml
	md         *markdown.Renderer
	setupDiags []diag.Diagnostic

	src contentFiles // the pages as last read

	// related is the build cache's related articles while a kb build
	// makes its site model (newSite); nil otherwise.
	related *relatedCache

	last         *lastBuild      // nil until a build succeeds
	modelStale   bool            // the files changed shape since last's model was resolved
	unbuilt      map[string]bool // groups changed since the last good build
	unbuiltFiles map[string]bool // non-page files and folders under content/ changed since then

	// What the output folder holds, for the in-place writers.
	outMu   sync.Mutex          // guards outputs, static, wroteOut and wroteIndex
	outputs map[string][32]byte // every output file → hash
	static  map[string][]string // static index files by language
	// The output and index folders as this session last left them: a
	// kb build in between swaps new ones in.
	wroteOut, wroteIndex os.FileInfo
	// outIgnoresCase says the output folder's file system ignores letter
	// case, as the last build found it.
	outIgnoresCase bool

	refresh   refresher                                                    // the static index, rewritten after a rebuild
	writeMu   sync.Mutex                                                   // see lock
	onWritten func(upserts []search.Document, deletes map[string][]string) // see OnWritten

	hist       *history                          // the site's git history, read once
	clicks     map[string][]analytics.PageClicks // most opened pages by language, read once
	clicksRead bool
	clicksErr  error // why the clicks could not be read
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

// lock takes the site lock for one build or rebuild, so no other kb
// process writes the output, the index or the stamp meanwhile; release
// gives it back. kb check writes nothing and takes none. The session's own
// writers, its builds and its static index refreshes, queue on writeMu
// before the file lock: a rebuild waiting for a refresh's writes starts as
// soon as they end, not at the file lock's next poll.
func (s *Session) lock(ctx context.Context, opts sitelock.Options) (release func(), err error) {
	if s.opts.CheckOnly {
		return func() {}, nil
	}
	s.writeMu.Lock()
	lk, err := sitelock.Acquire(ctx, s.opts.SiteDir, opts)
	if err != nil {
		s.writeMu.Unlock()
		return nil, err
	}
	return func() {
		lk.Release()
		s.writeMu.Unlock()
	}, nil
}

// lockOptions are the site lock's options for a build or rebuild.
func (s *Session) lockOptions() sitelock.Options {
	return sitelock.Options{NoWait: s.opts.NoWait, Waiting: s.opts.Waiting}
}

// noteFolders records the output and index folders this session wrote.
func (s *Session) noteFolders() {
	s.outMu.Lock()
	defer s.outMu.Unlock()
	s.wroteOut, _ = os.Stat(s.opts.Out)
	s.wroteIndex, _ = os.Stat(s.opts.IndexDir)
}

// foldersReplaced reports whether another process (a kb build) swapped in
// another output or index folder since this session last wrote them: what
// the session knows of them is then not what is on disk.
func (s *Session) foldersReplaced() bool {
	s.outMu.Lock()
	defer s.outMu.Unlock()
	same := func(before os.FileInfo, dir string) bool {
		now, err := os.Stat(dir)
		return before == nil && err != nil || before != nil && err == nil && os.SameFile(before, now)
	}
	return !same(s.wroteOut, s.opts.Out) || s.opts.IndexDir != "-" && !same(s.wroteIndex, s.opts.IndexDir)
}

// lockedBuild is build with the site lock held for it.
func (s *Session) lockedBuild(ctx context.Context) (Result, error) {
	s.Wait() // before the lock: a refresh still running needs it to finish
	release, err := s.lock(ctx, s.lockOptions())
	if err != nil {
		return Result{}, err
	}
	defer release()
	for attempt := 1; ; attempt++ {
		res, err := s.build(ctx)
		var changed *sourceChangedError
		if !errors.As(err, &changed) || attempt == maxBuildAttempts {
			return res, err
		}
		// A writer saved while the build ran: what it loaded is stale.
		progress(s.opts.Progress, changed.file+" changed during the build: building again")
	}
}

// maxBuildAttempts bounds how often kb build starts again because a source
// changed under it.
const maxBuildAttempts = 3

// build is Build with the lock held.
func (s *Session) build(ctx context.Context) (Result, error) {
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
	s.last = nil // until this build succeeds, rebuilds are full builds
	cached := s.oneShot && !opts.CheckOnly
	// A serving session's first build takes unchanged pages from the build
	// cache, as kb build does, and writes it for the next start. Its later
	// builds and rebuilds neither read nor write it: the pages edited while
	// it serves render again at the next start. Both kinds of build write
	// the cache under the site lock, so a kb build beside kb serve finds it
	// whole.
	servingFirst := !s.oneShot && !opts.CheckOnly && !s.built
	s.built = true
	fromCache := cached || servingFirst
	var inputs string
	// Without a stamp (a fresh checkout, a failed last build) the build
	// runs whatever the inputs are, and their hash is for the next build's
	// stamp: what reads no input starts at once (listing the previous
	// output), and what reads the configuration (setup, the build cache's
	// key) once inputsHash has looked at it, while it looks at the content.
	_, err := os.Stat(s.stampPath())
	early := cached && err != nil
	if cached && !early {
		// An error here only means no stamp: the build goes on.
		inputs, _ = s.inputsHash(nil)
		if prev, ok := s.upToDate(inputs); ok {
			prev.Duration = time.Since(start)
			return prev, nil
		}
		os.Remove(s.stampPath()) // the output is about to change
	}
	// Opening the output starts listing the previous one, which then
	// runs while setup reads the configuration and the content loads.
	var knownFolders func() *outFolders
	if cached {
		knownFolders = s.readOutFolders
	}
	out, err := newOutput(opts.Out, opts.CheckOnly, knownFolders)
	if err != nil {
		return fail(err)
	}
	out.inPlace = opts.InPlace && s.oneShot
	var knownSpare func() *outFolders
	if cached {
		knownSpare = s.readSpareFolders
	}
	out.useSpare(spareFolder(opts.SiteDir), knownSpare)
	var pageCache func() *pageCache
	defer func() {
		if pageCache != nil {
			if c := pageCache(); c != nil {
				c.abort() // dropped unless the build committed it
			}
		}
	}()
	var frontMatter func() *content.FrontMatterCache
	if cached {
		frontMatter = meanwhile(s.openFrontMatterCache)
	}
	var setupDone chan error
	if early {
		inputs, _ = s.inputsHash(func() {
			setupDone = make(chan error, 1)
			go func() { setupDone <- s.setup(&ds) }()
			pageCache = meanwhile(s.openPageCache)
		})
	}
	if setupDone != nil {
		err = <-setupDone
	} else {
		err = s.setup(&ds)
	}
	if err != nil {
		out.Abort()
		return fail(err)
	}

	phase("setup")
	progress(opts.Progress, "loading content")
	var loadDiags diag.List
	var fmc *content.FrontMatterCache
	if cached {
		fmc = frontMatter()
		// Its index takes a while to read and needs nothing of the
		// content: it is read while the content loads (or, without a
		// stamp, from when inputsHash has looked at its key's files).
		if pageCache == nil {
			pageCache = meanwhile(s.openPageCache)
		}
	} else if fromCache {
		pageCache = meanwhile(s.openPageCache)
	}
	// kb build renders each page once, reading its Markdown again just
	// before (renderer.readBody), so the load keeps none of it.
	pages := content.LoadWith(ctx, s.siteFS, s.cfg, &loadDiags, content.LoadOptions{FrontMatter: fmc, DropBodies: fmc != nil, TemplateParams: s.theme.ReadsParam})
	if err := ctx.Err(); err != nil {
		out.Abort()
		return fail(err)
	}
	loadDiags.Add(languageLookalikes(s.siteFS, s.cfg)...)
	s.src = newContentFiles(s.siteFS, s.cfg, s.theme.ReadsParam, pages, loadDiags.All())
	ds.Add(loadDiags.All()...)
	phase("load")
	// The front matter cache is complete once the content has loaded: it
	// goes to its file now, while the model is made, to be renamed into
	// place with the other caches, rather than stay in memory through the
	// build.
	fmFile := func() *stagedFile { return nil }
	if fmc != nil {
		res.FrontMatterHits = fmc.Hits()
		if !fmc.Unchanged() {
			c := fmc
			fmFile = meanwhile(func() *stagedFile { return s.stageSideCache(frontMatterCacheFile, c.Encode()) })
			defer func() { fmFile().discard() }()
		}
	}
	var md diag.List
	if fmc != nil {
		s.related = s.openRelatedCache()
	}
	fmc, frontMatter = nil, nil
	site := s.newSite(pages, &md)
	s.related = nil // kb serve's rebuilds compute their own
	modelDiags := md.All()
	ds.Add(modelDiags...)

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
	if r.static, err = listStatic(s.siteFS); err != nil {
		out.Abort()
		return fail(err)
	}
	if fromCache {
		r.cache, r.digests = pageCache(), r.computeViewDigests()
		switch {
		case r.cache == nil: // none to use: every page renders
		case s.oneShot:
			r.keepFile = out.keep
		default:
			// kb serve hashes every file it writes (hashingWriter), and
			// keeps every page's search documents whole for its rebuilds.
			r.cache.keepBodies = true
		}
	}
	phase("model")
	// kb build indexes each language right after rendering it and lets its
	// search documents go: the build never holds those of the whole site.
	// kb serve keeps them for its rebuilds and indexes after rendering.
	var ix *indexer
	var langDone func(string) error
	indexCtx, cancelIndexing := context.WithCancel(ctx)
	defer cancelIndexing()
	if s.oneShot && !opts.CheckOnly {
		if ix, err = r.newIndexer(opts.IndexDir, s.synonyms); err != nil {
			out.Abort()
			return fail(err)
		}
		if r.cache != nil && ix.server != nil {
			ix.held, ix.note = r.cache.serverUpdate(opts.IndexDir), s.cacheNote
		}
		langDone = func(lang string) error {
			progress(opts.Progress, "building the search indexes of "+lang)
			docs, rendered, bodies := r.langDocs(lang)
			return ix.addLanguage(indexCtx, lang, docs, rendered, bodies)
		}
	}
	var indexed func() error // waits for the languages still being indexed while extras are written
	abort := func(err error) (Result, error) {
		if indexed != nil {
			cancelIndexing()
			indexed()
		}
		if ix != nil {
			ix.abort() // first: a language being indexed writes its static index to out
		}
		out.Abort()
		return fail(err)
	}
	indexed, err = r.renderAll(ctx, opts.Progress, langDone)
	if err != nil {
		return abort(err)
	}
	for _, st := range r.states {
		ds.Add(st.diags...)
	}
	phase("render")
	r.checkLinks(r.states, nil)
	res.ExternalLinks = r.externalLinks()
	other, err := r.contentFiles()
	if err != nil {
		return abort(err)
	}
	extraDiags, err := r.extras()
	if err != nil {
		return abort(err)
	}
	published, shown := withShown(other, r.states)
	for _, step := range []func() error{r.writeAssets, r.copyStatic, func() error { return r.copyContentFiles(published) }, r.copyPublishedAssets} {
		if err := step(); err != nil {
			return abort(err)
		}
	}
	if indexed != nil {
		err := indexed()
		indexed = nil
		if err != nil {
			return abort(err)
		}
	}
	outputDiags := r.caseClashDiagnostics(out.takeCaseClashes(), out.ignoresCase)
	ds.Add(outputDiags...)
	if ds.HasErrors() {
		return abort(ErrContent)
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
	if ix == nil {
		progress(opts.Progress, "building search indexes")
		if ix, err = r.buildIndexes(ctx, opts.IndexDir, s.synonyms, s.cacheNote); err != nil {
			out.Abort()
			return fail(err)
		}
	}
	err = ix.commit()
	if err == nil && opts.IndexDir != "-" {
		err = writeServerSettings(opts.IndexDir, site.cfg)
	}
	if err != nil {
		out.Abort()
		return fail(err)
	}
	static, ndocs := ix.static, ix.ndocs
	res.IndexUpdated = int(ix.updated.Load())
	phase("indexes")
	if opts.Precompress || site.cfg.Build.Precompress {
		if err := out.precompress(ctx); err != nil {
			out.Abort()
			return fail(err)
		}
	}
	phase("precompress")
	res.Written, res.Kept, res.Removed = out.stats()
	// The caches are written while the output is: what they hold is what
	// this build's inputs give, whether or not the output is swapped in.
	if r.cache != nil {
		r.cache.outStamps = out.takeStamps()
	}
	cachesWritten := make(chan struct{})
	go func() {
		defer close(cachesWritten)
		s.commitCaches(r, ix, fmFile(), site, &res)
	}()
	err = out.Commit()
	var writeStamp func(Result)
	if err == nil && s.oneShot {
		writeStamp = s.stampWriter(inputs, out.files(), site.nextChange)
	}
	<-cachesWritten
	if err != nil {
		return fail(fmt.Errorf("writing %s: %w", opts.Out, err))
	}
	if cached {
		// After the caches: the page cache's commit removes side files
		// it finds half written.
		s.writeOutFolders(out.record)
		s.writeSpareFolders(out.keptSpareFolders())
	}
	phase("commit")
	s.noteFolders()
	s.refresh.forget() // every static index is new
	// What a rebuild starts from; kb build has none to follow (its
	// navigation signatures alone cost half a second on 30,000 pages).
	if !s.oneShot {
		s.last = &lastBuild{site: site, states: r.states, navSigs: navSignatures(r), views: r.views, navs: r.navs,
			other: other, shown: shown, static: r.static, published: r.assets.publishedFiles(), modelDiags: modelDiags, extraDiags: extraDiags, outputDiags: outputDiags}
		s.last.index()
	}
	s.outIgnoresCase = out.ignoresCase
	s.modelStale = false
	s.unbuilt, s.unbuiltFiles = nil, nil
	s.outMu.Lock()
	s.outputs, s.static = sums, static
	s.outMu.Unlock()
	res.SearchDocs = ndocs
	res.Diagnostics = ds.All()
	res.Duration = time.Since(start)
	if writeStamp != nil {
		writeStamp(res)
	}
	return res, nil
}

// commitCaches renames the front matter cache's file, staged after the
// load, into place, writes the page cache, then the related articles
// cache (the page cache's commit removes side files it finds half
// written: the staged one goes in before), and notes their hits in res.
func (s *Session) commitCaches(r *renderer, ix *indexer, fm *stagedFile, site *site, res *Result) {
	fm.commit(s.cacheNote)
	if r.cache != nil {
		if ix.server != nil {
			r.cache.serverIndex = ix.server.BuildID()
		}
		if err := r.cache.commit(); err != nil {
			s.cacheNote(fmt.Sprintf("not writing the build cache: %v", err))
		}
		res.CacheHits = int(r.cache.hits.Load())
		res.StaticUpdated = int(r.cache.staticUpdated.Load())
	}
	if rc := site.relatedCache; rc != nil { // a kb build's
		res.RelatedHits = rc.hits
		if data, err := rc.encode(); err == nil {
			s.writeSideCache(relatedCacheFile, data)
		}
	}
}

// openPageCache opens <site>/.kb/cache for this build; nil when it cannot
// be used, which only makes every page render.
func (s *Session) openPageCache() *pageCache {
	global, err := cacheGlobalKey(s.siteFS, s.opts.BaseURL)
	if err != nil {
		s.cacheNote(fmt.Sprintf("not using the build cache: %v", err))
		return nil
	}
	c, err := openPageCache(filepath.Join(s.opts.SiteDir, ".kb", "cache"), global, s.cacheNote)
	if err != nil {
		s.cacheNote(fmt.Sprintf("not using the build cache: %v", err))
		return nil
	}
	if n := len(c.old); n > 0 && s.opts.ReusingCache != nil {
		s.opts.ReusingCache(n)
	}
	return c
}

// meanwhile starts open and returns what waits for its answer.
func meanwhile[T any](open func() T) func() T {
	opened := make(chan T, 1)
	go func() { opened <- open() }()
	return sync.OnceValue(func() T { return <-opened })
}

// cacheNote tells of a build cache that could not be read or written: the
// build goes on, rendering every page. The caches open on goroutines of
// their own, so the note goes out as progress lines do, one at a time.
func (s *Session) cacheNote(msg string) {
	w := s.opts.Progress
	if w == nil {
		w = os.Stderr
	}
	progress(w, "note: "+msg)
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
	var layers []theme.Layer
	// A Hugo site's theme in themes/<name>/ gives the shortcodes kb has no
	// template of: kb's own of the same name render that theme's
	// shortcodes in kb's design, where the theme's markup needs the
	// theme's stylesheets and scripts, which kb does not publish.
	var hugoStrings []locale.Source // for T: the Hugo theme's, the site's
	var dataLayers []hugodata.Layer // for .Site.Data: the Hugo theme's, the site's
	if name := cfg.HugoTheme; name != "" && name != cfg.Theme {
		if sub, err := fs.Sub(s.siteFS, "themes/"+name); err == nil {
			layers = append(layers, theme.Layer{FS: sub, Prefix: "themes/" + name, Only: theme.HugoTemplateFolders(), Hugo: true})
			hugoStrings = append(hugoStrings, locale.Source{FS: sub, Prefix: "themes/" + name + "/"})
			dataLayers = append(dataLayers, hugodata.Layer{FS: sub, Prefix: "themes/" + name})
		}
	}
	layers = append(layers, theme.Layer{FS: opts.Theme, Prefix: "themes/default"})
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
	// A Hugo site's own shortcodes, which win over the themes', as in Hugo.
	layers = append(layers, theme.Layer{FS: s.siteFS, Only: theme.HugoTemplateFolders(), Hugo: true})
	sources = append(sources, locale.Source{FS: s.siteFS, Prefix: ""})
	th, tds := theme.Load(layers...)
	ds.Add(tds...)
	catalog, lds := locale.NewCatalog(cfg.Order, sources...)
	ds.Add(lds...)
	synonyms := loadSynonyms(s.siteFS, cfg.Order, ds)
	if ds.HasErrors() {
		return fmt.Errorf("%w: theme, UI strings or synonyms", ErrContent)
	}
	s.cfg, s.theme, s.catalog, s.synonyms = cfg, th, catalog, synonyms
	siteStrings := locale.NewSiteStrings(cfg.Order, append(hugoStrings, locale.Source{FS: s.siteFS, Prefix: ""})...)
	data, dds := hugodata.Load(append(dataLayers, hugodata.Layer{FS: s.siteFS})...)
	ds.Add(dds...)
	s.md = markdown.New(markdownOptions(cfg, th, siteStrings, data))
	s.setupDiags = ds.All()
	return nil
}

// loadSynonyms reads each language's thesaurus (package thesaurus): kb's default, extended or replaced by the site's
// i18n/synonyms/<lang>.toml. A file's problems are errors at its line.
func loadSynonyms(siteFS fs.FS, langs []string, ds *diag.List) search.Synonyms {
	syn := search.Synonyms{}
	for _, lang := range langs {
		th, err := thesaurus.Load(siteFS, lang)
		var te *thesaurus.Error
		switch {
		case errors.As(err, &te):
			ds.Errorf(te.File, te.Line, te.Col, "%s", te.Msg)
		case err != nil:
			ds.Errorf(thesaurus.SitePath(lang), 0, 0, "%v", err)
		default:
			syn[lang] = th
		}
	}
	return syn
}

// now is the time the build publishes for.
func (s *Session) now() time.Time {
	if s.opts.Now != nil {
		return s.opts.Now()
	}
	return time.Now()
}

// newSite resolves the model and checks that every page has a title.
func (s *Session) newSite(pages []*content.Page, ds *diag.List) *site {
	pages = applySummaries(s.siteFS, s.cfg, pages, ds)
	site := newSiteCached(s.cfg, pages, s.catalog, ds, s.related, s.now())
	site.history = s.readHistory()
	site.clicks = s.readClicks()
	s.clicksWarning(ds)
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
	return &renderer{site: site, theme: s.theme, md: s.md, out: out, ds: ds, siteFS: s.siteFS, synonyms: s.synonyms, mapsMemory: s.opts.MapsMemory, states: map[string]*pageState{}, static: &staticFolder{}, assets: &siteAssets{}, aliases: map[string]aliasOf{}, anchorsFail: s.opts.CheckOnly, external: s.opts.CheckOnly && s.opts.ExternalLinks, release: s.oneShot}
}

// Wait blocks until the static index refreshes started by rebuilds have
// finished, and reports the error of a failed one.
func (s *Session) Wait() error { return s.refresh.wait() }

// Pause stops the static index refresh running or waiting in the
// background until the next Rebuild, which starts it over: kb serve calls
// it when a file changes, so the rebuild that follows has the CPU from
// the first event on. Unlike the other methods, it may be called while a
// rebuild runs.
func (s *Session) Pause() { s.refresh.pause() }

// Close stops a static index refresh still running or waiting, and returns
// once it no longer writes: kb serve is stopping. That index then lags the
// pages until the next build.
func (s *Session) Close() {
	s.refresh.pause()
	s.refresh.wait()
}

// exists reports whether the site holds the file rel.
func (s *Session) exists(rel string) bool {
	_, err := fs.Stat(s.siteFS, rel)
	return err == nil
}

// OnWritten sets a function that a rebuild (not a full build) calls once
// its pages are written, before it updates the server search index on
// disk, with that update (empty when no search document changed). kb serve
// applies it to the index it serves and reloads the open pages, without
// waiting for the disk: bleve writes and fsyncs the update, which takes
// tens to hundreds of milliseconds on a busy disk.
func (s *Session) OnWritten(fn func(upserts []search.Document, deletes map[string][]string)) {
	s.onWritten = fn
}

func (s *Session) written(upserts []search.Document, deletes map[string][]string) {
	if s.onWritten != nil {
		s.onWritten(upserts, deletes)
	}
}

func isStaticIndexFile(rel string) bool { return strings.HasPrefix(rel, "_kb/search/") }

// BasePath is the URL path the site is published under ("/" or "/help/"),
// known after a successful build; kb serve serves the site there.
func (s *Session) BasePath() string {
	if s.last == nil {
		return ""
	}
	return s.last.site.basePath
}

// NextChange is when a page's publishDate comes or its expiryDate passes
// next, after the last good build: what that build published is out of
// date from then on, with no file changed. Zero when no such date is to
// come, or before a good build.
func (s *Session) NextChange() time.Time {
	if s.last == nil {
		return time.Time{}
	}
	return s.last.site.nextChange
}

// DatesPassed lists the files of the pages whose publishDate has come or
// whose expiryDate has passed since the last good build, as site-relative
// slash paths: what that build published is out of date for them. Given
// them, Rebuild publishes or takes down those pages and renders what that
// changes, as after a save of each. Nil before a good build, and when the
// [announcement] has appeared or gone, which changes every page.
func (s *Session) DatesPassed() []string {
	if s.announcementPassed() {
		return nil // every page changes: a build
	}
	var files []string
	for _, p := range s.datesPassed() {
		files = append(files, p.File)
	}
	return files
}

// announcementPassed reports whether the [announcement] has appeared or
// gone since the last good build.
func (s *Session) announcementPassed() bool {
	return s.last != nil && !s.last.site.announcementChange.IsZero() && !s.now().Before(s.last.site.announcementChange)
}

// datesPassed are the pages, as last read, whose publishDate or
// expiryDate lies between the last good build and now.
func (s *Session) datesPassed() []*content.Page {
	if s.last == nil || s.last.site.nextChange.IsZero() || s.now().Before(s.last.site.nextChange) {
		return nil
	}
	return content.Passed(s.src.pages(), s.last.site.nextChange, s.now())
}
