//go:build unix

package atomicdir

import (
	"io/fs"

	"golang.org/x/sys/unix"
)

// umask is the process's file mode creation mask, read once as the
// program starts: reading it means setting it, which no other goroutine
// may see.
var umask = func() fs.FileMode {
	m := unix.Umask(0)
	unix.Umask(m)
	return fs.FileMode(m)
}()
