package builder

import (
	"fmt"
	"io/fs"
	"syscall"
)

// fileIdentity is what tells a file rewritten in place, even with its size
// and modification time put back: its inode and change time.
func fileIdentity(fi fs.FileInfo) string {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return ""
	}
	return fmt.Sprintf("%d:%d:%d", st.Dev, st.Ino, st.Ctim.Nano())
}
