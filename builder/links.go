package builder

import (
	"cmp"
	"io/fs"
	"maps"
	"net/url"
	"path"
	"slices"
	"strings"

	"kb/builder/content"
	"kb/builder/diag"
	"kb/builder/extlinks"
	"kb/builder/markdown"
)

// linkRecord is one link of a translated page that checkPage may report,
// kept to check it once every page exists (see mayReport). The build cache
// stores it as it is.
type linkRecord struct {
	File      string
	Line, Col int
	Dest, URL string
	Broken    bool
	Image     bool
	Ref       bool // written with ref or relref: Dest is its argument
}

// mayReport says whether checkPage can find anything wrong with a link of a
// page in lang: a page keeps only those links, since most links of a site
// resolve to a page, with no anchor, in the page's own language, and a
// site's links are many.
func (s *site) mayReport(l linkRecord, lang string) bool {
	if l.Broken || strings.HasPrefix(l.Dest, "#") || strings.Contains(l.URL, "#") {
		return true
	}
	if !strings.HasPrefix(l.Dest, "/") {
		return false
	}
	other := s.langOfURL(l.URL)
	return other != "" && other != lang
}

// anchorSet is the ids a page's links can point at (its headings' and
// other elements'), sorted and without repeats: smaller than a map for the
// few ids a page has, and a site keeps one per page until links are checked.
type anchorSet []string

func newAnchorSet(ids []string) anchorSet {
	slices.Sort(ids)
	return slices.Clip(slices.Compact(ids))
}

func (a anchorSet) has(id string) bool {
	_, ok := slices.BinarySearch(a, id)
	return ok
}

// checkLinks reports broken links, links to missing anchors, links into
// another language's pages, and relative links to files that do not exist.
// Each page's findings are kept in its state: a page in recheck (nil means
// all) is checked again, the others report what they found before, which
// is still true because a page linking to a changed page is re-rendered.
func (r *renderer) checkLinks(states map[string]*pageState, recheck map[string]bool) {
	byURL := make(map[string]*pageState, len(states))
	for _, st := range states {
		byURL[st.url] = st
	}
	for _, out := range slices.Sorted(maps.Keys(states)) {
		st := states[out]
		if recheck == nil || recheck[out] || st.checked == nil {
			st.checked = r.checkPage(st, func(url string) *pageState { return byURL[url] })
		}
		r.ds.Add(st.checked...)
	}
}

// checkPage checks one page's links; byURL finds the page at a URL. A link
// to a missing page is an error unless [build] brokenLinks = "warning"; a
// link to a missing anchor is a warning in kb build and an error in kb check
// (the page is still there, readers land at its top); a missing file or
// image is a warning.
func (r *renderer) checkPage(st *pageState, byURL func(url string) *pageState) []diag.Diagnostic {
	s := r.site
	out := []diag.Diagnostic{}
	brokenLink := func(l linkRecord, format string, args ...any) {
		d := diag.At(l.File, l.Line, l.Col, format, args...).Of(diag.BrokenLink)
		switch s.cfg.Build.BrokenLinks {
		case "warning":
			d.Severity = diag.Warning
		case "":
			if !isMarkdownDest(l.Dest) && !l.Ref && !r.anchorsFail {
				d.Severity = diag.Warning
			}
		}
		out = append(out, d)
	}
	brokenAnchor := func(l linkRecord, format string, args ...any) {
		d := diag.WarnAt(l.File, l.Line, l.Col, format, args...).Of(diag.BrokenAnchor)
		if r.anchorsFail {
			d.Severity = diag.Error
		}
		out = append(out, d)
	}
	hasAnchor := func(url, id string) bool {
		t := byURL(url)
		return t == nil || t.anchors.has(id)
	}
	for _, l := range st.links {
		target, frag, _ := strings.Cut(l.URL, "#")
		target, _, _ = strings.Cut(target, "?")
		switch {
		case l.Broken && l.Ref:
			if file, why := r.withheldRef(l.Dest); why != "" {
				todo := "ref it once it is"
				if strings.Contains(why, "expired") || strings.Contains(why, "not rendered") {
					todo = "remove the ref, or publish the page"
				}
				brokenLink(l, "ref %q: that page (%s) %s, so it is not published; %s", l.Dest, file, why, todo)
				break
			}
			brokenLink(l, "ref %q: no page found; looked for %s; fix the path or create the page", l.Dest, r.refPlaces(st, l.Dest))
		case l.Broken && isMarkdownDest(l.Dest):
			switch why := r.unbuilt(l, st.lang); {
			case why == "failed":
				// The page's own errors say why; it is there once fixed.
			case why == "":
				brokenLink(l, "broken link %q: no such page; fix the path or create the page", l.Dest)
			case strings.Contains(why, "expired") || strings.Contains(why, "not rendered"):
				brokenLink(l, "broken link %q: that page %s, so it is not published; remove the link, or publish the page", l.Dest, why)
			case strings.Contains(why, "no text"):
				brokenLink(l, "broken link %q: that page %s, so it is not published; write its text, or remove the link", l.Dest, why)
			default:
				brokenLink(l, "broken link %q: that page %s, so it is not published; link to it once it is", l.Dest, why)
			}
		case l.Broken && strings.HasPrefix(l.Dest, "/") && !l.Image && !namesFile(l.Dest):
			brokenLink(l, "broken link %q: no page at that path; fix the path, create the page, or link to its .md file", l.Dest)
		case l.Broken:
			kind := "linked file"
			if l.Image {
				kind = cmp.Or(markdown.MediaElement(l.Dest), "image")
			}
			where := "in the content folder"
			if strings.HasPrefix(l.Dest, "/") {
				where = "in static/ or the content folder"
			}
			out = append(out, diag.WarnAt(l.File, l.Line, l.Col, "%s %q does not exist %s", kind, l.Dest, where).Of(diag.MissingFile))
		case strings.HasPrefix(l.Dest, "#"):
			if id := l.Dest[1:]; id != "" && !st.anchors.has(id) {
				brokenAnchor(l, "link to #%s: this page has no heading with that id", id)
			}
		case frag != "" && byURL(target) != nil:
			if !hasAnchor(target, frag) {
				brokenAnchor(l, "link %q: %s has no heading with id %q", l.Dest, target, frag)
			}
		}
		if !l.Broken && (strings.HasPrefix(l.Dest, "/") || isMarkdownDest(l.Dest) && strings.HasPrefix(l.Dest, "../")) {
			if other := s.langOfURL(l.URL); other != "" && other != st.lang {
				fix := "link to the .md file instead"
				if !strings.HasPrefix(l.Dest, "/") {
					fix = "link to the file in this language's folder instead"
				}
				out = append(out, diag.WarnAt(l.File, l.Line, l.Col, "link %q goes to the pages in %s from a page in %s; %s so it follows the reader's language", l.Dest, other, st.lang, fix).Of(diag.CrossLanguage))
			}
		}
	}
	return out
}

