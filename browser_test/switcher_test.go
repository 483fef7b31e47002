package browsertest

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestLanguageSwitcher follows the switcher from an English article to the
// same article in Arabic and in Greek.
func TestLanguageSwitcher(t *testing.T) {
	s := staticSite(t)
	for _, vp := range screens {
		t.Run(vp.name, func(t *testing.T) {
			t.Parallel()
			b := newTab(t, s.url, vp)
			for _, to := range []struct{ lang, dir, title string }{
				{"ar", "rtl", "طرق الدفع"},
				{"el", "ltr", "Τρόποι πληρωμής"},
			} {
				b.open("/en/payments/payment-methods/")
				if err := chromedp.Do(b.ctx, chromedp.Click(chromedp.CSS(".site-header .langs summary"))); err != nil {
					b.fatalf("opening the language switcher: %v", err)
				}
				link := `document.querySelector(".site-header .langs a[hreflang=` + to.lang + `]")`
				b.waitFor(waitTime, link+`.getBoundingClientRect().height > 0`, "the switcher should show a link to %s", to.lang)
				var menu struct {
					Box   rect
					Width float64
				}
				b.evalInto(`({box: document.querySelector(".site-header .langs ul").getBoundingClientRect(), width: document.documentElement.clientWidth})`, &menu)
				if menu.Box.Left < 0 || menu.Box.Right > menu.Width+0.5 {
					b.errorf("the open language menu %v does not fit the viewport width %.0f", menu.Box, menu.Width)
				}
				if err := chromedp.Do(b.ctx, chromedp.Click(chromedp.CSS(".site-header .langs a[hreflang="+to.lang+"]"))); err != nil {
					b.fatalf("choosing %s: %v", to.lang, err)
				}
				want := "/" + to.lang + "/payments/payment-methods/"
				b.waitFor(waitTime, `location.pathname === `+jsString(want)+` && document.readyState !== "loading"`,
					"the switcher should lead to %s", want)
				var page struct{ Lang, Dir, H1 string }
				b.evalInto(`({lang: document.documentElement.lang, dir: document.documentElement.dir, h1: document.querySelector("h1").textContent})`, &page)
				if page.Lang != to.lang || page.Dir != to.dir || page.H1 != to.title {
					b.errorf("%s: got lang %q dir %q title %q, want %q %q %q", want, page.Lang, page.Dir, page.H1, to.lang, to.dir, to.title)
				}
				if b.boolean(`document.querySelector(".notice-fallback")`) {
					b.errorf("%s is a real translation but shows the fallback notice", want)
				}
			}
		})
	}
}

// TestFallbackPage opens a Greek page that has no Greek translation: the
// English text is shown in the Greek chrome, with a notice, and marked as
// English for screen readers and hyphenation.
func TestFallbackPage(t *testing.T) {
	s := staticSite(t)
	for _, vp := range screens {
		t.Run(vp.name, func(t *testing.T) {
			t.Parallel()
			b := newTab(t, s.url, vp)
			b.open("/el/account/delete-your-account/")
			var got struct {
				HTMLLang, NoticeLang, NoticeText, ProseLang, ProseDir, H1Lang string
				Notice                                                        rect
				NoticeShown                                                   bool
			}
			b.evalInto(`(() => {
				const n = document.querySelector(".notice-fallback"), p = document.querySelector("article .prose");
				const lang = e => e ? (e.closest("[lang]") || {}).lang : "";
				return {htmlLang: document.documentElement.lang,
					noticeLang: lang(n), noticeText: n ? n.textContent : "",
					notice: n ? n.getBoundingClientRect() : {},
					noticeShown: !!n && n.checkVisibility({opacityProperty: true, visibilityProperty: true}),
					proseLang: lang(p), proseDir: p ? getComputedStyle(p).direction : "",
					h1Lang: lang(document.querySelector("h1"))};
			})()`, &got)
			if got.HTMLLang != "el" {
				b.errorf("html lang = %q, want el: the chrome is Greek", got.HTMLLang)
			}
			if !got.NoticeShown || got.Notice.Height == 0 {
				b.fatalf("the fallback notice .notice-fallback is not visible: %+v", got)
			}
			if got.NoticeLang != "el" {
				b.errorf("the notice %q is in lang %q, want el", got.NoticeText, got.NoticeLang)
			}
			if got.ProseLang != "en" || got.ProseDir != "ltr" {
				b.errorf("the English text should be marked lang=en (got %q) and flow ltr (got %q)", got.ProseLang, got.ProseDir)
			}
			if got.H1Lang != "en" {
				b.errorf("the English title should be marked lang=en, got %q", got.H1Lang)
			}
		})
	}
}

// TestLanguageMenu: a menu of 34 languages fits the screen and scrolls in
// its own box, Escape closes it and gives the focus back to its button,
// and every name starts at the page's start edge, the right-to-left names
// among them.
func TestLanguageMenu(t *testing.T) {
	eachNarrow(t, func(t *testing.T, b *tab, lang string) {
		b.open("/" + lang + "/setup/install/")
		b.click(".langs summary")
		b.waitFor(waitTime, `document.querySelector(".langs").open`, "the language menu does not open")
		var menu struct {
			Box                        rect
			ScrollHeight, ClientHeight float64
			View                       float64
			Count                      int
			Starts                     []float64
			Dirs                       []string
		}
		b.evalInto(`(() => {
			const ul = document.querySelector(".langs ul"), rtl = document.documentElement.dir === "rtl";
			const links = [...ul.querySelectorAll("a")];
			const start = a => { const r = document.createRange(); r.selectNodeContents(a); const b = r.getBoundingClientRect(); return rtl ? b.right : b.left; };
			return {box: ul.getBoundingClientRect(), scrollHeight: ul.scrollHeight, clientHeight: ul.clientHeight,
				view: innerHeight, count: links.length, starts: links.map(start), dirs: links.map(a => a.dir)};
		})()`, &menu)
		if menu.Count != 34 {
			b.fatalf("the menu lists %d languages, want 34", menu.Count)
		}
		if menu.Box.Height > 0.75*menu.View || menu.ScrollHeight <= menu.ClientHeight {
			b.errorf("the menu is %.0f px tall on a %.0f px screen (content %.0f px): it should scroll in its own box", menu.Box.Height, menu.View, menu.ScrollHeight)
		}
		for i, x := range menu.Starts {
			if x < menu.Starts[0]-1 || x > menu.Starts[0]+1 {
				b.errorf("language %d (dir %s) starts at x %.0f, the first at %.0f: names should share the page's start edge", i+1, menu.Dirs[i], x, menu.Starts[0])
				break
			}
		}
		if !contains(menu.Dirs, "rtl") || !contains(menu.Dirs, "ltr") {
			b.errorf("each name should keep its own direction, got %v", menu.Dirs)
		}
		b.press(keyTab) // into the menu
		b.press(keyEscape)
		b.waitFor(waitTime, `!document.querySelector(".langs").open`, "Escape does not close the language menu")
		if !b.boolean(`document.activeElement === document.querySelector(".langs summary")`) {
			b.errorf("after Escape the focus is on %s, want the language button", b.str(`document.activeElement.outerHTML.slice(0, 80)`))
		}
	})
}
