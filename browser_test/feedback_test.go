package browsertest

import (
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
	dir := filepath.Join(suite.tmp, "feedback-down")
	if err := copySite(suite.root, dir); err != nil {
		t.Fatal(err)
	}
	toml := filepath.Join(dir, "site.toml")
	b, err := os.ReadFile(toml)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "\n[feedback]") {
		t.Fatal("site.toml has a [feedback] table already")
	}
	b = append(b, "\n[feedback]\nendpoint = \"/api/feedback\"\n"...)
	if err := os.WriteFile(toml, b, 0o644); err != nil {
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
