package server

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"kb/search"
)

// startRun runs s on a free local port and returns its base URL and a
// channel with Run's result.
func startRun(t *testing.T, ctx context.Context, s *Server) (string, <-chan error) {
	t.Helper()
	addrc := make(chan net.Addr, 1)
	errc := make(chan error, 1)
	go func() { errc <- s.Run(ctx, "127.0.0.1:0", func(a net.Addr) { addrc <- a }) }()
	select {
	case a := <-addrc:
		return "http://" + a.String(), errc
	case err := <-errc:
		t.Fatalf("Run: %v", err)
	case <-time.After(5 * time.Second):
		t.Fatal("Run never became ready")
	}
	return "", nil
}

// TestRunEndToEnd exercises the server over a real listener.
func TestRunEndToEnd(t *testing.T) {
	sink := &memorySink{}
	s, o := newTestServer(t, func(c *Config) {
		c.SiteDir = writeSite(t)
		c.Feedback = sink
		c.CORSOrigins = []string{"https://help.example.com"}
	})
	ctx, cancel := context.WithCancel(t.Context())
	base, errc := startRun(t, ctx, s)

	resp, err := http.Get(base + "/api/search?q=refund&lang=en")
	if err != nil {
		t.Fatal(err)
	}
	var res search.Result
	if err := json.NewDecoder(resp.Body).Decode(&res); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || len(res.Hits) != 1 || res.Hits[0].Snippet != "how to <mark>refund</mark>" {
		t.Errorf("search = %d %+v", resp.StatusCode, res)
	}

	req, _ := http.NewRequest(http.MethodPost, base+"/api/feedback", strings.NewReader(`{"page":"/en/policies/returns/","helpful":true}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", "https://help.example.com")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Errorf("feedback = %d", resp.StatusCode)
	}

	for path, want := range map[string]int{"/healthz": 200, "/readyz": 200, "/metrics": 200, "/ar/nope/": 404, "/": 200} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("GET %s = %d, want %d", path, resp.StatusCode, want)
		}
		if path == "/metrics" && !strings.Contains(string(body), `kb_search_requests_total{code="200"} 1`) {
			t.Errorf("metrics:\n%s", body)
		}
	}

	// Oversized headers are refused before reaching a handler.
	req, _ = http.NewRequest(http.MethodGet, base+"/healthz", nil)
	req.Header.Set("X-Big", strings.Repeat("x", 64<<10))
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
			t.Errorf("huge header = %d", resp.StatusCode)
		}
	}

	cancel()
	if err := <-errc; err != nil {
		t.Errorf("Run = %v", err)
	}
	if !o.all()[0].closed.Load() {
		t.Error("index still open after Run returned")
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("still accepting connections after shutdown")
	}
}

// TestRunGracefulShutdown: a search in flight when shutdown begins completes
// with 200, new connections are refused, and the index is closed after.
func TestRunGracefulShutdown(t *testing.T) {
	entered, release := make(chan struct{}), make(chan struct{})
	o := &opener{nextID: "b1"}
	o.search = func(ctx context.Context, q search.Query) (search.Result, error) {
		if q.Text == "slow" {
			close(entered)
			<-release
		}
		return defaultSearch(ctx, q)
	}
	s, err := New(Config{IndexDir: t.TempDir(), Open: o.open, RequestTimeout: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	base, errc := startRun(t, ctx, s)

	type answer struct {
		code int
		err  error
	}
	got := make(chan answer, 1)
	go func() {
		resp, err := http.Get(base + "/api/search?q=slow&lang=en")
		if err != nil {
			got <- answer{0, err}
			return
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		got <- answer{resp.StatusCode, nil}
	}()
	<-entered
	cancel()

	// Shutdown closes the listener first; wait for that, then check that
	// Run is still waiting for the in-flight request.
	deadline := time.Now().Add(5 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", strings.TrimPrefix(base, "http://"), 100*time.Millisecond)
		if err != nil {
			break
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatal("listener still open after cancel")
		}
		time.Sleep(5 * time.Millisecond)
	}
	select {
	case err := <-errc:
		t.Fatalf("Run returned (%v) before the in-flight request finished", err)
	case <-time.After(50 * time.Millisecond):
	}
	if o.all()[0].closed.Load() {
		t.Fatal("index closed under an in-flight request")
	}
	if !s.stopping.Load() {
		t.Error("not marked as stopping")
	}

	close(release)
	if a := <-got; a.err != nil || a.code != 200 {
		t.Errorf("in-flight request = %d, %v", a.code, a.err)
	}
	select {
	case err := <-errc:
		if err != nil {
			t.Errorf("Run = %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return")
	}
	if !o.all()[0].closed.Load() {
		t.Error("index not closed")
	}
}

func TestRunListenError(t *testing.T) {
	s, _ := newTestServer(t, nil)
	err := s.Run(t.Context(), "256.0.0.1:-1", nil)
	var opErr *net.OpError
	if err == nil || (!errors.As(err, &opErr) && !strings.Contains(err.Error(), "address")) {
		t.Errorf("Run on a bad address = %v", err)
	}
}
