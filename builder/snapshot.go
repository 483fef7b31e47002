package builder

import (
	"maps"
	"path"
	"slices"
	"strings"

	"kb/builder/diag"
	"kb/builder/markdown"
)

// lastBuild is the last good build, which a rebuild starts from: the
// resolved model, what each page contributed, the shared navigation and the
// diagnostics that stand until their files change. A successful build or
// rebuild replaces it in one assignment and nothing writes into one after
// that, with one exception: a body-only rebuild points the model's pages at
// their re-read sources before rendering (and back if it fails), which is
// what makes a one-page edit cost one page.
type lastBuild struct {
	site    *site
	states  map[string]*pageState // by output path
	navSigs map[string][32]byte   // see navSignatures
	views   map[string]*SiteView  // shared page data, by language
	navs    map[*section]*NavView
	other   map[string]bool // non-page files under content/, by site path
	shown   map[string]bool // the files under "_" names that pages show (content.Shown), published with other
	static  *staticFolder   // the site's static/ files
	// published are the assets templates asked the address of (siteAssets).
	published  map[string]markdown.ResourceFile
	modelDiags []diag.Diagnostic
	extraDiags []diag.Diagnostic
	// outputDiags are the clashes between the output's paths (letter
	// case), which a rebuild that writes no new path reports again.
	outputDiags []diag.Diagnostic

	// Indexes of states, made on first use by the rebuilding goroutine.
	urls    map[string]*pageState // by URL
	linkers map[string][]string   // group id → output paths of pages linking to it
	// fileUsers maps a file under content/, and each folder above it, to
	// the output paths of the pages that looked it up (an image, an
	// include): see pageState.usesFile.
	fileUsers map[string][]string
}

// withBodies is the build after a body-only rebuild rendered some pages
// again: the same model, the new page states. The state indexes move to
// the new build (this one is not used again), brought up to date.
func (b *lastBuild) withBodies(rendered map[string]*pageState) *lastBuild {
	next := *b
	next.states = maps.Clone(b.states)
	for out, st := range rendered {
		if b.linkers != nil {
			for id := range b.states[out].linked {
				next.linkers[id] = slices.DeleteFunc(next.linkers[id], func(o string) bool { return o == out })
			}
			for id := range st.linked {
				next.linkers[id] = append(next.linkers[id], out)
			}
		}
		if b.urls != nil {
			next.urls[st.url] = st
		}
		if b.fileUsers != nil {
			forUsedFiles(b.states[out], func(f string) {
				next.fileUsers[f] = slices.DeleteFunc(next.fileUsers[f], func(o string) bool { return o == out })
			})
			forUsedFiles(st, func(f string) { next.fileUsers[f] = append(next.fileUsers[f], out) })
		}
		next.states[out] = st
	}
	b.urls, b.linkers, b.fileUsers = nil, nil, nil
	return &next
}

// usersOf lists the output paths of the pages that looked up file (a file
// under content/, or a folder above one).
func (b *lastBuild) usersOf(file string) []string {
	if b.fileUsers == nil {
		b.fileUsers = map[string][]string{}
		for out, st := range b.states {
			forUsedFiles(st, func(f string) { b.fileUsers[f] = append(b.fileUsers[f], out) })
		}
	}
	return b.fileUsers[file]
}

// forUsedFiles calls f with each file a page looked up and each folder
// above it, below content/, once each.
func forUsedFiles(st *pageState, f func(string)) {
	if st == nil {
		return
	}
	seen := map[string]bool{}
	for file := range st.files {
		for dir := file; !seen[dir]; dir = path.Dir(dir) {
			seen[dir] = true
			f(dir)
			if dir == "." || dir == "/" || dir == "content" {
				break
			}
		}
	}
}

// index makes the state indexes now rather than on first use: kb serve
// makes them after a build, so that its first edit does not wait for them.
func (b *lastBuild) index() {
	b.byURL("")
	b.linkersOf("")
	b.usersOf("")
}

// byURL finds the page state at a URL.
func (b *lastBuild) byURL(url string) *pageState {
	if b.urls == nil {
		b.urls = make(map[string]*pageState, len(b.states))
		for _, st := range b.states {
			b.urls[st.url] = st
		}
	}
	return b.urls[url]
}

// linkersOf lists the output paths of pages linking to a group.
func (b *lastBuild) linkersOf(id string) []string {
	if b.linkers == nil {
		b.linkers = map[string][]string{}
		for out, st := range b.states {
			for gid := range st.linked {
				b.linkers[gid] = append(b.linkers[gid], out)
			}
		}
	}
	return b.linkers[id]
}

// pageAt finds the page published at an output path.
func (b *lastBuild) pageAt(out string) *page {
	// By the language's folder: the default language's may be the root.
	for _, ls := range b.site.langs {
		if !strings.HasPrefix(out, ls.prefix) {
			continue
		}
		if i, found := slices.BinarySearchFunc(ls.pages, out, func(p *page, out string) int { return strings.Compare(p.out, out) }); found {
			return ls.pages[i]
		}
	}
	return nil
}

// hasGroup reports whether the build had a translation group.
func (b *lastBuild) hasGroup(id string) bool {
	return slices.ContainsFunc(b.site.groups, func(g *group) bool { return g.id == id })
}
