package browsertest

import (
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// searchStartWords are what the search page says before a search, in
// English and Arabic: its heading then and with a query, and the start of
// its prompt.
var searchStartWords = map[string]struct{ start, results, prompt string }{
	"en": {"Search", "Search results", "Type a word or two in the search box above"},
	"ar": {"البحث", "نتائج البحث", "اكتب كلمة أو كلمتين في مربع البحث أعلاه"},
}

// searchStart is what the search page shows of what it offers before a
// search: its heading, and whether the prompt and the popular articles
// (and how many of their links) are on screen.
type searchStart struct {
	Heading, PromptText string
	Prompt, Popular     bool
	Links               int
}

func (b *tab) searchStart() searchStart {
	b.t.Helper()
	var s searchStart
	b.evalInto(`(() => {
		const shown = el => !!el && el.getClientRects().length > 0, prompt = document.querySelector("main .search-prompt");
		return {heading: document.querySelector("main h1").innerText.trim(), promptText: prompt ? prompt.textContent : "",
			prompt: shown(prompt), popular: shown(document.querySelector("main .popular")),
			links: [...document.querySelectorAll("main .popular a")].filter(shown).length};
	})()`, &s)
	return s
}

// TestSearchPageWithoutQuery: the search page opened with no query (an
// empty box submitted, a bookmark, a query the phone dropped) says what to
// type and lists the popular articles under "Search", in English and
// right-to-left Arabic, on phones: as wide as the screen, with the focus
// and the scroll where the page put them (in the search box, the phone's
// keyboard would cover the list, and a screen reader would start past the
// heading), and no serious axe-core finding. With a query, neither shows
// and the heading is "Search results". With JavaScript off, kb search
// --site shows them the same, and a static host shows the popular
// articles beside its note that search needs JavaScript, without the
// prompt to type.
func TestSearchPageWithoutQuery(t *testing.T) {
	src := axeSource(t)
	static, api := staticSite(t), apiSite(t)
	for _, vp := range []viewport{phones[0], phone} {
		for _, lang := range []string{"en", "ar"} {
			t.Run(vp.name+"/"+lang, func(t *testing.T) {
				t.Parallel()
				w := searchStartWords[lang]
				b := newTab(t, static.url, vp)
				for _, path := range []string{"/" + lang + "/search/", "/" + lang + "/search/?q=+"} {
					b.open(path)
					b.waitFor(waitTime, `document.querySelector("main .search-prompt").getClientRects().length > 0`,
						"%s: the prompt should show", path)
					s := b.searchStart()
					b.expect(s.Heading == w.start, "%s: the heading reads %q, want %q", path, s.Heading, w.start)
					b.expect(strings.HasPrefix(s.PromptText, w.prompt), "%s: the prompt reads %q, want it to start %q", path, s.PromptText, w.prompt)
					b.expect(s.Popular && s.Links >= 3, "%s: the popular articles should show, with the sample site's 3 featured ones: %+v", path, s)
					b.fitsWidth(path)
					if got := b.str(`document.activeElement === document.body ? "" : document.activeElement.outerHTML.slice(0, 80)`); got != "" {
						b.errorf("%s: the page moved the focus to %s", path, got)
					}
					b.expect(b.str(`scrollY`) == "0", "%s: the page scrolled to %s", path, b.str(`scrollY`))
					if vs := runAxe(b, src); len(vs) > 0 {
						b.errorf("%s: serious axe-core findings: %+v", path, vs)
					}
				}

				b.open("/" + lang + "/search/?q=refund")
				b.waitFor(waitTime, `document.querySelector("#kb-results li a") && !document.getElementById("kb-results").hasAttribute("aria-busy")`,
					"/%s/search/?q=refund shows no results", lang)
				s := b.searchStart()
				b.expect(s.Heading == w.results && !s.Prompt && !s.Popular, "with a query the page should read %q without the prompt and the popular articles: %+v", w.results, s)

				off := newTab(t, static.url, vp)
				off.disableScripts()
				off.open("/" + lang + "/search/")
				s = off.searchStart()
				off.expect(s.Heading == w.start && s.Popular && s.Links >= 3 && !s.Prompt,
					"without JavaScript on a static host the page should read %q and list the popular articles, with no prompt to type: %+v", w.start, s)
				off.expect(off.boolean(`document.querySelector("main .no-script").getClientRects().length > 0`), "without JavaScript on a static host the page should say that search needs it")
				off.fitsWidth("without JavaScript")

				server := newTab(t, api.url, vp)
				server.disableScripts()
				server.open("/" + lang + "/search/")
				s = server.searchStart()
				server.expect(s.Heading == w.start && s.Prompt && s.Popular && s.Links >= 3,
					"without JavaScript, from kb search --site, the page without a query should read %q with the prompt and the popular articles: %+v", w.start, s)
				server.open("/" + lang + "/search/?q=refund")
				s = server.searchStart()
				server.expect(s.Heading == w.results && !s.Prompt && !s.Popular && server.boolean(`document.querySelector("#kb-results li a")`),
					"without JavaScript, kb search --site's results page should read %q, with results and without the prompt and the popular articles: %+v", w.results, s)
			})
		}
	}
}

// TestSearchPromptNeverFlashes: the search page with a query shows neither
// the prompt nor the popular articles while search.js is on its way (held
// back here, as a slow connection would): they wait, hidden, for the script
// to find no query.
func TestSearchPromptNeverFlashes(t *testing.T) {
	staticSite(t) // builds the sample site
	gate := &scriptGate{files: http.FileServer(http.Dir(filepath.Join(suite.tmp, "static", "public"))), asked: make(chan string, 16)}
	s := serveHandler(gate)
	for _, lang := range []string{"en", "ar"} {
		b := newTab(t, s.url, phone)
		release := gate.hold()
		path := "/" + lang + "/search/?q=refund"
		if _, err := chromedp.Call(b.ctx, page.Navigate, page.NavigateParams{URL: s.url + path}); err != nil {
			release()
			b.fatalf("opening %s: %v", path, err)
		}
		select {
		case <-gate.asked:
		case <-time.After(waitTime):
			release()
			b.fatalf("%s did not ask for search.js", path)
		}
		// The page is parsed and painted; only the deferred search.js is missing.
		if !b.poll(waitTime, `location.search === "?q=refund" && document.readyState === "interactive" && document.querySelector("footer")`) {
			release()
			b.fatalf("%s was not parsed while search.js was held back (readyState %s)", path, b.str(`document.readyState`))
		}
		st := b.searchStart()
		release()
		b.expect(st.Heading == searchStartWords[lang].results && !st.Prompt && !st.Popular,
			"%s before search.js ran: want the heading %q and neither the prompt nor the popular articles: %+v", path, searchStartWords[lang].results, st)
		b.waitFor(waitTime, `document.querySelector("#kb-results li a")`, "%s shows no results once search.js came", path)
	}
}
