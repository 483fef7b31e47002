package rawfile

import (
	"errors"
	"os"
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
