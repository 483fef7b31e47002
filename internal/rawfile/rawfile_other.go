//go:build !unix

package rawfile

import (
	"io/fs"
	"os"
	"sync"
)

// ReadFile is os.ReadFile where the system has no plain file calls.
func ReadFile(path string) ([]byte, error) { return os.ReadFile(path) }

// ReadFileInto is ReadFile; buf is not used where the system has no plain
// file calls.
func ReadFileInto(path string, buf []byte) ([]byte, error) { return os.ReadFile(path) }

// ReadPlainInto reads path, which must be a regular file (not a link to
// one) of at most maxSize bytes, else it fails with ErrNotPlain.
func ReadPlainInto(path string, buf []byte, maxSize int64) ([]byte, error) {
	fi, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() || fi.Size() > maxSize {
		return nil, &fs.PathError{Op: "open", Path: path, Err: ErrNotPlain}
	}
	return os.ReadFile(path)
}

// WriteNew creates the file at path, which must not exist, and writes data
// into it, WriteChunk bytes at a time. It returns the file's modification
// time in nanoseconds since 1970 (0 when it cannot be read). It holds
// folder (unless nil) while it creates the file.
func WriteNew(folder sync.Locker, path string, data []byte, perm fs.FileMode) (modTime int64, err error) {
	if folder != nil {
		folder.Lock()
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if folder != nil {
		folder.Unlock()
	}
	if err != nil {
		return 0, err
	}
	_, err = ChunkWriter{f}.Write(data)
	if err == nil {
		if st, serr := f.Stat(); serr == nil {
			modTime = st.ModTime().UnixNano()
		}
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, err
	}
	return modTime, nil
}
