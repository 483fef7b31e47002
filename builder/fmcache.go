package builder

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"kb/builder/content"
)

// frontMatterCacheFile, in <site>/.kb/cache, keeps the decoded front matter
// of the last build's pages (content.FrontMatterCache), so that a build in a
// fresh checkout decodes only the front matter that changed. It starts with
// the digest of the kb binary whose decoders made it: another kb starts
// empty.
const frontMatterCacheFile = "frontmatter"

func (s *Session) frontMatterCachePath() string {
	return filepath.Join(s.opts.SiteDir, ".kb", "cache", frontMatterCacheFile)
}

// openFrontMatterCache reads the front matter cache; a missing, foreign or
// damaged one gives an empty cache (a damaged one with a note). nil when
// the kb binary cannot be read, which only means decoding everything.
func (s *Session) openFrontMatterCache() *content.FrontMatterCache {
	exe, err := executableDigest()
	if err != nil {
		return nil
	}
	data, err := os.ReadFile(s.frontMatterCachePath())
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			s.cacheNote(fmt.Sprintf("ignoring the front matter cache: %v", err))
		}
		return content.NewFrontMatterCache()
	}
	if len(data) < len(exe) || !bytes.Equal(data[:len(exe)], exe[:]) {
		return content.NewFrontMatterCache() // another kb's
	}
	c, err := content.DecodeFrontMatterCache(data[len(exe):])
	if err != nil {
		s.cacheNote(fmt.Sprintf("ignoring the front matter cache: %v", err))
		return content.NewFrontMatterCache()
	}
	return c
}

// saveFrontMatterCache replaces the front matter cache with c's entries.
// A failure only costs the next build its decoding.
func (s *Session) saveFrontMatterCache(c *content.FrontMatterCache) {
	if c == nil {
		return
	}
	exe, err := executableDigest()
	if err != nil {
		return
	}
	path := s.frontMatterCachePath()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), frontMatterCacheFile+"-*")
	if err != nil {
		return
	}
	_, err = tmp.Write(append(exe[:], c.Encode()...))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		s.cacheNote(fmt.Sprintf("not writing the front matter cache: %v", err))
	}
}
