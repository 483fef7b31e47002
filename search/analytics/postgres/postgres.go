// Package postgres records kb's search analytics and article votes into
// PostgreSQL, so every replica of kb search writes into one store and
// kb report reads all of it from any machine. The schema (kb) is owned and
// migrated by kb.
package postgres

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"kb/search/analytics"
)

// Interface guards.
var (
	_ analytics.Store   = (*Store)(nil)
	_ analytics.Backend = (*database)(nil)
)

// Settings of the connection and of retention.
const (
	connectTimeout = 5 * time.Second  // one connection attempt
	startTimeout   = 10 * time.Second // the migration at start
	pruneEvery     = time.Hour
	pruneBatch     = 1000           // rows per DELETE, so retention never holds long locks
	pruneRounds    = 5              // DELETEs per table per Maintain call; the rest waits for the next
	batchMemory    = 24 * time.Hour // how long kb.batches remembers a batch: retries come within seconds
)

// IsURL reports whether a data location (--data, KB_DATA) names a
// PostgreSQL database rather than a folder.
func IsURL(location string) bool {
	return strings.HasPrefix(location, "postgres://") || strings.HasPrefix(location, "postgresql://")
}

// Redacted is a URL fit to print: its password replaced by "xxxxx".
func Redacted(location string) string {
	u, err := url.Parse(location)
	if err != nil {
		return "postgres://…"
	}
	return u.Redacted()
}

// Store records into PostgreSQL through a Recorder: batches of up to 500
// events or one second, from a bounded queue. While the database is slow or
// down, searches are not held up: events wait in the queue, those beyond it
// are dropped and counted, and the pool reconnects by itself.
type Store struct {
	*analytics.Recorder
	db *database
}

// database is a Store's Backend.
type database struct {
	pool      *pgxpool.Pool
	now       func() time.Time
	retention time.Duration
	log       *slog.Logger

	migrated  atomic.Bool
	lastPrune time.Time // used by the writer goroutine only
	pruneMore bool      // the last prune stopped with rows left
}

// Open connects to the database at location (a postgres:// URL), brings the
// kb schema up to date and starts the writer. A schema newer than this kb,
// a wrong password or database, and missing privileges are errors; a server
// that is unreachable or starting up is not: the store starts, queues, and
// migrates once the server answers, so analytics never keep search from
// starting.
func Open(ctx context.Context, location string, opts analytics.Options) (*Store, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	pool, err := newPool(location)
	if err != nil {
		return nil, err
	}
	db := &database{pool: pool, now: opts.Now, retention: cmp.Or(opts.Retention, analytics.DefaultRetention),
		log: cmp.Or(opts.Logger, slog.New(slog.DiscardHandler))}
	if db.now == nil {
		db.now = time.Now
	}
	startCtx, cancel := context.WithTimeout(ctx, startTimeout)
	defer cancel()
	if err := db.ensureSchema(startCtx); err != nil {
		if refused(err) || ctx.Err() != nil {
			pool.Close()
			return nil, fmt.Errorf("analytics: %s: %w", Redacted(location), err)
		}
		db.log.Warn("analytics: the database is not ready; events are queued and recording starts when it is", "data", Redacted(location), "err", err)
	} else if err := db.Maintain(startCtx); err != nil {
		db.log.Warn("analytics: retention", "err", err)
	}
	return &Store{Recorder: analytics.NewRecorder(db, opts), db: db}, nil
}

// Close writes what is queued (see Recorder.Close) and disconnects.
func (s *Store) Close() error {
	err := s.Recorder.Close()
	s.db.pool.Close()
	return err
}

// Report reads what was recorded since since in lang (all when "").
func (s *Store) Report(ctx context.Context, since time.Time, lang string) (analytics.Report, error) {
	if err := s.db.ensureSchema(ctx); err != nil {
		return analytics.Report{}, err
	}
	return readReport(ctx, s.db.pool, since, lang)
}

func newPool(location string) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(location)
	if err != nil {
		// pgx's message can quote the URL, password included.
		return nil, fmt.Errorf("analytics: %s is not a valid PostgreSQL URL (postgres://user:password@host:5432/database)", Redacted(location))
	}
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = connectTimeout
	}
	if _, ok := cfg.ConnConfig.RuntimeParams["application_name"]; !ok {
		cfg.ConnConfig.RuntimeParams["application_name"] = "kb"
	}
	// One writer per process, and kb report: a few connections are plenty.
	cfg.MaxConns = 4
	return pgxpool.NewWithConfig(context.Background(), cfg)
}

