package builder_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kb/builder"
	"kb/builder/diag"
	"kb/themes"
)

// staticSite is sampleSite with the files a Hugo site keeps in static/ and
// kb also writes, an alias, and a dotfile.
func staticSite(t *testing.T) string {
	t.Helper()
	site := sampleSite(t)
	write(t, filepath.Join(site, "content/en/faq/returns.md"), "+++\ntitle = \"Returns\"\naliases = [\"/old-returns/\"]\n+++\nYes.\n")
	write(t, filepath.Join(site, "static/robots.txt"), "User-agent: *\nDisallow: /private/\n")
	write(t, filepath.Join(site, "static/_redirects"), "/old /en/faq/returns/ 301")
	write(t, filepath.Join(site, "static/.env"), "SECRET=1\n")
	return site
}

// The site's _redirects rules come before kb's: Netlify and Cloudflare
// Pages follow the first rule that matches, so the owner's win.
func TestStaticRedirectsComeFirst(t *testing.T) {
	site := staticSite(t)
	out := filepath.Join(t.TempDir(), "public")
	mustBuild(t, site, out)
	got, _ := os.ReadFile(filepath.Join(out, "_redirects"))
	if want := "/old /en/faq/returns/ 301\n/old-returns/ /en/faq/returns/ 301\n"; string(got) != want {
		t.Errorf("_redirects:\n%s\nwant:\n%s", got, want)
	}
}

// kb serve's rebuild after a content edit writes kb's generated files
// again: the site's static files still win, and dotfiles stay out.
func TestRebuildKeepsStaticFilesThatReplaceKbs(t *testing.T) {
	site := staticSite(t)
	out := filepath.Join(t.TempDir(), "public")
	s := builder.NewSession(builder.Options{SiteDir: site, Out: out, IndexDir: "-", Theme: themes.Default()})
	defer s.Close()
	if _, err := s.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, edit := range []string{
		"+++\ntitle = \"Returns\"\naliases = [\"/old-returns/\"]\n+++\nYes, in 30 days.\n", // the text only
		"+++\ntitle = \"Returns policy\"\naliases = [\"/old-returns/\"]\n+++\nYes.\n",      // the title: the model again
	} {
		page := filepath.Join(site, "content/en/faq/returns.md")
		write(t, page, edit)
		res, err := s.Rebuild(context.Background(), []string{page})
		if err != nil {
			t.Fatal(err)
		}
		if robots, _ := os.ReadFile(filepath.Join(out, "robots.txt")); !strings.Contains(string(robots), "Disallow: /private/") {
			t.Errorf("robots.txt after a rebuild:\n%s", robots)
		}
		if redirects, _ := os.ReadFile(filepath.Join(out, "_redirects")); !strings.HasPrefix(string(redirects), "/old /en/faq/returns/ 301\n/old-returns/") {
			t.Errorf("_redirects after a rebuild:\n%s", redirects)
		}
		if _, err := os.Stat(filepath.Join(out, ".env")); err == nil {
			t.Error(".env is published")
		}
		if !hasDiag(res.Diagnostics, diag.Warning, "static/robots.txt", 0, "replaces the robots.txt kb writes") {
			t.Errorf("a rebuild lost the warning: %v", res.Diagnostics)
		}
	}
}
