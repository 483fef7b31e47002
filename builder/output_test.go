package builder_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kb/builder"
	"kb/themes"
)

// sampleSite writes a small two-language site and returns its folder.
func sampleSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"site.toml":                     "defaultLanguage = \"en\"\n[languages.en]\n[languages.el]\n",
		"content/en/faq/returns.md":     "+++\ntitle = \"Returns\"\n+++\n## Can I return it?\n\nYes.\n",
		"content/el/faq/returns.md":     "+++\ntitle = \"Επιστροφές\"\n+++\n## Μπορώ να το επιστρέψω;\n\nΝαι.\n",
		"content/en/account/sign-in.md": "+++\ntitle = \"Sign in\"\n+++\nUse your email.\n",
		"static/logo.txt":               "logo",
	}
	for name, data := range files {
		write(t, filepath.Join(dir, name), data)
	}
	return dir
}

// buildInPlace builds site into out with kb build --in-place's options.
func buildInPlace(t *testing.T, site, out string) {
	t.Helper()
	if _, err := builder.Build(context.Background(), inPlaceOptions(site, out)); err != nil {
		t.Fatal(err)
	}
}

// inPlaceOptions are kb build --in-place's options for site into out.
func inPlaceOptions(site, out string) builder.Options {
	return builder.Options{SiteDir: site, Out: out, IndexDir: filepath.Join(site, ".kb", "search"), Theme: themes.Default(), InPlace: true}
}

func write(t *testing.T, path, data string) {
	t.Helper()
	os.MkdirAll(filepath.Dir(path), 0o755)
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// writeIn returns a function that writes a file at a slash path under site.
func writeIn(t *testing.T, site string) func(rel, data string) {
	return func(rel, data string) { t.Helper(); write(t, filepath.Join(site, filepath.FromSlash(rel)), data) }
}

func build(t *testing.T, site, out string) (builder.Result, error) {
	t.Helper()
	return builder.Build(context.Background(), builder.Options{SiteDir: site, Out: out, IndexDir: filepath.Join(site, ".kb", "search"), Theme: themes.Default()})
}

// mustBuild builds site into out, staged, as kb build does.
func mustBuild(t *testing.T, site, out string) builder.Result {
	t.Helper()
	res, err := build(t, site, out)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// snapshot reads every file of a folder with its mtime.
type fileState struct {
	data  []byte
	mtime time.Time
}

func snapshot(t *testing.T, dir string) map[string]fileState {
	t.Helper()
	out := map[string]fileState{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		st, _ := os.Stat(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = fileState{b, st.ModTime()}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// unchangedSince reports the files of an output folder that step wrote,
// removed or added: after, a snapshot, against before.
func unchangedSince(t *testing.T, step string, before, after map[string]fileState) {
	t.Helper()
	for name, f := range before {
		if a, ok := after[name]; !ok || !bytes.Equal(f.data, a.data) || !f.mtime.Equal(a.mtime) {
			t.Errorf("%s changed or removed %s", step, name)
		}
	}
	for name := range after {
		if _, ok := before[name]; !ok {
			t.Errorf("%s added %s", step, name)
		}
	}
}

func TestBuildIsDeterministic(t *testing.T) {
	site := sampleSite(t)
	a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	if _, err := build(t, site, a); err != nil {
		t.Fatal(err)
	}
	if _, err := build(t, site, b); err != nil {
		t.Fatal(err)
	}
	sa, sb := snapshot(t, a), snapshot(t, b)
	if len(sa) != len(sb) || len(sa) == 0 {
		t.Fatalf("builds have %d and %d files", len(sa), len(sb))
	}
	for name, f := range sa {
		if !bytes.Equal(f.data, sb[name].data) {
			t.Errorf("%s differs between two builds of the same input", name)
		}
	}
}

func TestRebuildKeepsUnchangedFilesAndWritesNothingWhenNothingChanged(t *testing.T) {
	site := sampleSite(t)
	out := filepath.Join(t.TempDir(), "public")
	if _, err := build(t, site, out); err != nil {
		t.Fatal(err)
	}
	// Age every file so a rewrite would show.
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			os.Chtimes(p, old, old)
		}
		return nil
	})
	res, err := build(t, site, out)
	if err != nil {
		t.Fatal(err)
	}
	if res.Written != 0 || res.Removed != 0 {
		t.Errorf("no-op rebuild wrote %d and removed %d files", res.Written, res.Removed)
	}
	for name, f := range snapshot(t, out) {
		if !f.mtime.Equal(old) {
			t.Errorf("no-op rebuild touched %s", name)
		}
	}

	// Edit one article: its page changes, an unrelated page keeps its mtime.
	write(t, filepath.Join(site, "content/en/account/sign-in.md"), "+++\ntitle = \"Sign in\"\n+++\nUse your phone number.\n")
	res, err = build(t, site, out)
	if err != nil {
		t.Fatal(err)
	}
	after := snapshot(t, out)
	if !bytes.Contains(after["en/account/sign-in/index.html"].data, []byte("phone number")) {
		t.Error("edited page was not rebuilt")
	}
	if got := after["el/faq/returns/index.html"].mtime; !got.Equal(old) {
		t.Errorf("unchanged page el/faq/returns got a new mtime %v", got)
	}
	if res.Written == 0 || res.Written > res.Kept {
		t.Errorf("one edit wrote %d files and kept %d", res.Written, res.Kept)
	}

	// Delete the article: its page goes.
	os.Remove(filepath.Join(site, "content/en/account/sign-in.md"))
	if _, err := build(t, site, out); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, "en/account/sign-in/index.html")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("deleted article's page is still there: %v", err)
	}
}

