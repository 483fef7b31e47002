package main

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"kb/search/analytics"
	"kb/search/analytics/postgres/pgtest"
	"kb/search/server"
)

// searchesServer is kb search's HTTP API over an index that finds nothing,
// recording into store, as kb search --data does.
func searchesServer(t *testing.T, store analytics.Store) *httptest.Server {
	t.Helper()
	srv, err := server.New(server.Config{
		IndexDir: t.TempDir(), Open: func(string) (server.Searcher, error) { return noIndex{}, nil },
		Feedback: store, Clicks: store, OnSearch: store.RecordSearch,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts
}

// searchOver sends one search for q in lang to the server at base.
func searchOver(t *testing.T, base, lang, q string) {
	t.Helper()
	resp, err := http.Get(base + "/api/search?lang=" + lang + "&q=" + url.QueryEscape(q))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("search %q: %d", q, resp.StatusCode)
	}
}

// TestReportShowsQueriesAsCustomersSpelledThem: searches sent to the search
// server in Arabic and Greek, with and without accents and letter forms,
// count as one query per folded form, and kb report names each by the
// spelling customers typed most (case aside): محفظة, not the folded محفظه;
// επιστροφή, not επιστροφη, though more searches came in capitals, which
// tell nothing of accents. Two spellings typed as often are named by the
// first in byte order, whichever store recorded them.
func TestReportShowsQueriesAsCustomersSpelledThem(t *testing.T) {
	t.Run("file", func(t *testing.T) { testReportSpellings(t, t.TempDir()) })
	t.Run("postgres", func(t *testing.T) {
		pg := pgtest.Start(t)
		testReportSpellings(t, pg.NewDatabase())
	})
}

func testReportSpellings(t *testing.T, data string) {
	store, err := openAnalytics(context.Background(), data, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	ts := searchesServer(t, store)
	for _, s := range []struct {
		lang, q string
		times   int
	}{
		{"ar", "محفظة", 2}, {"ar", "محفظه", 1},
		{"el", "επιστροφή", 2}, {"el", "ΕΠΙΣΤΡΟΦΉ", 1}, {"el", "επιστροφη", 2},
		{"el", "ΕΠΙΣΤΡΟΦΗ", 3},                 // capitals, which Greek writes without accents
		{"el", "κάρτα", 1}, {"el", "καρτα", 1}, // a tie: ά (U+03AC) comes before α (U+03B1)
	} {
		for range s.times {
			searchOver(t, ts.URL, s.lang, s.q)
		}
	}
	if err := store.Close(); err != nil {
		t.Fatal(err)
	}

	code, out, errOut := runKB(t, "report", "--data", data, "--index", t.TempDir())
	if code != 0 {
		t.Fatalf("kb report exit %d: %s", code, errOut)
	}
	for _, row := range []string{`محفظة\s+3`, `επιστροφή\s+8`, `κάρτα\s+2`} {
		if !regexp.MustCompile(`(?m)^\s+`+row+`\s`).MatchString(section(out, "Top queries")) &&
			!regexp.MustCompile(`(?m)^\s+`+row+`\s`).MatchString(section(out[strings.Index(out, "== el"):], "Top queries")) {
			t.Errorf("kb report's top queries lack the row %s:\n%s", row, out)
		}
	}
	for _, folded := range []string{"محفظه", "επιστροφη", "καρτα"} {
		if strings.Contains(out, folded) {
			t.Errorf("kb report prints the folded %s rather than the customers' spelling:\n%s", folded, out)
		}
	}

	code, js, errOut := runKB(t, "report", "--data", data, "--json", "--index", t.TempDir())
	if code != 0 {
		t.Fatalf("kb report --json exit %d: %s", code, errOut)
	}
	var rep analytics.Report
	if err := json.Unmarshal([]byte(js), &rep); err != nil {
		t.Fatalf("--json: %v\n%s", err, js)
	}
	got := map[string]map[string]int{}
	for _, l := range rep.Languages {
		got[l.Lang] = map[string]int{}
		for _, q := range l.NoResults {
			got[l.Lang][q.Query] = q.NoResults
		}
	}
	want := map[string]map[string]int{"ar": {"محفظة": 3}, "el": {"επιστροφή": 8, "κάρτα": 2}}
	if !equalCounts(got, want) {
		t.Errorf("--json queries that found nothing = %v, want %v", got, want)
	}
}

func equalCounts(a, b map[string]map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, m := range a {
		n := b[k]
		if len(m) != len(n) {
			return false
		}
		for q, c := range m {
			if n[q] != c {
				return false
			}
		}
	}
	return true
}

// TestReportOnDataRecordedWithoutSpellings: a data file that an earlier kb
// recorded holds only the folded queries. kb report reads it: a query
// recorded only then is named by its folded form, and one that customers
// went on searching is named by their spelling, its searches added up.
func TestReportOnDataRecordedWithoutSpellings(t *testing.T) {
	data := t.TempDir()
	path := filepath.Join(data, analyticsFile)
	hour := time.Now().UTC().Truncate(time.Hour).Add(-time.Hour)
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	// The layout kb has written since analytics began (schema 1).
	err = db.Update(func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucket([]byte("meta"))
		if err != nil {
			return err
		}
		if err := meta.Put([]byte("schema"), []byte("1")); err != nil {
			return err
		}
		if _, err := tx.CreateBucket([]byte("votes")); err != nil {
			return err
		}
		searches, err := tx.CreateBucket([]byte("searches"))
		if err != nil {
			return err
		}
		day, err := searches.CreateBucket([]byte(hour.Format(time.DateOnly)))
		if err != nil {
			return err
		}
		h := hour.Format("15")
		return errors.Join(
			day.Put([]byte(h+"ar\x00محفظه"), []byte(`{"n":2,"z":2}`)),
			day.Put([]byte(h+"el\x00επιστροφη"), []byte(`{"n":1,"z":1}`)),
		)
	})
	if err := errors.Join(err, db.Close()); err != nil {
		t.Fatal(err)
	}

	store, err := openAnalytics(context.Background(), data, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	ts := searchesServer(t, store)
	for range 3 {
		searchOver(t, ts.URL, "ar", "محفظة")
	}
	if err := store.Close(); err != nil {
		t.Fatal(err)
	}

	code, out, errOut := runKB(t, "report", "--data", data, "--index", t.TempDir())
	if code != 0 {
		t.Fatalf("kb report exit %d: %s", code, errOut)
	}
	if !regexp.MustCompile(`(?m)^\s+محفظة\s+5\s`).MatchString(out) {
		t.Errorf("kb report does not count the earlier searches under the spelling customers use, محفظة 5:\n%s", out)
	}
	if !regexp.MustCompile(`(?m)^\s+επιστροφη\s+1\s`).MatchString(out) {
		t.Errorf("kb report does not name a query recorded without its spelling by its folded form, επιστροφη 1:\n%s", out)
	}
}
