package analytics

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"kb/search"
	"kb/search/server"
)

// clock is a settable Options.Now.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

var t0 = time.Date(2025, 3, 10, 14, 30, 0, 0, time.UTC)

func open(t *testing.T, path string, opts Options) *FileStore {
	t.Helper()
	s, err := OpenFile(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func found(n int) search.Result {
	hits := make([]search.Hit, n)
	return search.Result{Hits: hits, Total: n}
}

func searchFor(s Store, lang, text string, results int) {
	s.RecordSearch(search.Query{Text: text, Lang: lang}, found(results))
}

func report(t *testing.T, s Store, since time.Time, lang string) Report {
	t.Helper()
	r, err := s.Report(context.Background(), since, lang)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// queries renders a list as "query searches/no-results/clicks" lines.
func queries(qs []QueryStat) string {
	var b strings.Builder
	for _, q := range qs {
		fmt.Fprintf(&b, "%s %d/%d/%d\n", q.Query, q.Searches, q.NoResults, q.Clicks)
	}
	return b.String()
}

func lang(t *testing.T, r Report, code string) LangReport {
	t.Helper()
	for _, l := range r.Languages {
		if l.Lang == code {
			return l
		}
	}
	t.Fatalf("no %q in report: %+v", code, r)
	return LangReport{}
}

func TestReport(t *testing.T) {
	clk := &clock{t: t0}
	path := filepath.Join(t.TempDir(), "analytics.db")
	s := open(t, path, Options{Now: clk.Now})

	// Before the report's window: ignored.
	clk.Set(t0.Add(-3 * time.Hour))
	searchFor(s, "en", "old query", 0)

	clk.Set(t0)
	// One customer typing "returns", the box asking the server on the way,
	// then another searching it outright.
	searchFor(s, "en", "ret", 4)
	searchFor(s, "en", "retur", 3)
	searchFor(s, "en", "returns", 3)
	searchFor(s, "en", "  RETURNS ", 3)
	s.RecordClick("en", "Returns", "/en/policies/returns-and-refunds/?utm_source=x#refunds")
	// Found nothing: content gaps.
	for range 3 {
		searchFor(s, "en", "Bitcoin", 0)
	}
	// From a widget that sends the browser's language: counted as the
	// language that answered.
	s.RecordSearch(search.Query{Text: "paypal", Lang: "en-US"}, search.Result{Lang: "en"})
	// Found something, nobody clicked.
	searchFor(s, "en", "Éxpress   shipping", 2)
	searchFor(s, "en", "express shipping", 2)
	// Personal data typed into the box.
	searchFor(s, "en", "order 1234 5678 status", 1)
	searchFor(s, "en", "jane.doe@example.com", 0)
	// Arabic, letter forms folded.
	searchFor(s, "ar", "الإسترجاع", 0)
	searchFor(s, "ar", "الاسترجاع", 0)

	vote := func(at time.Time, f server.Feedback) {
		t.Helper()
		clk.Set(at)
		if err := s.RecordFeedback(context.Background(), f); err != nil {
			t.Fatal(err)
		}
	}
	a, b, c := "/en/policies/returns-and-refunds/", "/en/faq/shipping/", "/en/account/reset-password/"
	vote(t0, server.Feedback{Page: a, Lang: "en", Helpful: false, Reason: "unclear", Comment: "too vague"})
	vote(t0.Add(time.Hour), server.Feedback{Page: a, Lang: "en", Helpful: false, Reason: "unclear", Comment: "write to me at jane.doe@example.com"})
	vote(t0.Add(time.Hour), server.Feedback{Page: a, Lang: "en", Helpful: false, Reason: "missing"})
	vote(t0, server.Feedback{Page: a, Lang: "en", Helpful: true})
	for range 3 {
		vote(t0, server.Feedback{Page: b, Lang: "en", Helpful: true})
	}
	vote(t0, server.Feedback{Page: c, Lang: "en", Helpful: false, Reason: "incorrect"})
	vote(t0, server.Feedback{Page: "/ar/policies/returns-and-refunds/", Lang: "ar", Helpful: false, Reason: "unclear"})

	// Nothing is readable before the writer flushes; Close flushes.
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = open(t, path, Options{Now: clk.Now})
	r := report(t, s, t0.Add(-time.Hour), "")

	if len(r.Languages) != 2 || r.Languages[0].Lang != "ar" || r.Languages[1].Lang != "en" {
		t.Fatalf("languages = %+v", r.Languages)
	}
	en := lang(t, r, "en")
	wantTop := "bitcoin 3/3/0\n" +
		"express shipping 2/0/0\n" +
		"returns 2/0/1\n" +
		"[email] 1/1/0\n" +
		"order [number] status 1/0/0\n" +
		"paypal 1/1/0\n"
	if got := queries(en.TopQueries); got != wantTop {
		t.Errorf("top queries:\n%s\nwant:\n%s", got, wantTop)
	}
	wantNone := "bitcoin 3/3/0\n[email] 1/1/0\npaypal 1/1/0\n"
	if got := queries(en.NoResults); got != wantNone {
		t.Errorf("no results:\n%s\nwant:\n%s", got, wantNone)
	}
	wantNoClick := "express shipping 2/0/0\norder [number] status 1/0/0\n"
	if got := queries(en.NoClicks); got != wantNoClick {
		t.Errorf("no clicks:\n%s\nwant:\n%s", got, wantNoClick)
	}
	if en.Searches != 10 || en.NoResultSearches != 5 || en.Clicks != 1 || en.Yes != 4 || en.No != 4 {
		t.Errorf("en totals = %d searches, %d none, %d clicks, %d yes, %d no", en.Searches, en.NoResultSearches, en.Clicks, en.Yes, en.No)
	}

	var pages []string
	for _, a := range en.Articles {
		pages = append(pages, fmt.Sprintf("%s %d/%d", a.Page, a.Yes, a.No))
	}
	wantPages := []string{a + " 1/3", c + " 0/1", b + " 3/0"}
	if fmt.Sprint(pages) != fmt.Sprint(wantPages) {
		t.Errorf("articles = %q, want %q", pages, wantPages)
	}
	art := en.Articles[0]
	if fmt.Sprint(art.Reasons) != "[{unclear 2} {missing 1}]" {
		t.Errorf("reasons = %v", art.Reasons)
	}
	if len(art.Comments) != 2 || art.Comments[0].Text != "write to me at [email]" || art.Comments[1].Text != "too vague" {
		t.Errorf("comments = %+v, want the latest first, e-mail redacted", art.Comments)
	}
	if !art.Comments[0].Time.Equal(t0.Add(time.Hour).Truncate(time.Hour)) || art.Comments[0].Reason != "unclear" {
		t.Errorf("comment = %+v", art.Comments[0])
	}

	ar := lang(t, report(t, s, t0.Add(-time.Hour), "ar"), "ar")
	// One query, named by the first of its two spellings in byte order
	// (إ U+0625 before ا U+0627): each was typed once.
	if got := queries(ar.NoResults); got != "الإسترجاع 2/2/0\n" {
		t.Errorf("ar no results = %q", got)
	}
	if len(ar.NoClicks) != 0 {
		t.Errorf("no clicks recorded in ar, yet NoClicks = %v", ar.NoClicks)
	}
	if len(ar.Articles) != 1 || ar.Articles[0].No != 1 {
		t.Errorf("ar articles = %+v", ar.Articles)
	}
	if r := report(t, s, t0.Add(-time.Hour), "AR"); len(r.Languages) != 1 {
		t.Errorf("lang filter is case-sensitive: %+v", r.Languages)
	}

	// A wider window takes in the old query.
	wide := lang(t, report(t, s, t0.Add(-24*time.Hour), "en"), "en")
	if wide.Searches != 11 {
		t.Errorf("since a day: %d searches, want 11", wide.Searches)
	}
}

func TestPrefixFoldingKeepsClickedPrefixes(t *testing.T) {
	clk := &clock{t: t0}
	s := open(t, filepath.Join(t.TempDir(), "a.db"), Options{Now: clk.Now})
	// Someone opened a suggestion after typing "refund"; someone else went
	// on to "refund policy".
	searchFor(s, "en", "refund", 2)
	s.RecordClick("en", "refund", "/en/policies/returns-and-refunds/")
	searchFor(s, "en", "refund", 2)
	searchFor(s, "en", "refund policy", 1)
	// The same words an hour later are not the same typing.
	clk.Set(t0.Add(time.Hour))
	searchFor(s, "en", "refund", 2)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = open(t, s.file.path, Options{Now: clk.Now})
	en := lang(t, report(t, s, t0.Add(-time.Hour), "en"), "en")
	want := "refund 2/0/1\nrefund policy 1/0/0\n"
	if got := queries(en.TopQueries); got != want {
		t.Errorf("top:\n%s\nwant:\n%s", got, want)
	}
}

func TestRetention(t *testing.T) {
	clk := &clock{t: t0}
	path := filepath.Join(t.TempDir(), "analytics.db")
	opts := Options{Now: clk.Now, Retention: 48 * time.Hour}
	s := open(t, path, opts)
	searchFor(s, "en", "two days ago at 14h", 1)
	clk.Set(t0.Add(4 * time.Hour))
	searchFor(s, "en", "two days ago at 18h", 1)
	if err := s.RecordFeedback(context.Background(), server.Feedback{Page: "/en/", Lang: "en", Comment: "old"}); err != nil {
		t.Fatal(err)
	}
	clk.Set(t0.Add(-72 * time.Hour))
	searchFor(s, "en", "three days before that", 1)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	// On open: everything older than 48 hours goes, to the hour.
	clk.Set(t0.Add(50 * time.Hour)) // 16:30 two days on: 14h is gone, 18h stays
	s = open(t, path, opts)
	en := lang(t, report(t, s, time.Time{}, ""), "en")
	if got := queries(en.TopQueries); got != "two days ago at 18h 1/0/0\n" {
		t.Errorf("after reopening:\n%s", got)
	}
	if len(en.Articles) != 1 {
		t.Errorf("the 18h vote is gone: %+v", en.Articles)
	}

	// Hourly, while running: the writer prunes when it next writes.
	searchFor(s, "en", "today", 1)
	clk.Set(t0.Add(60 * time.Hour))
	searchFor(s, "en", "later today", 1)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = open(t, path, Options{Now: func() time.Time { return t0.Add(60 * time.Hour) }, Retention: 1000 * time.Hour})
	en = lang(t, report(t, s, time.Time{}, ""), "en")
	if got := queries(en.TopQueries); got != "later today 1/0/0\ntoday 1/0/0\n" {
		t.Errorf("after an hourly prune:\n%s", got)
	}
	if len(en.Articles) != 0 {
		t.Errorf("old vote kept: %+v", en.Articles)
	}
}

func TestSizeCap(t *testing.T) {
	clk := &clock{t: t0}
	path := filepath.Join(t.TempDir(), "analytics.db")
	const maxBytes = 1 << 20
	s := open(t, path, Options{Now: clk.Now, MaxBytes: maxBytes})
	// 300 hours of 40 distinct long queries each, the first searched three
	// times: several times the cap. Batches go straight to flush, as the
	// writer would hand them, so nothing is dropped.
	start := t0.Add(-300 * time.Hour)
	var largest int64
	for h := range 300 {
		at := start.Add(time.Duration(h) * time.Hour)
		events := make([]event, 0, 42)
		for i := range 40 {
			q := fmt.Sprintf("hour %03d query %02d %s", h, i, strings.Repeat("padding ", 15))
			n := 1
			if i == 0 {
				n = 3
			}
			for range n {
				events = append(events, event{kind: kindSearch, at: at, lang: "en", query: q})
			}
		}
		clk.Set(at)
		if err := s.file.Write(context.Background(), batchOf(events)); err != nil {
			t.Fatal(err)
		}
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		largest = max(largest, fi.Size())
	}
	if largest > maxBytes {
		t.Errorf("file reached %d bytes, cap %d", largest, maxBytes)
	}
	r := lang(t, report(t, s, time.Time{}, "en"), "en")
	t.Logf("kept %d of %d searches; the file peaked at %d bytes", r.Searches, 300*42, largest)
	if r.Searches == 0 || r.Searches >= 300*42 {
		t.Fatalf("%d searches kept of %d: want part of them", r.Searches, 300*42)
	}
	// No hour is erased: every hour keeps its most searched query, the
	// first hours as much as the last.
	for _, h := range []int{0, 1, 150, 299} {
		at := start.Add(time.Duration(h) * time.Hour)
		q := fmt.Sprintf("hour %03d query 00 %s", h, strings.TrimSpace(strings.Repeat("padding ", 15)))
		found := false
		for _, st := range lang(t, report(t, s, at, "en"), "en").TopQueries {
			found = found || (st.Query == q && st.Searches == 3)
		}
		if !found {
			t.Errorf("hour %d lost its most searched query", h)
		}
	}
	if _, err := os.Stat(path + ".compact"); !os.IsNotExist(err) {
		t.Errorf("compaction left its temporary file: %v", err)
	}
}

// TestFloodKeepsHistory is the "anyone can erase the analytics": a
// flood of votes in one hour past the size cap used to push out the oldest
// hours, so about 30 s of it erased all history. Now the flood's own hour is
// cut down and the earlier votes all stay.
func TestFloodKeepsHistory(t *testing.T) {
	clk := &clock{t: t0}
	path := filepath.Join(t.TempDir(), "analytics.db")
	s := open(t, path, Options{Now: clk.Now, MaxBytes: 1 << 20})
	// A week of real votes, a few an hour.
	start := t0.Add(-7 * 24 * time.Hour)
	for h := range 7 * 24 {
		at := start.Add(time.Duration(h) * time.Hour)
		var batch []event
		for i := range 3 {
			batch = append(batch, event{kind: kindVote, at: at, vote: server.Feedback{
				Page: fmt.Sprintf("/en/faq/page-%d/", i), Lang: "en", Helpful: i != 0, Reason: "unclear", Comment: "real comment"}})
		}
		if err := s.file.Write(context.Background(), batchOf(batch)); err != nil {
			t.Fatal(err)
		}
	}
	// 20,000 votes with long comments in the current hour: several times the cap.
	clk.Set(t0)
	for i := range 20_000 / defaultBatchSize {
		batch := make([]event, defaultBatchSize)
		for j := range batch {
			batch[j] = event{kind: kindVote, at: t0, vote: server.Feedback{
				Page: "/en/faq/page-0/", Lang: "en", Helpful: true, Comment: fmt.Sprintf("flood %d %s", i*defaultBatchSize+j, strings.Repeat("x", 200))}}
		}
		if err := s.file.Write(context.Background(), batchOf(batch)); err != nil {
			t.Fatal(err)
		}
	}
	week := lang(t, report(t, s, start, "en"), "en")
	before := lang(t, report(t, s, t0.Add(-time.Hour), "en"), "en")
	if got := week.Yes + week.No - (before.Yes + before.No); got != 3*(7*24-1) {
		t.Errorf("%d real votes before the flood's hour survive, want all %d", got, 3*(7*24-1))
	}
	flood := lang(t, report(t, s, t0, "en"), "en")
	if flood.Yes == 0 || flood.Yes >= 20_000 {
		t.Errorf("the flood's hour kept %d votes: want its first votes, not all", flood.Yes)
	}
	if fi, err := os.Stat(path); err != nil || fi.Size() > 1<<20 {
		t.Errorf("file size %v (%v), cap 1 MiB", fi.Size(), err)
	}
}

func TestDroppedUnderLoad(t *testing.T) {
	s := open(t, filepath.Join(t.TempDir(), "a.db"), Options{Now: func() time.Time { return t0 }})
	// A stuck disk: the writer cannot take the file.
	s.file.mu.Lock()
	const n = 20000
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range n {
			searchFor(s, "en", "returns", 1)
		}
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("RecordSearch blocked while the writer was stuck")
	}
	s.file.mu.Unlock()
	dropped := s.Dropped()
	if dropped == 0 {
		t.Fatal("nothing dropped with the writer stuck")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = open(t, s.file.path, Options{Now: func() time.Time { return t0 }})
	en := lang(t, report(t, s, time.Time{}, ""), "en")
	if uint64(en.Searches)+dropped != n {
		t.Errorf("%d stored + %d dropped != %d recorded", en.Searches, dropped, n)
	}
}

func TestRecordFeedbackWaitsForRoom(t *testing.T) {
	s := open(t, filepath.Join(t.TempDir(), "a.db"), Options{})
	s.file.mu.Lock()
	// Fill the queue until the writer, stuck on the file, takes no more:
	// searches up to the share they leave to votes, then votes.
	for full := 0; full < 20; {
		searchFor(s, "en", "x", 1)
		if len(s.events) < s.otherRoom {
			full = 0
			continue
		}
		full++
		time.Sleep(time.Millisecond)
	}
	if len(s.events) == defaultQueueSize {
		t.Fatal("searches filled the whole queue, leaving votes no room")
	}
	for len(s.events) < defaultQueueSize {
		if err := s.RecordFeedback(context.Background(), server.Feedback{Page: "/en/"}); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	err := s.RecordFeedback(ctx, server.Feedback{Page: "/en/"})
	s.file.mu.Unlock()
	if err == nil {
		t.Error("RecordFeedback with a full queue and an expired context succeeded")
	}
}

func TestClosed(t *testing.T) {
	s := open(t, filepath.Join(t.TempDir(), "a.db"), Options{})
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	searchFor(s, "en", "after close", 1) // no panic, no block
	s.RecordClick("en", "after close", "/en/")
	if err := s.RecordFeedback(context.Background(), server.Feedback{Page: "/en/"}); err == nil {
		t.Error("RecordFeedback after Close succeeded")
	}
}

func TestReportWhileAnotherProcessWrites(t *testing.T) {
	// The store holds the file only while writing, so a second store on the
	// same file (kb report beside a running kb search) can read it.
	path := filepath.Join(t.TempDir(), "a.db")
	running := open(t, path, Options{Now: func() time.Time { return t0 }})
	searchFor(running, "en", "returns", 1)
	if err := running.file.Write(context.Background(), Batch{}); err != nil {
		t.Fatal(err)
	}
	reader := open(t, path, Options{Now: func() time.Time { return t0 }})
	if _, err := reader.Report(context.Background(), time.Time{}, ""); err != nil {
		t.Fatal(err)
	}
}

func TestNormalizeQuery(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"  Return   Policy\t", "return policy"},
		{"Éxpédition", "expedition"},
		{"أين طلبي", "اين طلبي"},
		{"order #١٢٣٤٥٦٧", "order #[number]"},
		{"call +44 20 7946 0958", "call [number]"},
		{"Mail Jane.Doe@Example.com now", "mail [email] now"},
		{"iphone 15", "iphone 15"},
		// Invisible characters and fullwidth letters make no query of their own.
		{"شحن\u200f", "شحن"},
		{"\u2067إرجاع\u2069 ", "ارجاع"},
		{"ret\u200burn\u00ad", "return"},
		{"ｒｅｔｕｒｎ ｐｏｌｉｃｙ", "return policy"},
		{"سفارش\u200cها", "سفارش\u200cها"},
		{"2024", "2024"},
		{strings.Repeat("é", 150), strings.Repeat("e", 150)},
		{strings.Repeat("ж", 150), strings.Repeat("ж", 100)},
	} {
		if got := NormalizeQuery(tt.in); got != tt.want {
			t.Errorf("NormalizeQuery(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestSameHourOnTwoDays: searches at the same hour on two days are each
// counted once.
func TestSameHourOnTwoDays(t *testing.T) {
	clk := &clock{t: t0}
	path := filepath.Join(t.TempDir(), "analytics.db")
	s := open(t, path, Options{Now: clk.Now})
	searchFor(s, "en", "returns", 3)
	clk.Set(t0.Add(24 * time.Hour))
	searchFor(s, "en", "returns", 3)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = open(t, path, Options{Now: clk.Now})
	en := lang(t, report(t, s, t0.Add(-time.Hour), "en"), "en")
	if en.Searches != 2 || queries(en.TopQueries) != "returns 2/0/0\n" {
		t.Errorf("%d searches, top queries %q; want 2 and \"returns 2/0/0\"", en.Searches, queries(en.TopQueries))
	}
}

func TestQuerySpelling(t *testing.T) {
	const told = "" // otherSpellings
	for _, tt := range []struct{ in, want string }{
		{"  Return   Policy\t", "return policy"},
		{"Επιστροφή", "επιστροφή"},
		{"πωσ", "πωσ"},
		{"ΕΠΙΣΤΡΟΦΉ", "επιστροφή"},
		{"ΠΩΣ", told}, // capitals drop accents: no vote for πωσ over πώς
		{"RETURNS", told},
		{"محفظة", "محفظة"},
		{"أين  طلبي", "أين طلبي"},
		{"Éxpress   shipping", "éxpress shipping"},
		{"re\u200bfund\u00ad", "refund"},
		// Personal data goes as it goes from the stored query, digits of
		// every script included.
		{"Mail Jane.Doe@Example.com", "mail [email]"},
		{"طلب ٠٥٥١٢٣٤٥٦٧", "طلب [number]"},
		{"Ωράριο Jane.Doe@Example.com", "ωράριο [email]"},
		{"κλήση ٠٥٥١٢٣٤٥٦٧", "κλήση [number]"},
		// A spelling cut short of its query would name another query.
		{strings.Repeat("é", 150), told},
	} {
		if got := querySpelling(tt.in, NormalizeQuery(tt.in)); got != tt.want {
			t.Errorf("querySpelling(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestSpellingsStayBounded: made-up accents on one query, hundreds of them
// in an hour, cost the file at most MaxSpellings spellings of it; the
// spellings it held stay, and every search is counted.
func TestSpellingsStayBounded(t *testing.T) {
	clk := &clock{t: t0}
	path := filepath.Join(t.TempDir(), "analytics.db")
	s := open(t, path, Options{Now: clk.Now})
	searchFor(s, "el", "επιστροφή", 0)
	searchFor(s, "el", "επιστροφή", 0)
	searchFor(s, "el", "Επιστροφη", 0)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = open(t, path, Options{Now: clk.Now})
	flood := 0
	for _, mark := range []rune{'\u0300', '\u0301', '\u0302', '\u0303', '\u0304', '\u0306', '\u0307', '\u0308', '\u030a', '\u030b', '\u030c'} {
		for i, r := range "επιστροφη" {
			searchFor(s, "el", "επιστροφη"[:i]+string(r)+string(mark)+"επιστροφη"[i+len(string(r)):], 0)
			flood++
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = open(t, path, Options{Now: clk.Now})
	el := lang(t, report(t, s, t0.Add(-time.Hour), "el"), "el")
	if el.Searches != 3+flood {
		t.Errorf("%d searches counted, want %d", el.Searches, 3+flood)
	}
	if q := el.TopQueries[0]; len(el.TopQueries) != 1 || q.Query != "επιστροφή" {
		t.Errorf("the query customers searched is named %q, want επιστροφή: %s", q.Query, queries(el.TopQueries))
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.View(func(tx *bolt.Tx) error {
		return forEachSince(tx.Bucket(bucketSearches), time.Time{}, func(_ []byte, _ time.Time, k, v []byte) error {
			var c counts
			if k != nil && json.Unmarshal(v, &c) == nil && spellingsIn(c.Spellings) > MaxSpellings {
				t.Errorf("%q holds %d spellings, more than %d", k, len(c.Spellings), MaxSpellings)
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
}
