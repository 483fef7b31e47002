package search

import "testing"

// TestPickOther: where a search that found nothing on the sample site's
// languages looks next, by the letters the query is written in.
func TestPickOther(t *testing.T) {
	site := []SiteLanguage{{"en", "ltr"}, {"ar", "rtl"}, {"el", "ltr"}, {"fr", "ltr"}, {"ja", "ltr"}, {"zh", "ltr"}}
	tests := []struct{ lang, q, want string }{
		{"ar", "refund", "en"},         // the default, for a word in its letters
		{"el", "refund", "en"},         // the same on the Greek site
		{"fr", "refund", "en"},         // French writes Latin too, but the default comes first
		{"ar", "404", "en"},            // no letters: the default
		{"ar", "возврат", "en"},        // no site language writes Cyrillic: the default
		{"ar", "επιστροφή", "el"},      // Greek letters: the default has no Greek pages
		{"en", "επιστροφή", "el"},      // on the default's site, by script
		{"en", "استرداد", "ar"},        // Arabic letters
		{"en", "PayPal استرداد", "ar"}, // most letters are Arabic
		{"en", "remboursement", "fr"},  // Latin on the English site: the next Latin language
		{"en", "返品", "ja"},             // Han: the first of the languages that write it
		{"en", "へんぴん", "ja"},           // kana
		{"en", "404", ""},              // the default's own site, no letters: nowhere
		{"fr", "", "en"},               // nothing typed: the default, but the caller searches nothing
	}
	for _, tt := range tests {
		o, ok := PickOther(tt.q, OtherLanguages(tt.lang, "en", site))
		if o.Lang != tt.want || ok != (tt.want != "") {
			t.Errorf("%s %q: picked %q (%v), want %q", tt.lang, tt.q, o.Lang, ok, tt.want)
		}
		if ok && o.Lang == "ar" && o.Dir != "rtl" {
			t.Errorf("%s %q: ar's direction %q", tt.lang, tt.q, o.Dir)
		}
	}
}
