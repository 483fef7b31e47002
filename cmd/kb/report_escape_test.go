package main

import (
	"encoding/json"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"kb/search"
	"kb/search/analytics"
	"kb/search/server"
)

// TestReportEscapesTerminalControls is the issue's "kb report writes terminal
// escape sequences": a query, a page, a language and a comment carrying
// ESC[2J (clear the screen), ESC]0;…BEL (set the window title) and a
// right-to-left override, recorded through the HTTP API, print as visible
// escapes.
func TestReportEscapesTerminalControls(t *testing.T) {
	data := t.TempDir()
	store, err := analytics.OpenFile(filepath.Join(data, analyticsFile), analytics.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	ts := searchesServer(t, store)

	const (
		clear = "\x1b[2J"
		title = "\x1b]0;pwned\x07"
		rlo   = "\u202e"
	)
	searchOver(t, ts.URL, "en", "refund"+clear+title+rlo+"dnufer")
	post := func(path, body string, want int) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, ts.URL+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Origin", ts.URL)
		resp, err := ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Fatalf("POST %s = %d, want %d", path, resp.StatusCode, want)
		}
	}
	// A language is a code: the server refuses anything else.
	post("/api/feedback", `{"page":"/en/faq/","lang":"en\u001b]0;pwned\u0007","helpful":false}`, http.StatusBadRequest)
	// The server refuses control characters in a page or a comment; a
	// store written before it did, or by another writer, may hold them.
	hostile := server.Feedback{Page: "/en/faq/\x1b[2J/", Reason: "other", Comment: "see \u202eevil\u202c \x1b[31mred", Lang: "en"}
	body, _ := json.Marshal(hostile)
	post("/api/feedback", string(body), http.StatusBadRequest)
	if err := store.RecordFeedback(t.Context(), hostile); err != nil {
		t.Fatal(err)
	}
	if err := store.Close(); err != nil {
		t.Fatal(err)
	}

	code, out, errOut := runKB(t, "report", "--data", data)
	if code != 0 {
		t.Fatalf("kb report exit %d: %s", code, errOut)
	}
	t.Logf("kb report:\n%s", out)
	if i := strings.IndexFunc(out, func(r rune) bool {
		return r == 0x1b || r == 0x07 || r == 0x9b || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
	}); i >= 0 {
		t.Errorf("kb report printed %q raw at byte %d", []rune(out[i:])[0], i)
	}
	for _, want := range []string{`\x1b[2J`, `\x1b]0;pwned\x07`, `\u202e`, `/en/faq/\x1b[2J/`, `see \u202eevil\u202c \x1b[31mred`} {
		if !strings.Contains(out, want) {
			t.Errorf("kb report lacks %s", want)
		}
	}
}

// TestReportShowsInvisibleCharacters: queries that differ only by a
// zero-width, bidi, byte-order or soft-hyphen mark count as one (the store
// keeps queries as search reads them), the marks in a comment print escaped
// so that look-alike text cannot pass for other text, and a 256-byte query
// does not widen the table.
func TestReportShowsInvisibleCharacters(t *testing.T) {
	data := t.TempDir()
	store, err := analytics.OpenFile(filepath.Join(data, analyticsFile), analytics.Options{})
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("return policy ", 19)[:256] // not after "refund", which the report would count as typed on the way to it
	for _, q := range []string{"refund", "re\u200bfund", "\u200erefund", "refund\u200f", "\ufeffrefund", "re\u00adfund", long} {
		store.RecordSearch(search.Query{Text: q, Lang: "en"}, search.Result{Lang: "en", Total: 1, Hits: []search.Hit{{URL: "/en/a/"}}})
	}
	vote := server.Feedback{Page: "/en/a/", Lang: "en", Reason: "other", Comment: "re\u200bfund \u200epolicy\u200f \ufeffis re\u00adfund"}
	if err := store.RecordFeedback(t.Context(), vote); err != nil {
		t.Fatal(err)
	}
	if err := store.Close(); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runKB(t, "report", "--data", data)
	if code != 0 {
		t.Fatalf("kb report exit %d: %s", code, errOut)
	}
	if i := strings.IndexAny(out, "\u200b\u200e\u200f\ufeff\u00ad"); i >= 0 {
		t.Errorf("kb report printed %q raw:\n%s", []rune(out[i:])[0], out)
	}
	if !regexp.MustCompile(`(?m)^\s+refund\s+6\s`).MatchString(out) {
		t.Errorf("kb report does not count the six look-alike queries as one refund:\n%s", out)
	}
	for _, want := range []string{`re\u200bfund \u200epolicy\u200f \ufeffis re\u00adfund`, "…"} {
		if !strings.Contains(out, want) {
			t.Errorf("kb report lacks %s:\n%s", want, out)
		}
	}
	for line := range strings.SplitSeq(out, "\n") {
		if n := utf8.RuneCountInString(line); n > 120 {
			t.Errorf("a line of %d characters:\n%s", n, line)
		}
	}
}

// TestReportWritesGreekFinalSigma: the report reads queries as customers
// wrote them: however a Greek word's final sigma was typed (ς, σ, Σ), its
// searches count as one query, printed with ς at the end of a word as Greek
// is spelled, never "πωσ" (here unaccented, as two of the three searches
// were typed).
func TestReportWritesGreekFinalSigma(t *testing.T) {
	data := t.TempDir()
	store, err := analytics.OpenFile(filepath.Join(data, analyticsFile), analytics.Options{})
	if err != nil {
		t.Fatal(err)
	}
	found := search.Result{Lang: "el", Total: 1, Hits: []search.Hit{{URL: "/el/account/reset-password/"}}}
	for _, q := range []string{"πώς αλλάζω κωδικό", "ΠΩΣ ΑΛΛΑΖΩ ΚΩΔΙΚΟ", "πωσ αλλαζω κωδικο"} {
		store.RecordSearch(search.Query{Text: q, Lang: "el"}, found)
	}
	store.RecordSearch(search.Query{Text: "κάρτες σε δόσεις", Lang: "el"}, search.Result{Lang: "el"})
	if err := store.Close(); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runKB(t, "report", "--data", data, "--index", t.TempDir())
	if code != 0 {
		t.Fatalf("kb report exit %d: %s", code, errOut)
	}
	if !regexp.MustCompile(`(?m)^\s+πως αλλαζω κωδικο\s+3\s`).MatchString(out) {
		t.Errorf("kb report does not show the three spellings of πώς αλλάζω κωδικό as one row, spelled with ς:\n%s", out)
	}
	if !regexp.MustCompile(`(?m)^\s+κάρτες σε δόσεις\s+1\s`).MatchString(out) {
		t.Errorf("kb report does not list κάρτες σε δόσεις (σε keeps its σ) among the queries that found nothing:\n%s", out)
	}
	if strings.Contains(out, "σ ") || strings.Contains(out, "σ\n") {
		t.Errorf("kb report ends a Greek word with σ:\n%s", out)
	}
}
