package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kb/search"
	"kb/search/analytics"

	"kb/internal/syncbuf"
)

// TestSearchFeedbackReport is the "done when": searches for something
// the help center lacks and two "no" votes, sent to kb search --data over
// HTTP, show up in kb report once the server has stopped.
func TestSearchFeedbackReport(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the sample site and starts a server")
	}
	site := builtSampleSite(t)
	data := filepath.Join(t.TempDir(), "data")
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan int, 1)
	var out syncbuf.Buffer
	go func() {
		done <- run(ctx, []string{"search", "--index", filepath.Join(site, ".kb", "search"), "--data", data, "--addr", addr, "--trust-proxy"}, &out, &out)
	}()
	base := "http://" + addr
	waitFor(t, base+"/healthz", func(b string) bool { return strings.HasPrefix(b, "ok") })

	searchIn := func(lang, q string) int {
		t.Helper()
		resp, err := http.Get(base + "/api/search?lang=" + lang + "&q=" + url.QueryEscape(q))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var res struct{ Total int }
		if err := json.NewDecoder(resp.Body).Decode(&res); err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("search %q: %d %v", q, resp.StatusCode, err)
		}
		return res.Total
	}
	postJSON := func(path, body string, client ...string) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, base+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Origin", base) // the theme's request from a page of the site
		if len(client) > 0 {
			req.Header.Set("X-Forwarded-For", client[0])
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNoContent {
			t.Fatalf("POST %s: %d", path, resp.StatusCode)
		}
	}
	search := func(q string) int { return searchIn("ar", q) }
	const gap = "bitcoin wallet"
	// A query cut short before another word finds nothing, but its first word starts a word of the refunds page:
	// the report names that page as the closest.
	const cut = "refu bitcoin"
	if n := searchIn("en", cut); n != 0 {
		t.Fatalf("the sample site answers %q with %d results; the test needs a gap", cut, n)
	}
	for range 2 {
		if n := search(gap); n != 0 {
			t.Fatalf("the sample site answers %q with %d results; the test needs a gap", gap, n)
		}
	}
	if n := search("الإرجاع"); n == 0 {
		t.Fatal("the sample site has nothing on returns in Arabic")
	}
	postJSON("/api/click", `{"q":"الإرجاع","lang":"ar","url":"/ar/policies/returns-and-refunds/"}`)
	page := "/ar/policies/returns-and-refunds/"
	postJSON("/api/feedback", `{"page":"`+page+`","lang":"ar","helpful":false,"reason":"unclear","comment":"لا أفهم المهلة"}`, "203.0.113.1")
	postJSON("/api/feedback", `{"page":"`+page+`","lang":"ar","helpful":false,"reason":"missing"}`, "203.0.113.2")
	// The same reader again within the hour: answered, not counted.
	postJSON("/api/feedback", `{"page":"`+page+`","lang":"ar","helpful":false,"reason":"other"}`, "203.0.113.2")

	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("kb search exit %d\n%s", code, out.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("kb search did not stop")
	}

	code, text, errOut := runKB(t, "report", "--data", data, "--index", filepath.Join(site, ".kb", "search"))
	if code != 0 {
		t.Fatalf("kb report exit %d: %s", code, errOut)
	}
	t.Logf("kb report:\n%s", text)
	noResults := section(text, "Queries with no results")
	if !strings.Contains(noResults, gap) || !strings.Contains(noResults, "2") {
		t.Errorf("no-result section lacks %q twice:\n%s", gap, noResults)
	}
	if noResults := section(text[strings.Index(text, "== en:"):], "Queries with no results"); !strings.Contains(noResults, cut) ||
		!strings.Contains(noResults, "/en/payments/refund-timing/") {
		t.Errorf("en no-result section lacks %q with its closest page, the refunds page:\n%s", cut, noResults)
	}
	articles := section(text, "Least helpful articles")
	for _, want := range []string{page, "unclear 1", "missing 1", "لا أفهم المهلة"} {
		if !strings.Contains(articles, want) {
			t.Errorf("articles section lacks %q:\n%s", want, articles)
		}
	}
	if !strings.Contains(text, "== ar: 3 searches, 2 found nothing, 1 results opened; 0 yes, 2 no ==") {
		t.Errorf("ar summary line missing:\n%s", text)
	}

	code, js, errOut := runKB(t, "report", "--data", data, "--json", "--lang", "ar", "--since", "1h")
	if code != 0 {
		t.Fatalf("kb report --json exit %d: %s", code, errOut)
	}
	var rep analytics.Report
	if err := json.Unmarshal([]byte(js), &rep); err != nil {
		t.Fatalf("--json: %v\n%s", err, js)
	}
	if len(rep.Languages) != 1 || len(rep.Languages[0].NoResults) != 1 || rep.Languages[0].NoResults[0].Query != gap ||
		len(rep.Languages[0].Articles) != 1 || rep.Languages[0].Articles[0].No != 2 {
		t.Errorf("--json report = %s", js)
	}
	if _, js, _ := runKB(t, "report", "--data", data, "--json", "--lang", "el"); !strings.Contains(js, `"languages": []`) {
		t.Errorf("--lang el shows other languages: %s", js)
	}
}

