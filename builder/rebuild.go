package builder

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"path"
	"path/filepath"
	"slices"
	"time"

	"kb/builder/content"
	"kb/builder/diag"
	"kb/builder/sitelock"
	"kb/search"
)

// The rebuilds kb serve runs after a save: what changed decides whether
// only page bodies render again (rebuildBodies) or the site model is made
// again (rebuildModel); either way the static index of the changed
// languages is refreshed in the background.

// rebuild brings the output up to date after the given files changed
// (absolute or site-relative paths). Content edits re-render only what they
// affect; a change to site.toml, the theme, i18n or static/ rebuilds
// everything. On content errors nothing is written and the last good
// output stays. The browser (static) search index of the changed languages
// is refreshed in the background: Wait for it before reading it.
func (s *Session) rebuild(ctx context.Context, changed []string) (Result, error) {
	if err := s.refresh.failed(); err != nil {
		return s.Build(ctx)
	}
	// The static index refresh of the last rebuild is stale once this one
	// succeeds, and would take the CPU meanwhile.
	s.refresh.pause()
	defer s.refresh.resume()
	release, err := s.lock(ctx, s.lockOptions())
	if err != nil {
		return Result{}, err
	}
	defer release()
	if s.foldersReplaced() {
		// A kb build wrote the site since this session last did: compare
		// with what is on disk now.
		return s.build(ctx)
	}
	rels := make([]string, 0, len(changed))
	siteAbs, err := filepath.Abs(s.opts.SiteDir)
	if err != nil {
		return s.build(ctx)
	}
	for _, c := range changed {
		if filepath.IsAbs(c) {
			if r, err := filepath.Rel(siteAbs, c); err == nil {
				c = r
			}
		}
		rels = append(rels, filepath.ToSlash(filepath.Clean(c)))
	}
	// With another commit checked out (a branch switched), any page's
	// last-updated date may have changed, edited or not; an announcement
	// that appeared or went changes every page.
	if s.last == nil || s.opts.CheckOnly || needsFullBuild(rels) || s.historyMoved() || s.announcementPassed() {
		return s.build(ctx)
	}
	start := time.Now()
	touched := map[string]bool{} // translation groups of changed pages, before and after
	changes := s.src.readChanges(rels, touched)
	// A page whose publishDate came or expiryDate passed appears or goes
	// with its file unchanged: its group is rendered again, as after a
	// save that published or withdrew it, and the model resolved again.
	passed := s.datesPassed()
	for _, p := range passed {
		touched[groupID(p)] = true
	}
	kind, changedOther := planRebuild(changes, len(s.unbuiltFiles) > 0, !s.modelStale && len(passed) == 0)
	// Changes since the last good build count too, when rebuilds failed
	// in between.
	for id := range s.unbuilt {
		touched[id] = true
	}
	files := s.unbuiltFiles
	if files == nil {
		files = map[string]bool{}
	}
	for _, c := range changes {
		if c.dir || !c.page {
			files[c.path] = true
		}
		if !c.dir && !c.page && !c.snippet && s.last.other[c.path] != s.exists(c.path) {
			// A file that came or went changes its folder's listing: the
			// pages that read a file of it (a bundle's .Resources) too.
			files[path.Dir(c.path)] = true
		}
	}
	s.unbuilt, s.unbuiltFiles = touched, files // until one succeeds
	// A changed page is also a file that other pages may include.
	used := maps.Clone(files)
	for _, c := range changes {
		if c.page && !c.dir {
			used[c.path] = true
		}
	}
	if kind == rebuildBodies {
		return s.rebuildBodies(ctx, changes, touched, used, start)
	}
	return s.rebuildModel(ctx, touched, changedOther, used, start)
}

