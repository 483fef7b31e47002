package builder

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"kb/internal/rawfile"
)

// An in-place build writes a changed file over the restored one, in
// chunks (rawfile.WriteChunk): every byte arrives, a longer old file is
// cut, and the file gets the mtime asked for.
func TestOverwriteInChunks(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sitemap.xml")
	if err := os.WriteFile(path, bytes.Repeat([]byte("x"), 5*rawfile.WriteChunk), 0o644); err != nil {
		t.Fatal(err)
	}
	b := openBeneath(dir)
	if b == nil {
		t.Skip("no openat2 here")
	}
	defer b.close()
	data := make([]byte, 2*rawfile.WriteChunk+17) // its bytes repeat every 251, which no chunk size divides
	for i := range data {
		data[i] = byte(i % 251)
	}
	mtime := time.Date(2026, 3, 1, 12, 0, 0, 5, time.UTC).UnixNano()
	done, err := b.overwrite("sitemap.xml", data, mtime)
	if !done || err != nil {
		t.Fatalf("overwrite: done %v, %v", done, err)
	}
	got, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("the file holds %d bytes (%v), not the %d written", len(got), err, len(data))
	}
	if st, err := os.Stat(path); err != nil || st.ModTime().UnixNano() != mtime {
		t.Fatalf("mtime %v, %v; want %v", st.ModTime(), err, time.Unix(0, mtime))
	}
}