func TestFailedBuildLeavesPreviousOutput(t *testing.T) {
	site := sampleSite(t)
	out := filepath.Join(t.TempDir(), "public")
	if _, err := build(t, site, out); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, out)
	write(t, filepath.Join(site, "content/en/faq/returns.md"), "+++\ntitle = \"Returns\"\nweight = \"heavy\"\n+++\nBroken [link](missing.md).\n")
	res, err := build(t, site, out)
	if !errors.Is(err, builder.ErrContent) {
		t.Fatalf("build of broken content: err = %v", err)
	}
	if len(res.Diagnostics) == 0 {
		t.Fatal("failed build reported no diagnostics")
	}
	unchangedSince(t, "the failed build", before, snapshot(t, out))
	entries, _ := os.ReadDir(filepath.Dir(out))
	for _, e := range entries {
		if e.Name() != "public" {
			t.Errorf("failed build left %s beside the output", e.Name())
		}
	}
}

func TestOutputFolderCannotBeTheSite(t *testing.T) {
	site := sampleSite(t)
	for _, out := range []string{site, filepath.Dir(site)} {
		if _, err := build(t, site, out); err == nil {
			t.Errorf("building into %s (the site or its parent) succeeded", out)
		}
	}
	if _, err := os.Stat(filepath.Join(site, "content/en/faq/returns.md")); err != nil {
		t.Fatal("the site lost its content")
	}
}

// TestSecondBuildWithNothingChangedIsUpToDate: a second kb build of an
// unchanged site reads and writes nothing; any edit, to the site or to the
// output, makes it build again. The same holds of a build that updates
// the output in place (--in-place), whose stamp takes the files it kept as
// it found them.
func TestSecondBuildWithNothingChangedIsUpToDate(t *testing.T) {
	for _, inPlace := range []bool{false, true} {
		t.Run(fmt.Sprintf("in place %v", inPlace), func(t *testing.T) {
			build := func(t *testing.T, site, out string) (builder.Result, error) {
				t.Helper()
				return builder.Build(context.Background(), builder.Options{SiteDir: site, Out: out, IndexDir: filepath.Join(site, ".kb", "search"), Theme: themes.Default(), InPlace: inPlace})
			}
			secondBuildIsUpToDate(t, build)
		})
	}
}

