package builder

import (
	"crypto/sha256"
	"fmt"
	"maps"
	"path"
	"reflect"
	"slices"
	"strings"

	"kb/builder/content"
	"kb/search"
)

// The rebuild planner: from the paths that changed and the last good build
// to the work a rebuild does. Nothing here reads or writes a file.

// isPageFile reports whether a path under content/ is a page (Markdown)
// rather than a file published as is, ignored or refused: the content
// package's classifier decides. GitBook's SUMMARY.md is no page: it
// orders pages, a change of the model; nor is its reusable content, which
// the pages that include it are rendered again for.
func isPageFile(rel string) bool {
	class, _ := content.ClassifyFile(rel)
	return class == content.Markdown && !content.IsSummaryFile(rel) && !content.IsGitBookInclude(rel)
}

// isIgnoredFile reports whether a change to a path under content/ changes
// nothing: an editor or version-control leftover.
func isIgnoredFile(rel string) bool {
	class, _ := content.ClassifyFile(rel)
	return class == content.Ignored
}

// needsFullBuild reports whether changes (site-relative slash paths) reach
// beyond content/ and the snippets that pages import: site.toml, the
// theme, i18n and static/ change every page.
func needsFullBuild(rels []string) bool {
	return slices.ContainsFunc(rels, func(r string) bool { return !strings.HasPrefix(r, "content/") && !content.InSnippets(r) })
}

// fileChange is one changed path under content/ or the snippets folder, as read again.
type fileChange struct {
	path          string        // site-relative slash path
	dir           bool          // a folder: every page under it was read again
	page          bool          // a page file (isPageFile)
	snippet       bool          // a file or folder of the snippets folder: only the pages that import it change
	before, after *content.Page // the page before and after; nil when none
}

// rebuildKind is how much a rebuild redoes.
type rebuildKind int

const (
	// rebuildBodies: only page bodies changed; the model, navigation,
	// sitemap and redirects stay, and the edited pages and the pages
	// linking to them are rendered again.
	rebuildBodies rebuildKind = iota
	// rebuildModel: pages appeared, went, moved or changed their front
	// matter, or files beside them did: the model is resolved again and
	// the pages it affects are rendered.
	rebuildModel
)

// planRebuild decides how a rebuild after content changes proceeds, and
// whether non-page files under content/ changed (they are then listed and
// copied again). otherBefore says such a change waits from a failed
// rebuild; modelFresh, that the last good build's model matches the files
// read before these changes (a failed rebuild can leave it behind). A
// snippet's change is like a page body's: the pages that import it are
// rendered again.
func planRebuild(changes []fileChange, otherBefore, modelFresh bool) (kind rebuildKind, other bool) {
	other = otherBefore
	bodyOnly := true
	for _, c := range changes {
		switch {
		case c.snippet:
		case c.dir || !c.page:
			other, bodyOnly = true, false
		case c.before == nil && c.after == nil:
			// an ignored file, or one that never was a page
		case !sameShape(c.before, c.after):
			bodyOnly = false
		}
	}
	if bodyOnly && !other && modelFresh {
		return rebuildBodies, other
	}
	return rebuildModel, other
}

// sameShape reports whether an edit left everything but the body of a page
// as it was: same place, translation, front matter and title. Such an edit
// cannot change the site's model, navigation, sitemap or redirects.
func sameShape(a, b *content.Page) bool {
	return a != nil && b != nil && a.File == b.File && a.Lang == b.Lang && a.Kind == b.Kind && a.Path == b.Path &&
		a.Section == b.Section && a.Key == b.Key && a.Untranslated == b.Untranslated &&
		pageTitle(a) == pageTitle(b) && reflect.DeepEqual(a.Meta, b.Meta)
}

