package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"kb/internal/syncbuf"
)

// copySite copies the repository's sample site (site.toml and content/) to a
// temporary folder, so tests can edit it.
func copySite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "content"), os.DirFS("../../content")); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("../../site.toml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "site.toml"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// builtSampleSite is copySite built with kb build: its output in public/,
// its server index in .kb/search.
func builtSampleSite(t *testing.T) string {
	t.Helper()
	site := copySite(t)
	if code, out, errOut := runKB(t, "build", "-s", site); code != 0 {
		t.Fatalf("kb build exit %d\n%s%s", code, out, errOut)
	}
	return site
}

// runKB runs the command line in process and returns the exit code and
// both outputs.
func runKB(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestBuildSampleSite(t *testing.T) {
	site := copySite(t)
	code, out, errOut := runKB(t, "build", "-s", site)
	if code != 0 {
		t.Fatalf("kb build exit %d\n%s%s", code, out, errOut)
	}
	if !strings.Contains(out, "4 languages") {
		t.Errorf("summary = %q", out)
	}
	for _, p := range []string{
		"public/index.html", "public/en/index.html", "public/ar/faq/general/index.html",
		"public/el/policies/privacy/index.html", "public/fr/account/reset-password/index.html",
		"public/sitemap.xml", ".kb/search/manifest.json",
	} {
		if _, err := os.Stat(filepath.Join(site, p)); err != nil {
			t.Errorf("missing %s", p)
		}
	}
	// A second build changes nothing.
	code, out, _ = runKB(t, "build", "-s", site)
	if code != 0 || !strings.Contains(out, "0 files written") {
		t.Errorf("rebuild: exit %d, %q", code, out)
	}
}

func TestExitCodes(t *testing.T) {
	site := copySite(t)
	if code, _, errOut := runKB(t, "build", "-s", site, "--nope"); code != 2 || !strings.Contains(errOut, "Try: kb build --help") {
		t.Errorf("bad flag: exit %d, %q", code, errOut)
	}
	if code, _, errOut := runKB(t, "frobnicate"); code != 2 || !strings.Contains(errOut, "unknown command") {
		t.Errorf("unknown command: exit %d, %q", code, errOut)
	}
	if code, out, _ := runKB(t, "--help"); code != 0 || !strings.Contains(out, "kb build") {
		t.Errorf("--help: exit %d", code)
	}
	if code, out, _ := runKB(t, "version"); code != 0 || !strings.HasPrefix(out, "kb ") {
		t.Errorf("version: exit %d, %q", code, out)
	}
	if code, _, errOut := runKB(t, "search"); code != 2 || !strings.Contains(errOut, "--index is required") {
		t.Errorf("search without index: exit %d, %q", code, errOut)
	}
	if code, _, errOut := runKB(t, "build", "-s", site, "--base-url", "javascript:alert(1)//"); code != 2 || !strings.Contains(errOut, "use an http(s) URL") {
		t.Errorf("--base-url javascript: exit %d, %q", code, errOut)
	}

	// Content errors: every one printed with its position, then a summary; exit 1.
	bad := filepath.Join(site, "content/el/faq/general.md")
	src, _ := os.ReadFile(bad)
	broken := strings.Replace(string(src), "+++\n", "+++\ntitel = \"x\"\ndraft = \"maybe\"\n", 1)
	os.WriteFile(bad, []byte(broken), 0o644)
	code, _, errOut := runKB(t, "build", "-s", site)
	if code != 1 {
		t.Fatalf("broken content: exit %d", code)
	}
	for _, want := range []string{`content/el/faq/general.md:2:1: warning: front matter: unknown key "titel"`, "content/el/faq/general.md:3:", "1 error"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if _, err := os.Stat(filepath.Join(site, "public")); !os.IsNotExist(err) {
		t.Errorf("a failed first build created the output folder")
	}
}

// TestServeRebuildsAndReportsErrors drives kb serve over HTTP on a real
// folder: an edit is served after the rebuild, a broken file is announced
// to open pages while the last good page stays served.
func TestServeRebuildsAndReportsErrors(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server")
	}
	site := copySite(t)
	// A site given relative to the working folder, as writers type it.
	t.Chdir(filepath.Dir(site))
	base, out := startServe(t, filepath.Base(site))
	page := base + "/ar/orders/track-your-order/"
	body := waitFor(t, page, func(b string) bool { return strings.Contains(b, `dir="rtl"`) })
	if !strings.Contains(body, "/_kb/live.js") {
		t.Error("served page has no live-reload script")
	}
	if disk, _ := os.ReadFile(filepath.Join(site, "public/ar/orders/track-your-order/index.html")); bytes.Contains(disk, []byte("live.js")) {
		t.Error("live-reload script was written to disk")
	}
	if b := get(t, base+"/api/search?q=shipping&lang=en"); !strings.Contains(b, `"hits"`) {
		t.Errorf("search API: %s", b)
	}

	// DNS rebinding: a page of evil.example whose name now points at
	// 127.0.0.1 sends its own Host, which kb serve refuses.
	for _, path := range []string{"/_kb/live", "/api/feedback", "/ar/"} {
		req, _ := http.NewRequest(http.MethodGet, base+path, nil)
		req.Host = "evil.example:" + strings.Split(base, ":")[2]
		if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusMisdirectedRequest {
			t.Errorf("%s with Host %s: %v %v, want 421", path, req.Host, resp.Status, err)
		} else {
			resp.Body.Close()
		}
	}
	if b := get(t, strings.Replace(page, "127.0.0.1", "localhost", 1)); !strings.Contains(b, `dir="rtl"`) {
		t.Error("the page is not served on localhost")
	}

	events := openEvents(t, base+"/_kb/live")
	file := filepath.Join(site, "content/ar/orders/track-your-order.md")
	src, _ := os.ReadFile(file)
	edited := strings.Replace(string(src), "+++\n", "+++\n", 1) + "\nجملة جديدة للاختبار.\n"
	os.WriteFile(file, []byte(edited), 0o644)
	expectEvent(t, events, "reload")
	waitFor(t, page, func(b string) bool { return strings.Contains(b, "جملة جديدة للاختبار") })
	// The edit re-rendered the page where it shows, not the whole site.
	m := waitOutput(t, out, regexp.MustCompile(`content/ar/orders/track-your-order\.md changed: (\d+) pages rendered, 1 files written`))
	if n, _ := strconv.Atoi(m[1]); n == 0 || n > 20 {
		t.Errorf("one edit re-rendered %d pages, the site has 112", n)
	}

	os.WriteFile(file, []byte("+++\ntitle = \"unclosed\n"), 0o644)
	data := expectEvent(t, events, "error")
	if !strings.Contains(data, "content/ar/orders/track-your-order.md:") {
		t.Errorf("error event lacks the file and line: %s", data)
	}
	if b := get(t, page); !strings.Contains(b, "جملة جديدة للاختبار") {
		t.Error("the last good page is no longer served after a failed build")
	}
	os.WriteFile(file, []byte(edited), 0o644)
	expectEvent(t, events, "reload")
}

func get(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		return ""
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

func waitFor(t *testing.T, url string, ok func(string) bool) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		b := get(t, url)
		if ok(b) {
			return b
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s never became as expected; last body:\n%.500s", url, b)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

type sse struct{ name, data string }

func openEvents(t *testing.T, url string) <-chan sse {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	ch := make(chan sse, 16)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		var ev sse
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				ev.name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				ev.data = strings.TrimPrefix(line, "data: ")
			case line == "" && ev.name != "":
				ch <- ev
				ev = sse{}
			}
		}
	}()
	return ch
}

func expectEvent(t *testing.T, ch <-chan sse, name string) string {
	t.Helper()
	timeout := time.After(20 * time.Second)
	for {
		select {
		case ev := <-ch:
			if ev.name == name {
				return ev.data
			}
		case <-timeout:
			t.Fatalf("no %q event", name)
		}
	}
}

// waitOutput waits for kb serve to print a line matching re, and returns
// the match: the reload event of a rebuild comes before its line.
func waitOutput(t *testing.T, out *syncbuf.Buffer, re *regexp.Regexp) []string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		if m := re.FindStringSubmatch(out.String()); m != nil {
			return m
		}
		if time.Now().After(deadline) {
			t.Fatalf("kb serve did not print %s:\n%s", re, out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// freeAddr is a loopback address with a port nothing listens on, for a
// server the test starts.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startSearchInProcess runs kb search with args, on a free loopback port, for the
// rest of the test, and returns its base URL once it answers.
func startSearchInProcess(t *testing.T, args ...string) string {
	t.Helper()
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	var out syncbuf.Buffer
	go func() { done <- run(ctx, append(append([]string{"search"}, args...), "--addr", addr), &out, &out) }()
	t.Cleanup(func() { cancel(); <-done })
	base := "http://" + addr
	waitFor(t, base+"/healthz", func(b string) bool { return strings.HasPrefix(b, "ok") })
	return base
}

// startServe runs kb serve on the site at a free loopback port for the rest
// of the test, and returns its base URL and its output.
func startServe(t *testing.T, site string) (string, *syncbuf.Buffer) {
	t.Helper()
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	out := &syncbuf.Buffer{}
	go func() { done <- run(ctx, []string{"serve", "-s", site, "--addr", addr}, out, out) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Error("kb serve did not stop")
		}
	})
	return "http://" + addr, out
}

// TestBuildVerboseSaysWhyNoDates: outside a git checkout articles have no
// last-updated dates but those front matter gives; kb build -v says why,
// where a plain build in CI, with no terminal, says nothing of it.
func TestBuildVerboseSaysWhyNoDates(t *testing.T) {
	const why = "last-updated dates from history: the site folder is not a git repository"
	if _, _, errOut := runKB(t, "build", "-s", copySite(t), "--index", "-"); strings.Contains(errOut, why) {
		t.Errorf("a plain build printed its progress:\n%s", errOut)
	}
	if code, out, errOut := runKB(t, "build", "-v", "-s", copySite(t), "--index", "-"); code != 0 || !strings.Contains(errOut, why) {
		t.Errorf("kb build -v exit %d, does not say why there are no dates (%q):\n%s%s", code, why, out, errOut)
	}
}
