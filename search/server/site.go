package server

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"html"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"

	"kb/search"
)

// resultsMarker is where the theme's search page wants server-rendered
// results.
const resultsMarker = "<!--kb:results-->"

// The theme marks with these what its search page shows a reader who has
// not searched yet (a prompt, popular articles, a heading other than
// "Search results"); a page answering a query drops them.
const (
	noQueryStart = "<!--kb:noquery-->"
	noQueryEnd   = "<!--/kb:noquery-->"
)

// withoutNoQueryParts returns page without its kb:noquery parts, markers
// included. A start marker with no end after it is left as it is: where
// the part ends is not known.
func withoutNoQueryParts(page []byte) []byte {
	var out []byte
	rest := page
	for {
		before, after, found := bytes.Cut(rest, []byte(noQueryStart))
		if !found {
			break
		}
		_, tail, closed := bytes.Cut(after, []byte(noQueryEnd))
		if !closed {
			break
		}
		out = append(out, before...)
		rest = tail
	}
	if out == nil {
		return page
	}
	return append(out, rest...)
}

// handleStatic serves the built site. It resolves the file itself first so
// that a missing file gets the site's localized 404 page and a directory
// without index.html is a 404 rather than a listing; the rest (ranges,
// conditional requests, content types, /dir → /dir/) is http.FileServerFS.
func (s *Server) handleStatic(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	if name == "" {
		name = "."
	}
	fi, err := fs.Stat(s.site, name)
	if err != nil {
		s.notFound(w, r)
		return
	}
	if fi.IsDir() {
		if _, err := fs.Stat(s.site, path.Join(name, "index.html")); err != nil {
			s.notFound(w, r)
			return
		}
	}
	w.Header().Set("Cache-Control", cacheControl(name, fi.IsDir()))
	if s.servePrecompressed(w, r, name, fi.IsDir()) {
		return
	}
	FileServer(s.site).ServeHTTP(w, r)
}

// feedType is the Content-Type of kb's Atom feeds, which the .xml
// extension does not tell (the sitemap is XML too).
const feedType = "application/atom+xml; charset=utf-8"

// isFeed reports whether a file is one of kb's Atom feeds by its name:
// index.xml, where Hugo had its RSS feeds, or atom.xml, where Zola had
// its Atom ones. A feed under another name ([feeds] filenames) is served
// as XML, which feed readers take too.
func isFeed(name string) bool {
	base := path.Base(name)
	return base == "index.xml" || base == "atom.xml"
}

// FileServer serves a built site's files as http.FileServerFS does, its
// feeds as Atom.
func FileServer(site fs.FS) http.Handler {
	files := http.FileServerFS(site)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isFeed(r.URL.Path) {
			w.Header().Set("Content-Type", feedType)
		}
		files.ServeHTTP(w, r)
	})
}

// contentType is the Content-Type of a site file by its name.
func contentType(name string) string {
	if isFeed(name) {
		return feedType
	}
	return cmp.Or(mime.TypeByExtension(path.Ext(name)), "application/octet-stream")
}

// precompressed are the copies kb build --precompress writes beside text
// files, in order of preference.
var precompressed = []struct{ ext, coding string }{{".br", "br"}, {".gz", "gzip"}}

