package builder_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kb/internal/rawfile"
)

// A full build writes its cache's pack past the page cache: the pack is
// read by the next build, most often another process on another machine
// (CI), and this one's memory is better left to the pages it writes. The
// next build, in a fresh checkout, reads it all the same.
func TestFullBuildLeavesTheCachePackOutOfMemory(t *testing.T) {
	site := cacheSite(t)
	res, err := build(t, site, filepath.Join(site, "public"))
	if err != nil {
		t.Fatal(err)
	}
	names, err := os.ReadDir(filepath.Join(site, ".kb", "cache"))
	if err != nil {
		t.Fatal(err)
	}
	var pack string
	for _, n := range names {
		if strings.HasPrefix(n.Name(), "pack-") {
			pack = filepath.Join(site, ".kb", "cache", n.Name())
		}
	}
	if pack == "" {
		t.Fatalf("no pack in .kb/cache: %v", names)
	}
	if !writesPastPageCache(t, filepath.Dir(pack)) {
		t.Skip("this file system caches what is written with O_DIRECT, or refuses it")
	}
	cached, pages, err := rawfile.CachedPages(pack)
	if err != nil {
		t.Fatal(err)
	}
	// Only its last, partial block may be in memory.
	if cached > 1 {
		t.Errorf("%d of the pack's %d pages are in the page cache after the build, want at most one", cached, pages)
	}
	hits, _ := cachedBuild(t, site, func(string) {})
	if hits != res.Pages {
		t.Errorf("the next build took %d of %d pages from the pack", hits, res.Pages)
	}
}

// writesPastPageCache says whether a file written with O_DIRECT in dir
// stays out of the page cache.
func writesPastPageCache(t *testing.T, dir string) bool {
	t.Helper()
	path := filepath.Join(dir, "probe")
	defer os.Remove(path)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := rawfile.NewDirectWriter(f)
	if _, err := w.Write(make([]byte, 64<<10)); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	cached, _, err := rawfile.CachedPages(path)
	return err == nil && cached == 0
}
