package rawfile

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteNewThenReadFile(t *testing.T) {
	dir := t.TempDir()
	for _, size := range []int{0, 1, 511, 512, 513, WriteChunk + 1, 1<<20 + 3} {
		data := make([]byte, size) // its bytes repeat every 251, which no chunk size divides
		for i := range data {
			data[i] = byte(i % 251)
		}
		path := filepath.Join(dir, fmt.Sprintf("f%d", size))
		modTime, err := WriteNew(nil, path, data, 0o644)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ReadFile(path)
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("size %d: read %d bytes, %v", size, len(got), err)
		}
		if got, err := ReadPlainInto(path, make([]byte, 0, 3), 1<<30); err != nil || !bytes.Equal(got, data) {
			t.Fatalf("size %d: ReadPlainInto read %d bytes, %v", size, len(got), err)
		}
		if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o644 {
			t.Fatalf("size %d: mode %v, %v", size, st.Mode(), err)
		} else if st.ModTime().UnixNano() != modTime {
			t.Fatalf("size %d: WriteNew says modified at %d, stat %d", size, modTime, st.ModTime().UnixNano())
		}
	}
}

// A file whose stat says it is empty may still hold bytes (the kernel's
// files under /proc): it is read to its end.
func TestReadFileOfStatedSizeZero(t *testing.T) {
	const path = "/proc/self/status"
	if _, err := os.Stat(path); err != nil {
		t.Skip("no /proc here")
	}
	got, err := ReadFile(path)
	if err != nil || !bytes.Contains(got, []byte("Name:")) {
		t.Fatalf("read %q, %v; want the process's status", got, err)
	}
}

func TestWriteNewRefusesExistingFilesAndLinks(t *testing.T) {
	dir := t.TempDir()
	existing := filepath.Join(dir, "existing")
	if err := os.WriteFile(existing, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := WriteNew(nil, existing, []byte("new"), 0o644); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("over an existing file: %v, want ErrExist", err)
	}
	target := filepath.Join(dir, "target")
	link := filepath.Join(dir, "link")
	if err := os.Symlink(target, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if _, err := WriteNew(nil, link, []byte("new"), 0o644); err == nil {
		t.Fatal("wrote through a symbolic link")
	}
	if _, err := os.Lstat(target); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("the link's target was created: %v", err)
	}
	if b, _ := os.ReadFile(existing); string(b) != "old" {
		t.Fatalf("existing file now holds %q", b)
	}
}

func TestReadFileMissing(t *testing.T) {
	_, err := ReadFile(filepath.Join(t.TempDir(), "missing"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("got %v, want ErrNotExist", err)
	}
}

func TestReadFileIntoReusesTheBuffer(t *testing.T) {
	dir := t.TempDir()
	buf := make([]byte, 0, 4096)
	// Files bigger and smaller than the buffer, one after the other: each
	// read gives that file's bytes whole, never a tail of the one before.
	for i, size := range []int{100, 3000, 10, 9000, 0, 2500} {
		data := bytes.Repeat([]byte{byte('a' + i)}, size)
		path := filepath.Join(dir, fmt.Sprintf("f%d", i))
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := ReadFileInto(path, buf)
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("file %d (%d bytes): read %d bytes, %v", i, size, len(got), err)
		}
		if size < 4095 && &got[:1][0] != &buf[:1][0] {
			t.Errorf("file %d (%d bytes) was read into new memory, not the buffer", i, size)
		}
		if cap(got) > cap(buf) {
			buf = got // as a caller keeps the bigger buffer
		}
	}
	if _, err := ReadFileInto(filepath.Join(dir, "missing"), buf); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v, want ErrNotExist", err)
	}
}
