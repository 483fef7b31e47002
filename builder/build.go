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
	"kb/builder/content"
	"kb/builder/diag"
	"kb/builder/locale"
	"kb/builder/markdown"
	"kb/builder/theme"
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
}

// Result describes a finished build.
type Result struct {
	Diagnostics            []diag.Diagnostic
	Pages                  int // HTML pages rendered, all languages
	Languages              int
	SearchDocs             int
	Written, Kept, Removed int
	Duration               time.Duration
}

// Build builds the site. It returns ErrContent (wrapped) when the content has
// errors; Result.Diagnostics lists them, with warnings, sorted.
func Build(ctx context.Context, opts Options) (Result, error) {
	start := time.Now()
	var ds diag.List
	res := Result{}
	fail := func(err error) (Result, error) {
		res.Diagnostics = ds.All()
		res.Duration = time.Since(start)
		return res, err
	}
	if opts.SiteDir == "" {
		opts.SiteDir = "."
	}
	if opts.Out == "" {
		opts.Out = filepath.Join(opts.SiteDir, "public")
	}
	if opts.IndexDir == "" {
		opts.IndexDir = filepath.Join(opts.SiteDir, ".kb", "search")
	}
	if err := checkOutDir(opts.SiteDir, opts.Out); err != nil {
		return fail(err)
	}
	siteFS := os.DirFS(opts.SiteDir)

	cfg, cds := config.Load(siteFS)
	ds.Add(cds...)
	if cfg == nil {
		return fail(fmt.Errorf("%w: %s", ErrContent, config.FileName))
	}
	if opts.BaseURL != "" {
		cfg.BaseURL = strings.TrimSuffix(opts.BaseURL, "/") + "/"
	}

	layers := []theme.Layer{{FS: opts.Theme, Prefix: "themes/default"}}
	sources := []locale.Source{{FS: opts.Theme, Prefix: "themes/default/"}}
	if cfg.Theme != "" {
		sub, err := fs.Sub(siteFS, "themes/"+cfg.Theme)
		if _, statErr := fs.Stat(siteFS, "themes/"+cfg.Theme); err != nil || statErr != nil {
			ds.Errorf(config.FileName, 0, 0, "theme %q: no folder themes/%s in the site", cfg.Theme, cfg.Theme)
		} else {
			layers = append(layers, theme.Layer{FS: sub, Prefix: "themes/" + cfg.Theme})
			sources = append(sources, locale.Source{FS: sub, Prefix: "themes/" + cfg.Theme + "/"})
		}
	}
	sources = append(sources, locale.Source{FS: siteFS, Prefix: ""})
	th, tds := theme.Load(layers...)
	ds.Add(tds...)
	catalog, lds := locale.NewCatalog(cfg.Order, sources...)
	ds.Add(lds...)
	if ds.HasErrors() {
		return fail(fmt.Errorf("%w: theme or UI strings", ErrContent))
	}

	progress(opts.Progress, "loading content")
	pages := content.Load(siteFS, languages{cfg}, &ds)
	s := newSite(cfg, pages, catalog, &ds)
	for _, ls := range s.langs {
		for _, p := range ls.pages {
			if p.title == "" && !p.fallback && p.src.File != "" {
				ds.Errorf(p.src.File, 1, 1, "page has no title: add title to the front matter or start the text with a # heading")
			}
		}
	}

	out, err := newOutput(opts.Out, opts.CheckOnly)
	if err != nil {
		return fail(err)
	}
	r := &renderer{
		site:   s,
		theme:  th,
		md:     markdown.New(markdown.Options{Unsafe: cfg.Markdown.Unsafe}),
		out:    out,
		ds:     &ds,
		siteFS: siteFS,
	}
	if err := r.prepare(); err != nil {
		out.Abort()
		return fail(err)
	}
	if err := r.renderAll(ctx, opts.Progress); err != nil {
		out.Abort()
		return fail(err)
	}
	r.checkLinks()
	if err := r.writeExtras(siteFS); err != nil {
		out.Abort()
		return fail(err)
	}
	if err := r.copyContentFiles(); err != nil {
		out.Abort()
		return fail(err)
	}
	if ds.HasErrors() {
		out.Abort()
		return fail(ErrContent)
	}
	if opts.CheckOnly {
		out.Abort()
		res.Pages = int(r.rendered.Load())
		res.Languages = len(s.langs)
		res.Diagnostics = ds.All()
		res.Duration = time.Since(start)
		return res, nil
	}
	progress(opts.Progress, "building search indexes")
	if err := r.writeSearch(ctx, opts.IndexDir); err != nil {
		out.Abort()
		return fail(err)
	}
	res.Written, res.Kept, res.Removed = out.stats()
	if err := out.Commit(); err != nil {
		return fail(fmt.Errorf("writing %s: %w", opts.Out, err))
	}
	res.Pages = int(r.rendered.Load())
	res.Languages = len(s.langs)
	res.SearchDocs = r.docCount()
	res.Diagnostics = ds.All()
	res.Duration = time.Since(start)
	return res, nil
}

// languages adapts the config to what the content loader asks.
type languages struct{ cfg *config.Config }

func (l languages) Lookup(s string) (string, bool) {
	lang, ok := l.cfg.Language(s)
	return lang.Code, ok
}

func (l languages) Default() string { return l.cfg.DefaultLanguage }

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

func progress(w io.Writer, msg string) {
	if w != nil {
		fmt.Fprintln(w, msg)
	}
}

// forEach runs fn over items on every core, stopping at the first error or
// when ctx ends.
func forEach[T any](ctx context.Context, items []T, fn func(T) error) error {
	workers := min(runtime.GOMAXPROCS(0), max(1, len(items)))
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
