package config

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"kb/builder/diag"
	"kb/builder/permalink"
)

// hugoPermalinks carries Hugo's permalinks over into s, in either of its
// forms; what kb cannot follow is a note at file. It reports whether any
// pattern carried over.
func hugoPermalinks(table map[string]any, file string, s *siteTOML, notes *[]diag.Diagnostic) bool {
	page, section := map[string]string{}, map[string]string{}
	add := func(into map[string]string, section string, v any) {
		pattern, ok := v.(string)
		if !ok {
			return
		}
		if _, err := permalink.Parse(pattern); err != nil {
			*notes = append(*notes, diag.WarnAt(file, 0, 0, "permalinks %s = %q: %v; not carried over: the section's pages get kb's own addresses until [permalinks] in %s gives them one", section, pattern, err, FileName).Of(diag.UnknownKey))
			return
		}
		into[section] = pattern
	}
	for _, name := range slices.Sorted(maps.Keys(table)) {
		sub, isTable := table[name].(map[string]any)
		kind := strings.ToLower(name)
		switch {
		case !isTable || !slices.Contains(permalinkKinds, kind):
			add(page, name, table[name])
		case kind == "term" || kind == "taxonomy":
			*notes = append(*notes, diag.WarnAt(file, 0, 0, "permalinks %s: not carried over: kb makes no taxonomy or term pages", kind).Of(diag.UnknownKey))
		default:
			into := page
			if kind == "section" {
				into = section
			}
			for _, sec := range slices.Sorted(maps.Keys(sub)) {
				add(into, sec, sub[sec])
			}
		}
	}
	s.permalinks.page, s.permalinks.section = page, section
	return len(page)+len(section) > 0
}

// writePermalinks writes [permalinks]: the pages' patterns as Hugo's older
// form has them, or [permalinks.page] and [permalinks.section] when there
// are section patterns too.
func (s siteTOML) writePermalinks(b *bytes.Buffer) {
	page, section := s.permalinks.page, s.permalinks.section
	if len(page)+len(section) == 0 {
		return
	}
	b.WriteString("\n# Pages keep the addresses they had.\n")
	write := func(header string, table map[string]string) {
		fmt.Fprintf(b, "%s\n", header)
		for _, name := range slices.Sorted(maps.Keys(table)) {
			fmt.Fprintf(b, "%s = %s\n", TOMLKey(name), strconv.Quote(table[name]))
		}
	}
	if len(section) == 0 {
		write("[permalinks]", page)
		return
	}
	if len(page) > 0 {
		write("[permalinks.page]", page)
		b.WriteString("\n")
	}
	write("[permalinks.section]", section)
}

// TOMLKey writes a key bare when TOML allows it, else quoted.
func TOMLKey(k string) string {
	for _, r := range k {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return strconv.Quote(k)
		}
	}
	if k == "" {
		return `""`
	}
	return k
}
