package browsertest

import (
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestPrintedFAQShowsAnswers prints a FAQ page whose questions are closed,
// with and without JavaScript: the paper holds every answer (a closed
// details element prints its question alone), and the page on screen
// keeps its questions closed.
func TestPrintedFAQShowsAnswers(t *testing.T) {
	s := staticSite(t)
	for _, lang := range langs {
		for _, js := range []bool{true, false} {
			name := lang + "/scripts"
			if !js {
				name = lang + "/no-scripts"
			}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				b := newTab(t, s.url, desktop)
				if !js {
					b.disableScripts()
				}
				b.open("/" + lang + "/faq/general/")
				const answers = `[...document.querySelectorAll(".faq details > .prose")]`
				if b.boolean(answers + `.some(a => document.querySelector("main").innerText.includes(a.textContent.trim()))`) {
					b.fatalf("on screen a closed answer shows before printing")
				}
				if _, err := chromedp.Call(b.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
					b.fatalf("emulating print: %v", err)
				}
				missing := b.strings(`[...document.querySelectorAll(".faq details")].filter(d =>
					!document.querySelector("main").innerText.includes(d.querySelector(".prose").textContent.trim())).map(d => d.id)`)
				if len(missing) > 0 {
					b.errorf("printed, the page leaves out the answers of %q", missing)
				}
				if b.boolean(`[...document.querySelectorAll(".faq details")].some(d => d.open)`) {
					b.errorf("printing opened the questions on screen")
				}
			})
		}
	}
}
