package rawfile

import (
	"os"
	"path/filepath"
	"testing"
)

func TestDirectWriterLeavesTheFileOutOfThePageCache(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pack")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	skipUnlessPastPageCache(t, filepath.Dir(path))
	w := NewDirectWriter(f)
	if _, err := w.Write(patterned(4*directBuffer + 1000)); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	wantAtMostLastPageCached(t, path)
}

func TestWriteForLaterLeavesABigFileOutOfThePageCache(t *testing.T) {
	path := filepath.Join(t.TempDir(), "index")
	skipUnlessPastPageCache(t, filepath.Dir(path))
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := WriteForLater(f, patterned(directMin), patterned(5000)); err != nil {
		t.Fatal(err)
	}
	wantAtMostLastPageCached(t, path)
}

// skipUnlessPastPageCache skips a test of what O_DIRECT keeps out of the
// page cache where the file system does not (see WritesPastPageCache).
func skipUnlessPastPageCache(t *testing.T, dir string) {
	t.Helper()
	if ok, err := WritesPastPageCache(dir); err != nil {
		t.Fatal(err)
	} else if !ok {
		t.Skipf("files written with O_DIRECT in %s stay in the page cache, or it refuses O_DIRECT", dir)
	}
}

// wantAtMostLastPageCached fails the test unless the file at path has at
// most one page in the page cache: its last, partial block, which is
// written through it.
func wantAtMostLastPageCached(t *testing.T, path string) {
	t.Helper()
	cached, pages, err := CachedPages(path)
	if err != nil {
		t.Fatal(err)
	}
	if cached > 1 {
		t.Fatalf("%d of the file's %d pages are in the page cache, want at most its last", cached, pages)
	}
}
