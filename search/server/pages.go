package server

import (
	"io/fs"
	"path"
	"strings"
	"unicode"
)

// catalog is what *search.Index knows of the site: its languages, read as
// a search reads them, and which language's index has a document at a URL.
// The server takes votes and clicks only for pages it knows of.
type catalog interface {
	Language(lang string) (string, bool)
	PageLanguage(url, lang string) (string, bool)
}

// pageCheck is the server's answer about a page a vote or a click names.
type pageCheck int

const (
	pageKnown   pageCheck = iota // the index or the site folder has it
	pageUnknown                  // neither has it
	langUnknown                  // the lang the client sent is not one of the site's
)

// checkPage says whether page (a site path, perhaps with "#anchor") is one
// of the site's, and canonicalises *lang to the index's code for it ("EN",
// "en-US" → "en"), filling it from the page when empty. A server whose
// index cannot tell and that serves no site folder takes every page.
func (s *Server) checkPage(page string, lang *string) pageCheck {
	ref := s.acquire()
	var cat catalog
	if ref != nil {
		defer ref.release()
		cat, _ = ref.s.(catalog)
	}
	if cat == nil && s.site == nil {
		return pageKnown
	}
	if cat != nil && *lang != "" {
		code, ok := cat.Language(*lang)
		if !ok {
			return langUnknown
		}
		*lang = code
	}
	if cat != nil {
		bare, _, _ := strings.Cut(page, "#")
		for _, u := range []string{page, bare} {
			if code, ok := cat.PageLanguage(u, *lang); ok {
				if *lang == "" {
					*lang = code
				}
				return pageKnown
			}
		}
	}
	if s.site != nil && s.siteHasPage(page) {
		return pageKnown
	}
	return pageUnknown
}

// siteHasPage reports whether the built site has a page at p: a folder with
// an index.html, or an .html file.
func (s *Server) siteHasPage(p string) bool {
	p, _, _ = strings.Cut(p, "#")
	name := strings.TrimPrefix(path.Clean(p), "/")
	if hasDotSegment(name) {
		return false
	}
	if name == "" {
		name = "."
	}
	if strings.HasSuffix(name, ".html") {
		fi, err := fs.Stat(s.site, name)
		return err == nil && fi.Mode().IsRegular()
	}
	fi, err := fs.Stat(s.site, path.Join(name, "index.html"))
	return err == nil && fi.Mode().IsRegular()
}

// hasDotSegment reports whether a slash path has a segment starting with a
// dot (".git", ".env"), which the server never serves nor counts as a page.
func hasDotSegment(name string) bool {
	for seg := range strings.SplitSeq(name, "/") {
		if strings.HasPrefix(seg, ".") && seg != "." {
			return true
		}
	}
	return false
}

// hasControl reports whether s has a control character other than those
// allowed (a comment may have line breaks and tabs).
func hasControl(s, allowed string) bool {
	for _, r := range s {
		if unicode.IsControl(r) && !strings.ContainsRune(allowed, r) {
			return true
		}
	}
	return false
}
