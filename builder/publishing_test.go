package builder_test

import (
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"kb/builder"
	"kb/themes"
)

// TestLeftOutOfSearch: a page with Zola's in_search_index = false or
// Hugo's build list = never is published, but neither search index has
// it; nor does either have an expired page.
func TestLeftOutOfSearch(t *testing.T) {
	site, out := t.TempDir(), filepath.Join(t.TempDir(), "public")
	write(t, filepath.Join(site, "site.toml"), "[languages.en]\n")
	write(t, filepath.Join(site, "content/en/docs/found.md"), "+++\ntitle = \"Found zebra\"\n+++\nText.\n")
	write(t, filepath.Join(site, "content/en/docs/hidden.md"), "+++\ntitle = \"Hidden walrus\"\nin_search_index = false\n+++\nText.\n")
	write(t, filepath.Join(site, "content/en/docs/unlisted.md"), "---\ntitle: Unlisted narwhal\nbuild:\n  list: never\n---\nText.\n")
	write(t, filepath.Join(site, "content/en/docs/gone.md"), "---\ntitle: Gone okapi\nexpiryDate: 2001-01-01\n---\nText.\n")
	res := mustBuild(t, site, out)
	if res.SearchDocs != 1 {
		t.Errorf("%d search documents, want 1 (the page in search)", res.SearchDocs)
	}
	static := staticIndexText(t, out)
	if !strings.Contains(static, "zebra") {
		t.Fatal("the static index lacks the page in search: the test reads the wrong files")
	}
	for _, word := range []string{"walrus", "narwhal", "okapi"} {
		if strings.Contains(static, word) {
			t.Errorf("the static index has %q", word)
		}
	}
	for _, page := range []string{"en/docs/hidden/index.html", "en/docs/unlisted/index.html"} {
		if _, err := os.Stat(filepath.Join(out, page)); err != nil {
			t.Errorf("%s is not published: %v", page, err)
		}
	}
}

// staticIndexText is every file of the static search index, decompressed.
func staticIndexText(t *testing.T, out string) string {
	t.Helper()
	var b strings.Builder
	filepath.WalkDir(filepath.Join(out, "_kb", "search"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".gz") {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		zr, err := gzip.NewReader(f)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(zr)
		b.Write(data)
		return nil
	})
	return b.String()
}

