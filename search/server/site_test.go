package server

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"kb/search"
)

// writeSite lays out a small built site in a temporary folder.
func writeSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"index.html":                     "<h1>home</h1>",
		"404.html":                       "<h1>not found</h1>",
		"ar/404.html":                    `<h1 dir="rtl">غير موجود</h1>`,
		"ar/index.html":                  "<h1>ar home</h1>",
		"ar/search/index.html":           "<main><form></form><!--kb:results--></main>",
		"en/search/index.html":           "<main><form></form><!--kb:results--></main>",
		"en/policies/returns/index.html": "<h1>Returns</h1>",
		"_kb/style.3f2a9c1b.css":         "body{}",
		"_kb/search/en/meta.json":        "{}",
		"robots.txt":                     "User-agent: *",
		"empty/.keep":                    "",
	}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestStaticFiles(t *testing.T) {
	s, _ := newTestServer(t, func(c *Config) { c.SiteDir = writeSite(t) })
	h := s.Handler()
	tests := []struct {
		target string
		code   int
		body   string
		cache  string
	}{
		{"/", 200, "<h1>home</h1>", "no-cache"},
		{"/en/policies/returns/", 200, "<h1>Returns</h1>", "no-cache"},
		{"/en/policies/returns", 301, "", ""},
		{"/_kb/style.3f2a9c1b.css", 200, "body{}", "public, max-age=31536000, immutable"},
		{"/_kb/search/en/meta.json", 200, "{}", "no-cache"}, // no hash in the name
		{"/robots.txt", 200, "User-agent: *", "no-cache"},
		{"/ar/missing/", 404, "غير موجود", "no-cache"},
		{"/fr/missing/", 404, "<h1>not found</h1>", "no-cache"},
		{"/missing.html", 404, "<h1>not found</h1>", "no-cache"},
		{"/empty/", 404, "<h1>not found</h1>", ""}, // no listing
		{"/en/", 404, "<h1>not found</h1>", ""},    // directory without index.html
		{"/api/unknown", 404, "<h1>not found</h1>", ""},
	}
	for _, tt := range tests {
		w := get(t, h, tt.target)
		if w.Code != tt.code {
			t.Errorf("GET %s = %d, want %d", tt.target, w.Code, tt.code)
			continue
		}
		if !strings.Contains(w.Body.String(), tt.body) {
			t.Errorf("GET %s: body %q lacks %q", tt.target, w.Body, tt.body)
		}
		if tt.cache != "" && w.Header().Get("Cache-Control") != tt.cache {
			t.Errorf("GET %s: Cache-Control = %q, want %q", tt.target, w.Header().Get("Cache-Control"), tt.cache)
		}
		if strings.Contains(w.Body.String(), ".keep") {
			t.Errorf("GET %s: directory listed", tt.target)
		}
	}
	if w := get(t, h, "/ar/missing/"); w.Header().Get("Content-Type") != "text/html; charset=utf-8" {
		t.Errorf("404 Content-Type = %q", w.Header().Get("Content-Type"))
	}
	for _, p := range []string{"/../../etc/passwd", "/..%2f..%2fetc/passwd", "/%2e%2e/%2e%2e/etc/passwd"} {
		if w := get(t, h, p); w.Code == 200 || strings.Contains(w.Body.String(), "root:") {
			t.Errorf("GET %s escaped the site: %d", p, w.Code)
		}
	}
	if w := do(t, h, http.MethodHead, "/robots.txt", nil); w.Code != 200 {
		t.Errorf("HEAD = %d", w.Code)
	}
	// The API still wins over the catch-all.
	if w := get(t, h, "/api/search?q=a&lang=en"); w.Code != 200 || !strings.Contains(w.Body.String(), `"hits"`) {
		t.Errorf("API behind site = %d %s", w.Code, w.Body)
	}
}

