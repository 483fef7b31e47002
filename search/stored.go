package search

import (
	"slices"
	"sort"

	"github.com/blevesearch/bleve/v2/index/scorch"
	bsearch "github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
)

// storedReader reads hits' stored fields straight from their segment, by the document number the search found
// them at: bleve's LoadAndHighlightFields looks each hit's ID up again, then copies every stored field of the
// document into field objects, and only then picks the ones asked for. It gives up (false) on whatever it is not
// sure of, for LoadAndHighlightFields to read: a reader that is not scorch's, a document number that names another
// document in this reader (an update came in between), a field of a kind kb does not store, a field stored twice.
type storedReader struct {
	snap    *scorch.IndexSnapshot
	segs    []*scorch.SegmentSnapshot
	offsets []uint64 // the first document number of each segment, as scorch numbers them
}

func newStoredReader(r index.IndexReader) *storedReader {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return &storedReader{}
	}
	sr := &storedReader{snap: snap, segs: snap.Segments()}
	running := uint64(0)
	for _, s := range sr.segs {
		sr.offsets = append(sr.offsets, running)
		running += s.Segment().Count()
	}
	return sr
}

// load sets h.Fields to the stored fields of storedFields that its document has, as LoadAndHighlightFields would,
// and reports whether it could.
func (sr *storedReader) load(h *bsearch.DocumentMatch) bool {
	if sr.snap == nil || len(h.IndexInternalID) != 8 {
		return false
	}
	num := docNum(h.IndexInternalID)
	i := sort.Search(len(sr.offsets), func(x int) bool { return sr.offsets[x] > num }) - 1
	if i < 0 {
		return false
	}
	seg, local := sr.segs[i], num-sr.offsets[i]
	if d := seg.Deleted(); d != nil && d.Contains(uint32(local)) {
		return false
	}
	fields := make(map[string]any, len(storedFields))
	ok := false
	err := seg.VisitDocument(local, func(name string, typ byte, val []byte, _ []uint64) bool {
		if name == "_id" {
			ok = string(val) == h.ID
			return ok
		}
		if !ok || !slices.Contains(storedFields, name) {
			return ok
		}
		var v any
		switch {
		case typ == 't':
			v = string(val)
		case typ == 'b' && len(val) == 1:
			v = val[0] == 'T'
		default:
			ok = false
			return false
		}
		if _, twice := fields[name]; twice {
			ok = false
			return false
		}
		fields[name] = v
		return true
	})
	if err != nil || !ok {
		return false
	}
	if len(fields) > 0 {
		h.Fields = fields
	}
	return true
}
