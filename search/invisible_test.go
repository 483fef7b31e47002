package search_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"kb/search"
)

// invisibleSite is a help center in English, Arabic, Greek and Persian whose pages carry, inside some of their words,
// the characters that copy-paste from right-to-left apps and phone keyboards leaves there: a right-to-left or
// left-to-right mark after a word, a zero-width space or a soft hyphen inside one.
var invisibleSite = map[string]string{
	"site.toml": `title = "Help"
baseURL = "https://help.example/"
defaultLanguage = "en"
[languages.en]
name = "English"
weight = 1
[languages.ar]
name = "العربية"
weight = 2
[languages.el]
name = "Ελληνικά"
weight = 3
[languages.fa]
name = "فارسی"
weight = 4
`,
	"content/en/help/_index.md":  "+++\ntitle = \"Help\"\n+++\n",
	"content/en/help/returns.md": "+++\ntitle = \"Returns\"\n+++\n\nYou can return most items within 30 days. Returns are free.\n",
	"content/en/help/shipping.md": "+++\ntitle = \"Shipping\"\n+++\n\nWe ship worldwide. Standard de\u00adlivery takes five days; " +
		"order track\u200bing is sent by e-mail.\n",
	"content/ar/help/_index.md":   "+++\ntitle = \"مساعدة\"\n+++\n",
	"content/ar/help/returns.md":  "+++\ntitle = \"سياسة الإرجاع\"\n+++\n\nيمكنك إرجاع المنتجات خلال ثلاثين يوما.\n",
	"content/ar/help/shipping.md": "+++\ntitle = \"الشحن\"\n+++\n\nنشحن إلى جميع المدن، والدفع عند الاستلام\u200f متاح.\n",
	"content/el/help/_index.md":   "+++\ntitle = \"Βοήθεια\"\n+++\n",
	"content/el/help/returns.md":  "+++\ntitle = \"Επιστροφές\"\n+++\n\nΜπορείτε να επιστρέψετε τα προϊόντα εντός 30 ημερών.\n",
	"content/el/help/shipping.md": "+++\ntitle = \"Αποστολή\"\n+++\n\nΗ παράδοση\u200e διαρκεί δύο εργάσιμες ημέρες.\n",
	"content/fa/help/_index.md":   "+++\ntitle = \"راهنما\"\n+++\n",
	"content/fa/help/returns.md":  "+++\ntitle = \"بازگشت کالا\"\n+++\n\nمی‌توانید کالا را ظرف سی روز بازگردانید.\n",
	"content/fa/help/shipping.md": "+++\ntitle = \"ارسال\"\n+++\n\nسفارش‌ها در دو روز ارسال می‌شوند و هزینه‌ی\u200f ارسال رایگان است.\n",
}

// invisibleVariants are the ways a query reaches the search box with the same visible text: a mark after it or
// before it, an isolate around it, a zero-width space or a soft hyphen after its first letter, and, for ASCII, the
// fullwidth letters of an East Asian keyboard.
func invisibleVariants(q string) map[string]string {
	_, n := utf8.DecodeRuneInString(q)
	v := map[string]string{
		"RLM after":   q + "\u200f",
		"LRM before":  "\u200e" + q,
		"RLI isolate": "\u2067" + q + "\u2069",
		"ZWSP inside": q[:n] + "\u200b" + q[n:],
		"soft hyphen": q[:n] + "\u00ad" + q[n:],
		"BOM before":  "\ufeff" + q,
		"ALM after":   q + "\u061c",
	}
	ascii := true
	for _, r := range q {
		ascii = ascii && r < utf8.RuneSelf
	}
	if ascii {
		v["fullwidth"] = strings.Map(func(r rune) rune {
			if r > ' ' && r < 0x7f {
				return r - 0x21 + 0xff01
			}
			return r
		}, q)
	}
	return v
}

