package search_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"kb/search"
)

// fuzzDocs is a small help center in three languages whose bodies carry
// markup that snippets must escape.
var fuzzDocs = []search.Document{
	{ID: "/en/policies/returns/", Lang: "en", URL: "/en/policies/returns/", Title: "Returns and refunds", Kind: "policy",
		Headings: []string{"Return window"}, Tags: []string{"refund", "<b>tag</b>"},
		Body: "You can send back most items within 30 days. Refunds reach the original payment method in 5 days."},
	{ID: "/en/faq/general/#how-do-i-pay", Lang: "en", URL: "/en/faq/general/#how-do-i-pay", Title: "How do I pay?",
		Page: "General questions", Section: "faq", SectionTitle: "FAQ", Kind: "question",
		Body: `We accept cards & PayPal. <script>alert("x")</script> <img src=x onerror=alert(1)> <mark>not ours</mark> 3 < 4 > 2`},
	{ID: "/en/account/password/", Lang: "en", URL: "/en/account/password/", Title: "Reset your password", Section: "account",
		Kind: "article", Body: "Open Sign in, choose Forgot password, and follow the link we e-mail you. <iframe src=javascript:x>"},
	{ID: "/ar/policies/returns/", Lang: "ar", URL: "/ar/policies/returns/", Title: "سياسة الإرجاع", Kind: "policy",
		Body: "يمكنك إرجاع المنتجات خلال ٣٠ يوماً من الاستلام <script>alert(2)</script> ويتم ردّ المبلغ."},
	{ID: "/ar/shipping/", Lang: "ar", URL: "/ar/shipping/", Title: "الشَّحْن والتوصيل", Section: "shipping", Kind: "article",
		Body: "نشحن إلى جميع المدن. مدة التوصيل من يومين إلى خمسة أيام."},
	{ID: "/el/policies/returns/", Lang: "el", URL: "/el/policies/returns/", Title: "Επιστροφές προϊόντων", Kind: "policy",
		Body: "Μπορείτε να επιστρέψετε τα προϊόντα εντός 30 ημερών. <b onmouseover=x>Η επιστροφή</b> χρημάτων."},
	{ID: "/el/shipping/", Lang: "el", URL: "/el/shipping/", Title: "Αποστολή παραγγελιών", Section: "shipping", Kind: "article",
		Body: "Αποστέλλουμε σε όλη την Ελλάδα μέσα σε δύο εργάσιμες ημέρες.", Fallback: true},
}

// FuzzSearchQuery runs any query text, language, section and limit through
// Index.Search on a small real index: it never panics, fails only with
// ErrUnknownLanguage (for a language the index lacks) or a context error,
// keeps to the result limit, and its snippets hold no markup but <mark>.
func FuzzSearchQuery(f *testing.F) {
	dir := filepath.Join(f.TempDir(), "index")
	if err := search.Build(context.Background(), dir, fuzzDocs); err != nil {
		f.Fatal(err)
	}
	ix, err := search.Open(dir)
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { ix.Close() })
	known := map[string]bool{}
	for _, l := range ix.Languages() {
		known[strings.ToLower(l)] = true
	}

	for _, s := range []struct {
		text, lang, section string
		limit               int
		cancel              bool
	}{
		{"refund", "en", "", 0, false},
		{"retu", "en", "", 3, false},
		{"paymnet", "EN", "faq", 1, false},
		{"<script>", "en", "", 50, false},
		{"mark", "en", "faq", 10, false},
		{"ارجاع", "ar", "", 0, false},
		{"الشحن", "ar", "shipping", 0, false},
		{"επιστροφη", "el", "", 0, false},
		{"ΕΠΙΣΤΡΟΦΈΣ", "el", "shipping", -1, false},
		{"refund", "xx", "", 0, false},
		{"refund", "", "", 0, false},
		{"refund", "en", "", 0, true},
		{"\xff\xfe", "en", "\xff", 1 << 30, false},
		{strings.Repeat("ab ", 200), "en", "", 0, false},
		{"a* b? c~ \"d\" +e -f (g) field:h", "en", "", 0, false},
		{"ـــ ْ", "ar", "", 0, false},
	} {
		f.Add(s.text, s.lang, s.section, s.limit, s.cancel)
	}
	f.Fuzz(func(t *testing.T, text, lang, section string, limit int, cancel bool) {
		ctx, stop := context.WithCancel(context.Background())
		defer stop()
		if cancel {
			stop()
		}
		res, err := ix.Search(ctx, search.Query{Text: text, Lang: lang, Section: section, Limit: limit})
		switch {
		case err == nil:
		case errors.Is(err, search.ErrUnknownLanguage):
			if known[strings.ToLower(lang)] {
				t.Fatalf("%q: ErrUnknownLanguage for a language of the index: %v", lang, err)
			}
			return
		case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
			if !cancel {
				t.Fatalf("context error without a canceled context: %v", err)
			}
			return
		default:
			t.Fatalf("Search(%q, %q, %q, %d): %v", text, lang, section, limit, err)
		}
		if !known[strings.ToLower(lang)] {
			t.Fatalf("%q: no error for a language the index lacks", lang)
		}
		if res.Hits == nil {
			t.Fatalf("Hits is nil")
		}
		if max := 50; len(res.Hits) > max || (limit > 0 && len(res.Hits) > limit) || (limit <= 0 && len(res.Hits) > 10) {
			t.Fatalf("limit %d: %d hits", limit, len(res.Hits))
		}
		for _, h := range res.Hits {
			rest := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(h.Snippet)
			if strings.ContainsAny(rest, "<>") {
				t.Fatalf("%s %q: unescaped markup in snippet %q", lang, text, h.Snippet)
			}
			if strings.Count(h.Snippet, "<mark>") != strings.Count(h.Snippet, "</mark>") {
				t.Fatalf("%s %q: unbalanced <mark> in snippet %q", lang, text, h.Snippet)
			}
			if section != "" && h.Section != section {
				t.Fatalf("section %q: hit in %q", section, h.Section)
			}
		}
	})
}
