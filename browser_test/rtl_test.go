package browsertest

import (
	"strings"
	"testing"
)

// TestArabicLaysOutRightToLeft opens Arabic articles and checks the layout
// a reader of Arabic expects: the whole page flows right to left, the
// header is mirrored, and Latin words and numbers inside Arabic sentences
// keep their logical order.
func TestArabicLaysOutRightToLeft(t *testing.T) {
	s := staticSite(t)
	for _, vp := range screens {
		t.Run(vp.name, func(t *testing.T) {
			t.Parallel()
			b := newTab(t, s.url, vp)
			b.open("/ar/payments/payment-methods/")

			var dirs struct{ HTML, Main, Prose, Lang string }
			b.evalInto(`({html: getComputedStyle(document.documentElement).direction,
				main: getComputedStyle(document.querySelector("main")).direction,
				prose: getComputedStyle(document.querySelector(".prose")).direction,
				lang: document.documentElement.lang})`, &dirs)
			if dirs.HTML != "rtl" || dirs.Main != "rtl" || dirs.Prose != "rtl" || dirs.Lang != "ar" {
				b.fatalf("computed direction: html %q, main %q, .prose %q, lang %q; want rtl, rtl, rtl, ar", dirs.HTML, dirs.Main, dirs.Prose, dirs.Lang)
			}

			// The header bar is mirrored: brand at the right, switcher at the left.
			var bar struct {
				Brand, Langs rect
				Width        float64
			}
			b.evalInto(`({brand: document.querySelector(".site-header .brand").getBoundingClientRect(),
				langs: document.querySelector(".site-header .langs").getBoundingClientRect(),
				width: document.documentElement.clientWidth})`, &bar)
			if !(bar.Langs.Right <= bar.Brand.Left) {
				b.errorf("header: brand %v should sit to the right of the language switcher %v", bar.Brand, bar.Langs)
			}
			if bar.Brand.Right < bar.Width*0.75 || bar.Langs.Left > bar.Width*0.25 {
				b.errorf("header of width %.0f: brand %v should end near the right edge and the switcher %v start near the left one", bar.Width, bar.Brand, bar.Langs)
			}
			if bar.Brand.Right > bar.Width+0.5 || bar.Langs.Left < -0.5 {
				b.errorf("header overflows the viewport of width %.0f: brand %v, switcher %v", bar.Width, bar.Brand, bar.Langs)
			}
			// The page never scrolls sideways on a phone.
			if b.boolean(`document.documentElement.scrollWidth > document.documentElement.clientWidth + 1`) {
				b.errorf("the page is wider than the viewport: scrollWidth %s > clientWidth %s",
					b.str("document.documentElement.scrollWidth"), b.str("document.documentElement.clientWidth"))
			}

			// "Apple Pay وGoogle Pay": two Latin runs in an Arabic cell.
			checkBidi(b, ".prose td", "Apple Pay", "Google Pay")
			checkLTRRun(b, ".prose td", "Apple Pay", "Apple", "Pay")

			b.open("/ar/policies/returns-and-refunds/")
			// "خلال 14 يومًا ... وتمدّد Lumen & Loom هذه المدة إلى 30 يومًا"
			checkBidi(b, ".prose p", "14", "Lumen & Loom", "30")
			checkLTRRun(b, ".prose p", "Lumen & Loom", "Lumen", "Loom")
			checkLTRRun(b, ".prose p", "14 يومًا من التسليم", "1", "4")
		})
	}
}

// bidiProbe finds the first element matching sel whose text holds every
// needle, and returns its computed direction, its text, and the box of each
// needle's first occurrence (a Range over the text node that holds it): the
// first and the last line box, as a needle may wrap.
const bidiProbe = `((sel, needles) => {
	const el = [...document.querySelectorAll(sel)].find(e => needles.every(n => e.textContent.includes(n)));
	if (!el) return null;
	const box = n => {
		const w = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
		for (let node; (node = w.nextNode());) {
			const i = node.data.indexOf(n);
			if (i < 0) continue;
			const r = document.createRange();
			r.setStart(node, i);
			r.setEnd(node, i + n.length);
			const rs = r.getClientRects();
			return rs.length ? {first: rs[0], last: rs[rs.length - 1]} : null;
		}
		return null;
	};
	el.scrollIntoView({block: "center"}); // for the screenshot of a failure
	return {dir: getComputedStyle(el).direction, text: el.textContent, boxes: needles.map(box)};
})`

