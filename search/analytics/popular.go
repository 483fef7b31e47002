package analytics

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// PageClicks is how often search results led to one page.
type PageClicks struct {
	URL    string // the page's path, without a #fragment
	Clicks int
}

// Popular reads the data file at path (read only, so a running server keeps
// recording) and returns, per language, the pages that search results led
// to most in the window ending at the newest recorded day, most opened
// first, ties by URL. Ending the window at the data rather than at the
// clock keeps builds from the same data the same.
func Popular(path string, window time.Duration) (map[string][]PageClicks, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: lockTimeout, ReadOnly: true})
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, fmt.Errorf("analytics: %s stayed locked by another process", path)
	}
	if err != nil {
		return nil, fmt.Errorf("analytics: %s: %w", path, err)
	}
	defer db.Close()
	byLang := map[string]map[string]int{}
	err = db.View(func(tx *bolt.Tx) error {
		root := tx.Bucket(bucketSearches)
		if root == nil {
			return nil
		}
		c := root.Cursor()
		last, _ := c.Last()
		if last == nil {
			return nil
		}
		end, err := time.Parse(time.DateOnly, string(last))
		if err != nil {
			return fmt.Errorf("day %q: %w", last, err)
		}
		since := end.Add(-window + 24*time.Hour).Format(time.DateOnly)
		for day, _ := c.Seek([]byte(since)); day != nil; day, _ = c.Next() {
			b := root.Bucket(day)
			if b == nil {
				continue
			}
			err := b.ForEach(func(k, v []byte) error {
				if len(k) < 3 {
					return nil
				}
				lang, _, ok := strings.Cut(string(k[2:]), "\x00")
				if !ok {
					return nil
				}
				var cs counts
				if err := json.Unmarshal(v, &cs); err != nil {
					return fmt.Errorf("searches %s: %w", day, err)
				}
				for u, n := range cs.Clicks {
					u, _, _ = strings.Cut(u, "#")
					if byLang[lang] == nil {
						byLang[lang] = map[string]int{}
					}
					byLang[lang][u] += n
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("analytics: %s: %w", path, err)
	}
	return RankClicks(byLang), nil
}

// RankClicks turns clicks per language and page (a path, without its
// fragment) into Popular's lists: most opened first, ties by URL.
func RankClicks(byLang map[string]map[string]int) map[string][]PageClicks {
	out := make(map[string][]PageClicks, len(byLang))
	for lang, pages := range byLang {
		list := make([]PageClicks, 0, len(pages))
		for u, n := range pages {
			list = append(list, PageClicks{u, n})
		}
		slices.SortFunc(list, func(a, b PageClicks) int {
			return cmp.Or(cmp.Compare(b.Clicks, a.Clicks), strings.Compare(a.URL, b.URL))
		})
		out[lang] = list
	}
	return out
}
