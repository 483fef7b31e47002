package search

import (
	"context"
	"math"
	"reflect"
	"runtime"
	"runtime/debug"
	"sync"
	"unsafe"

	bsearch "github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
)

// maxCachedPostings bounds the body postings an impactCache keeps decoded (8 bytes each, and their distinct norms): a language's whole body
// field is a few million on the largest sites measured, so the bound only stops a pathological index.
const maxCachedPostings = 8 << 20

// slabBytes is the size of the slabs that decoded posting lists are kept in, off the heap: kb search collects
// garbage when the heap has grown several times over what it keeps (see cmd/kb's searchGCPercent), so tens of MB of
// posting lists on the heap would cost several times that in memory.
var slabBytes = 1 << 20 // a variable for tests

// slab is memory mapped for posting lists, unmapped once no list in it (and no slabs allocating from it) is
// reachable.
type slab struct {
	mem  []byte
	used int
}

// slabs hands out room for posting lists from a slab at a time.
type slabs struct {
	mu  sync.Mutex
	cur *slab
}

func newSlab(n int) *slab {
	mem, mapped := mapMemory(n)
	s := &slab{mem: mem}
	if mapped {
		runtime.AddCleanup(s, unmapMemory, mem)
	}
	return s
}

// alloc returns n bytes (a multiple of 4), 8-byte aligned, in a slab, and the slab, which must be kept reachable
// while they are used; a list larger than a quarter of a slab gets one of its own.
func (a *slabs) alloc(n int) (*slab, []byte) {
	if n > slabBytes/4 {
		s := newSlab(n)
		return s, s.mem[:n:n]
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.cur == nil || a.cur.used+n > len(a.cur.mem) {
		a.cur = newSlab(slabBytes)
	}
	s := a.cur
	b := s.mem[s.used : s.used+n : s.used+n]
	s.used += (n + 7) &^ 7
	return s, b
}

// postings is a term's posting list, decoded once from the index reader it was read with (from): document
// numbers, frequencies and norms, in index order. bleve's posting iterator moves to a later document by decoding
// every posting in between (its Advance walks the list when frequencies and norms are wanted), which is most of a
// search's work for a common word whose body clause is skipped and only moved to the documents other clauses find;
// from this copy it moves there by a binary search.
type postings struct {
	from index.IndexReader
	docs []uint32
	fn   []freqNorm // the frequency and norm of each of docs
	// norms are the list's distinct norms (a norm is the field's length, which documents share); lens, if not nil,
	// has for each BM25's length part with average length avg, k1·(1-b+b·length/avg), as bleve's term scorer
	// works it out (see directTerm.score).
	norms []float32
	lens  []float64
	avg   float64
	count uint64 // as the reader counted them
	// slab is where docs and fn are, tables where norms and lens are: off the heap, as a search's heap may grow to
	// several times what it keeps.
	slab, tables *slab
}

// freqNorm is a posting's frequency and its norm's index in norms, side by side: a document's score needs both, and a
// search that moves to a document by a binary search over docs then reads them from one place in memory.
type freqNorm struct {
	freq uint16
	norm uint16
}

// lensExact tells whether a length part worked out apart and then added (tf + lens[i]) gives what bleve's scorer
// gives for the whole expression: where the compiler may fuse a multiply and an add (amd64 from v3 on, and most
// other architectures), it might round them once in one and twice in the other.
var lensExact = func() bool {
	if runtime.GOARCH != "amd64" {
		return false
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "GOAMD64" {
				return s.Value == "v1" || s.Value == "v2"
			}
		}
	}
	return false
}()

// alloc makes room for n postings in a slab of a.
func (p *postings) alloc(a *slabs, n int) {
	if n == 0 {
		return
	}
	var mem []byte
	p.slab, mem = a.alloc(8 * n)
	p.docs = unsafe.Slice((*uint32)(unsafe.Pointer(&mem[0])), n)[:0]
	p.fn = unsafe.Slice((*freqNorm)(unsafe.Pointer(&mem[4*n])), n)[:0]
}

