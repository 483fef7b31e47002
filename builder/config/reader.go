package config

import (
	"net/url"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"kb/builder/diag"
)

// Feedback configures the "Was this helpful?" widget.
type Feedback struct {
	// Endpoint is a URL accepting the feedback JSON (kb search's
	// /api/feedback is one). Empty: derived from [search] endpoint, and
	// with neither the widget offers the [support] contacts instead.
	Endpoint string `toml:"endpoint"`
}

// Brand is the site's logo in the header.
type Brand struct {
	// Logo is an image URL, usually a file under static/ ("/logo.svg").
	Logo string `toml:"logo"`
	// Width and Height are the logo's size in CSS pixels (default 32 high),
	// so the header does not move when it loads.
	Width  int `toml:"width"`
	Height int `toml:"height"`
}

// Menu holds the site's menus.
type Menu struct {
	Header []MenuLink `toml:"header"`
}

// MenuLink is one link of a menu: [[menu.header]].
type MenuLink struct {
	Name string `toml:"name"`
	// Names translates Name by language code: { ar = "المتجر" }.
	Names map[string]string `toml:"names"`
	// URL is absolute or root-relative; "{lang}" is replaced by the
	// reader's language code.
	URL    string `toml:"url"`
	Weight int    `toml:"weight"`
}

// Announcement is a service message above every page, shown between Start
// and End (either may be left out) and dismissible by the reader.
type Announcement struct {
	// Text by language code; a language without one shows none.
	Text  map[string]string `toml:"text"`
	Link  string            `toml:"link"`
	Start time.Time         `toml:"start"`
	End   time.Time         `toml:"end"`
}

// Label is the link's name in a language, else its Name.
func (m MenuLink) Label(lang string) string {
	if n := m.Names[lang]; n != "" {
		return n
	}
	return m.Name
}

// validateReader checks the reader-facing tables: [feedback], [brand],
// [[menu.header]] and [announcement]; language keys are canonicalized.
func (c *Config) validateReader(src []byte) []diag.Diagnostic {
	var ds []diag.Diagnostic
	bad := func(key toml.Key, format string, args ...any) {
		ds = append(ds, diag.At(FileName, KeyLine(src, key), 0, format, args...))
	}
	checkURL := func(key toml.Key, u string) {
		if u == "" {
			return
		}
		if p, err := url.Parse(u); err != nil || (p.Scheme != "" && p.Scheme != "http" && p.Scheme != "https" && p.Scheme != "mailto" && p.Scheme != "tel") {
			bad(key, "%s = %q is not a web address: use https://… or a path like /contact/", key[len(key)-1], u)
		}
	}
	checkURL(toml.Key{"feedback", "endpoint"}, c.Feedback.Endpoint)
	checkURL(toml.Key{"brand", "logo"}, c.Brand.Logo)
	if c.Brand.Logo != "" && c.Brand.Height <= 0 {
		c.Brand.Height = 32
	}
	byLang := func(key toml.Key, m map[string]string) map[string]string {
		out := make(map[string]string, len(m))
		for raw, v := range m {
			code, err := CanonicalCode(raw)
			if err != nil || c.Languages[code].Code == "" {
				bad(append(key, raw), "%s.%s: %q is not a configured language", strings.Join(key, "."), raw, raw)
				continue
			}
			out[code] = v
		}
		return out
	}
	for i := range c.Menu.Header {
		m := &c.Menu.Header[i]
		if m.Name == "" || m.URL == "" {
			bad(toml.Key{"menu", "header"}, "[[menu.header]] number %d needs a name and a url", i+1)
		}
		checkURL(toml.Key{"menu", "header", "url"}, strings.ReplaceAll(m.URL, "{lang}", "x"))
		m.Names = byLang(toml.Key{"menu", "header", "names"}, m.Names)
	}
	a := &c.Announcement
	a.Text = byLang(toml.Key{"announcement", "text"}, a.Text)
	checkURL(toml.Key{"announcement", "link"}, strings.ReplaceAll(a.Link, "{lang}", "x"))
	if !a.Start.IsZero() && !a.End.IsZero() && a.End.Before(a.Start) {
		bad(toml.Key{"announcement", "end"}, "[announcement] end %s is before start %s", a.End.Format(time.DateOnly), a.Start.Format(time.DateOnly))
	}
	return ds
}
