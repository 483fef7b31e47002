package builder

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"time"

	"kb/atomicdir"
)

// spareOutput is the output folder's previous generation, which a staged
// build brings up to date and swaps in, rather than making a whole new
// output beside the old one.
//
// A staged build (see output) writes the files it changes into a staging
// folder and swaps in a complete output. Made afresh, that output needs a
// folder made for every page and every kept file hard-linked into it, and
// the previous output removed after the swap: on 30,000 pages 8 to 14 s
// after a single edit, nearly all of it in the file system. Instead, the
// output a swap takes out is kept in <site>/.kb/previous-output, and the
// next build brings that spare up to date and swaps it in: it removes
// the files this build does not produce, moves in the files it changed,
// and hard-links from the live output each kept file the spare does not
// already share with it. The two generations share the files that did not
// change between them, so the work is the difference between two builds.
//
// The spare is not trusted: it is listed with openat2 (which refuses
// links), a kept file counts as there only when it is the live output's
// very file (same device and inode), everything else is replaced or
// removed, and no file of the spare is ever written into, since its
// files may be the live output's: a name is given a new file by a rename
// or by unlinking it and linking it again.
type spareOutput struct {
	dir string // <site>/.kb/previous-output
	// usable says a spare can be kept for this output: there is a
	// previous output, openat2 and the spare's folder on the output's
	// file system.
	usable bool
	done   chan struct{} // closed once the spare is listed (or removed)
	root   *os.Root      // nil when there is no spare yet
	fast   *beneath
	// files holds every entry below the spare but folders, with its stat
	// when it is a regular file (nil for a link or anything else).
	files map[string]*outStat
	// record is the listing's record of the spare's folders: after the
	// swap, the record of the new output's folders, less those this build
	// touched (recordSwappedSpare).
	record *outFolders
	// kept, after Commit, is the record of the folders of the spare for
	// the next build: those of the output the swap took out, as its
	// listing found them (nil for none, or no spare kept).
	kept *outFolders
}

// errIsFolder says a folder is where a file is to go.
var errIsFolder = errors.New("a folder is in the file's place")

// spareFolder is where a site's spare output is kept.
func spareFolder(siteDir string) string {
	return filepath.Join(siteDir, ".kb", "previous-output")
}

// useSpare lets a staged build bring the spare at dir up to date instead
// of making a whole new output; it lists the spare meanwhile, from known's
// record of its folders when known is not nil (see outFolders). Without a
// previous output to swap out (or without openat2) no spare is kept, and
// one left from before is removed, as the staged build always did.
func (o *output) useSpare(dir string, known func() *outFolders) {
	if o.dryRun || o.inPlace {
		return
	}
	s := &spareOutput{dir: dir, done: make(chan struct{})}
	o.spare = s
	s.usable = o.oldFast != nil && sameFileSystem(filepath.Dir(dir), o.dir)
	go func() {
		defer close(s.done)
		st, err := os.Lstat(dir)
		if err != nil {
			return
		}
		if !s.usable || !st.IsDir() {
			os.RemoveAll(dir) // a link is removed, not followed
			return
		}
		root, err := os.OpenRoot(dir)
		if err != nil {
			return
		}
		fast := openBeneath(dir)
		if fast == nil {
			root.Close()
			return
		}
		var rec *outFolders
		if known != nil {
			rec = known()
		}
		files := map[string]*outStat{}
		rec, err = fast.files(func(n int) { files = make(map[string]*outStat, n) }, func(rel string, st *outStat) { files[rel] = st }, rec)
		if err != nil {
			fast.close()
			root.Close()
			return
		}
		s.root, s.fast, s.files, s.record = root, fast, files, rec
	}()
}

// sameFileSystem reports whether folder a (made if missing) is on the
// file system of folder b: a spare is swapped with the output by a
// rename.
func sameFileSystem(a, b string) bool {
	if os.MkdirAll(a, 0o755) != nil {
		return false
	}
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	if errA != nil || errB != nil {
		return false
	}
	return statOf(sa).Dev == statOf(sb).Dev
}

