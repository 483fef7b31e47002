package content

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"maps"
	"slices"
	"sync"
	"time"
)

// FrontMatterCache keeps decoded front matter by a digest of its bytes, so
// that a build in a fresh checkout (every mtime new, as in CI) does not run
// the TOML or YAML decoder again for front matter it decoded last time.
// Only front matter that decoded without a diagnostic is kept: what a hit
// gives is then exactly what decoding gives (Meta and the untranslated key),
// and the messages of a broken block, which name its file, always come
// from the decoder. The digest covers the delimiter and the block's bytes
// (after line endings are normalized, as the decoders see them); the caller
// keys the whole cache on the kb binary, whose decoders made the entries.
//
// It is safe for concurrent use. Encode writes the entries this load used
// or added, so the cache holds no more than one site's front matter.
type FrontMatterCache struct {
	mu   sync.Mutex
	old  map[[32]byte][]byte // as read: encoded entries
	used map[[32]byte][]byte
	hits int
	puts int // entries added to used that old did not give
}

// fmCacheMagic starts an encoded cache; it changes whenever an entry's
// encoding or meaning does.
const fmCacheMagic = "kb front matter cache 3\n"

var fmCRC = crc32.MakeTable(crc32.Castagnoli)

// NewFrontMatterCache returns an empty cache.
func NewFrontMatterCache() *FrontMatterCache {
	return &FrontMatterCache{old: map[[32]byte][]byte{}, used: map[[32]byte][]byte{}}
}

// DecodeFrontMatterCache reads what Encode wrote. A damaged cache is an
// error (the caller then starts an empty one).
func DecodeFrontMatterCache(data []byte) (*FrontMatterCache, error) {
	c := NewFrontMatterCache()
	if len(data) < len(fmCacheMagic)+4 || string(data[:len(fmCacheMagic)]) != fmCacheMagic {
		return nil, errors.New("not a front matter cache of this kb")
	}
	body, sum := data[:len(data)-4], binary.LittleEndian.Uint32(data[len(data)-4:])
	if crc32.Checksum(body, fmCRC) != sum {
		return nil, errors.New("front matter cache: checksum mismatch")
	}
	rest := body[len(fmCacheMagic):]
	for len(rest) > 0 {
		if len(rest) < 32 {
			return nil, errors.New("front matter cache: truncated")
		}
		key := [32]byte(rest[:32])
		n, w := binary.Uvarint(rest[32:])
		if w <= 0 || uint64(len(rest)-32-w) < n {
			return nil, errors.New("front matter cache: truncated")
		}
		rest = rest[32+w:]
		c.old[key] = rest[:n:n]
		rest = rest[n:]
	}
	c.used = make(map[[32]byte][]byte, len(c.old)) // grown under the lock, it would hold up the load
	return c, nil
}

// Encode writes the entries this load used or added, in digest order.
func (c *FrontMatterCache) Encode() []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := []byte(fmCacheMagic)
	for _, key := range slices.SortedFunc(maps.Keys(c.used), func(a, b [32]byte) int { return bytes.Compare(a[:], b[:]) }) {
		v := c.used[key]
		out = append(out, key[:]...)
		out = binary.AppendUvarint(out, uint64(len(v)))
		out = append(out, v...)
	}
	return binary.LittleEndian.AppendUint32(out, crc32.Checksum(out, fmCRC))
}

// Unchanged reports whether Encode would give back what was decoded: every
// entry read was used and none added (a build that changed no front
// matter), so the file need not be written again.
func (c *FrontMatterCache) Unchanged() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.puts == 0 && len(c.used) == len(c.old)
}

// Hits is how many front matters came from the cache.
func (c *FrontMatterCache) Hits() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hits
}

// frontMatterKey digests what the decoders read.
func frontMatterKey(delim string, block []byte) [32]byte {
	h := sha256.New()
	h.Write([]byte(delim))
	h.Write([]byte{0})
	h.Write(block)
	return [32]byte(h.Sum(nil))
}

// get returns the decoded front matter of the block with digest key.
func (c *FrontMatterCache) get(key [32]byte) (m Meta, untranslated bool, ok bool) {
	// old is not written once decoded: the load's workers read it without
	// the lock, which they would otherwise take turns at for every page.
	v, ok := c.old[key]
	if !ok {
		c.mu.Lock()
		v, ok = c.used[key] // put by a page of this build
		c.mu.Unlock()
		if !ok {
			return Meta{}, false, false
		}
	}
	if m, untranslated, ok = decodeMeta(v); !ok {
		return Meta{}, false, false // decoded again, and put back
	}
	c.mu.Lock()
	c.used[key] = v
	c.hits++
	c.mu.Unlock()
	return m, untranslated, true
}

// put keeps m, unless it holds what the encoding cannot give back exactly.
func (c *FrontMatterCache) put(key [32]byte, m Meta, untranslated bool) {
	v, ok := encodeMeta(m, untranslated)
	if !ok {
		return
	}
	c.mu.Lock()
	c.puts++
	c.used[key] = v
	c.mu.Unlock()
}

