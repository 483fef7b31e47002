package builder

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"kb/internal/rawfile"

	"golang.org/x/sys/unix"
)

// An in-place build writes a changed file over the restored one, in
// chunks (rawfile.WriteChunk): every byte arrives, a longer old file is
// cut, and the file gets the mtime asked for.
func TestOverwriteInChunks(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sitemap.xml")
	if err := os.WriteFile(path, bytes.Repeat([]byte("x"), 5*rawfile.WriteChunk), 0o644); err != nil {
		t.Fatal(err)
	}
	b := openBeneath(dir)
	if b == nil {
		t.Skip("no openat2 here")
	}
	defer b.close()
	data := make([]byte, 2*rawfile.WriteChunk+17) // its bytes repeat every 251, which no chunk size divides
	for i := range data {
		data[i] = byte(i % 251)
	}
	mtime := time.Date(2026, 3, 1, 12, 0, 0, 5, time.UTC).UnixNano()
	done, err := b.overwrite("sitemap.xml", data, mtime)
	if !done || err != nil {
		t.Fatalf("overwrite: done %v, %v", done, err)
	}
	got, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("the file holds %d bytes (%v), not the %d written", len(got), err, len(data))
	}
	if st, err := os.Stat(path); err != nil || st.ModTime().UnixNano() != mtime {
		t.Fatalf("mtime %v, %v; want %v", st.ModTime(), err, time.Unix(0, mtime))
	}
}

// A file that an in-place build writes over, and that grows, keeps its
// old bytes when the disk has no room for the new ones: the build fails
// with the disk's error before it writes a byte, rather than leaving half
// a page. (It needs a small file system: a tmpfs, which only root may
// mount.)
func TestOverwriteOnAFullDiskLeavesTheOldFile(t *testing.T) {
	dir := t.TempDir()
	if err := unix.Mount("tmpfs", dir, "tmpfs", 0, "size=256k"); err != nil {
		t.Skipf("cannot mount a small file system here: %v", err)
	}
	t.Cleanup(func() { unix.Unmount(dir, 0) })
	old := bytes.Repeat([]byte("old page "), 1000) // 9,000 bytes
	path := filepath.Join(dir, "index.html")
	if err := os.WriteFile(path, old, 0o644); err != nil {
		t.Fatal(err)
	}
	// All but 64 KB of the file system is taken.
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		t.Fatal(err)
	}
	if free := int64(st.Bavail)*st.Bsize - 64<<10; free > 0 {
		if err := os.WriteFile(filepath.Join(dir, "filler"), make([]byte, free), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b := openBeneath(dir)
	if b == nil {
		t.Skip("no openat2 here")
	}
	defer b.close()
	data := bytes.Repeat([]byte("new page "), 20000) // 180,000 bytes
	done, err := b.overwrite("index.html", data, time.Now().UnixNano())
	if !errors.Is(err, unix.ENOSPC) {
		t.Fatalf("overwrite on a full disk: done %v, error %v; want no space left on device", done, err)
	}
	if got, err := os.ReadFile(path); err != nil || !bytes.Equal(got, old) {
		t.Fatalf("the old file holds %d bytes (%v), starting %.20q; want its old %d bytes", len(got), err, got, len(old))
	}
}
