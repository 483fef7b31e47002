package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"kb/builder/config"
	"kb/builder/content"
	"kb/builder/diag"
	"kb/builder/translation"
)

func runStatus(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("status", stdout, "Translation coverage per language: current, outdated and missing pages.\n"+
		"A translation is outdated when its source changed after it was translated: its translatedFrom\n"+
		"no longer matches the source's hash. After updating translations, record that with\n"+
		"  kb status --mark content/el/policies/returns.md ...\n"+
		"(paths relative to the site folder, or absolute).\n"+
		"Hashes written before kb counted titles and descriptions still mark a translation current;\n"+
		"  kb status --upgrade\n"+
		"replaces them with the current hash, so that a title edit makes a translation outdated too.")
	site := fs.String("s", ".", "site folder (with site.toml)")
	asJSON := fs.Bool("json", false, "print the report as JSON (for CI dashboards)")
	mark := fs.Bool("mark", false, "write each given translation's source hash into its translatedFrom")
	upgrade := fs.Bool("upgrade", false, "replace every current translatedFrom that hashes its source's body only with the hash that counts the title and description too")
	paths, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	switch {
	case !*mark && len(paths) > 0:
		return usageError{msg: fmt.Sprintf("unexpected argument %q", paths[0]), hint: "kb status --mark " + paths[0]}
	case *mark && len(paths) == 0:
		return usageError{msg: "--mark needs the translation files to mark", hint: "kb status --mark content/el/faq/returns.md"}
	case *mark && *asJSON:
		return usageError{msg: "--mark and --json do not go together", hint: "kb status --json"}
	case *upgrade && (*mark || *asJSON || len(paths) > 0):
		return usageError{msg: "--upgrade takes no files and goes with no other flag but -s", hint: "kb status --upgrade"}
	}

	cfg, pages, ds, err := loadSite(ctx, *site, stderr)
	if err != nil {
		return err
	}
	if *mark {
		lk, err := lockSite(ctx, *site, false, stderr)
		if err != nil {
			return err
		}
		defer lk.Release()
		return markFiles(*site, cfg, pages, ds, paths, stdout, stderr)
	}
	if *upgrade {
		lk, err := lockSite(ctx, *site, false, stderr)
		if err != nil {
			return err
		}
		defer lk.Release()
		return upgradeHashes(*site, translation.Status(cfg, pages), stdout, stderr)
	}
	// Pages that could not be read are left out of the report: say so.
	for _, d := range ds {
		if d.Severity == diag.Error {
			fmt.Fprintln(stderr, printableLines(d.Error()))
		}
	}
	report := translation.Status(cfg, pages)
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(report)
	}
	printStatus(stdout, report)
	return nil
}

// printStatus prints a line per language, then its outdated and missing
// pages, then the untracked translations of every language.
func printStatus(w io.Writer, r translation.Report) {
	if len(r.Languages) == 0 {
		fmt.Fprintf(w, "the site has only one language (%s): nothing to translate\n", r.DefaultLanguage)
		return
	}
	width := 0
	for _, l := range r.Languages {
		width = max(width, len(l.Code))
	}
	untracked := 0
	for _, l := range r.Languages {
		fmt.Fprintf(w, "%-*s  %d/%d current (%d%%), %d outdated, %d missing", width, l.Code,
			l.Current, l.Total, translation.Percent(l.Current, l.Total), l.Outdated, l.Missing)
		if l.Untracked > 0 {
			fmt.Fprintf(w, ", %d untracked", l.Untracked)
		}
		fmt.Fprintln(w)
		for _, e := range l.OutdatedPages {
			fmt.Fprintf(w, "%*s  outdated: %s\n", width, "", printable(e.Path))
		}
		for _, e := range l.MissingPages {
			fmt.Fprintf(w, "%*s  missing:  %s", width, "", printable(e.Path))
			if e.Reason != "" {
				fmt.Fprintf(w, " (%s: %s)", e.Reason, printable(e.File))
			}
			fmt.Fprintln(w)
		}
		for _, e := range l.LocalPages {
			fmt.Fprintf(w, "%*s  local:    %s (%s only", width, "", e.Path, l.Code)
			if e.TranslatedFrom != "" {
				fmt.Fprintf(w, "; %s is a translation whose %s source is not found: name it like its source, or give both the same translationKey", e.File, r.DefaultLanguage)
			}
			fmt.Fprintln(w, ")")
		}
		untracked += l.Untracked
	}
	bodyOnly := 0
	for _, l := range r.Languages {
		bodyOnly += len(l.BodyOnlyPages)
	}
	if bodyOnly > 0 {
		fmt.Fprintf(w, "\nbody-only hashes (written by an older kb, without the source's title and description): %s\n"+
			"  counted as current; an edit of a source's title goes unnoticed in them until kb status --upgrade records the current hash\n",
			plural(bodyOnly, "translation"))
	}
	if untracked == 0 {
		return
	}
	fmt.Fprintf(w, "\nuntracked (no translatedFrom, counted as current; once checked against the source, record it with kb status --mark FILE):\n")
	for _, l := range r.Languages {
		for _, e := range l.UntrackedPages {
			fmt.Fprintf(w, "  %s\n", printable(e.File))
		}
	}
}

