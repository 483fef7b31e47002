// Package permalink reads the URL patterns of Hugo's permalinks
// ("/:section/:year/:month/:slug/") and fills them in for a page.
package permalink

import (
	"fmt"
	"path"
	"strings"
	"time"
	"unicode"
)

// Tokens are the tokens a pattern may hold, as Hugo names them.
var Tokens = []string{
	"section", "sections", "year", "month", "monthname", "day",
	"slug", "slugorfilename", "slugorcontentbasename", "filename", "contentbasename", "title",
}

// Pattern is a parsed pattern: literal text and tokens in turn.
type Pattern struct {
	src   string
	parts []part
}

type part struct {
	literal string
	token   string // "" for literal text
}

// Parse reads a pattern, or says what is wrong with it in words that
// follow the pattern's key (`blog = "…": kb has no :weekday token; …`).
func Parse(src string) (Pattern, error) {
	if strings.TrimSpace(src) == "" {
		return Pattern{}, fmt.Errorf(`give a pattern, like "/:section/:year/:month/:slug/", or remove the key`)
	}
	p := Pattern{src: src}
	rest := src
	for rest != "" {
		i := strings.IndexByte(rest, ':')
		if i < 0 {
			i = len(rest)
		}
		if i > 0 {
			if err := checkLiteral(rest[:i]); err != nil {
				return Pattern{}, err
			}
			p.parts = append(p.parts, part{literal: rest[:i]})
			rest = rest[i:]
			continue
		}
		name := rest[1:]
		end := strings.IndexFunc(name, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' })
		if end >= 0 {
			name = name[:end]
		}
		if !isToken(name) {
			if name == "" {
				return Pattern{}, fmt.Errorf(`":" begins a token, not text; use %s`, tokenList())
			}
			return Pattern{}, fmt.Errorf("kb has no :%s token; use %s", name, tokenList())
		}
		p.parts = append(p.parts, part{token: name})
		rest = rest[1+len(name):]
	}
	if strings.HasSuffix(strings.ToLower(src), ".html") || strings.HasSuffix(strings.ToLower(src), ".htm") {
		return Pattern{}, fmt.Errorf("kb publishes every page as a folder (…/index.html); end the pattern with a token or a /, and the old .html address can be an alias")
	}
	return p, nil
}

// checkLiteral refuses text that cannot stand in a URL path as written.
func checkLiteral(s string) error {
	for _, r := range s {
		if strings.ContainsRune(`?#\%"'<>`, r) || unicode.IsSpace(r) || unicode.IsControl(r) {
			return fmt.Errorf("%q cannot be in a URL path; use letters, digits, - _ . ~ and / between the tokens", string(r))
		}
	}
	for seg := range strings.SplitSeq(s, "/") {
		if seg == ".." {
			return fmt.Errorf(`".." cannot be in a pattern; write the path from the site's root`)
		}
	}
	return nil
}

func isToken(name string) bool {
	for _, t := range Tokens {
		if t == name {
			return true
		}
	}
	return false
}

func tokenList() string {
	var b strings.Builder
	for i, t := range Tokens {
		switch {
		case i == len(Tokens)-1:
			b.WriteString(", :" + t + " or literal text")
		case i > 0:
			b.WriteString(", :" + t)
		default:
			b.WriteString(":" + t)
		}
	}
	return b.String()
}

// String is the pattern as written.
func (p Pattern) String() string { return p.src }

// DateTokens lists the tokens of p that need the page's date, in order;
// none when it needs no date.
func (p Pattern) DateTokens() []string {
	var out []string
	for _, pt := range p.parts {
		switch pt.token {
		case "year", "month", "monthname", "day":
			out = append(out, ":"+pt.token)
		}
	}
	return out
}

// Page is what a pattern's tokens are filled in from.
type Page struct {
	Sections []string  // the page's sections, top-level first: ["blog", "news"]
	Slug     string    // its front matter slug, or ""
	BaseName string    // its file's name without extension and language, or its bundle's folder
	Title    string    // its title
	Date     time.Time // its date; zero when it has none
}

// Expand fills p in for a page: the page's path below its language's
// folder, without slashes at either end ("blog/2018/10/06/first-post").
func (p Pattern) Expand(pg Page) string {
	var b strings.Builder
	for _, pt := range p.parts {
		if pt.token == "" {
			b.WriteString(pt.literal)
			continue
		}
		b.WriteString(pg.value(pt.token))
	}
	var segs []string
	for seg := range strings.SplitSeq(b.String(), "/") {
		if seg != "" && seg != "." && seg != ".." {
			segs = append(segs, seg)
		}
	}
	return path.Join(segs...)
}

func (pg Page) value(token string) string {
	switch token {
	case "section":
		if len(pg.Sections) > 0 {
			return pg.Sections[0]
		}
		return ""
	case "sections":
		return strings.Join(pg.Sections, "/")
	case "year":
		return fmt.Sprintf("%04d", pg.Date.Year())
	case "month":
		return fmt.Sprintf("%02d", int(pg.Date.Month()))
	case "monthname":
		return pg.Date.Month().String()
	case "day":
		return fmt.Sprintf("%02d", pg.Date.Day())
	case "slug":
		if pg.Slug != "" {
			return pg.Slug
		}
		return Urlize(pg.Title)
	case "slugorfilename", "slugorcontentbasename":
		if pg.Slug != "" {
			return pg.Slug
		}
		return pg.BaseName
	case "filename", "contentbasename":
		return pg.BaseName
	case "title":
		return Urlize(pg.Title)
	}
	return ""
}

// Urlize makes a URL segment of a title as Hugo's urlize does, so that
// the addresses stay as they were: letters, digits, marks and . _ ~ + @ -
// are kept, each run of spaces becomes a hyphen, the rest is dropped
// ("Getting Started (Quick)" is Getting-Started-Quick; the site lowercases
// it when it lowercases its URLs, as Hugo does). Unlike Hugo's, it keeps
// no / # or %: a title is one segment.
func Urlize(title string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range title {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || strings.ContainsRune("._~+@-", r):
			if hyphen {
				b.WriteByte('-')
				hyphen = false
			}
			b.WriteRune(r)
		case unicode.IsSpace(r) && b.Len() > 0:
			hyphen = true
		}
	}
	return b.String()
}
