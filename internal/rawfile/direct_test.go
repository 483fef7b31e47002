package rawfile

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// patterned is n bytes that differ from one block to the next, so that a
// block written twice, or out of order, shows.
func patterned(n int) []byte {
	data := make([]byte, n)
	for i := range data {
		data[i] = byte(i/7 + i%251)
	}
	return data
}

func TestDirectWriterWritesExactlyWhatItIsGiven(t *testing.T) {
	for _, size := range []int{0, 1, directAlign, directBuffer - 1, directBuffer, 3*directBuffer + 5*directAlign + 123} {
		path := filepath.Join(t.TempDir(), "pack")
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		data := patterned(size)
		w := NewDirectWriter(f)
		// Pieces of odd sizes, as the build cache writes pages.
		for rest, step := data, 1; len(rest) > 0; step = step*3 + 1 {
			n := min(len(rest), step%(2*directBuffer))
			if k, err := w.Write(rest[:n]); k != n || err != nil {
				t.Fatalf("size %d: Write wrote %d of %d bytes: %v", size, k, n, err)
			}
			rest = rest[n:]
		}
		if err := w.Flush(); err != nil {
			t.Fatalf("size %d: Flush: %v", size, err)
		}
		if err := w.Flush(); err != nil {
			t.Fatalf("size %d: a second Flush: %v", size, err)
		}
		if _, err := w.Write([]byte("late")); !errors.Is(err, errWriteAfterFlush) {
			t.Fatalf("size %d: a write after Flush gave %v, want an error", size, err)
		}
		f.Close()
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, data) {
			t.Fatalf("size %d: the file has %d bytes, not the %d written", size, len(got), len(data))
		}
	}
}

func TestDirectWriterReportsAFailedWrite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pack")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path) // read-only: every write fails
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := NewDirectWriter(f)
	data := patterned(3 * directBuffer)
	_, werr := w.Write(data) // the goroutine's failure shows here or in Flush
	if ferr := w.Flush(); ferr == nil {
		t.Fatalf("Flush after writes that failed gave no error (Write: %v)", werr)
	}
}

func TestWriteForLaterWritesItsParts(t *testing.T) {
	for _, size := range []int{0, 100, directMin - 1, directMin + 3*directAlign + 7} {
		path := filepath.Join(t.TempDir(), "index")
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		data := patterned(size)
		if err := WriteForLater(f, data[:size/3], data[size/3:size/2], nil, data[size/2:]); err != nil {
			t.Fatalf("size %d: %v", size, err)
		}
		f.Close()
		if got, err := os.ReadFile(path); err != nil || !bytes.Equal(got, data) {
			t.Fatalf("size %d: the file has %d bytes (%v), not the %d written", size, len(got), err, size)
		}
	}
}
