package browsertest

import (
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// query is what a reader types, as readers type: with a typo, without
// accents, without hamza.
type query struct {
	lang, q string
	title   string // a title that must be among the suggestions
	marks   []string
	section string // the localized name of the title's section
	why     string
	typo    string // the marked word that only a typo-tolerant highlighter finds
}

var queries = []query{
	{"en", "paymnt methods", "Payment methods", []string{"Payment", "methods"}, "Payments", "a typo in the first word", "Payment"},
	{"el", "πληρωμη", "Τρόποι πληρωμής", []string{"πληρωμής"}, "Πληρωμές", "Greek without tonos or final sigma", ""},
	{"ar", "اعاده", "إعادة تعيين كلمة المرور", []string{"إعادة"}, "حسابك", "Arabic without hamza, and ه for ة", ""},
}

// expect fails the test with the message when ok is false.
func (b *tab) expect(ok bool, format string, args ...any) {
	b.t.Helper()
	if !ok {
		b.errorf(format, args...)
	}
}

// TestSearchAsYouType types queries into the search box and checks the
// suggestions and the results page, against the static index on a plain
// file server and against the kb search server.
func TestSearchAsYouType(t *testing.T) {
	for _, mode := range []struct {
		name string
		site func(*testing.T) *site
	}{{"static", staticSite}, {"server", apiSite}} {
		t.Run(mode.name, func(t *testing.T) {
			t.Parallel()
			s := mode.site(t)
			for _, vp := range screens {
				t.Run(vp.name, func(t *testing.T) {
					b := newTab(t, s.url, vp)
					for _, q := range queries {
						suggest(b, mode.name, q)
					}
					for _, q := range queries {
						resultsPage(b, mode.name, q)
					}
				})
			}
		})
	}
}

// suggest types q.q into #kb-q on the language's home page and waits for the
// suggestion that has q.title, with q.marks highlighted.
func suggest(b *tab, mode string, q query) {
	b.t.Helper()
	b.open("/" + q.lang + "/")
	if err := chromedp.Do(b.ctx, chromedp.Click(chromedp.ID("kb-q")), chromedp.KeyEvent(q.q)); err != nil {
		b.fatalf("typing %q: %v", q.q, err)
	}
	want := `[...document.querySelectorAll("#kb-suggest [role=option]")].find(o => o.textContent.includes(` + jsString(q.title) + `))`
	shown := b.poll(waitTime, `!document.getElementById("kb-suggest").hidden && `+want)
	b.settle(waitTime, 400*time.Millisecond, `document.getElementById("kb-suggest").innerHTML`)
	if !shown || !b.truthy(`!document.getElementById("kb-suggest").hidden && `+want) {
		b.fatalf("%s: typing %q (%s) should suggest %q; suggestions: %q", q.lang, q.q, q.why, q.title, options(b))
	}
	var got struct {
		HTML, Expanded, Section string
		Marks                   []string
	}
	b.evalInto(`(o => ({html: o.innerHTML, expanded: document.getElementById("kb-q").getAttribute("aria-expanded"),
		section: (o.querySelector("small") || {}).textContent,
		marks: [...o.querySelectorAll("mark")].map(m => m.textContent)}))(`+want+`)`, &got)
	for _, m := range q.marks {
		b.expect(contains(got.Marks, m), "%s: the suggestion %q should highlight %q in <mark>; marked %q", q.lang, got.HTML, m, got.Marks)
	}
	b.expect(got.Section == q.section,
		"%s: the suggestion %q should name its section %q, names %q", q.lang, q.title, q.section, got.Section)
	if got.Expanded != "true" {
		b.errorf("#kb-q aria-expanded = %q while suggestions show, want true", got.Expanded)
	}
	// The answers came from where the mode says.
	var fetched []string
	b.evalInto(`performance.getEntriesByType("resource").map(e => new URL(e.name).pathname)`, &fetched)
	api, shards := false, false
	for _, f := range fetched {
		api = api || strings.HasPrefix(f, "/api/search")
		shards = shards || strings.HasPrefix(f, "/_kb/search/"+q.lang+"/p/")
	}
	switch {
	case mode == "server" && (!api || shards):
		// search.js falls back to the static index for good after one
		// failed or slow (1.5 s) answer.
		b.errorf("with [search] endpoint set, suggestions should come from /api/search, not the static index; fetched %q", fetched)
	case mode == "static" && (api || !shards):
		b.errorf("without an endpoint, suggestions should come from /_kb/search/%s/; fetched %q", q.lang, fetched)
	}
}

// resultsPage opens /<lang>/search/?q= and waits for the result with q.title.
func resultsPage(b *tab, mode string, q query) {
	b.t.Helper()
	b.open("/" + q.lang + "/search/?q=" + url.QueryEscape(q.q))
	hit := `[...document.querySelectorAll("#kb-results li a")].find(a => a.textContent.includes(` + jsString(q.title) + `))`
	if !b.poll(waitTime, `!document.getElementById("kb-results").hasAttribute("aria-busy") && `+hit) {
		b.fatalf("%s: the results page for %q should list %q; it shows %q", q.lang, q.q, q.title, b.str(`document.getElementById("kb-results").innerText`))
	}
	if n := b.str(`document.querySelectorAll("#kb-results mark").length`); n == "0" {
		b.errorf("%s: the results for %q highlight nothing", q.lang, q.q)
	}
	where := b.str(`(a => a.closest("li").querySelector(".kb-section, .section").textContent)(` + hit + `)`)
	b.expect(strings.HasPrefix(where, q.section),
		"%s: the result %q should name its section %q, names %q", q.lang, q.title, q.section, where)
	if v := b.str(`document.getElementById("kb-q").value`); v != q.q {
		b.errorf("%s: the search box on the results page holds %q, want the query %q", q.lang, v, q.q)
	}
}

func options(b *tab) []string {
	var opts []string
	b.evalInto(`[...document.querySelectorAll("#kb-suggest [role=option]")].map(o => o.textContent)`, &opts)
	return opts
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestSearchWithoutJavaScript submits the search form with JavaScript off:
// kb search --site renders the results into the page.
func TestSearchWithoutJavaScript(t *testing.T) {
	s := apiSite(t)
	for _, vp := range screens {
		t.Run(vp.name, func(t *testing.T) {
			t.Parallel()
			b := newTab(t, s.url, vp)
			b.disableScripts()
			for _, q := range queries {
				b.open("/" + q.lang + "/payments/")
				if b.boolean(`window.kbSearch`) {
					b.fatalf("search.js ran (it defines window.kbSearch): JavaScript is not disabled")
				}
				if err := chromedp.Do(b.ctx, chromedp.Click(chromedp.ID("kb-q")), chromedp.KeyEvent(q.q)); err != nil {
					b.fatalf("typing %q: %v", q.q, err)
				}
				b.press(keyEnter)
				want := "/" + q.lang + "/search/?q=" + url.QueryEscape(q.q)
				hit := `[...document.querySelectorAll("ol.search-results li a")].find(a => a.textContent.includes(` + jsString(q.title) + `))`
				if !b.poll(waitTime, `location.pathname + location.search === `+jsString(want)+` && `+hit) {
					b.fatalf("%s: submitting %q without JavaScript should lead to %s listing %q; page shows %q",
						q.lang, q.q, want, q.title, b.str(`(document.getElementById("kb-results") || document.body).innerText`))
				}
				if b.boolean(`!document.querySelector("ol.search-results mark")`) {
					b.errorf("%s: server-rendered results for %q highlight nothing", q.lang, q.q)
				}
				if b.boolean(`!document.getElementById("kb-suggest").hidden`) {
					b.errorf("the suggestion list shows without JavaScript")
				}

				// A query that finds nothing says so in the reader's language:
				// the theme's own message, which the page carries for search.js.
				nothing := "zqxjkv"
				b.open("/" + q.lang + "/search/?q=" + nothing)
				want = b.str(`JSON.parse(document.getElementById("kb-strings").textContent).noResults.replace("{query}", ` + jsString(nothing) + `)`)
				got := b.str(`document.getElementById("kb-results").textContent.trim()`)
				b.expect(got == want, "%s: without JavaScript, no results should read %q, reads %q", q.lang, want, got)
			}
		})
	}
}

// TestSearchWithoutJavaScriptOnStaticHost: on a static host (no search
// server) a reader with JavaScript off who submits the search form is told
// why no results come, in their language, and offered the way home; the
// page was left empty under its "Search results" heading.
func TestSearchWithoutJavaScriptOnStaticHost(t *testing.T) {
	s := staticSite(t)
	want := map[string]string{
		"en": "Search needs JavaScript, which is turned off in your browser.",
		"ar": "يتطلّب البحث JavaScript، وهو معطّل في متصفحك.",
		"el": "Η αναζήτηση χρειάζεται JavaScript, που είναι απενεργοποιημένη στο πρόγραμμα περιήγησής σας.",
	}
	for _, lang := range langs {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			b := newTab(t, s.url, phone)
			b.disableScripts()
			b.open("/" + lang + "/search/?q=refund")
			if got := b.str(`document.querySelector("main").innerText`); !strings.Contains(got, want[lang]) {
				b.errorf("without JavaScript on a static host the search page reads %q, want it to say %q", got, want[lang])
			}
			if !b.boolean(`[...document.querySelectorAll("main a")].some(a => a.getAttribute("href") === "/` + lang + `/" && a.getClientRects().length > 0)`) {
				b.errorf("without JavaScript on a static host the search page offers no way to the %s home page", lang)
			}

			js := newTab(t, s.url, phone)
			js.open("/" + lang + "/search/?q=refund")
			if got := js.str(`document.querySelector("main").innerText`); strings.Contains(got, want[lang]) {
				js.errorf("with JavaScript the search page says %q", want[lang])
			}
		})
	}

	// The same build served by kb search --site: the server fills in the
	// results, and the page does not also say search cannot work.
	dir := filepath.Join(suite.tmp, "static")
	p, err := startKB("search", "--index", filepath.Join(dir, "idx"), "--site", filepath.Join(dir, "public"), "--addr", "127.0.0.1:0", "--rate-limit", "0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.stop)
	b := newTab(t, p.url, phone)
	b.disableScripts()
	b.open("/en/search/?q=refund")
	if !b.poll(waitTime, `document.querySelector("ol.search-results li a")`) {
		b.fatalf("kb search --site fills in no results: %q", b.str(`document.querySelector("main").innerText`))
	}
	if got := b.str(`document.querySelector("main").innerText`); strings.Contains(got, want["en"]) {
		b.errorf("with results filled in by kb search --site, the page still says %q", want["en"])
	}
}

// TestSuggestionHighlight: the suggestion chosen with the arrow keys stands
// out from the others, in light and dark mode.
func TestSuggestionHighlight(t *testing.T) {
	s := staticSite(t)
	for _, scheme := range []string{"light", "dark"} {
		t.Run(scheme, func(t *testing.T) {
			t.Parallel()
			b := newTab(t, s.url, narrow)
			if _, err := chromedp.Call(b.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}}); err != nil {
				t.Fatal(err)
			}
			q := queries[0]
			b.open("/" + q.lang + "/")
			b.click("#kb-q")
			b.keys(q.q)
			b.waitFor(waitTime, `document.querySelectorAll("#kb-suggest [role=option]").length >= 2 && !document.getElementById("kb-suggest").hidden`,
				"typing %q should show at least two suggestions", q.q)
			b.press(keyArrowDown)
			var got struct{ Active, Other, Text float64 }
			b.evalInto(`(() => {
				const rgb = c => c.match(/[\d.]+/g).map(Number);
				const bg = el => { for (; el; el = el.parentElement) { const c = rgb(getComputedStyle(el).backgroundColor); if (c.length < 4 || c[3] > 0) return c; } return [255, 255, 255]; };
				const lum = c => { const f = v => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
				const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
				const opts = document.querySelectorAll("#kb-suggest [role=option]");
				const on = document.querySelector("#kb-suggest [role=option][aria-selected=true]");
				return {active: ratio(bg(on), bg(opts[1])), other: ratio(bg(opts[1]), bg(document.getElementById("kb-suggest"))),
					text: ratio(rgb(getComputedStyle(on).color), bg(on))};
			})()`, &got)
			if got.Active < 3 {
				b.errorf("%s: the active suggestion's background has a contrast of %.2f with the others, want 3 or more", scheme, got.Active)
			}
			if got.Text < 4.5 {
				b.errorf("%s: the active suggestion's text has a contrast of %.2f with its background, want 4.5 or more", scheme, got.Text)
			}
		})
	}
}
