package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"kb/internal/syncbuf"
	"kb/search"
)

func TestSearchTrustProxyFlag(t *testing.T) {
	for _, arg := range []string{"--trust-proxy=nonsense", "--trust-proxy=10.0.0.0/99", "--trust-proxy=-1"} {
		code, _, errOut := runKB(t, "search", "--index", t.TempDir(), arg)
		if code != exitUsage || !strings.Contains(errOut, "trust-proxy") {
			t.Errorf("%s: exit %d, %q; want a usage error naming the flag", arg, code, errOut)
		}
	}
	var f trustFlag
	for in, want := range map[string]string{"true": "1", "2": "2", "10.0.0.0/8,192.0.2.7": "10.0.0.0/8,192.0.2.7/32"} {
		if err := f.Set(in); err != nil || f.String() != want {
			t.Errorf("--trust-proxy=%s: %v, %v; want %s", in, f.String(), err, want)
		}
	}
}

// TestSearchDrainsOnSIGTERM: after SIGTERM kb search keeps serving with
// /readyz answering 503, so that a load balancer takes it out before its
// listener closes; its answers close their connection, so that a proxy
// holds no kept-alive one to send a request on as the server stops (by
// default nginx retries a search elsewhere, but answers 502 to a vote); a
// second signal ends it at once.
func TestSearchDrainsOnSIGTERM(t *testing.T) {
	if testing.Short() {
		t.Skip("builds kb and runs a server")
	}
	bin := buildBinary(t)
	site := copySite(t)
	kbBuild(t, bin, site)
	srv := startSearch(t, bin, "--index", filepath.Join(site, ".kb", "search"), "--drain", "1h")
	status := func(path string) int {
		t.Helper()
		resp, err := http.Get(srv.base + path)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := status("/readyz"); code != 200 {
		t.Fatalf("/readyz before SIGTERM = %d", code)
	}
	srv.cmd.Process.Signal(syscall.SIGTERM)
	deadline := time.Now().Add(10 * time.Second)
	for status("/readyz") != http.StatusServiceUnavailable {
		if time.Now().After(deadline) {
			t.Fatal("/readyz never answered 503 after SIGTERM")
		}
		time.Sleep(20 * time.Millisecond)
	}
	resp, err := http.Get(srv.base + "/api/search?lang=en&q=refund")
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("search while draining = %d, want 200", resp.StatusCode)
	}
	if !resp.Close {
		t.Errorf("search while draining keeps its connection open (Connection: %q), want Connection: close", resp.Header.Get("Connection"))
	}
	done := make(chan error, 1)
	go func() { done <- srv.cmd.Wait() }()
	srv.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		t.Fatal("a second SIGTERM did not stop the draining server")
	}
}

// A value of a KB_ variable that does not parse is a usage error naming it,
// as a bad flag is, rather than a server running without the limit.
func TestSearchRefusesBadEnvironment(t *testing.T) {
	for _, bad := range [][2]string{
		{"KB_RATE_LIMIT", "10/s"},
		{"KB_RATE_LIMIT", "-5"},
		{"KB_POST_RATE_LIMIT", "lots"},
		{"KB_MAX_SEARCHES", "four"},
		{"KB_MAX_SEARCHES", "2.5"},
		{"KB_ACCESS_LOG", "yes please"},
		{"KB_DRAIN", "5"},
	} {
		t.Run(bad[0]+"="+bad[1], func(t *testing.T) {
			t.Setenv(bad[0], bad[1])
			code, _, errOut := runKB(t, "search", "--index", t.TempDir())
			if code != exitUsage || !strings.Contains(errOut, bad[0]) {
				t.Errorf("exit %d, %q; want a usage error naming %s", code, errOut, bad[0])
			}
		})
	}
}

// KB_ACCESS_LOG=false leaves the access log at its default (the first
// request and the failed ones), and true logs every request.
func TestSearchAccessLogFromEnvironment(t *testing.T) {
	index := filepath.Join(t.TempDir(), "index")
	if err := search.Build(t.Context(), index, []search.Document{
		{ID: "/en/a/", Lang: "en", URL: "/en/a/", Title: "Refunds", Kind: "article", Body: "refund"},
	}); err != nil {
		t.Fatal(err)
	}
	t.Setenv("KB_DRAIN", "0")
	for value, want := range map[string]int{"false": 1, "0": 1, "true": 3, "1": 3} {
		t.Run(value, func(t *testing.T) {
			t.Setenv("KB_ACCESS_LOG", value)
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			out, outW := io.Pipe()
			var errOut syncbuf.Buffer
			done := make(chan int, 1)
			go func() {
				done <- run(ctx, []string{"search", "--index", index, "--addr", "127.0.0.1:0"}, outW, &errOut)
				outW.Close()
			}()
			line, err := bufio.NewReader(out).ReadString('\n')
			_, base, ok := strings.Cut(strings.TrimSpace(line), "listening on ")
			if err != nil || !ok {
				t.Fatalf("kb search did not start: %q %v\n%s", line, err, errOut.String())
			}
			go io.Copy(io.Discard, out)
			for range 3 {
				resp, err := http.Get(base + "/api/search?lang=en&q=refund")
				if err != nil {
					t.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
			cancel()
			if code := <-done; code != exitOK {
				t.Fatalf("exit %d: %s", code, errOut.String())
			}
			if got := strings.Count(errOut.String(), `"msg":"http request"`); got != want {
				t.Errorf("KB_ACCESS_LOG=%s: %d of 3 requests logged, want %d:\n%s", value, got, want, errOut.String())
			}
		})
	}
}