// servePrecompressed serves name's .br or .gz copy, when there is one and
// the client accepts its coding, with Content-Encoding and the Content-Type
// of name itself. Requests that http.FileServerFS redirects (/dir,
// /x/index.html) are left to it, so they still redirect.
func (s *Server) servePrecompressed(w http.ResponseWriter, r *http.Request, name string, dir bool) bool {
	if dir != strings.HasSuffix(r.URL.Path, "/") || strings.HasSuffix(r.URL.Path, "/index.html") {
		return false
	}
	if dir {
		name = path.Join(name, "index.html")
	}
	accept := r.Header.Get("Accept-Encoding")
	vary := false
	for _, p := range precompressed {
		f, err := s.site.Open(name + p.ext)
		if err != nil {
			continue
		}
		vary = true
		fi, err := f.Stat()
		rs, seekable := f.(io.ReadSeeker)
		if err != nil || !fi.Mode().IsRegular() || !seekable || !acceptsCoding(accept, p.coding) {
			f.Close()
			continue
		}
		defer f.Close()
		h := w.Header()
		h.Add("Vary", "Accept-Encoding")
		h.Set("Content-Encoding", p.coding)
		h.Set("Content-Type", contentType(name))
		if r.Header.Get("Range") == "" {
			// http.ServeContent leaves it out of a full answer with a
			// Content-Encoding (a handler might compress on the fly);
			// these bytes are the file's. A 304 drops it again.
			h.Set("Content-Length", strconv.FormatInt(fi.Size(), 10))
		}
		http.ServeContent(w, r, name, fi.ModTime(), rs)
		return true
	}
	if vary {
		w.Header().Add("Vary", "Accept-Encoding")
	}
	return false
}

// acceptsCoding reports whether an Accept-Encoding header value allows
// coding: named with a q above 0, or covered by "*" and not refused.
func acceptsCoding(header, coding string) bool {
	star := false
	for part := range strings.SplitSeq(header, ",") {
		name, params, _ := strings.Cut(part, ";")
		name = strings.TrimSpace(name)
		ok := true
		for param := range strings.SplitSeq(params, ";") {
			if k, v, _ := strings.Cut(strings.TrimSpace(param), "="); strings.EqualFold(k, "q") {
				q, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
				ok = err == nil && q > 0
			}
		}
		switch {
		case strings.EqualFold(name, coding):
			return ok
		case name == "*":
			star = ok
		}
	}
	return star
}

// cacheControl: hashed assets never change under their name, so browsers and
// CDNs may keep them for a year; everything else is revalidated on every use,
// which is cheap because unchanged files keep their mtime across builds and
// answer 304.
func cacheControl(name string, dir bool) string {
	if !dir && strings.HasPrefix(name, "_kb/") && isHashedName(path.Base(name)) {
		return "public, max-age=31536000, immutable"
	}
	return "no-cache"
}

// isHashedName reports whether a file name carries a content hash, as in
// "style.3f2a9c1b.css" (the theme's naming).
func isHashedName(base string) bool {
	parts := strings.Split(base, ".")
	if len(parts) < 3 {
		return false
	}
	for _, p := range parts[1 : len(parts)-1] {
		if len(p) >= 8 && strings.Trim(p, "0123456789abcdef") == "" {
			return true
		}
	}
	return false
}

// notFound serves <lang>/404.html when the first path segment has one, else
// /404.html, else a plain message, always with status 404.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	first, _, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	var candidates []string
	if first != "" && fs.ValidPath(first) && !strings.Contains(first, ".") {
		candidates = append(candidates, first+"/404.html")
	}
	candidates = append(candidates, "404.html")
	h := w.Header()
	h.Set("Cache-Control", "no-cache")
	for _, c := range candidates {
		page, err := fs.ReadFile(s.site, c)
		if err != nil {
			continue
		}
		h.Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		w.Write(page)
		return
	}
	http.Error(w, "404 page not found", http.StatusNotFound)
}

