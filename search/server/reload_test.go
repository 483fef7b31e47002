package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"kb/internal/syncbuf"
	"kb/search"
)

// TestReloadUnderLoad swaps the index again and again while 32 clients keep
// searching: no request may fail, no search may run on a closed index, and
// every replaced index must end up closed exactly once.
func TestReloadUnderLoad(t *testing.T) {
	o := &opener{nextID: "build-0"}
	o.search = func(ctx context.Context, q search.Query) (search.Result, error) {
		time.Sleep(50 * time.Microsecond) // long enough to overlap swaps
		return defaultSearch(ctx, q)
	}
	s, err := New(Config{IndexDir: t.TempDir(), Open: o.open})
	if err != nil {
		t.Fatal(err)
	}
	h := s.Handler()

	var failed, served atomic.Int64
	stop := untilStopped(32, func() {
		w := get(t, h, "/api/search?q=refund&lang=en")
		served.Add(1)
		if w.Code != 200 {
			failed.Add(1)
		}
	})
	const reloads = 200
	for i := 1; i <= reloads; i++ {
		o.setNext(fmt.Sprintf("build-%d", i))
		if err := s.Reload(); err != nil {
			t.Error(err)
		}
		if i%10 == 0 {
			time.Sleep(time.Millisecond)
		}
	}
	// Same build id: nothing to swap, and the extra copy is closed.
	if err := s.Reload(); err != nil {
		t.Error(err)
	}
	stop()

	if n := failed.Load(); n != 0 {
		t.Errorf("%d of %d requests failed during reloads", n, served.Load())
	}
	if got := s.metrics.reloads.Load(); got != reloads {
		t.Errorf("reloads = %d, want %d", got, reloads)
	}
	opened := o.all()
	if len(opened) != reloads+2 {
		t.Fatalf("opened %d indexes, want %d", len(opened), reloads+2)
	}
	current := s.cur.Load().s.(*fakeIndex)
	for _, f := range opened {
		if n := f.misuse.Load(); n != 0 {
			t.Errorf("%s: %d searches on a closed index", f.id, n)
		}
		if f != current && !f.closed.Load() {
			t.Errorf("%s replaced but never closed", f.id)
		}
	}
	if current.id != fmt.Sprintf("build-%d", reloads) || current.closed.Load() {
		t.Errorf("current = %s closed=%v", current.id, current.closed.Load())
	}
	if err := s.Close(); err != nil {
		t.Error(err)
	}
	if !current.closed.Load() {
		t.Error("Close left the index open")
	}
	t.Logf("%d requests across %d reloads", served.Load(), reloads)
}

// TestReloadWaitsForInFlight: the old index stays open until the search that
// started on it returns, and that search succeeds.
func TestReloadWaitsForInFlight(t *testing.T) {
	entered, release := make(chan struct{}), make(chan struct{})
	o := &opener{nextID: "old"}
	o.search = func(ctx context.Context, q search.Query) (search.Result, error) {
		if q.Text == "block" {
			close(entered)
			<-release
		}
		return defaultSearch(ctx, q)
	}
	s, err := New(Config{IndexDir: t.TempDir(), Open: o.open})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	h := s.Handler()

	done := make(chan int)
	go func() { done <- get(t, h, "/api/search?q=block&lang=en").Code }()
	<-entered
	o.setNext("new")
	if err := s.Reload(); err != nil {
		t.Fatal(err)
	}
	old := o.all()[0]
	if old.closed.Load() {
		t.Fatal("old index closed under an in-flight search")
	}
	if w := get(t, h, "/api/search?q=other&lang=en"); w.Code != 200 || o.all()[1].closed.Load() {
		t.Errorf("search on the new index = %d", w.Code)
	}
	close(release)
	if code := <-done; code != 200 {
		t.Errorf("in-flight search = %d", code)
	}
	if !old.closed.Load() {
		t.Error("old index not closed after its last search")
	}
}

func TestReloadFailureKeepsServing(t *testing.T) {
	s, o := newTestServer(t, nil)
	o.mu.Lock()
	o.err = errors.New("half-renamed")
	o.mu.Unlock()
	if err := s.Reload(); err == nil {
		t.Fatal("Reload succeeded")
	}
	if w := get(t, s.Handler(), "/api/search?q=a&lang=en"); w.Code != 200 {
		t.Errorf("after failed reload = %d", w.Code)
	}
	if got := s.cur.Load().id; got != "build-1" {
		t.Errorf("serving %s", got)
	}
	s.Close()
	if err := s.Reload(); err == nil {
		t.Error("Reload after Close succeeded")
	}
}

