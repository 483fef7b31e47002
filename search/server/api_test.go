package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"kb/search"
)

func TestSearchStatus(t *testing.T) {
	s, _ := newTestServer(t, func(c *Config) { c.MaxQueryLength = 10; c.MaxLimit = 20 })
	h := s.Handler()
	tests := []struct {
		target string
		code   int
	}{
		{"/api/search?q=refund&lang=en", 200},
		{"/api/search?lang=en", 200},
		{"/api/search?q=&lang=en", 200},
		{"/api/search?q=refund", 400},
		{"/api/search?q=refund&lang=xx", 400},
		{"/api/search?q=0123456789&lang=en", 200},
		{"/api/search?q=0123456789a&lang=en", 414},
		{"/api/search?q=%CE%B1%CE%B2%CE%B3%CE%B4%CE%B5%CE%B6&lang=en", 200}, // 6 Greek letters, 12 bytes: the limit is in characters
		{"/api/search?q=%CE%B1%CE%B2%CE%B3%CE%B4%CE%B5%CE%B6%CE%B1%CE%B2%CE%B3%CE%B4%CE%B5&lang=en", 414}, // 11 Greek letters
		{"/api/search?q=a&lang=en&limit=x", 400},
		{"/api/search?q=a&lang=en&limit=1.5", 400},
		{"/api/search?q=a&lang=en&limit=0", 200},
		{"/api/search?q=a&lang=en&limit=99999999999999999999", 400},
		{"/api/search?q=%ff&lang=en", 400},
	}
	for _, tt := range tests {
		w := get(t, h, tt.target)
		if w.Code != tt.code {
			t.Errorf("GET %s = %d %s, want %d", tt.target, w.Code, w.Body, tt.code)
			continue
		}
		if tt.code != 200 {
			jsonError(t, w)
			if cc := w.Header().Get("Cache-Control"); cc != "no-store" {
				t.Errorf("GET %s: error Cache-Control = %q", tt.target, cc)
			}
		}
	}
}

func TestSearchResponse(t *testing.T) {
	var seen []search.Query
	var mu sync.Mutex
	s, _ := newTestServer(t, func(c *Config) {
		c.MaxLimit = 20
		c.OnSearch = func(q search.Query, r search.Result) {
			mu.Lock()
			seen = append(seen, q)
			mu.Unlock()
		}
	})
	h := s.Handler()

	w := get(t, h, "/api/search?q=refund&lang=ar&section=policies&limit=500")
	if w.Code != 200 {
		t.Fatalf("code %d: %s", w.Code, w.Body)
	}
	if ct := w.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}
	if cc := w.Header().Get("Cache-Control"); cc != "public, max-age=60" {
		t.Errorf("Cache-Control = %q", cc)
	}
	if !strings.Contains(w.Body.String(), `"snippet":"how to <mark>refund</mark>"`) {
		t.Errorf("body %s: want the snippet's <mark> unescaped", w.Body)
	}
	var res search.Result
	if err := json.Unmarshal(w.Body.Bytes(), &res); err != nil {
		t.Fatal(err)
	}
	if res.Total != 1 || len(res.Hits) != 1 || res.Hits[0].URL != "/ar/policies/returns/" {
		t.Errorf("result = %+v", res)
	}
	for _, k := range []string{`"hits"`, `"total"`, `"took_ms"`, `"title"`, `"url"`, `"section"`, `"score"`} {
		if !strings.Contains(w.Body.String(), k) {
			t.Errorf("body lacks %s: %s", k, w.Body)
		}
	}

	get(t, h, "/api/search?q=x&lang=en")
	get(t, h, "/api/search?q=x&lang=en&limit=-3")
	get(t, h, "/api/search?lang=en") // empty: not a search
	want := []search.Query{
		{Text: "refund", Lang: "ar", Section: "policies", Limit: 20},
		{Text: "x", Lang: "en", Limit: defaultLimit},
		{Text: "x", Lang: "en", Limit: 1},
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != len(want) {
		t.Fatalf("OnSearch saw %+v, want %+v", seen, want)
	}
	for i := range want {
		if seen[i] != want[i] {
			t.Errorf("query %d = %+v, want %+v", i, seen[i], want[i])
		}
	}
}

