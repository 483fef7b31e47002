package builder

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"time"

	"kb/builder/config"
)

// AnnouncementView is a service message above every page of a language.
type AnnouncementView struct {
	ID         string // changes with the message, so a new one shows again after a dismissed one
	Text       string
	Link       string
	Start, End string // "2026-12-01", "" for open-ended: the page script hides it outside these days
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
	a := cfg.Announcement
	if text := a.Text[code]; text != "" {
		av := &AnnouncementView{Text: text, Start: dateOnly(a.Start), End: dateOnly(a.End)}
		if a.Link != "" {
			av.Link = localize(a.Link)
		}
		sum := sha256.Sum256([]byte(av.Text + "\x00" + av.Link + "\x00" + av.Start + "\x00" + av.End))
		av.ID = hex.EncodeToString(sum[:6])
		v.Announcement = av
	}
}

func dateOnly(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}
