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

	"kb/builder"
	"kb/builder/config"
	"kb/builder/content"
	"kb/builder/diag"
	"kb/builder/locale"
	"kb/builder/translation"
	"kb/themes"
)

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("check", stderr, "Check the site without writing anything: everything kb build reports (broken links\n"+
		"and anchors, front matter, duplicate URLs...), plus UI strings missing in a language and\n"+
		"outdated translations. Prints every problem, sorted; exit status 1 when there is any.")
	site := fs.String("s", ".", "site folder (with site.toml)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	opts := builder.Options{SiteDir: *site, IndexDir: "-", Theme: themes.Default(), CheckOnly: true}
	res, err := builder.Build(ctx, opts)
	if err != nil && !errors.Is(err, builder.ErrContent) {
		printDiagnostics(stdout, res.Diagnostics, true)
		return err
	}
	var ds diag.List
	ds.Add(res.Diagnostics...)
	if cfg, _ := config.Load(os.DirFS(*site)); cfg != nil { // its problems are in res already
		ds.Add(uiStringFindings(*site, cfg, opts.Theme)...)
		ds.Add(outdatedFindings(ctx, *site, cfg)...)
	}
	all := ds.All()
	printDiagnostics(stdout, all, true)
	if len(all) > 0 {
		return errReported
	}
	fmt.Fprintf(stdout, "no problems found: %d pages in %d languages\n", res.Pages, res.Languages)
	return nil
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
			if code != "en" { // English is what every other language falls back to
				ds = append(ds, diag.WarnAt("i18n/"+code+".toml", 0, 0,
					"no UI strings for %s (%s) in the site or the theme: menus and labels show in a related language, the default language or English; add i18n/%s.toml",
					cfg.Languages[code].Name, code, code))
			}
			continue
		}
		for _, id := range catalog.Missing(code) {
			ds = append(ds, diag.WarnAt(file, 0, 0, "missing UI string %q", id))
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
	for _, l := range translation.Status(cfg, pages).Languages {
		for _, e := range l.OutdatedPages {
			ds = append(ds, diag.WarnAt(e.File, e.Line, 0,
				"translation is outdated: its source changed since translatedFrom; update it from %s, then run kb status --mark %s",
				e.Source, e.File))
		}
	}
	return ds
}
