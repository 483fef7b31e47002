package server

import (
	"fmt"
	"hash/maphash"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"
)

func TestRateLimit(t *testing.T) {
	s, _ := newTestServer(t, func(c *Config) { c.RateLimit = 0.5; c.RateBurst = 2 })
	h := s.Handler()
	from := func(ip string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodGet, "/api/search?q=a&lang=en", nil)
		r.RemoteAddr = ip + ":5555"
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	for i := range 2 {
		if w := from("198.51.100.1"); w.Code != 200 {
			t.Fatalf("request %d within burst = %d", i, w.Code)
		}
	}
	w := from("198.51.100.1")
	if w.Code != http.StatusTooManyRequests {
		t.Fatalf("over budget = %d", w.Code)
	}
	jsonError(t, w)
	if ra, err := strconv.Atoi(w.Header().Get("Retry-After")); err != nil || ra < 1 || ra > 2 {
		t.Errorf("Retry-After = %q, want 1 or 2 s at 0.5 req/s", w.Header().Get("Retry-After"))
	}
	if w := from("198.51.100.2"); w.Code != 200 {
		t.Errorf("another client = %d, want its own budget", w.Code)
	}
	// Probes are never limited: the balancer polls from one address.
	r := httptest.NewRequest(http.MethodGet, "/healthz", nil)
	r.RemoteAddr = "198.51.100.1:5555"
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	if rec.Code != 200 {
		t.Errorf("healthz limited: %d", rec.Code)
	}
	if got := s.metrics.byCode[http.StatusTooManyRequests].Load(); got != 1 {
		t.Errorf("429s counted = %d", got)
	}
}

func TestRateLimiterRefills(t *testing.T) {
	now := time.Unix(1000, 0)
	l := newRateLimiter(2, 0, func() time.Time { return now })
	for i := range 2 {
		if ok, _ := l.allow("a"); !ok {
			t.Fatalf("request %d refused", i)
		}
	}
	ok, wait := l.allow("a")
	if ok || wait != 500*time.Millisecond {
		t.Fatalf("third = %v, wait %v; want refused for 500ms", ok, wait)
	}
	now = now.Add(500 * time.Millisecond)
	if ok, _ := l.allow("a"); !ok {
		t.Error("refused after refill")
	}
	// Idle clients are forgotten at the next sweep of their shard, which a
	// new client in that shard starts.
	now = now.Add(2 * sweepInterval)
	shard := func(key string) *limiterShard { return &l.shards[maphash.String(l.seed, key)%limiterShards] }
	other := "b"
	for i := 0; shard(other) != shard("a"); i++ {
		other = fmt.Sprintf("b%d", i)
	}
	l.allow(other)
	if _, ok := shard("a").clients["a"]; ok {
		t.Error("idle client not swept")
	}
}

