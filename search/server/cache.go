package server

import (
	"container/list"
	"fmt"
	"sync"

	"kb/search"
)

// resultCache keeps the answers to recent queries. Customers ask the same
// popular questions, and search as you type sends the same prefixes many
// times; answering those from memory keeps the index free for the rest.
// Keys include the index build, so a swapped index never serves old answers.
type resultCache struct {
	mu    sync.Mutex
	max   int
	order *list.List // front: most recently used
	items map[string]*list.Element
}

type cacheEntry struct {
	key string
	res search.Result
}

func newResultCache(max int) *resultCache {
	return &resultCache{max: max, order: list.New(), items: make(map[string]*list.Element, max)}
}

func cacheKey(build string, q search.Query) string {
	return fmt.Sprintf("%s\x00%s\x00%s\x00%d\x00%s", build, q.Lang, q.Section, q.Limit, q.Text)
}

func (c *resultCache) get(key string) (search.Result, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[key]; ok {
		c.order.MoveToFront(e)
		return e.Value.(*cacheEntry).res, true
	}
	return search.Result{}, false
}

func (c *resultCache) put(key string, res search.Result) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[key]; ok {
		e.Value.(*cacheEntry).res = res
		c.order.MoveToFront(e)
		return
	}
	c.items[key] = c.order.PushFront(&cacheEntry{key, res})
	for c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.items, last.Value.(*cacheEntry).key)
	}
}
