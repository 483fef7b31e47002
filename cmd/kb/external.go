package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"kb/builder/config"
	"kb/builder/diag"
	"kb/builder/extlinks"
)

// externalCacheFile, in <site>/.kb, keeps the links to other sites found
// working, for --external-max-age.
const externalCacheFile = "external-links.json"

// externalCheck is what kb check --external was told.
type externalCheck struct {
	maxAge  time.Duration
	private bool
	// progress is the terminal to show the check's progress on; nil
	// where no one watches (CI logs, a pipe).
	progress io.Writer
}

// externalFindings checks the site's links to other sites and reports
// each problem at every place that links there, with the same subject, so
// the default output prints one line per address.
func externalFindings(ctx context.Context, site string, cfg *config.Config, uses []extlinks.Use, opts externalCheck) ([]diag.Diagnostic, error) {
	ignore := cfg.Check.ExternalIgnore
	if strings.HasPrefix(cfg.BaseURL, "http://") || strings.HasPrefix(cfg.BaseURL, "https://") {
		// The site's own pages: kb checks them as pages, and the ones
		// not yet deployed are not there to ask.
		ignore = append(ignore[:len(ignore):len(ignore)], cfg.BaseURL+"*")
	}
	cache := extlinks.OpenCache(filepath.Join(site, ".kb", externalCacheFile), opts.maxAge, time.Now())
	checker := extlinks.Checker{
		AllowPrivate: opts.private,
		UserAgent:    strings.Replace(versionLine(), " ", "/", 1) + " link checker (kb check --external)",
		Ignore:       ignore,
		Cache:        cache,
	}
	if opts.progress != nil {
		var done func()
		checker.Progress, done = progressLine(opts.progress)
		defer done()
	}
	var ds []diag.Diagnostic
	for _, f := range checker.Check(ctx, uses) {
		ds = append(ds, externalDiagnostics(f)...)
	}
	if err := cache.Save(); err != nil {
		return ds, err
	}
	return ds, nil
}

// progressLine shows a check's progress on one line of a terminal,
// written over after each address; done clears it, so what follows
// starts on a clean line.
func progressLine(w io.Writer) (report func(extlinks.Progress), done func()) {
	shown := false
	report = func(p extlinks.Progress) {
		shown = true
		fmt.Fprintf(w, "\rchecking links to other sites: %d/%d", p.Checked, p.Total)
		if p.Failed > 0 {
			fmt.Fprintf(w, ", %d failed", p.Failed)
		}
		fmt.Fprint(w, "\x1b[K") // the rest of a longer line before
	}
	done = func() {
		if shown {
			fmt.Fprint(w, "\r\x1b[K")
		}
	}
	return report, done
}

// externalDiagnostics turns a finding into a warning at each place that
// links to its address; nothing when the address works.
func externalDiagnostics(f extlinks.Finding) []diag.Diagnostic {
	var kind diag.Kind
	var problem, fix string
	switch f.Verdict {
	case extlinks.OK:
		return nil
	case extlinks.Moved:
		kind, problem, fix = diag.ExternalMoved, "moved permanently to "+f.NewURL, "link to the new address"
	case extlinks.Broken:
		kind, problem, fix = diag.ExternalLink, f.Why, "fix the address or remove the link"
	case extlinks.MissingAnchor:
		kind, problem, fix = diag.ExternalAnchor, f.Why, "link to an id the page has, or to the page without #"
	default:
		kind, problem, fix = diag.ExternalUnchecked, "could not check: "+f.Why,
			"open it in a browser; [check] externalIgnore in site.toml skips it"
	}
	subject := fmt.Sprintf("link to %s: %s", f.URL, problem)
	ds := make([]diag.Diagnostic, 0, len(f.Uses))
	for _, u := range f.Uses {
		ds = append(ds, diag.WarnAt(u.File, u.Line, u.Col, "%s", subject).Of(kind).About(subject, 0, fix))
	}
	return ds
}
