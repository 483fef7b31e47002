package builder_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"kb/builder"
)

// folderIno returns the inode of folder rel of out.
func folderIno(t *testing.T, out, rel string) uint64 {
	t.Helper()
	st, err := os.Stat(filepath.Join(out, rel))
	if err != nil {
		t.Fatal(err)
	}
	return st.Sys().(*syscall.Stat_t).Ino
}

// sameAsCleanBuild checks that out holds what a build of site into an
// empty folder writes, and only that (no link, no stray file).
func sameAsCleanBuild(t *testing.T, site, out string) {
	t.Helper()
	cleanSite := t.TempDir()
	for _, name := range []string{"content", "static"} {
		if err := os.CopyFS(filepath.Join(cleanSite, name), os.DirFS(filepath.Join(site, name))); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(filepath.Join(site, "site.toml"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(cleanSite, "site.toml"), string(data))
	cleanOut := filepath.Join(t.TempDir(), "public")
	mustBuild(t, cleanSite, cleanOut)
	want, got := snapshot(t, cleanOut), snapshot(t, out)
	for name, f := range want {
		if g, ok := got[name]; !ok {
			t.Errorf("%s is missing from the output", name)
		} else if !bytes.Equal(g.data, f.data) {
			t.Errorf("%s differs from a clean build's:\n%s", name, g.data)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("%s is in the output, not in a clean build's", name)
		}
	}
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type()&fs.ModeSymlink != 0 {
			t.Errorf("%s is a symbolic link", p)
		}
		return nil
	})
}

