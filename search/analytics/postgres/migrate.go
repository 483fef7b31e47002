package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// migrations are the schema's versions, applied in order of the number
// their file name starts with. A released file never changes; a change to
// the schema is a new file, and one that the previous release can still
// write into (add tables and columns with defaults; rename or drop a
// release later), because a rolling deploy runs both for a while.
//
//go:embed migrations/*.sql
var migrations embed.FS

// migrateLock is the advisory lock key that serializes migrations between
// kb processes starting together ("kbschema" in ASCII).
const migrateLock int64 = 0x6b62736368656d61

// migration is one numbered schema change.
type migration struct {
	version int
	name    string
	sql     string
}

// schemaMigrations reads the embedded migrations, sorted by version.
func schemaMigrations() ([]migration, error) {
	files, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, f := range files {
		name := path.Base(f)
		num, _, _ := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: the name must start with its version number", name)
		}
		b, err := migrations.ReadFile(f)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: name, sql: string(b)})
	}
	slices.SortFunc(ms, func(a, b migration) int { return a.version - b.version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s: want version %d", m.name, i+1)
		}
	}
	return ms, nil
}

// SchemaVersion is the version of the schema this kb writes and reads.
func SchemaVersion() int {
	ms, err := schemaMigrations()
	if err != nil {
		panic(err) // the embedded files are part of the program
	}
	return len(ms)
}

// TooNewError is a database whose schema a newer kb has migrated: this kb
// does not know its tables and must not write into them.
type TooNewError struct{ Database, Known int }

func (e *TooNewError) Error() string {
	return fmt.Sprintf("the analytics schema in this database is at version %d, newer than this kb knows (%d): "+
		"a newer kb has migrated it; run that version (or newer) of kb, or record into another database", e.Database, e.Known)
}

// migrate brings the kb schema up to this kb's version, in one transaction
// under an advisory lock, so replicas starting together apply each
// migration once and wait for each other. It creates the schema itself only
// when it is missing, so a role that owns an existing kb schema but may not
// create schemas in the database is enough; on an up-to-date schema it
// creates nothing.
func migrate(ctx context.Context, conn *pgx.Conn) error {
	ms, err := schemaMigrations()
	if err != nil {
		return err
	}
	return pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", migrateLock); err != nil {
			return err
		}
		var exists bool
		if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'kb')").Scan(&exists); err != nil {
			return err
		}
		if !exists {
			if _, err := tx.Exec(ctx, "CREATE SCHEMA kb"); err != nil {
				return fmt.Errorf("create schema kb: %w", err)
			}
		}
		if err := tx.QueryRow(ctx, "SELECT to_regclass('kb.migrations') IS NOT NULL").Scan(&exists); err != nil {
			return err
		}
		if !exists {
			_, err := tx.Exec(ctx, `CREATE TABLE kb.migrations (
				version    integer     PRIMARY KEY,
				name       text        NOT NULL,
				applied_at timestamptz NOT NULL DEFAULT now()
			)`)
			if err != nil {
				return fmt.Errorf("create kb.migrations: %w", err)
			}
		}
		var current int
		if err := tx.QueryRow(ctx, "SELECT coalesce(max(version), 0) FROM kb.migrations").Scan(&current); err != nil {
			return err
		}
		if current > len(ms) {
			return &TooNewError{Database: current, Known: len(ms)}
		}
		for _, m := range ms[current:] {
			if _, err := tx.Exec(ctx, m.sql); err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
			if _, err := tx.Exec(ctx, "INSERT INTO kb.migrations (version, name) VALUES ($1, $2)", m.version, m.name); err != nil {
				return err
			}
		}
		return nil
	})
}

// readsFrom is the oldest schema version that holds every table a reader
// reads as this kb reads it: kb report may be upgraded before the replicas
// migrate (version 2 added only the writers' kb.batches; version 3
// kb.spellings, without which queries are named by their normalized form).
const readsFrom = 1

// checkVersion tells a reader (kb report, which may not write) whether the
// database holds the schema it reads.
func checkVersion(ctx context.Context, q interface {
	QueryRow(context.Context, string, ...any) pgx.Row
}) error {
	var current int
	err := q.QueryRow(ctx, "SELECT coalesce(max(version), 0) FROM kb.migrations").Scan(&current)
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && (pgErr.Code == "42P01" || pgErr.Code == "3F000") { // undefined table, schema
		return errors.New("nothing recorded in this database yet: it has no kb schema (kb search --data with the same URL creates it)")
	}
	if err != nil {
		return err
	}
	switch known := SchemaVersion(); {
	case current > known:
		return &TooNewError{Database: current, Known: known}
	case current < readsFrom:
		return fmt.Errorf("the analytics schema in this database is at version %d, older than this kb reads (%d): "+
			"start kb search of this version on it once to migrate it, or use the kb that recorded it", current, readsFrom)
	}
	return nil
}
