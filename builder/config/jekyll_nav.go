package config

import (
	"bytes"
	"io/fs"
	"path"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"kb/builder/diag"
)

// Just the Docs nests pages by front matter, not by folder: a page names
// its parent's title (parent:), and when two pages share that title, the
// parent's parent (grand_parent:) or any ancestor's (ancestor:). kb nests
// by folder, a folder's _index.md being its page, so kb init moves each
// child into its parent's folder: the sections and breadcrumbs then are
// the old sidebar, and kb keeps one navigation model. A page without a
// parent is at the top of that sidebar, whatever its folder (Just the
// Docs' own site keeps its pages in docs/): it moves to the top of
// content/, so that no section the site never had ("Docs") comes
// between it and the home page; so does a page in no sidebar
// (nav_exclude), which has no parent either.

// jtdPage is a page moved into content/, with its Just the Docs keys.
type jtdPage struct {
	src, dst    string // its file in the Jekyll site, and in content/ after the first moves
	title       string
	parent      string
	parentLine  int
	grandParent string
	ancestor    string
	hasChildren *bool // has_children, when given
	permalink   bool  // its own old address, kept by the builder
	navigation  bool  // has a key of Just the Docs' sidebar (nav_order, parent, ...)
	searchPage  bool  // moved to the top under another name: kb's search page has its own
	up          *jtdPage
	children    int
	folder      string // for a page with children: the folder it is the _index.md of
	final       string // where it ends
}

// jekyllNesting reads the front matter of the pages moves put into
// content/ and returns the moves that nest them by their parent's title,
// after those, and the redirects that keep the addresses Jekyll gave the
// pages that move (pretty: /dir/page/, else /dir/page.html).
func jekyllNesting(fsys fs.FS, moves []Move, pretty bool, notes *[]diag.Diagnostic) ([]Move, []redirect) {
	pages := jtdPages(fsys, moves)
	byTitle := map[string][]*jtdPage{}
	for _, p := range pages {
		if p.title != "" {
			byTitle[p.title] = append(byTitle[p.title], p)
		}
	}
	r := jtdResolver{byTitle: byTitle, done: map[*jtdPage]bool{}}
	for _, p := range pages {
		if p.parent == "" {
			continue
		}
		switch found := r.parents(p); len(found) {
		case 0:
			*notes = append(*notes, diag.WarnAt(p.src, p.parentLine, 0, "parent: %q names no page's title: the page stays where it is; give its parent's title as written in that page", p.parent).Of(diag.Imported))
		case 1:
		default:
			var files []string
			for _, f := range found {
				files = append(files, f.src)
			}
			*notes = append(*notes, diag.WarnAt(p.src, p.parentLine, 0, "parent: %q is the title of %d pages (%s): the page stays where it is; add grand_parent: with the title of its parent's parent", p.parent, len(found), strings.Join(files, ", ")).Of(diag.Imported))
		}
	}
	// A parent chain that comes back to its page nests nothing.
	for _, p := range pages {
		seen := map[*jtdPage]bool{}
		for q := p; q != nil; q = q.up {
			if seen[q] {
				*notes = append(*notes, diag.WarnAt(p.src, p.parentLine, 0, "parent: %q: the page is its own ancestor: it stays where it is", p.parent).Of(diag.Imported))
				p.up = nil
				break
			}
			seen[q] = true
		}
	}
	for _, p := range pages {
		if p.up != nil {
			p.up.children++
		}
	}
	top := "" // where the pages without a parent go: nowhere else, unless the pages use Just the Docs' sidebar
	if slices.ContainsFunc(pages, func(p *jtdPage) bool { return p.navigation }) {
		top = "content"
	}
	for _, p := range pages {
		placeJTD(p, top)
	}
	// Parents first, shallowest first, so that each move's folder is there.
	slices.SortStableFunc(pages, func(a, b *jtdPage) int {
		return strings.Count(a.final, "/") - strings.Count(b.final, "/")
	})
	var nested []Move
	var redirects []redirect
	taken := map[string]bool{}
	for _, p := range pages {
		taken[p.dst] = true
	}
	for _, p := range pages {
		if p.final == p.dst {
			continue
		}
		if taken[p.final] {
			*notes = append(*notes, diag.WarnAt(p.src, p.parentLine, 0, "its place in its parent's folder, %s, has another page: the page stays where it is; move it by hand", p.final).Of(diag.Imported))
			continue
		}
		taken[p.final] = true
		if p.searchPage {
			*notes = append(*notes, diag.WarnAt(p.src, 0, 0, "content/%s.md would publish /%s/, kb's search page: it moves to %s", kbSearchPage, kbSearchPage, p.final).Of(diag.Imported))
		}
		nested = append(nested, Move{p.dst, p.final})
		if old, now := mkdocsAddress(p.src, !pretty), kbAddress(p.final); !p.permalink && old != now {
			redirects = append(redirects, redirect{old, strings.TrimPrefix(p.final, "content/")})
		}
	}
	return nested, redirects
}