// A staged build after an edit brings the output before the last one up
// to date and swaps it in, rather than making every folder of the output
// again: an untouched page's folder is the same folder two builds on.
func TestStagedRebuildsTakeTurnsWithThePreviousOutput(t *testing.T) {
	site := sampleSite(t)
	out := filepath.Join(t.TempDir(), "public")
	mustBuild(t, site, out)
	first := folderIno(t, out, "el/faq/returns")
	kept, err := os.Stat(filepath.Join(out, "el/faq/returns/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for round, text := range []string{"Use your phone number.", "Use a passkey."} {
		write(t, filepath.Join(site, "content/en/account/sign-in.md"), "+++\ntitle = \"Sign in\"\n+++\n"+text+"\n")
		res := mustBuild(t, site, out)
		if res.Written == 0 || res.Written > res.Kept {
			t.Errorf("round %d: one edit wrote %d files and kept %d", round, res.Written, res.Kept)
		}
		page, err := os.ReadFile(filepath.Join(out, "en/account/sign-in/index.html"))
		if err != nil || !bytes.Contains(page, []byte(text)) {
			t.Errorf("round %d: the edited page does not say %q (%v)", round, text, err)
		}
	}
	// What the build recorded of the output it swapped in holds: the next
	// build finds nothing changed.
	if res := mustBuild(t, site, out); !res.UpToDate {
		t.Errorf("a build after a staged rebuild, nothing changed since, is not up to date: %d files written", res.Written)
	}
	if got := folderIno(t, out, "el/faq/returns"); got != first {
		t.Errorf("an untouched page's folder was made again (inode %d, two builds before %d)", got, first)
	}
	st, err := os.Stat(filepath.Join(out, "el/faq/returns/index.html"))
	if err != nil || !st.ModTime().Equal(kept.ModTime()) {
		t.Errorf("an untouched page's file has mtime %v (%v), want %v as it was", st.ModTime(), err, kept.ModTime())
	}
	// A page removed, one added: the output has exactly a clean build's files.
	os.Remove(filepath.Join(site, "content/el/faq/returns.md"))
	write(t, filepath.Join(site, "content/en/faq/shipping.md"), "+++\ntitle = \"Shipping\"\n+++\nIn two days.\n")
	mustBuild(t, site, out)
	sameAsCleanBuild(t, site, out)
}

// The previous output kept for the next build is not trusted: links,
// stray files and other bytes put into it do not reach the output, and no
// write follows a link out of it.
func TestStagedBuildPutsATamperedPreviousOutputRight(t *testing.T) {
	site := sampleSite(t)
	out := filepath.Join(t.TempDir(), "public")
	mustBuild(t, site, out)
	// Settled folders, which the record of the spare's folders gives: a
	// folder changed since is read again.
	old := time.Now().Add(-time.Hour)
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			os.Chtimes(p, old, old)
		}
		return nil
	})
	write(t, filepath.Join(site, "content/en/account/sign-in.md"), "+++\ntitle = \"Sign in\"\n+++\nUse your phone number.\n")
	mustBuild(t, site, out)
	spare := filepath.Join(site, ".kb", "previous-output")
	if _, err := os.Stat(filepath.Join(spare, "el/faq/returns/index.html")); err != nil {
		t.Fatalf("no previous output kept: %v", err)
	}
	if _, err := os.Stat(filepath.Join(site, ".kb", "cache", "sparefolders")); err != nil {
		t.Fatalf("no record of the previous output's folders: %v", err)
	}

	outside := t.TempDir()
	victim := filepath.Join(outside, "victim.html")
	write(t, victim, "not kb's")
	write(t, filepath.Join(outside, "folder", "sign-in", "index.html"), "not kb's either")
	replace := func(rel string, make func(path string) error) {
		t.Helper()
		p := filepath.Join(spare, rel)
		if err := os.RemoveAll(p); err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := make(p); err != nil {
			t.Fatal(err)
		}
	}
	// A link where a kept page's file goes, and where the edited page's
	// folder's folder goes.
	replace("el/faq/returns/index.html", func(p string) error { return os.Symlink(victim, p) })
	replace("en/account", func(p string) error { return os.Symlink(filepath.Join(outside, "folder"), p) })
	// Other bytes where a kept file goes (a file of its own: the spare's
	// files may be the output's), a stray page, an empty folder where a
	// file goes.
	replace("logo.txt", func(p string) error { return os.WriteFile(p, []byte("other bytes"), 0o644) })
	replace("en/stray/index.html", func(p string) error { return os.WriteFile(p, []byte("stray"), 0o644) })
	replace("en/faq/returns/index.html", func(p string) error { return os.Mkdir(p, 0o755) })

	write(t, filepath.Join(site, "content/en/account/sign-in.md"), "+++\ntitle = \"Sign in\"\n+++\nUse a passkey.\n")
	mustBuild(t, site, out)
	sameAsCleanBuild(t, site, out)
	if b, err := os.ReadFile(victim); err != nil || string(b) != "not kb's" {
		t.Errorf("a file outside was written through a link: %q, %v", b, err)
	}
	if b, err := os.ReadFile(filepath.Join(outside, "folder", "sign-in", "index.html")); err != nil || string(b) != "not kb's either" {
		t.Errorf("a folder outside was written through a link: %q, %v", b, err)
	}
}

// No previous output is kept where there is nothing to swap it with: a
// first build into an empty folder removes one left from before, and an
// --in-place build makes none.
func TestPreviousOutputGoesWithTheOutput(t *testing.T) {
	site := sampleSite(t)
	out := filepath.Join(t.TempDir(), "public")
	spare := filepath.Join(site, ".kb", "previous-output")
	mustBuild(t, site, out)
	write(t, filepath.Join(site, "content/en/account/sign-in.md"), "+++\ntitle = \"Sign in\"\n+++\nUse your phone number.\n")
	mustBuild(t, site, out)
	if _, err := os.Stat(spare); err != nil {
		t.Fatalf("no previous output kept after a staged rebuild: %v", err)
	}
	if err := os.RemoveAll(out); err != nil {
		t.Fatal(err)
	}
	mustBuild(t, site, out)
	if _, err := os.Stat(spare); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the previous output of an output since removed is still kept (%v)", err)
	}
	write(t, filepath.Join(site, "content/en/account/sign-in.md"), "+++\ntitle = \"Sign in\"\n+++\nUse a passkey.\n")
	if _, err := builder.Build(context.Background(), inPlaceOptions(site, out)); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(spare); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("an --in-place build kept a previous output (%v)", err)
	}
}

