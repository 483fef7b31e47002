package builder

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// writer is how a build's files reach the output folder. Write hands over
// each file (nothing is visible yet); Commit publishes them all, Abort
// leaves the output as it was. A full build writes through output (staged
// beside the output folder, swapped in whole); a kb serve rebuild through
// inPlace (file by file into the live folder).
type writer interface {
	fileWriter
	Commit() error
	Abort()
}

var (
	_ writer = (*output)(nil)
	_ writer = (*inPlace)(nil)
)

// inPlace writes a kb serve rebuild into the live output folder. The files
// are held in memory until Commit, so a rebuild with errors writes nothing;
// Commit then writes each file whose bytes changed by a rename (a reader
// never sees half a file) and removes the files of the output the rebuild
// does not keep. A rebuild writes a few files, so it is not staged: the
// output is briefly a mix of the two builds, one file apart.
type inPlace struct {
	dir string
	// sums is every file of the output folder → hash of its bytes,
	// brought up to date by Commit. The caller guards it.
	sums map[string][32]byte
	// keep lists, once set, the files of the output to keep besides the
	// written ones (see keepAsIs); nil keeps all.
	keep map[string]bool

	mu    sync.Mutex
	files map[string][]byte
	// claimed are the paths written and kept, to find those that cannot
	// sit together as a full build finds them.
	claimed claims

	written, removed int
}

func newInPlace(dir string, sums map[string][32]byte) *inPlace {
	return &inPlace{dir: dir, sums: sums, files: map[string][]byte{}, claimed: newClaims()}
}

// Write records one output file; rel is a slash path inside the output.
func (w *inPlace) Write(rel string, data []byte) error {
	if !fs.ValidPath(rel) || strings.Contains(rel, `\`) {
		return fmt.Errorf("refusing to write %q: not a path inside the output folder", rel)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := w.claimed.clash(rel); err != nil {
		return err
	}
	w.claimed.claim(rel)
	w.files[rel] = data
	return nil
}

// keepAsIs claims the file rel of the output for the rebuild without
// writing it: Commit keeps it, and a file written at its path, or at a
// path that needs it to be a folder, clashes with it as with a written
// one. A rebuild keeps most files as they are, and claims them where a
// full build would write them, so that a clash is reported as there.
func (w *inPlace) keepAsIs(rel string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := w.claimed.clash(rel); err != nil {
		return err
	}
	w.claimed.claim(rel)
	if w.keep == nil {
		w.keep = map[string]bool{}
	}
	w.keep[rel] = true
	return nil
}

// takeCaseClashes returns the pairs of files written or kept whose paths
// differ only in letter case.
func (w *inPlace) takeCaseClashes() []caseClash {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.claimed.takeCaseClashes()
}

// Abort drops the files; the output was not touched.
func (w *inPlace) Abort() { w.files = nil }

// Commit writes the changed files and removes those not kept.
func (w *inPlace) Commit() error {
	root, err := os.OpenRoot(w.dir)
	if err != nil {
		return err
	}
	defer root.Close()
	for _, rel := range slices.Sorted(maps.Keys(w.files)) {
		data := w.files[rel]
		sum := sha256.Sum256(data)
		if prev, ok := w.sums[rel]; ok && prev == sum {
			continue
		}
		if dir := path.Dir(rel); dir != "." {
			if err := root.MkdirAll(filepath.FromSlash(dir), 0o755); err != nil {
				return err
			}
		}
		tmp := filepath.FromSlash(rel) + ".kb-tmp"
		if err := root.WriteFile(tmp, data, 0o644); err != nil {
			return err
		}
		if err := root.Rename(tmp, filepath.FromSlash(rel)); err != nil {
			return err
		}
		w.sums[rel] = sum
		dropSiblings(root, rel, w.sums)
		w.written++
	}
	if w.keep == nil {
		return nil
	}
	for _, rel := range slices.Sorted(maps.Keys(w.sums)) {
		if _, ok := w.files[rel]; ok || w.keep[rel] {
			continue
		}
		if err := root.Remove(filepath.FromSlash(rel)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		delete(w.sums, rel)
		dropSiblings(root, rel, w.sums)
		w.removed++
		// Remove folders the file leaves empty (a deleted page's folder).
		for dir := path.Dir(rel); dir != "."; dir = path.Dir(dir) {
			if root.Remove(filepath.FromSlash(dir)) != nil {
				break
			}
		}
	}
	return nil
}
