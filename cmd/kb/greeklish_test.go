package main

import (
	"encoding/json"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
)

// TestSearchGreeklish: on the sample site built with kb build, kb search
// finds the Greek pages a customer in Athens looks for typing Greek in Latin
// letters, the Greek word marked in the snippet; a Latin word of the Greek
// pages still finds them, and English is left as it was.
func TestSearchGreeklish(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the sample site and starts a server")
	}
	site := builtSampleSite(t)
	base := startSearchInProcess(t, "--index", filepath.Join(site, ".kb", "search"))

	type hit struct{ URL, Title, Snippet string }
	search := func(lang, q string) []hit {
		t.Helper()
		var res struct{ Hits []hit }
		body := get(t, base+"/api/search?"+url.Values{"q": {q}, "lang": {lang}, "limit": {"5"}}.Encode())
		if err := json.Unmarshal([]byte(body), &res); err != nil {
			t.Fatalf("%s %q: %v\n%s", lang, q, err, body)
		}
		return res.Hits
	}
	checks := []struct {
		q, page, mark string // a page among the first three hits, and a word marked in one of them
	}{
		{"epistrofi", "/el/returns/start-a-return/", "<mark>επιστροφή</mark>"},
		{"epistrofi xrimaton", "/el/policies/returns-and-refunds/", "<mark>χρημάτων</mark>"},
		{"kodikos", "/el/account/reset-password/", "<mark>κωδικό</mark>"},
		{"antikatavoli", "/el/payments/payment-methods/", "<mark>Αντικαταβολή</mark>"},
		{"paraggelia", "/el/orders/track-your-order/", "<mark>παραγγελία</mark>"},
		{"paragelia", "/el/orders/track-your-order/", "<mark>παραγγελία</mark>"},
		{"tilonio", "/el/shipping/international-shipping-and-customs/", "<mark>τελωνείο</mark>"},
		{"dwrokarta", "/el/payments/payment-methods/", "<mark>Δωροκάρτες</mark>"},
		{"paypal", "/el/payments/payment-methods/", "<mark>PayPal</mark>"},
	}
	for _, c := range checks {
		hits := search("el", c.q)
		found, marked := false, false
		for i, h := range hits {
			found = found || i < 3 && h.URL == c.page
			marked = marked || strings.Contains(h.Title+h.Snippet, c.mark)
		}
		if !found || !marked {
			t.Errorf("el %q: want %s among the first three hits and %s marked, got %+v", c.q, c.page, c.mark, hits)
		}
	}
	if hits := search("en", "epistrofi"); len(hits) != 0 {
		t.Errorf("en \"epistrofi\" finds %+v, want nothing", hits)
	}
}
