package browsertest

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"testing"
	"time"
)

// searchScript is the path of the theme's search.js, fingerprinted.
var searchScript = regexp.MustCompile(`/_kb/search\.[0-9a-f]+\.js$`)

// scriptGate serves a built site and can hold back search.js, as a slow
// connection would, until the test releases it. Nothing is cached, so
// every use of search.js reaches it.
type scriptGate struct {
	files http.Handler
	asked chan string // each request for search.js, as it arrives
	mu    sync.Mutex
	held  chan struct{} // closed to let held requests through; nil: not holding
}

func (g *scriptGate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if searchScript.MatchString(r.URL.Path) {
		g.mu.Lock()
		held := g.held
		g.mu.Unlock()
		select {
		case g.asked <- r.URL.Path:
		default:
		}
		if held != nil {
			select {
			case <-held:
			case <-r.Context().Done():
				return
			}
		}
	}
	g.files.ServeHTTP(w, r)
}

// hold makes requests for search.js wait until the returned function is called.
func (g *scriptGate) hold() (release func()) {
	ch := make(chan struct{})
	g.mu.Lock()
	g.held = ch
	g.mu.Unlock()
	return func() {
		g.mu.Lock()
		g.held = nil
		g.mu.Unlock()
		close(ch)
	}
}

// TestSearchScriptLoadsWhenUsed: an article page loads without search.js
// (most readers of an article never search); the search box fetches it when
// the reader starts to use it, and what they typed before it arrived is
// searched once it has: in English, Greek and right-to-left Arabic.
func TestSearchScriptLoadsWhenUsed(t *testing.T) {
	staticSite(t) // builds the sample site
	gate := &scriptGate{files: http.FileServer(http.Dir(filepath.Join(suite.tmp, "static", "public"))), asked: make(chan string, 16)}
	s := serveHandler(gate)
	for _, vp := range screens {
		t.Run(vp.name, func(t *testing.T) {
			b := newTab(t, s.url, vp)
			for _, q := range queries {
				article := "/" + q.lang + "/payments/payment-methods/"
				b.open(article)
				var fetched []string
				b.evalInto(`performance.getEntriesByType("resource").map(e => new URL(e.name).pathname)`, &fetched)
				for _, f := range fetched {
					if searchScript.MatchString(f) {
						b.errorf("%s: loading the article fetched %s; it should wait until the reader uses the search box", article, f)
					}
				}
				if b.boolean(`window.kbSearch`) {
					b.errorf("%s: search.js ran (window.kbSearch is set) before the reader used the search box", article)
				}
				for len(gate.asked) > 0 {
					<-gate.asked
				}

				// The reader types the whole query while search.js is on its way.
				release := gate.hold()
				b.click("#kb-q")
				b.keys(q.q)
				select {
				case <-gate.asked:
				case <-time.After(waitTime):
					release()
					b.fatalf("%s: typing %q in the search box did not fetch search.js", article, q.q)
				}
				if b.boolean(`window.kbSearch || !document.getElementById("kb-suggest").hidden`) {
					b.errorf("%s: search ran before search.js arrived", article)
				}
				release()

				want := `[...document.querySelectorAll("#kb-suggest [role=option]")].find(o => o.textContent.includes(` + jsString(q.title) + `))`
				if !b.poll(waitTime, `!document.getElementById("kb-suggest").hidden && `+want) {
					b.fatalf("%s: %q typed before search.js arrived should suggest %q once it has; suggestions: %q (search box: %q)",
						article, q.q, q.title, options(b), b.str(`document.getElementById("kb-q").value`))
				}

				// Search as you type goes on as before: emptying the box
				// closes the list, typing again opens it.
				b.evalInto(`(i => { i.value = ""; i.dispatchEvent(new Event("input")); return true })(document.getElementById("kb-q"))`, new(bool))
				b.waitFor(waitTime, `document.getElementById("kb-suggest").hidden`, "%s: emptying the search box should close the suggestions", article)
				b.keys(q.q)
				b.waitFor(waitTime, `!document.getElementById("kb-suggest").hidden && `+want,
					"%s: typing %q again should suggest %q; suggestions: %q", article, q.q, q.title, options(b))
			}
		})
	}
}

// TestSearchScriptLoadedTwice: a site whose own theme still loads search.js
// with every page (its assets part from before) has it twice on the search
// page, which loads it too. The page searches as with one: it fetches the
// static index's files once, not once per copy.
func TestSearchScriptLoadedTwice(t *testing.T) {
	dir, err := copySiteWith("own-assets", func(conf string) (string, error) {
		return "theme = \"own\"\n" + conf, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	part := filepath.Join(dir, "themes", "own", "layouts", "partials", "language", "assets.html")
	if err := os.MkdirAll(filepath.Dir(part), 0o755); err != nil {
		t.Fatal(err)
	}
	old := "<meta name=\"color-scheme\" content=\"light dark\">\n<link rel=\"stylesheet\" href=\"{{.Site.CSS}}\">\n" +
		"<script src=\"{{.Site.JS}}\" defer></script>\n<script src=\"{{.Site.SearchJS}}\" defer></script>\n"
	if err := os.WriteFile(part, []byte(old), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := runKB("build", "-s", dir, "-o", filepath.Join(dir, "public"), "--index", filepath.Join(dir, "idx")); err != nil {
		t.Fatal(err)
	}
	s := serveDir(filepath.Join(dir, "public"))
	b := newTab(t, s.url, desktop)
	q := queries[0]
	b.open("/en/search/?q=" + url.QueryEscape(q.q))
	if n := b.str(`[...document.scripts].filter(s => /\/_kb\/search\.[0-9a-f]+\.js$/.test(s.src)).length`); n != "2" {
		t.Fatalf("the search page should name search.js twice for this test, names it %s times", n)
	}
	b.waitFor(waitTime, `!document.getElementById("kb-results").hasAttribute("aria-busy") && document.querySelector("#kb-results li a")`,
		"the results page for %q shows no results", q.q)
	b.evalInto(`(i => { i.focus(); i.select(); return true })(document.getElementById("kb-q"))`, new(bool))
	b.keys(q.q)
	b.waitFor(waitTime, `document.querySelectorAll("#kb-suggest [role=option]").length >= 2 && !document.getElementById("kb-suggest").hidden`,
		"typing in the search box of the results page should show at least two suggestions")
	b.settle(waitTime, 400*time.Millisecond, `document.getElementById("kb-suggest").innerHTML`)
	var metas []string
	b.evalInto(`performance.getEntriesByType("resource").map(e => new URL(e.name).pathname).filter(p => p.endsWith("/meta.json.gz"))`, &metas)
	if len(metas) != 1 {
		b.errorf("the results and the suggestions should fetch the index's meta.json.gz once, fetched %q", metas)
	}
}