func secondBuildIsUpToDate(t *testing.T, build func(t *testing.T, site, out string) (builder.Result, error)) {
	site := sampleSite(t)
	out := filepath.Join(t.TempDir(), "public")
	first, err := build(t, site, out)
	if err != nil || first.UpToDate {
		t.Fatalf("first build: %v, up to date %v", err, first.UpToDate)
	}
	again, err := build(t, site, out)
	if err != nil || !again.UpToDate || again.Pages != first.Pages || again.Written != 0 {
		t.Fatalf("second build: %v, up to date %v, %d pages, %d written", err, again.UpToDate, again.Pages, again.Written)
	}
	// An edit to the content builds again.
	write(t, filepath.Join(site, "content/en/account/sign-in.md"), "+++\ntitle = \"Sign in\"\n+++\nUse your phone.\n")
	res, err := build(t, site, out)
	if err != nil || res.UpToDate {
		t.Fatalf("build after an edit: %v, up to date %v", err, res.UpToDate)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "en/account/sign-in/index.html")); !bytes.Contains(b, []byte("Use your phone.")) {
		t.Error("the edit was not built")
	}
	// The build after an edit, which kept most files, leaves a stamp that
	// holds.
	if res, err := build(t, site, out); err != nil || !res.UpToDate {
		t.Fatalf("build after the build of an edit: %v, up to date %v", err, res.UpToDate)
	}
	// A file removed from the output builds again and restores it.
	os.Remove(filepath.Join(out, "en/account/sign-in/index.html"))
	res, err = build(t, site, out)
	if err != nil || res.UpToDate {
		t.Fatalf("build after the output changed: %v, up to date %v", err, res.UpToDate)
	}
	if _, err := os.Stat(filepath.Join(out, "en/account/sign-in/index.html")); err != nil {
		t.Error("the removed page was not written again")
	}
	// A page rewritten in place with its size and time put back (as a
	// tool copying files over would) builds again and is restored.
	page := filepath.Join(out, "en/account/sign-in/index.html")
	before, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(page)
	os.Remove(page) // a new file, as a copy makes: not the build's hard link
	write(t, page, strings.Repeat("x", len(before)))
	os.Chtimes(page, st.ModTime(), st.ModTime())
	res, err = build(t, site, out)
	if err != nil || res.UpToDate {
		t.Fatalf("build after a page was overwritten: %v, up to date %v", err, res.UpToDate)
	}
	if b, _ := os.ReadFile(page); !bytes.Equal(b, before) {
		t.Error("the overwritten page was not written again")
	}
	// A failed build leaves no stamp behind: the next build is a real one.
	write(t, filepath.Join(site, "content/en/account/sign-in.md"), "+++\ntitle = \"Sign in\"\nweight = \"x\"\n+++\n")
	if _, err := build(t, site, out); err == nil {
		t.Fatal("broken content built")
	}
	if res, _ := build(t, site, out); res.UpToDate {
		t.Error("a build after a failed one claimed to be up to date")
	}
}

