package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"kb/search"
	"kb/search/server"
)

// TestPublish builds the sample site with --precompress and serves it the
// two production ways: kb search's own static serving, and nginx with
// deploy/nginx.conf.
func TestPublish(t *testing.T) {
	site := copySite(t)
	out := filepath.Join(t.TempDir(), "public")
	if code, stdout, stderr := runKB(t, "build", "-s", site, "-o", out, "--index", "-", "--precompress"); code != 0 {
		t.Fatalf("kb build --precompress: exit %d\n%s%s", code, stdout, stderr)
	}
	for _, name := range []string{"en/index.html.gz", "en/index.html.br", "sitemap.xml.br", "ar/404.html.gz"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Errorf("kb build --precompress: %v", err)
		}
	}
	if code, stdout, _ := runKB(t, "build", "-s", site, "-o", out, "--index", "-", "--precompress"); code != 0 || !strings.Contains(stdout, "(0 files written") {
		t.Errorf("second kb build --precompress: exit %d, %q", code, stdout)
	}
	t.Run("kb search", func(t *testing.T) { testSearchServesPrecompressed(t, out) })
	t.Run("nginx", func(t *testing.T) { testNginxRecipe(t, out) })
}

// noIndex stands in for the search index: these tests are about files.
type noIndex struct{}

func (noIndex) Search(context.Context, search.Query) (search.Result, error) {
	return search.Result{}, nil
}
func (noIndex) BuildID() string { return "test" }
func (noIndex) Close() error    { return nil }

func testSearchServesPrecompressed(t *testing.T, out string) {
	srv, err := server.New(server.Config{
		IndexDir: t.TempDir(),
		SiteDir:  out,
		Open:     func(string) (server.Searcher, error) { return noIndex{}, nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	css, _ := filepath.Glob(filepath.Join(out, "_kb/style.*.css"))
	if len(css) != 1 {
		t.Fatalf("hashed stylesheets: %v", css)
	}
	style := "/_kb/" + filepath.Base(css[0])
	tests := []struct {
		path, accept string
		file         string // the file whose bytes are the body
		encoding     string
		contentType  string
	}{
		{"/en/", "gzip, deflate, br", "en/index.html.br", "br", "text/html; charset=utf-8"},
		{"/en/", "gzip", "en/index.html.gz", "gzip", "text/html; charset=utf-8"},
		{"/en/", "br;q=0, gzip;q=0.5", "en/index.html.gz", "gzip", "text/html; charset=utf-8"},
		{"/en/", "*", "en/index.html.br", "br", "text/html; charset=utf-8"},
		{"/en/", "identity", "en/index.html", "", "text/html; charset=utf-8"},
		{"/en/", "*;q=0", "en/index.html", "", "text/html; charset=utf-8"},
		{"/", "br", "index.html.br", "br", "text/html; charset=utf-8"},
		{style, "br", style[1:] + ".br", "br", "text/css; charset=utf-8"},
		{"/sitemap.xml", "gzip", "sitemap.xml.gz", "gzip", "text/xml; charset=utf-8"},
		{"/robots.txt", "gzip, br", "robots.txt", "", "text/plain; charset=utf-8"}, // too small for copies
		{"/_kb/search/en/meta.json.gz", "gzip, br", "_kb/search/en/meta.json.gz", "", ""},
	}
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	for _, tt := range tests {
		req, _ := http.NewRequest("GET", ts.URL+tt.path, nil)
		req.Header.Set("Accept-Encoding", tt.accept)
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		want, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(tt.file)))
		if err != nil {
			t.Fatal(err)
		}
		name := fmt.Sprintf("GET %s (Accept-Encoding: %s)", tt.path, tt.accept)
		if resp.StatusCode != 200 || !bytes.Equal(body, want) {
			t.Errorf("%s = %s, %d bytes; want the bytes of %s", name, resp.Status, len(body), tt.file)
		}
		if got := resp.Header.Get("Content-Encoding"); got != tt.encoding {
			t.Errorf("%s: Content-Encoding %q, want %q", name, got, tt.encoding)
		}
		if got := resp.Header.Get("Content-Type"); tt.contentType != "" && got != tt.contentType {
			t.Errorf("%s: Content-Type %q, want %q", name, got, tt.contentType)
		}
		hasCopies := tt.file != "robots.txt" && !strings.HasSuffix(tt.file, ".json.gz")
		if got := strings.Join(resp.Header.Values("Vary"), ","); strings.Contains(got, "Accept-Encoding") != hasCopies {
			t.Errorf("%s: Vary %q", name, got)
		}
	}
	// Redirects and conditional requests are still http.FileServer's.
	for path, want := range map[string]int{"/en/policies": 301, "/en/index.html": 301} {
		req, _ := http.NewRequest("GET", ts.URL+path, nil)
		req.Header.Set("Accept-Encoding", "br")
		resp, err := client.Transport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("GET %s = %d, want %d", path, resp.StatusCode, want)
		}
	}
	req, _ := http.NewRequest("GET", ts.URL+"/en/", nil)
	req.Header.Set("Accept-Encoding", "br")
	req.Header.Set("If-Modified-Since", time.Now().Add(time.Hour).UTC().Format(http.TimeFormat))
	if resp, err := client.Do(req); err != nil || resp.StatusCode != http.StatusNotModified {
		t.Errorf("conditional GET of a precompressed page: %v %v", resp.Status, err)
	}
}

