package builder

import (
	"io/fs"
	"path"
	"strings"

	"kb/builder/config"
	"kb/builder/content"
	"kb/builder/diag"
)

// GitBook orders and titles a space's pages in its SUMMARY.md, which its
// writers keep editing: kb reads it at every build, as the order (weight)
// and navigation title (linkTitle) of the pages it lists whose front
// matter gives none. content/SUMMARY.md orders every language's pages;
// content/<lang>/SUMMARY.md or content/SUMMARY.<lang>.md, one language's.

// summaryOrder is what a SUMMARY.md says of one page.
type summaryOrder struct {
	weight int
	title  string
}

// applySummaries returns pages with the order and titles of the site's
// SUMMARY.md files, each page it changes a copy (the ones given may be
// the last build's), and warns about the entries that name no page and
// the default language's pages no entry names.
func applySummaries(fsys fs.FS, cfg *config.Config, pages []*content.Page, ds *diag.List) []*content.Page {
	files := summaryFiles(fsys, cfg)
	if len(files) == 0 {
		return pages
	}
	byLang := map[string]map[string]summaryOrder{}
	for lang, file := range files {
		byLang[lang] = readSummary(fsys, file, cfg, pages, lang, ds)
	}
	out := make([]*content.Page, len(pages))
	for i, p := range pages {
		out[i] = p
		orders := byLang[p.Lang]
		if orders == nil {
			orders = byLang[""]
		}
		if orders == nil {
			continue
		}
		o, listed := orders[p.Path]
		if listed {
			cp := *p
			if cp.Meta.Weight == 0 {
				cp.Meta.Weight = o.weight
			}
			if cp.Meta.LinkTitle == "" && o.title != cp.Meta.Title {
				cp.Meta.LinkTitle = o.title
			}
			out[i] = &cp
			continue
		}
		// A page is warned about by its language's SUMMARY.md, or the
		// default language's by the shared one; a translation is not.
		own := files[p.Lang]
		if own == "" && p.Lang == cfg.DefaultLanguage {
			own = files[""]
		}
		if own != "" && p.Kind != content.Home && !p.Meta.Unlisted {
			ds.Add(diag.WarnAt(p.File, 0, 0, "not in %s: listed after the pages it orders; add it there, or hidden: true to keep it out of lists", own).Of(diag.Imported))
		}
	}
	return out
}

// summaryFiles finds the SUMMARY.md files: by language code, "" for the
// one of every language without its own.
func summaryFiles(fsys fs.FS, cfg *config.Config) map[string]string {
	entries, err := fs.ReadDir(fsys, "content")
	if err != nil {
		return nil
	}
	files := map[string]string{}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() {
			if code, ok := cfg.Lookup(name); ok {
				if file := "content/" + name + "/SUMMARY.md"; isFile(fsys, file) {
					files[code] = file
				}
			}
			continue
		}
		if !content.IsSummaryFile("content/" + name) {
			continue
		}
		base := strings.TrimSuffix(name, path.Ext(name))
		if suffix, ok := strings.CutPrefix(base, "SUMMARY."); ok {
			if code, ok := cfg.Lookup(suffix); ok {
				files[code] = "content/" + name
			}
			continue
		}
		files[""] = "content/" + name
	}
	return files
}

func isFile(fsys fs.FS, name string) bool {
	st, err := fs.Stat(fsys, name)
	return err == nil && !st.IsDir()
}

// readSummary reads one SUMMARY.md: each entry's page, by logical path,
// with its place in the list and its title. An entry whose file is no
// page of the language (lang; "" for the default) is a warning at its
// line.
func readSummary(fsys fs.FS, file string, cfg *config.Config, pages []*content.Page, lang string, ds *diag.List) map[string]summaryOrder {
	src, err := fs.ReadFile(fsys, file)
	if err != nil {
		ds.Errorf(file, 0, 0, "%v", err)
		return nil
	}
	want := lang
	if want == "" {
		want = cfg.DefaultLanguage
	}
	exists := map[string]bool{}
	for _, p := range pages {
		if p.Lang == want {
			exists[p.Path] = true
		}
	}
	orders := map[string]summaryOrder{}
	weight := 0
	for _, e := range config.ReadSummary(src) {
		if e.Page == "" {
			continue
		}
		// Entries are written from SUMMARY.md's folder, the language's root.
		logical := logicalPath(e.Page)
		if dir, base := path.Split(logical); !exists[logical] && strings.EqualFold(base, "README") {
			logical = strings.TrimSuffix(dir, "/") // the folder's page: its _index.md
		}
		if !exists[logical] {
			ds.Add(diag.WarnAt(file, e.Line, 0, "%q is no page: fix the entry or remove it", e.Page).Of(diag.Imported))
			continue
		}
		if _, dup := orders[logical]; dup {
			continue
		}
		weight++
		orders[logical] = summaryOrder{weight: weight, title: e.Title}
	}
	return orders
}
