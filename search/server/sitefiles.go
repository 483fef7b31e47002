package server

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// SiteFiles returns a built site folder as an fs.FS that never follows a
// symbolic link: kb writes no links into its output, so a link there was
// put by someone else and could serve any file of the machine (or, through
// a link to the site's own folder, its drafts and settings). A path through
// a link is "not found".
//
// Nor does it open a dot-named file or folder (.env, .git/config), which a
// deploy may have left in the folder and kb never writes, except under
// /.well-known/ (RFC 8615: security.txt, ACME challenges).
//
// It opens dir by name on every call rather than through an os.Root, which
// pins the folder it opened: a site republished by renaming a new folder
// into place is served from the new one.
func SiteFiles(dir string) fs.FS { return siteFiles(dir) }

type siteFiles string

func (dir siteFiles) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if hidden(name) || dir.throughLink(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return os.DirFS(string(dir)).Open(name)
}

// throughLink reports whether any component of name below dir is a
// symbolic link.
func (dir siteFiles) throughLink(name string) bool {
	if name == "." {
		return false
	}
	for i := 0; i <= len(name); i++ {
		if i < len(name) && name[i] != '/' {
			continue
		}
		fi, err := os.Lstat(filepath.Join(string(dir), filepath.FromSlash(name[:i])))
		if err != nil {
			return false // the open says what is wrong
		}
		if fi.Mode()&fs.ModeSymlink != 0 {
			return true
		}
	}
	return false
}

// hidden reports whether name has a dot-named segment outside a leading
// .well-known folder.
func hidden(name string) bool {
	if rest, ok := strings.CutPrefix(name, ".well-known"); ok && (rest == "" || rest[0] == '/') {
		name = strings.TrimPrefix(rest, "/")
	}
	return hasDotSegment(name)
}
