package server

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
)

// The issue: kb search --site sent no Content-Security-Policy,
// Referrer-Policy or frame protection.
func TestSecurityHeaders(t *testing.T) {
	s, _ := newTestServer(t, func(c *Config) {
		c.SiteDir = writeSite(t)
		c.SearchEndpoint = "https://search.example/api/search"
	})
	for _, path := range []string{"/", "/nope/", "/api/search?q=a&lang=en", "/healthz"} {
		h := get(t, s.Handler(), path).Header()
		csp := h.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'self'", "script-src 'self';", "style-src 'self';", "object-src 'none'",
			"frame-ancestors 'none'", "base-uri 'self'", "connect-src 'self' https://search.example;"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: Content-Security-Policy %q lacks %q", path, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
			t.Errorf("%s: the policy allows inline code: %q", path, csp)
		}
		for k, want := range map[string]string{
			"Referrer-Policy":        "strict-origin-when-cross-origin",
			"X-Content-Type-Options": "nosniff",
			"X-Frame-Options":        "DENY",
		} {
			if got := h.Get(k); got != want {
				t.Errorf("%s: %s = %q, want %q", path, k, got, want)
			}
		}
	}
}

// /metrics on the main address counts against the client's budget, like the
// API: it is public there.
func TestMetricsRateLimited(t *testing.T) {
	s, _ := newTestServer(t, func(c *Config) { c.RateLimit = 0.1; c.RateBurst = 1 })
	if w := get(t, s.Handler(), "/metrics"); w.Code != 200 {
		t.Fatalf("first /metrics = %d", w.Code)
	}
	if w := get(t, s.Handler(), "/metrics"); w.Code != http.StatusTooManyRequests {
		t.Errorf("second /metrics = %d, want 429", w.Code)
	}
}

// With MetricsAddr, /metrics moves there and the public address has none.
func TestMetricsAddr(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	metricsAddr := ln.Addr().String()
	ln.Close()
	s, _ := newTestServer(t, func(c *Config) { c.MetricsAddr = metricsAddr })
	ctx, cancel := context.WithCancel(t.Context())
	base, errc := startRun(t, ctx, s)
	defer func() {
		cancel()
		if err := <-errc; err != nil {
			t.Error(err)
		}
	}()
	status := func(url string) (int, string) {
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, _ := status(base + "/metrics"); code != http.StatusNotFound {
		t.Errorf("/metrics on the public address = %d, want 404", code)
	}
	if code, body := status("http://" + metricsAddr + "/metrics"); code != 200 || !strings.Contains(body, "kb_search_requests_total") {
		t.Errorf("/metrics on --metrics-addr = %d %.80q", code, body)
	}
	if code, _ := status("http://" + metricsAddr + "/api/search?q=a&lang=en"); code != http.StatusNotFound {
		t.Errorf("the metrics address serves the API: %d", code)
	}
}
