package server

import (
	"context"
	"net/http"
	"runtime"
	"sync"
	"testing"
	"time"

	"kb/search"
)

// TestSearchesTakeTurns checks that no more than MaxSearches searches run at
// once and that the others start in the order they came: on a busy server,
// sharing the CPUs among every request made a costly query, and whatever
// waited behind it, take many times its own time.
func TestSearchesTakeTurns(t *testing.T) {
	release := make(chan struct{})
	var mu sync.Mutex
	var started []string
	running, most := 0, 0
	s, _ := newTestServer(t, func(c *Config) {
		c.MaxSearches = 1
		c.Open = (&opener{nextID: "build-1", search: func(ctx context.Context, q search.Query) (search.Result, error) {
			mu.Lock()
			started = append(started, q.Text)
			running++
			most = max(most, running)
			mu.Unlock()
			<-release
			mu.Lock()
			running--
			mu.Unlock()
			return search.Result{Hits: []search.Hit{}}, nil
		}}).open
	})
	h := s.handler
	var wg sync.WaitGroup
	codes := make(chan int, 4)
	send := func(q string) {
		wg.Go(func() { codes <- get(t, h, "/api/search?lang=en&q="+q).Code })
	}
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		for deadline := time.Now().Add(5 * time.Second); !ok(); time.Sleep(time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %s", what)
			}
		}
	}
	send("first")
	waitFor("the first search", func() bool { mu.Lock(); defer mu.Unlock(); return len(started) == 1 })
	for i, q := range []string{"second", "third", "fourth"} {
		send(q)
		waitFor(q+" to wait its turn", func() bool { return s.gate.waiting.Load() == int64(i+1) })
	}
	for range 4 {
		release <- struct{}{}
	}
	wg.Wait()
	close(codes)
	for c := range codes {
		if c != http.StatusOK {
			t.Errorf("status %d, want 200", c)
		}
	}
	want := []string{"first", "second", "third", "fourth"}
	if most != 1 || len(started) != len(want) {
		t.Fatalf("%d searches at once, %d started; want 1 at a time, 4 in all", most, len(started))
	}
	for i := range want {
		if started[i] != want[i] {
			t.Errorf("searches started in the order %q, want %q", started, want)
			break
		}
	}
}

// TestSearchWaitTimesOut checks that a search waiting for its turn gives up
// at RequestTimeout, as a slow search does.
func TestSearchWaitTimesOut(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	s, _ := newTestServer(t, func(c *Config) {
		c.MaxSearches = 1
		c.RequestTimeout = 50 * time.Millisecond
		c.Open = (&opener{nextID: "build-1", search: func(ctx context.Context, q search.Query) (search.Result, error) {
			<-release
			return search.Result{Hits: []search.Hit{}}, nil
		}}).open
	})
	go get(t, s.handler, "/api/search?lang=en&q=first")
	for s.gate.running() == 0 {
		time.Sleep(time.Millisecond)
	}
	w := get(t, s.handler, "/api/search?lang=en&q=second")
	if w.Code != http.StatusServiceUnavailable || jsonError(t, w) != "search timed out" {
		t.Errorf("status %d %q, want 503 search timed out", w.Code, w.Body)
	}
}

// TestSpareProcWhileSearchesWait checks that the scheduler gets a processor
// more while searches wait for their turn, and gives it back once none has
// waited for a while.
func TestSpareProcWhileSearchesWait(t *testing.T) {
	base := runtime.GOMAXPROCS(0)
	g := newSearchGate(1)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { g.spareProc(ctx, time.Millisecond, 50*time.Millisecond); close(done) }()
	defer func() {
		cancel()
		<-done
		if n := runtime.GOMAXPROCS(0); n != base {
			t.Errorf("GOMAXPROCS %d after spareProc stopped, want %d back", n, base)
		}
	}()
	procs := func(want int, what string) {
		t.Helper()
		for deadline := time.Now().Add(5 * time.Second); runtime.GOMAXPROCS(0) != want; time.Sleep(time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("GOMAXPROCS %d, want %d %s", runtime.GOMAXPROCS(0), want, what)
			}
		}
	}
	if err := g.enter(ctx); err != nil { // a free turn: nobody waits
		t.Fatal(err)
	}
	time.Sleep(20 * time.Millisecond)
	if n := runtime.GOMAXPROCS(0); n != base {
		t.Fatalf("GOMAXPROCS %d with no search waiting, want %d", n, base)
	}
	entered := make(chan struct{})
	go func() { g.enter(ctx); close(entered) }()
	procs(base+1, "while a search waits")
	g.leave()
	<-entered
	g.leave()
	procs(base, "once no search has waited for a while")
}
