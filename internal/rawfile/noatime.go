package rawfile

import (
	"sync/atomic"
	"syscall"
)

// OpenNoAtime calls open with flags plus O_NOATIME, where the system has
// it, so that reading the file does not update its access time; and with
// flags alone when the system refuses that (EPERM: only a file's owner may
// read it so), from then on for every file. A build reads every source of
// a fresh checkout and lists every folder of a restored output, whose
// access times are no later than their modification times: with the
// usual relatime, each first read then writes its inode, which the kernel
// must read from disk when it is no longer in memory, and leaves tens of
// thousands of inodes to write back.
func OpenNoAtime(flags int, open func(flags int) (int, error)) (int, error) {
	if noAtime != 0 && !noAtimeRefused.Load() {
		fd, err := open(flags | noAtime)
		if err != syscall.EPERM {
			return fd, err
		}
		noAtimeRefused.Store(true)
	}
	return open(flags)
}

var noAtimeRefused atomic.Bool
