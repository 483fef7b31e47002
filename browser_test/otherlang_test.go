package browsertest

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestSearchOtherLanguage types an English shop word into the Arabic site's
// search box, as customers in Cairo do: nothing matches in Arabic, so the
// suggestions and the results page show the English pages below the
// message, labelled in Arabic and marked as English, left to right, from
// the static index and from the search server.
func TestSearchOtherLanguage(t *testing.T) {
	const page = "/en/payments/refund-timing/"
	for _, mode := range []struct {
		name string
		site func(*testing.T) *site
	}{{"static", staticSite}, {"server", apiSite}} {
		t.Run(mode.name, func(t *testing.T) {
			b := newTab(t, mode.site(t).url, phone)
			// The English page's link, and what it says of its language.
			link := func(in string) string {
				return `[...document.querySelectorAll(` + jsString(in+` a[href="`+page+`"]`) + `)][0]`
			}
			type marked struct{ Lang, Dir, Label, Marks string }
			read := func(a, label string) (m marked) {
				b.evalInto(`(a => ({lang: a.closest("[lang]").lang, dir: a.closest("[dir]").dir,
					label: (document.querySelector(`+jsString(label)+`) || {}).textContent || "",
					marks: [...a.querySelectorAll("mark")].map(m => m.textContent).join(" ")}))(`+a+`)`, &m)
				return m
			}

			b.open("/ar/")
			if err := chromedp.Do(b.ctx, chromedp.Click(chromedp.ID("kb-q")), chromedp.KeyEvent("refund")); err != nil {
				b.fatalf("typing: %v", err)
			}
			if !b.poll(waitTime, `!document.getElementById("kb-suggest").hidden && `+link("#kb-suggest")) {
				b.fatalf("typing refund on the Arabic site should suggest %s; suggestions: %q", page, options(b))
			}
			if m := read(link("#kb-suggest"), "#kb-suggest .kb-other"); m.Lang != "en" || m.Dir != "ltr" || !strings.Contains(m.Label, "الإنجليزية") {
				b.errorf("the English suggestion should be lang=en dir=ltr under an Arabic label naming English; got %+v", m)
			}
			// The labelled group of options is still a listbox a screen
			// reader can use.
			for _, v := range runAxe(b, axeSource(t)) {
				b.errorf("the suggestions in another language: axe-core %s (%s): %s", v.ID, v.Impact, v.Help)
			}

			b.open("/ar/search/?q=refund")
			if !b.poll(waitTime, `!document.getElementById("kb-results").hasAttribute("aria-busy") && `+link("#kb-results")) {
				b.fatalf("the Arabic results page for refund should list %s; it shows %q", page, b.str(`document.getElementById("kb-results").innerText`))
			}
			m := read(link("#kb-results"), "#kb-results .kb-other")
			if m.Lang != "en" || m.Dir != "ltr" || !strings.Contains(m.Label, "الإنجليزية") || !strings.Contains(strings.ToLower(m.Marks), "refund") {
				b.errorf("the English result should be lang=en dir=ltr, refund marked, under an Arabic label naming English; got %+v", m)
			}
			if text := b.str(`document.getElementById("kb-results").innerText`); !strings.Contains(text, "لا توجد نتائج") {
				b.errorf("the results page should say first that nothing matched in Arabic; it shows %q", text)
			}
		})
	}
}
