package rawfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"unsafe"

	"golang.org/x/sys/unix"
)

// setDirect turns O_DIRECT on or off for f's writes, and says whether it is
// now on.
func setDirect(f *os.File, on bool) bool {
	conn, err := f.SyscallConn()
	if err != nil {
		return false
	}
	set := false
	conn.Control(func(fd uintptr) {
		flags, err := unix.FcntlInt(fd, unix.F_GETFL, 0)
		if err != nil {
			return
		}
		if on {
			flags |= unix.O_DIRECT
		} else {
			flags &^= unix.O_DIRECT
		}
		_, err = unix.FcntlInt(fd, unix.F_SETFL, flags)
		set = err == nil && on
	})
	return set
}

func isInvalid(err error) bool { return errors.Is(err, unix.EINVAL) }

// CachedPages says how many of the pages of the file at path are in the
// page cache (mincore), of how many it has: what tests of DirectWriter's
// users check.
func CachedPages(path string) (cached, pages int, err error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || st.Size() == 0 {
		return 0, 0, err
	}
	m, err := unix.Mmap(int(f.Fd()), 0, int(st.Size()), unix.PROT_READ, unix.MAP_SHARED)
	if err != nil {
		return 0, 0, err
	}
	defer unix.Munmap(m)
	pageSize := os.Getpagesize()
	vec := make([]byte, (len(m)+pageSize-1)/pageSize)
	if _, _, errno := unix.Syscall(unix.SYS_MINCORE, uintptr(unsafe.Pointer(&m[0])), uintptr(len(m)), uintptr(unsafe.Pointer(&vec[0]))); errno != 0 {
		return 0, 0, errno
	}
	for _, v := range vec {
		cached += int(v & 1)
	}
	return cached, len(vec), nil
}

// WritesPastPageCache says whether a file written with O_DIRECT in dir
// stays out of the page cache: not on a file system that takes O_DIRECT
// and caches all the same (tmpfs), or that refuses it. For tests, which
// it tells whether to expect DirectWriter's files out of memory; it opens
// its file with O_DIRECT itself, so that it does not depend on that.
func WritesPastPageCache(dir string) (bool, error) {
	path := filepath.Join(dir, fmt.Sprintf("probe-%d", os.Getpid()))
	fd, err := unix.Open(path, unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL|unix.O_DIRECT|unix.O_CLOEXEC, 0o600)
	if errors.Is(err, unix.EINVAL) {
		return false, nil
	}
	if err != nil {
		return false, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	defer os.Remove(path)
	_, err = unix.Write(fd, alignedBuffer()[:16*directAlign])
	unix.Close(fd)
	if errors.Is(err, unix.EINVAL) {
		return false, nil
	}
	if err != nil {
		return false, &fs.PathError{Op: "write", Path: path, Err: err}
	}
	cached, _, err := CachedPages(path)
	return err == nil && cached == 0, err
}
