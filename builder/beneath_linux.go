//go:build linux

package builder

import (
	"bytes"
	"context"
	"encoding/binary"
	"path"
	"slices"
	"strings"
	"sync"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"

	"kb/internal/rawfile"
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

// open opens rel below the folder with flags, in one openat2 call that
// refuses any link on the way and any path leaving the folder.
func (b *beneath) open(rel string, flags int) (int, error) { return openAt(b.fd, rel, flags) }

// openAt is open below the folder open at dirfd (files lists each folder
// from its parent's descriptor).
func openAt(dirfd int, rel string, flags int) (int, error) {
	how := unix.OpenHow{Flags: uint64(flags | unix.O_CLOEXEC | unix.O_NOFOLLOW), Resolve: unix.RESOLVE_BENEATH | unix.RESOLVE_NO_SYMLINKS | unix.RESOLVE_NO_MAGICLINKS}
	for {
		fd, err := unix.Openat2(dirfd, rel, &how)
		if err != unix.EINTR {
			return fd, err
		}
	}
}

// sameBytes is sameBytes for the file rel below the folder; a link on the
// way is not followed, so the file is not the same.
func (b *beneath) sameBytes(rel string, data []byte) bool {
	fd, err := rawfile.OpenNoAtime(unix.O_RDONLY, func(flags int) (int, error) { return b.open(rel, flags) })
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
	dir, base := splitRel(rel)
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
// its stat when it is a regular file (one fstatat each, beside the folder
// listing; nil for others), once counted has been told how many there
// are. A folder that cannot be listed is skipped, as stale skips it; an
// error listing the folder itself is returned. Folders
// are read with getdents directly (an output has a folder per page, and
// os.File's listing costs a fcntl and a DirEntry per name on top), several
// at once: a restored output's folders and inodes are often not in memory,
// and one folder read at a time leaves the cores waiting on the disk.
//
// known, the last build's record of the output's folders (nil for none),
// lists a folder it records with one stat when the folder's mtime is the
// recorded one (see outFolders). files returns the record of what it
// listed, for the next build.
func (b *beneath) files(counted func(files int), f func(rel string, st *outStat), known *outFolders) (*outFolders, error) {
	settled := time.Now().Add(-stampSettled).UnixNano()
	root := &listedDir{rel: "."}
	// A level of folders at a time: each folder's subfolders make the next.
	for level := []*listedDir{root}; len(level) > 0; {
		var mu sync.Mutex
		var next []*listedDir
		forEachFile(context.Background(), level, func(d *listedDir) error {
			if sub := b.list(d, known); len(sub) > 0 {
				mu.Lock()
				next = append(next, sub...)
				mu.Unlock()
			}
			return nil
		})
		level = next
	}
	if root.err != nil {
		return nil, root.err
	}
	counted(root.count())
	root.walk(f)
	size := 64 << 10
	if known != nil {
		size += len(known.raw) // about what this one takes again
	}
	w := &folderWriter{b: make([]byte, 0, size)}
	root.record(w, settled)
	return w.record(), nil
}

// list reads the folder d into d.entries (or d.err) and returns its
// subfolders, for files to list next: from known when it records the
// folder with the mtime the folder has, else from the folder itself.
func (b *beneath) list(d *listedDir, known *outFolders) []*listedDir {
	if at, ok := known.folder(d.rel); ok {
		// The folder's own path holds no link: d is a folder its parent
		// listed (or the record gave, its parent unchanged), and a
		// link in a folder's place would have changed the parent.
		var st unix.Stat_t
		if unix.Fstatat(b.fd, d.rel, &st, unix.AT_SYMLINK_NOFOLLOW) == nil && st.Mode&unix.S_IFMT == unix.S_IFDIR {
			if subdirs, ok := b.listRecorded(d, known, at, st.Mtim.Nano()); ok {
				return subdirs
			}
		}
	}
	fd, err := rawfile.OpenNoAtime(unix.O_RDONLY|unix.O_DIRECTORY, func(flags int) (int, error) { return openAt(b.fd, d.rel, flags) })
	if err != nil {
		d.err = err
		return nil
	}
	defer unix.Close(fd)
	// The mtime before the names: a name added while they are read moves
	// it past the recorded one.
	var dst unix.Stat_t
	if unix.Fstat(fd, &dst) == nil {
		d.mtime = dst.Mtim.Nano()
	}
	bp := direntBufs.Get().(*[]byte)
	ents, err := readDirents(fd, *bp)
	direntBufs.Put(bp)
	if err != nil {
		d.err = err
		return nil
	}
	slices.SortFunc(ents, func(x, y dirent) int { return strings.Compare(x.name, y.name) })
	d.entries = make([]listedEntry, 0, len(ents))
	var subdirs []*listedDir
	for _, e := range ents {
		rel := joinRel(d.rel, e.name)
		isDir := e.typ == unix.DT_DIR
		var st *outStat
		if e.typ == unix.DT_REG || e.typ == unix.DT_UNKNOWN {
			var s unix.Stat_t
			if unix.Fstatat(fd, e.name, &s, unix.AT_SYMLINK_NOFOLLOW) == nil {
				switch s.Mode & unix.S_IFMT {
				case unix.S_IFREG:
					// As statOf gives it from an lstat.
					st = outStatOf(&s)
				case unix.S_IFDIR: // a file system that does not fill in d_type
					isDir = true
				}
			}
		}
		if isDir {
			sub := &listedDir{rel: rel}
			subdirs = append(subdirs, sub)
			d.entries = append(d.entries, listedEntry{dir: sub})
			continue
		}
		d.entries = append(d.entries, listedEntry{rel: rel, st: st})
	}
	return subdirs
}

// listRecorded fills d in from known, which gives the folder at at, when
// it records it with mtime, with a stat of each file; ok is false, and d
// as it was, when not.
func (b *beneath) listRecorded(d *listedDir, known *outFolders, at int, mtime int64) (subdirs []*listedDir, ok bool) {
	var entries []listedEntry
	ok = known.names(at, mtime, func(name string, dir bool) {
		rel := joinRel(d.rel, name)
		if dir {
			sub := &listedDir{rel: rel}
			subdirs = append(subdirs, sub)
			entries = append(entries, listedEntry{dir: sub})
			return
		}
		var st *outStat
		var s unix.Stat_t
		if unix.Fstatat(b.fd, rel, &s, unix.AT_SYMLINK_NOFOLLOW) == nil && s.Mode&unix.S_IFMT == unix.S_IFREG {
			st = outStatOf(&s)
		}
		entries = append(entries, listedEntry{rel: rel, st: st})
	})
	if !ok {
		return nil, false
	}
	d.entries, d.mtime = entries, mtime
	return subdirs, true
}

// direntBufs holds list's getdents buffers.
var direntBufs = sync.Pool{New: func() any { b := make([]byte, 32<<10); return &b }}

// listedDir is a folder as beneath.files lists it: its entries in name
// order, a folder's listing in place of its name.
type listedDir struct {
	rel     string
	err     error // the folder could not be listed: it is skipped
	mtime   int64 // when known (nanoseconds), else 0
	entries []listedEntry
}

type listedEntry struct {
	dir *listedDir // nil for a file
	rel string
	st  *outStat
}

// count returns the number of files below d.
func (d *listedDir) count() int {
	n := 0
	for _, e := range d.entries {
		if e.dir != nil {
			n += e.dir.count()
		} else {
			n++
		}
	}
	return n
}

// walk calls f for every file below d, in order.
func (d *listedDir) walk(f func(rel string, st *outStat)) {
	for _, e := range d.entries {
		if e.dir != nil {
			e.dir.walk(f)
			continue
		}
		f(e.rel, e.st)
	}
}

// record writes d and the folders below it to w, those whose mtime was
// settled (before settled) when they were read.
func (d *listedDir) record(w *folderWriter, settled int64) {
	if d.err != nil {
		return
	}
	if d.mtime != 0 && d.mtime < settled {
		w.folder(d.rel, d.mtime, len(d.entries))
		for _, e := range d.entries {
			if e.dir != nil {
				w.name(path.Base(e.dir.rel), true)
			} else {
				w.name(path.Base(e.rel), false)
			}
		}
	}
	for _, e := range d.entries {
		if e.dir != nil {
			e.dir.record(w, settled)
		}
	}
}

// dirent is a name in a folder and its type as getdents gives it (DT_*).
type dirent struct {
	name string
	typ  byte
}

// readDirents lists the folder open at fd, but for "." and "..", with
// buf as the getdents buffer.
func readDirents(fd int, buf []byte) ([]dirent, error) {
	var ents []dirent
	for {
		n, err := unix.Getdents(fd, buf)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return nil, err
		}
		if n <= 0 {
			return ents, nil
		}
		// struct linux_dirent64: ino u64, off s64, reclen u16, type u8, name NUL-terminated.
		for b := buf[:n]; len(b) >= 19; {
			reclen := int(binary.NativeEndian.Uint16(b[16:18]))
			if reclen < 19 || reclen > len(b) {
				return nil, unix.EIO
			}
			name := b[19:reclen]
			if i := bytes.IndexByte(name, 0); i >= 0 {
				name = name[:i]
			}
			if s := string(name); s != "." && s != ".." {
				ents = append(ents, dirent{name: s, typ: b[18]})
			}
			b = b[reclen:]
		}
	}
}

// overwrite writes data over the regular file rel below the folder, in
// place, and gives it the modification time mtime (nanoseconds since
// 1970): no file is made and none freed, which costs a file system far
// more than the bytes. It reports false, having written nothing, when rel
// cannot be opened without a link on the way, or is not a regular file
// with a single name (a hard link shares its bytes with another name,
// which must keep them). A file that grows first has the room for its new
// bytes set aside, so that a full disk fails it before a byte is written
// rather than halfway, which would leave half a page; any other error is
// one met once it began writing.
func (b *beneath) overwrite(rel string, data []byte, mtime int64) (bool, error) {
	// Not blocking: a named pipe in the file's place is refused, not waited on.
	fd, err := b.open(rel, unix.O_WRONLY|unix.O_NONBLOCK)
	if err != nil {
		return false, nil
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if unix.Fstat(fd, &st) != nil || st.Mode&unix.S_IFMT != unix.S_IFREG || st.Nlink != 1 {
		return false, nil
	}
	if grow := int64(len(data)) - st.Size; grow > 0 {
		// fallocate(2), the size left as it is. A file system that cannot
		// set room aside (EOPNOTSUPP) is written as before.
		err := unix.Fallocate(fd, unix.FALLOC_FL_KEEP_SIZE, st.Size, grow)
		if err == unix.ENOSPC || err == unix.EDQUOT {
			return true, err
		}
	}
	for off := 0; off < len(data); {
		n, err := unix.Pwrite(fd, data[off:min(len(data), off+rawfile.WriteChunk)], int64(off))
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return true, err
		}
		off += n
	}
	// A file no longer than data now ends where data does; a longer one
	// is cut (truncating costs a file system call even to its own size).
	if int64(len(data)) < st.Size {
		if err := unix.Ftruncate(fd, int64(len(data))); err != nil {
			return true, err
		}
	}
	// futimens(2): utimensat with no path sets the open file's times.
	times := [2]unix.Timespec{{Nsec: unix.UTIME_OMIT}, unix.NsecToTimespec(mtime)}
	if _, _, errno := unix.Syscall6(unix.SYS_UTIMENSAT, uintptr(fd), 0, uintptr(unsafe.Pointer(&times[0])), 0, 0, 0); errno != 0 {
		return true, errno
	}
	return true, nil
}

// outStatOf is what a stamp records of a file, from its stat (see statOf).
func outStatOf(s *unix.Stat_t) *outStat {
	return &outStat{Size: s.Size, ModTime: s.Mtim.Nano(), Mode: s.Mode, Dev: uint64(s.Dev), Ino: uint64(s.Ino), ChangeTime: s.Ctim.Nano()}
}

// splitRel splits a slash path below the folder into its folder ("." for
// none) and name.
func splitRel(rel string) (dir, name string) {
	dir, name = path.Split(rel)
	if dir = strings.TrimSuffix(dir, "/"); dir == "" {
		dir = "."
	}
	return dir, name
}

// linkFrom gives rel below b the file rel below src, by a hard link: the
// very file under a second name, with its bytes and mtime. Whatever rel
// is below b is unlinked first (b is the spare, which no one reads: it
// need not be replaced in one step). Both folders are reached by
// openat2, which refuses links on the way. It returns an error
// satisfying fs.ErrNotExist when rel's folder is missing below b, and
// errIsFolder when a folder is in rel's place.
func (b *beneath) linkFrom(src *beneath, rel string) error {
	dir, name := splitRel(rel)
	from, err := src.open(dir, unix.O_PATH|unix.O_DIRECTORY)
	if err != nil {
		return err
	}
	defer unix.Close(from)
	to, err := b.open(dir, unix.O_PATH|unix.O_DIRECTORY)
	if err != nil {
		return err
	}
	defer unix.Close(to)
	if err := retryEINTR(func() error { return unix.Unlinkat(to, name, 0) }); err != nil && err != unix.ENOENT {
		if err == unix.EISDIR {
			return errIsFolder
		}
		return err
	}
	return retryEINTR(func() error { return unix.Linkat(from, name, to, name, 0) })
}

// retryEINTR calls f again while a signal interrupts it.
func retryEINTR(f func() error) error {
	for {
		if err := f(); err != unix.EINTR {
			return err
		}
	}
}
