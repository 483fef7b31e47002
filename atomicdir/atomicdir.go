// Package atomicdir replaces a folder by another in one step, so that a
// reader of the folder (a web server, a search server) sees the old
// contents or the new ones, never a mix or nothing. The site output and the
// server search index are both written this way: into a staging folder
// beside the real one, then swapped in.
//
// Staging folder names are unique per run. Leftovers of a run that died
// before its swap are removed by RemoveStale, which only a caller holding
// the site lock (kb/builder/sitelock) may call: another run's staging
// folder looks the same as a dead one's.
package atomicdir

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode"
)

// stagePattern names staging folders: ".<name>.kb-stage-<random>".
func stagePattern(dir string) (parent, pattern string) {
	dir = filepath.Clean(dir)
	return filepath.Dir(dir), "." + filepath.Base(dir) + ".kb-stage-"
}

// Stage makes an empty staging folder beside dir (on the same file system,
// so it can be renamed over dir), with a name no other run uses. It has
// the mode of any folder made with 0o755 (see FolderMode), not
// os.MkdirTemp's private one: it becomes dir, which a web server running
// as another user reads.
func Stage(dir string) (string, error) {
	parent, pattern := stagePattern(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", err
	}
	for {
		name := filepath.Join(parent, pattern+rand.Text()[:12])
		err := os.Mkdir(name, 0o755)
		if err == nil {
			return name, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", err
		}
	}
}

// FolderMode gives dir the mode Stage gives a staging folder: 0o755 less
// the process's umask. A folder kept from an earlier run (or made private
// by an earlier kb) is given it before it is swapped in.
func FolderMode(dir string) error {
	return os.Chmod(dir, 0o755&^umask)
}

// RemoveStale removes the staging folders left beside dir by runs that died
// before their swap. The caller must hold the site lock.
func RemoveStale(dir string) error {
	parent, pattern := stagePattern(dir)
	stale, _ := filepath.Glob(filepath.Join(parent, pattern+"*"))
	// Names used by earlier versions of kb: the output's one fixed staging
	// folder and the index's temporary folders.
	base := filepath.Base(filepath.Clean(dir))
	legacy, _ := filepath.Glob(filepath.Join(parent, "."+base+".tmp-*"))
	stale = append(append(stale, legacy...), filepath.Join(parent, "."+base+".kb-staging"))
	var errs []error
	for _, s := range stale {
		if err := os.RemoveAll(s); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("removing a dead run's staging folder: %w", err)
	}
	return nil
}

// Replace puts the folder staged in dir's place. Afterwards staged holds
// dir's previous contents (or is gone when dir did not exist), for the
// caller to remove. On Linux the two folders are exchanged in one step
// (renameat2 RENAME_EXCHANGE); where that is not possible, by two renames
// with a short moment without dir, which readers retry over.
func Replace(staged, dir string) error {
	if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(staged, dir)
	}
	err := exchange(staged, dir)
	if !errors.Is(err, errNoExchange) {
		return err
	}
	old := staged + ".old" // unique, as staged is
	if err := os.Rename(dir, old); err != nil {
		return err
	}
	if err := os.Rename(staged, dir); err != nil {
		if rerr := os.Rename(old, dir); rerr != nil {
			return fmt.Errorf("%w; and putting %s back failed: %v (it is at %s)", err, dir, rerr, old)
		}
		return err
	}
	return os.Rename(old, staged)
}

// errNoExchange says the system cannot exchange two folders atomically.
var errNoExchange = errors.New("no atomic folder exchange here")

// IgnoresCase reports whether the file system dir's staging folders go on
// (the one dir's files end up on) takes names that differ only in letter
// case for one, as macOS's and Windows' do by default: it makes a staging
// folder, looks it up under its name in other case, and removes it. A
// probe that cannot be made reports false; the build's own writes then
// fail with the reason.
func IgnoresCase(dir string) bool {
	probe, err := Stage(dir)
	if err != nil {
		return false
	}
	defer os.Remove(probe)
	// The name has lower-case letters ("kb-stage"), so swapping makes it
	// another name.
	base := filepath.Base(probe)
	swapped := strings.Map(func(r rune) rune {
		if unicode.IsUpper(r) {
			return unicode.ToLower(r)
		}
		return unicode.ToUpper(r)
	}, base)
	other, err := os.Lstat(filepath.Join(filepath.Dir(probe), swapped))
	if err != nil {
		return false
	}
	self, err := os.Lstat(probe)
	return err == nil && os.SameFile(self, other)
}
