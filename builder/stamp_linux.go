package builder

import (
	"io/fs"
	"strconv"
	"syscall"
)

// appendFileIdentity appends what tells a file rewritten in place, even
// with its size and modification time put back: its inode and change time.
func appendFileIdentity(b []byte, fi fs.FileInfo) []byte {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return b
	}
	b = append(strconv.AppendUint(b, st.Dev, 10), ':')
	b = append(strconv.AppendUint(b, st.Ino, 10), ':')
	return strconv.AppendInt(b, st.Ctim.Nano(), 10)
}
