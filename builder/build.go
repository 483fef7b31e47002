// Package builder turns a site folder into a localized static help center:
// it orchestrates loading, rendering, the search indexes and atomic output.
package builder

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"kb/builder/config"
	"kb/builder/diag"
	"kb/builder/extlinks"
)

// ErrContent is returned (wrapped) when the site has content errors: the
// diagnostics say what and where, and the previous output is untouched.
var ErrContent = errors.New("the site has errors")

// Options says what to build and where.
type Options struct {
	// SiteDir is the site folder (with site.toml).
	SiteDir string
	// Out is the output folder; default SiteDir/public.
	Out string
	// IndexDir is the server search index folder; default SiteDir/.kb/search.
	// "-" skips the server index.
	IndexDir string
	// Theme is the built-in theme (themes.Default()); a site's theme
	// overrides it file by file.
	Theme fs.FS
	// BaseURL overrides site.toml's baseURL (preview deployments).
	BaseURL string
	// Progress receives progress lines; nil for quiet.
	Progress io.Writer
	// CheckOnly renders and checks everything but writes nothing: no
	// output, no search index (kb check).
	CheckOnly bool
	// ExternalLinks, with CheckOnly, lists every link to another site in
	// Result.ExternalLinks (kb check --external).
	ExternalLinks bool
	// Precompress writes .gz and .br copies of text files, as
	// [build] precompress = true in site.toml does.
	Precompress bool
	// InPlace updates an existing output folder file by file at the end
	// of the build (kb build --in-place): only files whose bytes changed are
	// written, files no page writes any more removed, and every other
	// file left as it is, instead of staging a whole new output and
	// swapping it in. For CI jobs that restore the output folder from a
	// cache: a reader of the folder may see a mix of two builds while the
	// changes land, and a build killed then leaves that mix (the next
	// build repairs it). Without an output folder it changes nothing.
	InPlace bool
	// NoWait makes a build fail with sitelock.ErrBusy when another kb
	// process is writing the site, instead of waiting for it.
	NoWait bool
	// Waiting is told, once per wait, the pid of the kb process a build
	// waits for.
	Waiting func(pid int)
	// DataDir holds the analytics data (analytics.db) whose most opened
	// pages fill the popular articles; default SiteDir/.kb/data when it
	// exists.
	DataDir string
	// MapsMemory, when set, is told the bytes of files the build is about
	// to map into memory (a language's server index segments, as they
	// merge: search.IndexBuild.MapsMemory) and calls release once they are
	// let go. kb build lowers its heap's limit by as much meanwhile.
	MapsMemory func(bytes int64) (release func())
	// ReusingCache, when set, is told how many pages of the last build the
	// build cache holds, once it has opened with some: most of the site's
	// pages are then copied, not rendered, and the build makes little
	// garbage. kb build then keeps its heap closer to its live size.
	ReusingCache func(pages int)
	// Now is the time a build publishes for (a page's publishDate and
	// expiryDate are compared with it); nil for the clock's.
	Now func() time.Time
}

// Result describes a finished build.
type Result struct {
	Diagnostics            []diag.Diagnostic
	Pages                  int // HTML pages rendered, all languages
	Languages              int
	SearchDocs             int
	Written, Kept, Removed int
	// CacheHits counts the pages taken from <site>/.kb/cache rather than
	// rendered (kb build, and a kb serve session's first build).
	CacheHits int
	// FrontMatterHits counts the pages whose front matter was taken from
	// <site>/.kb/cache rather than decoded (kb build only).
	FrontMatterHits int
	// RelatedHits counts the languages whose related articles were taken
	// from <site>/.kb/cache rather than computed (kb build only).
	RelatedHits int
	// IndexUpdated counts the languages whose server index was updated
	// from the last build's with the changed documents rather than built
	// from all of them (kb build, and a kb serve session's first build,
	// with the build cache only).
	IndexUpdated int
	// StaticUpdated counts the languages whose static index analysis was
	// the last build's, changed by the changed documents, rather than made
	// from every document's words (kb build, and a kb serve session's
	// first build, with the build cache only).
	StaticUpdated int
	Duration      time.Duration
	// ExternalLinks are the links to other sites, in file order, when
	// Options.ExternalLinks asked for them.
	ExternalLinks []extlinks.Use
	// UpToDate says nothing changed since the last build, which stands:
	// no file was read again or written (kb build only).
	UpToDate bool
	// Phases says when each step of the build ended, counted from its
	// start.
	Phases []Phase
}

// Phase is one step of a rebuild.
type Phase struct {
	Name string
	Took time.Duration
}

// Build builds the site once. It returns ErrContent (wrapped) when the
// content has errors; Result.Diagnostics lists them, with warnings, sorted.
func Build(ctx context.Context, opts Options) (Result, error) {
	s := NewSession(opts)
	s.oneShot = true
	return s.Build(ctx)
}

// checkOutDir refuses output folders that would swallow the site itself.
func checkOutDir(siteDir, out string) error {
	site, err1 := filepath.Abs(siteDir)
	o, err2 := filepath.Abs(out)
	if err := errors.Join(err1, err2); err != nil {
		return err
	}
	if o == site || strings.HasPrefix(site+string(filepath.Separator), o+string(filepath.Separator)) {
		return fmt.Errorf("output folder %s would replace the site folder: choose another -o", out)
	}
	if _, err := os.Stat(filepath.Join(o, config.FileName)); err == nil {
		return fmt.Errorf("output folder %s holds a %s: it looks like a site, not an output folder; choose another -o", out, config.FileName)
	}
	return nil
}

// progress writes one line of progress to w (nil for none). Languages
// indexed at once report from their own goroutines, and w (a caller's
// buffer, say) need not be safe for that: the lines are written one at a
// time.
func progress(w io.Writer, msg string) {
	if w != nil {
		progressMu.Lock()
		defer progressMu.Unlock()
		fmt.Fprintln(w, msg)
	}
}

var progressMu sync.Mutex

// forEach runs fn over items on every core, stopping at the first error or
// when ctx ends.
func forEach[T any](ctx context.Context, items []T, fn func(T) error) error {
	return forEachOn(ctx, runtime.GOMAXPROCS(0), items, fn)
}

// forEachFile is forEach for work that creates or reads a file per item.
// A mkdir or open can wait on the disk for tens of milliseconds; with
// more workers than cores, the others use the core meanwhile.
func forEachFile[T any](ctx context.Context, items []T, fn func(T) error) error {
	return forEachOn(ctx, filesPerCore*runtime.GOMAXPROCS(0), items, fn)
}

// filesPerCore is how many forEachFile workers run per core.
const filesPerCore = 4

// upTo is 0, 1, …, n-1: for forEach over the items of several slices.
func upTo(n int) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	return idx
}

// forEachOn runs fn over items on at most workers goroutines.
func forEachOn[T any](ctx context.Context, workers int, items []T, fn func(T) error) error {
	workers = min(workers, max(1, len(items)))
	var next atomic.Int64
	var wg sync.WaitGroup
	var firstErr error
	var once sync.Once
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(items) || ctx.Err() != nil {
					return
				}
				if err := fn(items[i]); err != nil {
					once.Do(func() { firstErr = err })
					next.Store(int64(len(items)))
					return
				}
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	return ctx.Err()
}
