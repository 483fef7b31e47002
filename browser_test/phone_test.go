package browsertest

import "testing"

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
