package browsertest

import (
	"fmt"
	"strings"
	"testing"
)

// The tests in this file read the help center on the phones customers in
// Cairo and Athens hold, 320, 360 and 390 px wide, in English, Arabic and
// Greek.

var phones = []viewport{{"phone-320", 320, 640, true}, narrow, phone}

// searchRoom is what the search box shows of its hint: the width the hint
// needs in the box's font, the width of the box's text area, and the room
// the form has.
type searchRoom struct {
	Need, Have, Box, Form float64
	Overflow              string // the box's text-overflow, which its hint follows
}

func (b *tab) searchRoom() searchRoom {
	b.t.Helper()
	var r searchRoom
	b.evalInto(`(() => {
		const q = document.getElementById("kb-q"), cs = getComputedStyle(q);
		const ctx = document.createElement("canvas").getContext("2d");
		ctx.font = cs.fontStyle + " " + cs.fontWeight + " " + cs.fontSize + " " + cs.fontFamily;
		return {need: ctx.measureText(q.placeholder).width,
			have: q.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight),
			box: q.getBoundingClientRect().width, form: q.form.clientWidth,
			overflow: cs.textOverflow};
	})()`, &r)
	return r
}

// TestSearchHintShows: the search box is wide enough for its hint on every
// phone in every language: the Greek "Αναζητήστε απαντήσεις…" was cut to
// "Αναζητήστε απαντήσ" beside the Greek button at 390 px. With the text at
// 200%, where no line of a phone holds the hint, the box takes the whole
// line and the hint ends in an ellipsis rather than in the middle of a
// letter.
func TestSearchHintShows(t *testing.T) {
	s := staticSite(t)
	for _, vp := range phones {
		for _, lang := range langs {
			t.Run(vp.name+"/"+lang, func(t *testing.T) {
				t.Parallel()
				b := newTab(t, s.url, vp)
				b.open("/" + lang + "/payments/payment-methods/")
				if r := b.searchRoom(); r.Need > r.Have+0.5 {
					b.errorf("the search hint needs %.0f px, the box shows %.0f px of it", r.Need, r.Have)
				}
				b.fitsWidth("the header with its search box")

				b.evalInto(`document.documentElement.style.fontSize = "200%", true`, new(bool))
				r := b.searchRoom()
				if r.Need <= r.Have {
					return // the whole hint shows even so
				}
				if r.Box < r.Form-1 {
					b.errorf("text at 200%%: the hint needs %.0f px and the box is %.0f px wide on a line of %.0f px", r.Need, r.Box, r.Form)
				}
				if r.Overflow != "ellipsis" {
					b.errorf("text at 200%%: the cut hint ends with text-overflow %q, want an ellipsis", r.Overflow)
				}
				b.fitsWidth("the header with text at 200%")
			})
		}
	}
}

// visibleText is a JavaScript function that returns the text an element
// shows, with what its and its descendants' ::before and ::after add
// (without their alternative text, which is for screen readers).
const visibleText = `(el => {
	const gen = (n, p) => {
		const m = /^"((?:[^"\\]|\\.)*)"/.exec(getComputedStyle(n, p).content);
		return m ? JSON.parse('"' + m[1] + '"') : "";
	};
	const walk = n => n.nodeType === Node.TEXT_NODE ? n.data : n.nodeType !== Node.ELEMENT_NODE ? "" :
		gen(n, "::before") + [...n.childNodes].map(walk).join("") + gen(n, "::after");
	return walk(el).replace(/\s+/g, " ").trim();
})`

// TestArrowsPointForward: in Arabic the arrows and separators that lead
// on point left, the way an Arabic reader goes: "12 مقالة ←" after a
// section's first articles, on the home page and under an article, and
// the section ‹ FAQ page path of a search result, as the breadcrumbs
// already do. In English they point right.
func TestArrowsPointForward(t *testing.T) {
	dir := t.TempDir()
	write := siteWriter(t, dir)
	write("site.toml", "defaultLanguage = \"en\"\n[languages.en]\n[languages.ar]\n")
	for lang, w := range map[string]struct{ section, article, questions, faq, question string }{
		"en": {"Orders", "Order", "Questions", "Payments", "Can I pay with Vodafone Cash?"},
		"ar": {"الطلبات", "طلب", "أسئلة", "الدفع", "هل يمكنني الدفع عبر Vodafone Cash؟"},
	} {
		write("content/"+lang+"/orders/_index.md", "+++\ntitle = \""+w.section+"\"\n+++\n")
		for i := 1; i <= 13; i++ { // one more than a section lists in the navigation
			write(fmt.Sprintf("content/%s/orders/o%02d.md", lang, i), fmt.Sprintf("+++\ntitle = \"%s %d\"\nweight = %d\n+++\n%s %d.\n", w.article, i, i, w.article, i))
		}
		write("content/"+lang+"/faq/_index.md", "+++\ntitle = \""+w.questions+"\"\n+++\n")
		write("content/"+lang+"/faq/payments.md", "+++\ntitle = \""+w.faq+"\"\n+++\n## "+w.question+"\n\nVodafone Cash.\n")
	}
	base := buildAndServe(t, dir)
	forward := map[string]string{"en": "→", "ar": "←"}
	separator := map[string]string{"en": "›", "ar": "‹"}
	for _, lang := range []string{"en", "ar"} {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			b := newTab(t, base, phone)
			for _, c := range []struct{ page, link string }{
				{"/" + lang + "/", ".topic p a"},
				{"/" + lang + "/orders/o01/", ".section-nav p a"},
			} {
				b.open(c.page)
				text := b.str(visibleText + `(document.querySelector(` + jsString(c.link) + `))`)
				if !strings.Contains(text, "13") || !strings.HasSuffix(text, forward[lang]) || strings.Contains(text, forward[map[string]string{"en": "ar", "ar": "en"}[lang]]) {
					b.errorf("%s: the link to all 13 articles reads %q, want it to end in %s", c.page, text, forward[lang])
				}
			}
			b.open("/" + lang + "/search/?q=vodafone")
			b.waitFor(waitTime, `document.querySelector(".kb-hits .kb-section")`, "no search result for vodafone")
			path := b.str(visibleText + `(document.querySelector(".kb-hits .kb-section"))`)
			want := map[string]string{"en": "Questions › Payments", "ar": "أسئلة ‹ الدفع"}[lang]
			if strings.ReplaceAll(path, " ", "") != strings.ReplaceAll(want, " ", "") {
				b.errorf("the search result's place reads %q, want %q (separator %s)", path, want, separator[lang])
			}
		})
	}
}