// TestInvisibleCharacters checks that invisible format characters and fullwidth letters change nothing, in a query
// or in a page: on the server index and in the static client alike, each variant of a query finds the pages the
// query finds, in the same order, with the same snippets; and the plain query finds the words that carry such
// characters in the pages.
func TestInvisibleCharacters(t *testing.T) {
	site := writeSite(t, invisibleSite)
	out, ix := buildSite(t, site)

	// The static client finds a word only as it stands in some page ("شحن" stands there only as "الشحن"), so serverOnly
	// marks the queries whose page only the server finds.
	checks := []struct {
		lang, q, want string
		serverOnly    bool
	}{
		{"en", "returns", "/en/help/returns/", false},
		{"en", "return policy", "/en/help/returns/", false},
		{"en", "delivery", "/en/help/shipping/", false},
		{"en", "tracking", "/en/help/shipping/", false},
		{"ar", "شحن", "/ar/help/shipping/", true},
		{"ar", "الشحن", "/ar/help/shipping/", false},
		{"ar", "إرجاع", "/ar/help/returns/", false},
		{"ar", "الاستلام", "/ar/help/shipping/", false},
		{"el", "επιστροφές", "/el/help/returns/", false},
		{"el", "παράδοση", "/el/help/shipping/", false},
		{"fa", "ارسال", "/fa/help/shipping/", false},
		{"fa", "کالا", "/fa/help/returns/", false},
		{"fa", "هزینه", "/fa/help/shipping/", false},
		{"fa", "سفارش‌ها", "/fa/help/shipping/", false},
		{"fa", "سفارش ها", "/fa/help/shipping/", false},
		// The last word, still being typed, after a word with a zero-width non-joiner.
		{"fa", "هزینه‌ی ارس", "/fa/help/shipping/", false},
	}
	type hit struct{ url, snippet string }
	serverHits := func(lang, q string) []hit {
		res, err := ix.Search(t.Context(), search.Query{Text: q, Lang: lang, Limit: 10})
		if err != nil {
			t.Fatalf("%s %q: %v", lang, q, err)
		}
		var hits []hit
		for _, h := range res.Hits {
			hits = append(hits, hit{h.URL, h.Snippet})
		}
		return hits
	}
	var qs []judgedQuery
	for _, c := range checks {
		qs = append(qs, judgedQuery{Lang: c.lang, Q: c.q})
		for _, v := range invisibleVariants(c.q) {
			qs = append(qs, judgedQuery{Lang: c.lang, Q: v})
		}
	}
	static := runStaticClient(t, out, qs)
	for _, c := range checks {
		plain := serverHits(c.lang, c.q)
		if !slices.ContainsFunc(plain, func(h hit) bool { return h.url == c.want }) {
			t.Errorf("server %s %q: got %v, want %s", c.lang, c.q, plain, c.want)
		}
		plainStatic := static[c.lang+"\x00"+c.q]
		if !c.serverOnly && !slices.ContainsFunc(plainStatic, func(u string) bool { return canonicalURL(u) == c.want }) {
			t.Errorf("static %s %q: got %v, want %s", c.lang, c.q, plainStatic, c.want)
		}
		for name, v := range invisibleVariants(c.q) {
			if got := serverHits(c.lang, v); !slices.Equal(got, plain) {
				t.Errorf("server %s %q, %s (%+q):\n got %v\nwant %v", c.lang, c.q, name, v, got, plain)
			}
			if got := static[c.lang+"\x00"+v]; !slices.Equal(got, plainStatic) {
				t.Errorf("static %s %q, %s (%+q): got %v, want %v", c.lang, c.q, name, v, got, plainStatic)
			}
		}
	}

	// The words that carry the characters in the pages are marked whole.
	for _, c := range []struct{ lang, q, mark string }{
		{"en", "tracking", "<mark>track\u200bing</mark>"},
		{"en", "delivery", "<mark>de\u00adlivery</mark>"},
		{"ar", "الاستلام", "<mark>الاستلام"},
	} {
		hits := serverHits(c.lang, c.q)
		if len(hits) == 0 || !strings.Contains(hits[0].snippet, c.mark) {
			t.Errorf("server %s %q: snippets %v, want the first to contain %s", c.lang, c.q, hits, fmt.Sprintf("%+q", c.mark))
		}
	}
}

// TestOpenRefusesIndexWithInvisibleCharacters checks that an index built before format characters were dropped
// (schema 2), whose terms keep them, is refused with a message that says to rebuild it.
func TestOpenRefusesIndexWithInvisibleCharacters(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	if err := search.Build(context.Background(), dir, []search.Document{{ID: "a", Lang: "en", Title: "Returns"}}); err != nil {
		t.Fatal(err)
	}
	manifest := filepath.Join(dir, "manifest.json")
	data, err := os.ReadFile(manifest)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	m["schema"] = 2
	if data, err = json.Marshal(m); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(manifest, data, 0o644); err != nil {
		t.Fatal(err)
	}
	ix, err := search.Open(dir)
	if err == nil {
		ix.Close()
		t.Fatal("Open accepted an index of schema 2")
	}
	if !strings.Contains(err.Error(), "rebuild the index") {
		t.Errorf("Open: %v, want it to say to rebuild the index", err)
	}
}
