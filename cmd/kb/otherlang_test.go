package main

import (
	"encoding/json"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
)

// TestSearchOtherLanguage: on the sample site built with kb build, a search
// that finds nothing in the reader's language answers with what the site's
// other language finds, beside the empty answer: the default language's
// pages for an English shop word typed on the Arabic site, the Greek or
// Arabic pages for Greek or Arabic letters typed on the English site. The
// JSON API says so in "other" and the no-JavaScript results page lists them
// marked with their language and direction; a search that finds something
// has no "other".
func TestSearchOtherLanguage(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the sample site and starts a server")
	}
	site := builtSampleSite(t)
	base := startSearchInProcess(t, "--index", filepath.Join(site, ".kb", "search"), "--site", filepath.Join(site, "public"))

	type hit struct{ URL, Title, Snippet string }
	type answer struct {
		Lang  string
		Total int
		Hits  []hit
		Other *struct {
			Lang, Dir string
			Total     int
			Hits      []hit
		}
	}
	search := func(lang, q string) answer {
		t.Helper()
		var res answer
		body := get(t, base+"/api/search?"+url.Values{"q": {q}, "lang": {lang}, "limit": {"5"}}.Encode())
		if err := json.Unmarshal([]byte(body), &res); err != nil {
			t.Fatalf("%s %q: %v\n%s", lang, q, err, body)
		}
		return res
	}
	checks := []struct {
		lang, q    string
		other, dir string // the language searched instead, and its direction
		page, mark string // a page among its first three hits ("" for any), and a word marked in one of them
	}{
		{"ar", "refund", "en", "ltr", "/en/payments/refund-timing/", "<mark>refund</mark>"},
		{"ar", "tracking", "en", "ltr", "/en/orders/track-your-order/", "<mark>tracking</mark>"},
		{"ar", "invoice", "en", "ltr", "", "<mark>invoice</mark>"},
		{"el", "checkout", "en", "ltr", "", "<mark>checkout</mark>"},
		{"en", "επιστροφή", "el", "ltr", "/el/returns/start-a-return/", "<mark>επιστροφή</mark>"},
		{"en", "استرداد", "ar", "rtl", "", "<mark>استرداد</mark>"},
	}
	for _, c := range checks {
		res := search(c.lang, c.q)
		if len(res.Hits) != 0 || res.Total != 0 || res.Lang != c.lang {
			t.Errorf("%s %q: want no hits of its own, got lang %q, total %d, %+v", c.lang, c.q, res.Lang, res.Total, res.Hits)
		}
		if res.Other == nil {
			t.Errorf("%s %q: no \"other\" in the answer", c.lang, c.q)
			continue
		}
		o := res.Other
		found, marked := c.page == "", false
		for i, h := range o.Hits {
			found = found || i < 3 && h.URL == c.page
			marked = marked || strings.Contains(h.Title+h.Snippet, c.mark)
			if !strings.HasPrefix(h.URL, "/"+c.other+"/") {
				t.Errorf("%s %q: other hit %s is not a %s page", c.lang, c.q, h.URL, c.other)
			}
		}
		if o.Lang != c.other || o.Dir != c.dir || o.Total == 0 || !found || !marked {
			t.Errorf("%s %q: want %s (%s) with %s among the first three hits and %s marked, got %s (%s), total %d, %+v",
				c.lang, c.q, c.other, c.dir, c.page, c.mark, o.Lang, o.Dir, o.Total, o.Hits)
		}
	}
	if res := search("en", "refund"); len(res.Hits) == 0 || res.Other != nil {
		t.Errorf("en \"refund\": want its own hits and no other, got %+v", res)
	}
	if body := get(t, base+"/api/search?"+url.Values{"q": {"refund"}, "lang": {"en"}}.Encode()); strings.Contains(body, `"other"`) {
		t.Errorf("en \"refund\" answers with an \"other\" field: %s", body)
	}

	// The results page without JavaScript: the Arabic page says nothing
	// matched, then lists the English pages marked as English.
	page := get(t, base+"/ar/search/?q=refund")
	_, results, _ := strings.Cut(page, `id="kb-results"`)
	results, _, _ = strings.Cut(results, `id="kb-strings"`)
	for _, want := range []string{`class="search-empty"`, `lang="en" dir="ltr"`, `href="/en/payments/refund-timing/"`, "<mark>refund</mark>", "الإنجليزية"} {
		if !strings.Contains(results, want) {
			t.Errorf("/ar/search/?q=refund: no %s in the results:\n%s", want, results)
		}
	}
}
