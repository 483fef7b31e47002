package content

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"kb/builder/config"
	"kb/internal/rawfile"
)

// LinkError is a symbolic link under content/, i18n/, themes/ or assets/ that kb
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
// under content/, snippets/, i18n/, themes/, layouts/ or assets/ (which
// Hugo templates read and publish) only when it resolves inside the site
// folder, and otherwise fails with a *LinkError. Links elsewhere (static/,
// site.toml) are the site owner's business and followed as os.DirFS does.
func OpenSite(dir string) fs.FS {
	return &siteFS{fsys: os.DirFS(dir), dir: dir, rootOnce: &sync.Once{}, root: &siteRoot{}}
}

type siteFS struct {
	fsys fs.FS
	dir  string

	rootOnce *sync.Once
	root     *siteRoot

	// passed, in a view from Checked, holds the folders check has passed
	// (sync.Map of string → struct{}): files, read once a pass, are
	// checked each time rather than kept, 30,000 of them on a big site.
	// nil in the site's own FS, which checks every path each time.
	passed *sync.Map
}

// siteRoot is dir with its own links resolved, once.
type siteRoot struct {
	path string
	err  error
}

// Checked returns a view of fsys, a site from OpenSite, that checks each
// folder on a path once for the view's life instead of on every read: for
// one pass over many files (loading content), which would otherwise Lstat
// "content", "content/en", … again for each one. A link put in place during
// the pass is as unseen as one put in place between a check and the read
// it guards. Other file systems are returned as they are.
func Checked(fsys fs.FS) fs.FS {
	s, ok := fsys.(*siteFS)
	if !ok || s.passed != nil {
		return fsys
	}
	view := *s
	view.passed = &sync.Map{}
	return &view
}

// guarded reports the parts of a site whose links must stay inside it.
func guarded(name string) bool {
	for _, top := range []string{"content", "i18n", "themes", "layouts", "assets", config.SnippetsFolder} {
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
	_, err := s.checkPath(name)
	return err
}

// checkPath is check that also returns what Lstat said of name itself
// when it asked (nil when it did not: unguarded, or a folder passed).
func (s *siteFS) checkPath(name string) (fs.FileInfo, error) {
	if !guarded(name) || !fs.ValidPath(name) {
		return nil, nil
	}
	return s.judgePath(name)
}

// CheckLinks refuses name, a path in fsys, a site from OpenSite, when a
// symbolic link on it leads out of the site folder, wherever in the site
// it is: for a path a template gives (readDir), which may name any
// folder, static/ too. Other file systems pass.
func CheckLinks(fsys fs.FS, name string) error {
	s, ok := fsys.(*siteFS)
	if !ok || !fs.ValidPath(name) {
		return nil
	}
	_, err := s.judgePath(name)
	return err
}

// judgePath judges each symbolic link on name's path, from the site root.
func (s *siteFS) judgePath(name string) (fs.FileInfo, error) {
	var last fs.FileInfo
	for i := 0; i <= len(name); i++ {
		if i < len(name) && name[i] != '/' {
			continue
		}
		part := name[:i]
		if s.passed != nil {
			if _, ok := s.passed.Load(part); ok {
				continue
			}
		}
		full := filepath.Join(s.dir, filepath.FromSlash(part))
		fi, err := os.Lstat(full)
		if err != nil {
			return nil, nil
		}
		if fi.Mode()&fs.ModeSymlink != 0 {
			if err := s.judge(part, full); err != nil {
				return nil, err
			}
		}
		if s.passed != nil && fi.IsDir() {
			s.passed.Store(part, struct{}{})
		}
		if i == len(name) {
			last = fi
		}
	}
	return last, nil
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
		s.root.path, s.root.err = abs, err
	})
	if s.root.err != nil {
		return &LinkError{Link: link, Target: target}
	}
	rel, err := filepath.Rel(s.root.path, resolved)
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

// ReadFile reads as os.DirFS does, in fewer system calls (rawfile).
func (s *siteFS) ReadFile(name string) ([]byte, error) { return s.readFileInto(name, nil) }

// readFileInto is ReadFile into buf's memory where it fits
// (rawfile.ReadFileInto).
func (s *siteFS) readFileInto(name string, buf []byte) ([]byte, error) {
	if err := s.check(name); err != nil {
		return nil, err
	}
	if !fs.ValidPath(name) || strings.Contains(name, `\`) && filepath.Separator == '\\' {
		return nil, &fs.PathError{Op: "readfile", Path: name, Err: fs.ErrInvalid}
	}
	data, err := rawfile.ReadFileInto(filepath.Join(s.dir, filepath.FromSlash(name)), buf)
	if pe, ok := err.(*fs.PathError); ok {
		pe.Path = name // as os.DirFS says it: the path inside the site
	}
	return data, err
}

// readPlainInto is readFileInto for a file that a walk of a Checked view
// found to be a regular file: the folders on its path are checked as
// ever, and the file itself is not stat'ed before it is read but opened
// as only a regular file of at most max bytes can be (rawfile.ReadPlainInto).
// ok is false when it is anything else now, or cannot be read: the caller
// then reads it the careful way, which says what is wrong.
func (s *siteFS) readPlainInto(name string, buf []byte, max int64) (data []byte, ok bool) {
	if s.passed == nil || !fs.ValidPath(name) || strings.Contains(name, `\`) {
		return nil, false
	}
	if dir := path.Dir(name); dir != "." && s.check(dir) != nil {
		return nil, false
	}
	data, err := rawfile.ReadPlainInto(filepath.Join(s.dir, filepath.FromSlash(name)), buf, max)
	return data, err == nil
}

func (s *siteFS) Stat(name string) (fs.FileInfo, error) {
	fi, err := s.checkPath(name)
	if err != nil {
		return nil, err
	}
	if fi != nil && fi.Mode()&fs.ModeSymlink == 0 {
		return fi, nil // what check saw of a name that is no link is what Stat would say
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
