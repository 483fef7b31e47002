package server

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"kb/search"
)

// TestRealIndexRebuild runs the server over a real index (search.Open, the
// default opener) and rebuilds it with search.Build while clients search: the
// manifest watcher must pick up the new build without a failed request.
func TestRealIndexRebuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds bleve indexes")
	}
	dir := t.TempDir()
	doc := func(title, body string) search.Document {
		return search.Document{ID: "/en/policies/returns/", Lang: "en", URL: "/en/policies/returns/",
			Title: title, Section: "policies", SectionTitle: "Policies", Body: body, Kind: "policy"}
	}
	ctx := t.Context()
	if err := search.Build(ctx, dir, []search.Document{doc("Returns", "You can return an item within 30 days for a refund.")}); err != nil {
		t.Fatal(err)
	}
	s, err := New(Config{IndexDir: dir, ReloadEvery: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	h := s.Handler()
	firstID := s.cur.Load().id

	result := func(q string) (int, search.Result) {
		w := get(t, h, "/api/search?lang=en&q="+q)
		var res search.Result
		json.Unmarshal(w.Body.Bytes(), &res)
		return w.Code, res
	}
	if code, res := result("refund"); code != 200 || len(res.Hits) != 1 || res.Hits[0].URL != "/en/policies/returns/" {
		t.Fatalf("first build: %d %+v", code, res)
	}
	if w := get(t, h, "/api/search?lang=zz&q=refund"); w.Code != http.StatusBadRequest {
		t.Errorf("unknown language = %d", w.Code)
	}
	// A widget that sends the browser's language is answered in the
	// site's, and told which.
	if w := get(t, h, "/api/search?lang=en-US&q=refund"); w.Code != 200 || !strings.Contains(w.Body.String(), `"lang":"en"`) {
		t.Errorf("lang=en-US: %d %s", w.Code, w.Body)
	}

	wctx, stopWatch := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { s.watch(wctx) })
	var failed atomic.Int64
	stop := make(chan struct{})
	for range 8 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				if code, _ := result("return"); code != 200 {
					failed.Add(1)
				}
			}
		})
	}

	if err := search.Build(ctx, dir, []search.Document{doc("Exchanges", "Exchange an item for another size at no cost.")}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for s.cur.Load().id == firstID {
		if time.Now().After(deadline) {
			t.Fatal("rebuild not picked up")
		}
		time.Sleep(10 * time.Millisecond)
	}
	close(stop)
	stopWatch()
	wg.Wait()

	if n := failed.Load(); n != 0 {
		t.Errorf("%d requests failed across the rebuild", n)
	}
	if code, res := result("exchange"); code != 200 || len(res.Hits) != 1 || res.Hits[0].Title != "Exchanges" {
		t.Errorf("after rebuild: %d %+v", code, res)
	}
	if err := s.Close(); err != nil {
		t.Error(err)
	}
}

// TestRealIndexUpdateReload is kb serve's path: search.Update changes one
// language, Reload shares the other with the index it replaces, and both
// keep answering, the updated one with the new text, while clients search.
func TestRealIndexUpdateReload(t *testing.T) {
	if testing.Short() {
		t.Skip("builds bleve indexes")
	}
	dir := t.TempDir()
	ctx := t.Context()
	docs := []search.Document{
		{ID: "/en/returns/", Lang: "en", URL: "/en/returns/", Title: "Returns", Body: "Return an item within 30 days.", Kind: "article"},
		{ID: "/el/returns/", Lang: "el", URL: "/el/returns/", Title: "Επιστροφές", Body: "Επιστρέψτε ένα προϊόν μέσα σε 30 ημέρες.", Kind: "article"},
	}
	if err := search.Build(ctx, dir, docs); err != nil {
		t.Fatal(err)
	}
	s, err := New(Config{IndexDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	h := s.Handler()
	hits := func(lang, q string) (int, int) {
		w := get(t, h, "/api/search?lang="+lang+"&q="+q)
		var res search.Result
		json.Unmarshal(w.Body.Bytes(), &res)
		return w.Code, len(res.Hits)
	}
	var failed atomic.Int64
	stop := untilStopped(4, func() {
		if code, n := hits("el", "επιστροφες"); code != 200 || n != 1 {
			failed.Add(1)
		}
	})
	for i, word := range []string{"zebra", "quokka", "narwhal"} {
		d := docs[0]
		d.Body += " " + word
		if err := search.Update(ctx, dir, []search.Document{d}, nil); err != nil {
			t.Fatal(err)
		}
		if err := s.Reload(); err != nil {
			t.Fatal(err)
		}
		if code, n := hits("en", word); code != 200 || n != 1 {
			t.Errorf("update %d: %q: %d, %d hits", i, word, code, n)
		}
	}
	stop()
	if n := failed.Load(); n != 0 {
		t.Errorf("%d searches in the unchanged language failed across the reloads", n)
	}
}
