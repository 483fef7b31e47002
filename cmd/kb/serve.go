package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"kb/builder"
	"kb/builder/config"
	"kb/builder/devserver"
	"kb/builder/diag"
	"kb/builder/watch"
)

// debounce is how long kb serve waits after the last file event before
// rebuilding: long enough to coalesce an editor's save, whose events (a
// truncate and writes, a rename over the file, vim's backup rename and
// rewrite) come microseconds apart, short enough not to show in the
// save-to-served time. A burst that straddles it costs one more rebuild,
// and the last one reads the final content (TestServeEditorSaves).
const debounce = 5 * time.Millisecond

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var b buildFlags
	fs := newFlags("serve", stdout, "Build the site, serve it with search at --addr, watch content/, snippets/, i18n/, static/,\nthemes/ and site.toml, rebuild on every save and reload the browser. Build errors show in the browser.")
	b.register(fs)
	addr := fs.String("addr", "127.0.0.1:1313", "listen address; on a loopback address only the Host names localhost, 127.0.0.1\nand [::1] are answered (protection against DNS rebinding)")
	data := fs.String("data", env("KB_DATA", ""), "record searches and article votes in this folder or postgres:// URL, for kb report (default <site>/.kb/data)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := requireSite(b.site); err != nil {
		return err
	}
	if *data == "" {
		*data = builder.DefaultDataDir(b.site)
	}
	if b.out == "" {
		b.out = filepath.Join(b.site, "public")
	}
	if b.index == "" {
		b.index = filepath.Join(b.site, ".kb", "search")
	}
	quiet := slog.New(slog.DiscardHandler)
	store, err := openAnalytics(ctx, *data, quiet)
	if err != nil {
		return err
	}
	defer store.Close() // after dev.Close, so nothing records into a closed store
	dev := devserver.New(devserver.Config{Out: b.out, Index: b.index, Data: store, Log: quiet, Addr: *addr})
	opts := b.options(stderr)
	opts.Progress = nil
	opts.DataDir = *data

	session := builder.NewSession(opts)
	session.OnWritten(dev.Written)
	// The watcher's rebuilds and the scheduled ones run one at a time.
	var building sync.Mutex
	var scheduled *watch.Schedule
	// rebuild builds again what the files changed() returns affect, asked
	// once the rebuild before has ended; everything when changed is nil
	// or returns nil. why, if set, says what happened to the files when
	// no one saved them.
	rebuild := func(changed func() []string, why string) {
		building.Lock()
		defer building.Unlock()
		// Re-armed after every build: a page's dates may have moved, or
		// the one due has just passed.
		defer func() { scheduled.At(session.NextChange()) }()
		var files []string
		if changed != nil {
			files = changed()
		}
		var res builder.Result
		var err error
		if files == nil {
			res, err = session.Build(ctx)
		} else {
			res, err = session.Rebuild(ctx, files)
		}
		printDiagnostics(stderr, res.Diagnostics, b.verbose)
		if err != nil {
			msg := err.Error()
			if errors.Is(err, builder.ErrContent) {
				msg = errorsText(res.Diagnostics)
			}
			fmt.Fprintf(stdout, "build failed; still serving the last good site\n")
			dev.Failed(msg)
			return
		}
		if files == nil {
			fromCache := ""
			if res.CacheHits > 0 { // the first build, as kb build says it
				fromCache = " (" + fromBuildCache(res) + ")"
			}
			fmt.Fprintf(stdout, "%sbuilt %d pages in %d languages in %s%s\n", why, res.Pages, res.Languages, res.Duration.Round(time.Millisecond), fromCache)
		} else {
			what := describe(files, b.site) + " changed"
			if why != "" {
				what = why + describe(files, b.site)
			}
			fmt.Fprintf(stdout, "%s: %d pages rendered, %d files written, %d removed in %s\n", what, res.Pages, res.Written, res.Removed, res.Duration.Round(time.Millisecond))
		}
		dev.Built(session.BasePath())
	}
	// A page's publishDate coming or expiryDate passing changes what is
	// published with no file event: the page is rebuilt then, as after
	// a save.
	scheduled = watch.NewSchedule(func() { rebuild(session.DatesPassed, "a publishDate or expiryDate passed: ") })
	defer scheduled.Stop()
	rebuild(nil, "")

	// A Hugo or Zola site read as it is: its configuration file, or its
	// config/_default/ folder, is watched too.
	roots := append([]string{"content", config.SnippetsFolder, "static"}, builder.SiteWideInputs()...)
	if name, _ := config.Source(os.DirFS(b.site)); name != config.FileName && name != "" {
		if dir := path.Dir(name); dir != "." {
			name = dir
		}
		roots = append(roots, name)
	}
	// Absolute paths, which the session maps into the site whatever -s and
	// the working folder are.
	siteAbs, err := filepath.Abs(b.site)
	if err != nil {
		return err
	}
	w, err := watch.New(siteAbs, slog.New(slog.NewTextHandler(stderr, nil)), roots...)
	if err != nil {
		return err
	}
	w.OnEvent(session.Pause)
	go w.Run(ctx, debounce, func(changed []string) { rebuild(func() []string { return changed }, "") })

	srv := &http.Server{Addr: *addr, Handler: dev, ReadHeaderTimeout: 10 * time.Second}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "serving on http://%s%s (Ctrl+C to stop)\n", ln.Addr(), cmp.Or(dev.BasePath(), "/"))
	go func() {
		<-ctx.Done()
		scheduled.Stop()
		dev.CloseEvents()
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(shut)
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	dev.Close()
	session.Close()
	return nil
}

func errorsText(ds []diag.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		if d.Severity == diag.Error {
			b.WriteString(d.Error())
			b.WriteByte('\n')
		}
	}
	return b.String()
}

func describe(changed []string, site string) string {
	if abs, err := filepath.Abs(site); err == nil {
		site = abs
	}
	rel := make([]string, 0, len(changed))
	for _, c := range changed {
		if r, err := filepath.Rel(site, c); err == nil {
			c = r
		}
		rel = append(rel, filepath.ToSlash(c))
	}
	if len(rel) > 3 {
		return fmt.Sprintf("%s and %d more", strings.Join(rel[:3], ", "), len(rel)-3)
	}
	return strings.Join(rel, ", ")
}