// affected lists the pages an edit can change: pages that are new or whose
// translation group changed (the page, its translations and fallbacks, whose
// switchers name it), every page of a language whose parts changed, home
// and section pages, pages of sections whose navigation changed, pages
// whose links resolve to a changed group or did not resolve before, and
// pages that link to or show a file under content/ that changed, appeared
// or went (files: site-relative paths of files and folders), and pages
// whose switcher leads to a section page of a language that lacks them,
// or names the same section in another language, when that section page
// appeared, went or moved.
func (b *lastBuild) affected(site *site, touched map[string]bool, navSigs map[string][32]byte, files map[string]bool) []*page {
	newGroup := false
	for id := range touched {
		if !b.hasGroup(id) {
			newGroup = true
		}
	}
	changedSig := func(key string) bool { return navSigs[key] != b.navSigs[key] }
	moved := movedSectionPages(site, b.navSigs, navSigs)
	// leadsToMoved: the switcher of a page that a language lacks leads to
	// that language's section page, or its home when it has none.
	leadsToMoved := func(p *page) bool {
		if p.g == nil {
			return false
		}
		for in := p.within; in != nil; in = in.parent {
			for _, other := range moved[in.name] {
				if other.byGroup[p.g] == nil {
					return true
				}
			}
		}
		return false
	}
	var out []*page
	for _, ls := range site.langs {
		code := ls.lang.Code
		partsChanged := changedSig(code + "/parts")
		homeChanged := changedSig(code + "/")
		navChanged := map[*section]bool{}
		listChanged := map[*section]bool{}
		for _, sec := range ls.sections {
			navChanged[sec] = changedSig(code + "/" + sec.name)
			listChanged[sec] = changedSig(code + "/" + sec.name + listSig)
		}
		for _, p := range ls.pages {
			old := b.states[p.out]
			switch {
			case old == nil:
			case partsChanged:
			case p.g != nil && touched[p.g.id]:
			case p.typ == kindHome && homeChanged:
			case p.typ == kindSection && listChanged[p.section]:
			case p.navSection() != nil && navChanged[p.navSection()]:
			case changedSig("page:" + p.out):
			case old.broken && newGroup:
			case anyKey(old.linked, touched):
			case len(files) > 0 && old.usesFile(files):
			case len(moved) > 0 && leadsToMoved(p):
			// A section page that no _index.md makes has no translation
			// group: its switcher names the languages that have the
			// section too.
			case p.typ == kindSection && p.g == nil && len(moved[p.section.name]) > 0:
			default:
				continue
			}
			out = append(out, p)
		}
	}
	return out
}

// The suffixes of a section's list and page signatures (navSignatures).
const (
	listSig = "\x00list"
	pageSig = "\x00page"
)

// movedSectionPages lists by section name the languages whose section page
// appeared, went or moved between two builds' signatures (the
// "lang/section" + pageSig keys of navSignatures).
func movedSectionPages(site *site, before, after map[string][32]byte) map[string][]*langSite {
	var moved map[string][]*langSite
	note := func(key string) {
		rest, ok := strings.CutSuffix(key, pageSig)
		code, name, found := strings.Cut(rest, "/")
		if !ok || !found || before[key] == after[key] || site.byCode[code] == nil {
			return
		}
		if moved == nil {
			moved = map[string][]*langSite{}
		}
		if !slices.Contains(moved[name], site.byCode[code]) {
			moved[name] = append(moved[name], site.byCode[code])
		}
	}
	for key := range before {
		note(key)
	}
	for key := range after {
		note(key)
	}
	return moved
}

// usesFile reports whether the page's links or images looked for one of
// files, or for a file inside one of them (a folder).
func (st *pageState) usesFile(files map[string]bool) bool {
	for f := range st.files {
		for dir := f; ; dir = path.Dir(dir) {
			if files[dir] {
				return true
			}
			if dir == "." || dir == "/" || dir == "content" {
				break
			}
		}
	}
	return false
}

func anyKey(set, keys map[string]bool) bool {
	for k := range keys {
		if set[k] {
			return true
		}
	}
	return false
}

// affectedByBodies lists the pages a body-only edit affects: the edited
// pages in every language that shows them, which are rendered again, and
// the output paths of the pages linking to them, whose links are checked
// again (the edit may have added or removed the anchors they point at),
// and the pages that include one of files, rendered again.
// A linking page is not rendered again: what it shows of another page
// (its URL) is in the model, which a body-only edit leaves as it was. It
// costs what the edit touches, not what the site holds.
func (b *lastBuild) affectedByBodies(touched, files map[string]bool) (render []*page, recheck []string) {
	outs := map[string]bool{}
	for id := range touched {
		for _, out := range b.linkersOf(id) {
			outs[out] = true
		}
	}
	for _, ls := range b.site.langs {
		for _, g := range b.site.groups {
			if !touched[g.id] {
				continue
			}
			if p := ls.byGroup[g]; p != nil {
				outs[p.out] = false // rendered
				render = append(render, p)
			}
		}
	}
	// Pages that include a changed page's file (VitePress's
	// <!--@include: ...-->) show its new text.
	for _, file := range slices.Sorted(maps.Keys(files)) {
		for _, out := range b.usersOf(file) {
			if p := b.pageAt(out); p != nil && !slices.Contains(render, p) {
				outs[out] = false
				render = append(render, p)
			}
		}
	}
	for out, add := range outs {
		if add && b.states[out] != nil {
			recheck = append(recheck, out)
		}
	}
	slices.Sort(recheck)
	return render, recheck
}

