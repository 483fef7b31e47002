package content

import (
	"kb/builder/diag"
)

// mkdocsSearch reads Material for MkDocs's search table: exclude: true
// keeps the page out of search; boost, which ranks a page in Material's
// own search, is left alone.
func (c checker) mkdocsSearch(f field, m *Meta) {
	keys, ok := f.val.(map[string]any)
	if !ok {
		c.warn(f.line, f.col, "front matter: %q must be keys (exclude, boost), not %s (ignored)", f.name, kindOf(f.val))
		return
	}
	for _, k := range sortedKeys(keys) {
		line, col := f.subPosition(k)
		name := f.name + "." + k
		switch k {
		case "exclude":
			if b, ok := c.generatorBool(name, keys[k], line, col); ok {
				m.NoSearch = b
			}
		case "boost":
		default:
			c.diags.Add(diag.WarnAt(c.file, line, col, "front matter: unknown key %q (ignored)", name).Of(diag.UnknownKey))
		}
	}
}
