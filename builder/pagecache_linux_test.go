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
	if ok, err := rawfile.WritesPastPageCache(filepath.Dir(pack)); err != nil {
		t.Fatal(err)
	} else if !ok {
		t.Skip("files written with O_DIRECT here stay in the page cache, or it refuses O_DIRECT")
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
