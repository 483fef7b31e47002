package server

import (
	"strings"
	"testing"

	"kb/search"
)

func TestResultCacheKeepsRecentAnswers(t *testing.T) {
	c := newResultCache(2)
	a := cacheKey("b1", search.Query{Text: "returns", Lang: "en", Limit: 10})
	b := cacheKey("b1", search.Query{Text: "returns", Lang: "ar", Limit: 10})
	d := cacheKey("b2", search.Query{Text: "returns", Lang: "en", Limit: 10})
	c.put(a, answer{res: search.Result{Total: 1}})
	c.put(b, answer{res: search.Result{Total: 2}})
	if r, ok := c.get(a); !ok || r.res.Total != 1 {
		t.Fatalf("get a = %v, %v", r, ok)
	}
	if _, ok := c.get(d); ok {
		t.Fatal("an answer of another index build was served")
	}
	c.put(d, answer{res: search.Result{Total: 3}}) // evicts b, the least recently used
	if _, ok := c.get(b); ok {
		t.Error("the least recently used answer was kept past the limit")
	}
	if _, ok := c.get(a); !ok {
		t.Error("a recently used answer was evicted")
	}
}

func TestSearchAnswersRepeatsFromCache(t *testing.T) {
	srv, op := newTestServer(t, nil)
	for i := range 3 {
		if w := get(t, srv.Handler(), "/api/search?q=returns&lang=en"); w.Code != 200 {
			t.Fatalf("search %d: %d", i, w.Code)
		}
	}
	idx := op.all()[0]
	if n := idx.calls.Load(); n != 1 {
		t.Errorf("the index ran %d searches for 3 identical queries, want 1", n)
	}
	if w := get(t, srv.Handler(), "/metrics"); !strings.Contains(w.Body.String(), "kb_search_cache_hits_total 2") {
		t.Errorf("metrics lack the cache hits:\n%s", w.Body.String())
	}
}
