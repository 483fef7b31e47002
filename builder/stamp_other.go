//go:build !linux

package builder

import "io/fs"

// statOf is what a stamp records of the file fi describes: its size,
// modification time and mode are all it compares here.
func statOf(fi fs.FileInfo) outStat {
	return outStat{Size: fi.Size(), ModTime: fi.ModTime().UnixNano(), Mode: uint32(fi.Mode())}
}
