package browsertest

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFeedbackNotSent: when the feedback endpoint refuses a vote (a server
// down, a kb search run without --data, a flood limit), the reader is told
// it was not sent, in their language, instead of being thanked for it; a
// "no" still leads to the support contacts.
func TestFeedbackNotSent(t *testing.T) {
	dir, err := copySiteWith("feedback-down", func(conf string) (string, error) {
		if strings.Contains(conf, "\n[feedback]") {
			return "", errors.New("a [feedback] table already")
		}
		return conf + "\n[feedback]\nendpoint = \"/api/feedback\"\n", nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := runKB("build", "-s", dir, "-o", filepath.Join(dir, "public"), "--index", "-"); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/", http.FileServer(http.Dir(filepath.Join(dir, "public"))))
	mux.HandleFunc("POST /api/feedback", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "feedback is not recorded here", http.StatusServiceUnavailable)
	})
	s := serveHandler(mux)

	unsent := map[string]string{
		"en": "Your feedback could not be sent. Please try again later.",
		"ar": "تعذّر إرسال ملاحظاتك. يُرجى المحاولة لاحقًا.",
		"el": "Δεν ήταν δυνατό να σταλούν τα σχόλιά σας. Δοκιμάστε ξανά αργότερα.",
	}
	const status = `document.querySelector(".feedback .thanks")`
	eachScreen(t, func(t *testing.T, vp viewport, lang string) {
		b := newTab(t, s.url, vp)
		b.open("/" + lang + "/payments/payment-methods/")
		b.waitFor(waitTime, `!document.querySelector("[data-kb-feedback]").hidden`, "no \"Was this helpful?\"")
		b.click(`[data-kb-feedback] button[value=yes]`)
		b.waitFor(waitTime, `!`+status+`.hidden`, "a refused yes is not answered")
		if got := b.str(status + `.textContent`); got != unsent[lang] {
			b.errorf("after a refused yes the page says %q, want %q", got, unsent[lang])
		}

		b.open("/" + lang + "/payments/payment-methods/")
		b.waitFor(waitTime, `!document.querySelector("[data-kb-feedback]").hidden`, "no \"Was this helpful?\"")
		b.click(`[data-kb-feedback] button[value=no]`)
		b.waitFor(waitTime, `!document.querySelector(".feedback .why").hidden`, "with an endpoint a no asks no reason")
		b.click(`.feedback input[value=unclear]`)
		b.click(`.feedback button[type=submit]`)
		b.waitFor(waitTime, `!`+status+`.hidden`, "a refused no is not answered")
		if got := b.str(status + `.textContent`); got != unsent[lang] {
			b.errorf("after a refused no the page says %q, want %q", got, unsent[lang])
		}
		if !b.shown(".feedback .contact") {
			b.errorf("after a refused no, no contact path")
		}
	})
}

// serveHandler serves h until the run ends.
func serveHandler(h http.Handler) *site {
	srv := httptest.NewServer(h)
	atExit(srv.Close)
	return &site{url: srv.URL}
}

// TestFeedbackToSearchServerOnAnotherOrigin: the site on a static host,
// kb search on another origin ([search] endpoint, the site's origin in
// corsOrigins). The search box asks the server, and a vote and a result
// click cross origins (after the browser's preflight) and are recorded;
// the reader is thanked only then.
func TestFeedbackToSearchServerOnAnotherOrigin(t *testing.T) {
	dir := filepath.Join(suite.tmp, "cross-origin")
	if err := copySite(suite.root, dir); err != nil {
		t.Fatal(err)
	}
	pages := httptest.NewUnstartedServer(http.FileServer(http.Dir(filepath.Join(dir, "public"))))
	origin := "http://" + pages.Listener.Addr().String()

	// The index first, for the server; then the pages, which need its address.
	idx := filepath.Join(dir, "idx")
	if err := runKB("build", "-s", dir, "-o", filepath.Join(dir, "public"), "--index", idx); err != nil {
		t.Fatal(err)
	}
	api, err := startKB("search", "--index", idx, "--addr", "127.0.0.1:0", "--rate-limit", "0", "--data", t.TempDir(), "--cors", origin)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(api.stop)
	for _, lang := range []string{"en", "ar", "el"} { // open the indexes, as a server up for a while has
		if resp, err := http.Get(api.url + "/api/search?q=warm&lang=" + lang); err == nil {
			resp.Body.Close()
		}
	}
	toml := filepath.Join(dir, "site.toml")
	b, err := os.ReadFile(toml)
	if err != nil {
		t.Fatal(err)
	}
	conf := strings.Replace(string(b), "\n[search]\n", "\n[search]\nendpoint = \""+api.url+"/api/search\"\n", 1)
	if conf == string(b) {
		t.Fatal("site.toml: no [search] table")
	}
	if err := os.WriteFile(toml, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := runKB("build", "-s", dir, "-o", filepath.Join(dir, "public"), "--index", "-"); err != nil {
		t.Fatal(err)
	}
	pages.Start()
	t.Cleanup(pages.Close)

	tab := newTab(t, origin, desktop)
	tab.open("/el/payments/payment-methods/")
	tab.waitFor(waitTime, `!document.querySelector("[data-kb-feedback]").hidden`, "no \"Was this helpful?\"")
	tab.click(`[data-kb-feedback] button[value=no]`)
	tab.waitFor(waitTime, `!document.querySelector(".feedback .why").hidden`, "with a search server a no asks no reason")
	tab.click(`.feedback input[value=missing]`)
	tab.click(`.feedback button[type=submit]`)
	tab.waitFor(waitTime, `!document.querySelector(".feedback .thanks").hidden`, "the vote is not answered")
	if got := tab.str(`document.querySelector(".feedback .thanks").textContent`); got != "Ευχαριστούμε για τα σχόλιά σας." {
		tab.errorf("after a vote sent across origins the page says %q:\n%s", got, api.output())
	}
	waitMetric(t, api.url, "kb_feedback_total 1")

	tab.open("/el/")
	tab.click("#kb-q")
	tab.keys("πληρωμη")
	tab.waitFor(waitTime, `[...document.querySelectorAll("#kb-suggest [role=option]")].some(o => o.textContent.includes("Τρόποι πληρωμής"))`, "no suggestion from the search server")
	tab.click(`#kb-suggest [role=option]`)
	tab.waitFor(waitTime, `location.pathname !== "/el/"`, "the suggestion does not open")
	waitMetric(t, api.url, "kb_clicks_total 1")
}
