package content

import (
	"slices"
	"time"

	"kb/builder/diag"
)

// starlightKeys are the values of Starlight's front matter that kb has
// an idea for. kb's own keys win over them (weight over sidebar.order),
// whichever comes first, so they are applied after the loop.
type starlightKeys struct {
	order                int
	orderLine, labelLine int
	label                string
	hidden               bool
	updated              time.Time
	updatedLine          int
	hasOrder, hasUpdated bool
}

// sidebarKeys are the keys of Starlight's sidebar, and Hextra's: order,
// label and hidden (Hextra's exclude) are read; badge and attrs only
// style Starlight's own sidebar, open Hextra's.
var sidebarKeys = []string{"order", "label", "hidden", "exclude", "badge", "attrs", "open"}

// sidebar reads Starlight's sidebar table: order is the page's weight,
// label its short title in lists, hidden (Hextra's exclude) keeps it out
// of lists.
func (c checker) sidebar(f field, s *starlightKeys) {
	c.table(f, "order, label, hidden", func(k, name string, v any, line, col int) {
		switch k {
		case "order":
			if n, ok := wholeNumber(v); ok {
				s.order, s.orderLine, s.hasOrder = n, line, true
			} else {
				c.warn(line, col, "front matter: %q must be a whole number, not %s (ignored)", name, kindOf(v))
			}
		case "label":
			if text, ok := v.(string); ok {
				s.label, s.labelLine = text, line
			} else {
				c.warn(line, col, "front matter: %q must be text, not %s (ignored)", name, kindOf(v))
			}
		case "hidden", "exclude":
			if b, ok := c.generatorBool(name, v, line, col); ok {
				s.hidden = s.hidden || b
			}
		default:
			if !slices.Contains(sidebarKeys, k) {
				c.diags.Add(diag.WarnAt(c.file, line, col, "front matter: unknown key %q (ignored)", name).Of(diag.UnknownKey))
			}
		}
	})
}

// table calls each for the keys of the table f, in order, with the
// dotted name and position of each; a value that is not a table is a
// warning naming the keys it takes.
func (c checker) table(f field, takes string, each func(key, name string, v any, line, col int)) {
	keys, ok := f.val.(map[string]any)
	if !ok {
		c.warn(f.line, f.col, "front matter: %q must be keys (%s), not %s (ignored)", f.name, takes, kindOf(f.val))
		return
	}
	for _, k := range sortedKeys(keys) {
		line, col := f.subPosition(k)
		each(k, f.name+"."+k, keys[k], line, col)
	}
}

// banner reads the page's announcement: text, or Starlight's table with
// its text as content. Its line (Lines.Of("banner")) is the text's.
func (c checker) banner(f field, m *Meta) {
	if _, ok := f.val.(map[string]any); !ok {
		m.Banner = c.text(f)
		return
	}
	c.table(f, "content", func(k, name string, v any, line, col int) {
		if k != "content" {
			c.diags.Add(diag.WarnAt(c.file, line, col, "front matter: unknown key %q (ignored)", name).Of(diag.UnknownKey))
			return
		}
		if text, ok := v.(string); ok {
			m.Banner = text
			m.Lines.set("banner", line)
		} else {
			c.warn(line, col, "front matter: %q must be text, not %s (ignored)", name, kindOf(v))
		}
	})
}

// lastUpdated reads Starlight's lastUpdated: a date is the page's updated
// date; true or false only turn Starlight's own date on or off.
func (c checker) lastUpdated(f field, s *starlightKeys) {
	if _, ok := f.val.(bool); ok {
		return
	}
	t, ok := parseDate(f.val)
	if !ok {
		c.warn(f.line, f.col, "front matter: %q must be a date like 2006-01-02, or true or false, not %s (ignored)", f.name, kindOf(f.val))
		return
	}
	s.updated, s.updatedLine, s.hasUpdated = t, f.line, true
}

// generatorBool reads a key that must be true or false; anything else is
// a warning, as Starlight's and MkDocs's keys do not stop a build.
func (c checker) generatorBool(name string, v any, line, col int) (value, ok bool) {
	b, ok := v.(bool)
	if !ok {
		c.warn(line, col, "front matter: %q must be true or false, not %s (ignored)", name, kindOf(v))
	}
	return b, ok
}

func (c checker) warn(line, col int, format string, args ...any) {
	c.diags.Add(diag.WarnAt(c.file, line, col, format, args...).Of(diag.FrontMatter))
}

// apply sets what kb's own keys (seen) left unset.
func (s starlightKeys) apply(m *Meta, seen map[string]field) {
	if _, ok := seen["weight"]; !ok && s.hasOrder {
		m.Weight = s.order
		m.Lines.set("weight", s.orderLine)
	}
	if _, ok := seen["linkTitle"]; !ok && s.label != "" {
		m.LinkTitle = s.label
		m.Lines.set("linkTitle", s.labelLine)
	}
	if s.hidden {
		m.Unlisted = true
	}
	_, updated := seen["updated"]
	_, lastmod := seen["lastmod"]
	if !updated && !lastmod && s.hasUpdated {
		m.Updated = s.updated
		m.Lines.set("updated", s.updatedLine)
	}
}

// wholeNumber reads a YAML or TOML integer.
func wholeNumber(v any) (int, bool) {
	switch v := v.(type) {
	case int:
		return v, true
	case int64:
		if int64(int(v)) == v {
			return int(v), true
		}
	case uint64:
		if v <= uint64(int(^uint(0)>>1)) {
			return int(v), true
		}
	}
	return 0, false
}
