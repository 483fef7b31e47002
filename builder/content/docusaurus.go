package content

import (
	"bytes"
	"io/fs"
	"path"
	"slices"
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
		c.position("front matter: ", f, s)
	case "sidebar_label":
		if text, ok := f.val.(string); ok {
			s.label, s.labelLine = text, f.line
		} else {
			c.warn(f.line, f.col, "front matter: %q must be text, not %s (ignored)", f.name, kindOf(f.val))
		}
	case "unlisted":
		if b, ok := c.generatorBool(f.name, f.val, f.line, f.col); ok {
			s.hidden = b
		}
	case "last_update":
		c.lastUpdate(f, s)
	}
}

// position reads a place in Docusaurus's sidebar, kb's weight: a page's
// sidebar_position, a folder's position. Docusaurus also takes fractions,
// which kb's weights are not.
func (c checker) position(what string, f field, s *starlightKeys) {
	if n, ok := wholeNumber(f.val); ok {
		s.order, s.orderLine, s.hasOrder = n, f.line, true
		return
	}
	c.warn(f.line, f.col, "%s%q must be a whole number (kb's weight), not %s (ignored)", what, f.name, kindOf(f.val))
}

// lastUpdate reads Docusaurus's last_update: its date is the page's
// updated date; its author is not shown by kb.
func (c checker) lastUpdate(f field, s *starlightKeys) {
	c.table(f, "date, author", func(k, name string, v any, line, col int) {
		switch k {
		case "date":
			t, ok := parseDate(v)
			if !ok {
				c.warn(line, col, "front matter: %q must be a date like 2006-01-02, not %s (ignored)", name, kindOf(v))
				return
			}
			s.updated, s.updatedLine, s.hasUpdated = t, line, true
		case "author":
		default:
			c.diags.Add(diag.WarnAt(c.file, line, col, "front matter: unknown key %q (ignored)", name).Of(diag.UnknownKey))
		}
	})
}

// categoryNames are the files in which Docusaurus gives a folder its
// sidebar label and position: kb reads them as the front matter of the
// folder's section page, when the folder has no _index.md.
var categoryNames = []string{"_category_.json", "_category_.yml", "_category_.yaml"}

// IsCategoryFile reports a Docusaurus folder's _category_ file.
func IsCategoryFile(name string) bool { return slices.Contains(categoryNames, path.Base(name)) }

// categoryKeys are the keys of a _category_ file that only shape
// Docusaurus's sidebar, left alone.
var categoryKeys = []string{"collapsible", "collapsed", "className", "link", "customProps", "key"}

// parseCategory reads a _category_ file: its label is the section's
// title, its position the section's weight, its description the
// section's. A key of the wrong type is a warning at its line.
func parseCategory(file string, src []byte, diags *diag.List) (Meta, bool) {
	src = normalize(src)
	fm := frontMatter{delim: "---", block: src, blockLine: 1}
	if path.Ext(file) == ".json" {
		fm.delim = "{"
	}
	if err := checkLimits(fm); err != nil {
		diags.Errorf(file, err.Line, err.Col, "%s", err.Msg)
		return Meta{}, false
	}
	var fields []field
	ok := true
	if fm.delim == "{" {
		fields, ok = jsonFields(file, src, 1, diags)
	} else if len(bytes.TrimSpace(src)) > 0 {
		fields, ok = yamlFields(file, src, 1, diags)
	}
	if !ok {
		return Meta{}, false
	}
	c := checker{file, diags}
	var m Meta
	var s starlightKeys
	for _, f := range fields {
		switch f.name {
		case "label":
			if text, ok := f.val.(string); ok {
				m.Title = text
				m.Lines.set("title", f.line)
			} else {
				c.warn(f.line, f.col, "%q must be text, not %s (ignored)", f.name, kindOf(f.val))
			}
		case "position":
			c.position("", f, &s)
		case "description":
			m.Description = c.text(f)
		default:
			if !slices.Contains(categoryKeys, f.name) {
				diags.Add(diag.WarnAt(file, f.line, f.col, "unknown key %q (ignored)", f.name).Of(diag.UnknownKey))
			}
		}
	}
	s.apply(&m, nil)
	return m, true
}

// hasSectionPage reports whether folder has a Markdown file that is its
// section's page, which a _category_ file then leaves alone.
func hasSectionPage(fsys fs.FS, folder string) bool {
	entries, _ := fs.ReadDir(fsys, folder)
	for _, e := range entries {
		name := e.Name()
		if base := strings.TrimSuffix(name, markdownExt(name)); base != name {
			if before, _, _ := strings.Cut(base, "."); before == "_index" || before == "index" {
				return true
			}
		}
	}
	return false
}
