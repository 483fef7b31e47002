package server

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kb/internal/syncbuf"
	"kb/search"
)

// realIndex builds a search index of a few pages in en and ar.
func realIndex(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "index")
	err := search.Build(context.Background(), dir, []search.Document{
		{ID: "/en/faq/returns/", Lang: "en", URL: "/en/faq/returns/", Title: "Returns", Kind: "article", Body: "refund"},
		{ID: "/en/faq/general/#how-do-i-pay", Lang: "en", URL: "/en/faq/general/#how-do-i-pay", Title: "How do I pay?", Kind: "question", Body: "card"},
		{ID: "/ar/policies/returns/", Lang: "ar", URL: "/ar/policies/returns/", Title: "الإرجاع", Kind: "policy", Body: "إرجاع"},
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// Votes and clicks are taken for the site's pages only (those of the index
// and of the site folder), with their language as the index spells it and
// no control characters; what is turned away is counted.
func TestVotesAndClicksOnlyForTheSitesPages(t *testing.T) {
	sink, clicks := &memorySink{}, &memoryClicks{}
	s, err := New(Config{IndexDir: realIndex(t), SiteDir: writeSite(t), Feedback: sink, Clicks: clicks, PostRateLimit: -1,
		TrustProxy: ProxyTrust{Hops: 1}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	h := s.Handler()
	votes := []struct {
		name, body string
		code       int
		lang       string
	}{
		{"page of the index", `{"page":"/en/faq/returns/","helpful":true}`, 204, "en"},
		{"page of the site folder", `{"page":"/en/policies/returns/","helpful":true}`, 204, "en"},
		{"language in capitals", `{"page":"/ar/policies/returns/","lang":"AR","helpful":true}`, 204, "ar"},
		{"browser's language", `{"page":"/en/faq/returns/","lang":"en-US","helpful":false}`, 204, "en"},
		{"regional language", `{"page":"/en/faq/returns/","lang":"en-GB","reason":"unclear"}`, 204, "en"},
		{"comment on lines", `{"page":"/en/faq/returns/","comment":"line\nnext\tcol"}`, 204, "en"},
		{"page that does not exist", `{"page":"/en/no-such-page/","helpful":true}`, 400, ""},
		{"made-up path", `{"page":"/wp-login.php","helpful":true}`, 400, ""},
		{"language the site lacks", `{"page":"/en/faq/returns/","lang":"de","helpful":true}`, 400, ""},
		{"control character in page", `{"page":"/en/faq/returns/\u0007","helpful":true}`, 400, ""},
		{"escape in comment", `{"page":"/en/faq/returns/","comment":"a\u001b[2Jb"}`, 400, ""},
		{"C1 control in comment", `{"page":"/en/faq/returns/","comment":"a\u009bb"}`, 400, ""},
	}
	for i, v := range votes {
		w := post(t, h, "/api/feedback", v.body, append(sameSite, "X-Forwarded-For", fmt.Sprint("192.0.2.", i))...)
		if w.Code != v.code {
			t.Errorf("%s: %d %s, want %d", v.name, w.Code, w.Body, v.code)
		}
	}
	var langs []string
	for _, f := range sink.got {
		langs = append(langs, f.Lang)
	}
	if got := strings.Join(langs, " "); got != "en en ar en en en" {
		t.Errorf("votes recorded with languages %q, want %q", got, "en en ar en en en")
	}

	for _, c := range []struct {
		name, body string
		code       int
	}{
		{"question of the index", `{"q":"pay","lang":"EN","url":"/en/faq/general/#how-do-i-pay"}`, 204},
		{"page of the index", `{"q":"refund","url":"/en/faq/returns/"}`, 204},
		{"page that does not exist", `{"q":"refund","url":"/en/no-such-page/"}`, 400},
		{"control character in q", `{"q":"re\u0000fund","url":"/en/faq/returns/"}`, 400},
	} {
		if w := post(t, h, "/api/click", c.body, sameSite...); w.Code != c.code {
			t.Errorf("click %s: %d %s, want %d", c.name, w.Code, w.Body, c.code)
		}
	}
	if len(clicks.got) != 2 || clicks.got[0].Lang != "en" {
		t.Errorf("clicks recorded: %+v", clicks.got)
	}

	m := get(t, h, "/metrics").Body.String()
	for _, want := range []string{
		`kb_feedback_refused_total{reason="unknown_page"} 2`,
		`kb_feedback_refused_total{reason="invalid"} 4`,
		`kb_clicks_refused_total{reason="unknown_page"} 1`,
	} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %s:\n%s", want, m)
		}
	}
}

// A flood of votes from one network, or on one page, takes only its share
// of the hour's ledger: a reader elsewhere still votes, the refusals are
// counted, and the log says so once.
func TestVoteFloodTakesOnlyItsShare(t *testing.T) {
	var logs syncbuf.Buffer
	sink := &memorySink{}
	s, _ := newTestServer(t, func(c *Config) {
		c.Feedback, c.PostRateLimit, c.TrustProxy = sink, -1, ProxyTrust{Hops: 1}
		c.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	})
	h := s.Handler()
	vote := func(client, page string) int {
		return post(t, h, "/api/feedback", `{"page":"`+page+`","helpful":true}`, append(sameSite, "X-Forwarded-For", client)...).Code
	}
	// 28 addresses of one network, each voting on page after page.
	refused := 0
	for i := range 2 * maxVotesPerNetwork {
		if vote(fmt.Sprintf("198.51.100.%d", i%28), fmt.Sprintf("/en/faq/%d/", i)) == 429 {
			refused++
		}
	}
	if refused != maxVotesPerNetwork {
		t.Errorf("%d of one network's %d votes refused, want %d", refused, 2*maxVotesPerNetwork, maxVotesPerNetwork)
	}
	if code := vote("203.0.113.9", "/en/faq/1/"); code != 204 {
		t.Errorf("a reader on another network = %d, want 204", code)
	}
	// Many networks on one page.
	refused = 0
	for i := range maxVotesPerPage + 10 {
		if vote(fmt.Sprintf("10.%d.%d.1", i/256, i%256), "/en/faq/flooded/") == 429 {
			refused++
		}
	}
	if refused != 10 {
		t.Errorf("%d votes on the flooded page refused, want 10", refused)
	}
	if code := vote("203.0.113.9", "/en/faq/other/"); code != 204 {
		t.Errorf("a vote on another page = %d, want 204", code)
	}
	m := get(t, h, "/metrics").Body.String()
	for _, want := range []string{
		fmt.Sprintf(`kb_feedback_refused_total{reason="network_share"} %d`, maxVotesPerNetwork),
		`kb_feedback_refused_total{reason="page_share"} 10`,
	} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if n := strings.Count(logs.String(), "votes refused until the hour ends"); n != 2 {
		t.Errorf("logged %d times, want once per reason:\n%s", n, logs.String())
	}
}

// A site folder's dot files are not pages.
func TestDotFileIsNotAPage(t *testing.T) {
	site := writeSite(t)
	os.MkdirAll(filepath.Join(site, ".git"), 0o755)
	os.WriteFile(filepath.Join(site, ".git", "index.html"), []byte("x"), 0o644)
	s, _ := newTestServer(t, func(c *Config) { c.SiteDir = site; c.Feedback = &memorySink{} })
	if w := post(t, s.Handler(), "/api/feedback", `{"page":"/.git/","helpful":true}`, sameSite...); w.Code != 400 {
		t.Errorf("vote on /.git/ = %d, want 400", w.Code)
	}
}
