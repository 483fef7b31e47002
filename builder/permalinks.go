package builder

import (
	"cmp"
	"fmt"
	"path"
	"strings"
	"time"

	"kb/builder/config"
	"kb/builder/content"
	"kb/builder/diag"
	"kb/builder/permalink"
)

// pagePath is the path of a page below its language's folder, without
// slashes at either end ("faq/returns", "blog/2018/10/06/first-post"):
// the pattern [permalinks] gives its section, else its logical path with
// its slug (without the numbers before its names when the site reads them
// as places); lowercased when the site lowercases its URLs. A page whose
// pattern needs a date it lacks keeps the latter, with a warning.
func (s *site) pagePath(p *page, ds *diag.List) string {
	own := s.unnumbered(p.src.Path)
	if p.src.Meta.Slug != "" && own != "" {
		own = strings.TrimPrefix(path.Join(path.Dir(own), p.src.Meta.Slug), "./")
	}
	logical := own
	if pat, section, ok := s.permalinkOf(p.src); ok {
		date := pageDate(p.src)
		if tokens := pat.DateTokens(); len(tokens) > 0 && date.IsZero() {
			// A fallback repeats the default language's page; a section
			// page kb makes has no file to add a date to.
			if !p.fallback && p.src.File != "" {
				ds.Add(diag.WarnAt(p.src.File, 1, 0, "has no date for %s of %s's [permalinks] %s = %q: add one to its front matter (date: 2006-01-02); until then it is published at %s",
					strings.Join(tokens, ", "), s.cfg.ConfigFile(), section, pat, s.basePath+p.lang.prefix+s.urlCase(own)+"/").Of(diag.FrontMatter))
			}
		} else {
			logical = pat.Expand(permalink.Page{
				Sections: sectionsOf(p.src),
				Slug:     p.src.Meta.Slug,
				BaseName: path.Base(p.src.Path),
				Title:    p.title,
				Date:     date,
			})
		}
	}
	return s.urlCase(logical)
}

// clashFix says what to change when a page publishes where another does:
// a slug, or the pattern that put both there.
func (s *site) clashFix(p *page) string {
	if pat, section, ok := s.permalinkOf(p.src); ok {
		return fmt.Sprintf("change a slug, or %s's [permalinks] %s = %q, so that it tells them apart", s.cfg.ConfigFile(), section, pat)
	}
	return "change a slug"
}

// permalinkOf returns the [permalinks] pattern of a page, and the
// top-level section whose pattern it is.
func (s *site) permalinkOf(src *content.Page) (permalink.Pattern, string, bool) {
	if src.Path == "" || (src.Kind != content.Article && src.Kind != content.Section) {
		return permalink.Pattern{}, "", false
	}
	top, _, nested := strings.Cut(src.Path, "/")
	if src.Kind == content.Article && !nested {
		return permalink.Pattern{}, "", false // a page outside any section
	}
	pat, ok := s.cfg.Permalinks.For(top, src.Kind == content.Section)
	return pat, top, ok
}

// sectionsOf lists the sections a page is in, top-level first; a section
// page is in its own.
func sectionsOf(src *content.Page) []string {
	dir := src.Path
	if src.Kind == content.Article {
		dir = path.Dir(dir)
	}
	return strings.Split(dir, "/")
}

// pageDate is the date a page's URL is made from, as Hugo's is: its date,
// else its publishDate, else its lastmod (or updated).
func pageDate(src *content.Page) time.Time {
	m := src.Meta
	for _, t := range []time.Time{m.Date, m.PublishDate, m.Updated} {
		if !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}

// urlCase lowercases a path when the site lowercases its URLs.
// unnumbered leaves out the number before each name of a logical path
// when the site reads them as places ([numberPrefixes]): "01-guides/02-setup"
// is "guides/setup".
func (s *site) unnumbered(logical string) string {
	if !s.cfg.NumberPrefixes || logical == "" {
		return logical
	}
	segments := strings.Split(logical, "/")
	for i, seg := range segments {
		segments[i], _, _ = config.NumberPrefix(seg)
	}
	return strings.Join(segments, "/")
}

// weight is a page's place among its section's: its front matter weight,
// else, when the site reads numbers before names as places, the number its
// file or folder name starts with. Weight 0 is no weight, so a page
// numbered 0 weighs -1, before those numbered 1.
func (s *site) weight(src *content.Page, logical string) int {
	if src != nil && src.Meta.Weight != 0 {
		return src.Meta.Weight
	}
	if !s.cfg.NumberPrefixes {
		return 0
	}
	if _, n, ok := config.NumberPrefix(path.Base(logical)); ok {
		return cmp.Or(n, -1)
	}
	return 0
}

func (s *site) urlCase(p string) string {
	if s.cfg.LowercaseURLs {
		return strings.ToLower(p)
	}
	return p
}
