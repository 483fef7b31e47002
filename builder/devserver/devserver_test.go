package devserver

import (
	"bufio"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func writeOut(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
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

func get(t *testing.T, h http.Handler, target string) *httptest.ResponseRecorder {
	t.Helper()
	w := httptest.NewRecorder()
	r := httptest.NewRequest(http.MethodGet, target, nil)
	r.Header.Set("Accept-Encoding", "gzip, br")
	h.ServeHTTP(w, r)
	return w
}

const page = `<!doctype html><html lang="ar" dir="rtl"><body><p>مرحبا</p></body></html>`

// TestScriptInPagesOnly: pages get the live-reload script before </body>,
// uncached; other files are served as they are on disk, which is never
// changed.
func TestScriptInPagesOnly(t *testing.T) {
	out := writeOut(t, map[string]string{"ar/index.html": page, "_kb/style.css": "body{}</body>"})
	dev := New(Config{Out: out, Index: filepath.Join(t.TempDir(), "no-index")})
	dev.Built("/")

	w := get(t, dev, "/ar/")
	want := `<p>مرحبا</p><script src="/_kb/live.js"></script></body></html>`
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), want) {
		t.Errorf("GET /ar/ = %d %q, want the page ending %q", w.Code, w.Body, want)
	}
	if cc := w.Header().Get("Cache-Control"); cc != "no-store" {
		t.Errorf("a page with the script is cached: Cache-Control %q", cc)
	}
	if cl := w.Header().Get("Content-Length"); cl != "" && cl != "0" && cl != strconv.Itoa(w.Body.Len()) {
		t.Errorf("Content-Length %s for a body of %d bytes", cl, w.Body.Len())
	}
	if w := get(t, dev, "/_kb/style.css"); w.Body.String() != "body{}</body>" {
		t.Errorf("a stylesheet was changed: %q", w.Body)
	}
	if disk, _ := os.ReadFile(filepath.Join(out, "ar", "index.html")); string(disk) != page {
		t.Errorf("the page on disk changed: %q", disk)
	}
	w = get(t, dev, "/_kb/live.js")
	if !strings.HasPrefix(w.Header().Get("Content-Type"), "text/javascript") || !strings.Contains(w.Body.String(), `new EventSource("/_kb/live")`) {
		t.Errorf("GET /_kb/live.js = %s %q", w.Header().Get("Content-Type"), w.Body)
	}
}

// TestBasePath: a site whose baseURL has a path is served under it.
func TestBasePath(t *testing.T) {
	out := writeOut(t, map[string]string{"index.html": page})
	dev := New(Config{Out: out, Index: filepath.Join(t.TempDir(), "no-index")})
	dev.Built("/help/")
	if w := get(t, dev, "/"); w.Code != http.StatusFound || w.Header().Get("Location") != "/help/" {
		t.Errorf("GET / = %d to %q, want a redirect to /help/", w.Code, w.Header().Get("Location"))
	}
	if w := get(t, dev, "/help/"); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "مرحبا") {
		t.Errorf("GET /help/ = %d %q", w.Code, w.Body)
	}
	if w := get(t, dev, "/index.html"); w.Code != http.StatusNotFound {
		t.Errorf("GET /index.html outside the base path = %d, want 404", w.Code)
	}
}

// TestNoLinksFollowed: a symbolic link in the output folder is not served.
func TestNoLinksFollowed(t *testing.T) {
	secret := filepath.Join(t.TempDir(), "secret.txt")
	os.WriteFile(secret, []byte("the secret"), 0o644)
	out := writeOut(t, map[string]string{"index.html": page})
	if err := os.Symlink(secret, filepath.Join(out, "leak.txt")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	dev := New(Config{Out: out, Index: filepath.Join(t.TempDir(), "no-index")})
	dev.Built("/")
	if w := get(t, dev, "/leak.txt"); w.Code != http.StatusNotFound || strings.Contains(w.Body.String(), "secret") {
		t.Errorf("GET /leak.txt = %d %q, want 404", w.Code, w.Body)
	}
}

// events reads server-sent events from a real connection.
type events struct {
	t    *testing.T
	resp *http.Response
	r    *bufio.Reader
}

func listen(t *testing.T, url string) *events {
	t.Helper()
	resp, err := http.Get(url + "/_kb/live")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("Content-Type %q", ct)
	}
	e := &events{t: t, resp: resp, r: bufio.NewReader(resp.Body)}
	if line, _ := e.r.ReadString('\n'); line != ": connected\n" {
		t.Fatalf("first line %q", line)
	}
	e.r.ReadString('\n')
	return e
}

