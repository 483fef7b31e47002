package search

import (
	"context"
	"path/filepath"
	"testing"
)

// TestUpdateKeepsSegmentsFew checks that a long editing session, each save a different page, piles up neither
// segments (each Update writes one) nor their files, however slowly scorch's background merger and clean-up would
// run: after every update the index has at most maxUpdatedSegments segments and no file besides theirs, and it
// answers for every edit.
func TestUpdateKeepsSegmentsFew(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	docs := genDocs(100)
	if err := Build(context.Background(), dir, docs); err != nil {
		t.Fatal(err)
	}
	lang := docs[0].Lang
	const edits = 20
	for i := range edits {
		d := docs[i]
		if d.Lang != lang {
			t.Fatalf("genDocs: %s is in %s, want the first %d in %s", d.ID, d.Lang, edits, lang)
		}
		d.Body += " Kbeditmark."
		if err := Update(context.Background(), dir, []Document{d}, nil); err != nil {
			t.Fatal(err)
		}
		segments := segmentCount(t, langPath(dir, lang))
		if segments > maxUpdatedSegments {
			t.Fatalf("update %d: %d segments, want at most %d", i+1, segments, maxUpdatedSegments)
		}
		if zaps, _ := filepath.Glob(filepath.Join(langPath(dir, lang), "store", "*.zap")); len(zaps) != segments {
			t.Fatalf("update %d: %d segment files for %d segments", i+1, len(zaps), segments)
		}
	}
	// A language that updates make, a page at a time: its segments are all alike.
	for i := range edits {
		d := docs[i]
		d.Lang, d.ID = "pt-BR", d.ID+"-pt"
		if err := Update(context.Background(), dir, []Document{d}, nil); err != nil {
			t.Fatal(err)
		}
		if segments := segmentCount(t, langPath(dir, d.Lang)); segments > maxUpdatedSegments {
			t.Fatalf("pt-BR update %d: %d segments, want at most %d", i+1, segments, maxUpdatedSegments)
		}
	}
	entries, _ := filepath.Glob(filepath.Join(filepath.Dir(dir), "*"))
	if len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	res, err := ix.Search(context.Background(), Query{Text: "kbeditmark", Lang: lang, Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != edits {
		t.Errorf("the edits' word found on %d pages, want %d", res.Total, edits)
	}
}