// namesFile reports whether a site path names a file rather than a page:
// its last segment has an extension other than .html.
func namesFile(dest string) bool {
	p, _, _ := strings.Cut(dest, "#")
	p, _, _ = strings.Cut(p, "?")
	ext := strings.ToLower(path.Ext(p))
	return ext != "" && ext != ".html" && ext != ".htm"
}

// pageLike reports whether a relative link may name a page without its
// .md: a last segment with no extension, or .html.
func pageLike(rel string) bool {
	if rel == "" || strings.HasSuffix(rel, "/") || path.Base(rel) == "." || path.Base(rel) == ".." {
		return false
	}
	ext := path.Ext(rel)
	return ext == "" || ext == ".html"
}

func isMarkdownDest(dest string) bool {
	p, _, _ := strings.Cut(dest, "#")
	p, _, _ = strings.Cut(p, "?")
	return content.IsMarkdownName(p)
}

// resolveAsset maps a relative link that is not to a .md file to what it
// names. First as the page's Markdown sees it: a file beside it
// ("chart.png", "../files/form.pdf", published at the same path below
// content/), a folder holding a page ("../account/", a section or a
// bundle), or a page named without its .md ("./routing"). Then as Hugo and Zola sites write links, relative to the page's
// URL: "../how-to-use-android-auto/" from a page bundle, or a translated
// slug. seen hears of each file under content/ looked for, found or not,
// so that a rebuild renders the page again when that file appears or goes.
//
// A passive file under a "_" name (content.Shown) resolves too, and show
// hears of it: it is published because the page shows it.
func (r *renderer) resolveAsset(p *page, resolveLink, resolvePath func(string) (string, bool), seen, show func(file string)) func(string) (string, bool) {
	src := p.src
	return func(dest string) (string, bool) {
		rel, rest := dest, ""
		if i := strings.IndexAny(dest, "#?"); i >= 0 {
			rel, rest = dest[:i], dest[i:]
		}
		target := path.Join(path.Dir(src.File), rel)
		if decoded, err := url.PathUnescape(rel); err == nil && decoded != rel {
			// A link is a URL: "shot%20(1).png" is the file "shot (1).png".
			if _, err := fs.Stat(r.siteFS, target); err != nil {
				target = path.Join(path.Dir(src.File), decoded)
			}
		}
		if strings.HasPrefix(target, "content/") {
			seen(target)
			st, err := fs.Stat(r.siteFS, target)
			switch {
			case err == nil && !st.IsDir():
				switch class, _ := content.ClassifyFile(target); class {
				case content.Shown:
					show(target)
				case content.Asset:
				default:
					return dest, false // only passive files are published from content/
				}
				return r.site.basePath + strings.TrimPrefix(target, "content/") + rest, true
			case err == nil:
				if u, ok := resolveLink(path.Join(rel, "_index.md") + rest); ok {
					return u, true
				}
			case pageLike(rel):
				// VitePress's links name a page without its .md
				// ("./routing", "../reference/config", "./routing.html").
				if u, ok := resolveLink(strings.TrimSuffix(rel, path.Ext(rel)) + ".md" + rest); ok {
					return u, true
				}
			}
		}
		fromURL := path.Join(strings.TrimPrefix(p.url, r.site.basePath), rel)
		if strings.HasPrefix(fromURL, "..") {
			return dest, false
		}
		if strings.HasSuffix(rel, "/") {
			fromURL += "/"
		}
		return resolvePath("/" + fromURL + rest)
	}
}

