package config

import (
	"fmt"
	"net/url"
	"slices"
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
// and End (either may be left out) and dismissible by the reader unless
// Dismissible is false.
type Announcement struct {
	// Text by language code, inline Markdown; text = "…" alone is the
	// default language's. A language without text shows none, unless
	// Fallback shows it the default language's.
	Text  LangText `toml:"text"`
	Link  string   `toml:"link"`
	Kind  string   `toml:"kind"` // info (the default), warning or caution: a callout colour
	Start Moment   `toml:"start"`
	// End is the last day shown (a date) or the moment it goes (a time).
	End         Moment `toml:"end"`
	Dismissible *bool  `toml:"dismissible"`
	Fallback    bool   `toml:"fallback"`
	// TextLines are the lines of Text's entries in site.toml, by language.
	TextLines map[string]int `toml:"-"`
	// Table is where it is written: "announcement", or
	// "languages.ar.announcement" for a language's own.
	Table string `toml:"-"`
}

// AnnouncementFor is the announcement of a language: its own
// [languages.<code>.announcement], else the site's.
func (c *Config) AnnouncementFor(lang string) *Announcement {
	if a := c.Languages[lang].Announcement; a != nil {
		return a
	}
	return &c.Announcement
}

// AnnouncementChange is when an announcement of any language next appears
// or goes after now, which changes every page of that language: zero when
// none is to.
func (c *Config) AnnouncementChange(now time.Time) time.Time {
	next := c.Announcement.NextChange(now)
	for _, l := range c.Languages {
		if l.Announcement == nil {
			continue
		}
		if t := l.Announcement.NextChange(now); !t.IsZero() && (next.IsZero() || t.Before(next)) {
			next = t
		}
	}
	return next
}

// AnnouncementKinds are the kinds an announcement takes: the callout
// colours of the same names.
var AnnouncementKinds = []string{"info", "warning", "caution"}

// LangText is a text by language code, written as a table of languages
// or as one string, the default language's (under the key "").
type LangText map[string]string

// UnmarshalTOML reads a string or a table of strings.
func (t *LangText) UnmarshalTOML(v any) error {
	switch v := v.(type) {
	case string:
		*t = LangText{"": v}
	case map[string]any:
		*t = make(LangText, len(v))
		for code, text := range v {
			s, ok := text.(string)
			if !ok {
				return fmt.Errorf("text.%s must be text, not %T", code, text)
			}
			(*t)[code] = s
		}
	default:
		return fmt.Errorf("text must be text, or a table of texts by language, not %T", v)
	}
	return nil
}

// Showing reports whether the announcement is shown at now.
func (a *Announcement) Showing(now time.Time) bool {
	return (a.Start.IsZero() || !now.Before(a.Start.Time)) && (a.End.IsZero() || now.Before(a.Ends()))
}

// Ends is the moment the announcement goes: the day after End when End
// is a day, else End.
func (a *Announcement) Ends() time.Time {
	if a.End.Day {
		return a.End.AddDate(0, 0, 1)
	}
	return a.End.Time
}

// NextChange is when the announcement next appears or goes after now:
// zero when neither is to come.
func (a *Announcement) NextChange(now time.Time) time.Time {
	switch {
	case len(a.Text) == 0:
		return time.Time{}
	case a.Start.After(now):
		return a.Start.Time
	case !a.End.IsZero() && a.Ends().After(now):
		return a.Ends()
	}
	return time.Time{}
}

// Moment is a date or date-time of site.toml. TOML's local dates and
// date-times get a UTC wall clock, as pages' publishDate has, so that a
// build does not depend on the machine's time zone.
type Moment struct {
	time.Time
	Day bool // written as a date, with no time of day
}

// UnmarshalTOML reads a TOML date or date-time, whose location says which
// it is (a time.Time field would get it through text, without).
func (m *Moment) UnmarshalTOML(v any) error {
	t, ok := v.(time.Time)
	if !ok {
		return fmt.Errorf("must be a date (2026-12-24) or a date and time (2026-12-24T09:00:00+02:00), not %T", v)
	}
	m.Time = t
	switch t.Location().String() {
	case "date-local", "datetime-local":
		m.Time = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
		m.Day = t.Location().String() == "date-local"
	}
	return nil
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
	announcement := func(a *Announcement, table toml.Key, lang string) {
		key := func(k ...string) toml.Key { return append(slices.Clone(table), k...) }
		name := strings.Join(table, ".")
		a.Table = name
		a.TextLines = map[string]int{}
		switch text, ok := a.Text[""]; {
		case ok:
			a.Text = LangText{lang: text}
			a.TextLines[lang] = KeyLine(src, key("text"))
		case len(table) > 1 && len(a.Text) > 0:
			bad(key("text"), "[%s] text is in that language: write text = \"…\", not a table of languages", name)
			a.Text = nil
		default:
			for raw := range a.Text {
				if code, err := CanonicalCode(raw); err == nil {
					a.TextLines[code] = KeyLine(src, key("text", raw))
				}
			}
			a.Text = byLang(key("text"), a.Text)
		}
		if a.Kind != "" && !slices.Contains(AnnouncementKinds, a.Kind) {
			bad(key("kind"), "[%s] kind %q is not one of %s", name, a.Kind, strings.Join(AnnouncementKinds, ", "))
		}
		checkURL(key("link"), strings.ReplaceAll(a.Link, "{lang}", "x"))
		if !a.Start.IsZero() && !a.End.IsZero() && a.End.Before(a.Start.Time) {
			bad(key("end"), "[%s] end %s is before start %s", name, a.End.Format(time.DateOnly), a.Start.Format(time.DateOnly))
		}
	}
	announcement(&c.Announcement, toml.Key{"announcement"}, c.DefaultLanguage)
	for code, l := range c.Languages {
		if l.Announcement != nil {
			announcement(l.Announcement, toml.Key{"languages", l.Segment, "announcement"}, code)
		}
	}
	return ds
}
