package postgres

import (
	"context"
	"fmt"
	"testing"
	"time"

	"kb/search/analytics"
	"kb/search/analytics/postgres/pgtest"
)

// BenchmarkWrite writes full batches (500 events: 400 searches for 200
// queries, 50 clicks, 50 votes) into a local PostgreSQL, the writer's unit
// of work; events/s is what one replica can store.
func BenchmarkWrite(b *testing.B) {
	pg := pgtest.Start(b)
	pool, err := newPool(pg.NewDatabase())
	if err != nil {
		b.Fatal(err)
	}
	defer pool.Close()
	db := &database{pool: pool, now: time.Now, retention: analytics.DefaultRetention}
	ctx := context.Background()
	if err := db.ensureSchema(ctx); err != nil {
		b.Fatal(err)
	}
	hour := time.Now().UTC().Truncate(time.Hour)
	batch := func(n int) analytics.Batch {
		var bt analytics.Batch
		for q := range 200 {
			row := analytics.SearchCount{Hour: hour, Lang: "en", Query: fmt.Sprintf("query %d %d", n%50, q), Searches: 2, NoResults: q % 2}
			if q < 50 {
				row.Clicks = map[string]int{"/en/faq/returns/": 1}
			}
			bt.Searches = append(bt.Searches, row)
		}
		for v := range 50 {
			bt.Votes = append(bt.Votes, analytics.Vote{Hour: hour, Page: "/en/faq/returns/", Lang: "en", Reason: "unclear", Comment: fmt.Sprint("comment ", v)})
		}
		return bt
	}
	for i := 0; b.Loop(); i++ {
		if err := db.Write(ctx, batch(i)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(500*b.N)/b.Elapsed().Seconds(), "events/s")
}