// markFiles writes the current source hash into each translation file.
// Every file is tried; errors name the file.
func markFiles(site string, cfg *config.Config, pages []*content.Page, ds []diag.Diagnostic, paths []string, stdout, stderr io.Writer) error {
	byFile := map[string]*content.Page{}
	type id struct {
		kind content.Kind
		key  string
	}
	sources := map[id]*content.Page{}
	for _, p := range pages {
		byFile[p.File] = p
		if p.Lang == cfg.DefaultLanguage {
			sources[id{p.Kind, p.Key}] = p
		}
	}
	failed := false
	fail := func(file, format string, args ...any) {
		failed = true
		fmt.Fprintf(stderr, "%s: cannot mark: %s\n", file, fmt.Sprintf(format, args...))
	}
	for _, arg := range paths {
		file, err := siteFile(site, arg)
		if err != nil {
			fail(arg, "%v", err)
			continue
		}
		p := byFile[file]
		if p == nil {
			fail(file, "%s", whyNotPage(site, file, cfg, ds))
			continue
		}
		if p.Lang == cfg.DefaultLanguage {
			fail(file, "it is in the default language (%s), which translations are made from: mark its translations instead", cfg.DefaultLanguage)
			continue
		}
		src := sources[id{p.Kind, p.Key}]
		if src == nil {
			how := fmt.Sprintf("the path %q", p.Path)
			if p.Meta.TranslationKey != "" {
				how = fmt.Sprintf("translationKey %q", p.Meta.TranslationKey)
			}
			hint := ""
			for _, q := range pages {
				if q.Lang == cfg.DefaultLanguage && q.Kind == p.Kind && q.Path == p.Path && q.Key != p.Key {
					hint = fmt.Sprintf(" (%s has translationKey %q: give this file the same translationKey)", q.File, q.Key)
				}
			}
			fail(file, "no %s %s has %s, so there is no source to compare it with%s", cfg.DefaultLanguage, p.Kind, how, hint)
			continue
		}
		hash := translation.SourceHash(&src.Meta, src.Body)
		if err := translation.Mark(site, file, hash); err != nil {
			failed = true
			fmt.Fprintf(stderr, "%v\n", err)
			continue
		}
		fmt.Fprintf(stdout, "marked %s: translated from %s (%s)\n", file, src.File, hash)
	}
	if failed {
		return errReported
	}
	return nil
}

// upgradeHashes writes the current source hash into every translation
// whose translatedFrom hashes its source's body only (Language.BodyOnlyPages):
// such a translation is current, so it stays current, and from then on an
// edit of its source's title or description makes it outdated too.
func upgradeHashes(site string, r translation.Report, stdout, stderr io.Writer) error {
	upgraded, failed := 0, false
	for _, l := range r.Languages {
		for _, e := range l.BodyOnlyPages {
			if err := translation.Mark(site, e.File, e.Hash); err != nil {
				failed = true
				fmt.Fprintf(stderr, "%v\n", err)
				continue
			}
			upgraded++
		}
	}
	fmt.Fprintf(stdout, "upgraded %s to the hash that counts titles and descriptions\n", plural(upgraded, "translation"))
	if failed {
		return errReported
	}
	return nil
}

// whyNotPage explains why a file given to --mark is not a loaded page.
func whyNotPage(site, file string, cfg *config.Config, ds []diag.Diagnostic) string {
	if _, err := os.Stat(filepath.Join(site, filepath.FromSlash(file))); err != nil {
		if errors.Is(err, fs.ErrNotExist) && filepath.Clean(site) == "." {
			return "no such file"
		}
		if errors.Is(err, fs.ErrNotExist) {
			return "no such file in the site folder " + site
		}
		return err.Error()
	}
	if _, _, _, ok := content.Classify(file, cfg); !ok {
		return "not a page: translations are Markdown files under content/ in a configured language"
	}
	for _, d := range ds {
		if d.File == file && d.Severity == diag.Error {
			return "the file has errors: " + d.Error()
		}
	}
	return "the page could not be read"
}

// siteFile turns a path given on the command line (relative to the site,
// or absolute, or relative to the working folder when that is where it
// exists) into a slash path inside the site.
func siteFile(site, arg string) (string, error) {
	absSite, err := filepath.Abs(site)
	if err != nil {
		return "", err
	}
	p := arg
	if !filepath.IsAbs(p) {
		p = filepath.Join(absSite, p)
		if _, err := os.Stat(p); err != nil {
			if cwd, err := filepath.Abs(arg); err == nil {
				if _, err := os.Stat(cwd); err == nil {
					p = cwd
				}
			}
		}
	}
	rel, err := filepath.Rel(absSite, p)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("not inside the site folder %s", site)
	}
	return filepath.ToSlash(rel), nil
}

// loadSite reads site.toml and every page. Configuration errors are printed
// and end the command; content diagnostics are returned for the caller.
func loadSite(ctx context.Context, site string, stderr io.Writer) (*config.Config, []*content.Page, []diag.Diagnostic, error) {
	if err := requireSite(site); err != nil {
		return nil, nil, nil, err
	}
	fsys := content.OpenSite(site)
	cfg, cds := config.Load(fsys)
	if cfg == nil {
		printDiagnostics(stderr, cds, true)
		return nil, nil, nil, errReported
	}
	var ds diag.List
	pages := content.Load(ctx, fsys, cfg, &ds)
	if err := ctx.Err(); err != nil {
		return nil, nil, nil, err
	}
	return cfg, pages, ds.All(), nil
}

// parseInterspersed parses flags wherever they are among the arguments
// ("kb new faq/returns --lang el") and returns the other arguments; "--"
// ends the flags.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usageError{msg: err.Error(), hint: fs.Name() + " --help"}
		}
		left := fs.Args()
		if len(left) == 0 {
			return rest, nil
		}
		if consumed := len(args) - len(left); consumed > 0 && args[consumed-1] == "--" {
			return append(rest, left...), nil
		}
		rest = append(rest, left[0])
		args = left[1:]
	}
}
