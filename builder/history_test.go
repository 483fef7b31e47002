package builder_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"kb/builder"
	"kb/themes"
)

// TestDatesFromHistory: in a git checkout an article's "last updated" and
// its sitemap lastmod are the date of the last commit touching its file;
// front matter `updated` wins; outside a repository there are no dates and
// the build says why.
func TestDatesFromHistory(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	site := t.TempDir()
	write := writeIn(t, site)
	write("site.toml", "baseURL = \"https://example.org/\"\n[languages.en]\n[languages.el]\n")
	write("content/en/returns/start.md", "+++\ntitle = \"Start a return\"\n+++\nPrint the label.\n")
	write("content/el/returns/start.md", "+++\ntitle = \"Έναρξη επιστροφής\"\n+++\nΕκτυπώστε.\n")
	write("content/en/returns/fixed.md", "+++\ntitle = \"Fixed date\"\nupdated = 2024-05-06\n+++\nText.\n")

	build := func() (string, string) {
		t.Helper()
		var progress bytes.Buffer
		out := filepath.Join(t.TempDir(), "public")
		if _, err := builder.Build(context.Background(), builder.Options{SiteDir: site, Out: out, IndexDir: "-", Theme: themes.Default(), Progress: &progress}); err != nil {
			t.Fatal(err)
		}
		return out, progress.String()
	}
	read := func(out, rel string) string {
		b, err := os.ReadFile(filepath.Join(out, rel))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}

	out, progress := build()
	if !strings.Contains(progress, "not a git repository") {
		t.Errorf("outside a repository the build does not say why there are no dates:\n%s", progress)
	}
	if strings.Contains(read(out, "en/returns/start/index.html"), "<time") {
		t.Errorf("outside a repository an article without `updated` shows a date")
	}

	git := func(date string, args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", site, "-c", "user.name=Writer", "-c", "user.email=w@example.org"}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("", "init", "-q")
	git("2025-03-01T10:00:00Z", "add", ".")
	git("2025-03-01T10:00:00Z", "commit", "-qm", "first")
	write("content/el/returns/start.md", "+++\ntitle = \"Έναρξη επιστροφής\"\n+++\nΕκτυπώστε την ετικέτα.\n")
	git("2025-04-15T23:30:00Z", "commit", "-qam", "Greek edit")

	out, _ = build()
	for rel, want := range map[string]string{
		"en/returns/start/index.html": `<time datetime="2025-03-01">`,
		"el/returns/start/index.html": `<time datetime="2025-04-15">`,
		"en/returns/fixed/index.html": `<time datetime="2024-05-06">`,
	} {
		if got := read(out, rel); !strings.Contains(got, want) {
			t.Errorf("%s lacks %s", rel, want)
		}
	}
	sitemap := read(out, "sitemap.xml")
	for _, want := range []string{
		"/en/returns/start/</loc><lastmod>2025-03-01</lastmod>",
		"/el/returns/start/</loc><lastmod>2025-04-15</lastmod>",
		"/en/returns/fixed/</loc><lastmod>2024-05-06</lastmod>",
	} {
		if !strings.Contains(sitemap, want) {
			t.Errorf("sitemap.xml lacks %s:\n%s", want, sitemap)
		}
	}
	again, _ := build()
	if read(out, "sitemap.xml") != read(again, "sitemap.xml") || read(out, "el/returns/start/index.html") != read(again, "el/returns/start/index.html") {
		t.Errorf("two builds of the same commit differ")
	}
}

// TestDatesFollowBranchSwitch: git checkout of another branch under kb
// serve shows each article's date from the branch now checked out, and
// back again, as a build of that commit does.
func TestDatesFollowBranchSwitch(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	site := t.TempDir()
	write := writeIn(t, site)
	git := func(date string, args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", site, "-c", "user.name=Writer", "-c", "user.email=w@example.org"}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	write(".gitignore", "/public/\n/.kb/\n")
	write("site.toml", "baseURL = \"https://example.org/\"\n[languages.en]\n")
	write("content/en/returns/start.md", "+++\ntitle = \"Start a return\"\n+++\nPrint the label.\n")
	write("content/en/returns/exchanges.md", "+++\ntitle = \"Exchanges\"\n+++\nSwap a size.\n")
	git("", "init", "-q", "-b", "main")
	git("2025-03-01T10:00:00Z", "add", ".")
	git("2025-03-01T10:00:00Z", "commit", "-qm", "first")
	git("", "checkout", "-q", "-b", "rewrite")
	write("content/en/returns/start.md", "+++\ntitle = \"Start a return\"\n+++\nPrint the label and book a pickup.\n")
	git("2025-06-20T10:00:00Z", "commit", "-qam", "rewrite")
	git("", "checkout", "-q", "main")

	out := filepath.Join(site, "public")
	s := builder.NewSession(builder.Options{SiteDir: site, Out: out, IndexDir: "-", Theme: themes.Default()})
	t.Cleanup(s.Close)
	if _, err := s.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(site, "content/en/returns/start.md")
	for _, step := range []struct{ branch, date string }{
		{"rewrite", "2025-06-20"},
		{"main", "2025-03-01"},
	} {
		git("", "checkout", "-q", step.branch)
		if _, err := s.Rebuild(context.Background(), []string{page}); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(out, "en/returns/start/index.html"))
		if err != nil {
			t.Fatal(err)
		}
		if want := `<time datetime="` + step.date + `">`; !strings.Contains(string(b), want) {
			t.Errorf("on branch %s the page lacks %s", step.branch, want)
		}
	}
}
