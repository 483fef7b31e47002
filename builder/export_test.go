package builder

import (
	"os"
	"path/filepath"
	"testing"
)

// PretendOutputIgnoresCase makes builds until t ends take their output
// folder for one on a file system that ignores letter case (macOS's,
// Windows'), which a Linux test cannot make.
func PretendOutputIgnoresCase(t testing.TB) {
	was := outputIgnoresCase
	outputIgnoresCase = func(string) bool { return true }
	t.Cleanup(func() { outputIgnoresCase = was })
}

// DamageCachedHTML flips every byte of the pages' HTML in the build cache
// of site, leaving their search documents and the index intact: a build
// that reads a page's HTML from the cache then finds it damaged.
func DamageCachedHTML(site string) error {
	return damagePack(site, func(idx *cacheIndex, damage func(off, n int64)) {
		for _, e := range idx.Entries {
			damage(e.Off, e.Len)
		}
	})
}

// DamageCachedBodies flips every byte of the bodies of the pages' search
// documents in the build cache of site: a build that appends to the pack
// must not read them, and one that needs them must notice.
func DamageCachedBodies(site string) error {
	return damagePack(site, func(idx *cacheIndex, damage func(off, n int64)) {
		for _, e := range idx.Entries {
			damage(e.Off+e.Len+e.DocsHead, e.DocsLen-e.DocsHead)
		}
	})
}

// DamageCachedStatic flips every byte of the static index's kept analyses
// and of the documents' kept words (and gzipped files) in the build cache
// of site: a build must then tokenize every document again.
func DamageCachedStatic(site string) error {
	return damagePack(site, func(idx *cacheIndex, damage func(off, n int64)) {
		for _, b := range idx.Static {
			damage(b.Off, b.Len)
		}
		for _, b := range idx.Gzipped {
			damage(b.Off, b.Len)
		}
	})
}

// damagePack flips the bytes that pick chooses in the pack of the build
// cache of site, keeping its mtime.
func damagePack(site string, pick func(idx *cacheIndex, damage func(off, n int64))) error {
	dir := filepath.Join(site, ".kb", "cache")
	idx, err := readCacheIndex(filepath.Join(dir, pageCacheIndex))
	if err != nil {
		return err
	}
	path := filepath.Join(dir, filepath.Base(idx.Pack))
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	pick(idx, func(off, n int64) {
		for i := off; i < off+n; i++ {
			data[i] ^= 0x5a
		}
	})
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return err
	}
	return os.Chtimes(path, st.ModTime(), st.ModTime())
}