func TestSearchEmptyQuery(t *testing.T) {
	s, _ := newTestServer(t, nil)
	w := get(t, s.Handler(), "/api/search?lang=en")
	if got := strings.TrimSpace(w.Body.String()); got != `{"hits":[],"total":0,"took_ms":0}` {
		t.Errorf("body = %s", got)
	}
}

func TestSearchNoStore(t *testing.T) {
	s, _ := newTestServer(t, func(c *Config) { c.SearchMaxAge = -1 })
	if cc := get(t, s.Handler(), "/api/search?q=a&lang=en").Header().Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control = %q", cc)
	}
}

func TestSearchTimeoutAndErrors(t *testing.T) {
	s, _ := newTestServer(t, func(c *Config) { c.RequestTimeout = 20 * time.Millisecond })
	h := s.Handler()
	fail := errors.New("disk on fire")
	for _, f := range s.acquireAll() {
		f.search = func(ctx context.Context, q search.Query) (search.Result, error) {
			switch q.Text {
			case "slow":
				<-ctx.Done()
				return search.Result{}, ctx.Err()
			case "fail":
				return search.Result{}, fail
			}
			return defaultSearch(ctx, q)
		}
	}
	start := time.Now()
	w := get(t, h, "/api/search?q=slow&lang=en")
	if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") == "" {
		t.Errorf("slow search = %d %v", w.Code, w.Header())
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("slow search took %v, want about RequestTimeout", d)
	}
	jsonError(t, w)
	w = get(t, h, "/api/search?q=fail&lang=en")
	if w.Code != http.StatusInternalServerError || strings.Contains(w.Body.String(), "fire") {
		t.Errorf("failing search = %d %s (internal errors must not leak)", w.Code, w.Body)
	}
	if got := s.metrics.errors.Load(); got != 2 {
		t.Errorf("errors counted = %d, want 2", got)
	}
}

// acquireAll returns the fake index currently served, for tests that
// reprogram it.
func (s *Server) acquireAll() []*fakeIndex {
	return []*fakeIndex{s.cur.Load().s.(*fakeIndex)}
}

func TestCORS(t *testing.T) {
	s, _ := newTestServer(t, func(c *Config) { c.CORSOrigins = []string{"https://help.example.com"} })
	h := s.Handler()

	w := get(t, h, "/api/search?q=a&lang=en", "Origin", "https://help.example.com")
	if got := w.Header().Get("Access-Control-Allow-Origin"); got != "https://help.example.com" {
		t.Errorf("allowed origin: ACAO = %q", got)
	}
	if got := w.Header().Get("Vary"); got != "Origin" {
		t.Errorf("Vary = %q", got)
	}

	w = get(t, h, "/api/search?q=a&lang=en", "Origin", "https://evil.example")
	if w.Code != 200 || w.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("denied origin: %d ACAO=%q", w.Code, w.Header().Get("Access-Control-Allow-Origin"))
	}
	if got := w.Header().Get("Vary"); got != "Origin" {
		t.Errorf("denied: Vary = %q", got)
	}
	if got := get(t, h, "/api/search?q=a&lang=en").Header().Get("Vary"); got != "Origin" {
		t.Errorf("no Origin: Vary = %q, caches must still key on Origin", got)
	}

	w = do(t, h, http.MethodOptions, "/api/search", nil,
		"Origin", "https://help.example.com", "Access-Control-Request-Method", "GET")
	if w.Code != http.StatusNoContent ||
		w.Header().Get("Access-Control-Allow-Origin") != "https://help.example.com" ||
		!strings.Contains(w.Header().Get("Access-Control-Allow-Methods"), "GET") {
		t.Errorf("preflight allowed: %d %v", w.Code, w.Header())
	}
	w = do(t, h, http.MethodOptions, "/api/feedback", nil,
		"Origin", "https://help.example.com", "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type")
	if w.Code != http.StatusNoContent ||
		!strings.Contains(w.Header().Get("Access-Control-Allow-Methods"), "POST") ||
		!strings.EqualFold(w.Header().Get("Access-Control-Allow-Headers"), "Content-Type") {
		t.Errorf("feedback preflight: %d %v", w.Code, w.Header())
	}
	w = do(t, h, http.MethodOptions, "/api/search", nil,
		"Origin", "https://evil.example", "Access-Control-Request-Method", "GET")
	if w.Code != http.StatusForbidden || w.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("preflight denied: %d %v", w.Code, w.Header())
	}
}

