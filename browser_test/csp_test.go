package browsertest

import (
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// recordViolations is run in every document before its own scripts: it
// keeps the Content-Security-Policy violations the page reports.
const recordViolations = `window.__csp = [];
document.addEventListener("securitypolicyviolation", e =>
  window.__csp.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline") + " at " + e.sourceFile + ":" + e.lineNumber));`

// TestContentSecurityPolicy opens every kind of page that kb search --site
// serves under its strict policy, in Chromium, votes on an article and opens
// a search suggestion: the console must show no violation, the theme's styles
// and scripts must work, and the vote and the click must reach the server
// (same origin, JSON, with the page's Origin).
func TestContentSecurityPolicy(t *testing.T) {
	apiSite(t) // builds the site with a search endpoint
	dir := filepath.Join(suite.tmp, "api")
	p, err := startKB("search", "--index", filepath.Join(dir, "idx"), "--site", filepath.Join(dir, "public"),
		"--addr", "127.0.0.1:0", "--rate-limit", "0", "--data", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer p.stop()
	for _, lang := range []string{"en", "ar", "el"} { // open the indexes, as apiSite does
		if resp, err := http.Get(p.url + "/api/search?q=warm&lang=" + lang); err == nil {
			resp.Body.Close()
		}
	}
	if csp := header(t, p.url+"/en/", "Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Fatalf("kb search --site sends Content-Security-Policy %q", csp)
	}

	b := newTab(t, p.url, desktop)
	var mu sync.Mutex
	var console []string
	go func() {
		for m, err := range chromedp.Console(b.ctx) {
			if err != nil {
				return
			}
			if strings.Contains(m.Text, "Content Security Policy") || strings.Contains(m.Text, "Content-Security-Policy") {
				mu.Lock()
				console = append(console, m.Text)
				mu.Unlock()
			}
		}
	}()
	if _, err := chromedp.Call(b.ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: recordViolations}); err != nil {
		t.Fatal(err)
	}
	check := func(path string) {
		t.Helper()
		var violations []string
		b.evalInto(`window.__csp || []`, &violations)
		if len(violations) > 0 {
			b.errorf("%s: Content-Security-Policy violations: %q", path, violations)
		}
	}

	pages := []string{"/en/", "/en/policies/returns-and-refunds/", "/en/faq/general/", "/en/payments/",
		"/ar/", "/el/", "/en/search/?q=refund", "/en/no-such-page/"}
	for _, path := range pages {
		b.open(path)
		// The stylesheet applied (a blocked one leaves the skip link on screen).
		b.waitFor(waitTime, `document.styleSheets.length > 0 && document.styleSheets[0].cssRules.length > 0 &&
			getComputedStyle(document.querySelector("a.skip")).position !== "static"`, "%s: the theme's stylesheet did not apply", path)
		check(path)
	}

	// A vote from the article's own page is accepted.
	b.open("/en/policies/returns-and-refunds/")
	b.waitFor(waitTime, `!document.querySelector("[data-kb-feedback]").hidden`, "the feedback form did not show")
	if err := chromedp.Do(b.ctx, chromedp.Click(chromedp.CSS(`[data-kb-feedback] button[value=yes]`))); err != nil {
		b.fatalf("voting: %v", err)
	}
	b.waitFor(waitTime, `!document.querySelector("[data-kb-feedback] .thanks").hidden`, "no thanks after the vote")
	waitMetric(t, p.url, "kb_feedback_total 1")
	check("vote")

	// Opening a suggestion reports the click.
	b.open("/en/")
	if err := chromedp.Do(b.ctx, chromedp.Click(chromedp.ID("kb-q")), chromedp.KeyEvent("refund")); err != nil {
		b.fatalf("typing: %v", err)
	}
	b.waitFor(waitTime, `!document.getElementById("kb-suggest").hidden && document.querySelector("#kb-suggest [role=option]")`, "no suggestions for refund")
	if err := chromedp.Do(b.ctx, chromedp.Click(chromedp.CSS(`#kb-suggest [role=option]`))); err != nil {
		b.fatalf("opening a suggestion: %v", err)
	}
	waitMetric(t, p.url, "kb_clicks_total 1")
	check("click")

	mu.Lock()
	defer mu.Unlock()
	if len(console) > 0 {
		t.Errorf("the console reported Content-Security-Policy problems:\n%s", strings.Join(console, "\n"))
	}
}

func header(t *testing.T, url, name string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.Header.Get(name)
}

// waitMetric waits until the server's /metrics has the line want.
func waitMetric(t *testing.T, base, want string) {
	t.Helper()
	deadline := time.Now().Add(waitTime)
	var body []byte
	for time.Now().Before(deadline) {
		resp, err := http.Get(base + "/metrics")
		if err == nil {
			body, _ = io.ReadAll(resp.Body)
			resp.Body.Close()
			if strings.Contains("\n"+string(body), "\n"+want+"\n") {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Errorf("/metrics never showed %q:\n%s", want, body)
}
