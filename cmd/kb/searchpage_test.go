package main

import (
	"net/url"
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

// TestSearchPageTitle: the browser tab of the search page that kb search
// --site fills in without JavaScript names the query, in the reader's
// language and quotation marks, escaped (a query cannot close the title and
// start a script) and set apart from the rest by Unicode isolates, so that
// an Arabic or Hebrew query does not turn an English title around, nor an
// English one an Arabic title; bidirectional controls a query carries are
// left out, as they could reach past it. Without a query the tab says
// "Search".
func TestSearchPageTitle(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the sample site and starts a server")
	}
	site := builtSampleSite(t)
	base := startSearchInProcess(t, "--index", filepath.Join(site, ".kb", "search"), "--site", filepath.Join(site, "public"))
	const en, ar = " · Lumen &amp; Loom Help Center", " · مركز مساعدة لومن آند لوم"
	for _, c := range []struct{ path, title string }{
		{"/en/search/", "Search" + en},
		{"/en/search/?q=+", "Search" + en},
		{"/ar/search/", "البحث" + ar},
		{"/en/search/?q=refund", "“\u2068refund\u2069” – Search results" + en},
		{"/en/search/?q=+refund+", "“\u2068refund\u2069” – Search results" + en},
		{"/ar/search/?q=refund", "«\u2068refund\u2069» – نتائج البحث" + ar},
		{"/ar/search/?q=" + url.QueryEscape("استرداد المبلغ"), "«\u2068استرداد المبلغ\u2069» – نتائج البحث" + ar},
		{"/en/search/?q=" + url.QueryEscape("استرداد"), "“\u2068استرداد\u2069” – Search results" + en},
		{"/en/search/?q=" + url.QueryEscape("החזר כספי"), "“\u2068החזר כספי\u2069” – Search results" + en},
		{"/fr/search/?q=remboursement", "«\u00a0\u2068remboursement\u2069\u00a0» – Résultats de la recherche · Centre d&#39;aide Lumen &amp; Loom"},
		{"/en/search/?q=" + url.QueryEscape("</title><script>alert(1)</script>"),
			"“\u2068&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;\u2069” – Search results" + en},
		{"/en/search/?q=" + url.QueryEscape("\u2069\u202erefund\u202c"), "“\u2068refund\u2069” – Search results" + en},
	} {
		page := get(t, base+c.path)
		_, title, _ := strings.Cut(page, "<title>")
		title, _, _ = strings.Cut(title, "</title>")
		if title != c.title {
			t.Errorf("%s: the tab reads %q, want %q", c.path, title, c.title)
		}
		if strings.Count(page, "<title>") != 1 || strings.Contains(page, "<script>alert(1)") {
			t.Errorf("%s: the query reached the page's markup:\n%s", c.path, page)
		}
	}
}
