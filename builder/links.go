package builder

import (
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"

	"kb/builder/content"
	"kb/builder/markdown"
)

// linkCheck collects, while pages render, every internal link with its
// position and every page's anchors, so that links to missing anchors
// (including FAQ questions) are found once all pages exist.
type linkCheck struct {
	mu      sync.Mutex
	links   []linkRecord
	anchors map[string]map[string]bool // page URL → heading ids
}

type linkRecord struct {
	file      string
	line, col int
	dest, url string
	page      *page
	broken    bool
	image     bool
}

// record keeps a translated page's links for checking.
func (c *linkCheck) record(p *page, res markdown.Result) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, l := range res.Links {
		c.links = append(c.links, linkRecord{file: p.src.File, line: l.Line, col: l.Col, dest: l.Dest, url: l.URL, page: p, broken: l.Broken, image: l.Image})
	}
}

// addAnchors keeps the ids a page's headings define.
func (c *linkCheck) addAnchors(p *page, res markdown.Result) {
	ids := make(map[string]bool, len(res.Headings))
	for _, h := range res.Headings {
		ids[h.ID] = true
	}
	c.mu.Lock()
	if c.anchors == nil {
		c.anchors = map[string]map[string]bool{}
	}
	c.anchors[p.url] = ids
	c.mu.Unlock()
}

// check reports broken links, links to missing anchors, links into another
// language's pages, and relative links to files that do not exist.
func (r *renderer) checkLinks() {
	s := r.site
	c := &r.links
	report := func(l linkRecord, format string, args ...any) {
		if s.cfg.Build.BrokenLinks == "warning" {
			r.ds.Warnf(l.file, l.line, l.col, format, args...)
		} else {
			r.ds.Errorf(l.file, l.line, l.col, format, args...)
		}
	}
	for _, l := range c.links {
		switch {
		case l.broken && isMarkdownDest(l.dest):
			report(l, "broken link %q: no such page; fix the path or create the page", l.dest)
		case l.broken:
			r.ds.Warnf(l.file, l.line, l.col, "%s %q does not exist in the content folder", map[bool]string{true: "image", false: "linked file"}[l.image], l.dest)
		case strings.HasPrefix(l.dest, "#"):
			if id := l.dest[1:]; id != "" && !c.anchors[l.page.url][id] {
				report(l, "link to #%s: this page has no heading with that id", id)
			}
		case isMarkdownDest(l.dest):
			target, frag, _ := strings.Cut(l.url, "#")
			if frag != "" && c.anchors[target] != nil && !c.anchors[target][frag] {
				report(l, "link %q: %s has no heading with id %q", l.dest, target, frag)
			}
		default:
			if other := s.langOfURL(l.dest); other != "" && other != l.page.lang.lang.Code {
				r.ds.Warnf(l.file, l.line, l.col, "link %q goes to the %s pages from a %s page; link to the .md file instead so it follows the reader's language", l.dest, other, l.page.lang.lang.Code)
			}
		}
	}
}

func isMarkdownDest(dest string) bool {
	p, _, _ := strings.Cut(dest, "#")
	p, _, _ = strings.Cut(p, "?")
	return strings.HasSuffix(strings.ToLower(p), ".md")
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
		if !strings.HasPrefix(target, "content/") {
			return dest, false
		}
		if st, err := fs.Stat(r.siteFS, target); err != nil || st.IsDir() {
			return dest, false
		}
		return r.site.basePath + strings.TrimPrefix(target, "content/") + rest, true
	}
}

// copyContentFiles publishes the non-Markdown files of content/ (images and
// downloads beside articles) at their path below content/.
func (r *renderer) copyContentFiles() error {
	var files []string
	err := fs.WalkDir(r.siteFS, "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if p != "content" && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() && !strings.HasSuffix(strings.ToLower(name), ".md") && !strings.HasPrefix(name, ".") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil && !isNotExist(err) {
		return err
	}
	slices.Sort(files)
	for _, f := range files {
		data, err := fs.ReadFile(r.siteFS, f)
		if err != nil {
			r.ds.Errorf(f, 0, 0, "%v", err)
			continue
		}
		if err := r.out.Write(strings.TrimPrefix(f, "content/"), data); err != nil {
			r.ds.Errorf(f, 0, 0, "%v", err)
		}
	}
	return nil
}
