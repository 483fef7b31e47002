package browsertest

import (
	"testing"
	"time"
)

// TestKeyboard uses the site with the keyboard only: the skip link, the
// search box's suggestions, the FAQ accordion.
func TestKeyboard(t *testing.T) {
	s := staticSite(t)
	for _, vp := range screens {
		t.Run(vp.name, func(t *testing.T) {
			t.Parallel()
			b := newTab(t, s.url, vp)
			for _, lang := range []string{"en", "ar"} {
				skipLink(b, lang)
			}
			for _, q := range queries[:1] {
				searchByKeyboard(b, q)
			}
			faqByKeyboard(b, "en")
			faqByKeyboard(b, "ar")
		})
	}
}

// skipLink checks that the first Tab lands on the skip link, that it shows,
// and that Enter moves the focus to main.
func skipLink(b *tab, lang string) {
	b.t.Helper()
	b.open("/" + lang + "/payments/payment-methods/")
	b.press(keyTab)
	if !b.boolean(`document.activeElement.matches("a.skip[href='#main']")`) {
		b.fatalf("%s: the first Tab should focus the skip link, focused %s", lang, b.str(`document.activeElement.outerHTML.slice(0, 120)`))
	}
	var box rect
	b.evalInto(`document.activeElement.getBoundingClientRect()`, &box)
	if box.Top < 0 || box.Height == 0 || box.Bottom > float64(b.vp.height) {
		b.errorf("%s: the focused skip link is not on screen: %v", lang, box)
	}
	b.press(keyEnter)
	b.waitFor(waitTime, `document.activeElement && document.activeElement.id === "main"`,
		"%s: Enter on the skip link should move the focus to main, focused %s", lang, b.str(`document.activeElement.outerHTML.slice(0, 120)`))
}

// searchByKeyboard tabs to the search box, types, picks a suggestion with
// the arrow keys and opens it with Enter.
func searchByKeyboard(b *tab, q query) {
	b.t.Helper()
	b.open("/" + q.lang + "/")
	b.tabTo(`el => el.id === "kb-q"`, "the search box", 10)
	b.keys(q.q)
	b.waitFor(waitTime, `document.querySelectorAll("#kb-suggest [role=option]").length >= 2 && !document.getElementById("kb-suggest").hidden`,
		"typing %q should show at least two suggestions", q.q)
	b.settle(waitTime, 400*time.Millisecond, `document.getElementById("kb-suggest").innerHTML`)
	type state struct {
		Active   string   // aria-activedescendant of #kb-q
		Selected []string // aria-selected of each option
		IDs      []string
		Focus    string
	}
	read := func() state {
		var s state
		b.evalInto(`({active: document.getElementById("kb-q").getAttribute("aria-activedescendant"),
			selected: [...document.querySelectorAll("#kb-suggest [role=option]")].map(o => o.getAttribute("aria-selected")),
			ids: [...document.querySelectorAll("#kb-suggest [role=option]")].map(o => o.id),
			focus: document.activeElement.id})`, &s)
		return s
	}
	before := read()
	if before.Active != "" || contains(before.Selected, "true") {
		b.errorf("before any arrow key no option should be active: %+v", before)
	}
	for i, key := range []string{keyArrowDown, keyArrowDown, keyArrowUp} {
		want := []int{0, 1, 0}[i]
		b.press(key)
		s := read()
		if s.Focus != "kb-q" {
			b.fatalf("the arrow keys should keep the focus in the search box (aria-activedescendant), focus is on %q", s.Focus)
		}
		if s.Active != s.IDs[want] {
			b.fatalf("after key %d aria-activedescendant = %q, want %q", i+1, s.Active, s.IDs[want])
		}
		for j, sel := range s.Selected {
			if (sel == "true") != (j == want) {
				b.fatalf("after key %d aria-selected = %q, only option %d should be selected", i+1, s.Selected, want)
			}
		}
	}
	href := b.str(`document.getElementById(document.getElementById("kb-q").getAttribute("aria-activedescendant")).href`)
	b.press(keyEnter)
	b.waitFor(waitTime, `location.href === `+jsString(href)+` && document.readyState === "complete"`,
		"Enter on the active suggestion should open %s", href)
}

// faqByKeyboard tabs to the FAQ questions and opens the first with Enter and
// the second with Space.
func faqByKeyboard(b *tab, lang string) {
	b.t.Helper()
	b.open("/" + lang + "/faq/general/")
	if b.boolean(`document.querySelector(".faq details[open]")`) {
		b.fatalf("%s: a FAQ question is open before any key", lang)
	}
	for i, key := range []string{keyEnter, keySpace} {
		sum := `document.querySelectorAll(".faq details > summary")[` + string(rune('0'+i)) + `]`
		b.tabTo(`el => el === `+sum, "FAQ question", 60)
		b.press(key)
		b.waitFor(waitTime, sum+`.parentElement.open && `+sum+`.nextElementSibling.getBoundingClientRect().height > 0`,
			"%s: %q on the summary should open FAQ question %d", lang, key, i+1)
	}
	// The same key closes it again.
	b.press(keySpace)
	b.waitFor(waitTime, `!document.querySelectorAll(".faq details")[1].open`, "%s: Space should close the question again", lang)
}
