package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"kb/internal/syncbuf"
	"kb/search/analytics"
)

// TestReportOtherLanguage: kb report's queries that found nothing say
// which other language of the site answers them, and with how many pages,
// as kb search answered the readers who typed them: English for "refund"
// typed on the Arabic site (the Arabic article is the one to write; the
// English one exists), Greek for a Greek word typed on the English site,
// and none for a query no language answers. In text and in --json.
func TestReportOtherLanguage(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the sample site and starts a server")
	}
	site := builtSampleSite(t)
	index, data := filepath.Join(site, ".kb", "search"), filepath.Join(t.TempDir(), "data")
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan int, 1)
	var out syncbuf.Buffer
	go func() {
		done <- run(ctx, []string{"search", "--index", index, "--data", data, "--addr", addr}, &out, &out)
	}()
	base := "http://" + addr
	waitFor(t, base+"/healthz", func(b string) bool { return strings.HasPrefix(b, "ok") })

	type other struct {
		Lang  string
		Total int
	}
	// searchOther searches as a reader does and returns what the answer
	// found in another language, nil for nothing.
	searchOther := func(lang, q string) *other {
		t.Helper()
		resp, err := http.Get(base + "/api/search?" + url.Values{"lang": {lang}, "q": {q}}.Encode())
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var res struct {
			Total int
			Other *other
		}
		if err := json.NewDecoder(resp.Body).Decode(&res); err != nil || resp.StatusCode != http.StatusOK || res.Total != 0 {
			t.Fatalf("%s %q: %d %v, total %d: the test needs a query that finds nothing", lang, q, resp.StatusCode, err, res.Total)
		}
		return res.Other
	}
	const gap = "zqxjkv"
	refund, greek := searchOther("ar", "refund"), searchOther("en", "επιστροφή")
	if refund == nil || refund.Lang != "en" || greek == nil || greek.Lang != "el" {
		t.Fatalf("kb search answers ar \"refund\" with %+v and en \"επιστροφή\" with %+v; want en and el", refund, greek)
	}
	if o := searchOther("ar", gap); o != nil {
		t.Fatalf("the sample site answers %q in %s; the test needs a gap", gap, o.Lang)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("kb search exit %d\n%s", code, out.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("kb search did not stop")
	}

	code, text, errOut := runKB(t, "report", "--data", data, "--index", index)
	if code != 0 {
		t.Fatalf("kb report exit %d: %s", code, errOut)
	}
	pages := func(o *other) string {
		if o.Total == 1 {
			return o.Lang + ": 1 page"
		}
		return fmt.Sprintf("%s: %d pages", o.Lang, o.Total)
	}
	ar := section(text[strings.Index(text, "== ar:"):], "Queries with no results")
	en := section(text[strings.Index(text, "== en:"):], "Queries with no results")
	for _, c := range []struct{ section, query, want string }{
		{ar, "refund", pages(refund)},
		{ar, gap, "-"},
		{en, "επιστροφή", pages(greek)},
	} {
		if got := column(c.section, "OTHER LANGUAGE", c.query); got != c.want {
			t.Errorf("the row of %q reads %q in the column OTHER LANGUAGE, want %q:\n%s", c.query, got, c.want, c.section)
		}
	}

	t.Logf("kb report:\n%s", text)
	code, js, errOut := runKB(t, "report", "--data", data, "--index", index, "--json")
	if code != 0 {
		t.Fatalf("kb report --json exit %d: %s", code, errOut)
	}
	var rep analytics.Report
	if err := json.Unmarshal([]byte(js), &rep); err != nil {
		t.Fatalf("--json: %v\n%s", err, js)
	}
	got := map[string]*analytics.OtherAnswer{}
	for _, l := range rep.Languages {
		for _, q := range l.NoResults {
			got[l.Lang+" "+q.Query] = q.Other
		}
	}
	for key, want := range map[string]*other{"ar refund": refund, "en επιστροφή": greek, "ar " + gap: nil} {
		o, ok := got[key]
		switch {
		case !ok:
			t.Errorf("--json has no %s among the queries that found nothing:\n%s", key, js)
		case want == nil && o != nil:
			t.Errorf("--json: %s has another language, %+v, where none answers it", key, o)
		case want != nil && (o == nil || o.Lang != want.Lang || o.Pages != want.Total):
			t.Errorf("--json: %s's other language is %+v, want %s with %d pages", key, o, want.Lang, want.Total)
		}
	}
	if !strings.Contains(js, `"other": {`) {
		t.Errorf("--json has no \"other\" object:\n%s", js)
	}
}

// column returns the cell of a report table (as section cuts it out) in
// the column headed name, in the row of query: the text from where the
// heading starts, in characters, to the next two spaces.
func column(table, name, query string) string {
	lines := strings.Split(table, "\n")
	var at int
	for _, l := range lines {
		if i := strings.Index(l, name); i >= 0 {
			at = utf8.RuneCountInString(l[:i])
			break
		}
	}
	if at == 0 {
		return ""
	}
	for _, l := range lines {
		if fields := strings.Fields(l); len(fields) > 0 && fields[0] == query {
			r := []rune(l)
			if len(r) <= at {
				return ""
			}
			cell, _, _ := strings.Cut(string(r[at:]), "  ")
			return strings.TrimSpace(cell)
		}
	}
	return ""
}
