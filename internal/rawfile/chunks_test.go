package rawfile

import (
	"bytes"
	"errors"
	"slices"
	"testing"
)

// callsWriter records the length of every write and fails after failAfter
// bytes (when positive).
type callsWriter struct {
	buf       bytes.Buffer
	calls     []int
	failAfter int
}

var errFull = errors.New("full")

func (w *callsWriter) Write(p []byte) (int, error) {
	w.calls = append(w.calls, len(p))
	if w.failAfter > 0 && w.buf.Len()+len(p) > w.failAfter {
		n := w.failAfter - w.buf.Len()
		w.buf.Write(p[:n])
		return n, errFull
	}
	return w.buf.Write(p)
}

func TestChunkWriterHandsOnAtMostAChunk(t *testing.T) {
	data := make([]byte, 3*WriteChunk+17)
	for i := range data {
		data[i] = byte(i % 251)
	}
	var w callsWriter
	if n, err := (ChunkWriter{&w}).Write(data); n != len(data) || err != nil {
		t.Fatalf("wrote %d of %d bytes, %v", n, len(data), err)
	}
	if !bytes.Equal(w.buf.Bytes(), data) {
		t.Fatal("the bytes arrived changed")
	}
	if want := []int{WriteChunk, WriteChunk, WriteChunk, 17}; !slices.Equal(w.calls, want) {
		t.Fatalf("write calls of %v bytes, want %v", w.calls, want)
	}
}

func TestChunkWriterStopsAtAnError(t *testing.T) {
	data := make([]byte, 2*WriteChunk)
	w := callsWriter{failAfter: WriteChunk + 5}
	n, err := (ChunkWriter{&w}).Write(data)
	if !errors.Is(err, errFull) || n != WriteChunk+5 {
		t.Fatalf("wrote %d bytes, %v; want %d and the writer's error", n, err, WriteChunk+5)
	}
	if len(w.calls) != 2 {
		t.Fatalf("%d write calls after the error, want none", len(w.calls)-2)
	}
}
