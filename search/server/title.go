package server

import (
	"bytes"
	"html"
	"strings"
)

// queryTitle is the browser tab's title of the search page for query:
// pattern, the page's localized title with "{query}" where the query
// goes, filled with the query as titleQuery cleans it.
func queryTitle(pattern, query string) string {
	return strings.Replace(pattern, "{query}", titleQuery(query), 1)
}

// titleQuery is query as the tab's title shows it: without the spaces
// around it and without bidirectional embeddings, overrides and isolates
// (U+202A–U+202E, U+2066–U+2069), whose effect could reach past the
// isolate the title sets the query in and turn the rest of the title
// around. search.js's titleQuery does the same.
func titleQuery(query string) string {
	query = strings.Map(func(r rune) rune {
		if r >= '\u202a' && r <= '\u202e' || r >= '\u2066' && r <= '\u2069' {
			return -1
		}
		return r
	}, strings.ToValidUTF8(query, "\uFFFD"))
	return strings.TrimSpace(query)
}

// withTitle returns page with the text of its first <title> element
// replaced by title, escaped; a page without one is returned as it is.
func withTitle(page []byte, title string) []byte {
	const open, end = "<title>", "</title>"
	i := bytes.Index(page, []byte(open))
	if i < 0 {
		return page
	}
	start := i + len(open)
	n := bytes.Index(page[start:], []byte(end))
	if n < 0 {
		return page
	}
	out := make([]byte, 0, len(page)+len(title))
	out = append(out, page[:start]...)
	out = append(out, html.EscapeString(title)...)
	return append(out, page[start+n:]...)
}
