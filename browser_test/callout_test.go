package browsertest

import (
	"testing"
)

// TestCalloutBorderAtLineStart opens the note in the payment methods
// article: its coloured border is at the start of the line, the left in
// English and the right in Arabic, and its title says the kind in the
// page's language.
func TestCalloutBorderAtLineStart(t *testing.T) {
	s := staticSite(t)
	for _, tc := range []struct{ lang, title, side string }{
		{"en", "Note", "left"},
		{"ar", "ملاحظة", "right"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			t.Parallel()
			b := newTab(t, s.url, screens[0])
			b.open("/" + tc.lang + "/payments/payment-methods/")
			var got *struct {
				Title, Role string
				Left, Right float64
				Box, Text   rect
			}
			b.evalInto(`(() => {
				const c = document.querySelector(".prose .callout");
				if (!c) return null;
				c.scrollIntoView({block: "center"});
				const st = getComputedStyle(c);
				return {title: c.querySelector(".callout-title").textContent, role: c.getAttribute("role"),
					left: parseFloat(st.borderLeftWidth), right: parseFloat(st.borderRightWidth),
					box: c.getBoundingClientRect(), text: c.querySelector("p:last-child").getBoundingClientRect()};
			})()`, &got)
			if got == nil {
				b.fatalf("no callout in the article")
			}
			if got.Title != tc.title || got.Role != "note" {
				b.errorf("callout title %q, role %q; want %q, note", got.Title, got.Role, tc.title)
			}
			border, other := got.Left, got.Right
			if tc.side == "right" {
				border, other = got.Right, got.Left
			}
			if border < 2 || other != 0 {
				b.errorf("callout borders: left %.1f px, right %.1f px; want one on the %s only", got.Left, got.Right, tc.side)
			}
			// The text keeps clear of the border, inside the box.
			if got.Text.Left < got.Box.Left+border || got.Text.Right > got.Box.Right-border {
				b.errorf("callout text %v is not inside its box %v clear of the border", got.Text, got.Box)
			}
		})
	}
}