// A build that changes most files swaps in its staging folder, as full as
// it is, and keeps the output it takes out as the next build's spare.
func TestStagedBuildThatChangesEverythingKeepsTheOutputItSwapsOut(t *testing.T) {
	site := sampleSite(t)
	// Pages enough to outnumber the static search index's files.
	for i := range 40 {
		write(t, filepath.Join(site, fmt.Sprintf("content/en/orders/order-%d.md", i)), fmt.Sprintf("+++\ntitle = \"Order question %d\"\n+++\nAnswer %d.\n", i, i))
	}
	out := filepath.Join(t.TempDir(), "public")
	mustBuild(t, site, out)
	write(t, filepath.Join(site, "content/en/account/sign-in.md"), "+++\ntitle = \"Sign in\"\n+++\nUse your phone number.\n")
	mustBuild(t, site, out)
	before := folderIno(t, out, "el/faq/returns")

	// Every page names the site.
	write(t, filepath.Join(site, "site.toml"), "title = \"Lumen Help\"\ndefaultLanguage = \"en\"\n[languages.en]\n[languages.el]\n")
	res := mustBuild(t, site, out)
	if res.Written <= res.Kept {
		t.Fatalf("renaming the site wrote %d files and kept %d: the test needs most to change", res.Written, res.Kept)
	}
	sameAsCleanBuild(t, site, out)
	spare := filepath.Join(site, ".kb", "previous-output")
	st, err := os.Stat(filepath.Join(spare, "el/faq/returns"))
	if err != nil || st.Sys().(*syscall.Stat_t).Ino != before {
		t.Errorf("the output swapped out is not the spare (%v)", err)
	}

	// And the next edit brings that spare up to date.
	write(t, filepath.Join(site, "content/en/account/sign-in.md"), "+++\ntitle = \"Sign in\"\n+++\nUse a passkey.\n")
	mustBuild(t, site, out)
	if got := folderIno(t, out, "el/faq/returns"); got != before {
		t.Errorf("the edit after made the output's folders again")
	}
	sameAsCleanBuild(t, site, out)
}

// An output on another file system than the site's .kb cannot be swapped
// with a spare there: every staged build makes its folders again, as
// before, and keeps no previous output.
func TestOutputOnAnotherFileSystemKeepsNoPreviousOutput(t *testing.T) {
	site := sampleSite(t)
	other, err := os.MkdirTemp("/dev/shm", "kb-output-")
	if err != nil {
		t.Skip("no /dev/shm here")
	}
	t.Cleanup(func() { os.RemoveAll(other) })
	a, errA := os.Stat(other)
	b, errB := os.Stat(site)
	if errA != nil || errB != nil || a.Sys().(*syscall.Stat_t).Dev == b.Sys().(*syscall.Stat_t).Dev {
		t.Skip("/dev/shm is on the site's file system here")
	}
	out := filepath.Join(other, "public")
	for _, text := range []string{"Use your email.", "Use your phone number.", "Use a passkey."} {
		write(t, filepath.Join(site, "content/en/account/sign-in.md"), "+++\ntitle = \"Sign in\"\n+++\n"+text+"\n")
		mustBuild(t, site, out)
		if page, err := os.ReadFile(filepath.Join(out, "en/account/sign-in/index.html")); err != nil || !bytes.Contains(page, []byte(text)) {
			t.Errorf("the edited page does not say %q (%v)", text, err)
		}
		if _, err := os.Stat(filepath.Join(site, ".kb", "previous-output")); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("a previous output is kept on another file system than the output's (%v)", err)
		}
	}
	sameAsCleanBuild(t, site, out)
	entries, _ := os.ReadDir(other)
	if len(entries) != 1 {
		t.Errorf("beside the output: %v, want the output alone", entries)
	}
}
