package builder

import (
	"os"
	"path/filepath"
)

// DamageCachedHTML flips every byte of the pages' HTML in the build cache
// of site, leaving their search documents and the index intact: a build
// that reads a page's HTML from the cache then finds it damaged.
func DamageCachedHTML(site string) error {
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
	for _, e := range idx.Entries {
		for i := e.Off; i < e.Off+e.Len; i++ {
			data[i] ^= 0x5a
		}
	}
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return err
	}
	return os.Chtimes(path, st.ModTime(), st.ModTime())
}
