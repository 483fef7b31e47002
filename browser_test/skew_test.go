package browsertest

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// failedSearch is the theme's search_failed message in each language.
var failedSearch = map[string]string{
	"en": "Search did not answer just now. Please try again in a moment.",
	"ar": "تعذّر البحث الآن. يُرجى المحاولة مرة أخرى بعد قليل.",
	"el": "Η αναζήτηση δεν απάντησε αυτή τη στιγμή. Δοκιμάστε ξανά σε λίγο.",
}

// exceptions collects the tab's uncaught JavaScript errors, promise
// rejections included.
func exceptions(b *tab) func() []string {
	var mu sync.Mutex
	var got []string
	err := chromedp.Listen(b.ctx, func(ev any) {
		if e, ok := ev.(*runtime.EventExceptionThrown); ok {
			mu.Lock()
			got = append(got, e.ExceptionDetails.Text+" "+exceptionText(e.ExceptionDetails))
			mu.Unlock()
		}
	})
	if err != nil {
		b.fatalf("listening for exceptions: %v", err)
	}
	return func() []string { mu.Lock(); defer mu.Unlock(); return append([]string(nil), got...) }
}

// twoBuilds serves files of two builds of one site, as a CDN that holds
// some files of the last deploy, or an upload half done, serves them:
// fromOld says which paths come from the old build (when it has them; a
// file only the new one has comes from the new one). Nothing is cached.
type twoBuilds struct {
	old, new string
	mu       sync.Mutex
	fromOld  func(path string) bool
}

func (s *twoBuilds) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	s.mu.Lock()
	dir := s.new
	if s.fromOld(r.URL.Path) {
		if _, err := os.Stat(filepath.Join(s.old, filepath.FromSlash(r.URL.Path))); err == nil {
			dir = s.old
		}
	}
	s.mu.Unlock()
	http.FileServer(http.Dir(dir)).ServeHTTP(w, r)
}

func (s *twoBuilds) serve(fromOld func(path string) bool) {
	s.mu.Lock()
	s.fromOld = fromOld
	s.mu.Unlock()
}

// searchFiles are the static index's files but meta.json.gz.
func searchFiles(p string) bool {
	return strings.HasPrefix(p, "/_kb/search/") && !strings.HasSuffix(p, "/meta.json.gz")
}

// postingFiles are the static index's postings chunks and their heads.
var postingFiles = regexp.MustCompile(`^/_kb/search/[^/]+/[ph]/`).MatchString