// handleSearchPage is the no-JavaScript search: the theme's
// <lang>/search/index.html with the results rendered in place of the marker,
// the parts for no query dropped and a title that names the query. Without q (or with spaces only, an
// empty box submitted), or for a language with no search page, it is a
// plain file.
func (s *Server) handleSearchPage(w http.ResponseWriter, r *http.Request) {
	lang := r.PathValue("lang")
	pageName := path.Join(lang, "search", "index.html")
	if !fs.ValidPath(pageName) || strings.TrimSpace(r.URL.Query().Get("q")) == "" {
		s.handleStatic(w, r)
		return
	}
	page, err := fs.ReadFile(s.site, pageName)
	if err != nil {
		s.handleStatic(w, r)
		return
	}
	if lang == "" {
		lang = pageLang(page)
	}
	q, err := s.parseQuery(r)
	q.Lang = lang
	var res search.Result
	var other *otherAnswer
	if err == nil {
		var ans answer
		ans, err = s.runSearch(r.Context(), q)
		res = ans.res
		if err == nil {
			other = s.searchElsewhere(r.Context(), q, res)
		}
	}
	code, fragment := http.StatusOK, ""
	strs := readPageStrings(page)
	var se *statusError
	switch {
	case err == nil:
		fragment = renderResults(q.Text, res, strs.NoResults) + renderOther(other, strs.Other)
	case errors.Is(err, search.ErrUnknownLanguage):
		// The site has the language but the index does not (yet).
		fragment = renderResults(q.Text, search.Result{}, strs.NoResults)
	case errors.Is(err, errQueryTooLong) && strs.TooLong != "":
		code, fragment = http.StatusRequestURITooLong, `<p class="search-error">`+html.EscapeString(strs.TooLong)+`</p>`
	case errors.As(err, &se):
		code, fragment = se.code, `<p class="search-error">`+html.EscapeString(se.msg)+`</p>`
	default:
		s.log.Error("search failed", "path", r.URL.Path, "err", err)
		code, fragment = http.StatusInternalServerError, `<p class="search-error">search failed</p>`
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	// Result pages are thin, duplicate content; keep them out of search
	// engines' indexes.
	h.Set("X-Robots-Tag", "noindex")
	if code == http.StatusOK {
		s.setSearchCaching(w)
	} else {
		h.Set("Cache-Control", "no-store")
	}
	page = withoutNoQueryParts(page)
	if strs.Title != "" {
		page = withTitle(page, queryTitle(strs.Title, q.Text))
	}
	w.WriteHeader(code)
	w.Write(bytes.Replace(page, []byte(resultsMarker), []byte(fragment), 1))
	if err == nil {
		s.searched(r, q, res)
	}
}

// pageLang reads the language of a search page from its <html lang="…">:
// the search page of a default language published at the site root.
func pageLang(page []byte) string {
	i := bytes.Index(page, []byte("<html"))
	if i < 0 {
		return ""
	}
	tag := page[i:]
	if end := bytes.IndexByte(tag, '>'); end >= 0 {
		tag = tag[:end]
	}
	_, after, ok := bytes.Cut(tag, []byte(` lang="`))
	if !ok {
		return ""
	}
	v, _, _ := bytes.Cut(after, []byte(`"`))
	return string(v)
}

// renderResults writes the results list, everything escaped except the
// snippets' <mark> tags.
//
// noResults is the page's localized message, with "{query}" where the query
// goes.
func renderResults(query string, res search.Result, noResults string) string {
	var b strings.Builder
	if len(res.Hits) == 0 {
		before, after, ok := strings.Cut(noResults, "{query}")
		if !ok {
			before, after = "No results for “", "”"
		}
		b.WriteString(`<p class="search-empty">`)
		b.WriteString(html.EscapeString(before))
		b.WriteString(html.EscapeString(query))
		b.WriteString(html.EscapeString(after))
		b.WriteString(`</p>`)
		return b.String()
	}
	writeHits(&b, res.Hits, "")
	return b.String()
}

// renderOther writes, after the message that nothing matched, what the
// site's other language found: its label (labels holds one by language
// code; a page without one says the language's code), then the list,
// marked with that language and its direction, so that an English title
// on an Arabic page is read and laid out as English.
func renderOther(other *otherAnswer, labels map[string]string) string {
	if other == nil {
		return ""
	}
	var b strings.Builder
	b.WriteString(`<p class="search-other">`)
	b.WriteString(html.EscapeString(cmp.Or(labels[other.Lang], other.Lang+":")))
	b.WriteString(`</p>`)
	writeHits(&b, other.Hits, ` lang="`+html.EscapeString(other.Lang)+`" dir="`+html.EscapeString(other.Dir)+`"`)
	return b.String()
}

// writeHits writes hits as the results list, attrs (escaped already)
// added to its <ol>.
func writeHits(b *strings.Builder, hits []search.Hit, attrs string) {
	b.WriteString(`<ol class="search-results"` + attrs + `>`)
	for _, h := range hits {
		b.WriteString(`<li><a href="`)
		b.WriteString(html.EscapeString(safeURL(h.URL)))
		b.WriteString(`">`)
		b.WriteString(html.EscapeString(h.Title))
		b.WriteString(`</a>`)
		// SectionTitle is the localized name; Section the slug.
		if sec := cmp.Or(h.SectionTitle, h.Section); sec != "" {
			b.WriteString(`<p class="section">`)
			b.WriteString(html.EscapeString(sec))
			b.WriteString(`</p>`)
		}
		b.WriteString(`<p class="snippet">`)
		b.WriteString(sanitizeSnippet(h.Snippet))
		b.WriteString(`</p></li>`)
	}
	b.WriteString(`</ol>`)
}

// safeURL lets through only site paths: hit URLs come from our own build,
// but a javascript: URL must not become a link even if one slipped in.
func safeURL(u string) string {
	if strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//") && !strings.HasPrefix(u, `/\`) {
		return u
	}
	return "#"
}

