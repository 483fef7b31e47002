package content

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// LinkError is a symbolic link under content/, i18n/ or themes/ that kb
// does not follow: it leads outside the site folder (a page would publish a
// file the site does not hold, such as a private note), or round in a loop.
type LinkError struct {
	Link   string // slash path from the site root: "content/en/faq/leak.md"
	Target string // what the link says: "/home/me/secret-notes.md"
	Loop   bool
}

func (e *LinkError) Error() string {
	if e.Loop {
		return fmt.Sprintf("symbolic link %s to %s goes round in a loop: point it at a file", e.Link, e.Target)
	}
	return fmt.Sprintf("symbolic link %s leads to %s, outside the site folder: not read; copy the file into the site", e.Link, e.Target)
}

// OpenSite returns the site folder as an fs.FS that follows a symbolic link
// under content/, i18n/ or themes/ only when it resolves inside the site
// folder, and otherwise fails with a *LinkError. Links elsewhere (static/,
// site.toml) are the site owner's business and followed as os.DirFS does.
func OpenSite(dir string) fs.FS {
	return &siteFS{fsys: os.DirFS(dir), dir: dir}
}

type siteFS struct {
	fsys fs.FS
	dir  string

	rootOnce sync.Once
	root     string // dir with its own links resolved, once
	rootErr  error
}

// guarded reports the parts of a site whose links must stay inside it.
func guarded(name string) bool {
	for _, top := range []string{"content", "i18n", "themes"} {
		if name == top || strings.HasPrefix(name, top+"/") {
			return true
		}
	}
	return false
}

// check walks name's components from the site root and judges each one
// that is a symbolic link. Errors other than a refused link are left to
// the operation that follows, which reports them in its own words.
func (s *siteFS) check(name string) error {
	if !guarded(name) || !fs.ValidPath(name) {
		return nil
	}
	for i := 0; i <= len(name); i++ {
		if i < len(name) && name[i] != '/' {
			continue
		}
		part := name[:i]
		full := filepath.Join(s.dir, filepath.FromSlash(part))
		fi, err := os.Lstat(full)
		if err != nil {
			return nil
		}
		if fi.Mode()&fs.ModeSymlink != 0 {
			if err := s.judge(part, full); err != nil {
				return err
			}
		}
	}
	return nil
}

// judge resolves the link at full and refuses it when it leaves the site
// or loops.
func (s *siteFS) judge(link, full string) error {
	target, err := os.Readlink(full)
	if err != nil {
		return nil
	}
	resolved, err := filepath.EvalSymlinks(full)
	if errors.Is(err, fs.ErrNotExist) {
		return nil // a dangling link: opening it says so
	}
	if err != nil {
		return &LinkError{Link: link, Target: target, Loop: true}
	}
	s.rootOnce.Do(func() {
		abs, err := filepath.Abs(s.dir)
		if err == nil {
			abs, err = filepath.EvalSymlinks(abs)
		}
		s.root, s.rootErr = abs, err
	})
	if s.rootErr != nil {
		return &LinkError{Link: link, Target: target}
	}
	rel, err := filepath.Rel(s.root, resolved)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return &LinkError{Link: link, Target: target}
	}
	return nil
}

func (s *siteFS) Open(name string) (fs.File, error) {
	if err := s.check(name); err != nil {
		return nil, err
	}
	return s.fsys.Open(name)
}

func (s *siteFS) ReadFile(name string) ([]byte, error) {
	if err := s.check(name); err != nil {
		return nil, err
	}
	return fs.ReadFile(s.fsys, name)
}

func (s *siteFS) Stat(name string) (fs.FileInfo, error) {
	if err := s.check(name); err != nil {
		return nil, err
	}
	return fs.Stat(s.fsys, name)
}

func (s *siteFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if err := s.check(name); err != nil {
		return nil, err
	}
	return fs.ReadDir(s.fsys, name)
}

// Lstat and ReadLink describe a link without following it: always allowed.
func (s *siteFS) Lstat(name string) (fs.FileInfo, error) { return fs.Lstat(s.fsys, name) }
func (s *siteFS) ReadLink(name string) (string, error)   { return fs.ReadLink(s.fsys, name) }

var (
	_ fs.ReadFileFS = (*siteFS)(nil)
	_ fs.StatFS     = (*siteFS)(nil)
	_ fs.ReadDirFS  = (*siteFS)(nil)
	_ fs.ReadLinkFS = (*siteFS)(nil)
)

// linkRefused picks a refused link out of an error from a site FS.
func linkRefused(err error) (*LinkError, bool) {
	var le *LinkError
	return le, errors.As(err, &le)
}
