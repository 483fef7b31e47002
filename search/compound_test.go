package search_test

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"kb/search"
)

// compoundSite is a Persian help center whose writers spell compound words the three ways Persian is typed: with a
// zero-width non-joiner between the parts (می‌فرستیم, کارت‌های), spaced (می پذیریم, بسته ها) and joined, as phone
// keyboards without a non-joiner leave them (میدهیم).
var compoundSite = map[string]string{
	"site.toml": `title = "Help"
baseURL = "https://help.example/"
defaultLanguage = "fa"
[languages.fa]
name = "فارسی"
weight = 1
`,
	"content/fa/help/_index.md": "+++\ntitle = \"راهنما\"\n+++\n",
	"content/fa/help/shipping.md": "+++\ntitle = \"ارسال سفارش\"\n+++\n\n" +
		"سفارش شما را فردا می\u200cفرستیم. کارت\u200cهای هدیه را در حساب خود ببینید.\n",
	"content/fa/help/returns.md": "+++\ntitle = \"بازگشت کالا\"\n+++\n\n" +
		"کالای برگشتی را تا سی روز می پذیریم و بسته ها را بررسی می کنیم.\n",
	"content/fa/help/refunds.md": "+++\ntitle = \"بازپرداخت\"\n+++\n\n" +
		"پول شما را ظرف سه روز پس میدهیم.\n",
	// A page with a part of می‌فرستیم apart, in a heading and its text.
	"content/fa/help/couriers.md": "+++\ntitle = \"پیک\"\n+++\n\n## دوباره فرستیم\n\n" +
		"اگر پیک نرسید، نامه را دوباره برای شما فرستیم.\n",
}

// TestCompoundSpellings checks, on the server index and in the static client, that a Persian compound word is found
// however the reader spells it: a page that writes it with a zero-width non-joiner by the spaced and the joined
// spellings, a page that writes it spaced or joined by the non-joiner spelling; that a part of it finds the pages
// with the part alone and in the compound; and that the parts common to many words (می, ها) find nothing on their
// own.
func TestCompoundSpellings(t *testing.T) {
	site := writeSite(t, compoundSite)
	out, ix := buildSite(t, site)

	const (
		shipping = "/fa/help/shipping/"
		returns  = "/fa/help/returns/"
		refunds  = "/fa/help/refunds/"
		couriers = "/fa/help/couriers/"
	)
	checkPersianHits(t, out, ix, []hitCheck{
		{q: "می فرستیم", also: []string{shipping}, why: "spaced query, page with ZWNJ"},
		{q: "میفرستیم", first: shipping, not: []string{returns}, why: "joined query, page with ZWNJ"},
		{q: "میپذیریم", first: returns, why: "joined query with a common prefix, spaced page"},
		{q: "بستهها", first: returns, why: "joined plural, spaced page"},
		{q: "میدهیم", first: refunds, why: "joined query, joined page"},
		{q: "می\u200cفرستیم", first: shipping, not: []string{returns, refunds}, why: "ZWNJ query: the page as typed, not the pages with only می"},
		{q: "فرستیم", also: []string{shipping, couriers}, why: "a part alone: the pages with it apart and in a compound"},
		{q: "کارتهای", first: shipping, why: "joined plural, page with ZWNJ"},
		{q: "کارت های", first: shipping, why: "spaced plural, page with ZWNJ"},
		{q: "می\u200cپذیریم", first: returns, why: "ZWNJ query, spaced page"},
		{q: "بسته\u200cها", first: returns, why: "ZWNJ plural, spaced page"},
		{q: "می\u200cدهیم", first: refunds, why: "ZWNJ query, joined page"},
		{q: "پس می\u200cدهیم", first: refunds, why: "ZWNJ query word after another, joined page"},
	})
}

// hitCheck is a query to a Persian site, and the pages it must find (first, or among its hits) and must not.
type hitCheck struct {
	q     string
	first string   // the first hit, if the order matters
	also  []string // pages that must be found
	not   []string // pages that must not be found
	why   string
}