// outOfScreen lists the shown elements that reach past the screen's left
// or right edge, other than those inside a box that scrolls or clips them
// (a wide table, a long code line).
func (b *tab) outOfScreen() []string {
	b.t.Helper()
	return b.strings(`(() => {
		const w = document.documentElement.clientWidth, out = [];
		const held = el => { for (let p = el.parentElement; p; p = p.parentElement) if (getComputedStyle(p).overflowX !== "visible") return true; return false; };
		for (const el of document.body.querySelectorAll("*")) {
			const r = el.getBoundingClientRect();
			if (r.width === 0 || el.closest(".visually-hidden, .skip, details:not([open]) > :not(summary)") || (r.left > -0.5 && r.right < w + 0.5) || held(el)) continue;
			out.push(el.tagName.toLowerCase() + (el.className ? "." + el.className : "") + " «" + el.textContent.trim().slice(0, 40) + "» at x " + Math.round(r.left) + "–" + Math.round(r.right));
		}
		return out;
	})()`)
}

// TestLargeTextFits: with the browser's text at 200% on a 320 px phone, a
// long Greek word no longer pushes the announcement's close button or an
// FAQ question past the screen's edge, and the open language list stays on
// the screen in Arabic, where it opens towards the right.
func TestLargeTextFits(t *testing.T) {
	s := staticSite(t)
	vp := phones[0]
	for _, lang := range langs {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			b := newTab(t, s.url, vp)
			for _, page := range []struct{ path, what, open string }{
				{"/" + lang + "/", "the home page with its announcement", ""},
				{"/" + lang + "/faq/general/", "an FAQ page", ""},
				{"/" + lang + "/payments/payment-methods/", "an article with the language list open", ".langs summary"},
			} {
				b.open(page.path)
				b.waitFor(waitTime, `document.querySelector("[data-kb-dismiss]") && !document.querySelector("[data-kb-dismiss]").hidden`, "no close button on the announcement")
				b.evalInto(`document.documentElement.style.fontSize = "200%", true`, new(bool))
				if page.open != "" {
					b.click(page.open)
				}
				if out := b.outOfScreen(); len(out) > 0 {
					b.errorf("text at 200%%, %s: past the %d px screen's edges: %s", page.what, vp.width, strings.Join(out, "; "))
				}
				b.fitsWidth("text at 200%, " + page.what)
			}
		})
	}
}

// TestOwnSearchFormGrows: a site whose theme overrides the search form
// with a box straight in the form, as the default theme had it, still
// gets a box that fills the line beside the button.
func TestOwnSearchFormGrows(t *testing.T) {
	dir := t.TempDir()
	write := siteWriter(t, dir)
	write("site.toml", "defaultLanguage = \"en\"\ntheme = \"shop\"\n[languages.en]\n")
	write("themes/shop/layouts/partials/language/searchform.html", `<form class="search" role="search" action="{{.Site.SearchURL}}" method="get">
<label for="kb-q" class="visually-hidden">{{.L.T "search_label"}}</label>
<input id="kb-q" type="search" name="q" placeholder="{{.L.T "search_placeholder"}}">
<button type="submit">{{.L.T "search_button"}}</button>
</form>
`)
	write("content/en/help/start.md", "+++\ntitle = \"Start\"\n+++\nHello.\n")
	b := newTab(t, buildAndServe(t, dir), phone)
	b.open("/en/help/start/")
	q, button, form := b.box("#kb-q"), b.box(".search button"), b.box(".search")
	if button.Top >= q.Bottom || button.Right < form.Right-1 || button.Left-q.Right > 12 {
		b.errorf("the search box %v does not fill its line up to the button %v in the form %v", q, button, form)
	}
}
