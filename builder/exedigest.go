package builder

import (
	"bytes"
	"crypto/sha256"
	"debug/elf"
	"io"
	"os"
	"strings"
	"sync"
)

var exeDigest struct {
	once sync.Once
	sum  [32]byte
	err  error
}

// executableDigest identifies the running kb binary, once per process: a
// new kb (or theme, which is embedded in it) must build again. Its path
// is no identity (go run builds it into a new temporary folder each time).
// A binary the go command linked carries a build ID whose last part is the
// digest of its own bytes: that is read instead of hashing the 40-odd MB,
// which took a cached build's first 30 ms of CPU. Others are hashed.
func executableDigest() ([32]byte, error) {
	exeDigest.once.Do(func() {
		path, err := os.Executable()
		if err != nil {
			exeDigest.err = err
			return
		}
		if id := goBuildID(path); id != "" {
			exeDigest.sum = sha256.Sum256([]byte("go build id\x00" + id))
			return
		}
		f, err := os.Open(path)
		if err != nil {
			exeDigest.err = err
			return
		}
		defer f.Close()
		h := sha256.New()
		if _, err := io.Copy(h, f); err != nil {
			exeDigest.err = err
			return
		}
		exeDigest.sum = [32]byte(h.Sum(nil))
	})
	return exeDigest.sum, exeDigest.err
}

// goBuildID returns the Go build ID of the ELF binary at path, "" when it
// has none of the go command's form: four parts of 20 characters, the
// digests of the link's inputs and, last, of the binary's bytes (see
// cmd/go/internal/work/buildid.go). A binary linked with -buildid= or
// with a build ID of its own, or of another format, is hashed whole.
func goBuildID(path string) string {
	f, err := elf.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	sec := f.Section(".note.go.buildid")
	if sec == nil || sec.Size > 4096 {
		return ""
	}
	note, err := sec.Data()
	if err != nil || len(note) < 16 {
		return ""
	}
	// An ELF note: name size, description size, type (4: the Go build
	// ID), the name "Go" padded to 4 bytes, the description.
	order := f.ByteOrder
	nameSize, descSize, typ := order.Uint32(note), order.Uint32(note[4:]), order.Uint32(note[8:])
	if nameSize != 4 || typ != 4 || !bytes.Equal(note[12:16], []byte("Go\x00\x00")) || uint64(descSize) > uint64(len(note)-16) {
		return ""
	}
	id := string(note[16 : 16+descSize])
	parts := strings.Split(id, "/")
	if len(parts) != 4 {
		return ""
	}
	for _, p := range parts {
		if len(p) != 20 || strings.Trim(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") != "" {
			return ""
		}
	}
	return id
}