// TestPublishDateEndsUpToDate: a build that would otherwise be up to date
// builds again once a page's publishDate has come, and publishes it, and
// again once its expiryDate has passed.
func TestPublishDateEndsUpToDate(t *testing.T) {
	site, out := t.TempDir(), filepath.Join(t.TempDir(), "public")
	write(t, filepath.Join(site, "site.toml"), "[languages.en]\n")
	write(t, filepath.Join(site, "content/en/docs/a.md"), "+++\ntitle = \"A\"\n+++\nText.\n")
	write(t, filepath.Join(site, "content/en/docs/launch.md"), "---\ntitle: Launch\npublishDate: 2030-05-01T09:00:00Z\nexpiryDate: 2030-06-01\n---\nText.\n")
	at := func(now string) builder.Result {
		t.Helper()
		clock, err := time.Parse(time.RFC3339, now)
		if err != nil {
			t.Fatal(err)
		}
		res, err := builder.Build(t.Context(), builder.Options{SiteDir: site, Out: out, IndexDir: filepath.Join(site, ".kb", "search"), Theme: themes.Default(),
			Now: func() time.Time { return clock }})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	launch := filepath.Join(out, "en/docs/launch/index.html")
	published := func() bool { _, err := os.Stat(launch); return err == nil }

	at("2030-05-01T08:00:00Z")
	if published() {
		t.Fatal("published before its publishDate")
	}
	if res := at("2030-05-01T08:59:59Z"); !res.UpToDate {
		t.Error("a build with nothing changed and no date passed was not up to date")
	}
	if res := at("2030-05-01T09:00:00Z"); res.UpToDate || !published() {
		t.Errorf("once the publishDate came: up to date %v, published %v; want a build that publishes it", res.UpToDate, published())
	}
	if res := at("2030-05-20T00:00:00Z"); !res.UpToDate {
		t.Error("a build between the two dates was not up to date")
	}
	if res := at("2030-06-01T00:00:00Z"); res.UpToDate || published() {
		t.Errorf("once the expiryDate passed: up to date %v, published %v; want a build that takes it down", res.UpToDate, published())
	}
}

// TestDraftSectionRebuild: in kb serve, making a section page a draft
// takes the section's pages down with it, and making it a page again
// brings them back, as a clean build would.
func TestDraftSectionRebuild(t *testing.T) {
	site, out := t.TempDir(), filepath.Join(t.TempDir(), "public")
	write(t, filepath.Join(site, "site.toml"), "[languages.en]\n")
	write(t, filepath.Join(site, "content/en/faq/a.md"), "+++\ntitle = \"A\"\n+++\nText.\n")
	index := filepath.Join(site, "content/en/secret/_index.md")
	write(t, index, "+++\ntitle = \"Secret\"\n+++\n")
	write(t, filepath.Join(site, "content/en/secret/child.md"), "+++\ntitle = \"Child\"\n+++\nText.\n")
	s := builder.NewSession(builder.Options{SiteDir: site, Out: out, IndexDir: "-", Theme: themes.Default()})
	t.Cleanup(s.Close)
	if _, err := s.Build(t.Context()); err != nil {
		t.Fatal(err)
	}
	child := filepath.Join(out, "en/secret/child/index.html")
	for _, draft := range []bool{true, false, true} {
		write(t, index, fmt.Sprintf("+++\ntitle = \"Secret\"\ndraft = %t\n+++\n", draft))
		if _, err := s.Rebuild(t.Context(), []string{index}); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(child); (err == nil) == draft {
			t.Errorf("section draft = %t: the child page published: %v", draft, err == nil)
		}
	}
}

// TestScheduledRebuildEqualsCleanBuild: in kb serve, when a date passes,
// the rebuild given the files of the pages whose dates passed (as kb
// serve's schedule does) publishes or takes down those pages, a section
// with its pages included, and renders fewer pages than the site has,
// leaving what a clean build at that moment writes. A save of another
// page after a date passed does the same.
func TestScheduledRebuildEqualsCleanBuild(t *testing.T) {
	site, out := t.TempDir(), filepath.Join(t.TempDir(), "public")
	files := writeIn(t, site)
	files("site.toml", "defaultLanguage = \"en\"\n[languages.en]\n[languages.el]\n")
	for _, slug := range []string{"a", "b", "c", "d"} {
		files("content/en/docs/"+slug+".md", "+++\ntitle = \""+slug+"\"\n+++\nText.\n")
		files("content/en/orders/"+slug+".md", "+++\ntitle = \"Order "+slug+"\"\n+++\nText.\n")
	}
	files("content/en/docs/launch.md", "---\ntitle: Launch\npublishDate: 2030-05-01T09:00:00Z\nexpiryDate: 2030-06-01\n---\nText.\n")
	files("content/el/docs/launch.md", "---\ntitle: Εκκίνηση\npublishDate: 2030-05-01T09:00:00Z\n---\nΚείμενο.\n")
	files("content/en/news/_index.md", "---\ntitle: News\npublishDate: 2030-05-02\n---\n")
	files("content/en/news/first.md", "+++\ntitle = \"First\"\n+++\nText.\n")
	at, clock := testClock(t)
	opts := builder.Options{SiteDir: site, Out: out, IndexDir: "-", Theme: themes.Default(), Now: clock}
	s := builder.NewSession(opts)
	t.Cleanup(s.Close)
	at("2030-05-01T08:00:00Z")
	if _, err := s.Build(t.Context()); err != nil {
		t.Fatal(err)
	}
	if passed := s.DatesPassed(); passed != nil {
		t.Errorf("before any date: %v passed", passed)
	}
	for _, step := range []struct {
		now, save string
		passed    []string
	}{
		{now: "2030-05-01T09:00:00Z", passed: []string{"content/el/docs/launch.md", "content/en/docs/launch.md"}},
		{now: "2030-05-02T00:00:00Z", passed: []string{"content/en/news/_index.md"}},
		{now: "2030-06-01T00:00:00Z", save: "content/en/docs/a.md"},
	} {
		at(step.now)
		changed := s.DatesPassed()
		if step.save != "" {
			files(step.save, "+++\ntitle = \"a\"\n+++\nSaved at "+step.now+".\n")
			changed = []string{filepath.Join(site, step.save)}
		} else if !slices.Equal(changed, step.passed) {
			t.Errorf("at %s: %v passed, want %v", step.now, changed, step.passed)
		}
		res, err := s.Rebuild(t.Context(), changed)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Wait(); err != nil { // the static index refresh
			t.Fatal(err)
		}
		clean := filepath.Join(t.TempDir(), "public")
		cleanOpts := opts
		cleanOpts.Out = clean
		full, err := builder.Build(t.Context(), cleanOpts)
		if err != nil {
			t.Fatal(err)
		}
		compareTrees(t, "at "+step.now, out, clean)
		if res.Pages >= full.Pages {
			t.Errorf("at %s: the rebuild rendered %d pages, as many as the site has (%d)", step.now, res.Pages, full.Pages)
		}
	}
}

// TestAnnouncementDates: a build that would otherwise be up to date builds
// again once the [announcement]'s start has come and its end has passed,
// putting it on every page and taking it off; in kb serve, the rebuild
// the schedule asks for then leaves what a clean build does.
func TestAnnouncementDates(t *testing.T) {
	site, out := t.TempDir(), filepath.Join(t.TempDir(), "public")
	files := writeIn(t, site)
	files("site.toml", "defaultLanguage = \"en\"\n[languages.en]\n[languages.ar]\n[announcement]\nstart = 2030-05-01\nend = 2030-05-02T12:00:00Z\n[announcement.text]\nen = \"Storms.\"\nar = \"عواصف.\"\n")
	files("content/en/docs/a.md", "+++\ntitle = \"A\"\n+++\nText.\n")
	files("content/ar/docs/a.md", "+++\ntitle = \"أ\"\n+++\nنص.\n")
	at, clock := testClock(t)
	opts := builder.Options{SiteDir: site, Out: out, IndexDir: filepath.Join(site, ".kb", "search"), Theme: themes.Default(), Now: clock}
	build := func() builder.Result {
		t.Helper()
		res, err := builder.Build(t.Context(), opts)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	shown := func(page, text string) bool { t.Helper(); return shownIn(t, out, page, text) }

	at("2030-04-30T23:59:59Z")
	build()
	if shown("en/docs/a/index.html", "Storms.") {
		t.Fatal("the announcement shows before its start")
	}
	if res := build(); !res.UpToDate {
		t.Error("a build with nothing changed and no date passed was not up to date")
	}
	at("2030-05-01T00:00:00Z")
	if res := build(); res.UpToDate || !shown("en/docs/a/index.html", "Storms.") || !shown("ar/index.html", "عواصف.") {
		t.Errorf("once the start came: up to date %v; want a build that shows it on every page", res.UpToDate)
	}
	at("2030-05-02T12:00:00Z")
	if res := build(); res.UpToDate || shown("en/docs/a/index.html", "Storms.") || shown("ar/docs/a/index.html", "عواصف.") {
		t.Errorf("once the end passed: up to date %v; want a build that takes it off every page", res.UpToDate)
	}

	// kb serve: the schedule's rebuild at each date equals a clean build.
	serveOut := filepath.Join(t.TempDir(), "public")
	serve := opts
	serve.Out, serve.IndexDir = serveOut, "-"
	s := builder.NewSession(serve)
	t.Cleanup(s.Close)
	// equalsCleanBuild compares kb serve's output with a clean build's.
	equalsCleanBuild := func(step string) {
		t.Helper()
		clean := filepath.Join(t.TempDir(), "public")
		copts := opts
		copts.Out, copts.IndexDir = clean, "-"
		if _, err := builder.Build(t.Context(), copts); err != nil {
			t.Fatal(err)
		}
		compareTrees(t, step, serveOut, clean)
	}
	at("2030-04-30T12:00:00Z")
	if _, err := s.Build(t.Context()); err != nil {
		t.Fatal(err)
	}
	for _, now := range []string{"2030-05-01T00:00:00Z", "2030-05-02T12:00:00Z"} {
		if next := s.NextChange(); !next.Equal(mustTime(t, now)) {
			t.Errorf("the next change is %v, want %s", next, now)
		}
		at(now)
		if _, err := s.Rebuild(t.Context(), s.DatesPassed()); err != nil {
			t.Fatal(err)
		}
		if err := s.Wait(); err != nil {
			t.Fatal(err)
		}
		equalsCleanBuild("at " + now)
	}

	// A new text in site.toml: every page shows it, as a clean build does.
	at("2030-05-02T00:00:00Z")
	if _, err := s.Build(t.Context()); err != nil {
		t.Fatal(err)
	}
	files("site.toml", "defaultLanguage = \"en\"\n[languages.en]\n[languages.ar]\n[announcement]\nkind = \"caution\"\ntext = \"Closed [today](/docs/a.md).\"\n")
	if _, err := s.Rebuild(t.Context(), []string{filepath.Join(site, "site.toml")}); err != nil {
		t.Fatal(err)
	}
	equalsCleanBuild("after a new text")
	if !shownIn(t, serveOut, "en/docs/a/index.html", `<p>Closed <a href="/en/docs/a/">today</a>.</p>`) {
		t.Error("after a new text in site.toml, kb serve's page does not show it")
	}
}

func shownIn(t *testing.T, out, page, text string) bool {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(out, page))
	if err != nil {
		t.Fatal(err)
	}
	return strings.Contains(string(b), text)
}

// testClock is a clock a test sets: at moves it to an RFC 3339 time.
func testClock(t *testing.T) (at func(now string), clock func() time.Time) {
	var now time.Time
	return func(s string) { t.Helper(); now = mustTime(t, s) }, func() time.Time { return now }
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
