//go:build unix

package rawfile

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// ReadPlainInto reads what a build may read without a stat first, and
// refuses, without blocking, what it may not.
func TestReadPlainIntoRefusesWhatIsNotAPlainFile(t *testing.T) {
	dir := t.TempDir()
	plain := filepath.Join(dir, "page.md")
	data := []byte("---\ntitle: Returns\n---\nSend it back within 30 days.\n")
	if err := os.WriteFile(plain, data, 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := ReadPlainInto(plain, make([]byte, 0, 16), int64(len(data)))
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("regular file: %q, %v", got, err)
	}
	if _, err := ReadPlainInto(plain, nil, int64(len(data)-1)); !errors.Is(err, ErrNotPlain) {
		t.Errorf("a file over the limit: %v, want ErrNotPlain", err)
	}
	if _, err := ReadPlainInto(filepath.Join(dir, "missing.md"), nil, 1<<20); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing file: %v, want ErrNotExist", err)
	}
	link := filepath.Join(dir, "link.md")
	if err := os.Symlink(plain, link); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadPlainInto(link, nil, 1<<20); err == nil {
		t.Error("read through a symbolic link")
	}
	if _, err := ReadPlainInto(dir, nil, 1<<20); !errors.Is(err, ErrNotPlain) {
		t.Errorf("a folder: %v, want ErrNotPlain", err)
	}
	fifo := filepath.Join(dir, "pipe.md")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	done := make(chan error, 1)
	go func() { _, err := ReadPlainInto(fifo, nil, 1<<20); done <- err }()
	select {
	case err := <-done:
		if !errors.Is(err, ErrNotPlain) {
			t.Errorf("a named pipe: %v, want ErrNotPlain", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("opening a named pipe with no writer blocked")
	}
}
