package content

import (
	"path"
	"strings"
)

// IsSummaryFile reports a file that may be GitBook's table of contents:
// SUMMARY.md (SUMMARY.ar.md) at the top of content/ or of a language's
// folder. It is no page: the builder reads it for the order and titles of
// the pages it lists, and a change to it changes the site's model.
func IsSummaryFile(file string) bool {
	rest, ok := strings.CutPrefix(file, "content/")
	base := path.Base(rest)
	return ok && strings.Count(rest, "/") <= 1 && strings.HasPrefix(base, "SUMMARY.") && IsMarkdownName(base)
}

// gitbookHidden reads GitBook's hidden: true, which keeps a page out of
// its space's table of contents while its address still works: kb's
// unlisted, as Docusaurus's unlisted and Starlight's sidebar.hidden are.
func (c checker) gitbookHidden(f field, s *starlightKeys) {
	if b, ok := c.generatorBool(f.name, f.val, f.line, f.col); ok {
		s.hidden = s.hidden || b
	}
}

// tags reads a page's tags, a list of text, where GitBook writes a tag it
// shows apart as a table ({tag: beta, primary: true}): the tag is its
// name.
func (c checker) tags(f field) []string {
	if list, ok := f.val.([]any); ok {
		named := make([]any, len(list))
		for i, v := range list {
			named[i] = v
			if t, ok := v.(map[string]any); ok {
				if name, ok := t["tag"].(string); ok {
					named[i] = name
				}
			}
		}
		f.val = named
	}
	return c.list(f)
}
