package postgres_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"kb/search"
	"kb/search/analytics"
	"kb/search/analytics/postgres/pgtest"
	"kb/search/server"
)

// index answers every query with one hit, at once: the test measures what
// the analytics add to a search, nothing else.
type index struct{}

func (index) Search(ctx context.Context, q search.Query) (search.Result, error) {
	return search.Result{Hits: []search.Hit{{Title: "Returns", URL: "/en/faq/returns/"}}, Total: 1}, nil
}
func (index) BuildID() string { return "test" }
func (index) Close() error    { return nil }

// TestDatabaseDownMidTraffic stops PostgreSQL under a search server that
// records into it: every search still answers 200 without waiting for the
// database, readiness holds, events beyond the queue are dropped and
// counted in /metrics, a vote is still kept, and once the database is back
// the store writes again by itself, queued events included.
func TestDatabaseDownMidTraffic(t *testing.T) {
	pg := pgtest.Start(t)
	dbURL := pg.NewDatabase()
	store := open(t, dbURL, analytics.Options{QueueSize: 100, BatchSize: 20, Logger: slog.New(slog.NewTextHandler(testLog{t}, nil))})
	srv, err := server.New(server.Config{
		IndexDir: t.TempDir(),
		Open:     func(string) (server.Searcher, error) { return index{}, nil },
		Feedback: store, Clicks: store, OnSearch: store.RecordSearch, AnalyticsDropped: store.Dropped,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()

	// searches sends n searches for prefix 0…n-1 from 8 clients; every one
	// must answer 200. It returns the answers' latencies, sorted.
	searches := func(prefix string, n int) []time.Duration {
		t.Helper()
		var mu sync.Mutex
		var took []time.Duration
		var wg sync.WaitGroup
		next := make(chan int)
		for range 8 {
			wg.Go(func() {
				for i := range next {
					start := time.Now()
					resp, err := http.Get(ts.URL + "/api/search?lang=en&q=" + url.QueryEscape(fmt.Sprint(prefix, " ", i)))
					if err != nil {
						t.Error(err)
						continue
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					d := time.Since(start)
					if resp.StatusCode != http.StatusOK {
						t.Errorf("search %s %d: status %d", prefix, i, resp.StatusCode)
					}
					mu.Lock()
					took = append(took, d)
					mu.Unlock()
				}
			})
		}
		for i := range n {
			next <- i
		}
		close(next)
		wg.Wait()
		slices.Sort(took)
		return took
	}
	stored := func(prefix string) int {
		var n int
		query(t, dbURL, "SELECT coalesce(sum(searches), 0) FROM kb.searches WHERE query LIKE '"+prefix+" %'", &n)
		return n
	}
	waitStored := func(prefix string, want int) {
		t.Helper()
		deadline := time.Now().Add(60 * time.Second)
		for stored(prefix) < want && time.Now().Before(deadline) {
			time.Sleep(100 * time.Millisecond)
		}
		if got := stored(prefix); got != want {
			t.Fatalf("%d %q searches stored, want %d", got, prefix, want)
		}
	}

	before := searches("before", 50)
	waitStored("before", 50)

	// A slow database: the writer's INSERT waits on a lock held elsewhere.
	ctx := context.Background()
	locker, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer locker.Close(ctx)
	tx, err := locker.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, "LOCK TABLE kb.searches IN ACCESS EXCLUSIVE MODE"); err != nil {
		t.Fatal(err)
	}
	slow := searches("slow", 500)
	slowDropped := store.Dropped()
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	t.Logf("search latency with the table locked: p50 %v max %v; %d dropped", slow[len(slow)/2], slow[len(slow)-1], slowDropped)
	if worst := slow[len(slow)-1]; worst > time.Second {
		t.Errorf("a search took %v with the database slow", worst)
	}
	waitStored("slow", 500-int(slowDropped))

	pg.Stop()
	const during = 1000
	down := searches("during", during)
	droppedSearches := store.Dropped()
	// post sends a click or vote from the site's own page; it returns the
	// status.
	post := func(path, body string) int {
		t.Helper()
		req, _ := http.NewRequest("POST", ts.URL+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Origin", ts.URL)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	// Result clicks do not wait either.
	if code := post("/api/click", `{"q":"during 1","lang":"en","url":"/en/faq/returns/"}`); code != http.StatusNoContent {
		t.Errorf("click with the database down: status %d", code)
	}
	// A reader's vote, cast after the searches filled the queue, is kept:
	// searches leave votes a share of it.
	if code := post("/api/feedback", `{"page":"/en/faq/returns/","lang":"en","helpful":false,"comment":"cast during the outage"}`); code != http.StatusNoContent {
		t.Errorf("vote with the database down and the queue full of searches: status %d, want 204", code)
	}
	// Stay down a few seconds: the writer's attempts now fail to connect
	// at all, and the pool must still come back by itself.
	time.Sleep(3 * time.Second)
	t.Logf("search latency: database up p50 %v max %v; down p50 %v p99 %v max %v",
		before[len(before)/2], before[len(before)-1], down[len(down)/2], down[len(down)*99/100], down[len(down)-1])
	// A search that waited for the database would take the store's write
	// or connect timeout (seconds); none may come near it.
	if worst := down[len(down)-1]; worst > time.Second {
		t.Errorf("a search took %v with the database down", worst)
	}
	if w := get(t, ts.URL+"/readyz"); w != "ok\n" {
		t.Errorf("/readyz with the database down: %q", w)
	}
	dropped := metric(t, ts.URL, "kb_analytics_dropped_total")
	if dropped == 0 || dropped != store.Dropped() {
		t.Errorf("kb_analytics_dropped_total = %d, store dropped %d: want the same, above 0", dropped, store.Dropped())
	}

	pg.Start()
	// What waited in the queue during the outage is written once the
	// database is back; the rest was counted as dropped.
	waitStored("during", during-int(droppedSearches-slowDropped))
	searches("after", 50)
	waitStored("after", 50)
	var votes int
	query(t, dbURL, "SELECT count(*) FROM kb.votes WHERE comment = 'cast during the outage'", &votes)
	if votes != 1 {
		t.Errorf("the vote cast during the outage is stored %d times, want once", votes)
	}
	if store.Dropped() != dropped {
		t.Errorf("%d more events dropped with the database back", store.Dropped()-dropped)
	}
}

// testLog writes the store's log into the test's.
type testLog struct{ t *testing.T }

func (l testLog) Write(b []byte) (int, error) {
	l.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}

func get(t *testing.T, u string) string {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// metric reads one unlabeled counter from /metrics.
func metric(t *testing.T, base, name string) uint64 {
	t.Helper()
	m := regexp.MustCompile(`(?m)^` + name + ` (\d+)$`).FindStringSubmatch(get(t, base+"/metrics"))
	if m == nil {
		t.Fatalf("no %s in /metrics", name)
	}
	n, _ := strconv.ParseUint(m[1], 10, 64)
	return n
}

// TestCommitAnsweredTooLateIsNotCountedTwice: when PostgreSQL commits a
// batch but its answer comes after the writer gave up (a slow disk, a
// network cut at the wrong moment), the writer's retry must not add the
// same searches again.
func TestCommitAnsweredTooLateIsNotCountedTwice(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for one write to time out")
	}
	pg := pgtest.Start(t)
	dbURL := pg.NewDatabase()
	store := open(t, dbURL, analytics.Options{Logger: slog.New(slog.NewTextHandler(testLog{t}, nil))})
	// The first transaction that writes searches commits only after the
	// writer's timeout (5 s), whatever the client does meanwhile.
	exec(t, dbURL, `
		CREATE TABLE slow_once (x int); INSERT INTO slow_once VALUES (1);
		CREATE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$
		DECLARE until timestamptz := clock_timestamp() + interval '7 seconds';
		BEGIN
			DELETE FROM slow_once;
			IF NOT FOUND THEN RETURN NULL; END IF;
			WHILE clock_timestamp() < until LOOP
				BEGIN PERFORM pg_sleep(0.1); EXCEPTION WHEN query_canceled THEN NULL; END;
			END LOOP;
			RETURN NULL;
		END $$;
		CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT OR UPDATE ON kb.searches
			DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION slow_commit();`)
	store.RecordSearch(search.Query{Text: "refund", Lang: "en"}, search.Result{Total: 1, Hits: []search.Hit{{URL: "/en/refunds/"}}})
	for {
		var left int
		query(t, dbURL, `SELECT count(*) FROM slow_once`, &left)
		if left == 0 {
			break // the slow transaction committed
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err := store.Close(); err != nil {
		t.Fatal(err)
	}
	var searches int
	query(t, dbURL, `SELECT coalesce(sum(searches), 0) FROM kb.searches WHERE query = 'refund'`, &searches)
	if searches != 1 {
		t.Errorf("one search for refund is stored as %d", searches)
	}
}
