// Package watch reports changed files under a site's folders: fsnotify
// events, less the files content.ClassifyFile ignores, coalesced into
// batches, so one save (or a git checkout touching thousands of files)
// triggers one rebuild, and no change is lost while a rebuild runs.
package watch

import (
	"context"
	"io/fs"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"kb/builder/content"
)

// Change is one thing the watcher saw: a changed path, or (Rescan) a sign
// that changes may have been missed, so everything must be looked at again.
type Change struct {
	Path   string
	Rescan bool
	Err    error // why, for a rescan
}

// Batch collects changes from in and runs fn with them, one batch at a
// time, once no change has arrived for quiet and the previous fn has
// returned. It keeps reading in while fn runs, so a burst during a rebuild
// is the next batch, never lost. A nil batch means "rescan everything": it
// replaces any paths pending with it, and log hears of it once. Batch
// returns when ctx ends, or when in is closed and the last batch is done.
func Batch(ctx context.Context, in <-chan Change, quiet time.Duration, log *slog.Logger, fn func([]string)) {
	var (
		pending = map[string]bool{}
		rescan  bool
		busy    bool
		quietOK bool // quiet has passed since the last change
		closed  bool
		timer   = time.NewTimer(quiet)
		fire    <-chan time.Time
		done    = make(chan struct{})
	)
	timer.Stop()
	start := func() {
		if busy || !quietOK || len(pending) == 0 && !rescan {
			return
		}
		var batch []string // nil: everything
		if !rescan {
			batch = slices.Sorted(maps.Keys(pending))
		}
		clear(pending)
		rescan, busy = false, true
		go func() {
			fn(batch)
			select {
			case done <- struct{}{}:
			case <-ctx.Done():
			}
		}()
	}
	for {
		if closed && !busy && len(pending) == 0 && !rescan {
			return
		}
		select {
		case <-ctx.Done():
			return
		case c, ok := <-in:
			if !ok {
				closed, in, quietOK = true, nil, true
				fire = nil
				start()
				continue
			}
			if c.Rescan {
				if !rescan {
					log.Warn("watch: changes may have been missed; rebuilding everything", "err", c.Err)
				}
				rescan = true
			} else if !rescan {
				pending[c.Path] = true
			}
			quietOK = false
			timer.Reset(quiet)
			fire = timer.C
		case <-fire:
			fire, quietOK = nil, true
			start()
		case <-done:
			busy = false
			start()
		}
	}
}

// Watcher watches folders of a site recursively, new folders included.
type Watcher struct {
	fsw     *fsnotify.Watcher
	site    string
	roots   []string
	log     *slog.Logger
	onEvent func() // see OnEvent
}

// OnEvent sets a function that Run calls at each file event it passes on,
// at once, before the quiet period: kb serve pauses its background work
// then, so that the rebuild that follows has the CPU. Set it before Run.
func (w *Watcher) OnEvent(fn func()) { w.onEvent = fn }

// New watches the given folders or files of the site folder site ("content",
// "site.toml"; those it does not have yet are skipped). Paths are reported
// as site joined with the path inside it. log hears when the watcher may
// have missed changes; nil discards it.
func New(site string, log *slog.Logger, paths ...string) (*Watcher, error) {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	w := &Watcher{fsw: fsw, site: site, log: log}
	for _, p := range paths {
		w.roots = append(w.roots, filepath.Join(site, filepath.FromSlash(p)))
	}
	if err := w.addRoots(nil); err != nil {
		fsw.Close()
		return nil, err
	}
	return w, nil
}

// addRoots (re)adds a watch on every root; found, if set, hears every file
// already there.
func (w *Watcher) addRoots(found func(string)) error {
	for _, r := range w.roots {
		st, err := os.Stat(r)
		if err != nil {
			continue // a folder the site does not have (yet)
		}
		if !st.IsDir() {
			// Watch the folder, so editors that save by rename are seen.
			if err := w.fsw.Add(filepath.Dir(r)); err != nil {
				return err
			}
			continue
		}
		if err := w.addTree(r, found); err != nil {
			return err
		}
	}
	return nil
}

// addTree watches root and the folders below it that are not ignored;
// found, if set, hears every file in them: a folder that appears with files
// in it (a checkout, an unpacked archive) had them before it was watched.
func (w *Watcher) addTree(root string, found func(string)) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // vanished while walking
		}
		if w.ignored(p) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return w.fsw.Add(p)
		}
		if found != nil {
			found(p)
		}
		return nil
	})
}

// ignored asks the site's one file classifier.
func (w *Watcher) ignored(p string) bool {
	rel, err := filepath.Rel(w.site, p)
	if err != nil || rel == "." {
		return false
	}
	class, _ := content.ClassifyFile(filepath.ToSlash(rel))
	return class == content.Ignored
}

// inScope reports whether a path is one of the roots or inside one.
func (w *Watcher) inScope(p string) bool {
	for _, r := range w.roots {
		if p == r || strings.HasPrefix(p, r+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// Run runs fn with batches of changed paths until ctx ends (see Batch). An
// fsnotify error, the kernel's queue overflowing included, means changes
// may have been lost: the watches are renewed and fn gets a nil batch, for
// a full rebuild.
func (w *Watcher) Run(ctx context.Context, quiet time.Duration, fn func([]string)) error {
	defer w.fsw.Close()
	changes := make(chan Change)
	go Batch(ctx, changes, quiet, w.log, fn)
	send := func(c Change) {
		if w.onEvent != nil {
			w.onEvent()
		}
		select {
		case changes <- c:
		case <-ctx.Done():
		}
	}
	sendPath := func(p string) { send(Change{Path: p}) }
	for {
		select {
		case <-ctx.Done():
			return nil
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return nil
			}
			w.addRoots(nil)
			send(Change{Rescan: true, Err: err})
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return nil
			}
			if ev.Op == fsnotify.Chmod || !w.inScope(ev.Name) || w.ignored(ev.Name) {
				continue
			}
			if ev.Op&fsnotify.Create != 0 {
				if st, err := os.Stat(ev.Name); err == nil && st.IsDir() {
					w.addTree(ev.Name, sendPath)
				}
			}
			sendPath(ev.Name)
		}
	}
}
