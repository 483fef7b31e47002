package builder

import (
	"fmt"
	"testing"

	"kb/search"
)

func TestServerChange(t *testing.T) {
	doc := func(id string) search.Document { return search.Document{ID: id, Lang: "en"} }
	held := map[string]bool{"/a/": true, "/b/": true, "/c/": true, "/gone/": true}
	docs := []search.Document{doc("/a/"), doc("/b/"), doc("/c/"), doc("/new/"), doc("/new-cached/")}
	// /b/ rendered again; /new/ rendered for the first time; /new-cached/
	// came from the cache yet the index lacks it.
	upserts, deletes := serverChange(held, docs, []search.Document{doc("/b/"), doc("/new/")})
	var ids []string
	for _, d := range upserts {
		ids = append(ids, d.ID)
	}
	if got, want := fmt.Sprint(ids), "[/b/ /new/ /new-cached/]"; got != want {
		t.Errorf("upserts %s, want %s", got, want)
	}
	if got, want := fmt.Sprint(deletes), "[/gone/]"; got != want {
		t.Errorf("deletes %s, want %s", got, want)
	}
}
