package zendesk

import (
	"maps"
	"testing"
)

func TestLanguageFolders(t *testing.T) {
	got := languageFolders([]string{"en-us", "ar", "pt", "pt-br", "zh-tw", "el"})
	want := map[string]string{"en-us": "en", "ar": "ar", "pt": "pt", "pt-br": "pt-br", "zh-tw": "zh-tw", "el": "el"}
	if !maps.Equal(got, want) {
		t.Errorf("languageFolders = %v, want %v", got, want)
	}
}

func TestRelativePath(t *testing.T) {
	for _, tc := range []struct{ dir, target, want string }{
		{"orders/returns", "orders/returns/refunds/x.md", "refunds/x.md"},
		{"orders/returns", "orders/payments/_index.md", "../payments/_index.md"},
		{"orders", "account/y.md", "../account/y.md"},
		{".", "account/y.md", "account/y.md"},
		{"a/b", "a/b/c.png", "c.png"},
	} {
		if got := relativePath(tc.dir, tc.target); got != tc.want {
			t.Errorf("relativePath(%q, %q) = %q, want %q", tc.dir, tc.target, got, tc.want)
		}
	}
}

func TestFileName(t *testing.T) {
	for title, want := range map[string]string{
		"How do I return an item?": "how-do-i-return-an-item",
		"كيف أرجع منتجًا؟":         "كيف-أرجع-منتجًا",
		"Πώς επιστρέφω;":           "πώς-επιστρέφω",
		"???":                      "",
		"A very long title that goes on and on about shipping costs to every country": "a-very-long-title-that-goes-on-and-on-about-shipping-costs",
	} {
		if got := fileName(title); got != want {
			t.Errorf("fileName(%q) = %q, want %q", title, got, want)
		}
	}
}
