package content

// jekyllKey reads one of Jekyll's and Just the Docs' front matter keys
// that kb has an idea for (key is its name as kb documents it):
// nav_order is the page's weight and nav_exclude keeps it out of lists,
// as Starlight's sidebar does (starlightKeys, so that kb's own keys win);
// search_exclude keeps it out of search; permalink is the address it had
// (kb's url); redirect_from (jekyll-redirect-from) are its aliases.
func (c checker) jekyllKey(key string, f field, m *Meta, s *starlightKeys) {
	switch key {
	case "nav_order":
		c.position("front matter: ", f, s)
	case "nav_exclude":
		if b, ok := c.generatorBool(f.name, f.val, f.line, f.col); ok {
			s.hidden = s.hidden || b
		}
	case "search_exclude":
		if b, ok := c.generatorBool(f.name, f.val, f.line, f.col); ok {
			m.NoSearch = m.NoSearch || b
		}
	case "permalink":
		m.URL = c.oldURL(f)
	case "redirect_from":
		if s, ok := f.val.(string); ok { // one old address
			f.val = []any{s}
		}
		m.Aliases = append(m.Aliases, c.aliases(f)...)
	}
}
