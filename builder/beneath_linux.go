//go:build linux

package builder

import (
	"bytes"
	"os"
	"path"
	"slices"
	"strings"

	"golang.org/x/sys/unix"
)

// beneath opens paths below a folder with one openat2 call each, which
// refuses symbolic links and any path leaving the folder. os.Root gives
// the same guarantee (but for links that stay inside) with one openat per
// path element: four for each page of an output, a good part of a cached
// build that compares every page with the restored output.
type beneath struct{ fd int }

// openBeneath opens dir for beneath; nil where the kernel (or a sandbox)
// has no openat2: then the caller goes through os.Root.
func openBeneath(dir string) *beneath {
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil
	}
	b := &beneath{fd: fd}
	probe, err := b.open(".", unix.O_RDONLY|unix.O_DIRECTORY)
	if err != nil {
		unix.Close(fd)
		return nil
	}
	unix.Close(probe)
	return b
}

func (b *beneath) close() {
	if b != nil {
		unix.Close(b.fd)
	}
}

func (b *beneath) open(rel string, flags int) (int, error) {
	how := unix.OpenHow{Flags: uint64(flags | unix.O_CLOEXEC | unix.O_NOFOLLOW), Resolve: unix.RESOLVE_BENEATH | unix.RESOLVE_NO_SYMLINKS | unix.RESOLVE_NO_MAGICLINKS}
	for {
		fd, err := unix.Openat2(b.fd, rel, &how)
		if err != unix.EINTR {
			return fd, err
		}
	}
}

// sameBytes is sameBytes for the file rel below the folder; a link on the
// way is not followed, so the file is not the same.
func (b *beneath) sameBytes(rel string, data []byte) bool {
	fd, err := b.open(rel, unix.O_RDONLY)
	if err != nil {
		return false
	}
	defer unix.Close(fd)
	bp := compareBufs.Get().(*[]byte)
	defer compareBufs.Put(bp)
	if cap(*bp) < len(data)+1 {
		*bp = make([]byte, len(data)+1)
	}
	buf := (*bp)[:len(data)+1]
	n := 0
	for n < len(buf) {
		k, err := unix.Read(fd, buf[n:])
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return false
		}
		if k == 0 {
			break
		}
		n += k
	}
	return n == len(data) && bytes.Equal(buf[:n], data)
}

// mover moves files from the build's own staging folder into the folder
// below b, a rename each, holding each target folder open once: the
// staged bytes are not copied, and a target folder is reached by openat2,
// which refuses a link on the way.
type mover struct {
	b    *beneath
	dirs map[string]int // target folders' descriptors; -1 for one that cannot be opened
}

// mover returns a mover into b's folder, nil where there is no b.
func (b *beneath) mover() *mover {
	if b == nil {
		return nil
	}
	return &mover{b: b, dirs: map[string]int{}}
}

// move renames the file at from (a plain path) to rel below the folder,
// replacing any file there. It reports false, having done nothing, when
// rel's folder is missing or a link leads to it, or something other than a
// file is in rel's place: the caller then goes the slow way.
func (m *mover) move(from, rel string) bool {
	if m == nil {
		return false
	}
	dir, base := path.Split(rel)
	dir = strings.TrimSuffix(dir, "/")
	if dir == "" {
		dir = "."
	}
	fd, ok := m.dirs[dir]
	if !ok {
		var err error
		if fd, err = m.b.open(dir, unix.O_RDONLY|unix.O_DIRECTORY); err != nil {
			fd = -1
		}
		m.dirs[dir] = fd
	}
	if fd < 0 {
		return false
	}
	for {
		err := unix.Renameat(unix.AT_FDCWD, from, fd, base)
		if err != unix.EINTR {
			return err == nil
		}
	}
}

func (m *mover) close() {
	if m == nil {
		return
	}
	for _, fd := range m.dirs {
		if fd >= 0 {
			unix.Close(fd)
		}
	}
}

// files calls f with every file below the folder (anything but a folder,
// links included, as fs.WalkDir gives them), in fs.WalkDir's order, with
// its stamp when it is a regular file (one fstatat each, beside the folder
// listing). A folder that cannot be listed is skipped, as stale skips it;
// an error listing the folder itself is returned.
func (b *beneath) files(f func(rel string, st fileStamp)) error {
	var walk func(dir string) error
	walk = func(dir string) error {
		fd, err := b.open(dir, unix.O_RDONLY|unix.O_DIRECTORY)
		if err != nil {
			return err
		}
		file := os.NewFile(uintptr(fd), dir)
		defer file.Close()
		ents, err := file.ReadDir(-1)
		if err != nil {
			return err
		}
		slices.SortFunc(ents, func(x, y os.DirEntry) int { return strings.Compare(x.Name(), y.Name()) })
		for _, e := range ents {
			rel := e.Name()
			if dir != "." {
				rel = dir + "/" + rel
			}
			if e.IsDir() {
				walk(rel)
				continue
			}
			var st fileStamp
			if e.Type().IsRegular() {
				var s unix.Stat_t
				if unix.Fstatat(fd, e.Name(), &s, unix.AT_SYMLINK_NOFOLLOW) == nil && s.Mode&unix.S_IFMT == unix.S_IFREG {
					st = fileStamp{Size: s.Size, ModTime: s.Mtim.Nano()}
				}
			}
			f(rel, st)
		}
		return nil
	}
	return walk(".")
}