// postingsBuilder collects a posting list as readImpact reads it; ok turns false when a posting does not fit the
// compact form, and the list is then not kept.
type postingsBuilder struct {
	p  *postings
	ok bool
	a  *slabs
	// norms are the list's distinct norms so far, and index the index of each in norms: scratch space, from a pool.
	*normIndex
}

type normIndex struct {
	norms []float32
	index map[float32]uint16
	// recent holds norms found, by a hash of their bits, so that most postings are indexed without the map.
	recent [256]recentNorm
}

type recentNorm struct {
	bits uint32
	at   uint16
	set  bool
}

var normIndexes = sync.Pool{New: func() any { return &normIndex{index: map[float32]uint16{}} }}

// newPostingsBuilder starts a posting list of count postings read from r, in a's slabs; with a nil it keeps nothing.
// avg is the field's average length, for lens (0 for none).
func newPostingsBuilder(r index.IndexReader, count uint64, a *slabs, avg float64) postingsBuilder {
	if a == nil || count > math.MaxInt32/8 {
		return postingsBuilder{}
	}
	p := &postings{from: r, count: count, avg: avg}
	p.alloc(a, int(count))
	ni := normIndexes.Get().(*normIndex)
	ni.norms = ni.norms[:0]
	clear(ni.index)
	clear(ni.recent[:])
	return postingsBuilder{p: p, ok: true, a: a, normIndex: ni}
}

func (b *postingsBuilder) add(d *index.TermFieldDoc) {
	if !b.ok {
		return
	}
	n := docNum(d.ID)
	norm := float32(d.Norm)
	if n > math.MaxUint32 || d.Freq > math.MaxUint16 || float64(norm) != d.Norm || len(d.Vectors) > 0 || len(b.p.docs) == cap(b.p.docs) {
		b.ok = false
		return
	}
	bits := math.Float32bits(norm)
	rn := &b.recent[(bits*0x9E3779B1)>>24]
	ni, seen := rn.at, rn.set && rn.bits == bits
	if !seen {
		ni, seen = b.index[norm]
		*rn = recentNorm{bits: bits, at: ni, set: seen}
	}
	if !seen {
		if len(b.norms) > math.MaxUint16 {
			b.ok = false
			return
		}
		ni = uint16(len(b.norms))
		b.index[norm] = ni
		b.norms = append(b.norms, norm)
		*rn = recentNorm{bits: bits, at: ni, set: true}
	}
	b.p.docs = append(b.p.docs, uint32(n))
	b.p.fn = append(b.p.fn, freqNorm{uint16(d.Freq), ni})
}

// done returns the posting list, if it was kept whole; the builder is not used after.
func (b *postingsBuilder) done() *postings {
	if b.normIndex != nil {
		defer normIndexes.Put(b.normIndex)
	}
	if !b.ok || uint64(len(b.p.docs)) != b.p.count {
		return nil
	}
	p := b.p
	if k := len(b.norms); k > 0 {
		var mem []byte
		p.tables, mem = b.a.alloc(12 * k)
		p.lens = unsafe.Slice((*float64)(unsafe.Pointer(&mem[0])), k)
		p.norms = unsafe.Slice((*float32)(unsafe.Pointer(&mem[8*k])), k)
		copy(p.norms, b.norms)
	}
	if !lensExact || p.avg <= 0 {
		p.lens = nil
	} else {
		for i, n := range p.norms {
			norm := float64(n)
			fieldLength := 1 / (norm * norm)
			p.lens[i] = bsearch.BM25_k1 * (1 - bsearch.BM25_b + (bsearch.BM25_b * fieldLength / p.avg))
		}
	}
	return p
}

// postingsReader wraps an index reader so that the term searchers bleve builds read their postings from the
// decoded copies an impactCache keeps, decoding a term's the first time a query asks for it: scores, counts and
// everything else stay bleve's own.
type postingsReader struct {
	scorchReader
	c *impactCache
}

