package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"
	"time"

	"kb/builder"
	"kb/builder/config"
	"kb/builder/content"
	"kb/builder/diag"
	"kb/builder/locale"
	"kb/builder/translation"
	"kb/themes"
)

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("check", stdout, "Check the site without writing anything: everything kb build reports (broken links\n"+
		"and anchors, front matter, duplicate URLs...), plus UI strings missing in a language and\n"+
		"outdated translations. Exit status 1 on errors and on warnings readers would notice\n"+
		"(broken links, anchors and files, removed shortcodes and raw HTML); --strict fails on any\n"+
		"warning, translation lag included.\n\n"+
		"--external also checks every link to another site (it needs the network): broken ones\n"+
		"(404, 410, 5xx, no such host, TLS errors, timeouts, redirect loops) and #ids their pages\n"+
		"lack fail the check; permanent redirects are warnings naming the new address; sites that\n"+
		"refuse link checkers are reported as not checked and never fail it. Working links are\n"+
		"remembered in <site>/.kb/external-links.json for --external-max-age; [check]\n"+
		"externalIgnore = [\"https://www.linkedin.com/*\"] in site.toml skips addresses.")
	site := fs.String("s", ".", "site folder (with site.toml)")
	strict := fs.Bool("strict", false, "fail on any warning, outdated and missing translations included")
	verbose := fs.Bool("v", false, "print every warning (default: grouped by kind, with examples)")
	format := fs.String("format", "text", "output format: text, json, or github (workflow annotations)")
	external := fs.Bool("external", false, "also check links to other sites (needs the network; slow the first time)")
	maxAge := fs.String("external-max-age", "24h", "with --external, trust a link found working this recently (24h, 7d; 0 asks again)")
	private := fs.Bool("external-private", false, "with --external, also check addresses on this machine and private networks\n(off: such a link means a different machine for each reader)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	print := func(ds []diag.Diagnostic) error {
		switch *format {
		case "json":
			return printJSON(stdout, ds)
		case "github":
			printGitHub(stdout, ds)
		default:
			printDiagnostics(stdout, ds, *verbose)
		}
		return nil
	}
	switch *format {
	case "text", "json", "github":
	default:
		return usageError{msg: fmt.Sprintf("unknown --format %q: use text, json or github", *format), hint: "kb check --format github"}
	}
	now := time.Now()
	since, err := parseSince(*maxAge, now)
	if err != nil {
		return usageError{msg: "--external-max-age: " + err.Error(), hint: "kb check --external --external-max-age 7d"}
	}
	if err := requireSite(*site); err != nil {
		return err
	}
	opts := builder.Options{SiteDir: *site, IndexDir: "-", Theme: themes.Default(), CheckOnly: true, ExternalLinks: *external}
	res, err := builder.Build(ctx, opts)
	if err != nil && !errors.Is(err, builder.ErrContent) {
		print(res.Diagnostics)
		return err
	}
	var ds diag.List
	ds.Add(res.Diagnostics...)
	if cfg, _ := config.Load(os.DirFS(*site)); cfg != nil { // its problems are in res already
		found := append(uiStringFindings(*site, cfg, opts.Theme), outdatedFindings(ctx, *site, cfg)...)
		if *external {
			eds, err := externalFindings(ctx, *site, cfg, res.ExternalLinks, externalCheck{maxAge: now.Sub(since), private: *private, progress: terminalOnly(stderr)})
			if err != nil {
				fmt.Fprintf(stderr, "%s check: links to other sites will be asked again next time: %v\n", programName, err)
			}
			found = append(found, eds...)
		}
		for _, d := range found {
			if !cfg.Ignores(d.Kind) {
				ds.Add(d)
			}
		}
	}
	all := ds.All()
	if err := print(all); err != nil {
		return err
	}
	if failsCheck(all, *strict) {
		return errReported
	}
	if *format == "text" && len(all) == 0 {
		fmt.Fprintf(stdout, "no problems found: %d pages in %d languages\n", res.Pages, res.Languages)
	}
	return nil
}

