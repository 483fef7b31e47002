package server

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// A page on another site must not be able to vote in its reader's name, and
// only JSON is accepted, so an HTML form cannot post a vote either.
func TestPostNeedsOwnOriginAndJSON(t *testing.T) {
	sink, clicks := &memorySink{}, &memoryClicks{}
	s, _ := newTestServer(t, func(c *Config) {
		c.Feedback, c.Clicks = sink, clicks
		c.CORSOrigins = []string{"https://shop.example"}
		c.BaseURL = "https://help.example/docs/"
		c.PostRateLimit = -1
	})
	h := s.Handler()
	tests := []struct {
		name, origin, contentType string
		code                      int
	}{
		{"same host", "http://example.com", "application/json", 204},
		{"charset", "http://example.com", "application/json; charset=utf-8", 204},
		{"CORS origin", "https://shop.example", "application/json", 204},
		{"baseURL origin behind a proxy", "https://help.example", "application/json", 204},
		{"another site", "https://evil.example", "application/json", 403},
		{"host as a suffix", "http://example.com.evil.example", "application/json", 403},
		{"opaque origin", "null", "application/json", 403},
		{"no origin", "", "application/json", 403},
		{"form post", "http://example.com", "application/x-www-form-urlencoded", 415},
		{"text/plain beacon", "http://example.com", "text/plain;charset=UTF-8", 415},
		{"no content type", "http://example.com", "", 415},
	}
	for i, tt := range tests {
		for _, ep := range []struct{ path, body string }{
			{"/api/feedback", fmt.Sprintf(`{"page":"/en/faq/%d/","helpful":true}`, i)},
			{"/api/click", `{"q":"refund","url":"/en/faq/"}`},
		} {
			var hdr []string
			if tt.contentType != "" {
				hdr = append(hdr, "Content-Type", tt.contentType)
			}
			if tt.origin != "" {
				hdr = append(hdr, "Origin", tt.origin)
			}
			w := post(t, h, ep.path, ep.body, hdr...)
			if w.Code != tt.code {
				t.Errorf("%s %s: %d %s, want %d", ep.path, tt.name, w.Code, w.Body, tt.code)
			}
			if tt.code != 204 {
				jsonError(t, w)
			}
		}
	}
	if got := len(sink.got); got != 4 {
		t.Errorf("%d votes recorded, want 4", got)
	}
	if got := len(clicks.got); got != 4 {
		t.Errorf("%d clicks recorded, want 4", got)
	}
}

// The flood of the issue: 32 clients sending 20,594 votes in 3 s were all
// accepted. From one address, the default budget lets a burst through and
// refuses the rest.
func TestPostRateLimitIsOnByDefault(t *testing.T) {
	sink := &memorySink{}
	s, _ := newTestServer(t, func(c *Config) { c.Feedback = sink })
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	var accepted, refused atomic.Int64
	var wg sync.WaitGroup
	for c := range 32 {
		wg.Go(func() {
			for i := range 20 {
				body := fmt.Sprintf(`{"page":"/en/faq/%d-%d/","helpful":false}`, c, i)
				req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/feedback", strings.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Origin", srv.URL)
				resp, err := srv.Client().Do(req)
				if err != nil {
					t.Error(err)
					return
				}
				resp.Body.Close()
				switch resp.StatusCode {
				case http.StatusNoContent:
					accepted.Add(1)
				case http.StatusTooManyRequests:
					refused.Add(1)
				default:
					t.Errorf("vote = %d", resp.StatusCode)
				}
			}
		})
	}
	wg.Wait()
	// The burst, plus what refills while the test runs.
	if n := accepted.Load(); n < defaultPostBurst || n > defaultPostBurst+10 {
		t.Errorf("%d of 640 votes accepted from one address, want about %d", n, defaultPostBurst)
	}
	if int64(len(sink.got)) != accepted.Load() {
		t.Errorf("sink got %d votes, %d were accepted", len(sink.got), accepted.Load())
	}
}

func TestPostRateLimitCanBeTurnedOff(t *testing.T) {
	sink := &memorySink{}
	s, _ := newTestServer(t, func(c *Config) { c.Feedback = sink; c.PostRateLimit = -1 })
	for i := range 3 * defaultPostBurst {
		if w := post(t, s.Handler(), "/api/feedback", fmt.Sprintf(`{"page":"/en/%d/"}`, i), sameSite...); w.Code != 204 {
			t.Fatalf("vote %d = %d with the limit off", i, w.Code)
		}
	}
}

// One client counts once per page per hour; another client, another page or
// the next hour count again.
func TestVoteCountsOncePerClientPageAndHour(t *testing.T) {
	sink := &memorySink{}
	s, _ := newTestServer(t, func(c *Config) { c.Feedback = sink; c.TrustProxy = ProxyTrust{Hops: 1} })
	now := time.Date(2026, 3, 1, 10, 5, 0, 0, time.UTC)
	s.votes.now = func() time.Time { return now }
	vote := func(client, page string) {
		t.Helper()
		w := post(t, s.Handler(), "/api/feedback", `{"page":"`+page+`","helpful":false}`, append(sameSite, "X-Forwarded-For", client)...)
		if w.Code != 204 {
			t.Fatalf("vote = %d %s", w.Code, w.Body)
		}
	}
	for range 5 {
		vote("203.0.113.1", "/en/faq/")
	}
	vote("203.0.113.1", "/en/returns/")
	vote("203.0.113.2", "/en/faq/")
	now = now.Add(time.Hour)
	vote("203.0.113.1", "/en/faq/")
	if len(sink.got) != 4 {
		t.Errorf("%d votes counted, want 4: %+v", len(sink.got), sink.got)
	}
	if got := s.metrics.feedbackRepeats.Load(); got != 4 {
		t.Errorf("repeats = %d, want 4", got)
	}
	// The ledger holds hashes only, and only the current hour's.
	if len(s.votes.seen) != 1 {
		t.Errorf("ledger holds %d entries after the hour turned, want 1", len(s.votes.seen))
	}
}

func TestVoteLedgerIsBounded(t *testing.T) {
	now := time.Date(2026, 3, 1, 10, 59, 0, 0, time.UTC)
	l := newVoteLedger(func() time.Time { return now })
	for i := range maxVotesPerHour {
		if v, _, _ := l.record(fmt.Sprint(i), fmt.Sprint("net", i%1000), fmt.Sprint("/en/", i%1000)); v != voteFirst {
			t.Fatalf("vote %d = %v", i, v)
		}
	}
	v, wait, _ := l.record("one more", "another net", "/en/another/")
	if v != voteLedgerFull || wait != time.Minute {
		t.Errorf("past the bound: %v, wait %v; want full for the minute left", v, wait)
	}
}