// rebuildModel is the rebuild after pages appeared, went, moved or changed
// their front matter: the model is resolved again from every page, and the
// pages it affects (see lastBuild.affected) are rendered and checked again.
func (s *Session) rebuildModel(ctx context.Context, touched map[string]bool, changedOther bool, files map[string]bool, start time.Time) (Result, error) {
	var ds diag.List
	ds.Add(s.setupDiags...)
	res := Result{}
	phase := func(name string) {
		res.Phases = append(res.Phases, Phase{Name: name, Took: time.Since(start)})
	}
	// Until this rebuild succeeds, the model no longer matches the files:
	// the next rebuild must resolve it again rather than patch it.
	s.modelStale = true
	last := s.last
	pages := s.src.pages()
	ds.Add(s.src.diags()...)
	phase("read")
	var md diag.List
	site := s.newSite(pages, &md)
	modelDiags := md.All()
	ds.Add(modelDiags...)

	mem := newInPlace(s.opts.Out, s.outputs)
	r := s.renderer(site, mem, &ds)
	r.assets.published = maps.Clone(last.published)
	if err := r.prepare(); err != nil {
		return res, err
	}
	r.static = last.static // static/ changes build everything again
	phase("model")
	navSigs := navSignatures(r)
	affected := last.affected(site, touched, navSigs, files)
	recheck := make(map[string]bool, len(affected))
	for _, p := range affected {
		recheck[p.out] = true
	}
	// The pages not rendered again keep their files, claimed before the
	// others as a full build writes pages first (keepAsIs).
	for _, ls := range site.langs {
		for _, p := range ls.pages {
			if !recheck[p.out] {
				if err := mem.keepAsIs(p.out); err != nil {
					return res, err
				}
			}
		}
	}
	if err := r.renderPages(ctx, affected, nil); err != nil {
		return res, err
	}
	phase("render")
	states := make(map[string]*pageState, len(last.states))
	for _, ls := range site.langs {
		for _, p := range ls.pages {
			if st := r.states[p.out]; st != nil {
				states[p.out] = st
			} else {
				states[p.out] = last.states[p.out]
			}
		}
	}
	for _, out := range slices.Sorted(maps.Keys(states)) {
		ds.Add(states[out].diags...)
	}
	if changedOther {
		recheck = nil // an image or file appeared or went: check every page
	}
	r.checkLinks(states, recheck)
	extraDiags, err := r.extras()
	if err != nil {
		return res, err
	}
	// Every file the site now has: rendered or regenerated ones in mem,
	// the rest kept from the last build.
	other := last.other
	if changedOther {
		if other, err = r.contentFiles(); err != nil {
			return res, err
		}
	}
	published, shown := withShown(other, states)
	s.outMu.Lock()
	err = r.afterGenerated(mem, s.outputs, published, changedOther || !maps.Equal(shown, last.shown))
	if err == nil {
		err = r.copyPublishedAssets()
	}
	s.outMu.Unlock()
	if err != nil {
		return res, err
	}
	outputDiags := r.caseClashDiagnostics(mem.takeCaseClashes(), s.outIgnoresCase)
	ds.Add(outputDiags...)
	if ds.HasErrors() {
		res.Diagnostics = ds.All()
		res.Duration = time.Since(start)
		return res, ErrContent
	}

	phase("check")
	s.outMu.Lock()
	err = mem.Commit()
	s.outMu.Unlock()
	if err != nil {
		return res, err
	}
	written, removed := mem.written, mem.removed

	phase("write")
	// The server index: changed documents only.
	upserts, deletes, langs := diffStates(last.states, states)
	s.written(upserts, deletes)
	if s.opts.IndexDir != "-" && (len(upserts) > 0 || len(deletes) > 0) {
		if err := search.Update(ctx, s.opts.IndexDir, upserts, deletes); err != nil {
			return res, fmt.Errorf("updating the search index: %w", err)
		}
		s.noteFolders()
	}
	phase("index")
	s.last = &lastBuild{site: site, states: states, navSigs: navSigs, views: r.views, navs: r.navs,
		other: other, shown: shown, static: last.static, published: r.assets.publishedFiles(), modelDiags: modelDiags, extraDiags: extraDiags, outputDiags: outputDiags}
	s.last.index()
	s.modelStale = false
	s.unbuilt, s.unbuiltFiles = nil, nil
	s.refreshStatic(r, states, langs)

	res.Pages = int(r.rendered.Load())
	res.Languages = len(site.langs)
	res.Written, res.Removed, res.Kept = written, removed, len(mem.files)-written+len(mem.keep)
	res.Diagnostics = ds.All()
	res.Duration = time.Since(start)
	return res, nil
}

// refreshStatic starts the background refresh of the static index of the
// changed languages, from a build's page states, which nothing changes
// afterwards. The files are written under the site lock, like a rebuild's.
func (s *Session) refreshStatic(r *renderer, states map[string]*pageState, langs []string) {
	s.refresh.start(langs, func(ctx context.Context, langs []string) error {
		mem := newInPlace(s.opts.Out, nil) // the hashes are set under outMu
		r.out = mem
		files, err := r.writeStaticIndex(ctx, langsDocs(states, langs), langs)
		if err != nil || ctx.Err() != nil {
			return err
		}
		release, err := s.lock(context.Background(), sitelock.Options{})
		if err != nil {
			return err
		}
		defer release()
		// Refreshes start and pause under the site lock: holding it, this
		// one stays the latest.
		if ctx.Err() != nil {
			return nil
		}
		if s.foldersReplaced() {
			return errOutputChanged
		}
		s.outMu.Lock()
		defer s.outMu.Unlock()
		return s.writeStatic(mem, files, langs)
	})
}

// errOutputChanged fails a static index refresh when another kb process
// wrote the site meanwhile: the next rebuild is then a full one.
var errOutputChanged = errors.New("another kb wrote the site meanwhile")

