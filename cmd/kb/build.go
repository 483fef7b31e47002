package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"kb/builder"
	"kb/builder/config"
	"kb/builder/sitelock"
	"kb/themes"
)

type buildFlags struct {
	site, out, index, baseURL, data string
	verbose, precompress, noWait    bool
	inPlace                         bool
}

func (b *buildFlags) register(fs interface {
	StringVar(*string, string, string, string)
	BoolVar(*bool, string, bool, string)
}) {
	fs.StringVar(&b.site, "s", ".", "site folder (with site.toml)")
	fs.StringVar(&b.out, "o", "", "output folder (default <site>/public)")
	fs.BoolVar(&b.verbose, "v", false, "print every warning")
}

func (b *buildFlags) options(stderr io.Writer) builder.Options {
	opts := builder.Options{SiteDir: b.site, Out: b.out, IndexDir: b.index, BaseURL: b.baseURL, Precompress: b.precompress, InPlace: b.inPlace, DataDir: b.data, Theme: themes.Default(),
		NoWait: b.noWait, Waiting: waitingMessage(stderr)}
	if isTerminal(stderr) || b.verbose {
		// -v also says what the build did along the way: why pages have
		// no last-updated dates, which search indexes were rebuilt.
		opts.Progress = stderr
	}
	return opts
}

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var b buildFlags
	fs := newFlags("build", stdout, "Build the site into the output folder and the search index into <site>/.kb/search.\nExit status 1 when the content has errors; the previous output is then left untouched.")
	b.register(fs)
	fs.StringVar(&b.index, "index", "", "server search index folder (default <site>/.kb/search; - to skip)")
	fs.StringVar(&b.baseURL, "base-url", "", "override site.toml's baseURL (preview deployments)")
	fs.BoolVar(&b.precompress, "precompress", false, "also write .gz and .br copies of text files (as [build] precompress = true)")
	var cpuProfile, memProfile, traceFile string
	fs.StringVar(&cpuProfile, "cpuprofile", "", "write a CPU profile of the build to `file` (go tool pprof)")
	fs.StringVar(&memProfile, "memprofile", "", "write a memory allocation profile of the build to `file` (go tool pprof)")
	fs.StringVar(&traceFile, "trace", "", "write an execution trace of the build to `file` (go tool trace): where it waits")
	timings := fs.Bool("timings", false, "print when each step of the build ended and what it took\n(setup, load, model, render, extras, indexes, precompress, commit)")
	fs.BoolVar(&b.inPlace, "in-place", false, "update the output folder file by file (changed files only) instead of staging a new one\nand swapping it in: for CI jobs that restore the output folder from a cache")
	fs.BoolVar(&b.noWait, "no-wait", false, "exit with status 2 instead of waiting when another kb is writing this site")
	fs.StringVar(&b.data, "data", "", "analytics data (folder or postgres:// URL) whose most opened articles fill the popular lists\n(default <site>/.kb/data when present)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := config.CheckBaseURL(b.baseURL); err != nil {
		return usageError{msg: "--base-url: " + err.Error(), hint: "kb build --base-url https://preview.example.com/"}
	}
	if err := requireSite(b.site); err != nil {
		return err
	}
	memory := limitBuildMemory()
	defer memory.restore()
	stopProfiles, err := startProfiles(cpuProfile, memProfile, traceFile)
	if err != nil {
		return err
	}
	opts := b.options(stderr)
	opts.MapsMemory = memory.mapsMemory
	opts.ReusingCache = memory.reusingCache
	res, err := builder.Build(ctx, opts)
	if perr := stopProfiles(); perr != nil && err == nil {
		err = perr
	}
	printDiagnostics(stderr, res.Diagnostics, b.verbose)
	if err != nil {
		if errors.Is(err, builder.ErrContent) {
			return errReported
		}
		return err
	}
	if res.UpToDate {
		fmt.Fprintf(stdout, "up to date: %d pages in %d languages, nothing changed since the last build (0 files written) in %s\n",
			res.Pages, res.Languages, res.Duration.Round(1e6))
		return nil
	}
	fmt.Fprintf(stdout, "built %d pages in %d languages, %d search documents in %s (%d files written, %d unchanged, %d removed)\n",
		res.Pages, res.Languages, res.SearchDocs, res.Duration.Round(1e6), res.Written, res.Kept, res.Removed)
	if *timings {
		printPhases(stdout, res.Phases)
	}
	if res.CacheHits > 0 {
		fmt.Fprintf(stdout, "%s; the server index of %d of %d languages updated rather than built\n",
			fromBuildCache(res), res.IndexUpdated, res.Languages)
	}
	return nil
}

// fromBuildCache says how many of a build's pages came from the build
// cache, as kb build and kb serve print it.
func fromBuildCache(res builder.Result) string {
	return fmt.Sprintf("%d of %d pages from the build cache", res.CacheHits, res.Pages)
}

// printPhases prints the steps of a build, each with the time from the
// build's start to its end and the time it took itself.
func printPhases(w io.Writer, phases []builder.Phase) {
	var prev time.Duration
	for _, p := range phases {
		fmt.Fprintf(w, "  %-12s ended at %8s  took %8s\n", p.Name, p.Took.Round(time.Millisecond), (p.Took - prev).Round(time.Millisecond))
		prev = p.Took
	}
}

// waitingMessage returns what tells the user, once per wait, that kb waits
// for another kb writing the same site.
func waitingMessage(w io.Writer) func(pid int) {
	return func(pid int) {
		if pid > 0 {
			fmt.Fprintf(w, "waiting for kb (pid %d) building this site…\n", pid)
		} else {
			fmt.Fprintf(w, "waiting for another kb building this site…\n")
		}
	}
}

// lockSite takes the site lock for a command that writes into the site
// (kb new, kb status --mark), waiting for a build unless noWait.
func lockSite(ctx context.Context, site string, noWait bool, stderr io.Writer) (*sitelock.Lock, error) {
	return sitelock.Acquire(ctx, site, sitelock.Options{NoWait: noWait, Waiting: waitingMessage(stderr)})
}

// terminalOnly is w when it is an interactive terminal (see isTerminal),
// else nil: for progress that only a person watching wants.
func terminalOnly(w io.Writer) io.Writer {
	if isTerminal(w) {
		return w
	}
	return nil
}

// isTerminal reports whether w is an interactive terminal, so progress is
// shown to people and not written into CI logs.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("CI") != "" {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
