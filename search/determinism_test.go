package search_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/BurntSushi/toml"

	"kb/builder"
	"kb/search"
	"kb/themes"
)

// TestTwoBuildsAnswerAlike builds the sample site twice and runs every judged query on both server indexes: the same
// pages must give the same hits, in the same order, with the same scores and totals. bleve's builder hands a
// segment's documents over in map order, so a query whose result depended on that order (a tie, or a clause scored
// only when it happened to be on the right document) answered differently after each build, and so did the totals,
// which count the documents a search meets before it can skip the rest.
func TestTwoBuildsAnswerAlike(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the sample site twice")
	}
	var set judgedSet
	if _, err := toml.DecodeFile(judgedFile, &set); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	answers := func() map[string]string {
		dir := t.TempDir()
		idx := filepath.Join(dir, "index")
		opts := builder.Options{SiteDir: "../", Out: filepath.Join(dir, "public"), IndexDir: idx, Theme: themes.Default()}
		if _, err := builder.Build(ctx, opts); err != nil {
			t.Fatal(err)
		}
		ix, err := search.Open(idx)
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		got := map[string]string{}
		for _, jq := range set.Query {
			for _, limit := range []int{3, 10} {
				res, err := ix.Search(ctx, search.Query{Text: jq.Q, Lang: jq.Lang, Limit: limit})
				if err != nil {
					t.Fatal(err)
				}
				key := fmt.Sprintf("%s %q limit %d", jq.Lang, jq.Q, limit)
				got[key] = fmt.Sprintf("total %d", res.Total)
				for _, h := range res.Hits {
					got[key] += fmt.Sprintf("\n  %.6f %s", h.Score, h.URL)
				}
			}
		}
		return got
	}
	first, second := answers(), answers()
	differ := 0
	for key, a := range first {
		if b := second[key]; a != b {
			if differ++; differ <= 3 {
				t.Errorf("%s: first build:%s\nsecond build:%s", key, a, b)
			}
		}
	}
	if differ > 3 {
		t.Errorf("and %d more queries answered differently", differ-3)
	}
}
