package content

// gitbookHidden reads GitBook's hidden: true, which keeps a page out of
// its space's table of contents while its address still works: kb's
// unlisted, as Docusaurus's unlisted and Starlight's sidebar.hidden are.
func (c checker) gitbookHidden(f field, s *starlightKeys) {
	if b, ok := c.generatorBool(f.name, f.val, f.line, f.col); ok {
		s.hidden = s.hidden || b
	}
}
