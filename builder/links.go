package builder

import (
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"

	"kb/builder/content"
	"kb/builder/diag"
)

// linkRecord is one link of a translated page, kept to check it once every
// page exists.
type linkRecord struct {
	file      string
	line, col int
	dest, url string
	broken    bool
	image     bool
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

// checkPage checks one page's links; byURL finds the page at a URL.
func (r *renderer) checkPage(st *pageState, byURL func(url string) *pageState) []diag.Diagnostic {
	s := r.site
	out := []diag.Diagnostic{}
	report := func(l linkRecord, format string, args ...any) {
		if s.cfg.Build.BrokenLinks == "warning" {
			out = append(out, diag.WarnAt(l.file, l.line, l.col, format, args...))
		} else {
			out = append(out, diag.At(l.file, l.line, l.col, format, args...))
		}
	}
	hasAnchor := func(url, id string) bool {
		t := byURL(url)
		return t == nil || t.anchors[id]
	}
	for _, l := range st.links {
		switch {
		case l.broken && isMarkdownDest(l.dest):
			report(l, "broken link %q: no such page; fix the path or create the page", l.dest)
		case l.broken:
			kind := "linked file"
			if l.image {
				kind = "image"
			}
			out = append(out, diag.WarnAt(l.file, l.line, l.col, "%s %q does not exist in the content folder", kind, l.dest))
		case strings.HasPrefix(l.dest, "#"):
			if id := l.dest[1:]; id != "" && !st.anchors[id] {
				report(l, "link to #%s: this page has no heading with that id", id)
			}
		case isMarkdownDest(l.dest):
			target, frag, _ := strings.Cut(l.url, "#")
			if frag != "" && !hasAnchor(target, frag) {
				report(l, "link %q: %s has no heading with id %q", l.dest, target, frag)
			}
		default:
			if other := s.langOfURL(l.dest); other != "" && other != st.lang {
				out = append(out, diag.WarnAt(l.file, l.line, l.col, "link %q goes to the %s pages from a %s page; link to the .md file instead so it follows the reader's language", l.dest, other, st.lang))
			}
		}
	}
	return out
}

func isMarkdownDest(dest string) bool {
	p, _, _ := strings.Cut(dest, "#")
	p, _, _ = strings.Cut(p, "?")
	return content.IsMarkdownName(p)
}

// langOfURL returns the language whose pages a site-absolute URL points
// into ("/el/faq/x/" → "el"), or "".
func (s *site) langOfURL(u string) string {
	rest, ok := strings.CutPrefix(u, s.basePath)
	if !ok || strings.HasPrefix(u, "//") {
		return ""
	}
	first, _, _ := strings.Cut(rest, "/")
	if ls := s.byCode[first]; ls != nil {
		return first
	}
	return ""
}

// resolveAsset maps a relative link to a file beside the page's Markdown
// ("chart.png", "../files/form.pdf") to the URL it is published at: files
// under content/ are copied to the output at the same path.
func (r *renderer) resolveAsset(src *content.Page) func(string) (string, bool) {
	return func(dest string) (string, bool) {
		p, rest := dest, ""
		if i := strings.IndexAny(dest, "#?"); i >= 0 {
			p, rest = dest[:i], dest[i:]
		}
		target := path.Join(path.Dir(src.File), p)
		if class, _ := content.ClassifyFile(target); class != content.Asset {
			return dest, false
		}
		if st, err := fs.Stat(r.siteFS, target); err != nil || st.IsDir() {
			return dest, false
		}
		return r.site.basePath + strings.TrimPrefix(target, "content/") + rest, true
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
