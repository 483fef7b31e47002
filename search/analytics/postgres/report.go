package postgres

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"kb/search/analytics"
)

// Reader reads reports from the kb schema without writing anything, so kb
// report can run with a read-only role from any machine.
type Reader struct {
	pool *pgxpool.Pool
}

// OpenReader connects to the database at location and checks that it holds
// the schema this kb reads.
func OpenReader(ctx context.Context, location string) (*Reader, error) {
	pool, err := newPool(location)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, startTimeout)
	defer cancel()
	if err := checkVersion(ctx, pool); err != nil {
		pool.Close()
		return nil, fmt.Errorf("analytics: %s: %w", Redacted(location), err)
	}
	return &Reader{pool: pool}, nil
}

// Report reads what was recorded since since in lang (all when "").
func (r *Reader) Report(ctx context.Context, since time.Time, lang string) (analytics.Report, error) {
	return readReport(ctx, r.pool, since, lang)
}

// Close disconnects.
func (r *Reader) Close() error {
	r.pool.Close()
	return nil
}

// readReport reads the tables in one snapshot and hands the rows to a
// ReportBuilder, hour by hour: the same report the embedded store gives.
func readReport(ctx context.Context, pool *pgxpool.Pool, since time.Time, lang string) (analytics.Report, error) {
	b := analytics.NewReportBuilder(since, lang)
	from := b.Since()
	type key struct {
		hour        time.Time
		lang, query string
	}
	var order []key
	rows := make(map[key]*analytics.SearchCount)
	row := func(k key) *analytics.SearchCount {
		r := rows[k]
		if r == nil {
			r = &analytics.SearchCount{Hour: k.hour, Lang: k.lang, Query: k.query}
			rows[k] = r
			order = append(order, k)
		}
		return r
	}
	err := pgx.BeginTxFunc(ctx, pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		const langFilter = ` AND ($2 = '' OR lower(lang) = lower($2))`
		var k key
		var searches, noResults, clicks int
		var url string
		err := forEach(ctx, tx, `SELECT hour, lang, query, searches, no_results FROM kb.searches
			WHERE hour >= $1`+langFilter+` ORDER BY hour, lang, query`, []any{from, lang},
			[]any{&k.hour, &k.lang, &k.query, &searches, &noResults}, func() {
				k.hour = k.hour.UTC()
				r := row(k)
				r.Searches += searches
				r.NoResults += noResults
			})
		if err != nil {
			return fmt.Errorf("searches: %w", err)
		}
		err = forEach(ctx, tx, `SELECT hour, lang, query, url, clicks FROM kb.clicks
			WHERE hour >= $1`+langFilter+` ORDER BY hour, lang, query, url`, []any{from, lang},
			[]any{&k.hour, &k.lang, &k.query, &url, &clicks}, func() {
				k.hour = k.hour.UTC()
				r := row(k)
				if r.Clicks == nil {
					r.Clicks = make(map[string]int)
				}
				r.Clicks[url] += clicks
			})
		if err != nil {
			return fmt.Errorf("clicks: %w", err)
		}
		// A schema the replicas have not migrated yet, or a table this role
		// may not read: every query is then named by its normalized form.
		var spellings bool
		err = tx.QueryRow(ctx, `SELECT coalesce(has_table_privilege(to_regclass('kb.spellings'), 'SELECT'), false)`).Scan(&spellings)
		if err != nil {
			return fmt.Errorf("spellings: %w", err)
		}
		if spellings {
			var spelling string
			err = forEach(ctx, tx, `SELECT hour, lang, query, spelling, searches FROM kb.spellings
				WHERE hour >= $1`+langFilter+` ORDER BY hour, lang, query, spelling`, []any{from, lang},
				[]any{&k.hour, &k.lang, &k.query, &spelling, &searches}, func() {
					k.hour = k.hour.UTC()
					r := row(k)
					if r.Spellings == nil {
						r.Spellings = make(map[string]int)
					}
					r.Spellings[spelling] += searches
				})
			if err != nil {
				return fmt.Errorf("spellings: %w", err)
			}
		}
		var v analytics.Vote
		err = forEach(ctx, tx, `SELECT hour, page, lang, helpful, reason, comment FROM kb.votes
			WHERE hour >= $1`+langFilter+` ORDER BY hour, id`, []any{from, lang},
			[]any{&v.Hour, &v.Page, &v.Lang, &v.Helpful, &v.Reason, &v.Comment}, func() {
				v.Hour = v.Hour.UTC()
				b.AddVote(v)
			})
		if err != nil {
			return fmt.Errorf("votes: %w", err)
		}
		return nil
	})
	if err != nil {
		return analytics.Report{}, fmt.Errorf("analytics: report: %w", err)
	}
	// Clicks and spellings may add keys after their hour's searches: group
	// again by hour.
	byHour := make(map[time.Time][]analytics.SearchCount)
	for _, k := range order {
		byHour[k.hour] = append(byHour[k.hour], *rows[k])
	}
	for _, h := range slices.SortedFunc(maps.Keys(byHour), time.Time.Compare) {
		b.AddHour(byHour[h])
	}
	return b.Report(), nil
}

// forEach runs a query and calls fn after scanning each row into scans.
func forEach(ctx context.Context, tx pgx.Tx, sql string, args, scans []any, fn func()) error {
	rows, _ := tx.Query(ctx, sql, args...) // an error comes back from ForEachRow
	_, err := pgx.ForEachRow(rows, scans, func() error { fn(); return nil })
	return err
}

// Popular is analytics.Popular over the database: per language, the pages
// that search results led to most in the window ending at the newest
// recorded day, for kb build's popular articles.
func (r *Reader) Popular(ctx context.Context, window time.Duration) (map[string][]analytics.PageClicks, error) {
	byLang := map[string]map[string]int{}
	err := pgx.BeginTxFunc(ctx, r.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		var last *time.Time
		err := tx.QueryRow(ctx, `SELECT greatest((SELECT max(hour) FROM kb.searches), (SELECT max(hour) FROM kb.clicks))`).Scan(&last)
		if err != nil || last == nil {
			return err
		}
		lastDay := last.UTC().Truncate(24 * time.Hour)
		since := lastDay.Add(-window + 24*time.Hour)
		var lang, url string
		var clicks int
		return forEach(ctx, tx, `SELECT lang, url, clicks FROM kb.clicks WHERE hour >= $1`, []any{since},
			[]any{&lang, &url, &clicks}, func() {
				url, _, _ = strings.Cut(url, "#")
				if byLang[lang] == nil {
					byLang[lang] = map[string]int{}
				}
				byLang[lang][url] += clicks
			})
	})
	if err != nil {
		return nil, fmt.Errorf("analytics: popular: %w", err)
	}
	return analytics.RankClicks(byLang), nil
}