type bidiResult struct {
	Dir   string
	Text  string
	Boxes []*struct{ First, Last rect }
}

func probe(b *tab, sel string, needles ...string) bidiResult {
	b.t.Helper()
	var res *bidiResult
	b.evalInto(bidiProbe+"("+jsString(sel)+", "+jsJSON(needles)+")", &res)
	if res == nil {
		b.fatalf("no %s holds all of %q", sel, needles)
	}
	for i, box := range res.Boxes {
		if box == nil || box.First.Width == 0 {
			b.fatalf("%q is not rendered as one text run in %q", needles[i], res.Text)
		}
	}
	return *res
}

// checkBidi checks that needles appear in this order in the text (logical
// order) and on screen as an RTL reader reads them: each one on an earlier
// line than the next, or on the same line and to its right.
func checkBidi(b *tab, sel string, needles ...string) {
	b.t.Helper()
	res := probe(b, sel, needles...)
	if res.Dir != "rtl" {
		b.errorf("the %s holding %q has direction %q, want rtl", sel, needles, res.Dir)
	}
	at := -1
	for _, n := range needles {
		i := strings.Index(res.Text, n)
		if i <= at {
			b.errorf("text order: %q should come after the words before it in %q", n, res.Text)
		}
		at = i
	}
	for i := 1; i < len(needles); i++ {
		// Where the earlier needle ends, where the next one starts.
		a, c := res.Boxes[i-1].Last, res.Boxes[i].First
		sameLine := a.Top < c.Bottom-1 && c.Top < a.Bottom-1
		switch {
		case sameLine && a.Left < c.Right-0.5:
			b.errorf("visual order: %q %v should be to the right of %q %v on their line of %q", needles[i-1], a, needles[i], c, res.Text)
		case !sameLine && a.Top > c.Top:
			b.errorf("visual order: %q %v should be on a line above %q %v in %q", needles[i-1], a, needles[i], c, res.Text)
		}
	}
}

// checkLTRRun checks that inside the Latin (or numeric) run whole, first
// is to the left of second, on a single line: the run is not reversed.
func checkLTRRun(b *tab, sel, whole, first, second string) {
	b.t.Helper()
	res := probe(b, sel, whole)
	// The parts are located inside the run by offset, not by a new search,
	// so "1" and "4" of "14" are the run's own digits.
	var parts []*rect
	b.evalInto(`((sel, whole, parts) => {
		const el = [...document.querySelectorAll(sel)].find(e => e.textContent.includes(whole));
		const w = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
		for (let node; (node = w.nextNode());) {
			const at = node.data.indexOf(whole);
			if (at < 0) continue;
			return parts.map(p => {
				const i = at + whole.indexOf(p), r = document.createRange();
				r.setStart(node, i);
				r.setEnd(node, i + p.length);
				return r.getBoundingClientRect();
			});
		}
		return null;
	})(`+jsString(sel)+", "+jsString(whole)+", "+jsJSON([]string{first, second})+")", &parts)
	if len(parts) != 2 || parts[0] == nil || parts[1] == nil {
		b.fatalf("cannot find %q and %q in %q", first, second, res.Text)
	}
	a, c := *parts[0], *parts[1]
	if a.Top < c.Bottom-1 && c.Top < a.Bottom-1 && a.Left >= c.Left {
		b.errorf("%q is reversed: %q %v should be left of %q %v", whole, first, a, second, c)
	}
}

func jsJSON(v []string) string {
	var sb strings.Builder
	sb.WriteByte('[')
	for i, s := range v {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(jsString(s))
	}
	sb.WriteByte(']')
	return sb.String()
}