// TestSearchAcrossDeploys: a site built, changed (a new word in one
// article, another article removed) and built again, served as deploys
// are: a CDN still holding postings of the old build beside the new
// vocabulary; the old pages and index root while the new files replace the
// old; a page left open across the deploy. Search finds the new word, or
// says to try again; it never answers from a mix of the two builds that it
// can tell apart (no result for lack of the new word, or a link to the
// removed page). A CDN that holds the old vocabulary too is left out: its
// files agree with each other, and the new word is in none of them (see
// README's Search).
func TestSearchAcrossDeploys(t *testing.T) {
	// The links to the page the new build removes stay, as links do a while.
	dir, err := copySiteWith("deploys", func(c string) (string, error) { return c + "\n[build]\nbrokenLinks = \"warning\"\n", nil })
	if err != nil {
		t.Fatal(err)
	}
	build := func(out string) {
		t.Helper()
		if err := runKB("build", "-s", dir, "-o", filepath.Join(dir, out), "--index", filepath.Join(dir, "idx-"+out)); err != nil {
			t.Fatal(err)
		}
	}
	build("old")
	refunds := filepath.Join(dir, "content", "en", "payments", "refund-timing.md")
	md, err := os.ReadFile(refunds)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(refunds, append(md, "\n\nZanzibarquoll vouchers are refunded the same way.\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "content", "en", "account", "delete-your-account.md")); err != nil {
		t.Fatal(err)
	}
	build("new")
	builds := &twoBuilds{old: filepath.Join(dir, "old"), new: filepath.Join(dir, "new"), fromOld: searchFiles}
	s := serveHandler(builds)

	// results opens the results page for q and returns the links it lists,
	// or fails the test when it shows neither results nor the message to
	// try again.
	results := func(b *tab, q string) (links []string, failed bool) {
		b.t.Helper()
		b.open("/en/search/?q=" + url.QueryEscape(q))
		b.waitFor(waitTime, `!document.getElementById("kb-results").hasAttribute("aria-busy") && document.querySelector("#kb-results h2")`,
			"the results page for %q did not finish", q)
		b.evalInto(`[...document.querySelectorAll("#kb-results li a")].map(a => new URL(a.href).pathname)`, &links)
		return links, b.str(`(document.querySelector("#kb-results .kb-failed") || {}).textContent || ""`) == failedSearch["en"]
	}
	for _, c := range []struct {
		name    string
		fromOld func(string) bool
	}{
		{"a CDN holds the old postings", postingFiles},
		{"old pages and index root, the new files uploaded", func(p string) bool { return !searchFiles(p) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			builds.serve(c.fromOld)
			b := newTab(t, s.url, phone)
			thrown := exceptions(b)
			links, failed := results(b, "zanzibarquoll")
			// Both builds have the page the new word is in.
			if !failed && !contains(links, "/en/payments/refund-timing/") {
				b.errorf("searching the new word lists %q and says nothing failed, want /en/payments/refund-timing/ or the message to try again", links)
			}
			links, failed = results(b, "refund")
			if !failed && len(links) == 0 {
				b.errorf("searching %q lists nothing and says nothing failed", "refund")
			}
			for _, l := range links {
				if l == "/en/account/delete-your-account/" {
					b.errorf("searching %q links to the page the new build removed", "refund")
				}
				resp, err := http.Get(s.url + l)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					b.errorf("searching %q lists %s, which answers %s", "refund", l, resp.Status)
				}
			}
			if e := thrown(); len(e) > 0 {
				b.errorf("the search threw: %q", e)
			}
		})
	}

	t.Run("a page open across the deploy", func(t *testing.T) {
		builds.serve(func(string) bool { return true })
		b := newTab(t, s.url, phone)
		thrown := exceptions(b)
		b.open("/en/")
		b.click("#kb-q")
		b.keys("refund")
		b.waitFor(waitTime, `!document.getElementById("kb-suggest").hidden`, "typing %q before the deploy suggests nothing", "refund")
		builds.serve(func(string) bool { return false }) // the deploy, old files removed
		b.evalInto(`(i => { i.value = ""; i.dispatchEvent(new Event("input")); return true })(document.getElementById("kb-q"))`, new(bool))
		b.keys("zanzibarquoll")
		want := `[...document.querySelectorAll("#kb-suggest [role=option]")].some(o => new URL(o.href).pathname === "/en/payments/refund-timing/")`
		b.waitFor(waitTime, `!document.getElementById("kb-suggest").hidden && `+want,
			"after the deploy, typing the new word in the page left open should suggest its page; suggestions %q, status %q",
			options(b), b.str(`document.querySelector("form [role=status]").textContent`))
		if e := thrown(); len(e) > 0 {
			b.errorf("the search threw: %q", e)
		}
	})
}

// breaker serves a built site and breaks the requests for the paths that
// match it, as chosen: 404, 500, a gzip cut short, or the connection
// dropped.
type breaker struct {
	files http.Handler
	mu    sync.Mutex
	match *regexp.Regexp
	how   string // "", "404", "429", "500", "503", "truncated", "dropped", "slow" (5 s)
}

func (b *breaker) set(how string) { b.mu.Lock(); b.how = how; b.mu.Unlock() }

func (b *breaker) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	b.mu.Lock()
	how := b.how
	b.mu.Unlock()
	if how == "" || !b.match.MatchString(r.URL.Path) {
		b.files.ServeHTTP(w, r)
		return
	}
	switch how {
	case "404":
		http.NotFound(w, r)
	case "500", "503", "429":
		code, _ := strconv.Atoi(how)
		http.Error(w, http.StatusText(code), code)
	case "truncated":
		rec := &cutShort{ResponseWriter: w}
		b.files.ServeHTTP(rec, r)
	case "dropped":
		if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
			conn.Close()
		}
	case "slow":
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
			return
		}
		b.files.ServeHTTP(w, r)
	}
}

// cutShort writes the first 40 bytes of a body and no more, with no
// Content-Length, as a connection that ends early.
type cutShort struct {
	http.ResponseWriter
	n int
}

func (c *cutShort) WriteHeader(code int) {
	c.Header().Del("Content-Length")
	c.ResponseWriter.WriteHeader(code)
}

func (c *cutShort) Write(p []byte) (int, error) {
	if c.n < 40 {
		w := min(len(p), 40-c.n)
		c.ResponseWriter.Write(p[:w])
		c.n += w
	}
	return len(p), nil
}

