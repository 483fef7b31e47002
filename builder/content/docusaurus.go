package content

import (
	"strings"

	"kb/builder/diag"
)

// docusaurusKey reads one of Docusaurus's front matter keys that kb has an
// idea for (key is its name as kb documents it): its sidebar's position
// and label, unlisted, and last_update's date. The values go where
// Starlight's do (starlightKeys), so that kb's own keys win over them in
// the same way.
func (c checker) docusaurusKey(key string, f field, s *starlightKeys) {
	switch key {
	case "sidebar_position":
		if n, ok := wholeNumber(f.val); ok {
			s.order, s.orderLine, s.hasOrder = n, f.line, true
		} else {
			c.warn(f.line, f.col, "front matter: %q must be a whole number (kb's weight), not %s (ignored)", f.name, kindOf(f.val))
		}
	case "sidebar_label":
		if text, ok := f.val.(string); ok {
			s.label, s.labelLine = text, f.line
		} else {
			c.warn(f.line, f.col, "front matter: %q must be text, not %s (ignored)", f.name, kindOf(f.val))
		}
	case "unlisted":
		if b, ok := c.starlightBool(f.name, f.val, f.line, f.col); ok {
			s.hidden = b
		}
	case "last_update":
		c.lastUpdate(f, s)
	}
}

// lastUpdate reads Docusaurus's last_update: its date is the page's
// updated date; its author is not shown by kb.
func (c checker) lastUpdate(f field, s *starlightKeys) {
	keys, ok := f.val.(map[string]any)
	if !ok {
		c.warn(f.line, f.col, "front matter: %q must be keys (date, author), not %s (ignored)", f.name, kindOf(f.val))
		return
	}
	for _, k := range sortedKeys(keys) {
		line, col := f.subPosition(k)
		switch k {
		case "date":
			t, ok := parseDate(keys[k])
			if !ok {
				c.warn(line, col, "front matter: %q must be a date like 2006-01-02, not %s (ignored)", f.name+".date", kindOf(keys[k]))
				continue
			}
			s.updated, s.updatedLine, s.hasUpdated = t, line, true
		case "author":
		default:
			c.diags.Add(diag.WarnAt(c.file, line, col, "front matter: unknown key %q (ignored)", f.name+"."+k).Of(diag.UnknownKey))
		}
	}
}

// absoluteSlug reads a slug that starts with a slash: in Docusaurus, the
// page's whole path under the docs' root. kb's slug is one segment, so
// the page keeps its file's address and the slug's path, where links
// written for the old site point, redirects to it as an old URL does.
// "/" made the page the docs' home, which in kb is the language folder's
// _index.md.
func (c checker) absoluteSlug(f field, s string, m *Meta) {
	rel := strings.Trim(strings.TrimSpace(s), "/")
	if rel == "" {
		c.warn(f.line, f.col, "front matter: %q %q made the page its language's home: kb's home is _index.md in the language folder; rename the file to _index.md (ignored)", f.name, s)
		return
	}
	if why := badAlias(s); why != "" {
		c.bad(f, "%q %s: use a path of this site like /old-page/", s, why)
		return
	}
	if m.URL == "" {
		m.URL = rel
		m.Lines.set("url", f.line)
	}
}