// next returns the next event as "name data", or "" when the stream ends.
func (e *events) next() string {
	e.t.Helper()
	done := make(chan string, 1)
	go func() {
		var name, data string
		for {
			line, err := e.r.ReadString('\n')
			if err != nil {
				done <- ""
				return
			}
			line = strings.TrimSuffix(line, "\n")
			switch {
			case strings.HasPrefix(line, "event: "):
				name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				data = strings.TrimPrefix(line, "data: ")
			case line == "" && name != "":
				done <- name + " " + data
				return
			}
		}
	}()
	select {
	case ev := <-done:
		return ev
	case <-time.After(10 * time.Second):
		e.t.Fatal("no event in 10s")
		return ""
	}
}

// TestEvents: open pages hear of failed and good builds; a page opened
// while the build is broken sees the error at once, and one opened after a
// good build does not.
func TestEvents(t *testing.T) {
	out := writeOut(t, map[string]string{"index.html": page})
	dev := New(Config{Out: out, Index: filepath.Join(t.TempDir(), "no-index")})
	srv := httptest.NewServer(dev)
	defer srv.Close()

	open := listen(t, srv.URL)
	dev.Failed("content/el/faq/x.md:3:1: bad \"quote\"\n")
	if got, want := open.next(), `error "content/el/faq/x.md:3:1: bad \"quote\"\n"`; got != want {
		t.Errorf("open page heard %q, want %q", got, want)
	}
	late := listen(t, srv.URL)
	if got := late.next(); !strings.HasPrefix(got, "error ") {
		t.Errorf("a page opened during the error heard %q, want the error", got)
	}
	dev.Built("/")
	for _, e := range []*events{open, late} {
		if got := e.next(); got != `reload ""` {
			t.Errorf("heard %q, want reload", got)
		}
	}
	fresh := listen(t, srv.URL)
	dev.CloseEvents()
	if got := fresh.next(); got != "" {
		t.Errorf("a page opened after the good build heard %q", got)
	}
	if _, err := io.ReadAll(open.r); err != nil {
		t.Errorf("stream did not end cleanly: %v", err)
	}
}

func TestLoopbackNames(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1:1313": true, "localhost:1313": true, "[::1]:1313": true, "127.0.0.2:80": true,
		":1313": false, "0.0.0.0:1313": false, "192.168.1.5:1313": false, "[::]:1313": false,
	} {
		if got := isLoopbackAddr(addr); got != want {
			t.Errorf("isLoopbackAddr(%q) = %v", addr, got)
		}
	}
	for host, want := range map[string]bool{
		"localhost": true, "LOCALHOST:1313": true, "127.0.0.1:1313": true, "[::1]:1313": true, "[::1]": true,
		"docs.localhost:1313": true, "localhost.:1313": true,
		"evil.example:1313": false, "localhost.evil.example": false, "127.0.0.1.nip.io:1313": false, "": false,
	} {
		if got := isLoopbackHost(host); got != want {
			t.Errorf("isLoopbackHost(%q) = %v", host, got)
		}
	}
}

// TestLoopbackOnly: on a loopback address, a request naming another host
// (DNS rebinding) is refused, pages and events alike.
func TestLoopbackOnly(t *testing.T) {
	out := writeOut(t, map[string]string{"index.html": page})
	dev := New(Config{Out: out, Index: filepath.Join(t.TempDir(), "no-index"), Addr: "127.0.0.1:1313"})
	dev.Built("/")
	for host, want := range map[string]int{"localhost:1313": http.StatusOK, "127.0.0.1:1313": http.StatusOK, "evil.example:1313": http.StatusMisdirectedRequest} {
		for _, path := range []string{"/", "/_kb/live.js"} {
			w := httptest.NewRecorder()
			r := httptest.NewRequest(http.MethodGet, path, nil)
			r.Host = host
			dev.ServeHTTP(w, r)
			if w.Code != want {
				t.Errorf("GET %s with Host %s = %d, want %d", path, host, w.Code, want)
			}
		}
	}
}

// TestFeedsServedAsAtom: kb serve serves the feeds kb writes (index.xml)
// as Atom, as they are on disk, with no live-reload script in them.
func TestFeedsServedAsAtom(t *testing.T) {
	const feed = `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ar"><title>مساعدة</title></feed>`
	out := writeOut(t, map[string]string{"ar/index.html": page, "ar/index.xml": feed, "sitemap.xml": "<urlset/>"})
	dev := New(Config{Out: out, Index: filepath.Join(t.TempDir(), "no-index")})
	dev.Built("/")
	w := get(t, dev, "/ar/index.xml")
	if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "application/atom+xml; charset=utf-8" || w.Body.String() != feed {
		t.Errorf("GET /ar/index.xml = %d, Content-Type %q, %q; want the feed as application/atom+xml", w.Code, w.Header().Get("Content-Type"), w.Body)
	}
	if w := get(t, dev, "/sitemap.xml"); w.Header().Get("Content-Type") != "text/xml; charset=utf-8" {
		t.Errorf("GET /sitemap.xml: Content-Type %q, want text/xml", w.Header().Get("Content-Type"))
	}
}