// TestBuildAfterSnippetSaved: a snippet saved in snippets/ (outside
// content/) makes the next kb build a real one, which shows the page that
// imports it with its new text rather than the cached page.
func TestBuildAfterSnippetSaved(t *testing.T) {
	site := t.TempDir()
	for name, data := range map[string]string{
		"site.toml":                 "defaultLanguage = \"en\"\n[languages.en]\n",
		"content/en/guide/start.md": "---\ntitle: Start\n---\n<<< @/snippets/app.js\n",
		"snippets/app.js":           "const first = 1\n",
	} {
		write(t, filepath.Join(site, filepath.FromSlash(name)), data)
	}
	out := filepath.Join(t.TempDir(), "public")
	build := func() builder.Result {
		t.Helper()
		res, err := builder.Build(context.Background(), builder.Options{SiteDir: site, Out: out, IndexDir: "-", Theme: themes.Default()})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	build()
	write(t, filepath.Join(site, "snippets/app.js"), "const second = 2\n")
	if res := build(); res.UpToDate {
		t.Error("the build after a snippet was saved says the output is up to date")
	}
	if b, _ := os.ReadFile(filepath.Join(out, "en/guide/start/index.html")); !bytes.Contains(b, []byte("const second = 2")) {
		t.Errorf("the page does not show the saved snippet:\n%s", b)
	}
}

// progressHook is an Options.Progress that calls fn with each message.
type progressHook func(msg string)

func (h progressHook) Write(p []byte) (int, error) {
	h(string(p))
	return len(p), nil
}

// TestBuildStartsAgainWhenASourceChanges: a Greek page saved while kb
// build renders the English ones (after the build loaded it, before it
// renders it) makes the build start again, and the output shows the saved
// text, not a mix of the old front matter and the new body.
func TestBuildStartsAgainWhenASourceChanges(t *testing.T) {
	site := sampleSite(t)
	greek := filepath.Join(site, "content/el/faq/returns.md")
	var said strings.Builder
	saved := false
	hook := progressHook(func(msg string) {
		said.WriteString(msg)
		if !saved && strings.HasPrefix(msg, "building the search indexes of en") {
			saved = true
			write(t, greek, "+++\ntitle = \"Επιστροφές προϊόντων\"\n+++\nΝαι, μέσα σε 30 ημέρες.\n")
		}
	})
	out := filepath.Join(t.TempDir(), "public")
	_, err := builder.Build(context.Background(), builder.Options{SiteDir: site, Out: out, IndexDir: "-", Theme: themes.Default(), Progress: hook})
	if err != nil {
		t.Fatalf("kb build failed instead of starting again: %v", err)
	}
	if !saved {
		t.Fatal("the build never said it indexed English: the test saved nothing")
	}
	if !strings.Contains(said.String(), "content/el/faq/returns.md changed during the build: building again") {
		t.Errorf("the build did not say it started again:\n%s", said.String())
	}
	page, err := os.ReadFile(filepath.Join(out, "el/faq/returns/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(page, []byte("Επιστροφές προϊόντων")) || !bytes.Contains(page, []byte("30 ημέρες")) {
		t.Errorf("the Greek page lacks the saved title or text:\n%s", page)
	}
}

// TestInPlaceBuildWritesOverChangedFiles: kb build --in-place writes a
// changed file over the file it replaces, keeping its inode, rather than
// making a new file and freeing the old one; a file with another name
// (a hard link, as cp -al or rsync --link-dest restore an output) is
// replaced instead, so the other name keeps the old bytes. A file written
// over gets the stamp the build cache records for it, so the next build
// takes it without reading it (as it takes any file it left).
func TestInPlaceBuildWritesOverChangedFiles(t *testing.T) {
	site := sampleSite(t)
	out := filepath.Join(site, "public")
	inPlace := func() builder.Result {
		t.Helper()
		res, err := builder.Build(context.Background(), inPlaceOptions(site, out))
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	inPlace()
	signIn, returns := filepath.Join(out, "en/account/sign-in/index.html"), filepath.Join(out, "en/faq/returns/index.html")
	before, err := os.Stat(signIn)
	if err != nil {
		t.Fatal(err)
	}
	oldReturns, err := os.ReadFile(returns)
	if err != nil {
		t.Fatal(err)
	}
	elsewhere := filepath.Join(t.TempDir(), "returns.html")
	if err := os.Link(returns, elsewhere); err != nil {
		t.Skip("no hard links here:", err)
	}

	// Shorter: the file written over is cut to the new length.
	write(t, filepath.Join(site, "content/en/account/sign-in.md"), "+++\ntitle = \"Sign in\"\n+++\nPhone.\n")
	write(t, filepath.Join(site, "content/en/faq/returns.md"), "+++\ntitle = \"Returns\"\n+++\n## Can I return it?\n\nWithin 30 days.\n")
	inPlace()
	after, err := os.Stat(signIn)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(signIn); !bytes.Contains(b, []byte("Phone.")) || bytes.Contains(b, []byte("Use your email.")) {
		t.Fatal("the edited page was not built")
	}
	if !os.SameFile(before, after) {
		t.Error("the changed page's file was replaced by a new one, not written over")
	}
	if b, _ := os.ReadFile(returns); !bytes.Contains(b, []byte("Within 30 days.")) {
		t.Error("the edited page with a second name was not built")
	}
	if b, _ := os.ReadFile(elsewhere); !bytes.Equal(b, oldReturns) {
		t.Error("the second name of a page's file was written through")
	}
	clean := freshCopy(t, site, false)
	if _, err := build(t, clean, filepath.Join(clean, "public")); err != nil {
		t.Fatal(err)
	}
	sameTree(t, filepath.Join(clean, "public"), out)

	// The stamp: the page written over, then changed behind it (same size,
	// mtime put back), is not read by the next build.
	time.Sleep(1100 * time.Millisecond) // its mtime settles (see stampSettled)
	data, _ := os.ReadFile(signIn)
	forged := bytes.Replace(data, []byte("Phone."), []byte("Hands."), 1)
	if err := os.WriteFile(signIn, forged, 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chtimes(signIn, after.ModTime(), after.ModTime())
	if res := inPlace(); res.UpToDate {
		t.Fatal("a build after the output changed is up to date")
	}
	if b, _ := os.ReadFile(signIn); !bytes.Equal(b, forged) {
		t.Error("a page written over was read again: its file does not have the stamp the cache recorded")
	}
}

// TestBuildLeavesAccessTimes: a cached build in a fresh checkout reads
// every source and lists every folder of the restored output, whose access
// times are no later than their modification times. Under the usual
// relatime, each of those reads would write its inode (which the kernel
// may first have to read from disk): kb reads them without touching their
// access times.
func TestBuildLeavesAccessTimes(t *testing.T) {
	site := sampleSite(t)
	out := filepath.Join(site, "public")
	build := func() { t.Helper(); buildInPlace(t, site, out) }
	build()
	os.Remove(filepath.Join(site, ".kb", "last-build.json")) // as in a fresh checkout
	// An access time an hour before the modification time, as relatime
	// updates on the next read.
	mtime := time.Now().Add(-time.Hour).Truncate(time.Second)
	atime := mtime.Add(-time.Hour)
	var paths []string
	for _, dir := range []string{filepath.Join(site, "content"), out} {
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && (d.IsDir() && dir == out || !d.IsDir() && dir != out) {
				paths = append(paths, p)
			}
			return nil
		})
	}
	probe := filepath.Join(t.TempDir(), "probe")
	write(t, probe, "probe")
	for _, p := range append(paths, probe) {
		if err := os.Chtimes(p, atime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	os.ReadFile(probe)
	if !accessTime(t, probe).After(atime) {
		t.Skip("this file system does not update access times on reads")
	}
	build()
	for _, p := range paths {
		if at := accessTime(t, p); !at.Equal(atime) {
			t.Errorf("%s: read with its access time updated (%v, was %v)", p, at, atime)
		}
	}
}

// TestInPlaceBuildFindsStrayFilesInRecordedFolders: a build records the
// output's folders for the next one, which lists a folder unchanged since
// from the record; a file another program left in a folder changes the
// folder, so the next build still finds it and removes it.
func TestInPlaceBuildFindsStrayFilesInRecordedFolders(t *testing.T) {
	site := sampleSite(t)
	out := filepath.Join(site, "public")
	inPlace := func() { t.Helper(); buildInPlace(t, site, out) }
	// Folders older than a second are recorded: as a restored output's,
	// an hour old.
	settle := func() {
		hourAgo := time.Now().Add(-time.Hour)
		filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.IsDir() {
				os.Chtimes(p, hourAgo, hourAgo)
			}
			return nil
		})
	}
	inPlace()
	settle()
	write(t, filepath.Join(site, "content/en/account/sign-in.md"), "+++\ntitle = \"Sign in\"\n+++\nUse your phone.\n")
	inPlace()
	if _, err := os.Stat(filepath.Join(site, ".kb", "cache", "outfolders")); err != nil {
		t.Fatalf("no record of the output's folders: %v", err)
	}
	stray := filepath.Join(out, "en", "faq", "returns", "draft-copy.html")
	write(t, stray, "<p>an old draft</p>")
	write(t, filepath.Join(site, "content/en/account/sign-in.md"), "+++\ntitle = \"Sign in\"\n+++\nUse your phone or your email.\n")
	inPlace()
	if _, err := os.Stat(stray); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a stray file in a recorded folder is still in the output: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "en/account/sign-in/index.html")); !bytes.Contains(b, []byte("your email")) {
		t.Error("the edit was not built")
	}
}
