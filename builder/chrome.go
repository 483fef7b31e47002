package builder

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"html/template"
	"slices"
	"strings"
	"time"

	"kb/builder/config"
	"kb/builder/content"
	"kb/builder/diag"
	"kb/builder/markdown"
)

// AnnouncementView is a service message above every page of a language.
type AnnouncementView struct {
	ID   string // changes with the message, so a new one shows again after a dismissed one
	Text string // plain text
	// HTML is the text's inline Markdown, rendered: a paragraph.
	HTML        template.HTML
	Link        string
	Kind        string // "info", "warning" or "caution": a callout colour
	Dismissible bool
	// Lang and Dir are the text's language and direction where they are
	// not the page's (another language's text, shown as a fallback).
	Lang, Dir  string
	Start, End string // "2026-12-01", "" for open-ended
	// Ends is when it goes (RFC 3339), "" for never: the page script
	// hides it then on a host that has not rebuilt the site since.
	Ends string
}

// chrome fills what site.toml adds around every page of a language: the
// logo, the header menu and the announcement.
func (r *renderer) chrome(v *SiteView, ls *langSite) {
	cfg := r.site.cfg
	code := ls.lang.Code
	localize := func(u string) string {
		return sitePath(r.site.basePath, strings.ReplaceAll(u, "{lang}", code))
	}
	if cfg.Brand.Logo != "" {
		v.Logo = sitePath(r.site.basePath, cfg.Brand.Logo)
		v.LogoWidth, v.LogoHeight = cfg.Brand.Width, cfg.Brand.Height
	}
	menu := slices.Clone(cfg.Menu.Header)
	slices.SortStableFunc(menu, func(a, b config.MenuLink) int { return cmp.Compare(a.Weight, b.Weight) })
	for _, m := range menu {
		v.Menu = append(v.Menu, LinkView{Title: m.Label(code), URL: localize(m.URL)})
	}
	v.Announcement = r.announcement(ls, cfg.AnnouncementFor(code))
}

// announcement is the view of a, shown at the site's now to the readers of
// ls in their language, else (with a.Fallback) in the default language's;
// nil for none. Its Markdown's broken links and raw HTML are errors at
// their line in site.toml, whether it shows now or not.
func (r *renderer) announcement(ls *langSite, a *config.Announcement) *AnnouncementView {
	s := r.site
	code, textLang := ls.lang.Code, ls.lang
	text, ok := a.Text[code]
	if !ok && a.Fallback {
		text, ok = a.Text[s.cfg.DefaultLanguage]
		textLang = s.byCode[s.cfg.DefaultLanguage].lang
	}
	if !ok || text == "" {
		return nil
	}
	line := a.TextLines[textLang.Code]
	from := &content.Page{File: config.FileName, Lang: code, Kind: content.Home}
	res := r.md.Render(markdown.Document{
		Source:      []byte(text),
		File:        config.FileName,
		Line:        line,
		Lang:        textLang.Code,
		LangName:    textLang.Name,
		ResolveLink: s.resolveLink(ls, from, func(*group) {}),
		ResolvePath: r.resolvePath(ls, func(*group) {}),
	})
	where := "[" + a.Table + "] text"
	switch {
	case textLang.Code != code:
		where += " in " + textLang.Code + ", shown in " + code
	case a == &s.cfg.Announcement:
		where += " in " + code
	}
	if res.RawHTML {
		r.ds.Add(diag.At(config.FileName, line, 0, "%s: raw HTML is not allowed in an announcement; write Markdown: [words](page.md), **bold**", where))
	}
	// The others (a shortcode's, ...) at their line; their columns count
	// from the start of the text, not of the line.
	for _, d := range res.Diagnostics {
		if d.Kind != diag.RawHTML {
			d.Col = 0
			r.ds.Add(d)
		}
	}
	for _, l := range res.Links {
		if !l.Broken {
			continue
		}
		d := diag.At(config.FileName, l.Line, 0, "%s: broken link %q: no such page; fix the path or create the page", where, l.Dest).Of(diag.BrokenLink)
		if s.cfg.Build.BrokenLinks == "warning" {
			d.Severity = diag.Warning
		}
		r.ds.Add(d)
	}
	// Checked before it shows, so that it cannot break the build that
	// puts it on the pages.
	if !a.Showing(s.now) {
		return nil
	}
	av := &AnnouncementView{
		Text: strings.TrimSpace(res.PlainText), HTML: template.HTML(bytes.TrimSpace(res.HTML)),
		Kind: cmp.Or(a.Kind, "info"), Dismissible: a.Dismissible == nil || *a.Dismissible,
		Start: dateOnly(a.Start.Time), End: dateOnly(a.End.Time),
	}
	if !a.End.IsZero() {
		av.Ends = a.Ends().UTC().Format(time.RFC3339)
	}
	if textLang.Code != code {
		av.Lang, av.Dir = textLang.Code, textLang.Dir
	}
	if a.Link != "" {
		av.Link = sitePath(s.basePath, strings.ReplaceAll(a.Link, "{lang}", code))
	}
	sum := sha256.Sum256([]byte(text + "\x00" + av.Link + "\x00" + av.Start + "\x00" + av.End))
	av.ID = hex.EncodeToString(sum[:6])
	return av
}

func dateOnly(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}
