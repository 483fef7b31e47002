package browsertest

import (
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
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

// TestSwitcherUntranslated: on an English or Arabic article that has no
// Greek translation, in a site where Greek does not fall back, the
// switcher still offers Greek, marked "not translated" in Greek under the
// name and from the same start edge (the right one on the Arabic page), and
// the link leads to the Greek section page rather than to a missing page;
// axe-core finds nothing serious in the open menu.
func TestSwitcherUntranslated(t *testing.T) {
	dir, err := copySiteWith("no-greek-fallback", func(conf string) (string, error) {
		const el = "[languages.el]\nname = \"Ελληνικά\"\n"
		if !strings.Contains(conf, el) {
			return "", fmt.Errorf("no %q", el)
		}
		return strings.Replace(conf, el, el+"fallback = false\n", 1), nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := runKB("build", "-s", dir, "-o", filepath.Join(dir, "public"), "--index", "-"); err != nil {
		t.Fatal(err)
	}
	s := serveHandler(http.FileServer(http.Dir(filepath.Join(dir, "public"))))
	axe := axeSource(t)
	for _, vp := range screens {
		for _, from := range []struct{ lang, dir string }{{"en", "ltr"}, {"ar", "rtl"}} {
			t.Run(vp.name+"/"+from.lang, func(t *testing.T) {
				t.Parallel()
				b := newTab(t, s.url, vp)
				b.open("/" + from.lang + "/account/delete-your-account/")
				b.click(".site-header .langs summary")
				const greek = `document.querySelector(".site-header .langs a[hreflang=el]")`
				b.waitFor(waitTime, greek+`.getBoundingClientRect().height > 0`, "the switcher should still offer Greek")
				var got struct {
					Mark, MarkLang  string
					Name, Box, Menu rect
					MarkShown       bool
					Translated      bool
				}
				b.evalInto(`(() => {
					const a = `+greek+`, m = a.querySelector(".untranslated"), r = document.createRange();
					r.selectNodeContents(a.firstChild);
					const box = e => { const b = e.getBoundingClientRect(); return {left: b.left, right: b.right, top: b.top, bottom: b.bottom, width: b.width, height: b.height}; };
					return {mark: m ? m.textContent : "", markLang: m ? m.closest("[lang]").lang : "",
						markShown: !!m && m.checkVisibility({opacityProperty: true, visibilityProperty: true}),
						name: box(r), box: m ? box(m) : {}, menu: box(a.closest("ul")),
						translated: !document.querySelector(".site-header .langs a[hreflang=ar] .untranslated")};
				})()`, &got)
				if got.Mark != "δεν έχει μεταφραστεί" || got.MarkLang != "el" || !got.MarkShown {
					b.fatalf("the Greek link should show the Greek mark \"δεν έχει μεταφραστεί\" in lang el; got %q in lang %q, shown %v", got.Mark, got.MarkLang, got.MarkShown)
				}
				if !got.Translated {
					b.errorf("the Arabic link is marked untranslated, but the article is translated into Arabic")
				}
				start := func(r rect) float64 {
					if from.dir == "rtl" {
						return r.Right
					}
					return r.Left
				}
				if got.Box.Top < got.Name.Bottom-1 || start(got.Box) < start(got.Name)-1 || start(got.Box) > start(got.Name)+1 {
					b.errorf("the mark %v should sit under the name %v, from the same %s edge", got.Box, got.Name, map[string]string{"ltr": "left", "rtl": "right"}[from.dir])
				}
				if got.Box.Left < got.Menu.Left || got.Box.Right > got.Menu.Right+0.5 {
					b.errorf("the mark %v overflows the menu %v", got.Box, got.Menu)
				}
				for _, v := range runAxe(b, axe) {
					b.errorf("with the language menu open: %s (%s): %s %v", v.ID, v.Impact, v.Help, v.Nodes)
				}
				b.click(".site-header .langs a[hreflang=el]")
				b.waitFor(waitTime, `location.pathname === "/el/account/" && document.readyState !== "loading"`,
					"the Greek link should lead to the Greek section page /el/account/")
				if h1 := b.str(`document.querySelector("h1").textContent`); h1 != "Ο λογαριασμός σας" || b.str(`document.documentElement.lang`) != "el" {
					b.errorf("/el/account/: title %q, want the Greek section page", h1)
				}
			})
		}
	}
}
