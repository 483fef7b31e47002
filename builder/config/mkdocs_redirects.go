package config

import (
	"bytes"
	"io/fs"
	"path"
	"strings"

	"gopkg.in/yaml.v3"

	"kb/builder/diag"
)

// Material for MkDocs makes a page a redirect with its front matter alone:
// template: redirect.html and location: <url>, no text. Its template
// sends the reader to location as the browser resolves it from the
// page's address. kb init writes each such page as an entry of
// [redirects], the table the redirects plugin's redirect_maps go to
// already, and removes the page: a site's old addresses stay in one
// place, and content/ holds no page without text (which kb would read as
// a translation still to write, and links to it as broken).

// redirectPages reads the Material redirect pages of docsDir into
// s.redirects and returns the moves that remove them. A page that sends
// readers to another site is a note, and stays.
func (r mkdocsReader) redirectPages(fsys fs.FS, docsDir string, s *siteTOML) []Move {
	pages := map[string]string{} // MkDocs's address of each page: its file under docsDir
	var found []string
	_ = fs.WalkDir(fsys, docsDir, func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() && name != docsDir && strings.HasPrefix(d.Name(), ".") {
			return fs.SkipDir
		}
		if d.IsDir() || path.Ext(name) != ".md" {
			return nil
		}
		rel := strings.TrimPrefix(name, docsDir+"/")
		pages[mkdocsAddress(rel, s.uglyURLAliases)] = rel
		found = append(found, rel)
		return nil
	})
	var removals []Move
	for _, rel := range found {
		file := path.Join(docsDir, rel)
		src, err := fs.ReadFile(fsys, file)
		if err != nil {
			continue
		}
		location, line, ok := materialRedirect(src)
		if !ok {
			continue
		}
		from := mkdocsAddress(rel, s.uglyURLAliases)
		if strings.Contains(location, "://") || strings.HasPrefix(location, "//") {
			r.f.Notes = append(r.f.Notes, diag.WarnAt(file, line, 0, "location: %s is another site: not carried over; add \"%s %s 301\" to static/_redirects and remove the page", location, from, location).Of(diag.Imported))
			continue
		}
		to := resolveFrom(from, location, s.uglyURLAliases)
		if page, ok := pages[to]; ok {
			to = page // by its file, which kb gives an address of its own
		}
		s.redirects = append(s.redirects, redirect{from, to})
		removals = append(removals, Move{From: file})
	}
	if len(removals) > 0 {
		r.used("redirect pages")
	}
	return removals
}

// materialRedirect reads a page whose front matter makes it a Material
// redirect: its location and the line of it (counted from the file's
// first line).
func materialRedirect(src []byte) (location string, line int, ok bool) {
	fm, body, ok := yamlFrontMatter(src)
	if !ok || len(bytes.TrimSpace(body)) > 0 {
		return "", 0, false
	}
	var template bool
	eachPair(fm, func(k, v *yaml.Node) {
		switch {
		case v.Kind != yaml.ScalarNode:
		case k.Value == "template":
			template = strings.TrimSpace(v.Value) == "redirect.html"
		case k.Value == "location":
			location, line = strings.TrimSpace(v.Value), k.Line+1
		}
	})
	return location, line, template && location != ""
}

// resolveFrom resolves location as a browser does on the page at address
// from: from its folder, which with directory URLs is the page's own.
func resolveFrom(from, location string, ugly bool) string {
	if strings.HasPrefix(location, "/") {
		return location
	}
	base := from
	if ugly {
		base = path.Dir(from)
	}
	to := path.Join(base, location)
	if strings.HasSuffix(location, "/") && to != "/" {
		to += "/"
	}
	return to
}
