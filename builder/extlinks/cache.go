package extlinks

import (
	"encoding/json"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// Cache keeps the addresses found working (or moved) for a while, in a
// file, so that the next check within MaxAge does not ask their sites
// again. Broken and unchecked ones are asked again every time: a writer
// who fixed a link, or a site back up, wants to see it at once.
type Cache struct {
	path   string
	maxAge time.Duration
	now    time.Time
	mu     sync.Mutex
	// entries holds the answers by address.
	entries map[string]cacheEntry
}

type cacheEntry struct {
	Moved   bool      `json:"moved,omitempty"`
	NewURL  string    `json:"newURL,omitempty"`
	Checked time.Time `json:"checked"`
}

// cacheFile is the cache's format, versioned so that a later kb can
// change it without reading this one wrong.
type cacheFile struct {
	Version int                   `json:"version"`
	Entries map[string]cacheEntry `json:"entries"`
}

const cacheVersion = 1

// OpenCache reads the cache at path, answers checked within maxAge of
// now; a missing or unreadable file is an empty cache.
func OpenCache(path string, maxAge time.Duration, now time.Time) *Cache {
	c := &Cache{path: path, maxAge: maxAge, now: now, entries: map[string]cacheEntry{}}
	var f cacheFile
	if data, err := os.ReadFile(path); err == nil && json.Unmarshal(data, &f) == nil && f.Version == cacheVersion {
		maps.DeleteFunc(f.Entries, func(_ string, e cacheEntry) bool { return !c.fresh(e) })
		if f.Entries != nil {
			c.entries = f.Entries
		}
	}
	return c
}

func (c *Cache) fresh(e cacheEntry) bool {
	return c.now.Sub(e.Checked) < c.maxAge && !e.Checked.After(c.now)
}

func (c *Cache) lookup(addr string) (Finding, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[addr]
	if !ok || !c.fresh(e) {
		return Finding{}, false
	}
	if e.Moved {
		return Finding{Verdict: Moved, NewURL: e.NewURL}, true
	}
	return Finding{Verdict: OK}, true
}

func (c *Cache) store(addr string, v Verdict, newURL string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.entries[addr]; ok && c.fresh(e) {
		return // keeps the time it was asked
	}
	c.entries[addr] = cacheEntry{Moved: v == Moved, NewURL: newURL, Checked: c.now}
}

// Save writes the cache, replacing the file whole so that a check
// stopped halfway, or two at once, never leave half a file.
func (c *Cache) Save() error {
	c.mu.Lock()
	data, err := json.MarshalIndent(cacheFile{Version: cacheVersion, Entries: c.entries}, "", "\t")
	c.mu.Unlock()
	if err != nil {
		return err
	}
	dir := filepath.Dir(c.path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, filepath.Base(c.path)+".*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	err = errors.Join(err, tmp.Close())
	if err == nil {
		err = os.Rename(tmp.Name(), c.path)
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
		return &fs.PathError{Op: "write", Path: c.path, Err: err}
	}
	return nil
}