// encodeMeta writes m's fields in order: strings and lists with uvarint
// lengths, numbers as varints, times as a flag, Unix seconds and
// nanoseconds. ok is false for a time that is not in UTC (an offset
// date-time keeps its zone, which this encoding does not), and for a page
// with params: their values are of any type, and whether their keys warn
// depends on the site's templates, which the cache's key does not cover.
func encodeMeta(m Meta, untranslated bool) (out []byte, ok bool) {
	if len(m.Params) > 0 {
		return nil, false
	}
	str := func(s string) {
		out = binary.AppendUvarint(out, uint64(len(s)))
		out = append(out, s...)
	}
	list := func(ss []string) {
		if ss == nil {
			out = append(out, 0)
			return
		}
		out = binary.AppendUvarint(out, uint64(len(ss))+1)
		for _, s := range ss {
			str(s)
		}
	}
	flag := func(b bool) {
		if b {
			out = append(out, 1)
		} else {
			out = append(out, 0)
		}
	}
	ok = true
	tm := func(t time.Time) {
		if t.IsZero() {
			out = append(out, 0)
			if t.Location() != time.UTC {
				ok = false
			}
			return
		}
		if t.Location() != time.UTC {
			ok = false
		}
		out = append(out, 1)
		out = binary.AppendVarint(out, t.Unix())
		out = binary.AppendUvarint(out, uint64(t.Nanosecond()))
	}
	str(m.Title)
	str(m.Description)
	str(m.LinkTitle)
	out = binary.AppendVarint(out, int64(m.Weight))
	list(m.Tags)
	str(m.Type)
	flag(m.Draft)
	str(m.Slug)
	list(m.Aliases)
	str(m.TranslationKey)
	tm(m.Date)
	tm(m.Updated)
	tm(m.Effective)
	str(m.TranslatedFrom)
	list(m.Related)
	flag(m.Featured)
	tm(m.PublishDate)
	tm(m.ExpiryDate)
	str(m.NotRendered)
	flag(m.Unlisted)
	flag(m.NoSearch)
	flag(m.NoIndex)
	flag(m.NoSitemap)
	str(m.URL)
	str(m.SlugPath)
	str(m.RedirectTo)
	str(m.Intro)
	str(m.Banner)
	if n := m.Lines.count(); n == 0 {
		out = append(out, 0)
	} else {
		out = binary.AppendUvarint(out, uint64(n)+1)
		m.Lines.each(func(k string, line int) {
			str(k)
			out = binary.AppendVarint(out, int64(line))
		})
	}
	flag(untranslated)
	return out, ok
}

// decodeMeta reads what encodeMeta wrote; ok is false for bytes it did not
// write.
func decodeMeta(b []byte) (m Meta, untranslated bool, ok bool) {
	bad := false
	uv := func() uint64 {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			bad = true
			return 0
		}
		b = b[n:]
		return v
	}
	sv := func() int64 {
		v, n := binary.Varint(b)
		if n <= 0 {
			bad = true
			return 0
		}
		b = b[n:]
		return v
	}
	str := func() string {
		n := uv()
		if bad || uint64(len(b)) < n {
			bad = true
			return ""
		}
		s := string(b[:n])
		b = b[n:]
		return s
	}
	list := func() []string {
		n := uv()
		if bad || n == 0 {
			return nil
		}
		if n-1 > uint64(len(b)) {
			bad = true
			return nil
		}
		ss := make([]string, n-1)
		for i := range ss {
			ss[i] = str()
		}
		return ss
	}
	flag := func() bool {
		if len(b) == 0 {
			bad = true
			return false
		}
		v := b[0]
		b = b[1:]
		return v == 1
	}
	tm := func() time.Time {
		if !flag() {
			return time.Time{}
		}
		sec := sv()
		ns := uv()
		return time.Unix(sec, int64(ns)).UTC()
	}
	m.Title = str()
	m.Description = str()
	m.LinkTitle = str()
	m.Weight = int(sv())
	m.Tags = list()
	m.Type = str()
	m.Draft = flag()
	m.Slug = str()
	m.Aliases = list()
	m.TranslationKey = str()
	m.Date = tm()
	m.Updated = tm()
	m.Effective = tm()
	m.TranslatedFrom = str()
	m.Related = list()
	m.Featured = flag()
	m.PublishDate = tm()
	m.ExpiryDate = tm()
	m.NotRendered = str()
	m.Unlisted = flag()
	m.NoSearch = flag()
	m.NoIndex = flag()
	m.NoSitemap = flag()
	m.URL = str()
	m.SlugPath = str()
	m.RedirectTo = str()
	m.Intro = str()
	m.Banner = str()
	if n := uv(); n > 0 && !bad {
		if n-1 > uint64(len(b)) {
			return Meta{}, false, false
		}
		for range n - 1 {
			k := str()
			if !m.Lines.set(k, int(sv())) {
				bad = true
			}
		}
	}
	untranslated = flag()
	if bad || len(b) != 0 {
		return Meta{}, false, false
	}
	return m, untranslated, true
}
