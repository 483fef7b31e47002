package content

// hugoThemeKey reads the front matter keys of the Hugo documentation
// themes that mean what a kb key does (key is its name as kb documents
// it): Hugo Book's bookHidden and Docsy's toc_hide keep a page out of the
// theme's menu (kb's unlisted, as Starlight's sidebar.hidden; Hextra's
// sidebar.exclude is read with that table), Book's bookSearchExclude,
// Docsy's exclude_search and Hextra's excludeSearch keep it out of
// search, and Learn's and Relearn's menuTitle is its short title in
// lists (kb's linkTitle, which wins when both are written).
func (c checker) hugoThemeKey(key string, f field, m *Meta, s *starlightKeys) {
	switch key {
	case "bookHidden", "toc_hide":
		if b, ok := c.generatorBool(f.name, f.val, f.line, f.col); ok {
			s.hidden = s.hidden || b
		}
	case "bookSearchExclude", "exclude_search", "excludeSearch":
		if b, ok := c.generatorBool(f.name, f.val, f.line, f.col); ok {
			m.NoSearch = m.NoSearch || b
		}
	case "menuTitle":
		if text, ok := f.val.(string); ok {
			s.label, s.labelLine = text, f.line
		} else {
			c.warn(f.line, f.col, "front matter: %q must be text, not %s (ignored)", f.name, kindOf(f.val))
		}
	}
}
