package content

import (
	"time"

	"kb/builder/diag"
)

// mkdocsSearch reads Material for MkDocs's search table: exclude: true
// keeps the page out of search; boost, which ranks a page in Material's
// own search, is left alone.
func (c checker) mkdocsSearch(f field, m *Meta) {
	c.table(f, "exclude, boost", func(k, name string, v any, line, col int) {
		switch k {
		case "exclude":
			if b, ok := c.generatorBool(name, v, line, col); ok {
				m.NoSearch = b
			}
		case "boost":
		default:
			c.diags.Add(diag.WarnAt(c.file, line, col, "front matter: unknown key %q (ignored)", name).Of(diag.UnknownKey))
		}
	})
}

// blogDate reads the date table of Material for MkDocs's blog posts,
// date: {created: 2026-02-18, updated: 2026-04-13}: created is the page's
// date, as a date written alone is; updated, returned as a field of its
// own, is its updated date unless the page has updated or lastmod.
func (c checker) blogDate(f field) (created time.Time, updated field) {
	c.table(f, "created, updated", func(k, name string, v any, line, col int) {
		sub := field{name: name, val: v, line: line, col: col}
		switch k {
		case "created":
			created = c.date(sub)
		case "updated":
			updated = sub
		default:
			c.diags.Add(diag.WarnAt(c.file, line, col, "front matter: unknown key %q (ignored)", name).Of(diag.UnknownKey))
		}
	})
	return created, updated
}