// jtdResolver finds each page's parent once.
type jtdResolver struct {
	byTitle map[string][]*jtdPage
	done    map[*jtdPage]bool // resolved, or being resolved
}

// parents are the pages p's parent names, as Just the Docs' sidebar
// finds them: by title; with grand_parent, those whose parent that is;
// with ancestor, those that have it above them; with neither, a page at
// the top of the sidebar rather than one deeper down. When there is one,
// it is p.up.
func (r jtdResolver) parents(p *jtdPage) []*jtdPage {
	if r.done[p] || p.parent == "" {
		if p.up != nil {
			return []*jtdPage{p.up}
		}
		return nil
	}
	r.done[p] = true
	var found []*jtdPage
	for _, q := range r.byTitle[p.parent] {
		if q == p || (q.hasChildren != nil && !*q.hasChildren) {
			continue
		}
		if p.grandParent != "" && q.parent != p.grandParent {
			continue
		}
		if p.ancestor != "" && q.title != p.ancestor && !r.hasAncestor(q, p.ancestor) {
			continue
		}
		found = append(found, q)
	}
	if p.grandParent == "" && p.ancestor == "" && len(found) > 1 {
		if top := slices.DeleteFunc(slices.Clone(found), func(q *jtdPage) bool { return q.parent != "" }); len(top) > 0 {
			found = top
		}
	}
	if len(found) == 1 {
		p.up = found[0]
	}
	return found
}

// hasAncestor reports whether a page with the given title is above q.
func (r jtdResolver) hasAncestor(q *jtdPage, title string) bool {
	seen := map[*jtdPage]bool{}
	for r.parents(q); q.up != nil && !seen[q]; r.parents(q) {
		seen[q] = true
		if q = q.up; q.title == title {
			return true
		}
	}
	return false
}

// kbSearchPage is the name at the top of content/ whose address kb's
// search page has (builder's kbWrites).
const kbSearchPage = "search"

// placeJTD sets where p ends: a page with children (or has_children)
// becomes a folder's _index.md (its own folder's when it is the folder's
// index or named as its folder, else a new folder named as its file), in
// its parent's folder; a child goes into its parent's folder; a page
// without a parent into top, when it is not "" (the name search, kb's
// search page's, then taking its folder's name before it).
func placeJTD(p *jtdPage, top string) {
	if p.final != "" {
		return
	}
	p.final = p.dst // for a loop of parents, broken above
	base := path.Dir(p.dst)
	atTop := p.up == nil && p.parent == "" && top != "" && p.dst != "content/_index.md"
	switch {
	case p.up != nil:
		placeJTD(p.up, top)
		base = p.up.folder
	case atTop:
		base = top
	}
	moved := p.up != nil || atTop
	dir, name := path.Split(p.dst)
	dir = strings.TrimSuffix(dir, "/")
	stem := strings.TrimSuffix(name, path.Ext(name))
	index := stem == "_index" || stem == "index"
	if index {
		stem = path.Base(dir)
	}
	if atTop && stem == kbSearchPage && base == "content" && dir != "content" {
		p.searchPage = true
		stem = path.Base(dir) + "-" + stem
		if !index {
			name = stem + path.Ext(name)
		}
	}
	if p.children == 0 && (p.hasChildren == nil || !*p.hasChildren) {
		if moved {
			if index {
				name = stem + ".md"
			}
			p.final = path.Join(base, name)
		}
		return
	}
	if (index || stem == path.Base(dir)) && (!moved || path.Dir(dir) == base) && dir != "content" {
		p.folder = dir
	} else {
		p.folder = path.Join(base, stem)
	}
	p.final = path.Join(p.folder, "_index.md")
	if p.dst == "content/_index.md" {
		p.folder, p.final = "content", p.dst // the home page
	}
}

