package search_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"kb/builder"
	"kb/search"
	"kb/themes"
)

// rankingSite is a small help center whose pages compete for the same words: an FAQ question against an article
// that mentions its words, a policy against an article about the same thing, a translated page against an
// untranslated one shown in its place, and a site thesaurus that extends the default one.
var rankingSite = map[string]string{
	"site.toml": `title = "Help"
baseURL = "https://help.example/"
defaultLanguage = "en"
[languages.en]
name = "English"
weight = 1
[languages.fr]
name = "Français"
weight = 2
`,
	"content/en/faq/_index.md": "+++\ntitle = \"Questions\"\ntype = \"faq\"\n+++\n",
	"content/en/faq/orders.md": `+++
title = "Order questions"
+++

## Can I change my delivery address?

Yes, until the order leaves the warehouse: write to us with the order number.

## Do you deliver on Sundays?

No, couriers do not deliver on Sundays.
`,
	"content/en/orders/_index.md": "+++\ntitle = \"Orders\"\n+++\n",
	"content/en/orders/delivery-address.md": `+++
title = "Delivery address"
+++

To change a delivery address, open the order. You can change it until the order ships; a change after that goes
through the courier. Changes to your saved address change future orders only.
`,
	"content/en/policies/_index.md": "+++\ntitle = \"Policies\"\ntype = \"policy\"\n+++\n",
	"content/en/policies/returns.md": `+++
title = "Returns and refunds policy"
effective = 2025-01-01
+++

Items can be sent back within 30 days of delivery, unused and in their packaging. Refunds go to the original payment
method within 14 days. This policy covers every order placed on the website.
`,
	"content/en/returns/_index.md": "+++\ntitle = \"Returns\"\n+++\n",
	"content/en/returns/returns.md": `+++
title = "Returns"
+++

Returns are easy: print the label and drop the parcel at any post office. The policy gives you 30 days; see the
policy for the details, and our returns team for help with returns.
`,
	"content/en/payments/_index.md": "+++\ntitle = \"Payments\"\n+++\n",
	"content/en/payments/klarna.md": `+++
title = "Klarna"
+++

Pay with Klarna in three parts.
`,
	"content/en/payments/lumen-points.md": `+++
title = "Lumen points"
+++

Every order earns points you can spend on the next one.
`,
	"content/fr/payments/_index.md": "+++\ntitle = \"Paiements\"\n+++\n",
	"content/fr/payments/paypal.md": `+++
title = "Klarna"
+++

Payez avec Klarna en trois fois.
`,
	// The site's thesaurus: "stars" is what this shop's customers call its points.
	"i18n/synonyms/en.toml": `groups = [["lumen points", "stars"]]
`,
}

// writeSite writes files under a new temporary folder and returns it.
func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// buildSite builds the site in dir with kb's builder and opens its server index, closed when t ends; out is the
// built site, for the static client.
func buildSite(t *testing.T, dir string) (out string, ix *search.Index) {
	t.Helper()
	out = filepath.Join(t.TempDir(), "public")
	idx := filepath.Join(t.TempDir(), "index")
	if _, err := builder.Build(t.Context(), builder.Options{SiteDir: dir, Out: out, IndexDir: idx, Theme: themes.Default()}); err != nil {
		t.Fatal(err)
	}
	ix, err := search.Open(idx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return out, ix
}

// TestRanking checks, on the server index and in the static client, the orderings a customer notices: the FAQ
// question that is the query above an article that mentions its words; a policy above an article for a policy
// query; a page in the reader's language above an untranslated page shown in its place; question words that need
// not match; and the site's own synonyms.
func TestRanking(t *testing.T) {
	site := writeSite(t, rankingSite)
	out, ix := buildSite(t, site)

	checks := []struct {
		lang, q string
		first   string
	}{
		{"en", "can I change my delivery address?", "/en/faq/orders/#can-i-change-my-delivery-address"},
		{"en", "change delivery address", "/en/faq/orders/#can-i-change-my-delivery-address"},
		{"en", "change my delivery address", "/en/faq/orders/#can-i-change-my-delivery-address"},
		{"en", "returns policy", "/en/policies/returns/"},
		{"fr", "klarna", "/fr/payments/paypal/"},
		// "where", "can", "I" and "my" need not match: the question still finds the page with its words.
		{"en", "where can I spend my points", "/en/payments/lumen-points/"},
		// The site thesaurus: "stars" finds the points page, in both indexes.
		{"en", "stars", "/en/payments/lumen-points/"},
	}
	var qs []judgedQuery
	for _, c := range checks {
		qs = append(qs, judgedQuery{Lang: c.lang, Q: c.q})
	}
	staticAnswers := runStaticClient(t, out, qs)
	for _, c := range checks {
		res, err := ix.Search(t.Context(), search.Query{Text: c.q, Lang: c.lang})
		if err != nil {
			t.Fatal(err)
		}
		var server []string
		for _, h := range res.Hits {
			server = append(server, h.URL)
		}
		for name, urls := range map[string][]string{"server": server, "static": staticAnswers[c.lang+"\x00"+c.q]} {
			if len(urls) == 0 || canonicalURL(urls[0]) != c.first {
				t.Errorf("%s %s %q: first hit of %v, want %s", name, c.lang, c.q, urls, c.first)
			}
		}
	}
	// The fallback copy is still found, after the French page.
	if urls := staticAnswers["fr\x00klarna"]; !slices.ContainsFunc(urls, func(u string) bool { return strings.HasSuffix(u, "/fr/payments/klarna/") }) {
		t.Errorf("static fr klarna: %v: want the English page shown in French too", urls)
	}
}
