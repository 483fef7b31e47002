package search

import (
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

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
	cache   *docCache // may be nil
	snap    *scorch.IndexSnapshot
	segs    []*scorch.SegmentSnapshot
	offsets []uint64 // the first document number of each segment, as scorch numbers them
}

func newStoredReader(r index.IndexReader, cache *docCache) *storedReader {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return &storedReader{}
	}
	sr := &storedReader{cache: cache, snap: snap, segs: snap.Segments()}
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
	key := docKey{seg.Id(), local}
	if d := sr.cache.get(key); d != nil && d.id == h.ID {
		h.Fields = d.fields
		return true
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
		body, _ := fields[fieldBody].(string)
		sr.cache.put(key, &cachedDoc{id: strings.Clone(h.ID), fields: fields, body: body})
	}
	return true
}

// docCache keeps the stored fields of the documents that hits were read from last, and the words of their bodies as
// snippets split them (see snippeter.findIn), up to docCacheBytes: reading a document's fields decompresses all of
// them, and splitting its body into words was most of a snippet's work. A page of hits for a query nobody asked
// before is mostly of documents that earlier queries found. Documents are known by their segment's id and their
// number in it, which no other document ever has in the same index (segments are never changed, only replaced by
// new ones with new ids); the hit's ID is checked too. The oldest document goes first.
type docCache struct {
	max    int // bytes per shard
	shards [docCacheShards]docShard
	byBody sync.Map // *byte → *cachedDoc, by the body's first byte: snippets are handed the body only
}

// docCacheBytes bounds the bodies and words a docCache keeps, about 2,000 help articles with their words.
const (
	docCacheBytes  = 32 << 20
	docCacheShards = 16
)

type docShard struct {
	mu    sync.Mutex
	byKey map[docKey]*cachedDoc
	order []*cachedDoc // oldest first, from head
	head  int
	bytes int
}

type docKey struct{ seg, num uint64 }

type cachedDoc struct {
	key    docKey
	id     string
	fields map[string]any // shared by every hit of the document: read only
	body   string
	words  atomic.Pointer[[]bodyWord] // the body's words, once a snippet has split it
	size   int
}

// newDocCache returns a cache of up to about max bytes of documents.
func newDocCache(max int) *docCache {
	c := &docCache{max: max / docCacheShards}
	for i := range c.shards {
		c.shards[i].byKey = map[docKey]*cachedDoc{}
	}
	return c
}

func (c *docCache) shard(k docKey) *docShard {
	return &c.shards[(k.seg*0x9E3779B97F4A7C15^k.num)%docCacheShards]
}

// get returns the document at k, or nil.
func (c *docCache) get(k docKey) *cachedDoc {
	if c == nil {
		return nil
	}
	sh := c.shard(k)
	sh.mu.Lock()
	d := sh.byKey[k]
	sh.mu.Unlock()
	return d
}

// put keeps d as the document at k, dropping the oldest documents of its shard past the shard's share of
// docCacheBytes.
func (c *docCache) put(k docKey, d *cachedDoc) {
	if c == nil || len(d.body) == 0 {
		return
	}
	d.key = k
	d.size = len(d.body) + 256 // the other fields, the maps' entries
	sh := c.shard(k)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if _, ok := sh.byKey[k]; ok {
		return // another search read it at the same time
	}
	sh.byKey[k] = d
	c.byBody.Store(unsafe.StringData(d.body), d)
	sh.order = append(sh.order, d)
	sh.bytes += d.size
	for sh.bytes > c.max && sh.head < len(sh.order)-1 {
		old := sh.order[sh.head]
		sh.order[sh.head] = nil
		sh.head++
		delete(sh.byKey, old.key)
		c.byBody.CompareAndDelete(unsafe.StringData(old.body), old)
		sh.bytes -= old.size
	}
	if sh.head > len(sh.order)/2 {
		sh.order = append(sh.order[:0], sh.order[sh.head:]...)
		sh.head = 0
	}
}

// words returns the words of body as splitWords splits it, if body is a cached document's: worked out the first
// time and kept with it.
func (c *docCache) words(body string) []bodyWord {
	if c == nil || len(body) == 0 {
		return nil
	}
	v, _ := c.byBody.Load(unsafe.StringData(body))
	d, _ := v.(*cachedDoc)
	if d == nil || len(d.body) != len(body) {
		return nil
	}
	if w := d.words.Load(); w != nil {
		return *w
	}
	w := splitWords(body)
	if d.words.CompareAndSwap(nil, &w) {
		sh := c.shard(d.key)
		sh.mu.Lock()
		if sh.byKey[d.key] == d {
			sh.bytes += len(w) * int(unsafe.Sizeof(bodyWord{}))
			d.size += len(w) * int(unsafe.Sizeof(bodyWord{}))
		}
		sh.mu.Unlock()
	}
	return w
}