// The site's own origin (baseURL's), from which the votes and clicks are
// taken, passes the browser's preflight too when the API is on another
// origin, and the answers tell the browser so.
func TestPreflightTakesTheSitesOwnOrigin(t *testing.T) {
	s, _ := newTestServer(t, func(c *Config) {
		c.BaseURL = "https://help.example/docs/"
		c.CORSOrigins = []string{"https://shop.example"}
		c.Feedback, c.Clicks = &memorySink{}, &memoryClicks{}
	})
	h := s.Handler()
	for _, ep := range []struct{ path, method, body string }{
		{"/api/feedback", "POST", `{"page":"/en/faq/","helpful":true}`},
		{"/api/click", "POST", `{"q":"refund","url":"/en/faq/"}`},
		{"/api/search", "GET", ""},
	} {
		w := do(t, h, http.MethodOptions, ep.path, nil, "Origin", "https://help.example",
			"Access-Control-Request-Method", ep.method, "Access-Control-Request-Headers", "content-type")
		if w.Code != http.StatusNoContent || w.Header().Get("Access-Control-Allow-Origin") != "https://help.example" ||
			!strings.Contains(w.Header().Get("Access-Control-Allow-Methods"), ep.method) {
			t.Errorf("preflight of %s from the site's origin: %d %v", ep.path, w.Code, w.Header())
		}
		if ep.method == "POST" {
			w = post(t, h, ep.path, ep.body, "Content-Type", "application/json", "Origin", "https://help.example")
			if w.Code != http.StatusNoContent || w.Header().Get("Access-Control-Allow-Origin") != "https://help.example" {
				t.Errorf("POST %s from the site's origin: %d ACAO %q", ep.path, w.Code, w.Header().Get("Access-Control-Allow-Origin"))
			}
		}
	}
	w := do(t, h, http.MethodOptions, "/api/feedback", nil, "Origin", "https://evil.example", "Access-Control-Request-Method", "POST")
	if w.Code != http.StatusForbidden {
		t.Errorf("preflight from another site = %d, want 403", w.Code)
	}
	if got := get(t, h, "/api/search?q=a&lang=en", "Origin", "https://evil.example").Header().Get("Vary"); got != "Origin" {
		t.Errorf("Vary = %q: the answer depends on Origin", got)
	}
}

func TestCORSAny(t *testing.T) {
	s, _ := newTestServer(t, func(c *Config) { c.CORSOrigins = []string{"*"} })
	w := get(t, s.Handler(), "/api/search?q=a&lang=en", "Origin", "https://anyone.example")
	if got := w.Header().Get("Access-Control-Allow-Origin"); got != "*" {
		t.Errorf("ACAO = %q", got)
	}
	if got := w.Header().Get("Vary"); got != "" {
		t.Errorf("Vary = %q, want none: the answer does not depend on Origin", got)
	}
}

func TestCORSOff(t *testing.T) {
	s, _ := newTestServer(t, nil)
	w := get(t, s.Handler(), "/api/search?q=a&lang=en", "Origin", "https://anyone.example")
	if w.Header().Get("Access-Control-Allow-Origin") != "" || w.Header().Get("Vary") != "" {
		t.Errorf("CORS headers without CORSOrigins: %v", w.Header())
	}
}