// failsCheck reports whether findings fail kb check: any error, a warning
// readers would notice, or with strict any warning at all except those
// that only say kb could not tell.
func failsCheck(ds []diag.Diagnostic, strict bool) bool {
	for _, d := range ds {
		if d.Severity == diag.Error || strict && !d.Kind.Inconclusive() || d.Kind.AffectsReaders() {
			return true
		}
	}
	return false
}

// uiStringFindings warns about the theme's UI strings that a language's own
// message files (the site's i18n/<lang>.toml, the theme's) do not translate,
// and once about a language that has no message file at all.
func uiStringFindings(site string, cfg *config.Config, theme fs.FS) []diag.Diagnostic {
	siteFS := content.OpenSite(site)
	sources := []locale.Source{{FS: theme, Prefix: "themes/default/"}}
	if cfg.Theme != "" {
		if sub, err := fs.Sub(siteFS, "themes/"+cfg.Theme); err == nil {
			sources = append(sources, locale.Source{FS: sub, Prefix: "themes/" + cfg.Theme + "/"})
		}
	}
	sources = append(sources, locale.Source{FS: siteFS})
	catalog, _ := locale.NewCatalog(cfg.Order, sources...) // its own problems are the build's

	// The file a writer should edit: the site's own, as it spells it.
	files := map[string]string{}
	for i, s := range sources {
		names, _ := fs.Glob(s.FS, "i18n/*.toml")
		for _, name := range names {
			if catalog.Foreign()[path.Join(s.Prefix, name)] {
				continue
			}
			code, err := config.CanonicalCode(strings.TrimSuffix(path.Base(name), ".toml"))
			if err != nil {
				continue
			}
			if _, seen := files[code]; !seen || i == len(sources)-1 {
				files[code] = "i18n/" + path.Base(name)
			}
		}
	}
	var ds []diag.Diagnostic
	for _, code := range cfg.Order {
		file, ok := files[code]
		if !ok {
			// A language reading its parent's or a close match's strings
			// (fa-IR the theme's fa) has its menus in its own language.
			if !catalog.ReadsOwnStrings(code) {
				ds = append(ds, diag.WarnAt("i18n/"+code+".toml", 0, 0,
					"no UI strings for %s (%s) in the site or the theme: menus and labels show in a related language, the default language or English; add i18n/%s.toml",
					cfg.Languages[code].Name, code, code).Of(diag.UIString))
			}
			continue
		}
		for _, id := range catalog.Missing(code) {
			ds = append(ds, diag.WarnAt(file, 0, 0, "missing UI string %q", id).Of(diag.UIString))
		}
	}
	return ds
}

// outdatedFindings warns at the translatedFrom line of every translation
// whose source changed since it was translated.
func outdatedFindings(ctx context.Context, site string, cfg *config.Config) []diag.Diagnostic {
	var discard diag.List // the build reports the content's problems
	pages := content.Load(ctx, content.OpenSite(site), cfg, &discard)
	var ds []diag.Diagnostic
	report := translation.Status(cfg, pages)
	for _, l := range report.Languages {
		for _, e := range l.OutdatedPages {
			ds = append(ds, diag.WarnAt(e.File, e.Line, 0,
				"translation is outdated: its source changed since translatedFrom; update it from %s, then run kb status --mark %s",
				e.Source, e.File).Of(diag.Outdated))
		}
		for _, e := range l.LocalPages {
			if e.TranslatedFrom != "" {
				ds = append(ds, diag.WarnAt(e.File, e.Line, 0,
					"translatedFrom is set but there is no %s page %s: readers of other languages do not find this page; name the file like its source, or give both the same translationKey",
					report.DefaultLanguage, e.Path).Of(diag.Outdated))
			}
		}
	}
	return ds
}