// checkPersianHits runs each check's query on the server index ix and in the static client on the site built at
// out, and reports the hits that break it.
func checkPersianHits(t *testing.T, out string, ix *search.Index, checks []hitCheck) {
	t.Helper()
	var qs []judgedQuery
	for _, c := range checks {
		qs = append(qs, judgedQuery{Lang: "fa", Q: c.q})
	}
	static := runStaticClient(t, out, qs)
	for _, c := range checks {
		res, err := ix.Search(t.Context(), search.Query{Text: c.q, Lang: "fa", Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		var server []string
		for _, h := range res.Hits {
			server = append(server, h.URL)
		}
		var browser []string
		for _, u := range static["fa\x00"+c.q] {
			browser = append(browser, canonicalURL(u))
		}
		for name, urls := range map[string][]string{"server": server, "static": browser} {
			if c.first != "" && (len(urls) == 0 || urls[0] != c.first) {
				t.Errorf("%s %q (%s): hits %v, want %s first", name, c.q, c.why, urls, c.first)
			}
			for _, u := range c.also {
				if !slices.Contains(urls, u) {
					t.Errorf("%s %q (%s): hits %v, want %s among them", name, c.q, c.why, urls, u)
				}
			}
			for _, u := range c.not {
				if slices.Contains(urls, u) {
					t.Errorf("%s %q (%s): hits %v, want no %s", name, c.q, c.why, urls, u)
				}
			}
		}
	}
}

// TestPersianNegationNotATypo checks, on the server index and in the static client, that typo tolerance does not
// read a Persian verb and its negation (ن before it) as one word misspelled: نمیتواند ("cannot") must not find the
// page that only says میتواند ("can"), nor the other way round, while a letter typed wrong inside the word still
// finds its page.
func TestPersianNegationNotATypo(t *testing.T) {
	site := writeSite(t, map[string]string{
		"site.toml":                 compoundSite["site.toml"],
		"content/fa/help/_index.md": "+++\ntitle = \"راهنما\"\n+++\n",
		"content/fa/help/can.md": "+++\ntitle = \"فایل بزرگ\"\n+++\n\n" +
			"برنامه میتواند فایل بزرگ را باز کند.\n",
		"content/fa/help/cannot.md": "+++\ntitle = \"فایل خراب\"\n+++\n\n" +
			"برنامه نمیتواند فایل خراب را باز کند.\n",
		// Verbs that the site has in one form only: the static client looks for near spellings only of words it
		// does not have.
		"content/fa/help/returns.md": "+++\ntitle = \"بازگشت\"\n+++\n\n" +
			"فروشگاه کالای باز شده را نمیپذیرد.\n",
		"content/fa/help/shipping.md": "+++\ntitle = \"ارسال\"\n+++\n\n" +
			"فروشگاه کالا را فردا میفرستد.\n",
		// A verb that starts with ن, as its negation does: the static client's typo matching looks at both.
		"content/fa/help/letters.md": "+++\ntitle = \"نامه\"\n+++\n\n" +
			"ما نامه را ننوشتیم.\n",
	})
	out, ix := buildSite(t, site)
	const (
		can      = "/fa/help/can/"
		cannot   = "/fa/help/cannot/"
		returns  = "/fa/help/returns/"
		shipping = "/fa/help/shipping/"
		letters  = "/fa/help/letters/"
	)
	checkPersianHits(t, out, ix, []hitCheck{
		{q: "نمیتواند", also: []string{cannot}, not: []string{can}, why: "negated verb, not the page with the verb"},
		{q: "میتواند", also: []string{can}, not: []string{cannot}, why: "verb, not the page with its negation"},
		{q: "میتکاند", also: []string{can}, not: []string{cannot}, why: "one letter wrong inside the verb"},
		{q: "نمیتکاند", also: []string{cannot}, why: "one letter wrong inside the negated verb"},
		{q: "میپذیرد", not: []string{returns}, why: "verb that the site only has negated"},
		{q: "نمیفرستد", not: []string{shipping}, why: "negated verb that the site only has as the verb"},
		{q: "نوشتیم", not: []string{letters}, why: "verb starting with ن that the site only has negated"},
		{q: "ننوشتبم", also: []string{letters}, why: "one letter wrong inside a negated verb starting with ن"},
		{q: "میفرستک", also: []string{shipping}, why: "one letter wrong inside a verb that the site does not have negated"},
	})
}

// TestCompoundSnippetMarksWholeWord checks that a search result's snippet marks a Persian compound word whole when
// the query has it, typed with a zero-width non-joiner or joined, and only the part a query has of it otherwise; and
// a verb written spaced after its prefix (می پذیریم) whole too.
func TestCompoundSnippetMarksWholeWord(t *testing.T) {
	files := maps.Clone(compoundSite)
	files["content/fa/help/library.md"] = "+++\ntitle = \"کتاب\"\n+++\n\nکتاب\u200cخانه شهر فردا باز است.\n"
	_, ix := buildSite(t, writeSite(t, files))
	const shipping, library, returns = "/fa/help/shipping/", "/fa/help/library/", "/fa/help/returns/"
	checks := []struct{ q, page, mark string }{
		{"می\u200cفرستیم", shipping, "<mark>می\u200cفرستیم</mark>"},
		{"میفرستیم", shipping, "<mark>می\u200cفرستیم</mark>"},
		{"کارتهای", shipping, "<mark>کارت\u200cهای</mark>"},
		{"فرستیم", shipping, "می\u200c<mark>فرستیم</mark>"},
		{"کتابخانه", library, "<mark>کتاب\u200cخانه</mark>"},
		{"کتاب خانه", library, "<mark>کتاب\u200cخانه</mark>"},
		{"خانه", library, "کتاب\u200c<mark>خانه</mark>"},
		{"میپذیریم", returns, "<mark>می پذیریم</mark>"},
		{"می\u200cپذیریم", returns, "<mark>می پذیریم</mark>"},
		{"میکنیم", returns, "<mark>می کنیم</mark>"}, // کنیم is a stop word
	}
	for _, c := range checks {
		res, err := ix.Search(t.Context(), search.Query{Text: c.q, Lang: "fa", Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		var snippet string
		for _, h := range res.Hits {
			if h.URL == c.page {
				snippet = h.Snippet
			}
		}
		if !strings.Contains(snippet, c.mark) {
			t.Errorf("%q: %s's snippet %q, want %q in it", c.q, c.page, snippet, c.mark)
		}
	}
}

// TestPersianNegationNotThroughParts checks, on the server index and in the static client, that a Persian verb and
// its negation (می and نمی before the same stem) do not find each other through the stem they share, however either
// is spelled (with a zero-width non-joiner, joined or spaced), while every spelling of the one finds every spelling
// of the same verb.
func TestPersianNegationNotThroughParts(t *testing.T) {
	site := writeSite(t, map[string]string{
		"site.toml":                 compoundSite["site.toml"],
		"content/fa/help/_index.md": "+++\ntitle = \"راهنما\"\n+++\n",
		// Each verb, on one page as it is and on another negated, spelled the same way on both.
		"content/fa/help/send.md":      "+++\ntitle = \"ارسال\"\n+++\n\nسفارش را فردا می\u200cفرستیم.\n",
		"content/fa/help/notsend.md":   "+++\ntitle = \"توقف ارسال\"\n+++\n\nسفارش را جمعه نمی\u200cفرستیم.\n",
		"content/fa/help/accept.md":    "+++\ntitle = \"بازگشت\"\n+++\n\nکالای برگشتی را می پذیریم.\n",
		"content/fa/help/notaccept.md": "+++\ntitle = \"کالای باز شده\"\n+++\n\nکالای باز شده را نمی پذیریم.\n",
		"content/fa/help/read.md":      "+++\ntitle = \"پیام\"\n+++\n\nپیام شما را میخوانیم.\n",
		"content/fa/help/notread.md":   "+++\ntitle = \"هرزنامه\"\n+++\n\nهرزنامه را نمیخوانیم.\n",
	})
	out, ix := buildSite(t, site)
	verbs := []struct {
		stem, page, negated string
	}{
		{"فرستیم", "/fa/help/send/", "/fa/help/notsend/"},
		{"پذیریم", "/fa/help/accept/", "/fa/help/notaccept/"},
		{"خوانیم", "/fa/help/read/", "/fa/help/notread/"},
	}
	var checks []hitCheck
	for _, v := range verbs {
		for _, sp := range []struct{ join, how string }{{"", "joined"}, {" ", "spaced"}, {"\u200c", "with a non-joiner"}} {
			checks = append(checks,
				hitCheck{q: "می" + sp.join + v.stem, also: []string{v.page}, not: []string{v.negated},
					why: "verb " + sp.how + ": not the page with its negation"},
				hitCheck{q: "نمی" + sp.join + v.stem, also: []string{v.negated}, not: []string{v.page},
					why: "negated verb " + sp.how + ": not the page with the verb"})
		}
	}
	checkPersianHits(t, out, ix, checks)
}