// close releases the spare's folder; it waits for the listing first.
func (s *spareOutput) close() {
	if s == nil {
		return
	}
	<-s.done
	s.fast.close()
	s.fast = nil
	if s.root != nil {
		s.root.Close()
		s.root = nil
	}
}

// shares reports whether the spare's file rel is the live output's file
// with stat live.
func (s *spareOutput) shares(rel string, live outStat, known bool) bool {
	st := s.files[rel]
	return known && st != nil && st.Dev == live.Dev && st.Ino == live.Ino
}

// spareFits reports whether Commit should bring the spare up to date
// rather than complete the staging folder: when there is a spare and this
// build changed at most half of its files. One that changes most does
// better the old way: its staging folder already has them. Files the
// spare lacks but the live output has (those the last build changed) are
// linked in at less cost than the folders a complete staging folder
// needs: a renaming of the site, which changes every page, is followed
// by a build that links them all.
func (o *output) spareFits() bool {
	s := o.spare
	if s == nil || !s.usable || o.changed*2 > len(o.written) {
		return false
	}
	<-s.done
	return s.root != nil
}

// commitToSpare brings the spare up to date with this build and swaps it
// in: the live output becomes the spare. Until the swap the live output
// is not touched; a spare left half done is put right by the next build.
func (o *output) commitToSpare() error {
	s := o.spare
	defer s.close()
	touched, err := o.updateSpare()
	if err != nil {
		return fmt.Errorf("bringing %s up to date: %w (the output is as it was; with that folder deleted, the next build makes the output's folders anew)", s.dir, err)
	}
	if err := atomicdir.Replace(s.dir, o.dir); err != nil {
		return err
	}
	s.kept = o.previousFolders()
	if o.stage != "" {
		if err := os.RemoveAll(o.stage); err != nil { // its folders, the files moved out
			return err
		}
	}
	if o.knownFolders != nil {
		o.recordSwappedSpare(touched)
	}
	return nil
}

// updateSpare makes the spare this build's output. It returns the names
// it gave the spare or took from it: the rest keep the stats the listing
// gave, and their folders stay as recorded.
func (o *output) updateSpare() (touched []string, err error) {
	s := o.spare
	root := s.root
	// Whatever this build does not produce, and anything but a regular
	// file (a link, even where a page's file goes), with the folders
	// that leaves empty.
	for rel, st := range s.files {
		if _, ok := o.written[rel]; ok && st != nil {
			continue
		}
		if err := removeBelow(root, rel); err != nil {
			return nil, err
		}
		delete(s.files, rel)
		touched = append(touched, rel)
	}
	move := s.fast.mover()
	defer move.close()
	for rel, changed := range o.written {
		if changed {
			touched = append(touched, rel)
			if err := o.moveStaged(root, move, rel); err != nil {
				return nil, err
			}
			continue
		}
		live, known := o.previous.stats[rel]
		if s.shares(rel, live, known) {
			continue
		}
		touched = append(touched, rel)
		if err := o.linkIntoSpare(rel); err != nil {
			return nil, err
		}
	}
	// The mode a staged output gets (the spare may be an older kb's).
	return touched, atomicdir.FolderMode(s.dir)
}

// recordSwappedSpare gives the output the spare became, without listing
// it again, the record of its folders for the next build and the stats of
// its files for this build's stamp: the spare's listing, less the folders
// of the names in touched (and the folders above them), whose files
// are looked at again. The other files kept their stats: nothing renamed,
// linked or removed a name of theirs.
func (o *output) recordSwappedSpare(touched []string) {
	s := o.spare
	o.record = nil
	if s.record != nil {
		o.record = s.record.without(foldersAbove(touched))
	}
	again := make(map[string]bool, len(touched))
	for _, rel := range touched {
		again[rel] = true
	}
	o.listed = make(map[string]outStat, len(o.written))
	for rel := range o.written {
		if st := s.files[rel]; st != nil && !again[rel] {
			o.listed[rel] = *st
			continue
		}
		if info, err := os.Lstat(filepath.Join(o.dir, filepath.FromSlash(rel))); err == nil && info.Mode().IsRegular() {
			o.listed[rel] = statOf(info)
		}
	}
}

