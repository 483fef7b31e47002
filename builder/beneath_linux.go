//go:build linux

package builder

import (
	"bytes"
	"os"
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
