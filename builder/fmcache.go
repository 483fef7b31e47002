package builder

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"kb/builder/content"
	"kb/internal/rawfile"
)

// frontMatterCacheFile, in <site>/.kb/cache, keeps the decoded front matter
// of the last build's pages (content.FrontMatterCache), so that a build in a
// fresh checkout decodes only the front matter that changed. It starts with
// the digest of the kb binary whose decoders made it: another kb starts
// empty.
const frontMatterCacheFile = "frontmatter"

// openFrontMatterCache reads the front matter cache; a missing, foreign or
// damaged one gives an empty cache (a damaged one with a note). nil when
// the kb binary cannot be read, which only means decoding everything.
func (s *Session) openFrontMatterCache() *content.FrontMatterCache {
	data, ok := s.readSideCache(frontMatterCacheFile)
	if !ok {
		return nil
	}
	if data == nil {
		return content.NewFrontMatterCache()
	}
	c, err := content.DecodeFrontMatterCache(data)
	if err != nil {
		s.cacheNote(fmt.Sprintf("ignoring the build cache's %s: %v", frontMatterCacheFile, err))
		return content.NewFrontMatterCache()
	}
	return c
}

// readSideCache reads the file name of <site>/.kb/cache that the kb binary
// running wrote (writeSideCache): nil for none (missing or another kb's);
// ok is false when the binary cannot be read.
func (s *Session) readSideCache(name string) (data []byte, ok bool) {
	exe, err := executableDigest()
	if err != nil {
		return nil, false
	}
	data, err = os.ReadFile(filepath.Join(s.opts.SiteDir, ".kb", "cache", name))
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			s.cacheNote(fmt.Sprintf("ignoring the build cache's %s: %v", name, err))
		}
		return nil, true
	}
	if len(data) < len(exe) || !bytes.Equal(data[:len(exe)], exe[:]) {
		return nil, true
	}
	return data[len(exe):], true
}

// sideCacheTemp starts the names of side files being written; the page
// cache's commit removes those a killed build left.
const sideCacheTemp = "tmp-"

// writeSideCache replaces the file name of <site>/.kb/cache with data,
// after the digest of the kb binary that wrote it. A failure only costs
// the next build the work the file saves.
func (s *Session) writeSideCache(name string, data []byte) {
	s.stageSideCache(name, data).commit(s.cacheNote)
}

// stagedFile is a file of <site>/.kb/cache written ahead under a
// temporary name (stageSideCache), for commit to rename into place.
type stagedFile struct {
	tmp, name string
}

// stageSideCache writes data as writeSideCache does, but under a temporary
// name: nil when it cannot (noted), which only costs the next build the
// work the file saves.
func (s *Session) stageSideCache(name string, data []byte) *stagedFile {
	exe, err := executableDigest()
	if err != nil {
		return nil
	}
	dir := filepath.Join(s.opts.SiteDir, ".kb", "cache")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil
	}
	tmp, err := writeTemp(dir, sideCacheTemp+name+"-", exe[:], data)
	if err != nil {
		s.cacheNote(fmt.Sprintf("not writing the build cache's %s: %v", name, err))
		return nil
	}
	return &stagedFile{tmp: tmp, name: filepath.Join(dir, name)}
}

// commit renames f into place (nothing for nil), telling note when it
// cannot.
func (f *stagedFile) commit(note func(string)) {
	if f == nil {
		return
	}
	if err := f.rename(); err != nil {
		note(fmt.Sprintf("not writing the build cache's %s: %v", filepath.Base(f.name), err))
	}
}

// rename moves f's temporary file over its name; on failure it removes it.
func (f *stagedFile) rename() error {
	if err := os.Rename(f.tmp, f.name); err != nil {
		os.Remove(f.tmp)
		return err
	}
	return nil
}

// discard removes f's temporary file unless commit renamed it (nothing for
// nil): a build that fails leaves the last one in place.
func (f *stagedFile) discard() {
	if f != nil {
		os.Remove(f.tmp) // gone once renamed
	}
}

// replaceFile writes the parts to dir/name through a temporary file named
// prefix… renamed over it, so that no reader sees half a file; a killed
// build leaves the temporary file, which the page cache's commit removes.
func replaceFile(dir, name, prefix string, parts ...[]byte) error {
	tmp, err := writeTemp(dir, prefix, parts...)
	if err != nil {
		return err
	}
	return (&stagedFile{tmp: tmp, name: filepath.Join(dir, name)}).rename()
}

// writeTemp writes the parts to a new file of dir named prefix…, and
// returns its path; on failure it leaves no file.
func writeTemp(dir, prefix string, parts ...[]byte) (string, error) {
	tmp, err := os.CreateTemp(dir, prefix+"*")
	if err != nil {
		return "", err
	}
	err = rawfile.WriteForLater(tmp, parts...)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp.Name())
		return "", err
	}
	return tmp.Name(), nil
}