func TestConfigErrors(t *testing.T) {
	o := &opener{nextID: "b"}
	for name, cfg := range map[string]Config{
		"no index dir":      {Open: o.open},
		"origin with slash": {IndexDir: t.TempDir(), Open: o.open, CORSOrigins: []string{"https://a.example/"}},
		"origin no scheme":  {IndexDir: t.TempDir(), Open: o.open, CORSOrigins: []string{"a.example"}},
		"negative rate":     {IndexDir: t.TempDir(), Open: o.open, RateLimit: -1},
		"missing site":      {IndexDir: t.TempDir(), Open: o.open, SiteDir: "/nonexistent/site"},
	} {
		if _, err := New(cfg); err == nil {
			t.Errorf("%s: New succeeded", name)
		}
	}
	bad := &opener{err: errors.New("no manifest")}
	if _, err := New(Config{IndexDir: t.TempDir(), Open: bad.open}); err == nil || !strings.Contains(err.Error(), "no manifest") {
		t.Errorf("unopenable index: err = %v", err)
	}
}

func TestHealth(t *testing.T) {
	s, _ := newTestServer(t, nil)
	h := s.Handler()
	if w := get(t, h, "/healthz"); w.Code != 200 || w.Body.String() != "ok\n" {
		t.Errorf("healthz = %d %q", w.Code, w.Body)
	}
	if w := get(t, h, "/readyz"); w.Code != 200 {
		t.Errorf("readyz = %d", w.Code)
	}
	s.Close()
	if w := get(t, h, "/readyz"); w.Code != http.StatusServiceUnavailable {
		t.Errorf("readyz after Close = %d", w.Code)
	}
	if w := get(t, h, "/healthz"); w.Code != 200 {
		t.Errorf("healthz after Close = %d", w.Code)
	}
	if w := get(t, h, "/api/search?q=a&lang=en"); w.Code != http.StatusServiceUnavailable {
		t.Errorf("search after Close = %d", w.Code)
	}
}

func TestNotFoundAndMethods(t *testing.T) {
	s, _ := newTestServer(t, nil)
	h := s.Handler()
	if w := get(t, h, "/nope"); w.Code != 404 {
		t.Errorf("GET /nope = %d", w.Code)
	} else {
		jsonError(t, w)
	}
	if w := post(t, h, "/api/search", ""); w.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST /api/search = %d", w.Code)
	}
	if w := get(t, h, "/api/feedback"); w.Code != http.StatusMethodNotAllowed && w.Code != http.StatusNotFound {
		t.Errorf("GET /api/feedback = %d", w.Code)
	}
}

func TestPanicRecovery(t *testing.T) {
	var logs bytes.Buffer
	s, _ := newTestServer(t, func(c *Config) {
		c.Logger = slog.New(slog.NewJSONHandler(&logs, nil))
	})
	s.acquireAll()[0].search = func(ctx context.Context, q search.Query) (search.Result, error) {
		panic("boom")
	}
	w := get(t, s.Handler(), "/api/search?q=a&lang=en")
	if w.Code != 500 {
		t.Fatalf("code = %d", w.Code)
	}
	jsonError(t, w)
	if !strings.Contains(logs.String(), "boom") {
		t.Errorf("panic not logged: %s", logs.String())
	}
	// The server keeps working.
	s.acquireAll()[0].search = nil
	if w := get(t, s.Handler(), "/api/search?q=a&lang=en"); w.Code != 200 {
		t.Errorf("after panic: %d", w.Code)
	}
	// The panicking search still released its index reference.
	if n := s.cur.Load().refs.Load(); n != 1 {
		t.Errorf("refs = %d, want 1", n)
	}
}

func TestAccessLog(t *testing.T) {
	var logs bytes.Buffer
	s, _ := newTestServer(t, func(c *Config) {
		c.Logger = slog.New(slog.NewJSONHandler(&logs, nil))
	})
	get(t, s.Handler(), "/api/search?q=secret+words&lang=en",
		"User-Agent", "Agent/1.0", "X-Forwarded-For", "203.0.113.9")
	var line map[string]any
	if err := json.Unmarshal(logs.Bytes(), &line); err != nil {
		t.Fatalf("log %q: %v", logs.String(), err)
	}
	if line["method"] != "GET" || line["path"] != "/api/search" || line["status"] != float64(200) ||
		line["bytes"] == nil || line["duration"] == nil {
		t.Errorf("log line = %v", line)
	}
	for _, leak := range []string{"secret", "Agent", "203.0.113", "192.0.2"} {
		if strings.Contains(logs.String(), leak) {
			t.Errorf("log line contains %q: %s", leak, logs.String())
		}
	}
}
