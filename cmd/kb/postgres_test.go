package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"kb/internal/syncbuf"
	"kb/search/analytics"
	"kb/search/analytics/postgres"
	"kb/search/analytics/postgres/pgtest"
)

// TestReplicasShareOnePostgreSQL is the deploy guide's shared store: three
// kb search processes start together on one empty database, with the
// writer role of deploy/README.md; searches and votes sent to each appear
// once each, summed, in one kb report run with the read-only role, after
// the replicas were stopped with SIGTERM (which writes what they queued).
func TestReplicasShareOnePostgreSQL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the sample site and kb, starts PostgreSQL and three servers")
	}
	pg := pgtest.Start(t)
	const db = "help"
	pg.Exec("postgres", "CREATE DATABASE "+db)
	pg.Exec(db, rolesSQL(t))
	writer := withUser(pg.URL(db), "kb_writer")
	reader := withUser(pg.URL(db), "kb_reader")

	site := builtSampleSite(t)
	bin := buildBinary(t)
	replicas := make([]*searchProcess, 3)
	var wg sync.WaitGroup
	for i := range replicas {
		wg.Go(func() {
			replicas[i] = startSearch(t, bin, "--index", filepath.Join(site, ".kb", "search"), "--data", writer, "--rate-limit", "0")
		})
	}
	wg.Wait()

	const gap = "bitcoin wallet"
	page := "/ar/policies/returns-and-refunds/"
	vote := func(r *searchProcess, body string) {
		t.Helper()
		req, _ := http.NewRequest("POST", r.base+"/api/feedback", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Origin", r.base) // the site's own page, as a browser sends it
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNoContent {
			t.Fatalf("%s: feedback: %d", r.base, resp.StatusCode)
		}
	}
	for i, r := range replicas {
		for _, q := range []string{gap, fmt.Sprintf("replica %d only", i)} {
			resp, err := http.Get(r.base + "/api/search?lang=ar&q=" + url.QueryEscape(q))
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("replica %d: search %q: %d", i, q, resp.StatusCode)
			}
		}
		vote(r, fmt.Sprintf(`{"page":%q,"lang":"ar","helpful":false,"reason":"unclear","comment":"replica %d"}`, page, i))
	}
	// The same reader voting again on the same replica within the hour is
	// answered as usual and not counted, with this store too.
	vote(replicas[0], fmt.Sprintf(`{"page":%q,"lang":"ar","helpful":false,"reason":"missing","comment":"again"}`, page))
	// At once, so what reaches the database is what SIGTERM flushed.
	for i, r := range replicas {
		if err := r.stop(); err != nil {
			t.Fatalf("replica %d: %v\n%s", i, err, r.stderr.String())
		}
	}

	code, js, errOut := runKB(t, "report", "--data", reader, "--json", "--lang", "ar")
	if code != 0 {
		t.Fatalf("kb report exit %d: %s", code, errOut)
	}
	var rep analytics.Report
	if err := json.Unmarshal([]byte(js), &rep); err != nil || len(rep.Languages) != 1 {
		t.Fatalf("kb report --json: %v\n%s", err, js)
	}
	ar := rep.Languages[0]
	counts := map[string]int{}
	for _, q := range ar.TopQueries {
		counts[q.Query] = q.Searches
	}
	want := map[string]int{gap: 3, "replica 0 only": 1, "replica 1 only": 1, "replica 2 only": 1}
	if fmt.Sprint(counts) != fmt.Sprint(want) {
		t.Errorf("searches = %v, want %v", counts, want)
	}
	if ar.Searches != 6 || ar.No != 3 || len(ar.Articles) != 1 || ar.Articles[0].No != 3 || len(ar.Articles[0].Comments) != 3 {
		t.Errorf("report = %s", js)
	}

	code, text, errOut := runKB(t, "report", "--data", reader)
	if code != 0 || !regexp.MustCompile(`== ar: 6 searches, \d found nothing, 0 results opened; 0 yes, 3 no ==`).MatchString(text) {
		t.Errorf("kb report exit %d:\n%s%s", code, text, errOut)
	}
	if strings.Contains(text+errOut, "not-checked-by-the-test-server") {
		t.Errorf("the report prints the password:\n%s", text)
	}

	// A replica writes as it goes, not only when it stops: killed with
	// SIGKILL, it loses at most what came in since its last batch.
	killed := startSearch(t, bin, "--index", filepath.Join(site, ".kb", "search"), "--data", writer)
	for i := range 20 {
		resp, err := http.Get(killed.base + "/api/search?lang=ar&q=" + url.QueryEscape(fmt.Sprint("before the kill ", i)))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	stored := func() (n int) {
		conn, err := pgx.Connect(context.Background(), pg.URL(db))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(context.Background())
		err = conn.QueryRow(context.Background(), "SELECT coalesce(sum(searches), 0) FROM kb.searches WHERE query LIKE 'before the kill %'").Scan(&n)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	for deadline := time.Now().Add(time.Minute); stored() < 20 && time.Now().Before(deadline); {
		time.Sleep(100 * time.Millisecond)
	}
	killed.cmd.Process.Kill()
	killed.cmd.Wait()
	if n := stored(); n != 20 {
		t.Errorf("%d of 20 searches stored by a running replica before SIGKILL", n)
	}

	// After a newer kb migrated the database, this one refuses to record
	// into it, and says why.
	pg.Exec(db, "INSERT INTO kb.migrations (version, name) VALUES (1000, 'from_a_newer_kb.sql')")
	code, _, errOut = runKB(t, "search", "--index", filepath.Join(site, ".kb", "search"), "--data", writer, "--addr", "127.0.0.1:0")
	if code != exitErrors || !strings.Contains(errOut, "at version 1000, newer than this kb knows") {
		t.Errorf("kb search on a newer schema: exit %d, %s", code, errOut)
	}

	// The reader role reads, and only reads.
	conn, err := pgx.Connect(context.Background(), reader)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(context.Background(), "DELETE FROM kb.votes"); err == nil || !strings.Contains(err.Error(), "permission denied") {
		t.Errorf("the read-only role could delete votes: %v", err)
	}
}

// rolesSQL is the SQL of deploy/README.md that creates the writer and
// reader roles: the test runs what the guide says.
func rolesSQL(t *testing.T) string {
	t.Helper()
	guide, err := os.ReadFile("../../deploy/README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)```sql\n(.*?)```").FindSubmatch(guide)
	if m == nil || !strings.Contains(string(m[1]), "kb_reader") {
		t.Fatal("deploy/README.md has no ```sql block creating kb_writer and kb_reader")
	}
	return string(m[1])
}

// withUser is a connection URL as another user, with a password to hide.
func withUser(u, user string) string {
	p, _ := url.Parse(u)
	p.User = url.UserPassword(user, "not-checked-by-the-test-server")
	return p.String()
}

// stop sends SIGTERM and waits for the process to exit.
func (p *searchProcess) stop() error {
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		return err
	}
	done := make(chan error, 1)
	go func() { done <- p.cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(20 * time.Second):
		p.cmd.Process.Kill()
		return fmt.Errorf("kb search did not stop within 20 s of SIGTERM")
	}
}

