package config

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"kb/builder/diag"
	"kb/builder/permalink"
)

// Permalinks are the URL patterns of a site's pages by top-level section,
// as Hugo's permalinks give them: [permalinks] blog = "…" (or
// [permalinks.page]) for the pages in the section, [permalinks.section]
// for its section pages.
type Permalinks struct {
	Page    map[string]permalink.Pattern
	Section map[string]permalink.Pattern
	// raw is the table as written, read by validate, which reports its
	// problems at their lines.
	raw any
}

// UnmarshalTOML keeps the table as written for validate.
func (p *Permalinks) UnmarshalTOML(v any) error {
	p.raw = v
	return nil
}

// For returns the pattern of a page in the top-level section named
// section: a section page's (sectionPage) or an article's.
func (p Permalinks) For(section string, sectionPage bool) (permalink.Pattern, bool) {
	table := p.Page
	if sectionPage {
		table = p.Section
	}
	pat, ok := table[section]
	return pat, ok
}

// permalinkKinds are the tables of Hugo's newer form. kb has pages and
// sections, and no taxonomy or term pages.
var permalinkKinds = []string{"page", "section", "term", "taxonomy"}

// validatePermalinks reads [permalinks] into Page and Section, with the
// line of each problem.
func (c *Config) validatePermalinks(src []byte) []diag.Diagnostic {
	p := &c.Permalinks
	if p.raw == nil {
		return nil
	}
	var ds []diag.Diagnostic
	at := func(key ...string) int { return KeyLine(src, append(toml.Key{"permalinks"}, key...)) }
	table, ok := p.raw.(map[string]any)
	if !ok {
		return []diag.Diagnostic{diag.At(FileName, at(), 0, `permalinks: give a table of section = "pattern", like [permalinks] blog = "/:section/:year/:month/:slug/"`)}
	}
	p.Page, p.Section = map[string]permalink.Pattern{}, map[string]permalink.Pattern{}
	add := func(into map[string]permalink.Pattern, header, section string, v any, key ...string) {
		line := at(key...)
		if strings.Contains(section, "/") || section == "" {
			ds = append(ds, diag.At(FileName, line, 0, "%s %q: name a top-level section (a folder directly in the language's folder), whose pages below it all follow the pattern", header, section))
			return
		}
		s, ok := v.(string)
		if !ok {
			ds = append(ds, diag.At(FileName, line, 0, `%s %s = %v: give a pattern in quotes, like "/:section/:year/:month/:slug/"`, header, section, v))
			return
		}
		pat, err := permalink.Parse(s)
		if err != nil {
			ds = append(ds, diag.At(FileName, line, 0, "%s %s = %q: %v", header, section, s, err))
			return
		}
		if _, dup := into[section]; dup {
			ds = append(ds, diag.At(FileName, line, 0, "%s %s: the section has a pattern in [permalinks] and in [permalinks.page]; keep one", header, section))
			return
		}
		into[section] = pat
	}
	for _, name := range slices.Sorted(maps.Keys(table)) {
		v := table[name]
		sub, isTable := v.(map[string]any)
		if !isTable || !slices.Contains(permalinkKinds, name) {
			add(p.Page, "[permalinks]", name, v, name)
			continue
		}
		header := fmt.Sprintf("[permalinks.%s]", name)
		switch name {
		case "term", "taxonomy":
			ds = append(ds, diag.WarnAt(FileName, at(name), 0, "%s (ignored): kb makes no taxonomy or term pages; use [permalinks] or [permalinks.section]", header).Of(diag.UnknownKey))
			continue
		}
		into := p.Page
		if name == "section" {
			into = p.Section
		}
		for _, section := range slices.Sorted(maps.Keys(sub)) {
			add(into, header, section, sub[section], name, section)
		}
	}
	return ds
}