// kbAddress is the address kb gives the page of a file under content/.
func kbAddress(file string) string {
	return mkdocsAddress(strings.Replace(strings.TrimPrefix(file, "content/"), "_index.md", "index.md", 1), false)
}

// jtdPages reads the front matter of every page the moves put into
// content/, where it is after them.
func jtdPages(fsys fs.FS, moves []Move) []*jtdPage {
	var pages []*jtdPage
	read := func(src, dst string) {
		b, err := fs.ReadFile(fsys, src)
		if err != nil {
			return
		}
		p := &jtdPage{src: src, dst: dst}
		jtdFrontMatter(b, p)
		pages = append(pages, p)
	}
	for _, m := range moves {
		if !strings.HasPrefix(m.To, "content/") || strings.HasPrefix(m.From, "content/") {
			continue
		}
		_ = fs.WalkDir(fsys, m.From, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			name := d.Name()
			if p != m.From && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") && name != "_index.md") {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if !d.IsDir() && (strings.EqualFold(path.Ext(p), ".md") || strings.EqualFold(path.Ext(p), ".markdown")) {
				read(p, m.To+strings.TrimPrefix(p, m.From))
			}
			return nil
		})
	}
	// The renames of folders' index.md, made after the folders moved.
	for _, m := range moves {
		if strings.HasPrefix(m.From, "content/") {
			for _, p := range pages {
				if p.dst == m.From {
					p.dst = m.To
				}
			}
		}
	}
	return pages
}

// jtdFrontMatter reads the YAML front matter keys Just the Docs nests
// pages by.
func jtdFrontMatter(src []byte, p *jtdPage) {
	fm, _, ok := yamlFrontMatter(src)
	if !ok {
		return
	}
	eachPair(fm, func(k, v *yaml.Node) {
		if v.Kind != yaml.ScalarNode {
			return
		}
		text := strings.TrimSpace(v.Value)
		switch k.Value {
		case "title":
			p.title = text
		case "nav_order":
			p.navigation = true
		case "nav_exclude":
			p.navigation = true
		case "parent":
			p.parent, p.parentLine = text, k.Line+1
			p.navigation = true
		case "grand_parent":
			p.grandParent = text
		case "ancestor":
			p.ancestor = text
		case "has_children":
			b := text == "true"
			p.hasChildren, p.navigation = &b, true
		case "permalink":
			p.permalink = text != ""
		}
	})
	if p.parentLine == 0 {
		p.parentLine = 1
	}
}

// yamlFrontMatter reads a page's YAML front matter, between --- lines,
// as YAML nodes (lines count from the first ---), and the text after it.
func yamlFrontMatter(src []byte) (fm *yaml.Node, body []byte, ok bool) {
	if !bytes.HasPrefix(src, []byte("---")) {
		return nil, nil, false
	}
	rest := src[bytes.IndexByte(append(src, '\n'), '\n')+1:]
	end := bytes.Index(rest, []byte("\n---"))
	if end < 0 {
		return nil, nil, false
	}
	var doc yaml.Node
	if yaml.Unmarshal(rest[:end+1], &doc) != nil || len(doc.Content) == 0 {
		return nil, nil, false
	}
	body = rest[end+len("\n---"):]
	if i := bytes.IndexByte(body, '\n'); i >= 0 {
		body = body[i+1:]
	} else {
		body = nil
	}
	return doc.Content[0], body, true
}
