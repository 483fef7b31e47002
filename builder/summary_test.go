package builder_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kb/builder"
	"kb/themes"
)

// builtSession builds a one-language site of the given content files in a
// session that rebuilds, as kb serve's does; it returns the site's folder
// and the output's.
func builtSession(t *testing.T, files map[string]string) (site, out string, s *builder.Session) {
	t.Helper()
	site = t.TempDir()
	write(t, filepath.Join(site, "site.toml"), "baseURL = \"https://example.org/\"\ndefaultLanguage = \"en\"\n[languages.en]\nweight = 1\n")
	for name, text := range files {
		write(t, filepath.Join(site, name), text)
	}
	out = filepath.Join(t.TempDir(), "public")
	s = builder.NewSession(builder.Options{SiteDir: site, Out: out, IndexDir: "-", Theme: themes.Default()})
	if _, err := s.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	return site, out, s
}

// Writers keep editing a GitBook space's SUMMARY.md: in kb serve, saving it
// puts the pages in its new order, as a clean build would.
func TestRebuildAfterSummaryChanged(t *testing.T) {
	site, out, s := builtSession(t, map[string]string{
		"content/SUMMARY.md":      "* [Setup](setup/README.md)\n  * [Zebra](setup/zebra.md)\n  * [Apple](setup/apple.md)\n",
		"content/setup/_index.md": "# Setup\n",
		"content/setup/zebra.md":  "# Zebra\n",
		"content/setup/apple.md":  "# Apple\n",
	})
	next := func(page string) string {
		b, err := os.ReadFile(filepath.Join(out, "en/setup", page, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		_, after, _ := strings.Cut(string(b), `<a class="next" rel="next" href="`)
		target, _, _ := strings.Cut(after, `"`)
		return target
	}
	if got := next("zebra"); got != "/en/setup/apple/" {
		t.Fatalf("before: zebra's next page is %q, want apple", got)
	}
	summary := filepath.Join(site, "content/SUMMARY.md")
	write(t, summary, "* [Setup](setup/README.md)\n  * [Apple](setup/apple.md)\n  * [Zebra](setup/zebra.md)\n")
	if _, err := s.Rebuild(context.Background(), []string{summary}); err != nil {
		t.Fatal(err)
	}
	if got := next("apple"); got != "/en/setup/zebra/" {
		t.Errorf("after the edit: apple's next page is %q, want zebra", got)
	}
	s.Wait()
}

// In kb serve, saving GitBook's reusable content renders again the pages
// that include it.
func TestRebuildAfterIncludeChanged(t *testing.T) {
	site, out, s := builtSession(t, map[string]string{
		"content/start.md":                    "# Start\n\n{% include \".gitbook/includes/notice.md\" %}\n",
		"content/.gitbook/includes/notice.md": "---\ntitle: Notice\n---\nOld notice.\n",
	})
	include := filepath.Join(site, "content/.gitbook/includes/notice.md")
	write(t, include, "---\ntitle: Notice\n---\nNew notice.\n")
	if _, err := s.Rebuild(context.Background(), []string{include}); err != nil {
		t.Fatal(err)
	}
	s.Wait()
	if b, _ := os.ReadFile(filepath.Join(out, "en/start/index.html")); !strings.Contains(string(b), "New notice.") {
		t.Errorf("the page still shows the old include:\n%s", b)
	}
}
