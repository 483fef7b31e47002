package browsertest

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestSuggestionsAnnounced: a screen reader hears how many suggestions the
// search box found, and that it found none, in the reader's language,
// through a status region (the list appearing, or staying hidden, says
// nothing by itself); an emptied box says nothing.
func TestSuggestionsAnnounced(t *testing.T) {
	s := staticSite(t)
	none := map[string]string{"en": "0 results", "ar": "لا توجد نتائج", "el": "0 αποτελέσματα"}
	for _, q := range queries {
		t.Run(q.lang, func(t *testing.T) {
			t.Parallel()
			b := newTab(t, s.url, desktop)
			b.open("/" + q.lang + "/")
			const status = `document.querySelector("form[data-kb-search] [role=status]")`
			if !b.boolean(status) {
				b.fatalf("the search form has no status region")
			}
			b.click("#kb-q")
			b.keys(q.q)
			b.settle(waitTime, 500*time.Millisecond, `document.querySelectorAll("#kb-suggest [role=option]").length + "|" + `+status+`.textContent`)
			n := len(b.strings(`[...document.querySelectorAll("#kb-suggest [role=option]")].map(o => o.id)`))
			if n == 0 {
				b.fatalf("%q suggests nothing", q.q)
			}
			got := b.str(status + `.textContent`)
			if !containsDigits(got, n) {
				b.errorf("after %d suggestions for %q the status says %q", n, q.q, got)
			}

			b.str(`document.getElementById("kb-q").value = ""`)
			b.keys("zqxjkvq")
			b.settle(waitTime, 500*time.Millisecond, `document.querySelectorAll("#kb-suggest [role=option]").length + "|" + `+status+`.textContent`)
			if got := b.str(status + `.textContent`); got != none[q.lang] {
				b.errorf("with no suggestion the status says %q, want %q", got, none[q.lang])
			}

			b.str(`(i => { i.value = ""; i.dispatchEvent(new Event("input")); return "" })(document.getElementById("kb-q"))`)
			b.waitFor(waitTime, status+`.textContent === ""`, "an emptied search box still announces %q", b.str(status+`.textContent`))
		})
	}
}

// containsDigits reports whether s holds n in ASCII digits; a count of one
// or two may be a word ("نتيجة واحدة", "نتيجتان").
func containsDigits(s string, n int) bool {
	return (n <= 2 && s != "") || strings.Contains(s, strconv.Itoa(n))
}
