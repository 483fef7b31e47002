// Package watch reports changed files under a site's folders: fsnotify events
// filtered of editor temp files and coalesced into batches, so one save (or a
// git checkout touching hundreds of files) triggers one rebuild.
package watch

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Ignored reports whether a file name is editor or system noise: vim swap
// and backup files, emacs lock and autosave files, the "4913" file vim
// writes to test a folder, JetBrains' "___jb_" files, .DS_Store, and
// anything in a dot folder (.git, .kb).
func Ignored(path string) bool {
	base := filepath.Base(path)
	switch {
	case base == "4913", base == ".DS_Store",
		strings.HasSuffix(base, "~"),
		strings.HasSuffix(base, ".swp"), strings.HasSuffix(base, ".swx"), strings.HasSuffix(base, ".swo"),
		strings.HasSuffix(base, ".tmp"),
		strings.HasPrefix(base, ".#"),
		strings.HasPrefix(base, "#") && strings.HasSuffix(base, "#"),
		strings.Contains(base, "___jb_"):
		return true
	}
	for _, part := range strings.Split(filepath.ToSlash(filepath.Dir(path)), "/") {
		if strings.HasPrefix(part, ".") && part != "." && part != ".." {
			return true
		}
	}
	return false
}

// Debounce collects paths from in and sends them as one sorted, de-duplicated
// batch once no new path has arrived for quiet. It returns when ctx ends or
// in is closed (after sending what it holds).
func Debounce(ctx context.Context, in <-chan string, quiet time.Duration, out chan<- []string) {
	pending := map[string]bool{}
	var timer *time.Timer
	var fire <-chan time.Time
	flush := func() {
		if len(pending) == 0 {
			return
		}
		batch := make([]string, 0, len(pending))
		for p := range pending {
			batch = append(batch, p)
		}
		slices.Sort(batch)
		clear(pending)
		select {
		case out <- batch:
		case <-ctx.Done():
		}
	}
	for {
		select {
		case <-ctx.Done():
			return
		case p, ok := <-in:
			if !ok {
				flush()
				return
			}
			pending[p] = true
			if timer == nil {
				timer = time.NewTimer(quiet)
			} else {
				timer.Reset(quiet)
			}
			fire = timer.C
		case <-fire:
			fire = nil
			flush()
		}
	}
}

// Watcher watches folders recursively, new folders included.
type Watcher struct {
	fsw   *fsnotify.Watcher
	roots []string
}

// New watches each existing root (a folder, watched recursively, or a file).
func New(roots ...string) (*Watcher, error) {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &Watcher{fsw: fsw, roots: roots}
	for _, r := range roots {
		st, err := os.Stat(r)
		if err != nil {
			continue // a folder the site does not have (yet)
		}
		if !st.IsDir() {
			// Watch the folder, so editors that save by rename are seen.
			if err := fsw.Add(filepath.Dir(r)); err != nil {
				fsw.Close()
				return nil, err
			}
			continue
		}
		if err := w.addTree(r); err != nil {
			fsw.Close()
			return nil, err
		}
	}
	return w, nil
}

func (w *Watcher) addTree(root string) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // vanished while walking
		}
		if d.IsDir() {
			if p != root && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return w.fsw.Add(p)
		}
		return nil
	})
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

// Run sends batches of changed paths to fn until ctx ends. fn runs on one
// goroutine, one batch at a time; changes during a run form the next batch.
func (w *Watcher) Run(ctx context.Context, quiet time.Duration, fn func([]string)) error {
	defer w.fsw.Close()
	paths := make(chan string, 256)
	batches := make(chan []string)
	go Debounce(ctx, paths, quiet, batches)
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case b := <-batches:
				fn(b)
			}
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return nil
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return nil
			}
			_ = err // an overflow: the next event still triggers a rebuild
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return nil
			}
			if Ignored(ev.Name) || !w.inScope(ev.Name) || ev.Op == fsnotify.Chmod {
				continue
			}
			if ev.Op&fsnotify.Create != 0 {
				if st, err := os.Stat(ev.Name); err == nil && st.IsDir() {
					w.addTree(ev.Name)
				}
			}
			select {
			case paths <- ev.Name:
			case <-ctx.Done():
				return nil
			}
		}
	}
}
