package server

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"kb/search"
)

// TestSearchOtherLanguageAnalytics: a search that finds nothing in Arabic
// answers with the English hits the index folder's server.json points it
// to, also for a server that takes no other settings from the file (kb
// serve's), and analytics still see one search that found nothing in
// Arabic: the article to write next.
func TestSearchOtherLanguageAnalytics(t *testing.T) {
	dir := t.TempDir()
	settings := `{"otherLanguages": {"ar": [{"lang": "en", "dir": "ltr", "scripts": ["Latin"]}, {"lang": "en", "dir": "ltr"}]}}`
	if err := os.WriteFile(filepath.Join(dir, settingsFile), []byte(settings), 0o644); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var seen []search.Result
	s, _ := newTestServer(t, func(c *Config) {
		c.IndexDir = dir
		c.Open = func(string) (Searcher, error) {
			return &fakeIndex{id: "b1", search: func(ctx context.Context, q search.Query) (search.Result, error) {
				if q.Lang == "ar" {
					return search.Result{Lang: "ar", Hits: []search.Hit{}}, nil
				}
				return defaultSearch(ctx, q)
			}}, nil
		}
		c.OnSearch = func(q search.Query, r search.Result) {
			mu.Lock()
			seen = append(seen, r)
			mu.Unlock()
		}
	})
	w := get(t, s.Handler(), "/api/search?q=refund&lang=ar")
	var res struct {
		search.Result
		Other *struct {
			Lang, Dir string
			Total     int
			Hits      []search.Hit
		}
	}
	if err := json.Unmarshal(w.Body.Bytes(), &res); err != nil || w.Code != 200 {
		t.Fatalf("%d %s: %v", w.Code, w.Body, err)
	}
	if res.Lang != "ar" || len(res.Hits) != 0 || res.Other == nil || res.Other.Lang != "en" || res.Other.Dir != "ltr" ||
		res.Other.Total != 1 || len(res.Other.Hits) != 1 || res.Other.Hits[0].URL != "/en/policies/returns/" {
		t.Errorf("answer %s: want no Arabic hits and the English one as other", w.Body)
	}
	if !strings.Contains(w.Body.String(), `"hits":[]`) {
		t.Errorf("answer %s: want the reader's language's empty hits kept for clients", w.Body)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != 1 || seen[0].Lang != "ar" || seen[0].Total != 0 {
		t.Errorf("analytics saw %+v, want one Arabic search that found nothing", seen)
	}
}