// section returns the text from the line starting with title to the next
// blank line.
func section(text, title string) string {
	i := strings.Index(text, "\n"+title)
	if i < 0 {
		return ""
	}
	s := text[i+1:]
	if j := strings.Index(s, "\n\n"); j >= 0 {
		s = s[:j]
	}
	return s
}

func TestReportUsage(t *testing.T) {
	dir := t.TempDir()
	if code, _, errOut := runKB(t, "report", "--data", dir); code != exitErrors || !strings.Contains(errOut, "nothing recorded in") {
		t.Errorf("empty data folder: exit %d, %q", code, errOut)
	}
	if code, _, errOut := runKB(t, "report", "--data", dir, "--since", "last week"); code != exitUsage || !strings.Contains(errOut, "Try:") {
		t.Errorf("bad --since: exit %d, %q", code, errOut)
	}
	// An empty store reports nothing, without failing.
	s, err := openAnalytics(context.Background(), dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if code, out, errOut := runKB(t, "report", "--data", dir); code != 0 || !strings.Contains(out, "Nothing recorded") {
		t.Errorf("empty store: exit %d, %q %q", code, out, errOut)
	}
}

func TestParseSince(t *testing.T) {
	now := time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		in   string
		want time.Time
	}{
		{"30d", now.AddDate(0, 0, -30)},
		{"0d", now},
		{"12h", now.Add(-12 * time.Hour)},
		{"90m", now.Add(-90 * time.Minute)},
		{"2025-01-31", time.Date(2025, 1, 31, 0, 0, 0, 0, time.UTC)},
	} {
		got, err := parseSince(tt.in, now)
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("parseSince(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "d", "-3d", "-1h", "3w", "yesterday"} {
		if _, err := parseSince(bad, now); err == nil {
			t.Errorf("parseSince(%q) succeeded", bad)
		}
	}
}

// TestReportNamesTheLanguagesItHas: --lang with a code that recorded
// nothing (a browser's el-GR where the site records el) does not blame the
// time window: kb report names the languages it has data for.
func TestReportNamesTheLanguagesItHas(t *testing.T) {
	data := t.TempDir()
	store, err := openAnalytics(context.Background(), data, nil)
	if err != nil {
		t.Fatal(err)
	}
	store.RecordSearch(search.Query{Text: "επιστροφή", Lang: "el"}, search.Result{Lang: "el", Total: 1})
	store.RecordSearch(search.Query{Text: "refund", Lang: "en"}, search.Result{Lang: "en", Total: 1})
	if err := store.Close(); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runKB(t, "report", "--data", data, "--index", t.TempDir(), "--lang", "el-GR")
	if code != 0 {
		t.Fatalf("kb report exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "el-GR") || !strings.Contains(out, "el, en") {
		t.Errorf("kb report --lang el-GR does not say that it has data for el and en only:\n%s", out)
	}
}