// TestBuildPicksUpNewClicksFromPostgreSQL: kb build --data postgres://…
// with the content unchanged is not "up to date" when readers opened other
// articles since: the popular lists show the new clicks, as they do with a
// data folder.
func TestBuildPicksUpNewClicksFromPostgreSQL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the sample site twice and starts PostgreSQL")
	}
	pg := pgtest.Start(t)
	data := pg.NewDatabase()
	site := copySite(t)
	build := func() string {
		t.Helper()
		code, out, errOut := runKB(t, "build", "-s", site, "--index", "-", "--data", data)
		if code != 0 {
			t.Fatalf("kb build exit %d\n%s%s", code, out, errOut)
		}
		home, err := os.ReadFile(filepath.Join(site, "public", "en", "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		s := string(home)
		start := strings.Index(s, `<section class="popular"`)
		if start < 0 {
			t.Fatalf("the English home page has no popular list:\n%s", s)
		}
		s = s[start:]
		return s[:strings.Index(s, "</section>")]
	}
	const privacy = `href="/en/policies/privacy/"`
	if strings.Contains(build(), privacy) {
		t.Fatal("the privacy policy is popular before anyone opened it")
	}

	store, err := postgres.Open(context.Background(), data, analytics.Options{})
	if err != nil {
		t.Fatal(err)
	}
	store.RecordClick("en", "privacy", "/en/policies/privacy/")
	if err := store.Close(); err != nil {
		t.Fatal(err)
	}
	if got := build(); !strings.Contains(got, privacy) {
		t.Errorf("after readers opened the privacy policy from search, kb build left the popular list as it was:\n%s", got)
	}
}

// TestBuildSaysWhenItCannotReadTheAnalytics: when the PostgreSQL that
// --data names does not answer, kb build still publishes, with the featured
// articles only, and says so in its output (a CI log is no terminal), with
// the URL's password hidden.
func TestBuildSaysWhenItCannotReadTheAnalytics(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the sample site")
	}
	site := copySite(t)
	down := "postgres://kb_reader:s3cret@127.0.0.1:1/help" // nothing listens on port 1
	code, out, errOut := runKB(t, "build", "-s", site, "--index", "-", "--data", down)
	if code != 0 {
		t.Fatalf("kb build exit %d: an unreachable analytics store must not fail the build\n%s%s", code, out, errOut)
	}
	if !strings.Contains(errOut, "warning: popular articles") || !strings.Contains(errOut, "127.0.0.1:1") {
		t.Errorf("kb build did not say that the popular lists lack the readers' clicks:\n%s%s", out, errOut)
	}
	if strings.Contains(out+errOut, "s3cret") {
		t.Errorf("kb build printed the database password:\n%s%s", out, errOut)
	}
}

// TestSearchSaysWhatItLostAtStop: a replica stopped while PostgreSQL is
// unreachable cannot write what it queued; its last words say how many
// events are lost, so the operator knows what the outage cost.
func TestSearchSaysWhatItLostAtStop(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the sample site and starts a server")
	}
	site := builtSampleSite(t)
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan int, 1)
	var out syncbuf.Buffer
	down := "postgres://kb_writer:x@127.0.0.1:1/help" // nothing listens on port 1
	go func() {
		done <- run(ctx, []string{"search", "--index", filepath.Join(site, ".kb", "search"), "--data", down, "--addr", addr, "--drain", "0"}, &out, &out)
	}()
	base := "http://" + addr
	waitFor(t, base+"/healthz", func(b string) bool { return strings.HasPrefix(b, "ok") })
	for _, q := range []string{"refund", "bitcoin wallet", "track my order"} {
		if body := get(t, base+"/api/search?lang=en&q="+url.QueryEscape(q)); !strings.Contains(body, `"hits"`) {
			t.Fatalf("search %q while the database is down: %s", q, body)
		}
	}
	cancel()
	<-done
	if !regexp.MustCompile(`3 events .*lost`).MatchString(out.String()) {
		t.Errorf("kb search stopped without saying that the 3 searches it could not write are lost:\n%s", out.String())
	}
}