// foldersAbove returns the folders of the slash paths rels and every
// folder above them ("." included).
func foldersAbove(rels []string) map[string]bool {
	above := map[string]bool{}
	for _, rel := range rels {
		for dir := path.Dir(rel); !above[dir]; dir = path.Dir(dir) {
			above[dir] = true
			if dir == "." {
				break
			}
		}
	}
	return above
}

// linkIntoSpare gives the spare the live output's file rel, which this
// build kept: a hard link, so that it keeps its mtime (and costs no
// bytes), or else a copy with the same mtime.
func (o *output) linkIntoSpare(rel string) error {
	s := o.spare
	name := filepath.FromSlash(rel)
	err := s.fast.linkFrom(o.oldFast, rel)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrExist) || errors.Is(err, errIsFolder) {
		// Its folder is missing, or a folder is where it goes.
		if dir := filepath.Dir(name); dir != "." {
			if err := s.root.MkdirAll(dir, 0o755); err != nil {
				return err
			}
		}
		if st, serr := s.root.Lstat(name); serr == nil && st.IsDir() {
			if err := s.root.RemoveAll(name); err != nil {
				return err
			}
		}
		err = s.fast.linkFrom(o.oldFast, rel)
	}
	if err == nil {
		return nil
	}
	// A file system without hard links.
	data, rerr := o.old.ReadFile(name)
	if rerr != nil {
		return rerr
	}
	info, serr := o.old.Lstat(name)
	if serr != nil {
		return serr
	}
	return replaceBelow(s.root, name, data, info.ModTime())
}

// keepAsSpare keeps the output a swap took out, now at old, as the spare
// for the next build, in place of the spare there was; without a usable
// spare it removes it.
func (o *output) keepAsSpare(old string) error {
	s := o.spare
	if s == nil || !s.usable {
		return os.RemoveAll(old)
	}
	s.close()
	if err := os.RemoveAll(s.dir); err != nil {
		return fmt.Errorf("removing the output before the last from %s: %w (the output is this build's; delete that folder)", s.dir, errors.Join(err, os.RemoveAll(old)))
	}
	if os.Rename(old, s.dir) != nil {
		return os.RemoveAll(old)
	}
	s.kept = o.previousFolders()
	return nil
}

// keptSpareFolders is the record of the spare's folders for the next
// build (see spareOutput.kept).
func (o *output) keptSpareFolders() *outFolders {
	if o.spare == nil {
		return nil
	}
	return o.spare.kept
}

// replaceBelow writes data to a new file and renames it over name below
// root, making its folder as needed, with modification time mtime unless
// that is zero. An empty folder in the file's place is removed.
func replaceBelow(root *os.Root, name string, data []byte, mtime time.Time) error {
	if dir := filepath.Dir(name); dir != "." {
		if err := root.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	tmp := name + ".kb-tmp"
	root.Remove(tmp) // never written into: it could be a name of another file
	if err := root.WriteFile(tmp, data, 0o644); err != nil {
		root.Remove(tmp) // half written, on a full disk
		return err
	}
	if !mtime.IsZero() {
		if err := root.Chtimes(tmp, mtime, mtime); err != nil {
			root.Remove(tmp)
			return err
		}
	}
	if err := root.Rename(tmp, name); err != nil {
		if st, serr := root.Lstat(name); serr == nil && st.IsDir() && root.Remove(name) == nil {
			err = root.Rename(tmp, name)
		}
		if err != nil {
			root.Remove(tmp)
			return err
		}
	}
	return nil
}