func TestSearchPage(t *testing.T) {
	s, _ := newTestServer(t, func(c *Config) { c.SiteDir = writeSite(t) })
	f := s.acquireAll()[0]
	f.search = func(ctx context.Context, q search.Query) (search.Result, error) {
		switch q.Text {
		case "none":
			return search.Result{}, nil
		case "evil":
			return search.Result{Hits: []search.Hit{{
				Title:   `<script>alert(1)</script>`,
				URL:     `javascript:alert(1)`,
				Section: "a-b", SectionTitle: `A & B`,
				Snippet: `a <mark>match</mark> &amp; <img src=x onerror=alert(1)> & "q"`,
			}}, Total: 1}, nil
		}
		return defaultSearch(ctx, q)
	}
	h := s.Handler()

	w := get(t, h, "/ar/search/?q=refund")
	body := w.Body.String()
	if w.Code != 200 || w.Header().Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("search page = %d %v", w.Code, w.Header())
	}
	want := `<main><form></form><ol class="search-results"><li><a href="/ar/policies/returns/">Returns</a>` +
		`<p class="section">Policies</p><p class="snippet">how to <mark>refund</mark></p></li></ol></main>`
	if body != want {
		t.Errorf("page =\n%s\nwant\n%s", body, want)
	}
	if w.Header().Get("X-Robots-Tag") != "noindex" {
		t.Error("results page is indexable")
	}

	body = get(t, h, "/en/search/?q=evil").Body.String()
	for _, bad := range []string{"<script", "<img", "javascript:", `"q"`} {
		if strings.Contains(body, bad) {
			t.Errorf("unescaped %q in %s", bad, body)
		}
	}
	for _, good := range []string{"&lt;script&gt;", `href="#"`, "A &amp; B", "<mark>match</mark> &amp; &lt;img", "&amp; &#34;q&#34;"} {
		if !strings.Contains(body, good) {
			t.Errorf("missing %q in %s", good, body)
		}
	}

	body = get(t, h, `/en/search/?q=none`).Body.String()
	if !strings.Contains(body, `<p class="search-empty">`) || !strings.Contains(body, "none") {
		t.Errorf("no-results page = %s", body)
	}
	body = get(t, h, `/en/search/?q=%3Cb%3Ex%22`).Body.String() // <b>x"
	if !strings.Contains(body, "&lt;b&gt;x&#34;") || strings.Contains(body, "<b>") {
		t.Errorf("query not escaped: %s", body)
	}

	// Without q it is the plain page; without a page it is a 404.
	if w := get(t, h, "/en/search/"); w.Code != 200 || !strings.Contains(w.Body.String(), "<!--kb:results-->") {
		t.Errorf("page without q = %d %s", w.Code, w.Body)
	}
	if w := get(t, h, "/fr/search/?q=a"); w.Code != 404 {
		t.Errorf("missing search page = %d", w.Code)
	}
	// A language the site has but the index lacks finds nothing, politely.
	os.MkdirAll(filepath.Join(s.cfg.SiteDir, "de", "search"), 0o755)
	os.WriteFile(filepath.Join(s.cfg.SiteDir, "de", "search", "index.html"), []byte("<!--kb:results-->"), 0o644)
	if w := get(t, h, "/de/search/?q=a"); w.Code != 200 || !strings.Contains(w.Body.String(), "search-empty") {
		t.Errorf("unindexed language = %d %s", w.Code, w.Body)
	}
	if w := get(t, h, "/en/search/?q="+strings.Repeat("a", 300)); w.Code != http.StatusRequestURITooLong ||
		!strings.Contains(w.Body.String(), "search-error") {
		t.Errorf("long query page = %d %s", w.Code, w.Body)
	}
}

