package search

import (
	"context"
	"path/filepath"
	"testing"
)

// TestUpdateKeepsSegmentsFew checks that a long editing session does not pile up segments (each Update writes one)
// or files: scorch merges them when the clone is opened.
func TestUpdateKeepsSegmentsFew(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	docs := genDocs(100)
	if err := Build(context.Background(), dir, docs); err != nil {
		t.Fatal(err)
	}
	d := docs[0]
	for range 20 {
		d.Body += " edited"
		if err := Update(context.Background(), dir, []Document{d}, nil); err != nil {
			t.Fatal(err)
		}
	}
	zaps, _ := filepath.Glob(filepath.Join(langPath(dir, d.Lang), "store", "*.zap"))
	if len(zaps) > 8 {
		t.Errorf("%d segment files after 20 updates, want a few", len(zaps))
	}
	entries, _ := filepath.Glob(filepath.Join(filepath.Dir(dir), "*"))
	if len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
}
