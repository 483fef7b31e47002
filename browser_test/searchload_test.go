package browsertest

import (
	"net/http"
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