// TestWatchManifest: a changed manifest.json triggers a reload; an unchanged
// one does not reopen the index.
func TestWatchManifest(t *testing.T) {
	dir := t.TempDir()
	manifest := filepath.Join(dir, "manifest.json")
	if err := os.WriteFile(manifest, []byte(`{"build_id":"build-1"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	s, o := newTestServer(t, func(c *Config) { c.IndexDir = dir; c.ReloadEvery = 5 * time.Millisecond })
	ctx, cancel := context.WithCancel(t.Context())
	var wg sync.WaitGroup
	wg.Go(func() { s.watch(ctx) })
	defer func() { cancel(); wg.Wait() }()

	time.Sleep(50 * time.Millisecond)
	if n := len(o.all()); n != 1 {
		t.Errorf("unchanged manifest reopened the index %d times", n-1)
	}
	o.setNext("build-2")
	if err := os.WriteFile(manifest, []byte(`{"build_id":"build-2"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for s.cur.Load().id != "build-2" {
		if time.Now().After(deadline) {
			t.Fatal("manifest change not picked up")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if !o.all()[0].closed.Load() {
		t.Error("old index not closed")
	}
}

// TestReloadBringsSettings: an index swapped in brings its folder's
// server.json (site.toml's [search] section) with it, the settings a
// command line fixed stay, and the log says once what changed.
func TestReloadBringsSettings(t *testing.T) {
	dir := t.TempDir()
	writeSettings := func(json string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, "server.json"), []byte(json), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	writeSettings(`{"corsOrigins":["https://old.example"],"maxQueryLength":10,"rateLimit":0}`)
	var logs syncbuf.Buffer
	o := &opener{nextID: "build-1"}
	s, err := New(Config{IndexDir: dir, Open: o.open, Logger: slog.New(slog.NewTextHandler(&logs, nil)),
		IndexSettings: func(file Settings) Settings { return file }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	h := s.Handler()
	allowed := func(origin string) bool {
		w := get(t, h, "/api/search?q=refund&lang=en", "Origin", origin)
		return w.Header().Get("Access-Control-Allow-Origin") == origin
	}
	fifteen := "/api/search?lang=en&q=" + strings.Repeat("a", 15)
	if !allowed("https://old.example") || get(t, h, fifteen).Code != http.StatusRequestURITooLong {
		t.Fatal("the first index's settings are not in force")
	}

	writeSettings(`{"corsOrigins":["https://new.example"],"maxQueryLength":20,"rateLimit":0}`)
	o.setNext("build-2")
	if err := s.Reload(); err != nil {
		t.Fatal(err)
	}
	if !allowed("https://new.example") || allowed("https://old.example") {
		t.Error("CORS origins did not come with the new index")
	}
	if w := get(t, h, fifteen); w.Code != 200 {
		t.Errorf("15-byte query under the new index's limit of 20 = %d", w.Code)
	}
	if n := strings.Count(logs.String(), "search settings changed"); n != 1 || !strings.Contains(logs.String(), "corsOrigins=https://new.example") {
		t.Errorf("want one log line naming the change:\n%s", logs.String())
	}
	o.setNext("build-3")
	if err := s.Reload(); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(logs.String(), "search settings changed"); n != 1 {
		t.Errorf("settings logged again though they did not change:\n%s", logs.String())
	}

	// A command line's origins win over every index's.
	pinned, err := New(Config{IndexDir: dir, Open: o.open,
		IndexSettings: func(file Settings) Settings { file.CORSOrigins = []string{"https://flag.example"}; return file }})
	if err != nil {
		t.Fatal(err)
	}
	defer pinned.Close()
	writeSettings(`{"corsOrigins":["https://newer.example"]}`)
	o.setNext("build-4")
	if err := pinned.Reload(); err != nil {
		t.Fatal(err)
	}
	w := get(t, pinned.Handler(), "/api/search?q=refund&lang=en", "Origin", "https://flag.example")
	if w.Header().Get("Access-Control-Allow-Origin") != "https://flag.example" {
		t.Error("the command line's CORS origin lost to the index's")
	}
}