// testNginxRecipe runs nginx with deploy/nginx.conf over the build. It is
// skipped when there is no nginx, unless KB_NGINX=required (CI).
func testNginxRecipe(t *testing.T, out string) {
	// The search server nginx proxies to: a stand-in that says what it got.
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"upstream":%q,"forwarded":%q,"host":%q}`, r.URL.RequestURI(), r.Header.Get("X-Forwarded-For"), r.Host)
	}))
	defer upstream.Close()
	base, loadBrotli := startNginx(t, out, strings.TrimPrefix(upstream.URL, "http://"))
	port := strings.TrimPrefix(base, "http://127.0.0.1:")

	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	fetch := func(path, accept string) (*http.Response, []byte) {
		t.Helper()
		req, _ := http.NewRequest("GET", base+path, nil)
		if accept != "" {
			req.Header.Set("Accept-Encoding", accept)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp, body
	}
	file := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	expect := func(path, accept string, code int, body []byte, headers ...string) {
		t.Helper()
		resp, got := fetch(path, accept)
		if resp.StatusCode != code {
			t.Errorf("GET %s = %d, want %d", path, resp.StatusCode, code)
		}
		if body != nil && !bytes.Equal(got, body) {
			t.Errorf("GET %s (Accept-Encoding %q): body of %d bytes is not the expected %d", path, accept, len(got), len(body))
		}
		for i := 0; i+1 < len(headers); i += 2 {
			if v := strings.Join(resp.Header.Values(headers[i]), ", "); !strings.Contains(v, headers[i+1]) {
				t.Errorf("GET %s: %s = %q, want %q", path, headers[i], v, headers[i+1])
			}
		}
	}

	// A page, plain and gzip-precompressed.
	expect("/en/", "", 200, file("en/index.html"), "Cache-Control", "no-cache", "Content-Type", "text/html")
	expect("/en/", "gzip", 200, file("en/index.html.gz"), "Content-Encoding", "gzip", "Vary", "Accept-Encoding", "Content-Type", "text/html")
	expect("/ar/policies/returns-and-refunds/", "gzip", 200, file("ar/policies/returns-and-refunds/index.html.gz"), "Content-Encoding", "gzip")
	if loadBrotli {
		expect("/en/", "gzip, br", 200, file("en/index.html.br"), "Content-Encoding", "br", "Content-Type", "text/html")
	} else {
		t.Log("no brotli_static module (libnginx-mod-http-brotli-static): .br not tried")
	}
	// A hashed asset, cached for a year.
	css, _ := filepath.Glob(filepath.Join(out, "_kb/style.*.css"))
	style := "_kb/" + filepath.Base(css[0])
	expect("/"+style, "", 200, file(style), "Cache-Control", "max-age=31536000, immutable", "Content-Type", "text/css")
	expect("/"+style, "gzip", 200, file(style+".gz"), "Content-Encoding", "gzip", "Cache-Control", "immutable")
	// The static search index: revalidated, served as the gzip it is.
	expect("/_kb/search/en/meta.json.gz", "gzip", 200, file("_kb/search/en/meta.json.gz"), "Cache-Control", "no-cache")
	// Localized 404s, with status 404.
	expect("/ar/no-such-page/", "", 404, file("ar/404.html"))
	expect("/el/no/such/page", "", 404, file("el/404.html"))
	expect("/xx/no-such-page/", "", 404, file("404.html"))
	expect("/no-such-file.html", "", 404, file("404.html"))
	// The API and the no-JavaScript search page go to kb search.
	expect("/api/search?q=refund&lang=en", "", 200, nil)
	if _, body := fetch("/api/search?q=refund&lang=en", ""); !bytes.Contains(body, []byte(`"upstream":"/api/search?q=refund&lang=en"`)) || !bytes.Contains(body, []byte(`"forwarded":"127.0.0.1"`)) {
		t.Errorf("/api/search was not proxied as expected: %s", body)
	}
	// The Host the browser sent, port included: kb search accepts a vote
	// when the page's Origin names it, and a site on a port other than 80
	// and 443 sends "Origin: https://help.example:8443".
	if _, body := fetch("/api/feedback", ""); !bytes.Contains(body, []byte(`"host":"127.0.0.1:`+port+`"`)) {
		t.Errorf("/api/ was proxied without the port of the Host header, so kb search would refuse the site's votes as from another origin: %s", body)
	}
	if _, body := fetch("/en/search/?q=refund", ""); !bytes.Contains(body, []byte(`"upstream":"/en/search/?q=refund"`)) {
		t.Errorf("/en/search/?q= was not proxied: %s", body)
	}
	expect("/en/search/", "", 200, file("en/search/index.html"))
}

// startNginx runs nginx with deploy/nginx.conf, serving root and proxying
// /api/ to the upstream addresses (host:port), until the test ends, and
// returns its base URL and whether it serves .br files. It skips the test
// when there is no nginx, unless KB_NGINX=required (CI).
func startNginx(t *testing.T, root string, upstreams ...string) (base string, brotli bool) {
	t.Helper()
	nginx, err := exec.LookPath("nginx")
	if err != nil {
		nginx = "/usr/sbin/nginx" // not on PATH for a non-root user on Debian
		if _, err := os.Stat(nginx); err != nil {
			if os.Getenv("KB_NGINX") == "required" {
				t.Fatal("KB_NGINX=required but nginx is not installed")
			}
			t.Skip("nginx not installed (apt-get install nginx)")
		}
	}

	servers := ""
	for _, u := range upstreams {
		servers += "server " + u + ";\n    "
	}
	dir := t.TempDir()
	port := freePort(t)
	recipe, err := os.ReadFile("../../deploy/nginx.conf")
	if err != nil {
		t.Fatal(err)
	}
	conf := string(recipe)
	for _, r := range []struct{ old, new string }{
		{"listen 80;", "listen 127.0.0.1:" + port + ";"},
		{"listen [::]:80;", ""},
		{"root /srv/kb/public;", "root " + root + ";"},
		{"server 127.0.0.1:8080;", servers},
	} {
		if strings.Count(conf, r.old) != 1 {
			t.Fatalf("deploy/nginx.conf: expected exactly one %q to adapt for the test", r.old)
		}
		conf = strings.Replace(conf, r.old, r.new, 1)
	}
	write := func(name, data string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// With Debian's libnginx-mod-http-brotli-static, the commented-out
	// brotli_static line is tried too.
	loadBrotli := ""
	const brotliModule = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so"
	if _, err := os.Stat(brotliModule); err == nil {
		if strings.Count(conf, "# brotli_static on;") != 1 {
			t.Fatal("deploy/nginx.conf: expected one commented-out brotli_static line")
		}
		conf = strings.Replace(conf, "# brotli_static on;", "brotli_static on;", 1)
		loadBrotli = "load_module " + brotliModule + ";"
	}
	write("kb.conf", conf)
	types := "types { text/html html; text/css css; application/javascript js; text/xml xml; text/plain txt; }"
	if _, err := os.Stat("/etc/nginx/mime.types"); err == nil {
		types = "include /etc/nginx/mime.types;"
	}
	user := ""
	if os.Geteuid() == 0 {
		user = "user root;" // workers must read the test's private temp folders
	}
	temp := filepath.Join(dir, "tmp")
	os.Mkdir(temp, 0o755)
	write("nginx.conf", fmt.Sprintf(`%s