// ensureSchema migrates once per process.
func (d *database) ensureSchema(ctx context.Context) error {
	if d.migrated.Load() {
		return nil
	}
	conn, err := d.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	if err := migrate(ctx, conn.Conn()); err != nil {
		return err
	}
	d.migrated.Store(true)
	return nil
}

// Write stores one batch in one transaction. Rows are written in key order,
// so replicas adding to the same counts lock them in the same order.
func (d *database) Write(ctx context.Context, b analytics.Batch) error {
	if err := d.ensureSchema(ctx); err != nil {
		var tooNew *TooNewError
		if errors.As(err, &tooNew) {
			return analytics.Rejected(err)
		}
		return err
	}
	var s struct {
		hour              []time.Time
		lang, query       []string
		searches, noneHit []int32
	}
	var c struct {
		hour             []time.Time
		lang, query, url []string
		clicks           []int32
	}
	for _, row := range b.Searches {
		if row.Searches > 0 {
			s.hour = append(s.hour, row.Hour)
			s.lang = append(s.lang, row.Lang)
			s.query = append(s.query, row.Query)
			s.searches = append(s.searches, int32(row.Searches))
			s.noneHit = append(s.noneHit, int32(row.NoResults))
		}
		for _, u := range slices.Sorted(maps.Keys(row.Clicks)) {
			c.hour = append(c.hour, row.Hour)
			c.lang = append(c.lang, row.Lang)
			c.query = append(c.query, row.Query)
			c.url = append(c.url, u)
			c.clicks = append(c.clicks, int32(row.Clicks[u]))
		}
	}
	var sp struct {
		hour                  []time.Time
		lang, query, spelling []string
		searches              []int32
	}
	for _, row := range b.Searches {
		for _, spelling := range slices.Sorted(maps.Keys(row.Spellings)) {
			sp.hour = append(sp.hour, row.Hour)
			sp.lang = append(sp.lang, row.Lang)
			sp.query = append(sp.query, row.Query)
			sp.spelling = append(sp.spelling, spelling)
			sp.searches = append(sp.searches, int32(row.Spellings[spelling]))
		}
	}
	var v struct {
		hour                        []time.Time
		page, lang, reason, comment []string
		helpful                     []bool
	}
	for _, vt := range b.Votes {
		v.hour = append(v.hour, vt.Hour)
		v.page = append(v.page, vt.Page)
		v.lang = append(v.lang, vt.Lang)
		v.helpful = append(v.helpful, vt.Helpful)
		v.reason = append(v.reason, vt.Reason)
		v.comment = append(v.comment, vt.Comment)
	}
	err := pgx.BeginFunc(ctx, d.pool, func(tx pgx.Tx) error {
		if b.ID != "" {
			tag, err := tx.Exec(ctx, `INSERT INTO kb.batches (id) VALUES ($1) ON CONFLICT DO NOTHING`, b.ID)
			if err != nil {
				return fmt.Errorf("batches: %w", err)
			}
			if tag.RowsAffected() == 0 {
				return nil // stored by an attempt whose answer was lost
			}
		}
		if len(s.hour) > 0 {
			_, err := tx.Exec(ctx, `INSERT INTO kb.searches (hour, lang, query, searches, no_results)
				SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::integer[], $5::integer[])
				ON CONFLICT (hour, lang, query) DO UPDATE SET
					searches = kb.searches.searches + excluded.searches,
					no_results = kb.searches.no_results + excluded.no_results`,
				s.hour, s.lang, s.query, s.searches, s.noneHit)
			if err != nil {
				return fmt.Errorf("searches: %w", err)
			}
		}
		if len(c.hour) > 0 {
			_, err := tx.Exec(ctx, `INSERT INTO kb.clicks (hour, lang, query, url, clicks)
				SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::integer[])
				ON CONFLICT (hour, lang, query, url) DO UPDATE SET clicks = kb.clicks.clicks + excluded.clicks`,
				c.hour, c.lang, c.query, c.url, c.clicks)
			if err != nil {
				return fmt.Errorf("clicks: %w", err)
			}
		}
		if len(sp.hour) > 0 {
			// As the embedded store keeps them (see analytics.MaxSpellings):
			// the spellings stored, then new ones in byte order while there
			// is room; the searches of the others are counted under ''.
			_, err := tx.Exec(ctx, `INSERT INTO kb.spellings (hour, lang, query, spelling, searches)
				SELECT hour, lang, query, CASE WHEN fits THEN spelling ELSE '' END, sum(searches) FROM (
					SELECT n.*, s.spelling IS NOT NULL OR n.spelling = '' OR
						(SELECT count(*) FROM kb.spellings k WHERE (k.hour, k.lang, k.query) = (n.hour, n.lang, n.query) AND k.spelling <> '')
						+ count(*) FILTER (WHERE s.spelling IS NULL AND n.spelling <> '')
							OVER (PARTITION BY n.hour, n.lang, n.query ORDER BY n.spelling COLLATE "C") <= $6 AS fits
					FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::integer[])
						AS n(hour, lang, query, spelling, searches)
					LEFT JOIN kb.spellings s ON (s.hour, s.lang, s.query, s.spelling) = (n.hour, n.lang, n.query, n.spelling)
				) c
				GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
				ON CONFLICT (hour, lang, query, spelling) DO UPDATE SET searches = kb.spellings.searches + excluded.searches`,
				sp.hour, sp.lang, sp.query, sp.spelling, sp.searches, analytics.MaxSpellings)
			if err != nil {
				return fmt.Errorf("spellings: %w", err)
			}
		}
		if len(v.hour) > 0 {
			_, err := tx.Exec(ctx, `INSERT INTO kb.votes (hour, page, lang, helpful, reason, comment)
				SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::boolean[], $5::text[], $6::text[])`,
				v.hour, v.page, v.lang, v.helpful, v.reason, v.comment)
			if err != nil {
				return fmt.Errorf("votes: %w", err)
			}
		}
		return nil
	})
	return classify(err)
}

