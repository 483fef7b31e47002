package main

import (
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
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
// listener closes; a second signal ends it at once.
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
	if code := status("/api/search?lang=en&q=refund"); code != 200 {
		t.Errorf("search while draining = %d, want 200", code)
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
