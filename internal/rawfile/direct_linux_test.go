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
	w := NewDirectWriter(f)
	if !w.direct {
		t.Skipf("the file system of %s refuses O_DIRECT", path)
	}
	if _, err := w.Write(patterned(4*directBuffer + 1000)); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if w.refused {
		t.Skipf("the file system of %s took O_DIRECT and then refused its writes", path)
	}
	// Only the last, partial block is written through the page cache.
	cached, pages, err := CachedPages(path)
	if err != nil {
		t.Fatal(err)
	}
	if cached > 1 {
		t.Fatalf("%d of the file's %d pages are in the page cache, want at most its last", cached, pages)
	}
}

func TestWriteForLaterLeavesABigFileOutOfThePageCache(t *testing.T) {
	path := filepath.Join(t.TempDir(), "index")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := WriteForLater(f, patterned(directMin), patterned(5000)); err != nil {
		t.Fatal(err)
	}
	cached, pages, err := CachedPages(path)
	if err != nil {
		t.Fatal(err)
	}
	if cached > 1 && !setDirect(f, true) {
		t.Skipf("the file system of %s refuses O_DIRECT", path)
	}
	if cached > 1 {
		t.Fatalf("%d of the file's %d pages are in the page cache, want at most its last", cached, pages)
	}
}
