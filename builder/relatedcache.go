package builder

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"sync"
)

// relatedCacheFile, in <site>/.kb/cache, keeps each language's computed
// related articles with a digest of everything they are computed from, so
// that a build in a fresh checkout whose titles, tags, descriptions and
// sections did not change (an edit of article text changes none of them)
// takes them rather than weighing every article's terms again.
const relatedCacheFile = "related"

// relatedEntry is one language's computed related articles: for each
// relatable page in order, the indexes of its best matches, best first
// (before the pinned ones are put in front).
type relatedEntry struct {
	Key [32]byte
	Top [][]int32
}

// relatedCache is read from the last build and written for the next one
// (only this build's languages). It is safe for concurrent use.
type relatedCache struct {
	mu   sync.Mutex
	old  map[string]relatedEntry // by language code
	used map[string]relatedEntry
	hits int
}

func newRelatedCache() *relatedCache {
	return &relatedCache{old: map[string]relatedEntry{}, used: map[string]relatedEntry{}}
}

func decodeRelatedCache(data []byte) (*relatedCache, error) {
	c := newRelatedCache()
	if err := openGob(data, &c.old); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *relatedCache) encode() ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return sealGob(c.used)
}

// get returns the language's related articles when they were computed
// from inputs with digest key for n pages; nil otherwise.
func (c *relatedCache) get(lang string, key [32]byte, n int) [][]int32 {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.old[lang]
	if !ok || e.Key != key || len(e.Top) != n {
		return nil
	}
	for i, top := range e.Top {
		if len(top) > relatedCount {
			return nil
		}
		for _, d := range top {
			if d < 0 || int(d) >= n || int(d) == i {
				return nil
			}
		}
	}
	c.used[lang] = e
	c.hits++
	return e.Top
}

func (c *relatedCache) put(lang string, key [32]byte, top [][]int32) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.used[lang] = relatedEntry{Key: key, Top: top}
}

// relatedKey digests what a language's computed related articles are
// made of: each relatable page in order, with its output path, title,
// tags, description and section.
func relatedKey(lang string, docs []*page) [32]byte {
	h := sha256.New()
	var b []byte
	b = appendString(b, lang)
	b = binary.AppendUvarint(b, uint64(len(docs)))
	for _, p := range docs {
		b = appendString(b, p.out)
		b = appendString(b, p.title)
		b = binary.AppendUvarint(b, uint64(len(p.src.Meta.Tags)))
		for _, t := range p.src.Meta.Tags {
			b = appendString(b, t)
		}
		b = appendString(b, p.src.Meta.Description)
		if p.section != nil {
			b = appendString(append(b, 1), p.section.name)
		} else {
			b = append(b, 0)
		}
		if len(b) > 32<<10 {
			h.Write(b)
			b = b[:0]
		}
	}
	h.Write(b)
	return [32]byte(h.Sum(nil))
}

// openRelatedCache reads the related articles of the last build; a
// missing, foreign or damaged file gives an empty cache (a damaged one
// with a note). nil when the kb binary cannot be read.
func (s *Session) openRelatedCache() *relatedCache {
	data, ok := s.readSideCache(relatedCacheFile)
	if !ok {
		return nil
	}
	if data == nil {
		return newRelatedCache()
	}
	c, err := decodeRelatedCache(data)
	if err != nil {
		s.cacheNote(fmt.Sprintf("ignoring the build cache's %s: %v", relatedCacheFile, err))
		return newRelatedCache()
	}
	return c
}
