package browsertest

import (
	"net/url"
	"testing"
)

// searchTitles are the browser tab's title of the search page in English
// and Arabic: without a query, and for one, which sits in the language's
// quotation marks and Unicode isolates, so that it never turns the rest of
// the title around.
var searchTitles = map[string]struct {
	start string
	query func(q string) string
}{
	"en": {"Search · Lumen & Loom Help Center", func(q string) string {
		return "“\u2068" + q + "\u2069” – Search results · Lumen & Loom Help Center"
	}},
	"ar": {"البحث · مركز مساعدة لومن آند لوم", func(q string) string {
		return "«\u2068" + q + "\u2069» – نتائج البحث · مركز مساعدة لومن آند لوم"
	}},
}

// TestSearchPageTitle: the browser tab of the search page names the query
// whose results it shows, from the static index and from the search
// server, in English and right-to-left Arabic: a query opened from an
// address, one the reader types and submits, then back and forward through
// the history; an Arabic query in the English title and an English one in
// the Arabic title; one with a $ in it. Without a query the tab says
// "Search"; with JavaScript off, the page kb search --site fills in names
// the query too.
func TestSearchPageTitle(t *testing.T) {
	for _, mode := range []struct {
		name string
		site func(*testing.T) *site
	}{{"static", staticSite}, {"server", apiSite}} {
		for _, lang := range []string{"en", "ar"} {
			t.Run(mode.name+"/"+lang, func(t *testing.T) {
				t.Parallel()
				s, want := mode.site(t), searchTitles[lang]
				b := newTab(t, s.url, phone)
				title := func(path, q string) {
					t.Helper()
					w := want.start
					if q != "" {
						w = want.query(q)
					}
					if !b.poll(waitTime, `location.pathname + location.search === `+jsString(path)+` && document.title === `+jsString(w)) {
						b.errorf("%s: the tab reads %q, want %q", path, b.str(`document.title`), w)
					}
				}
				search := "/" + lang + "/search/"
				b.open(search)
				b.waitFor(waitTime, `document.querySelector("main .search-prompt").getClientRects().length > 0`, "%s: the prompt should show", search)
				title(search, "")

				b.open(search + "?q=refund")
				b.waitFor(waitTime, `document.querySelector("#kb-results li a")`, "%s?q=refund shows no results", search)
				title(search+"?q=refund", "refund")

				// The reader types another query on the results page and submits it.
				b.click("#kb-q")
				b.str(`document.getElementById("kb-q").value = ""`)
				b.keys("tracking")
				b.press(keyEnter)
				b.waitFor(waitTime, `location.search === "?q=tracking" && document.querySelector("#kb-results li a")`, "submitting tracking shows no results")
				title(search+"?q=tracking", "tracking")

				b.str(`history.back()`)
				title(search+"?q=refund", "refund")
				b.str(`history.forward()`)
				title(search+"?q=tracking", "tracking")

				other := map[string]string{"en": "استرداد", "ar": "refund"}[lang]
				path := search + "?q=" + url.QueryEscape(other)
				b.open(path)
				title(path, other)
				// A query is text, even where a replacement would read a pattern.
				path = search + "?q=" + url.QueryEscape("$& $1")
				b.open(path)
				title(path, "$& $1")

				if mode.name == "server" {
					off := newTab(t, s.url, phone)
					off.disableScripts()
					off.open(search + "?q=refund")
					if got := off.str(`document.title`); got != want.query("refund") {
						off.errorf("without JavaScript, from kb search --site, the tab reads %q, want %q", got, want.query("refund"))
					}
				}
			})
		}
	}
}
