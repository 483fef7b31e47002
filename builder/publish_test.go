package builder_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"

	"kb/builder"
	"kb/themes"
)

// publishBuild builds site into out with the static index only.
func publishBuild(t *testing.T, site, out string, mod func(*builder.Options)) builder.Result {
	t.Helper()
	opts := builder.Options{SiteDir: site, Out: out, IndexDir: "-", Theme: themes.Default()}
	if mod != nil {
		mod(&opts)
	}
	res, err := builder.Build(context.Background(), opts)
	if err != nil {
		t.Fatalf("build: %v %v", err, res.Diagnostics)
	}
	return res
}

func decodeSibling(t *testing.T, name string) []byte {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var r io.Reader = brotli.NewReader(f)
	if strings.HasSuffix(name, ".gz") {
		if r, err = gzip.NewReader(f); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	data, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return data
}

// checkPrecompressed checks that exactly the text files over 512 bytes have
// .gz and .br copies that decode to them; provided lists copies the site
// brings itself.
func checkPrecompressed(t *testing.T, out string, provided ...string) {
	t.Helper()
	files := snapshot(t, out)
	eligible := 0
	for name, f := range files {
		if ext := path.Ext(name); (ext == ".gz" && !strings.HasPrefix(name, "_kb/search/")) || ext == ".br" {
			orig := strings.TrimSuffix(name, ext)
			if _, ok := files[orig]; !ok && !slices.Contains(provided, name) {
				t.Errorf("%s has no original", name)
			}
			continue
		}
		want := len(f.data) > 512 && slices.Contains([]string{".html", ".css", ".js", ".xml", ".json", ".txt", ".svg"}, path.Ext(name))
		if want {
			eligible++
		}
		for _, ext := range []string{".gz", ".br"} {
			_, has := files[name+ext]
			switch {
			case slices.Contains(provided, name+ext):
			case want && !has:
				t.Errorf("%s (%d bytes) has no %s copy", name, len(f.data), ext)
			case !want && has:
				t.Errorf("%s (%d bytes) has a %s copy", name, len(f.data), ext)
			case want && !bytes.Equal(decodeSibling(t, filepath.Join(out, name+ext)), f.data):
				t.Errorf("%s%s does not decode to %s", name, ext, name)
			}
		}
	}
	if eligible < 10 {
		t.Errorf("only %d files were eligible for precompression", eligible)
	}
}

func TestPrecompress(t *testing.T) {
	site := sampleSite(t)
	big := strings.Repeat("All work and no play makes Jack a dull boy.\n", 20)
	write(t, filepath.Join(site, "static/notes.txt"), big)
	write(t, filepath.Join(site, "static/app.js"), "// "+big)
	write(t, filepath.Join(site, "static/app.js.gz"), "the site's own gzip copy")
	write(t, filepath.Join(site, "static/tiny.css"), "body{}")
	write(t, filepath.Join(site, "static/photo.png"), big)
	out := filepath.Join(t.TempDir(), "public")
	precompress := func(o *builder.Options) { o.Precompress = true }

	publishBuild(t, site, out, precompress)
	checkPrecompressed(t, out, "app.js.gz")
	if got, _ := os.ReadFile(filepath.Join(out, "app.js.gz")); string(got) != "the site's own gzip copy" {
		t.Errorf("the site's app.js.gz was replaced: %q", got)
	}
	for _, name := range []string{"_redirects.gz", "robots.txt.gz", "tiny.css.gz", "photo.png.gz", "photo.png.br"} {
		if _, err := os.Stat(filepath.Join(out, name)); err == nil {
			t.Errorf("%s written", name)
		}
	}
	idx, _ := filepath.Glob(filepath.Join(out, "_kb/search/*/*.json.gz*"))
	chunks, _ := filepath.Glob(filepath.Join(out, "_kb/search/*/p/*.bin.gz*"))
	for _, f := range append(idx, chunks...) {
		if !strings.HasSuffix(f, ".json.gz") && !strings.HasSuffix(f, ".bin.gz") {
			t.Errorf("the static index's %s got a compressed copy", f)
		}
	}
	if len(idx) == 0 {
		t.Error("no static index")
	}

	// Same input, same bytes, compressed copies included.
	other := filepath.Join(t.TempDir(), "public")
	publishBuild(t, site, other, precompress)
	a, b := snapshot(t, out), snapshot(t, other)
	for name, f := range a {
		if !bytes.Equal(f.data, b[name].data) {
			t.Errorf("%s differs between two builds", name)
		}
	}

	// A build that changes nothing writes nothing, compressed copies
	// included, and every file keeps its mtime.
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	for name := range a {
		os.Chtimes(filepath.Join(out, name), old, old)
	}
	if res := publishBuild(t, site, out, precompress); res.Written != 0 || res.Removed != 0 {
		t.Errorf("no-op build wrote %d and removed %d files", res.Written, res.Removed)
	}
	for name, f := range snapshot(t, out) {
		if !f.mtime.Equal(old) {
			t.Errorf("no-op build touched %s", name)
		}
	}

	// One edit recompresses the pages it changes and nothing else.
	write(t, filepath.Join(site, "content/en/account/sign-in.md"), "+++\ntitle = \"Sign in\"\n+++\nUse your phone number.\n")
	publishBuild(t, site, out, precompress)
	after := snapshot(t, out)
	page := "en/account/sign-in/index.html"
	for _, ext := range []string{".gz", ".br"} {
		if f := after[page+ext]; f.mtime.Equal(old) || !bytes.Contains(decodeSibling(t, filepath.Join(out, page+ext)), []byte("phone number")) {
			t.Errorf("%s%s was not recompressed", page, ext)
		}
	}
	for _, name := range []string{"notes.txt.gz", "notes.txt.br", "el/faq/returns/index.html.br", "sitemap.xml.gz"} {
		if f, ok := after[name]; !ok || !f.mtime.Equal(old) {
			t.Errorf("unchanged %s was rewritten or removed", name)
		}
	}
	checkPrecompressed(t, out, "app.js.gz")

	// A copy that no longer matches its file (edited by hand, left by
	// another tool) is replaced even though the file did not change.
	write(t, filepath.Join(out, "notes.txt.br"), "stale")
	if res := publishBuild(t, site, out, precompress); res.Written != 1 {
		t.Errorf("repairing one copy wrote %d files", res.Written)
	}
	checkPrecompressed(t, out, "app.js.gz")

	// Off again: the copies go, the site's own stays.
	res := publishBuild(t, site, out, nil)
	if res.Removed == 0 {
		t.Error("turning precompression off removed nothing")
	}
	for name := range snapshot(t, out) {
		if (strings.HasSuffix(name, ".gz") && !strings.HasPrefix(name, "_kb/search/") && name != "app.js.gz") || strings.HasSuffix(name, ".br") {
			t.Errorf("%s left after turning precompression off", name)
		}
	}

	// [build] precompress = true in site.toml does the same as the option.
	toml, _ := os.ReadFile(filepath.Join(site, "site.toml"))
	write(t, filepath.Join(site, "site.toml"), string(toml)+"[build]\nprecompress = true\n")
	res = publishBuild(t, site, out, nil)
	if res.Written == 0 {
		t.Error("[build] precompress = true wrote nothing")
	}
	checkPrecompressed(t, out, "app.js.gz")
}

// copySampleSite copies the repository's sample site (site.toml and
// content/) and gives it a search endpoint, so the form carries one.
func copySampleSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, sub := range []string{"content", "static"} {
		if err := os.CopyFS(filepath.Join(dir, sub), os.DirFS(filepath.Join("..", sub))); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile("../site.toml")
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`(?m)^endpoint\s*=`).Match(data) {
		data = bytes.Replace(data, []byte("[search]\n"), []byte("[search]\nendpoint = \"/api/search\"\n"), 1)
	}
	write(t, filepath.Join(dir, "site.toml"), string(data))
	return dir
}

