//go:build unix

package rawfile

import (
	"io/fs"
	"sync"
	"syscall"

	"golang.org/x/sys/unix"
)

// ReadFile reads the file at path as os.ReadFile does: open, fstat, read
// until the end, close.
func ReadFile(path string) ([]byte, error) { return ReadFileInto(path, nil) }

// ReadFileInto is ReadFile reading into buf's memory when it is big enough
// (the bytes go to buf[:0], and the slice returned may be buf's or a new
// one): a caller that reads thousands of files and keeps none of them
// reuses one buffer instead of making the system hand out fresh pages for
// each.
func ReadFileInto(path string, buf []byte) ([]byte, error) {
	fd, err := openRead(path, syscall.O_RDONLY|syscall.O_CLOEXEC)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if syscall.Fstat(fd, &st) != nil {
		st = syscall.Stat_t{}
	}
	return readOpen(fd, &st, path, buf)
}

// ReadPlainInto is ReadFileInto for a file that must be a regular file of
// at most maxSize bytes, told by the open file itself rather than by a
// stat before it: the last element of path is not followed if it is a
// symbolic link, and opening does not wait (a named pipe). Anything else
// fails with ErrNotPlain, before a byte is read.
func ReadPlainInto(path string, buf []byte, maxSize int64) ([]byte, error) {
	fd, err := openRead(path, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NOFOLLOW|syscall.O_NONBLOCK)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		return nil, &fs.PathError{Op: "fstat", Path: path, Err: err}
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFREG || int64(st.Size) > maxSize {
		return nil, &fs.PathError{Op: "open", Path: path, Err: ErrNotPlain}
	}
	return readOpen(fd, &st, path, buf)
}

// readOpen reads the open file fd, whose stat is st (zero when unknown),
// to its end, into buf's memory when it fits.
func readOpen(fd int, st *syscall.Stat_t, path string, buf []byte) ([]byte, error) {
	size := 512
	known := st.Mode&syscall.S_IFMT == syscall.S_IFREG && st.Size < 1<<40
	if known {
		size = max(size, int(st.Size)+1) // one byte more: a file grown since reads to its end
	}
	data := buf[:0]
	if cap(data) < size {
		data = make([]byte, 0, size)
	}
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := syscall.Read(fd, data[len(data):cap(data)])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, &fs.PathError{Op: "read", Path: path, Err: err}
		}
		if n <= 0 {
			return data, nil
		}
		data = data[:len(data)+n]
		if known && len(data) == int(st.Size) && len(data) < cap(data) {
			// A regular file read short at the size its stat gave has
			// reached its end: a read of 0 to show it is a system call
			// per file more. Any other short read reads on.
			return data, nil
		}
	}
}

// WriteNew creates the file at path, which must not exist (and whose last
// element is not followed if it is a symbolic link), and writes data into
// it: open, write (WriteChunk bytes at a time), fstat, close. It returns the file's modification time
// in nanoseconds since 1970 (0 when fstat fails), so that a caller can tell
// later whether the file is still as written.
//
// It holds folder (unless nil) while it creates the file: the step that
// adds an entry to the file's folder, which the system does for one caller
// at a time per folder, the others spinning meanwhile. A caller creating
// many files in one folder from several threads passes that folder's
// lock, so they wait for their turn asleep and write their bytes side by
// side.
func WriteNew(folder sync.Locker, path string, data []byte, perm fs.FileMode) (modTime int64, err error) {
	if folder != nil {
		folder.Lock()
	}
	fd, err := open(path, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_EXCL|syscall.O_NOFOLLOW|syscall.O_CLOEXEC, uint32(perm.Perm()))
	if folder != nil {
		folder.Unlock()
	}
	if err != nil {
		return 0, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	for len(data) > 0 {
		n, err := syscall.Write(fd, data[:min(len(data), WriteChunk)])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			syscall.Close(fd)
			return 0, &fs.PathError{Op: "write", Path: path, Err: err}
		}
		data = data[n:]
	}
	var st unix.Stat_t // x/sys names the mtime alike on every system
	if unix.Fstat(fd, &st) == nil {
		modTime = st.Mtim.Nano()
	}
	if err := syscall.Close(fd); err != nil {
		return 0, &fs.PathError{Op: "close", Path: path, Err: err}
	}
	return modTime, nil
}

// openRead opens path for reading without updating its access time
// (OpenNoAtime).
func openRead(path string, mode int) (int, error) {
	return OpenNoAtime(mode, func(mode int) (int, error) { return open(path, mode, 0) })
}

func open(path string, mode int, perm uint32) (int, error) {
	for {
		fd, err := syscall.Open(path, mode, perm)
		if err != syscall.EINTR {
			return fd, err
		}
	}
}
