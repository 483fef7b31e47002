package config

import (
	"errors"
	"io/fs"
)

// Source names the configuration file a site folder is read from: its
// site.toml, or a Hugo or Zola configuration when it has none. ok is false
// when there is neither.
func Source(fsys fs.FS) (name string, ok bool) {
	if _, err := fs.Stat(fsys, FileName); err == nil || !errors.Is(err, fs.ErrNotExist) {
		return FileName, true
	}
	return "", false
}
