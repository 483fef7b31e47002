package static

import (
	"bufio"
	"context"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"kb/search"
	"kb/search/greek"
)

// TestGreeklishKeysJS: search.js gives every word of
// search/greek/testdata/greeklish.tsv, every Latin word of up to three of
// the letters it reads and every Greek word of up to two letters the sound
// keys package greek gives it, in order.
func TestGreeklishKeysJS(t *testing.T) {
	f, err := os.Open("../greek/testdata/greeklish.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var in, greekIn []string
	for sc := bufio.NewScanner(f); sc.Scan(); {
		if cols := strings.Split(sc.Text(), "\t"); len(cols) == 3 && !strings.HasPrefix(cols[0], "#") {
			in = append(in, cols[0])
			greekIn = append(greekIn, search.Normalize(cols[1]))
		}
	}
	const greekLetters = "αβγδεζηθικλμνξοπρστυφχψω"
	for _, a := range greekLetters {
		for _, b := range greekLetters {
			greekIn = append(greekIn, string(a), string(a)+string(b))
		}
	}
	greekIn = append(greekIn, "", "karta", "κάρτα", "κaρτα")
	const letters = "abcdefghijklmnopqrstuvwxyz38"
	for _, a := range letters {
		in = append(in, string(a))
		for _, b := range letters {
			in = append(in, string(a)+string(b))
			for _, c := range letters {
				in = append(in, string(a)+string(b)+string(c))
			}
		}
	}
	in = append(in, "", "é", "order2", "ΚΩΔΙΚΟΣ", "xhxhxhxhxhxhxhxhxh", "constructor", "__proto__")
	out := runNode(t, "", map[string]any{"greeklish": in, "greekKeys": greekIn})
	for i, w := range in {
		if want := greek.LatinKeys(w); !slices.Equal(out.Greeklish[i], want) {
			t.Errorf("greeklishKeys(%q) = %q, greek.LatinKeys gives %q", w, out.Greeklish[i], want)
		}
	}
	for i, w := range greekIn {
		if want := greek.Key(w); out.GreekKeys[i] != want {
			t.Errorf("greekKey(%q) = %q, greek.Key gives %q", w, out.GreekKeys[i], want)
		}
	}
}

// greekDocs are Greek pages that name what customers in Athens search for.
var greekDocs = []Doc{
	{URL: "/el/returns/start/", Title: "Πώς να ξεκινήσετε μια επιστροφή", SectionTitle: "Επιστροφές",
		Body: "Η επιστροφή χρημάτων γίνεται σε 5 εργάσιμες ημέρες από την παραλαβή του προϊόντος."},
	{URL: "/el/account/reset/", Title: "Επαναφορά κωδικού", SectionTitle: "Λογαριασμός",
		Body: "Ξεχάσατε τον κωδικό πρόσβασης; Ζητήστε σύνδεσμο επαναφοράς."},
	{URL: "/el/payments/methods/", Title: "Τρόποι πληρωμής", SectionTitle: "Πληρωμές",
		Body: "Πληρώνετε με κάρτα, PayPal ή αντικαταβολή. Η δωροκάρτα εξαργυρώνεται στο καλάθι."},
	{URL: "/el/orders/track/", Title: "Παρακολούθηση παραγγελίας", SectionTitle: "Παραγγελίες",
		Body: "Η παραγγελία σας φτάνει σε 3 ημέρες."},
	{URL: "/el/shipping/customs/", Title: "Διεθνείς αποστολές", SectionTitle: "Αποστολή",
		Body: "Το τελωνείο της χώρας σας μπορεί να χρεώσει δασμούς."},
	{URL: "/el/payments/karta-app/", Title: "Η εφαρμογή Karta", SectionTitle: "Πληρωμές",
		Body: "Συνδέστε την εφαρμογή Karta με τον λογαριασμό σας."},
}

// TestGreeklishJS: on a Greek static index, a query typed in Latin letters
// finds the Greek pages it spells, through search.js, below a page that has
// the Latin word itself; other languages' indexes have no sound keys.
func TestGreeklishJS(t *testing.T) {
	root := t.TempDir()
	an := Analyzer{Normalize: search.Normalize, Terms: search.Terms, SoundKey: search.SoundKey("el")}
	writeIndexWith(t, root, "el", greekDocs, an)
	writeIndexWith(t, root, "en", smallDocs["en"], Analyzer{Normalize: search.Normalize, Terms: search.Terms, SoundKey: search.SoundKey("en")})
	checks := []struct {
		lang, q string
		urls    []string // the first hits, in order
		mark    string   // in the first hit's title or snippet
	}{
		{"el", "epistrofi", []string{"/el/returns/start/"}, "<mark>επιστροφή</mark>"},
		{"el", "epistrofi xrimaton ", []string{"/el/returns/start/"}, "<mark>χρημάτων</mark>"},
		{"el", "kodikos ", []string{"/el/account/reset/"}, "<mark>κωδικό</mark>"},
		{"el", "kwdiko ", []string{"/el/account/reset/"}, ""},
		{"el", "antikatavoli ", []string{"/el/payments/methods/"}, "<mark>αντικαταβολή</mark>"},
		{"el", "paraggelia ", []string{"/el/orders/track/"}, ""},
		{"el", "paragelia ", []string{"/el/orders/track/"}, ""},
		{"el", "tilonio ", []string{"/el/shipping/customs/"}, "<mark>τελωνείο</mark>"},
		{"el", "dwrokarta ", []string{"/el/payments/methods/"}, "<mark>δωροκάρτα</mark>"},
		{"el", "epistr", []string{"/el/returns/start/"}, ""},
		// The page with the Latin word as typed first, then the Greek word it spells.
		{"el", "karta ", []string{"/el/payments/karta-app/", "/el/payments/methods/"}, ""},
		{"en", "kodikos ", nil, ""},
	}
	out := searchNode(t, root, len(checks), func(i int) (string, string) { return checks[i].lang, checks[i].q })
	for i, c := range checks {
		var urls []string
		for _, h := range out.Queries[i].Hits {
			urls = append(urls, h.URL)
		}
		if len(urls) < len(c.urls) || !slices.Equal(urls[:len(c.urls)], c.urls) || c.urls == nil && urls != nil {
			t.Errorf("%s %q: %v, want %v first", c.lang, c.q, urls, c.urls)
			continue
		}
		if c.mark != "" {
			if h := out.Queries[i].Hits[0]; !strings.Contains(h.Title+h.Snippet, c.mark) {
				t.Errorf("%s %q: %s not in %q", c.lang, c.q, c.mark, h.Title+" | "+h.Snippet)
			}
		}
	}
}

// TestSoundsAsTheServerMakesThem: the sound table the static index hands
// kb build's server index (Analyzer.Sounds) is the one the server makes
// from the documents' text on its own, so Greeklish queries find the same
// Greek words from either.
func TestSoundsAsTheServerMakesThem(t *testing.T) {
	var given map[string][]string
	an := Analyzer{Normalize: search.Normalize, Terms: search.Terms, SoundKey: search.SoundKey("el"),
		Sounds: func(table map[string][]string) { given = table }}
	if _, err := Build("el", greekDocs, an); err != nil {
		t.Fatal(err)
	}
	var docs []search.Document
	for _, d := range greekDocs {
		docs = append(docs, search.Document{ID: d.URL, Lang: "el", URL: d.URL, Title: d.Title, SectionTitle: d.SectionTitle, Body: d.Body, Kind: "article"})
	}
	dir := filepath.Join(t.TempDir(), "index")
	if err := search.Build(context.Background(), dir, docs); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "el.bleve", "kb_sounds.json"))
	if err != nil {
		t.Fatal(err)
	}
	var made map[string][]string
	if err := json.Unmarshal(data, &made); err != nil {
		t.Fatal(err)
	}
	if len(made) == 0 || !maps.EqualFunc(given, made, slices.Equal) {
		t.Errorf("the static index gives %d keys %v,\nthe server makes %d %v", len(given), given, len(made), made)
	}
}

