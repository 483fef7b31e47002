package builder

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"

	"kb/builder/diag"
	"kb/search/analytics"
	"kb/search/analytics/postgres"
)

// Popular articles: the writers' pick (front matter `featured = true`, in
// weight order) first, then the pages readers opened most from search in
// the last popularWindow of the analytics data.
const (
	popularHome    = 6
	popularSection = 4
	popularWindow  = 30 * 24 * time.Hour
)

// DefaultDataDir is where a site's analytics live when no --data is given:
// kb serve records there, kb build reads its clicks from there.
func DefaultDataDir(siteDir string) string {
	return filepath.Join(siteDir, ".kb", "data")
}

// dataFile is the analytics file a build reads clicks from: --data DIR,
// else DefaultDataDir, where kb serve and kb search --data record.
func (s *Session) dataFile() string {
	dir := s.opts.DataDir
	if dir == "" {
		dir = DefaultDataDir(s.opts.SiteDir)
	}
	return filepath.Join(dir, analytics.FileName)
}

// hashData writes to h what the popular lists read from the analytics
// data, so that new clicks alone make kb build rebuild: a data file by its
// size and modification time, PostgreSQL, which has no file to look at, by
// the clicks themselves (read once for the build).
func (s *Session) hashData(h io.Writer) {
	if postgres.IsURL(s.opts.DataDir) {
		fmt.Fprintf(h, "data\x00%v\x00", s.readClicks()) // fmt prints maps in key order
		return
	}
	if info, err := os.Stat(s.dataFile()); err == nil {
		fmt.Fprintf(h, "data\x00%d\x00%d\x00", info.Size(), info.ModTime().UnixNano())
	}
}

// readClicks returns the most opened pages per language, read once per
// session; without a data file there are none. Data that cannot be read
// costs the popular list its clicks, not the build: the error is kept for
// the build's warnings (clicksWarning).
func (s *Session) readClicks() map[string][]analytics.PageClicks {
	if !s.clicksRead {
		s.clicksRead = true
		s.clicks, s.clicksErr = s.loadClicks()
	}
	return s.clicks
}

// clicksWarning adds to ds why the popular lists lack the readers' clicks,
// when the analytics data could not be read: a CI log shows it, where
// progress lines stay quiet.
func (s *Session) clicksWarning(ds *diag.List) {
	if s.clicksErr != nil {
		ds.Add(diag.Diagnostic{Severity: diag.Warning, Msg: "popular articles: " + s.clicksErr.Error() + "; the popular lists show the featured articles only",
			Fix: "check that --data names the analytics that kb search records into, and that this machine can read it"})
	}
}

func (s *Session) loadClicks() (map[string][]analytics.PageClicks, error) {
	if postgres.IsURL(s.opts.DataDir) {
		return readClicksFrom(s.opts.DataDir)
	}
	file := s.dataFile()
	if _, err := os.Stat(file); errors.Is(err, fs.ErrNotExist) {
		if s.opts.DataDir != "" {
			progress(s.opts.Progress, "popular articles: no "+file+"; featured articles only")
		}
		return nil, nil
	}
	return analytics.Popular(file, popularWindow)
}

// readClicksFrom reads the clicks from PostgreSQL (kb build --data
// postgres://…, the store replicas share).
func readClicksFrom(location string) (map[string][]analytics.PageClicks, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	r, err := postgres.OpenReader(ctx, location)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return r.Popular(ctx, popularWindow)
}

// featured reports whether p is a writers' pick: featured in its own
// front matter, or in the default language's page it translates. The pick
// is made once, in the default language; a translation that leaves the key
// out must not drop the one article a reader can read in their language
// while the untranslated picks, shown in the default language, stay.
func (s *site) featured(p *page) bool {
	if p.g == nil {
		return false
	}
	if p.src.Meta.Featured {
		return true
	}
	orig := p.g.pages[s.cfg.DefaultLanguage]
	return orig != nil && orig.Meta.Featured
}

// popular lists the popular articles of a language, or of one of its
// sections when sec is not nil.
func (s *site) popular(ls *langSite, sec *section, byURL map[string]*page, n int) []LinkView {
	var picked []*page
	pages := ls.pages
	if sec != nil {
		pages = sec.articles
	}
	for _, p := range pages {
		if s.featured(p) && p.typ != kindHome && p.typ != kindSection {
			picked = append(picked, p)
		}
	}
	slices.SortStableFunc(picked, byWeight)
	picked = picked[:min(len(picked), n)]
	for _, c := range s.clicks[ls.lang.Code] {
		if len(picked) == n {
			break
		}
		p := byURL[c.URL]
		if p == nil || p.typ == kindHome || p.typ == kindSection || (sec != nil && !sec.holds(p)) || slices.Contains(picked, p) {
			continue
		}
		picked = append(picked, p)
	}
	out := make([]LinkView, len(picked))
	for i, p := range picked {
		out[i] = linkTo(p)
	}
	return out
}
