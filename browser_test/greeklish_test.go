package browsertest

import "testing"

// TestSearchGreeklish types a Greek word in Latin letters, as Greeks type on
// their phones, into the Greek site's search box: the Greek page comes up,
// its Greek word marked, from the static index and from the search server.
func TestSearchGreeklish(t *testing.T) {
	q := query{"el", "epistrofi", "Ξεκινήστε μια επιστροφή", []string{"επιστροφή"}, "Επιστροφές και αλλαγές", "Greek typed in Latin letters", ""}
	for _, mode := range []struct {
		name string
		site func(*testing.T) *site
	}{{"static", staticSite}, {"server", apiSite}} {
		t.Run(mode.name, func(t *testing.T) {
			b := newTab(t, mode.site(t).url, phone)
			suggest(b, mode.name, q)
			resultsPage(b, mode.name, q)
		})
	}
}
