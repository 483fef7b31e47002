package content

import (
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