// navSignatures fingerprints what pages share, so a rebuild re-renders
// them only when it changed: "lang/section" is a section's sidebar
// navigation (on all its pages), "lang/section" + listSig its full article
// list and its nested sections (on the section page), "lang/section" +
// pageSig the section page's URL (where the switchers of the section's
// pages that the language lacks lead), "lang/" the topics and loose
// articles of the home page, and "lang/parts" the theme's language parts
// (on every page: a site theme's part may show the sections or the popular
// articles). A section's name is its folder's path, so the list and page
// suffixes are ones no folder has.
func navSignatures(r *renderer) map[string][32]byte {
	sigs := map[string][32]byte{}
	for _, ls := range r.site.langs {
		code := ls.lang.Code
		parts := sha256.New()
		for _, name := range slices.Sorted(maps.Keys(r.views[code].Parts)) {
			fmt.Fprintf(parts, "%s\x00%d\x00%s", name, len(r.views[code].Parts[name]), r.views[code].Parts[name])
		}
		sigs[code+"/parts"] = [32]byte(parts.Sum(nil))
		for _, sec := range ls.sections {
			nav := r.navs[sec]
			h := sha256.New()
			fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00%d\x00", nav.Title, nav.URL, nav.Description, nav.HTML, nav.Count)
			sigs[code+"/"+sec.name] = [32]byte(h.Sum(nil))
			list := sha256.New()
			for _, a := range nav.Articles {
				fmt.Fprintf(list, "%s\x00%s\x00%s\x00", a.Title, a.URL, a.Description)
			}
			for _, sub := range nav.Sections {
				fmt.Fprintf(list, "%s\x00%s\x00%s\x00%d\x00", sub.Title, sub.URL, sub.Description, sub.Count)
			}
			sigs[code+"/"+sec.name+listSig] = [32]byte(list.Sum(nil))
			if sec.page != nil {
				sigs[code+"/"+sec.name+pageSig] = sha256.Sum256([]byte(sec.page.url))
			}
		}
		home := sha256.New()
		for _, sec := range ls.order {
			sig := sigs[code+"/"+sec.name]
			home.Write(sig[:])
			for _, a := range r.navs[sec].Top {
				fmt.Fprintf(home, "%s\x00%s\x00", a.Title, a.URL)
			}
		}
		for _, a := range ls.loose {
			fmt.Fprintf(home, "%s\x00%s\x00", a.title, a.url)
		}
		sigs[code+"/"] = [32]byte(home.Sum(nil))
	}
	maps.Copy(sigs, readerSignatures(r))
	return sigs
}

// diffStates compares the search documents of two builds page by page
// (a page that was not rendered again shares its state, and is skipped) and
// returns the documents to add or replace, the IDs to delete by language,
// and the languages that changed.
func diffStates(before, after map[string]*pageState) ([]search.Document, map[string][]string, []string) {
	var upserts []search.Document
	deletes := map[string][]string{}
	changed := map[string]bool{}
	for _, out := range slices.Sorted(maps.Keys(before)) {
		if _, ok := after[out]; !ok {
			for _, d := range before[out].docs {
				deletes[d.Lang] = append(deletes[d.Lang], d.ID)
				changed[d.Lang] = true
			}
		}
	}
	for _, out := range slices.Sorted(maps.Keys(after)) {
		st, old := after[out], before[out]
		if st == old {
			continue
		}
		prev := map[string]search.Document{}
		if old != nil {
			for _, d := range old.docs {
				prev[d.ID] = d
			}
		}
		for _, d := range st.docs {
			if p, ok := prev[d.ID]; !ok || !sameDoc(p, d) {
				upserts = append(upserts, d)
				changed[d.Lang] = true
			}
			delete(prev, d.ID)
		}
		for _, id := range slices.Sorted(maps.Keys(prev)) {
			lang := prev[id].Lang
			deletes[lang] = append(deletes[lang], id)
			changed[lang] = true
		}
	}
	return upserts, deletes, slices.Sorted(maps.Keys(changed))
}

func sameDoc(a, b search.Document) bool {
	return a.ID == b.ID && a.Lang == b.Lang && a.URL == b.URL && a.Title == b.Title && a.Page == b.Page &&
		a.Section == b.Section && a.SectionTitle == b.SectionTitle && a.Body == b.Body && a.Kind == b.Kind &&
		a.Fallback == b.Fallback && slices.Equal(a.Headings, b.Headings) && slices.Equal(a.Tags, b.Tags)
}
