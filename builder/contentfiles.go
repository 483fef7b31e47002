package builder

import (
	"errors"
	"io/fs"
	"maps"
	"slices"
	"strings"

	"kb/builder/config"
	"kb/builder/content"
	"kb/builder/diag"
)

// contentFiles are the site's pages as last read, with their diagnostics,
// kept between rebuilds so that a rebuild reads again only what changed.
// They may be ahead of the last good build when a rebuild failed.
type contentFiles struct {
	siteFS fs.FS
	cfg    *config.Config
	// templateParams reports a front matter key the site's templates
	// read (content.LoadOptions.TemplateParams).
	templateParams func(key string) bool
	files          map[string]*content.Page     // pages by file
	fileDiags      map[string][]diag.Diagnostic // diagnostics by file
}

func newContentFiles(siteFS fs.FS, cfg *config.Config, templateParams func(string) bool, pages []*content.Page, diags []diag.Diagnostic) contentFiles {
	c := contentFiles{siteFS: siteFS, cfg: cfg, templateParams: templateParams, files: make(map[string]*content.Page, len(pages)), fileDiags: map[string][]diag.Diagnostic{}}
	for _, p := range pages {
		c.files[p.File] = p
	}
	for _, d := range diags {
		c.fileDiags[d.File] = append(c.fileDiags[d.File], d)
	}
	return c
}

// pages lists the pages, sorted by file.
func (c *contentFiles) pages() []*content.Page {
	pages := slices.Collect(maps.Values(c.files))
	slices.SortFunc(pages, func(a, b *content.Page) int { return strings.Compare(a.File, b.File) })
	return pages
}

// diags lists the diagnostics of every file, in no order (diag.List sorts).
func (c *contentFiles) diags() []diag.Diagnostic {
	var all []diag.Diagnostic
	for _, ds := range c.fileDiags {
		all = append(all, ds...)
	}
	return all
}

// reread loads one content file again (or forgets it when it is gone) and
// notes the translation groups it belonged to and belongs to now.
func (c *contentFiles) reread(rel string, touched map[string]bool) (before, after *content.Page) {
	before = c.files[rel]
	if before != nil {
		touched[groupID(before)] = true
	}
	delete(c.files, rel)
	delete(c.fileDiags, rel)
	if _, err := fs.Stat(c.siteFS, rel); errors.Is(err, fs.ErrNotExist) {
		return before, nil // deleted or renamed away
	}
	var ds diag.List
	if p, ok := content.ReadPageWith(c.siteFS, rel, c.cfg, &ds, content.LoadOptions{TemplateParams: c.templateParams}); ok {
		c.files[rel] = p
		touched[groupID(p)] = true
		after = p
	}
	if all := ds.All(); len(all) > 0 {
		c.fileDiags[rel] = all
	}
	return before, after
}

// isKnownDir reports whether rel was a folder holding content files (a
// folder deleted or renamed away).
func (c *contentFiles) isKnownDir(rel string) bool {
	prefix := strings.TrimSuffix(rel, "/") + "/"
	for f := range c.files {
		if strings.HasPrefix(f, prefix) {
			return true
		}
	}
	return false
}

// filesUnder lists the Markdown files under a folder, known before or on
// disk now.
func (c *contentFiles) filesUnder(rel string) []string {
	prefix := strings.TrimSuffix(rel, "/") + "/"
	set := map[string]bool{}
	for f := range c.files {
		if strings.HasPrefix(f, prefix) {
			set[f] = true
		}
	}
	fs.WalkDir(c.siteFS, rel, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && isPageFile(p) {
			set[p] = true
		}
		return nil
	})
	return slices.Sorted(maps.Keys(set))
}

// readChanges reads the changed paths under content/ again (a folder's
// pages, or a page) and notes the translation groups they touch.
func (c *contentFiles) readChanges(rels []string, touched map[string]bool) []fileChange {
	changes := make([]fileChange, 0, len(rels))
	for _, rel := range rels {
		if content.InSnippets(rel) {
			if !isIgnoredFile(rel) {
				changes = append(changes, fileChange{path: rel, snippet: true})
			}
			continue
		}
		if st, err := fs.Stat(c.siteFS, rel); err == nil && st.IsDir() || c.isKnownDir(rel) {
			for _, f := range c.filesUnder(rel) {
				c.reread(f, touched)
			}
			changes = append(changes, fileChange{path: rel, dir: true})
			continue
		}
		if isIgnoredFile(rel) {
			continue
		}
		ch := fileChange{path: rel, page: isPageFile(rel)}
		if ch.page {
			ch.before, ch.after = c.reread(rel, touched)
		}
		changes = append(changes, ch)
	}
	return changes
}

func groupID(p *content.Page) string { return string(rune('0'+p.Kind)) + "\x00" + p.Key }
