package search

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/simple"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/registry"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	zap "github.com/blevesearch/zapx/v16"

	"kb/internal/rawfile"
)

// newSegment makes a segment of one analyzed document per text with z.
func newSegment(t *testing.T, z chunkedZap, texts ...string) segment.Segment {
	t.Helper()
	an, err := registry.NewCache().AnalyzerNamed(simple.Name)
	if err != nil {
		t.Fatal(err)
	}
	var docs []index.Document
	for i, text := range texts {
		d := document.NewDocument(string(rune('a' + i)))
		d.AddField(document.NewTextFieldCustom("body", nil, []byte(text), index.IndexField|index.StoreField, an))
		d.AddIDField()
		d.VisitFields(func(f index.Field) { f.Analyze() })
		docs = append(docs, d)
	}
	seg, _, err := z.New(docs)
	if err != nil {
		t.Fatal(err)
	}
	return seg
}

// A segment persisted in chunks is the file bleve's zap writes, and a
// merge of new segments (as an index kept in memory makes) takes them.
func TestChunkedZapWritesZapsFiles(t *testing.T) {
	z := chunkedZap{&zap.ZapPlugin{}}
	dir := t.TempDir()
	// Big enough to take several chunks: words that do not repeat.
	var long strings.Builder
	for i := range rawfile.WriteChunk / 2 {
		fmt.Fprintf(&long, "parcel%d ", i*7919)
	}
	seg := newSegment(t, z, long.String(), "where is my parcel")
	ours, theirs := filepath.Join(dir, "ours.zap"), filepath.Join(dir, "theirs.zap")
	if err := seg.(segment.UnpersistedSegment).Persist(ours); err != nil {
		t.Fatal(err)
	}
	if err := zap.PersistSegmentBase(seg.(chunkedSegment).SegmentBase, theirs); err != nil {
		t.Fatal(err)
	}
	a, _ := os.ReadFile(ours)
	b, _ := os.ReadFile(theirs)
	if len(a) <= rawfile.WriteChunk {
		t.Fatalf("the segment file has %d bytes, no more than one chunk", len(a))
	}
	if i := firstDifference(a, b); i >= 0 {
		t.Fatalf("the chunked segment file (%d bytes) differs from zap's (%d bytes) from byte %d", len(a), len(b), i)
	}

	other := newSegment(t, z, "my parcel is late")
	merged := filepath.Join(dir, "merged.zap")
	if _, _, err := z.Merge([]segment.Segment{seg, other}, []*roaring.Bitmap{nil, nil}, merged, nil, nil); err != nil {
		t.Fatalf("merging new segments: %v", err)
	}
	opened, err := z.Open(merged)
	if err != nil {
		t.Fatal(err)
	}
	defer opened.Close()
	if opened.Count() != 3 {
		t.Fatalf("the merged segment holds %d documents, want 3", opened.Count())
	}
}

func firstDifference(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	if len(a) != len(b) {
		return min(len(a), len(b))
	}
	return -1
}
