package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestSearchPageWithoutQuery: on the sample site built with kb build and
// served by kb search --site, the search page opened with no query (none,
// empty, or spaces only: an empty box submitted) says what to type and
// lists the language's popular articles under "Search", in the reader's
// language; with a query, the page the server fills in without JavaScript
// has the results under "Search results", and neither the prompt nor the
// list.
func TestSearchPageWithoutQuery(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the sample site and starts a server")
	}
	site := builtSampleSite(t)
	base := startSearchInProcess(t, "--index", filepath.Join(site, ".kb", "search"), "--site", filepath.Join(site, "public"))
	type want struct{ title, results, prompt, popular, hit string }
	for lang, w := range map[string]want{
		"en": {"Search", "Search results", "Type a word or two in the search box above", `href="/en/returns/start-a-return/"`, `href="/en/payments/refund-timing/"`},
		"ar": {"البحث", "نتائج البحث", "اكتب كلمة أو كلمتين في مربع البحث أعلاه", `href="/ar/returns/start-a-return/"`, `href="/ar/payments/refund-timing/"`},
	} {
		query := map[string]string{"en": "refund", "ar": "استرداد"}[lang]
		for _, q := range []string{"", "?q=", "?q=+", "?q=%20%20%20"} {
			page := get(t, base+"/"+lang+"/search/"+q)
			for _, s := range []string{`<span data-kb-noquery hidden>` + w.title + `</span>`, w.prompt, w.popular, `<!--kb:results--></div>`} {
				if !strings.Contains(page, s) {
					t.Errorf("/%s/search/%s lacks %s", lang, q, s)
				}
			}
		}
		page := get(t, base+"/"+lang+"/search/?q="+query)
		_, results, _ := strings.Cut(page, `id="kb-results"`)
		results, _, _ = strings.Cut(results, `</div>`)
		if !strings.Contains(results, w.hit) {
			t.Errorf("/%s/search/?q=%s: the results lack %s:\n%s", lang, query, w.hit, results)
		}
		for _, s := range []string{w.prompt, `id="popular-title"`, `data-kb-noquery`} {
			if strings.Contains(page, s) {
				t.Errorf("/%s/search/?q=%s, answered by the server, still has %s", lang, query, s)
			}
		}
		if !strings.Contains(page, `<h1><span data-kb-query>`+w.results+`</span></h1>`) {
			t.Errorf("/%s/search/?q=%s: the heading is not %q", lang, query, w.results)
		}
	}
}
