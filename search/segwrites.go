package search

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	zap "github.com/blevesearch/zapx/v16"

	"kb/internal/rawfile"
)

// The server index's segment files are written WriteChunk bytes at a time
// (see rawfile.WriteChunk), where bleve would write a new segment in one
// call and merge through a buffer of a megabyte: bleve's zap plugin, the
// one its indexes are written with, is replaced by chunkedZap, which
// writes the same files.
func init() {
	zap.DefaultFileMergerBufferSize = rawfile.WriteChunk
	scorch.RegisterSegmentPlugin(chunkedZap{&zap.ZapPlugin{}}, true)
}

// chunkedZap is bleve's zap plugin, whose new segments persist in chunks.
type chunkedZap struct{ *zap.ZapPlugin }

// New makes a segment of results in the order of their IDs. bleve's Builder
// hands them over in the order of a map's iteration, which differs from run
// to run: the same documents then made another index each time, whose
// searches met them in another order and so counted other totals (see
// Result.Total).
func (z chunkedZap) New(results []index.Document) (segment.Segment, uint64, error) {
	slices.SortFunc(results, func(a, b index.Document) int { return strings.Compare(a.ID(), b.ID()) })
	s, n, err := z.ZapPlugin.New(results)
	if sb, ok := s.(*zap.SegmentBase); ok {
		return chunkedSegment{sb}, n, err
	}
	return s, n, err
}

// Merge hands zap its own segments: it refuses any other type.
func (z chunkedZap) Merge(segs []segment.Segment, drops []*roaring.Bitmap, path string, closeCh chan struct{}, s segment.StatsReporter) ([][]uint64, uint64, error) {
	unwrapped := make([]segment.Segment, len(segs))
	for i, seg := range segs {
		if c, ok := seg.(chunkedSegment); ok {
			seg = c.SegmentBase
		}
		unwrapped[i] = seg
	}
	return z.ZapPlugin.Merge(unwrapped, drops, path, closeCh, s)
}

// scratchFolders holds the folders (feedLang's segmentsPath) in a folder
// under which a bleve Builder writes a language's segments of batchSize
// documents before it merges them into the index's one segment. Such a segment is read once, by the merge, and then deleted: it
// is written without waiting for the disk to have it (fsync). On 30,000
// pages those were 280 waits of 3 to 9 ms, each on the one goroutine that
// a language's indexing, and so the rendering of the next language, waits
// for. The merged segment and the index's root are still synced.
var scratchFolders sync.Map

// chunkedSegment is a new segment, not yet on disk.
type chunkedSegment struct{ *zap.SegmentBase }

// Persist writes the segment as zap.PersistSegmentBase does, in chunks.
func (s chunkedSegment) Persist(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	_, err = s.WriteTo(rawfile.ChunkWriter{W: f})
	if _, scratch := scratchFolders.Load(filepath.Dir(filepath.Dir(path))); err == nil && !scratch {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path) // bleve's error names it
	}
	return err
}