// scorchReader is what bleve's searchers look for in the reader they are given, beyond index.IndexReader: BM25's
// statistics, and the fuzzy dictionary that finds near spellings with their edit distances. A wrapper must pass
// them on, or bleve takes other paths (another scoring, other near spellings).
type scorchReader interface {
	index.BM25Reader
	index.IndexReaderFuzzy
}

// reader returns r wrapped so that searchers read postings from the cache's decoded copies, or r itself when the
// cache keeps none.
func (c *impactCache) reader(r index.IndexReader) index.IndexReader {
	if c == nil || c.undecoded {
		return r
	}
	sr, ok := r.(scorchReader)
	if !ok {
		return r
	}
	return &postingsReader{scorchReader: sr, c: c}
}

// TermFieldReader answers a term's postings from the decoded copy, when the cache has or can keep one.
func (r *postingsReader) TermFieldReader(ctx context.Context, term []byte, field string, includeFreq, includeNorm, includeTermVectors bool) (index.TermFieldReader, error) {
	if !includeTermVectors {
		im, err := r.c.lookup(ctx, r.scorchReader, field, string(term))
		if err != nil {
			return nil, err
		}
		if p := im.postings; p != nil && p.from == r.scorchReader {
			return &postingsIterator{p: p, freq: includeFreq, norm: includeNorm}, nil
		}
	}
	return r.scorchReader.TermFieldReader(ctx, term, field, includeFreq, includeNorm, includeTermVectors)
}

// postingsIterator is an index.TermFieldReader over a decoded posting list, as bleve's: Next gives the next
// posting, Advance the first at or after a document, wherever the iterator stands.
type postingsIterator struct {
	p          *postings
	i          int // the next posting
	freq, norm bool
	// last is the document of the last posting given, if given.
	last  uint32
	given bool
}

var reflectStaticSizePostingsIterator = int(reflect.TypeOf(postingsIterator{}).Size())

func (it *postingsIterator) Next(d *index.TermFieldDoc) (*index.TermFieldDoc, error) {
	if it.i >= len(it.p.docs) {
		return nil, nil
	}
	return it.at(d), nil
}

// seek returns the index of the first posting at or after document n, as bleve's reader moves: back to the start for
// a document not past the last one given (given, last), else on from i, galloping, even when i is at the end.
func (p *postings) seek(i int, given bool, last uint32, n uint64) int {
	docs := p.docs
	lo, hi := i, len(docs)
	if given && uint64(last) >= n {
		lo = 0
	} else if lo < hi && uint64(docs[lo]) < n {
		step := 1
		for lo+step < hi && uint64(docs[lo+step]) < n {
			lo += step
			step *= 2
		}
		hi = min(hi, lo+step+1)
	}
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if uint64(docs[m]) < n {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

func (it *postingsIterator) Advance(id index.IndexInternalID, d *index.TermFieldDoc) (*index.TermFieldDoc, error) {
	n := docNum(id)
	it.i = it.p.seek(it.i, it.given, it.last, n)
	return it.Next(d)
}

// at fills d with the posting at i, as bleve's reader fills it, and moves on.
func (it *postingsIterator) at(d *index.TermFieldDoc) *index.TermFieldDoc {
	if d == nil {
		d = &index.TermFieldDoc{}
	}
	it.last, it.given = it.p.docs[it.i], true
	d.ID = internalIDAppend(d.ID, uint64(it.last))
	if it.freq {
		d.Freq = uint64(it.p.fn[it.i].freq)
	}
	if it.norm {
		d.Norm = float64(it.p.norms[it.p.fn[it.i].norm])
	}
	it.i++
	return d
}

// internalIDAppend writes n as a bleve internal id into buf's memory when it has room.
func internalIDAppend(buf index.IndexInternalID, n uint64) index.IndexInternalID {
	if cap(buf) < 8 {
		buf = make(index.IndexInternalID, 8)
	}
	return internalID((*[8]byte)(buf[:8]), n)
}

func (it *postingsIterator) Count() uint64 { return it.p.count }
func (it *postingsIterator) Close() error  { return nil }
func (it *postingsIterator) Size() int     { return reflectStaticSizePostingsIterator }
