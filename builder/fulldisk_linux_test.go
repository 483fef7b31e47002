package builder_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"kb/builder"
)

// An in-place build that runs out of disk while it writes the output
// fails with the disk's error and says what to do; every page is whole
// (the grown one still holds its last bytes, not half its new ones), and
// the next build, with room again, brings the output up to date. (It
// needs a small file system: a tmpfs, which only root may mount.)
func TestInPlaceBuildOnAFullDisk(t *testing.T) {
	site := sampleSite(t)
	disk := t.TempDir()
	if err := unix.Mount("tmpfs", disk, "tmpfs", 0, "size=16m"); err != nil {
		t.Skipf("cannot mount a small file system here: %v", err)
	}
	t.Cleanup(func() { unix.Unmount(disk, unix.MNT_DETACH) })
	out := filepath.Join(disk, "public")
	opts := inPlaceOptions(site, out)
	build := func() error {
		_, err := builder.Build(context.Background(), opts)
		return err
	}
	if err := build(); err != nil {
		t.Fatal(err)
	}
	// The English page and the Greek one, which shows its English text
	// until it is translated.
	pages := []string{filepath.Join(out, "el", "account", "sign-in", "index.html"), filepath.Join(out, "en", "account", "sign-in", "index.html")}
	before := map[string][]byte{}
	for _, p := range pages {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		before[p] = b
	}
	// The disk fills up, but for 64 KB, beside the output.
	var st unix.Statfs_t
	if err := unix.Statfs(disk, &st); err != nil {
		t.Fatal(err)
	}
	filler := filepath.Join(disk, "filler")
	if err := os.WriteFile(filler, make([]byte, int64(st.Bavail)*st.Bsize-64<<10), 0o644); err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("Sign in with the email address you shopped with. ", 4000) // 200 KB
	write(t, filepath.Join(site, "content/en/account/sign-in.md"), "+++\ntitle = \"Sign in\"\n+++\n"+long+"\n")
	err := build()
	if err == nil || !strings.Contains(err.Error(), "no space left on device") || !strings.Contains(err.Error(), "build again") {
		t.Errorf("in-place build on a full disk: %v; want the disk's error and what to do", err)
	}
	for _, p := range pages {
		if got, err := os.ReadFile(p); err != nil || !bytes.Equal(got, before[p]) {
			t.Errorf("%s holds %d bytes (%v), not its last build's %d", p, len(got), err, len(before[p]))
		}
	}
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	if err := build(); err != nil {
		t.Fatalf("the build after the disk has room again: %v", err)
	}
	for _, p := range pages {
		if got, _ := os.ReadFile(p); !bytes.Contains(got, []byte("email address you shopped with")) {
			t.Errorf("%s was not brought up to date", p)
		}
	}
}
