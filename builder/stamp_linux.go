package builder

import (
	"io/fs"
	"syscall"
)

// statOf is what a stamp records of the file fi describes, from the
// system's stat.
func statOf(fi fs.FileInfo) outStat {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return outStat{Size: fi.Size(), ModTime: fi.ModTime().UnixNano(), Mode: uint32(fi.Mode())}
	}
	return outStat{Size: st.Size, ModTime: st.Mtim.Nano(), Mode: st.Mode, Dev: uint64(st.Dev), Ino: uint64(st.Ino), ChangeTime: st.Ctim.Nano()}
}
