package builder

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"slices"
	"strings"
	"time"
)

// Feeds: an Atom 1.0 feed of the most recently updated articles, FAQ and
// policy pages per language (at its home) and per section, at the
// addresses Hugo gave its RSS feeds (/index.xml, /ar/index.xml,
// /ar/policies/index.xml), so that a Hugo site's subscribers keep
// following it. A feed depends only on what a page's front matter, its
// place and its file's last commit say, never on the clock or the body:
// two builds of the same content write the same bytes, and an edit of a
// body alone leaves every feed as it was.

// hasFeed reports whether a page heads a feed: a home or section page of
// a site with feeds on, which does not redirect elsewhere.
func (s *site) hasFeed(p *page) bool {
	return s.cfg.Feeds.On() && (p.typ == kindHome || p.typ == kindSection) && !p.redirects()
}

// feedAt is where the feed of a home or section page is published under
// the file name name ([feeds] filenames): the output file beside the
// page's index.html, and its site path.
func feedAt(p *page, name string) (out, url string) {
	return strings.TrimSuffix(p.out, "index.html") + name, p.url + name
}

// feedOf is the address pages link to for the feed of p: under the first
// of its file names.
func (s *site) feedOf(p *page) (out, url string) {
	return feedAt(p, s.cfg.Feeds.Files()[0])
}

// feedTitle is a feed's title, in its language, also the title of the
// link to it in the head of the page it belongs to.
func (s *site) feedTitle(p *page) string {
	ls := p.lang
	title := ls.lang.Title
	if p.typ == kindSection {
		title = titleOnSite(p.title, title)
	}
	return ls.loc.T("feed_title", "Title", title)
}

// feedEntry is a page a feed lists, with its dates.
type feedEntry struct {
	p                  *page
	updated, published time.Time
}

// feedEntries lists a language's pages that feeds may list, newest first:
// its own articles, FAQ and policy pages (not another language's shown in
// their place, nor drafts, nor pages left out of lists or asked to be
// left out by search engines). A page's updated date is its "last
// updated" date as its page shows it (updated), else its published one,
// front matter's date or publishDate, as Hugo's lastmod falls back to
// date. A page with neither (a new site not yet in git) comes after the
// dated ones, by address: left out, a new site's feeds would be empty.
func (s *site) feedEntries(ls *langSite) []feedEntry {
	var entries []feedEntry
	for _, p := range ls.pages {
		m := &p.src.Meta
		if !relatable(p) || m.Unlisted || m.NoIndex {
			continue
		}
		published := cmp.Or(m.Date, m.PublishDate)
		updated := cmp.Or(s.updated(p), published)
		entries = append(entries, feedEntry{p: p, updated: updated, published: published})
	}
	slices.SortFunc(entries, func(a, b feedEntry) int {
		return cmp.Or(b.updated.Compare(a.updated), strings.Compare(a.p.url, b.p.url))
	})
	return entries
}

// writeFeeds writes the feed of every home and section page.
func (r *renderer) writeFeeds() error {
	s := r.site
	if !s.cfg.Feeds.On() {
		return nil
	}
	limit := s.cfg.Feeds.Entries()
	for _, ls := range s.langs {
		entries := s.feedEntries(ls)
		// Each section lists the newest of the pages in it or in the
		// sections nested in it: one pass, in date order.
		bySection := map[*section][]feedEntry{}
		for _, e := range entries {
			for in := e.p.within; in != nil; in = in.parent {
				if len(bySection[in]) < limit {
					bySection[in] = append(bySection[in], e)
				}
			}
		}
		for _, p := range ls.pages {
			if !s.hasFeed(p) {
				continue
			}
			list := entries[:min(limit, len(entries))]
			if p.typ == kindSection {
				list = bySection[p.section]
			}
			for _, name := range s.cfg.Feeds.Files() {
				out, self := feedAt(p, name)
				if err := r.generated(out, s.atomFeed(p, self, list)); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// atomFeed writes the Atom document of the feed of p, published at the
// site path self, listing entries. Links are absolute under the site's
// baseURL; a site without one links by site path, which feed readers
// resolve against the feed's address.
func (s *site) atomFeed(p *page, self string, entries []feedEntry) []byte {
	ls := p.lang
	abs := func(url string) string { return s.absBase + escapePath(url) }
	f := atomFeed{
		Lang:  ls.lang.Code,
		Title: atomText{Type: "text", Text: s.feedTitle(p)},
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: abs(self)},
			{Rel: "alternate", Type: "text/html", Href: abs(p.url)},
		},
		ID:      abs(p.url),
		Updated: atomDate(time.Time{}),
		Author:  atomPerson{Name: ls.lang.Title},
	}
	if len(entries) > 0 {
		f.Updated = atomDate(entries[0].updated)
	}
	for _, e := range entries {
		q := e.p
		entry := atomEntry{
			Lang:    ls.lang.Code,
			Title:   atomText{Type: "text", Text: q.title},
			Link:    atomLink{Rel: "alternate", Type: "text/html", Href: abs(q.url)},
			ID:      abs(q.url),
			Updated: atomDate(e.updated),
		}
		if !e.published.IsZero() {
			entry.Published = atomDate(e.published)
		}
		if d := q.src.Meta.Description; d != "" {
			entry.Summary = &atomText{Type: "text", Text: d}
		}
		f.Entries = append(f.Entries, entry)
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(f); err != nil {
		panic(err) // strings only: encoding/xml escapes every one
	}
	b.WriteByte('\n')
	return b.Bytes()
}

// atomDate is an Atom date: RFC 3339, in UTC. Atom dates every feed and
// entry; one with no date (an empty feed, a page never dated nor
// committed) has the start of Unix time, the same at every build, where
// the clock or a file's mtime would change with every checkout and mark
// every entry updated in feed readers.
func atomDate(t time.Time) string {
	if t.IsZero() {
		t = time.Unix(0, 0)
	}
	return t.UTC().Format(time.RFC3339)
}

// The Atom 1.0 elements kb writes (RFC 4287). encoding/xml escapes every
// text and attribute, so no title or summary can add markup.
type (
	atomFeed struct {
		XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
		Lang    string      `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
		Title   atomText    `xml:"title"`
		Links   []atomLink  `xml:"link"`
		ID      string      `xml:"id"`
		Updated string      `xml:"updated"`
		Author  atomPerson  `xml:"author"`
		Entries []atomEntry `xml:"entry"`
	}
	atomEntry struct {
		Lang      string    `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
		Title     atomText  `xml:"title"`
		Link      atomLink  `xml:"link"`
		ID        string    `xml:"id"`
		Published string    `xml:"published,omitempty"`
		Updated   string    `xml:"updated"`
		Summary   *atomText `xml:"summary,omitempty"`
	}
	atomText struct {
		Type string `xml:"type,attr"`
		Text string `xml:",chardata"`
	}
	atomLink struct {
		Rel  string `xml:"rel,attr"`
		Type string `xml:"type,attr"`
		Href string `xml:"href,attr"`
	}
	atomPerson struct {
		Name string `xml:"name"`
	}
)