// refused tells the errors that waiting will not fix at start: a schema too
// new, and what SQLSTATE classes 28 (authorization), 3D (no such database),
// 3F (no such schema) and 42 (privileges, syntax) mean.
func refused(err error) bool {
	var tooNew *TooNewError
	var pgErr *pgconn.PgError
	if errors.As(err, &tooNew) {
		return true
	}
	if !errors.As(err, &pgErr) || len(pgErr.Code) < 2 {
		return false
	}
	switch pgErr.Code[:2] {
	case "28", "3D", "3F", "42":
		return true
	}
	return false
}

// classify marks the errors that retrying cannot fix: the server refused the
// data itself (SQLSTATE classes 22, data exception, and 23, integrity
// constraint). Lost connections, deadlocks, a server shutting down or out
// of resources are worth another try.
func classify(err error) error {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && (strings.HasPrefix(pgErr.Code, "22") || strings.HasPrefix(pgErr.Code, "23")) {
		return analytics.Rejected(err)
	}
	return err
}

// Maintain deletes what is older than the retention period (and the ids of
// batches written more than batchMemory ago), hourly, in
// DELETEs of at most pruneBatch rows, and at most pruneRounds of them per
// table per call: a backlog is worked off over the next idle seconds instead
// of holding the writer or long locks. Every replica prunes; they delete
// the same rows, so that is harmless.
func (d *database) Maintain(ctx context.Context) error {
	now := d.now()
	if !d.pruneMore && now.Sub(d.lastPrune) < pruneEvery {
		return nil
	}
	if !d.migrated.Load() {
		return nil
	}
	// Due again in an hour, whatever happens next: a failed prune (the
	// database down) is not worth retrying every second.
	d.lastPrune, d.pruneMore = now, false
	cut := now.Add(-d.retention).UTC().Truncate(time.Hour)
	more := false
	for _, t := range []struct {
		table, older string
		arg          any
	}{
		{"kb.searches", "hour < $1", cut}, {"kb.clicks", "hour < $1", cut}, {"kb.spellings", "hour < $1", cut}, {"kb.votes", "hour < $1", cut},
		{"kb.batches", "written < now() - $1::interval", batchMemory},
	} {
		full := false
		for range pruneRounds {
			tag, err := d.pool.Exec(ctx, `DELETE FROM `+t.table+` WHERE ctid = ANY (ARRAY(
				SELECT ctid FROM `+t.table+` WHERE `+t.older+` LIMIT `+fmt.Sprint(pruneBatch)+`))`, t.arg)
			if err != nil {
				return fmt.Errorf("retention %s: %w", t.table, err)
			}
			if full = tag.RowsAffected() == pruneBatch; !full {
				break
			}
		}
		more = more || full
	}
	d.pruneMore = more
	return nil
}