// TestSearchWhenAFileFails: an index file that fails (404, 500, a gzip cut
// short, the connection dropped, as on a weak network) makes the results
// page and the search box say, in the reader's language, to try again, not
// that nothing matches; nothing throws, and the next search, once the
// network is back, works.
func TestSearchWhenAFileFails(t *testing.T) {
	staticSite(t) // builds the sample site
	br := &breaker{files: http.FileServer(http.Dir(filepath.Join(suite.tmp, "static", "public"))), match: regexp.MustCompile(`^/_kb/search/[^/]+/p/`)}
	s := serveHandler(br)
	status := `document.querySelector("form[data-kb-search] [role=status]")`
	for _, how := range []string{"404", "500", "truncated", "dropped"} {
		t.Run(how, func(t *testing.T) {
			b := newTab(t, s.url, phone)
			thrown := exceptions(b)
			for _, q := range queries {
				br.set(how)
				b.open("/" + q.lang + "/search/?q=" + url.QueryEscape(q.q))
				b.waitFor(waitTime, `!document.getElementById("kb-results").hasAttribute("aria-busy") && document.querySelector("#kb-results h2")`,
					"%s: the results page for %q did not finish", q.lang, q.q)
				if got := b.str(`(document.querySelector("#kb-results .kb-failed") || {}).textContent || document.getElementById("kb-results").innerText`); got != failedSearch[q.lang] {
					b.errorf("%s: with the postings answering %s, the results page says %q, want %q", q.lang, how, got, failedSearch[q.lang])
				}

				b.open("/" + q.lang + "/")
				b.click("#kb-q")
				b.keys(q.q)
				if !b.poll(waitTime, status+`.textContent === `+jsString(failedSearch[q.lang])+` && !`+status+`.classList.contains("visually-hidden")`) {
					b.errorf("%s: with the postings answering %s, typing %q should show %q below the box; it shows %q", q.lang, how, q.q,
						failedSearch[q.lang], b.str(status+`.textContent`))
				}

				br.set("")
				b.keys(" ")
				want := `[...document.querySelectorAll("#kb-suggest [role=option]")].find(o => o.textContent.includes(` + jsString(q.title) + `))`
				b.waitFor(waitTime, `!document.getElementById("kb-suggest").hidden && `+want,
					"%s: once the network is back, the next keystroke should suggest %q; suggestions %q", q.lang, q.title, options(b))
				if b.boolean(`!` + status + `.classList.contains("visually-hidden")`) {
					b.errorf("%s: the message to try again stays in sight once search works", q.lang)
				}
			}
			if e := thrown(); len(e) > 0 {
				b.errorf("the search threw: %q", e)
			}
		})
	}
}

// TestSearchEndpointDown: with [search] endpoint set, a search server that
// is down, slow (5 s) or answers 429 or 503 leaves the box on the static
// index, which answers.
func TestSearchEndpointDown(t *testing.T) {
	dir, err := copySiteWith("endpoint-down", func(conf string) (string, error) {
		return regexp.MustCompile(`(?m)^\[search\]\n`).ReplaceAllString(conf, "[search]\nendpoint = \"/api/search\"\n"), nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := runKB("build", "-s", dir, "-o", filepath.Join(dir, "public"), "--index", filepath.Join(dir, "idx")); err != nil {
		t.Fatal(err)
	}
	br := &breaker{files: http.FileServer(http.Dir(filepath.Join(dir, "public"))), match: regexp.MustCompile(`^/api/search`)}
	s := serveHandler(br)
	for _, name := range []string{"429", "503", "slow", "dropped"} {
		t.Run(name, func(t *testing.T) {
			br.set(name)
			b := newTab(t, s.url, phone)
			thrown := exceptions(b)
			for _, q := range queries {
				b.open("/" + q.lang + "/search/?q=" + url.QueryEscape(q.q))
				hit := `[...document.querySelectorAll("#kb-results li a")].find(a => a.textContent.includes(` + jsString(q.title) + `))`
				b.waitFor(waitTime, `!document.getElementById("kb-results").hasAttribute("aria-busy") && `+hit,
					"%s: with the search server %s, the results page for %q should list %q from the static index; it shows %q",
					q.lang, name, q.q, q.title, b.str(`document.getElementById("kb-results").innerText`))
			}
			if e := thrown(); len(e) > 0 {
				b.errorf("the search threw: %q", e)
			}
		})
	}
}

// exceptionText is the thrown value's description ("TypeError: …").
func exceptionText(d *runtime.ExceptionDetails) string {
	if d.Exception != nil {
		return d.Exception.Description
	}
	return ""
}