func TestSanitizeSnippet(t *testing.T) {
	for in, want := range map[string]string{
		"plain":                       "plain",
		"<mark>x</mark>":              "<mark>x</mark>",
		"<mark onclick=x>":            "&lt;mark onclick=x&gt;",
		"&amp; &#39; &#x27; &eacute;": "&amp; &#39; &#x27; &eacute;",
		"& &# &#x; &#12a; &a-b; &;":   "&amp; &amp;# &amp;#x; &amp;#12a; &amp;a-b; &amp;;",
		"</script><script>":           "&lt;/script&gt;&lt;script&gt;",
		"<MARK>":                      "&lt;MARK&gt;",
	} {
		if got := sanitizeSnippet(in); got != want {
			t.Errorf("sanitizeSnippet(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIsHashedName(t *testing.T) {
	for name, want := range map[string]bool{
		"style.3f2a9c1b.css":      true,
		"app.0123456789abcdef.js": true,
		"style.css":               false,
		"style":                   false,
		"search.worker.js":        false,
		"3f2a9c1b.css":            false,
		"x.3F2A9C1B.css":          false,
	} {
		if got := isHashedName(name); got != want {
			t.Errorf("isHashedName(%q) = %v", name, got)
		}
	}
}

// TestSearchPageAtRoot serves the no-JavaScript search of a default
// language published at the site root (defaultLanguageInSubdir = false):
// the language comes from the page.
func TestSearchPageAtRoot(t *testing.T) {
	dir := writeSite(t)
	page := `<html lang="ar" dir="rtl"><main><form></form><!--kb:results--></main>`
	if err := os.MkdirAll(filepath.Join(dir, "search"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "search", "index.html"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	s, _ := newTestServer(t, func(c *Config) { c.SiteDir = dir })
	w := get(t, s.Handler(), "/search/?q=refund")
	if w.Code != 200 || !strings.Contains(w.Body.String(), `<a href="/ar/policies/returns/">Returns</a>`) {
		t.Errorf("root search page = %d\n%s", w.Code, w.Body)
	}
}

// TestSearchPageWithoutQuery: a search page asked for with no query,
// or one of spaces only (an empty box submitted), is the page as built,
// with what it shows a reader who has not searched yet; a page answering
// a query drops those parts (marked kb:noquery by the theme), so a
// reader without JavaScript sees the results alone under "Search
// results", and is not also told to type something.
func TestSearchPageWithoutQuery(t *testing.T) {
	dir := writeSite(t)
	page := `<main><h1><!--kb:noquery--><span data-kb-noquery hidden>Search</span><!--/kb:noquery--><span data-kb-query>Search results</span></h1>` +
		`<div id="kb-results"><!--kb:results--></div>` +
		`<!--kb:noquery--><div data-kb-noquery hidden><p>Type a word or two.</p><ul><li>Popular</li></ul></div><!--/kb:noquery--></main>`
	if err := os.WriteFile(filepath.Join(dir, "en", "search", "index.html"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	s, _ := newTestServer(t, func(c *Config) { c.SiteDir = dir })
	for _, target := range []string{"/en/search/", "/en/search/?q=", "/en/search/?q=+++", "/en/search/?q=%E3%80%80%09"} {
		if w := get(t, s.Handler(), target); w.Code != 200 || w.Body.String() != page {
			t.Errorf("%s = %d\n%s\nwant the page as built:\n%s", target, w.Code, w.Body, page)
		}
	}
	want := `<main><h1><span data-kb-query>Search results</span></h1><div id="kb-results"><ol class="search-results">` +
		`<li><a href="/en/policies/returns/">Returns</a><p class="section">Policies</p><p class="snippet">how to <mark>refund</mark></p></li></ol></div></main>`
	if w := get(t, s.Handler(), "/en/search/?q=refund"); w.Code != 200 || w.Body.String() != want {
		t.Errorf("/en/search/?q=refund = %d\n%s\nwant\n%s", w.Code, w.Body, want)
	}
	// A query too long to answer is answered under "Search results" too.
	if w := get(t, s.Handler(), "/en/search/?q="+strings.Repeat("a", 300)); strings.Contains(w.Body.String(), "noquery") || strings.Contains(w.Body.String(), "Type a word") {
		t.Errorf("the page for a query too long still has the parts for no query:\n%s", w.Body)
	}
}

// TestStaticNeverFollowsLinks: a symbolic link in the output folder, to a
// file outside it, to a folder, or to another file of the site, is not
// served, however it is asked for (plain, precompressed, as a 404 page).
func TestStaticNeverFollowsLinks(t *testing.T) {
	site := writeSite(t)
	secret := filepath.Join(t.TempDir(), "secret.txt")
	if err := os.WriteFile(secret, []byte("the secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	links := map[string]string{
		"en/leak.txt":            secret,
		"en/leak.txt.gz":         secret,
		"outside":                filepath.Dir(secret),
		"en/again.html":          filepath.Join(site, "index.html"),
		"en/policies/old":        filepath.Join(site, "en/policies/returns"),
		"en/policies/index.html": filepath.Join(site, "index.html"),
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(site, filepath.FromSlash(name))); err != nil {
			t.Skip("no symlinks here:", err)
		}
	}
	s, _ := newTestServer(t, func(c *Config) { c.SiteDir = site })
	h := s.Handler()
	for _, target := range []string{"/en/leak.txt", "/outside/secret.txt", "/en/again.html", "/en/policies/old/", "/en/policies/old/index.html", "/en/policies/"} {
		for _, enc := range []string{"", "gzip"} {
			w := get(t, h, target, "Accept-Encoding", enc)
			if w.Code != http.StatusNotFound || strings.Contains(w.Body.String(), "secret") || strings.Contains(w.Body.String(), "home") || strings.Contains(w.Body.String(), "Returns") {
				t.Errorf("GET %s (Accept-Encoding %q) = %d %q, want the 404 page", target, enc, w.Code, w.Body)
			}
		}
	}
	if w := get(t, h, "/en/policies/returns/"); w.Code != http.StatusOK {
		t.Errorf("a plain page beside the links = %d", w.Code)
	}
}

// An uptime monitor's HEAD on the search page or the API is answered but
// not recorded as a reader's search; a GET is.
func TestHeadIsNotASearch(t *testing.T) {
	var mu sync.Mutex
	var seen []string
	s, _ := newTestServer(t, func(c *Config) {
		c.SiteDir = writeSite(t)
		c.OnSearch = func(q search.Query, r search.Result) {
			mu.Lock()
			seen = append(seen, q.Text)
			mu.Unlock()
		}
	})
	h := s.Handler()
	for _, target := range []string{"/en/search/?q=monitor", "/api/search?q=monitor&lang=en"} {
		if w := do(t, h, http.MethodHead, target, nil); w.Code != 200 {
			t.Errorf("HEAD %s = %d", target, w.Code)
		}
	}
	get(t, h, "/en/search/?q=reader")
	get(t, h, "/api/search?q=reader&lang=en")
	mu.Lock()
	defer mu.Unlock()
	if strings.Join(seen, " ") != "reader reader" {
		t.Errorf("searches recorded: %q, want the two GETs only", seen)
	}
}

// Dot files a deploy left in the site folder are not served, nor reached
// through the search page's path; /.well-known/ is.
func TestDotFilesAreNotServed(t *testing.T) {
	site := writeSite(t)
	for name, body := range map[string]string{
		".env": "SECRET=1", ".git/config": "[core]", "en/.htpasswd": "admin:x", ".well-known/security.txt": "Contact: x",
		".well-known/.secret": "x", ".git/search/index.html": "<!--kb:results-->",
	} {
		p := filepath.Join(site, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s, _ := newTestServer(t, func(c *Config) { c.SiteDir = site })
	for path, want := range map[string]int{
		"/.env": 404, "/.git/config": 404, "/.git/": 404, "/en/.htpasswd": 404, "/.well-known/.secret": 404,
		"/.git/search/?q=x": 404, "/.well-known/security.txt": 200, "/robots.txt": 200,
	} {
		w := get(t, s.Handler(), path)
		if w.Code != want || (want == 404 && strings.Contains(w.Body.String(), "SECRET")) {
			t.Errorf("GET %s = %d, want %d", path, w.Code, want)
		}
	}
}

// A precompressed copy is served with its own length, so a client or a
// proxy knows when the body is complete (a Range request is left to
// http.ServeContent).
func TestPrecompressedHasContentLength(t *testing.T) {
	site := writeSite(t)
	page := strings.Repeat("<p>returns</p>", 200)
	for name, body := range map[string]string{
		"en/faq/index.html": page, "en/faq/index.html.gz": "gzip bytes", "en/faq/index.html.br": "br bytes!",
	} {
		p := filepath.Join(site, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s, _ := newTestServer(t, func(c *Config) { c.SiteDir = site })
	for coding, want := range map[string]string{"gzip": "10", "br": "9"} {
		w := get(t, s.Handler(), "/en/faq/", "Accept-Encoding", coding)
		if w.Code != 200 || w.Header().Get("Content-Encoding") != coding || w.Header().Get("Content-Length") != want {
			t.Errorf("%s: %d, Content-Encoding %q, Content-Length %q; want %s", coding, w.Code,
				w.Header().Get("Content-Encoding"), w.Header().Get("Content-Length"), want)
		}
	}
	w := get(t, s.Handler(), "/en/faq/", "Accept-Encoding", "gzip", "Range", "bytes=0-3")
	if w.Code != http.StatusPartialContent || w.Header().Get("Content-Length") != "4" {
		t.Errorf("range: %d, Content-Length %q", w.Code, w.Header().Get("Content-Length"))
	}
}

// The query limit counts characters, so Arabic gets as many as English, and
// the search page says a query is too long in its own language.
func TestLongQueryOnTheSearchPageSpeaksItsLanguage(t *testing.T) {
	site := writeSite(t)
	const tooLong = "عبارة البحث طويلة جدًا. يُرجى تقصيرها."
	page := `<html lang="ar"><main><!--kb:results--></main><script type="application/json" id="kb-strings">{"noResults":"لا نتائج لـ «{query}»","tooLong":"` + tooLong + `"}</script>`
	if err := os.WriteFile(filepath.Join(site, "ar", "search", "index.html"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	s, _ := newTestServer(t, func(c *Config) { c.SiteDir = site })
	h := s.Handler()
	arabic := func(n int) string { return url.QueryEscape(strings.Repeat("ب", n)) }
	if w := get(t, h, "/ar/search/?q="+arabic(200)); w.Code != 200 {
		t.Errorf("200 Arabic letters (400 bytes) = %d, want 200 under a limit of 256 characters", w.Code)
	}
	w := get(t, h, "/ar/search/?q="+arabic(300))
	if w.Code != http.StatusRequestURITooLong || !strings.Contains(w.Body.String(), tooLong) || strings.Contains(w.Body.String(), "longer than") {
		t.Errorf("300 Arabic letters = %d:\n%s\nwant 414 with the page's own message", w.Code, w.Body)
	}
	if w := get(t, h, "/api/search?lang=ar&q="+arabic(300)); w.Code != http.StatusRequestURITooLong || !strings.Contains(jsonError(t, w), "256 characters") {
		t.Errorf("API: %d %s", w.Code, w.Body)
	}
}

// kb's feeds (index.xml, at Hugo's feed addresses, and atom.xml, at
// Zola's) are served as Atom,
// plain or precompressed, so feed readers and chat integrations take them;
// the sitemap stays XML.
func TestFeedsServedAsAtom(t *testing.T) {
	site := writeSite(t)
	const feed = `<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ar"></feed>`
	for name, body := range map[string]string{
		"index.xml": feed, "ar/index.xml": feed, "ar/index.xml.gz": "gzip bytes", "sitemap.xml": "<urlset/>", "atom.xml": feed,
	} {
		if err := os.WriteFile(filepath.Join(site, filepath.FromSlash(name)), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s, _ := newTestServer(t, func(c *Config) { c.SiteDir = site })
	for _, tt := range []struct{ target, coding, want string }{
		{"/index.xml", "", "application/atom+xml; charset=utf-8"},
		{"/ar/index.xml", "", "application/atom+xml; charset=utf-8"},
		{"/ar/index.xml", "gzip", "application/atom+xml; charset=utf-8"},
		{"/atom.xml", "", "application/atom+xml; charset=utf-8"},
		{"/sitemap.xml", "", "text/xml; charset=utf-8"},
	} {
		w := get(t, s.Handler(), tt.target, "Accept-Encoding", tt.coding)
		if w.Code != 200 || w.Header().Get("Content-Type") != tt.want {
			t.Errorf("GET %s (Accept-Encoding %q) = %d, Content-Type %q; want 200, %q", tt.target, tt.coding, w.Code, w.Header().Get("Content-Type"), tt.want)
		}
	}
}

// TestSearchPageTitleNamesTheQuery: the page answering a query gets the
// title its strings give for one, the query escaped in it; a page built
// before it had that string keeps its own title.
func TestSearchPageTitleNamesTheQuery(t *testing.T) {
	dir := writeSite(t)
	head := `<html lang="en"><head><title>Search · Shop &amp; Co</title></head><body><div id="kb-results"><!--kb:results--></div>`
	for _, c := range []struct{ strings, query, want string }{
		{`{"title":"“\u2068{query}\u2069” – Search results · Shop \u0026 Co"}`, "refund",
			"<title>“\u2068refund\u2069” – Search results · Shop &amp; Co</title>"},
		{`{"title":"“\u2068{query}\u2069” – Search results · Shop"}`, "<b>&amp;",
			"<title>“\u2068&lt;b&gt;&amp;amp;\u2069” – Search results · Shop</title>"},
		{`{"noResults":"Nothing matches {query}."}`, "refund", "<title>Search · Shop &amp; Co</title>"},
	} {
		page := head + `<script type="application/json" id="kb-strings">` + c.strings + `</script></body></html>`
		if err := os.WriteFile(filepath.Join(dir, "en", "search", "index.html"), []byte(page), 0o644); err != nil {
			t.Fatal(err)
		}
		s, _ := newTestServer(t, func(c *Config) { c.SiteDir = dir })
		w := get(t, s.Handler(), "/en/search/?q="+url.QueryEscape(c.query))
		if !strings.Contains(w.Body.String(), c.want) || strings.Count(w.Body.String(), "<title>") != 1 {
			t.Errorf("%s for %q: want %s in\n%s", c.strings, c.query, c.want, w.Body)
		}
	}
}
