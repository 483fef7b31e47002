package content

import (
	"fmt"
	"strings"
	"time"
)

// unpublished says why p's own front matter keeps it from being
// published at now, worded to follow "that page": "is a draft"; "" when
// it does not. within is true for the reasons that hold for the pages of
// a section too (a draft, a date), false for a page not rendered, whose
// section's pages still are (as in Hugo and Zola).
func (p *Page) unpublished(now time.Time) (why string, within bool) {
	m := &p.Meta
	switch {
	case m.Draft:
		return "is a draft", true
	case !m.PublishDate.IsZero() && now.Before(m.PublishDate):
		return "has publishDate " + day(m.PublishDate) + ", still to come", true
	case !m.ExpiryDate.IsZero() && !now.Before(m.ExpiryDate):
		return "expired on " + day(m.ExpiryDate) + " (expiryDate)", true
	case m.NotRendered != "":
		return "is not rendered (" + m.NotRendered + ")", false
	}
	return "", false
}

// Headless reports whether p, published or not at now, is kept from
// being published only because it is not rendered (Hugo's headless,
// build render = never): Hugo's templates still find such a page.
func (p *Page) Headless(now time.Time) bool {
	why, within := p.unpublished(now)
	return why != "" && !within
}

// day writes a date as a writer wrote it: the time of day only when it
// has one.
func day(t time.Time) string {
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
		return t.Format("2006-01-02")
	}
	return t.Format(time.RFC3339)
}

// Withheld maps each page that is not published at now to why, worded to
// follow "that page" ("is a draft"): its own front matter (draft,
// publishDate, expiryDate, headless, build render = never), or a section
// page above it in its language that is a draft or out of its dates, as
// Hugo leaves a draft section's pages out.
func Withheld(pages []*Page, now time.Time) map[*Page]string {
	out := map[*Page]string{}
	type sectionID struct{ lang, path string }
	closed := map[sectionID]*Page{}
	for _, p := range pages {
		why, within := p.unpublished(now)
		if why == "" {
			continue
		}
		out[p] = why
		if within && p.Kind == Section {
			closed[sectionID{p.Lang, p.Path}] = p
		}
	}
	if len(closed) == 0 {
		return out
	}
	for _, p := range pages {
		if _, own := out[p]; own || p.Kind == Home {
			continue
		}
		// The nearest closed section above the page.
		dir := p.Path
		for {
			i := strings.LastIndexByte(dir, '/')
			if i < 0 {
				break
			}
			dir = dir[:i]
			if sec := closed[sectionID{p.Lang, dir}]; sec != nil {
				out[p] = fmt.Sprintf("is in the section of %s, which %s", sec.File, out[sec])
				break
			}
		}
	}
	return out
}

// NextChange is the first moment after now when a page's publishDate
// comes or its expiryDate passes: what is published changes then, with
// no file changed. It is zero when no such date is to come.
func NextChange(pages []*Page, now time.Time) time.Time {
	var next time.Time
	for _, p := range pages {
		for _, t := range []time.Time{p.Meta.PublishDate, p.Meta.ExpiryDate} {
			if t.After(now) && (next.IsZero() || t.Before(next)) {
				next = t
			}
		}
	}
	return next
}

// Passed lists the pages whose publishDate or expiryDate lies between
// from and now, both included: those a build for now publishes or takes
// down where a build for the moment before from (whose NextChange was
// from) did the opposite.
func Passed(pages []*Page, from, now time.Time) []*Page {
	var passed []*Page
	for _, p := range pages {
		for _, t := range []time.Time{p.Meta.PublishDate, p.Meta.ExpiryDate} {
			if !t.IsZero() && !t.Before(from) && !now.Before(t) {
				passed = append(passed, p)
				break
			}
		}
	}
	return passed
}
