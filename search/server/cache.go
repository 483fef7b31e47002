package server

import (
	"container/list"
	"hash/maphash"
	"strconv"
	"strings"
	"sync"

	"kb/search"
)

// resultCache keeps the answers to recent queries. Customers ask the same
// popular questions, and search as you type sends the same prefixes many
// times; answering those from memory keeps the index free for the rest.
// Keys include the index build, so a swapped index never serves old answers.
// It keeps each answer encoded, so a repeat costs a lookup and a write, and
// it is split into shards, each with its own lock and its own share of the
// entries, so that concurrent requests rarely wait for each other.
type resultCache struct {
	seed   maphash.Seed
	shards []cacheShard
}

// answer is a search result and its JSON encoding, as the API sends it.
type answer struct {
	res  search.Result
	body []byte
}

type cacheShard struct {
	mu    sync.Mutex
	max   int
	order *list.List // front: most recently used
	items map[string]*list.Element
}

type cacheEntry struct {
	key string
	ans answer
}

// cacheShards is how many shards a cache of at least minShardedCache
// entries has; a smaller one is one exact LRU.
const (
	cacheShards     = 16
	minShardedCache = 1024
)

func newResultCache(max int) *resultCache {
	n := 1
	if max >= minShardedCache {
		n = cacheShards
	}
	c := &resultCache{seed: maphash.MakeSeed(), shards: make([]cacheShard, n)}
	for i := range c.shards {
		size := max / n
		c.shards[i] = cacheShard{max: size, order: list.New(), items: make(map[string]*list.Element, size)}
	}
	return c
}

func cacheKey(build string, q search.Query) string {
	var b strings.Builder
	b.Grow(len(build) + len(q.Lang) + len(q.Section) + len(q.Text) + 8)
	for _, s := range []string{build, q.Lang, q.Section, strconv.Itoa(q.Limit), q.Text} {
		b.WriteString(s)
		b.WriteByte(0)
	}
	return b.String()
}

func (c *resultCache) shard(key string) *cacheShard {
	if len(c.shards) == 1 {
		return &c.shards[0]
	}
	return &c.shards[maphash.String(c.seed, key)%uint64(len(c.shards))]
}

func (c *resultCache) get(key string) (answer, bool) {
	s := c.shard(key)
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.items[key]; ok {
		s.order.MoveToFront(e)
		return e.Value.(*cacheEntry).ans, true
	}
	return answer{}, false
}

func (c *resultCache) put(key string, ans answer) {
	s := c.shard(key)
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.items[key]; ok {
		e.Value.(*cacheEntry).ans = ans
		s.order.MoveToFront(e)
		return
	}
	s.items[key] = s.order.PushFront(&cacheEntry{key, ans})
	for s.order.Len() > s.max {
		last := s.order.Back()
		s.order.Remove(last)
		delete(s.items, last.Value.(*cacheEntry).key)
	}
}