func TestClientKey(t *testing.T) {
	ranges, err := ParseProxyTrust("10.0.0.0/8, 192.0.2.7")
	if err != nil {
		t.Fatal(err)
	}
	one, two := ProxyTrust{Hops: 1}, ProxyTrust{Hops: 2}
	tests := []struct {
		remote, xff string
		trust       ProxyTrust
		want        string
	}{
		{"192.0.2.7:1234", "", ProxyTrust{}, "192.0.2.7"},
		{"192.0.2.7:1234", "203.0.113.5", ProxyTrust{}, "192.0.2.7"},
		{"192.0.2.7:1234", "203.0.113.5", one, "203.0.113.5"},
		// The client wrote the first entry; the balancer appended the last.
		{"192.0.2.7:1234", "1.2.3.4, 203.0.113.5", one, "203.0.113.5"},
		{"192.0.2.7:1234", "garbage", one, "192.0.2.7"},
		// A CDN in front of the balancer: the CDN's entry is the client's.
		{"192.0.2.7:1234", "1.2.3.4, 203.0.113.5, 198.51.100.9", two, "203.0.113.5"},
		{"192.0.2.7:1234", "203.0.113.5", two, "203.0.113.5"},
		// Trusted ranges: the first untrusted hop from the right.
		{"192.0.2.7:1234", "1.2.3.4, 203.0.113.5, 10.1.2.3", ranges, "203.0.113.5"},
		{"192.0.2.7:1234", "203.0.113.5", ranges, "203.0.113.5"},
		{"192.0.2.7:1234", "10.0.0.1, 10.0.0.2", ranges, "10.0.0.1"},
		{"192.0.2.7:1234", "1.2.3.4, junk, 10.0.0.2", ranges, "10.0.0.2"},
		// A connection from outside the ranges is the client, whatever it claims.
		{"198.51.100.3:1234", "203.0.113.5", ranges, "198.51.100.3"},
		{"[2001:db8:1:2:3:4:5:6]:443", "", ProxyTrust{}, "2001:db8:1:2::/64"},
		{"[::ffff:192.0.2.9]:1", "", ProxyTrust{}, "192.0.2.9"},
		// Entries with a port, as Azure Application Gateway writes them,
		// and the quoted forms of Forwarded.
		{"192.0.2.7:1234", "198.51.100.1:1111", one, "198.51.100.1"},
		{"192.0.2.7:1234", "[2001:db8::1]:443", one, "2001:db8::/64"},
		{"192.0.2.7:1234", "[2001:db8::1]", one, "2001:db8::/64"},
		{"192.0.2.7:1234", `"[2001:db8::1]:443"`, one, "2001:db8::/64"},
		{"192.0.2.7:1234", `for="198.51.100.1:1111"`, one, "198.51.100.1"},
		{"192.0.2.7:1234", "1.2.3.4:5, 203.0.113.5:80, 10.1.2.3:9", ranges, "203.0.113.5"},
		{"192.0.2.7:1234", "10.0.0.1:1, 10.0.0.2:2", ranges, "10.0.0.1"},
		{"192.0.2.7:1234", "unknown", one, "192.0.2.7"},
	}
	for _, tt := range tests {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.RemoteAddr = tt.remote
		if tt.xff != "" {
			r.Header.Set("X-Forwarded-For", tt.xff)
		}
		if got := clientKey(r, tt.trust); got != tt.want {
			t.Errorf("clientKey(%s, %q, %v) = %q, want %q", tt.remote, tt.xff, tt.trust, got, tt.want)
		}
	}
}

func TestParseProxyTrust(t *testing.T) {
	for in, want := range map[string]string{
		"": "false", "false": "false", "true": "1", "2": "2",
		"10.0.0.0/8": "10.0.0.0/8", "10.1.2.3/8, ::1": "10.0.0.0/8,::1/128",
	} {
		got, err := ParseProxyTrust(in)
		if err != nil || got.String() != want {
			t.Errorf("ParseProxyTrust(%q) = %v, %v; want %s", in, got, err, want)
		}
	}
	for _, in := range []string{"-1", "10.0.0.0/99", "proxy.example"} {
		if _, err := ParseProxyTrust(in); err == nil {
			t.Errorf("ParseProxyTrust(%q) accepted", in)
		}
	}
}

// Behind a proxy that writes the client's port into X-Forwarded-For, every
// client still has its own budget, not the proxy's.
func TestRateLimitBehindProxyWithPorts(t *testing.T) {
	s, _ := newTestServer(t, func(c *Config) { c.RateLimit, c.RateBurst, c.TrustProxy = 1, 1, ProxyTrust{Hops: 1} })
	for _, client := range []string{"198.51.100.1:1111", "198.51.100.2:2222", "[2001:db8::1]:443", "[2001:db8:1::1]:443"} {
		if w := get(t, s.Handler(), "/api/search?q=refund&lang=en", "X-Forwarded-For", client); w.Code != 200 {
			t.Errorf("first search of %s = %d, want 200", client, w.Code)
		}
	}
	if w := get(t, s.Handler(), "/api/search?q=refund&lang=en", "X-Forwarded-For", "198.51.100.1:3333"); w.Code != 429 {
		t.Errorf("second search of 198.51.100.1 from another port = %d, want 429", w.Code)
	}
}
