package builder_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"kb/builder"
	"kb/search/analytics"
	"kb/themes"
)

// TestPopularArticles: featured articles head the home page's and their
// section's popular list, in weight order; the articles readers opened most
// from search (in <site>/.kb/data, or --data) fill the remaining places, per
// language.
func TestPopularArticles(t *testing.T) {
	site := t.TempDir()
	write := writeIn(t, site)
	write("site.toml", "baseURL = \"https://example.org/\"\n[languages.en]\n[languages.el]\n")
	article := func(rel, title, extra string) {
		write("content/"+rel, "+++\ntitle = \""+title+"\"\n"+extra+"+++\nText.\n")
	}
	article("en/returns/start.md", "Start a return", "featured = true\nweight = 2\n")
	article("en/returns/label.md", "Lost label", "")
	article("en/orders/track.md", "Track an order", "featured = true\nweight = 1\n")
	article("en/orders/cancel.md", "Cancel an order", "")
	article("en/orders/change.md", "Change an order", "")
	article("el/orders/cancel.md", "Ακύρωση παραγγελίας", "")
	article("el/orders/change.md", "Αλλαγή παραγγελίας", "")

	build := func(data string) string {
		t.Helper()
		out := filepath.Join(t.TempDir(), "public")
		if _, err := builder.Build(context.Background(), builder.Options{SiteDir: site, Out: out, IndexDir: "-", Theme: themes.Default(), DataDir: data}); err != nil {
			t.Fatal(err)
		}
		return out
	}
	links := regexp.MustCompile(`<li><a href="([^"]+)">`)
	popular := func(out, rel string) string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(out, rel))
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		start := strings.Index(s, `<section class="popular"`)
		if start < 0 {
			return ""
		}
		s = s[start:]
		s = s[:strings.Index(s, "</section>")]
		var urls []string
		for _, m := range links.FindAllStringSubmatch(s, -1) {
			urls = append(urls, m[1])
		}
		return strings.Join(urls, " ")
	}

	out := build("")
	if got, want := popular(out, "en/index.html"), "/en/orders/track/ /en/returns/start/"; got != want {
		t.Errorf("home, featured only: %q, want %q", got, want)
	}
	if got := popular(out, "el/index.html"); got != "/el/orders/track/ /el/returns/start/" {
		t.Errorf("Greek home shows the featured pages as Greek shows them: %q", got)
	}

	os.MkdirAll(filepath.Join(site, ".kb", "data"), 0o755)
	store, err := analytics.OpenFile(filepath.Join(site, ".kb", "data", "analytics.db"), analytics.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		store.RecordClick("en", "cancel", "/en/orders/cancel/#refund")
	}
	store.RecordClick("en", "label", "/en/returns/label/")
	store.RecordClick("en", "track", "/en/orders/track/")
	store.RecordClick("el", "αλλαγη", "/el/orders/change/")
	if err := store.Close(); err != nil {
		t.Fatal(err)
	}
	out = build("")
	for rel, want := range map[string]string{
		"en/index.html":        "/en/orders/track/ /en/returns/start/ /en/orders/cancel/ /en/returns/label/",
		"en/orders/index.html": "/en/orders/track/ /en/orders/cancel/",
		"el/index.html":        "/el/orders/track/ /el/returns/start/ /el/orders/change/",
	} {
		if got := popular(out, rel); got != want {
			t.Errorf("%s: popular %q, want %q", rel, got, want)
		}
	}
	if got := popular(build(t.TempDir()), "en/index.html"); got != "/en/orders/track/ /en/returns/start/" {
		t.Errorf("--data pointing at an empty folder still shows clicks: %q", got)
	}
}