// TestGreeklishLoadedWhenNeeded: search.js downloads greeklish.js only for a
// word typed in Latin letters on a Greek index; a search in Greek letters,
// or in another language, never does, and still finds its pages.
func TestGreeklishLoadedWhenNeeded(t *testing.T) {
	root := t.TempDir()
	writeIndexWith(t, root, "el", greekDocs, Analyzer{Normalize: search.Normalize, Terms: search.Terms, SoundKey: search.SoundKey("el")})
	writeIndexWith(t, root, "en", smallDocs["en"], Analyzer{Normalize: search.Normalize, Terms: search.Terms})
	checks := []struct {
		lang, q string
		load    bool
	}{
		{"el", "epistrofi", true},
		{"el", "κωδικός ", false},
		{"el", "2024 ", false},
		{"en", "password ", false},
	}
	out := searchNode(t, root, len(checks), func(i int) (string, string) { return checks[i].lang, checks[i].q })
	for i, c := range checks {
		q := out.Queries[i]
		loaded := slices.ContainsFunc(q.Files, func(f [2]any) bool { return f[0] == "greeklish.js" })
		if loaded != c.load {
			t.Errorf("%s %q: greeklish.js loaded %v, want %v", c.lang, c.q, loaded, c.load)
		}
		if c.q != "2024 " && len(q.Hits) == 0 {
			t.Errorf("%s %q: nothing found", c.lang, c.q)
		}
	}
}

// TestGreeklishLoadFailing: when greeklish.js does not load (the reader
// went offline, a filter blocked it), a query in Latin letters on a Greek
// index still finds the pages that have its words as typed, instead of
// the search failing.
func TestGreeklishLoadFailing(t *testing.T) {
	root := t.TempDir()
	writeIndexWith(t, root, "el", greekDocs, Analyzer{Normalize: search.Normalize, Terms: search.Terms, SoundKey: search.SoundKey("el")})
	out := runNode(t, root, map[string]any{"queries": []map[string]any{
		{"base": "/_kb/search/el/", "q": "paypal", "limit": 10, "greeklishFails": true},
	}})
	if len(out.Queries) != 1 || len(out.Queries[0].Hits) == 0 {
		t.Fatalf("paypal on the Greek index without greeklish.js: %+v; want the pages that write PayPal", out.Queries)
	}
}
