package postgres_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"kb/search"
	"kb/search/analytics"
	"kb/search/analytics/postgres"
	"kb/search/analytics/postgres/pgtest"
	"kb/search/server"

	"kb/internal/syncbuf"
)

// clock is a settable Options.Now.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

func open(t *testing.T, url string, opts analytics.Options) *postgres.Store {
	t.Helper()
	s, err := postgres.Open(context.Background(), url, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func found(n int) search.Result { return search.Result{Hits: make([]search.Hit, n), Total: n} }

// TestReportMatchesEmbeddedStore records the same searches, clicks and votes
// (personal data included) into PostgreSQL and into the embedded file, and
// expects the same report from both: one set of privacy rules, one report.
func TestReportMatchesEmbeddedStore(t *testing.T) {
	pg := pgtest.Start(t)
	url := pg.NewDatabase()
	t0 := time.Now().UTC().Truncate(time.Hour).Add(-5 * time.Hour).Add(17 * time.Minute)
	clk := &clock{t: t0}
	opts := analytics.Options{Now: clk.Now}
	path := filepath.Join(t.TempDir(), "a.db")
	file, err := analytics.OpenFile(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	db := open(t, url, opts)

	stores := []analytics.Store{file, db}
	each := func(f func(s analytics.Store)) {
		for _, s := range stores {
			f(s)
		}
	}
	searchFor := func(lang, q string, n int) {
		each(func(s analytics.Store) { s.RecordSearch(search.Query{Text: q, Lang: lang}, found(n)) })
	}
	vote := func(f server.Feedback) {
		each(func(s analytics.Store) {
			if err := s.RecordFeedback(context.Background(), f); err != nil {
				t.Fatal(err)
			}
		})
	}
	searchFor("en", "ret", 4)
	searchFor("en", "retur", 3)
	searchFor("en", "returns", 3)
	searchFor("en", "  RETURNS ", 3)
	each(func(s analytics.Store) { s.RecordClick("en", "Returns", "/en/policies/returns/?utm_source=x#refunds") })
	searchFor("en", "Bitcoin", 0)
	searchFor("en", "order 1234 5678 status", 1)
	searchFor("en", "jane.doe@example.com", 0)
	searchFor("en", "bad\x00byte \xff", 0)
	searchFor("ar", "الإسترجاع", 0)
	searchFor("ar", "محفظة", 0)
	searchFor("ar", "محفظة", 0)
	searchFor("ar", "محفظه", 0)
	searchFor("ar", "طلب رقم ٠٥٥١٢٣٤٥٦٧", 0)
	searchFor("el", "Επιστροφές", 2)
	searchFor("el", "Jane.Doe@Example.COM", 0)
	vote(server.Feedback{Page: "/en/policies/returns/", Lang: "en", Reason: "unclear", Comment: "write to me at jane.doe@example.com"})
	vote(server.Feedback{Page: "/en/policies/returns/", Lang: "en", Helpful: true})
	clk.Set(t0.Add(2 * time.Hour))
	searchFor("en", "returns", 1)
	vote(server.Feedback{Page: "/ar/policies/returns/", Lang: "ar", Reason: "missing", Comment: "رقمي 0551234567"})
	each(func(s analytics.Store) {
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	})

	file, err = analytics.OpenFile(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	reader, err := postgres.OpenReader(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	for _, lang := range []string{"", "EN", "ar"} {
		want, err := file.Report(context.Background(), t0.Add(-time.Hour), lang)
		if err != nil {
			t.Fatal(err)
		}
		got, err := reader.Report(context.Background(), t0.Add(-time.Hour), lang)
		if err != nil {
			t.Fatal(err)
		}
		w, _ := json.MarshalIndent(want, "", " ")
		g, _ := json.MarshalIndent(got, "", " ")
		if string(g) != string(w) {
			t.Errorf("lang %q: PostgreSQL report:\n%s\nembedded store's:\n%s", lang, g, w)
		}
		if lang == "" {
			for _, secret := range []string{"jane", "1234", "0551234567", "٠٥٥١٢٣٤٥٦٧", "\x00"} {
				if strings.Contains(string(g), secret) {
					t.Errorf("report keeps %q:\n%s", secret, g)
				}
			}
			if len(got.Languages) != 3 {
				t.Errorf("languages = %+v", got.Languages)
			}
			for _, spelled := range []string{`"query": "محفظة"`, `"query": "επιστροφές"`} {
				if !strings.Contains(string(g), spelled) {
					t.Errorf("report lacks %s, as customers spelled it:\n%s", spelled, g)
				}
			}
		}
	}
}

// TestPopularMatchesEmbeddedStore: kb build's most opened pages are the same
// from either store.
func TestPopularMatchesEmbeddedStore(t *testing.T) {
	pg := pgtest.Start(t)
	url := pg.NewDatabase()
	t0 := time.Date(2026, 3, 10, 14, 30, 0, 0, time.UTC)
	clk := &clock{t: t0.Add(-40 * 24 * time.Hour)}
	opts := analytics.Options{Now: clk.Now, Retention: 1000 * 24 * time.Hour}
	path := filepath.Join(t.TempDir(), "a.db")
	file, err := analytics.OpenFile(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	db := open(t, url, opts)
	click := func(lang, q, u string) {
		file.RecordClick(lang, q, u)
		db.RecordClick(lang, q, u)
	}
	click("en", "old", "/en/old/") // outside the window
	clk.Set(t0.Add(-10 * 24 * time.Hour))
	click("en", "refund", "/en/payments/refund-timing/")
	click("en", "track", "/en/orders/track/")
	clk.Set(t0)
	click("en", "refund", "/en/payments/refund-timing/#card")
	click("ar", "استرداد", "/ar/payments/refund-timing/")
	for _, s := range []analytics.Store{file, db} {
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
	want, err := analytics.Popular(path, 30*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	reader, err := postgres.OpenReader(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	got, err := reader.Popular(context.Background(), 30*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) || len(got["en"]) != 2 {
		t.Errorf("PostgreSQL: %v\nembedded store: %v", got, want)
	}
}

// TestConcurrentStartOnEmptyDatabase starts replicas at the same moment on a
// database without the kb schema: all start, and each migration is applied
// once.
func TestConcurrentStartOnEmptyDatabase(t *testing.T) {
	pg := pgtest.Start(t)
	url := pg.NewDatabase()
	const replicas = 8
	var wg sync.WaitGroup
	errs := make([]error, replicas)
	var logs syncbuf.Buffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelWarn}))
	start := make(chan struct{})
	for i := range replicas {
		wg.Go(func() {
			<-start
			s, err := postgres.Open(context.Background(), url, analytics.Options{Logger: log})
			if err == nil {
				s.RecordSearch(search.Query{Text: fmt.Sprint("replica ", i), Lang: "en"}, found(1))
				err = s.Close()
			}
			errs[i] = err
		})
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("replica %d: %v", i, err)
		}
	}
	// A replica that lost a race would start anyway and retry later: it
	// must not have had to.
	if logs.String() != "" {
		t.Errorf("replicas warned:\n%s", logs.String())
	}
	var applied, searches int
	query(t, url, "SELECT count(*) FROM kb.migrations", &applied)
	query(t, url, "SELECT sum(searches) FROM kb.searches", &searches)
	if applied != postgres.SchemaVersion() || searches != replicas {
		t.Errorf("%d migrations applied (want %d), %d searches stored (want %d)", applied, postgres.SchemaVersion(), searches, replicas)
	}
}

// TestRefusesNewerSchema: a kb older than the schema in the database neither
// writes into it nor reads it, and says why.
func TestRefusesNewerSchema(t *testing.T) {
	pg := pgtest.Start(t)
	url := pg.NewDatabase()
	open(t, url, analytics.Options{}).Close()
	newer := postgres.SchemaVersion() + 1
	exec(t, url, fmt.Sprintf("INSERT INTO kb.migrations (version, name) VALUES (%d, 'from_a_newer_kb.sql')", newer))

	_, err := postgres.Open(context.Background(), url, analytics.Options{})
	var tooNew *postgres.TooNewError
	if !errors.As(err, &tooNew) || !strings.Contains(err.Error(), fmt.Sprintf("version %d, newer than this kb knows (%d)", newer, newer-1)) {
		t.Errorf("Open on a newer schema: %v", err)
	}
	if _, err := postgres.OpenReader(context.Background(), url); !errors.As(err, &tooNew) {
		t.Errorf("OpenReader on a newer schema: %v", err)
	}
}

// TestReaderOnSchemaOfPreviousRelease: during a rolling upgrade kb report
// may be newer than every replica; a schema the replicas have not migrated
// yet still holds every table it reads, so it reads them.
func TestReaderOnSchemaOfPreviousRelease(t *testing.T) {
	pg := pgtest.Start(t)
	url := pg.NewDatabase()
	first, err := os.ReadFile("migrations/0001_tables.sql")
	if err != nil {
		t.Fatal(err)
	}
	exec(t, url, `CREATE SCHEMA kb; CREATE TABLE kb.migrations (version integer PRIMARY KEY, name text NOT NULL,
		applied_at timestamptz NOT NULL DEFAULT now()); INSERT INTO kb.migrations (version, name) VALUES (1, '0001_tables.sql');`+string(first)+
		`INSERT INTO kb.searches VALUES (date_trunc('hour', now()), 'en', 'refund', 3, 0);`)
	r, err := postgres.OpenReader(context.Background(), url)
	if err != nil {
		t.Fatalf("kb report on the previous release's schema: %v", err)
	}
	defer r.Close()
	rep, err := r.Report(context.Background(), time.Now().Add(-time.Hour), "")
	if err != nil || len(rep.Languages) != 1 || rep.Languages[0].Searches != 3 {
		t.Errorf("report on the previous release's schema: %+v, %v", rep, err)
	}
}

// TestReaderOnEmptyDatabase: kb report on a database nobody recorded into
// says so rather than failing on a missing table.
func TestReaderOnEmptyDatabase(t *testing.T) {
	pg := pgtest.Start(t)
	_, err := postgres.OpenReader(context.Background(), pg.NewDatabase())
	if err == nil || !strings.Contains(err.Error(), "nothing recorded in this database yet") {
		t.Errorf("OpenReader on an empty database: %v", err)
	}
}

// TestRetention deletes what is older than the retention period, in batches
// that leave a large backlog for the next idle moments rather than one long
// DELETE.
func TestRetention(t *testing.T) {
	pg := pgtest.Start(t)
	url := pg.NewDatabase()
	now := time.Date(2026, 3, 10, 14, 30, 0, 0, time.UTC)
	clk := &clock{t: now.Add(-100 * 24 * time.Hour)}
	s := open(t, url, analytics.Options{Now: clk.Now})
	s.RecordSearch(search.Query{Text: "old", Lang: "en"}, found(1))
	if err := s.RecordFeedback(context.Background(), server.Feedback{Page: "/en/", Lang: "en", Comment: "old"}); err != nil {
		t.Fatal(err)
	}
	clk.Set(now.Add(-89 * 24 * time.Hour))
	s.RecordSearch(search.Query{Text: "recent", Lang: "en"}, found(1))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	// A backlog of 12,000 old rows, as after months without a running kb.
	exec(t, url, `INSERT INTO kb.searches (hour, lang, query, searches, no_results)
		SELECT timestamptz '2025-01-01 00:00Z', 'en', 'backlog ' || i, 1, 0 FROM generate_series(1, 12000) i`)

	clk.Set(now)
	s = open(t, url, analytics.Options{Now: clk.Now})
	const backlog = "SELECT count(*) FROM kb.searches WHERE query LIKE 'backlog %'"
	var left int
	query(t, url, backlog, &left)
	// Open prunes once: at most pruneRounds DELETEs of pruneBatch rows.
	if left == 0 || left >= 12000 {
		t.Errorf("%d old rows left after the first prune: want a part of the backlog deleted", left)
	}
	deadline := time.Now().Add(30 * time.Second)
	for left > 0 && time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
		query(t, url, backlog, &left)
	}
	if left != 0 {
		t.Fatalf("%d old rows left: the writer did not finish the backlog", left)
	}
	rep, err := s.Report(context.Background(), time.Time{}, "")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(rep)
	if !strings.Contains(string(b), `"query":"recent"`) || strings.Contains(string(b), `"old"`) {
		t.Errorf("after retention: %s", b)
	}
}

func exec(t *testing.T, url, sql string) {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(context.Background(), sql); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func query(t *testing.T, url, sql string, dest ...any) {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if err := conn.QueryRow(context.Background(), sql).Scan(dest...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// TestSpellingsStayBounded: made-up accents on one query, hundreds of them
// in an hour, cost the database at most analytics.MaxSpellings rows of its
// spellings (and one for the searches spelled past them); the spellings it
// held stay, and every search is counted.
func TestSpellingsStayBounded(t *testing.T) {
	pg := pgtest.Start(t)
	url := pg.NewDatabase()
	s := open(t, url, analytics.Options{})
	for range 2 {
		s.RecordSearch(search.Query{Text: "επιστροφή", Lang: "el"}, found(0))
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = open(t, url, analytics.Options{})
	flood := 0
	for _, mark := range []rune{'\u0300', '\u0302', '\u0303', '\u0304', '\u0306', '\u0307', '\u0308', '\u030a', '\u030b', '\u030c'} {
		for i, r := range "επιστροφη" {
			s.RecordSearch(search.Query{Text: "επιστροφη"[:i] + string(r) + string(mark) + "επιστροφη"[i+len(string(r)):], Lang: "el"}, found(0))
			flood++
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	var rows int
	query(t, url, "SELECT count(*) FROM kb.spellings WHERE spelling <> ''", &rows)
	if rows > analytics.MaxSpellings {
		t.Errorf("%d spellings of one query stored, more than %d", rows, analytics.MaxSpellings)
	}
	reader, err := postgres.OpenReader(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	rep, err := reader.Report(context.Background(), time.Now().Add(-time.Hour), "el")
	if err != nil || len(rep.Languages) != 1 {
		t.Fatalf("report: %+v, %v", rep, err)
	}
	el := rep.Languages[0]
	if el.Searches != 2+flood || len(el.TopQueries) != 1 || el.TopQueries[0].Query != "επιστροφή" {
		t.Errorf("%d searches (want %d), top queries %+v: want all of them as επιστροφή", el.Searches, 2+flood, el.TopQueries)
	}
}