// contentFiles lists the files published beside the pages (images and
// downloads: see content.ClassifyFile), reporting the ones refused.
func (r *renderer) contentFiles() (map[string]bool, error) {
	files := map[string]bool{}
	for _, f := range content.Assets(r.siteFS, r.ds) {
		files[f] = true
	}
	return files, nil
}

// withShown adds to files, the content files every build publishes, the
// passive files under "_" names that the pages of states show (an image
// beside a partial that a page imports), and returns those too.
func withShown(files map[string]bool, states map[string]*pageState) (all, shown map[string]bool) {
	shown = shownBy(states)
	if len(shown) == 0 {
		return files, shown
	}
	all = make(map[string]bool, len(files)+len(shown))
	maps.Copy(all, files)
	maps.Copy(all, shown)
	return all, shown
}

// shownBy lists the files under "_" names that the pages of states show.
func shownBy(states map[string]*pageState) map[string]bool {
	shown := map[string]bool{}
	for _, st := range states {
		for _, f := range st.shown {
			shown[f] = true
		}
	}
	return shown
}

// shownChanged reports whether the pages of rendered, rendered again
// after last, show other files under "_" names than last's did.
func shownChanged(last *lastBuild, rendered map[string]*pageState) bool {
	if len(last.shown) == 0 {
		// The common case, without a look at every page of the site.
		for _, st := range rendered {
			if len(st.shown) > 0 {
				return true
			}
		}
		return false
	}
	merged := maps.Clone(last.states)
	maps.Copy(merged, rendered)
	return !maps.Equal(shownBy(merged), last.shown)
}

// copyContentFiles publishes files from content/ at their path below it.
func (r *renderer) copyContentFiles(files map[string]bool) error {
	for _, f := range slices.Sorted(maps.Keys(files)) {
		data, err := fs.ReadFile(r.siteFS, f)
		if err != nil {
			r.ds.Errorf(f, 0, 0, "%v", err)
			continue
		}
		if unsafe := content.CheckAsset(f, data); len(unsafe) > 0 {
			r.ds.Add(unsafe...)
			continue
		}
		if err := r.out.Write(strings.TrimPrefix(f, "content/"), data); err != nil {
			r.ds.Errorf(f, 0, 0, "%v", err)
		}
	}
	return nil
}

// withheldRef finds an unpublished page a ref that found nothing may mean
// (its path, or its name, ends the page's), and says why it is not
// published; "" when none.
func (r *renderer) withheldRef(ref string) (file, why string) {
	target, _, _ := strings.Cut(ref, "#")
	want := "/" + logicalPath(target)
	if want == "/" {
		return "", ""
	}
	for _, f := range slices.Sorted(maps.Keys(r.site.withheld)) {
		if strings.HasSuffix("/"+logicalPath(f), want) {
			return f, r.site.withheld[f]
		}
	}
	return "", ""
}

// unbuilt tells why a .md link names no page although its file may exist:
// "failed" when the file does not load (its own errors are reported),
// why it is not published when it is not (Withheld's words: "is a draft"),
// "" when there is no such file.
func (r *renderer) unbuilt(l linkRecord, lang string) string {
	target, _, _ := strings.Cut(l.Dest, "#")
	if u, err := url.PathUnescape(target); err == nil {
		target = u
	}
	var candidates []string
	switch {
	case strings.HasPrefix(target, "@/"), strings.HasPrefix(target, "/"):
		rel := strings.TrimPrefix(strings.TrimPrefix(target, "@"), "/")
		candidates = append(candidates, "content/"+rel)
		if ls := r.site.byCode[lang]; ls != nil {
			candidates = append(candidates, "content/"+ls.lang.Segment+"/"+rel)
		}
	default:
		candidates = append(candidates, path.Join(path.Dir(l.File), target))
	}
	for _, c := range candidates {
		src, err := fs.ReadFile(r.siteFS, c)
		if err != nil {
			continue
		}
		var discard diag.List
		meta, _, _, untranslated, ok := content.Parse(c, src, &discard)
		switch {
		case !ok || discard.HasErrors():
			return "failed"
		case r.site.withheld[c] != "":
			return r.site.withheld[c]
		case meta.Draft:
			return "is a draft"
		case untranslated:
			return "has front matter but no text (kb reads such a file as a translation still to write)"
		}
	}
	return ""
}

// externalLinks lists the links to other sites the pages collected, in
// file order.
func (r *renderer) externalLinks() []extlinks.Use {
	var uses []extlinks.Use
	for _, st := range r.states {
		uses = append(uses, st.external...)
	}
	slices.SortFunc(uses, func(a, b extlinks.Use) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col), cmp.Compare(a.URL, b.URL))
	})
	return uses
}
