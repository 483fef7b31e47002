package static

import (
	"strings"
	"testing"

	"kb/search"
)

// TestOtherLanguageJS: search.js over the static indexes of a site in
// English, Arabic and Greek. A search that finds nothing in the reader's
// language shows what the language search.OtherLanguages and PickOther
// pick for its letters finds, with that language's direction and label; a
// search that finds something downloads nothing of any other language.
func TestOtherLanguageJS(t *testing.T) {
	root := t.TempDir()
	an := Analyzer{Normalize: search.Normalize, Terms: search.Terms}
	site := []search.SiteLanguage{{Code: "en", Dir: "ltr"}, {Code: "ar", Dir: "rtl"}, {Code: "el", Dir: "ltr"}}
	for _, l := range site {
		writeIndexWith(t, root, l.Code, smallDocs[l.Code], an)
	}
	type other struct {
		search.OtherLanguage
		Label string `json:"label"`
	}
	others := func(lang string) []other {
		var os []other
		for _, o := range search.OtherLanguages(lang, "en", site) {
			os = append(os, other{o, "in " + o.Lang})
		}
		return os
	}
	checks := []struct {
		lang, q    string
		other, dir string // "" when the reader's language finds something
		page, mark string // the other language's first hit, and a word marked in it
	}{
		{"ar", "refunds", "en", "ltr", "/en/policies/returns/", "<mark>Refunds</mark>"},
		{"el", "tracking", "en", "ltr", "/en/faq/#how-do-i-track-my-order", "<mark>tracking</mark>"},
		{"en", "επιστροφές", "el", "ltr", "/el/policies/epistrofes/", "<mark>Επιστροφές</mark>"},
		{"en", "كلمة المرور", "ar", "rtl", "/ar/account/password/", "<mark>كلمة</mark>"},
		{"ar", "επιστροφές", "el", "ltr", "/el/policies/epistrofes/", "<mark>Επιστροφές</mark>"},
		{"ar", "الاسترداد", "", "", "", ""},
		{"en", "refunds", "", "", "", ""},
	}
	var req []map[string]any
	for _, c := range checks {
		req = append(req, map[string]any{"base": "/_kb/search/" + c.lang + "/", "q": c.q, "limit": 10, "others": others(c.lang)})
	}
	out := runNode(t, root, map[string]any{"queries": req})
	for i, c := range checks {
		got := out.Queries[i]
		var fetchedOther []string
		for _, f := range got.Files {
			if p := f[0].(string); !strings.HasPrefix(p, "/_kb/search/"+c.lang+"/") {
				fetchedOther = append(fetchedOther, p)
			}
		}
		if c.other == "" {
			if len(got.Hits) == 0 || got.Other != nil || fetchedOther != nil {
				t.Errorf("%s %q: want hits of its own and nothing of another language, got %d hits, other %+v, fetched %v", c.lang, c.q, len(got.Hits), got.Other, fetchedOther)
			}
			continue
		}
		o := got.Other
		if len(got.Hits) != 0 || o == nil {
			t.Errorf("%s %q: want no hits of its own and another language's, got %+v and %+v", c.lang, c.q, got.Hits, o)
			continue
		}
		if o.Lang != c.other || o.Dir != c.dir || o.Label != "in "+c.other || o.Total == 0 || len(o.Hits) == 0 {
			t.Errorf("%s %q: want %s (%s) labelled, got %+v", c.lang, c.q, c.other, c.dir, o)
			continue
		}
		if h := o.Hits[0]; h.URL != c.page || !strings.Contains(h.Title+h.Snippet, c.mark) {
			t.Errorf("%s %q: first %s hit %s %q, want %s with %s", c.lang, c.q, c.other, h.URL, h.Title+" | "+h.Snippet, c.page, c.mark)
		}
	}
}

// TestPickOtherJS: search.js's pickOther picks the language
// search.PickOther does, for queries in the letters of each language of a
// site that has several in one script, and in none.
func TestPickOtherJS(t *testing.T) {
	site := []search.SiteLanguage{{Code: "en"}, {Code: "ar"}, {Code: "el"}, {Code: "fr"}, {Code: "ja"}, {Code: "zh"}, {Code: "he"}, {Code: "ru"}, {Code: "hi"}, {Code: "ko"}}
	queries := []string{"refund", "επιστροφή", "استرداد", "PayPal استرداد", "返品", "へんぴん", "환불", "החזר", "возврат", "धनवापसी", "404", "", "ǅ", "e\u0301"}
	var req [][2]any
	var want []string
	for _, lang := range []string{"en", "ar", "fr", "ja"} {
		others := search.OtherLanguages(lang, "en", site)
		for _, q := range queries {
			req = append(req, [2]any{q, others})
			o, _ := search.PickOther(q, others)
			want = append(want, o.Lang)
		}
	}
	out := runNode(t, "", map[string]any{"picks": req})
	for i, w := range want {
		if out.Picks[i] != w {
			t.Errorf("pickOther(%q, %v) = %q, search.PickOther gives %q", req[i][0], req[i][1], out.Picks[i], w)
		}
	}
}