// sanitizeSnippet keeps the snippet's <mark> and </mark> and its character
// references, and escapes any other markup. The search package promises safe
// snippets; this makes a broken promise harmless instead of an XSS.
func sanitizeSnippet(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case strings.HasPrefix(s[i:], "<mark>"):
			b.WriteString("<mark>")
			i += len("<mark>")
		case strings.HasPrefix(s[i:], "</mark>"):
			b.WriteString("</mark>")
			i += len("</mark>")
		case c == '<':
			b.WriteString("&lt;")
			i++
		case c == '>':
			b.WriteString("&gt;")
			i++
		case c == '"':
			b.WriteString("&#34;")
			i++
		case c == '&':
			if n := charRefLen(s[i:]); n > 0 {
				b.WriteString(s[i : i+n])
				i += n
			} else {
				b.WriteString("&amp;")
				i++
			}
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String()
}

// charRefLen returns the length of the character reference ("&amp;",
// "&#39;", "&#x27;") at the start of s, or 0 if there is none.
func charRefLen(s string) int {
	end := strings.IndexByte(s, ';')
	if end < 2 || end > 32 {
		return 0
	}
	body := s[1:end]
	if body[0] == '#' {
		digits, hex := body[1:], false
		if len(digits) > 0 && (digits[0] == 'x' || digits[0] == 'X') {
			digits, hex = digits[1:], true
		}
		if digits == "" {
			return 0
		}
		for _, c := range digits {
			isDigit := c >= '0' && c <= '9'
			isHex := (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
			if !isDigit && !(hex && isHex) {
				return 0
			}
		}
		return end + 1
	}
	for _, c := range body {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return 0
		}
	}
	return end + 1
}

// pageStrings are the search page's localized strings (the JSON the theme
// gives its search script), so the page without JavaScript speaks the
// reader's language too.
type pageStrings struct {
	NoResults string `json:"noResults"` // with "{query}" where the query goes
	TooLong   string `json:"tooLong"`
	// Title is the browser tab's title for a query, with "{query}" where
	// the query goes; "" on a page that has none, whose title stays.
	Title string `json:"title"`
	// Other labels, by language code, the results of a search that found
	// nothing here but did in that language.
	Other map[string]string `json:"other"`
}

func readPageStrings(page []byte) pageStrings {
	var strs pageStrings
	const open = `<script type="application/json" id="kb-strings">`
	_, rest, ok := bytes.Cut(page, []byte(open))
	if !ok {
		return strs
	}
	body, _, ok := bytes.Cut(rest, []byte("</script>"))
	if !ok {
		return strs
	}
	if json.Unmarshal(body, &strs) != nil {
		return pageStrings{}
	}
	return strs
}