%s
worker_processes 1;
events { worker_connections 64; }
http {
    %s
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path %[4]s/body;
    proxy_temp_path %[4]s/proxy;
    fastcgi_temp_path %[4]s/fastcgi;
    uwsgi_temp_path %[4]s/uwsgi;
    scgi_temp_path %[4]s/scgi;
    include %[5]s;
}
`, loadBrotli, user, types, temp, filepath.Join(dir, "kb.conf")))
	errorLog := filepath.Join(dir, "error.log")
	args := []string{"-p", dir, "-c", filepath.Join(dir, "nginx.conf"), "-e", errorLog}
	global := "pid " + filepath.Join(dir, "nginx.pid") + ";"
	if outp, err := exec.Command(nginx, append(args, "-t", "-g", global)...).CombinedOutput(); err != nil {
		t.Fatalf("nginx -t: %v\n%s\n%s", err, outp, conf)
	}
	cmd := exec.Command(nginx, append(args, "-g", "daemon off; "+global)...)
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGQUIT) // graceful stop
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-done
		}
		if t.Failed() {
			log, _ := os.ReadFile(errorLog)
			t.Logf("nginx output:\n%s\nerror.log:\n%s", stderr.String(), log)
		}
	})
	waitListening(t, "127.0.0.1:"+port)
	return "http://127.0.0.1:" + port, loadBrotli != ""
}

func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	return port
}

func waitListening(t *testing.T, addr string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("nothing listens on %s: %v", addr, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestNginxRetriesVoteOnDroppedConnection: a replica that stops (kb search
// after its drain, or one that crashes) resets the connections it has not
// read yet, and a vote or click on one of them must go to another replica
// instead of the reader getting a 502; nginx retries a POST only when told
// so. The vote must still be counted once: the dropped replica never read
// it.
func TestNginxRetriesVoteOnDroppedConnection(t *testing.T) {
	dropper, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer dropper.Close()
	var dropped atomic.Int32
	go func() {
		for {
			c, err := dropper.Accept()
			if err != nil {
				return
			}
			dropped.Add(1)
			// Once nginx has sent the request, close with a reset, as a
			// stopping server's listener does to connections in its queue.
			c.Read(make([]byte, 4096))
			c.(*net.TCPConn).SetLinger(0)
			c.Close()
		}
	}()
	var votes atomic.Int32
	replica := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			votes.Add(1)
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"ok":true}`)
	}))
	defer replica.Close()
	base, _ := startNginx(t, t.TempDir(), dropper.Addr().String(), strings.TrimPrefix(replica.URL, "http://"))

	const posts = 4
	for i := range posts {
		path := []string{"/api/feedback", "/api/click"}[i%2]
		resp, err := http.Post(base+path, "application/json", strings.NewReader(`{"page":"/en/faq/","helpful":true}`))
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("POST %s = %d: the reader's vote was lost on a replica that dropped the connection, instead of going to the other one", path, resp.StatusCode)
		}
	}
	if dropped.Load() == 0 {
		t.Fatal("nginx never sent a request to the replica that drops connections: the test proves nothing")
	}
	if got := votes.Load(); got != posts {
		t.Errorf("the working replica counted %d of %d votes and clicks", got, posts)
	}
}
