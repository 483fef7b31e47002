package builder

import (
	"crypto/sha256"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// The page cache keeps a language's static index state, and a blob kept
// with Keep, for the next build; a damaged state is not given back.
func TestPageCacheStaticState(t *testing.T) {
	dir := t.TempDir()
	var global [32]byte
	note := func(msg string) { t.Log(msg) }
	state := []byte("the analysis of a language, as static.writeState writes it")
	blob := sha256.Sum256([]byte("blob"))

	c, err := openPageCache(dir, global, note)
	if err != nil {
		t.Fatal(err)
	}
	c.Put(blob, []byte("a document's words"))
	c.PutState("en", func(w io.Writer) error { _, err := w.Write(state); return err })
	if err := c.commit(); err != nil {
		t.Fatal(err)
	}

	// A build that keeps the blob without reading it, and the state.
	c, err = openPageCache(dir, global, note)
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := c.State("en"); !ok || string(got) != string(state) {
		t.Fatalf("state %q, %v; want what was put", got, ok)
	}
	if _, ok := c.State("el"); ok {
		t.Fatal("a state for a language never put")
	}
	c.Keep(blob)
	c.PutState("en", func(w io.Writer) error { _, err := w.Write(state); return err })
	if err := c.commit(); err != nil {
		t.Fatal(err)
	}

	c, err = openPageCache(dir, global, note)
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := c.Get(blob); !ok || string(got) != "a document's words" {
		t.Fatalf("kept blob %q, %v", got, ok)
	}
	ref := c.oldIdx.Static["en"]
	c.abort()

	pack := filepath.Join(dir, c.oldIdx.Pack)
	data, err := os.ReadFile(pack)
	if err != nil {
		t.Fatal(err)
	}
	data[ref.Off+ref.Len/2] ^= 0x20
	if err := os.WriteFile(pack, data, 0o644); err != nil {
		t.Fatal(err)
	}
	c, err = openPageCache(dir, global, note)
	if err != nil {
		t.Fatal(err)
	}
	defer c.abort()
	if got, ok := c.State("en"); ok {
		t.Fatalf("a damaged state was given back: %q", got)
	}
}
