package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"kb/search/analytics"
	"kb/search/server"
)

// TestVoteFloodKeepsHistory is the "anyone can erase the analytics":
// 20,000 votes from thousands of addresses (a botnet behind the trusted
// proxy, with the rate limit off so that every vote reaches the store) are
// posted over HTTP on loopback into a store capped at 1 MiB. A week of
// earlier votes is still in kb report afterwards.
func TestVoteFloodKeepsHistory(t *testing.T) {
	data := t.TempDir()
	var mu sync.Mutex
	now := time.Now().UTC().Truncate(time.Hour).Add(-7 * 24 * time.Hour)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	store, err := analytics.OpenFile(filepath.Join(data, analyticsFile), analytics.Options{Now: clock, MaxBytes: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	srv, err := server.New(server.Config{
		IndexDir: t.TempDir(), Open: func(string) (server.Searcher, error) { return noIndex{}, nil },
		Feedback: store, PostRateLimit: -1, TrustProxy: server.ProxyTrust{Hops: 1},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ts := httptest.NewServer(srv)
	defer ts.Close()

	var refused atomic.Int64
	vote := func(client, page, comment string, helpful bool) {
		body := fmt.Sprintf(`{"page":%q,"helpful":%v,"reason":"unclear","comment":%q}`, page, helpful, comment)
		if helpful {
			body = fmt.Sprintf(`{"page":%q,"helpful":true,"comment":%q}`, page, comment)
		}
		req, _ := http.NewRequest(http.MethodPost, ts.URL+"/api/feedback", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Origin", ts.URL)
		req.Header.Set("X-Forwarded-For", client)
		resp, err := ts.Client().Do(req)
		if err != nil {
			t.Error(err)
			return
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNoContent {
			refused.Add(1)
		}
	}
	// A week of real votes: one reader an hour finds the shipping page unclear.
	const page = "/en/faq/shipping/"
	for h := range 7 * 24 {
		mu.Lock()
		now = now.Add(time.Hour)
		mu.Unlock()
		vote(fmt.Sprintf("198.51.100.%d", h%250), page, "the week of real votes", false)
	}
	time.Sleep(1500 * time.Millisecond) // the writer flushes every second

	// The flood: 32 clients, 20,000 votes on 40 pages, each from its own
	// address (within what the vote ledger lets a page and a network have).
	var wg sync.WaitGroup
	for c := range 32 {
		wg.Go(func() {
			for i := c; i < 20_000; i += 32 {
				vote(fmt.Sprintf("10.%d.%d.%d", i>>16, i>>8&255, i&255), fmt.Sprintf("/en/faq/flooded-%d/", i%40), "flood "+strings.Repeat("x", 200), true)
			}
		})
	}
	wg.Wait()
	if n := refused.Load(); n != 0 {
		t.Fatalf("%d votes refused; the test wants them all in the store", n)
	}
	if err := store.Close(); err != nil {
		t.Fatal(err)
	}

	code, out, errOut := runKB(t, "report", "--data", data, "--since", "10d")
	if code != 0 {
		t.Fatalf("kb report exit %d: %s", code, errOut)
	}
	articles := section(out, "Least helpful articles")
	if !strings.Contains(articles, page) || !strings.Contains(articles, "unclear 168") {
		t.Errorf("the week of votes on %s is gone after the flood:\n%s", page, out)
	}
}