// writeStatic replaces the static index files of some languages with
// those written to w. The caller holds outMu.
func (s *Session) writeStatic(w *inPlace, byLang map[string][]string, langs []string) error {
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
	w.sums, w.keep = s.outputs, keep
	return w.Commit()
}

// rebuildBodies is the rebuild after edits that changed only page bodies:
// the site model, navigation, sitemap and redirects stay; the edited pages
// (in every language that shows them) and the pages linking to them are
// rendered and checked again.
func (s *Session) rebuildBodies(ctx context.Context, changes []fileChange, touched, files map[string]bool, start time.Time) (Result, error) {
	res := Result{}
	phase := func(name string) {
		res.Phases = append(res.Phases, Phase{Name: name, Took: time.Since(start)})
	}
	last := s.last
	var ds diag.List
	ds.Add(s.setupDiags...)
	ds.Add(s.src.diags()...)
	ds.Add(last.modelDiags...)
	ds.Add(last.extraDiags...)
	ds.Add(last.outputDiags...) // the same files, at the same paths

	// Point the model at the new pages; on failure, point it back.
	swap := func(from, to *content.Page) {
		for _, g := range last.site.groups {
			if g.pages[from.Lang] == from {
				g.pages[from.Lang] = to
			}
		}
		for _, ls := range last.site.langs {
			for _, p := range ls.pages {
				if p.src == from {
					p.src = to
				}
			}
		}
		if last.site.headless[from.Lang][from.Path] == from {
			last.site.headless[from.Lang][from.Path] = to
		}
	}
	for _, c := range changes {
		if c.before != nil && c.after != nil {
			swap(c.before, c.after)
		}
	}
	fail := func(err error) (Result, error) {
		for _, c := range changes {
			if c.before != nil && c.after != nil {
				swap(c.after, c.before)
			}
		}
		s.modelStale = true // the files and the model differ: resolve it again next time
		if errors.Is(err, ErrContent) {
			res.Diagnostics = ds.All()
			res.Duration = time.Since(start)
		}
		return res, err
	}
	phase("read")

	mem := newInPlace(s.opts.Out, s.outputs)
	r := s.renderer(last.site, mem, &ds)
	r.assets.published = maps.Clone(last.published)
	r.views, r.navs = last.views, last.navs
	render, recheck := last.affectedByBodies(touched, files)
	phase("model")
	if err := r.renderPages(ctx, render, nil); err != nil {
		return fail(err)
	}
	if shownChanged(last, r.states) {
		// A page began or stopped showing a file under a "_" name: the
		// files to publish changed, which a rebuild of the model writes.
		for _, c := range changes {
			if c.before != nil && c.after != nil {
				swap(c.after, c.before)
			}
		}
		return s.rebuildModel(ctx, touched, false, files, start)
	}
	// The linking pages stay as they are, their links checked again below;
	// last's states are not written into, so they get copies.
	for _, out := range recheck {
		st := *last.states[out]
		r.states[out] = &st
	}
	phase("render")
	fresh := make(map[string]*pageState, len(r.states)) // the new anchors
	for _, st := range r.states {
		fresh[st.url] = st
	}
	byURL := func(url string) *pageState {
		if st := fresh[url]; st != nil {
			return st
		}
		return last.byURL(url)
	}
	for out, st := range last.states {
		if nst := r.states[out]; nst != nil {
			st = nst
			st.checked = r.checkPage(st, byURL)
		}
		ds.Add(st.diags...)
		ds.Add(st.checked...)
	}
	if err := r.copyPublishedAssets(); err != nil {
		return fail(err)
	}
	phase("check")
	if ds.HasErrors() {
		return fail(ErrContent)
	}
	s.outMu.Lock()
	err := mem.Commit()
	s.outMu.Unlock()
	if err != nil {
		return fail(err)
	}
	phase("write")

	before := make(map[string]*pageState, len(r.states))
	for out := range r.states {
		before[out] = last.states[out]
	}
	upserts, deletes, langs := diffStates(before, r.states)
	s.written(upserts, deletes)
	if s.opts.IndexDir != "-" && (len(upserts) > 0 || len(deletes) > 0) {
		if err := search.Update(ctx, s.opts.IndexDir, upserts, deletes); err != nil {
			return fail(fmt.Errorf("updating the search index: %w", err))
		}
		s.noteFolders()
	}
	phase("index")
	s.last = last.withBodies(r.states)
	s.last.published = r.assets.publishedFiles()
	s.unbuilt = nil
	s.refreshStatic(r, s.last.states, langs)
	res.Pages = int(r.rendered.Load())
	res.Languages = len(last.site.langs)
	res.Written = mem.written
	res.Diagnostics = ds.All()
	res.Duration = time.Since(start)
	return res, nil
}