var (
	// rootRelative finds URLs that start at the host's root: in attributes
	// (href, src, action, data-index, data-endpoint…) and meta refreshes.
	rootRelative = regexp.MustCompile(`\b(?:href|src|srcset|action|formaction|poster|data-[a-z-]+)="(/[^"]*)"|\burl=(/[^"'\s>;]*)`)
	absoluteURL  = regexp.MustCompile(`https?://[^"'\s<>]+`)
)

// TestSubPathSite builds the sample site for baseURL http://127.0.0.1:PORT/help/,
// checks that no URL in the output escapes /help/, then serves the output
// under /help/ (and nothing at /) and follows every link, the static index
// and, under node, search.js's static search.
func TestSubPathSite(t *testing.T) {
	site := copySampleSite(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	origin := "http://" + ln.Addr().String()
	const base = "/help/"
	out := filepath.Join(t.TempDir(), "public")
	publishBuild(t, site, out, func(o *builder.Options) { o.BaseURL = origin + base })

	// Every URL in every text output stays under /help/.
	links := map[string]bool{}
	var escapes []string
	escape := func(file, u string) { escapes = append(escapes, file+": "+u) }
	checked := 0
	err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		rel = filepath.ToSlash(rel)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		switch ext := path.Ext(rel); {
		case rel == "_redirects":
			for line := range strings.Lines(string(data)) {
				f := strings.Fields(line)
				if len(f) < 2 {
					continue
				}
				for _, u := range f[:2] {
					checked++
					if !strings.HasPrefix(u, base) {
						escape(rel, u)
					}
				}
				links[f[1]] = true
			}
			return nil
		case strings.HasPrefix(rel, "_kb/search/") && strings.HasPrefix(path.Base(path.Dir(rel)), "d"):
			// Result rows: [url, title, section, page, fallback].
			var rows [][]any
			if err := json.Unmarshal(gunzipBytes(t, data), &rows); err != nil {
				t.Fatalf("%s: %v", rel, err)
			}
			for _, row := range rows {
				u, _ := row[0].(string)
				checked++
				if !strings.HasPrefix(u, base) {
					escape(rel, u)
				}
			}
			return nil
		case ext != ".html" && ext != ".xml" && ext != ".js" && ext != ".txt":
			return nil
		}
		for _, m := range rootRelative.FindAllSubmatch(data, -1) {
			u := string(m[1]) + string(m[2])
			if strings.HasPrefix(u, "//") {
				continue // another host
			}
			checked++
			if !strings.HasPrefix(u, base) {
				escape(rel, u)
			}
			if path.Ext(rel) == ".html" && !bytes.HasPrefix(m[0], []byte("data-endpoint")) && !bytes.HasPrefix(m[0], []byte("data-index")) {
				links[u] = true
			}
		}
		for _, m := range absoluteURL.FindAll(data, -1) {
			u := string(m)
			if strings.HasPrefix(u, origin) {
				checked++
				if !strings.HasPrefix(u, origin+base) {
					escape(rel, u)
				}
			}
			if strings.Contains(u, "help.lumenloom.example") {
				escape(rel, u+" (site.toml's baseURL, not --base-url)")
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range escapes {
		t.Errorf("URL outside %s: %s", base, e)
	}
	if checked < 500 {
		t.Errorf("only %d URLs checked: is the scan still finding them?", checked)
	}
	home, _ := os.ReadFile(filepath.Join(out, "en/index.html"))
	for _, want := range []string{`data-index="/help/_kb/search/en/"`, `data-endpoint="/help/api/search"`, `action="/help/en/search/"`, `href="/help/_kb/style.`} {
		if !bytes.Contains(home, []byte(want)) {
			t.Errorf("en/index.html lacks %s", want)
		}
	}

	// Served under /help/ only, every link resolves.
	mux := http.NewServeMux()
	mux.Handle(base, http.StripPrefix(strings.TrimSuffix(base, "/"), http.FileServer(http.Dir(out))))
	srv := &http.Server{Handler: mux}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	get := func(u string) []byte {
		t.Helper()
		resp, err := http.Get(origin + u)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %s", u, resp.Status)
		}
		return body
	}
	for _, u := range slices.Sorted(func(yield func(string) bool) {
		for u := range links {
			if !yield(u) {
				return
			}
		}
	}) {
		u, _, _ = strings.Cut(u, "#")
		get(u)
	}
	if len(links) < 100 {
		t.Errorf("only %d links followed", len(links))
	}
	if body := get(base + "_kb/search/en/meta.json.gz"); !bytes.HasPrefix(body, []byte{0x1f, 0x8b}) {
		t.Error("static index meta is not gzip")
	}

	// search.js, as served, searches the static index through the server.
	node, err := exec.LookPath("node")
	if err != nil {
		t.Log("node not on PATH: static search not run")
		return
	}
	js := regexp.MustCompile(`data-search-js="(/help/_kb/search\.[0-9a-f]+\.js)"`).FindSubmatch(home)
	if js == nil {
		t.Fatal("en/index.html names no search.js for its search box (data-search-js)")
	}
	dir := t.TempDir()
	write(t, filepath.Join(dir, "search.js"), string(get(string(js[1]))))
	write(t, filepath.Join(dir, "run.js"), `const kb = require(process.argv[2]);
kb.open(process.argv[3]).search(process.argv[4], 5)
  .then(r => process.stdout.write(JSON.stringify(r)), e => { console.error(e); process.exit(1); });
`)
	for _, q := range []struct{ lang, q string }{{"en", "refund"}, {"ar", "استرداد"}, {"el", "επιστροφή"}} {
		cmd := exec.Command(node, filepath.Join(dir, "run.js"), filepath.Join(dir, "search.js"), origin+base+"_kb/search/"+q.lang+"/", q.q)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		stdout, err := cmd.Output()
		if err != nil {
			t.Fatalf("node: %v\n%s", err, stderr.String())
		}
		var res struct{ Hits []struct{ URL string } }
		if err := json.Unmarshal(stdout, &res); err != nil {
			t.Fatalf("node output: %v\n%s", err, stdout)
		}
		if len(res.Hits) == 0 {
			t.Errorf("static search %s %q: no hits", q.lang, q.q)
		}
		for _, h := range res.Hits {
			if !strings.HasPrefix(h.URL, base+q.lang+"/") {
				t.Errorf("static search %s %q: hit %s is outside %s%s/", q.lang, q.q, h.URL, base, q.lang)
				continue
			}
			u, _, _ := strings.Cut(h.URL, "#")
			get(u)
		}
	}
}

func gunzipBytes(t *testing.T, data []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestPrecompressRebuild: kb serve's incremental rebuild rewrites pages in
// place without compressing them; it must not leave their old compressed
// copies behind, where a host would serve them.
func TestPrecompressRebuild(t *testing.T) {
	site := sampleSite(t)
	out := filepath.Join(t.TempDir(), "public")
	s := builder.NewSession(builder.Options{SiteDir: site, Out: out, IndexDir: "-", Theme: themes.Default(), Precompress: true})
	if _, err := s.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(out, "en/account/sign-in/index.html")
	for _, ext := range []string{".gz", ".br"} {
		if _, err := os.Stat(page + ext); err != nil {
			t.Fatal(err)
		}
	}
	write(t, filepath.Join(site, "content/en/account/sign-in.md"), "+++\ntitle = \"Sign in\"\n+++\nUse your phone number.\n")
	if _, err := s.Rebuild(context.Background(), []string{"content/en/account/sign-in.md"}); err != nil {
		t.Fatal(err)
	}
	s.Wait()
	for _, ext := range []string{".gz", ".br"} {
		if _, err := os.Stat(page + ext); err == nil && !bytes.Contains(decodeSibling(t, page+ext), []byte("phone number")) {
			t.Errorf("a stale %s copy of the edited page is left", ext)
		}
	}
	// A full build puts every copy back.
	publishBuild(t, site, out, func(o *builder.Options) { o.Precompress = true })
	checkPrecompressed(t, out)
}
