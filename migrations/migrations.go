// Package migrations holds the schema of Tarn's metadata database as SQL
// files, one directory per dialect (sqlite/, postgres/), embedded in the
// binary and applied at start by Apply.
//
// Files are named NNNN_description.sql and applied in name order. Each file
// runs in its own transaction together with the row that records it in
// tarn_schema_migrations, so a file is either applied whole or not at all.
// Both directories hold the same files with the same logical schema.
//
// The Iceberg SQL catalog's tables (iceberg_tables,
// iceberg_namespace_properties) live in the same database but are created and
// managed by iceberg-go, never by a file here.
package migrations

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// ErrMigration is returned, wrapped, when the migrations cannot be read or a
// file fails to apply.
var ErrMigration = errors.New("schema migration failed")

// Dialects this package has files for.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

//go:embed sqlite/*.sql postgres/*.sql
var files embed.FS

// lockKey is the pg_advisory_xact_lock key that serialises migrators on
// Postgres ("tarnmigr" in ASCII).
const lockKey int64 = 0x7461726e6d696772

// Apply brings db's schema up to date for dialect ("sqlite" or "postgres"):
// it creates tarn_schema_migrations if needed and applies, in order, every
// embedded file not yet recorded there. It returns the versions (file names
// without ".sql") it applied, in order; none when the schema is current.
//
// Apply is safe to call from several processes at once on the same database:
// each file is applied exactly once. A file that fails leaves nothing of itself
// behind; the error wraps ErrMigration and names the file.
func Apply(ctx context.Context, db *sql.DB, dialect string) (applied []string, err error) {
	return applyFS(ctx, db, dialect, files)
}

// Versions returns the versions of the embedded files for dialect, in the
// order Apply applies them.
func Versions(dialect string) ([]string, error) {
	ms, err := load(files, dialect)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.version
	}
	return out, nil
}

// migration is one SQL file.
type migration struct {
	version string // file name without .sql, e.g. "0001_catalog_annotations"
	file    string // path inside the FS, for error messages
	sql     string
}

// load reads dialect/*.sql from fsys, sorted by name.
func load(fsys fs.FS, dialect string) ([]migration, error) {
	if dialect != SQLite && dialect != Postgres {
		return nil, fmt.Errorf("%w: unknown dialect %q (want %q or %q)", ErrMigration, dialect, SQLite, Postgres)
	}
	names, err := fs.Glob(fsys, dialect+"/*.sql")
	if err != nil {
		return nil, fmt.Errorf("%w: list %s migrations: %v", ErrMigration, dialect, err)
	}
	sort.Strings(names)
	ms := make([]migration, 0, len(names))
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("%w: read %s: %v", ErrMigration, name, err)
		}
		ms = append(ms, migration{
			version: strings.TrimSuffix(path.Base(name), ".sql"),
			file:    name,
			sql:     string(b),
		})
	}
	return ms, nil
}

// applyFS is Apply over any FS laid out like the embedded one, so tests can
// inject broken or extra files.
func applyFS(ctx context.Context, db *sql.DB, dialect string, fsys fs.FS) ([]string, error) {
	ms, err := load(fsys, dialect)
	if err != nil {
		return nil, err
	}
	if dialect == SQLite {
		// SQLite serialises writers on the database lock, so creating the
		// bookkeeping table up front cannot race. On Postgres two concurrent
		// CREATE TABLE IF NOT EXISTS can collide, so it is done under the
		// advisory lock in applyOne instead.
		if _, err := db.ExecContext(ctx, createTable(dialect)); err != nil {
			return nil, fmt.Errorf("%w: create tarn_schema_migrations: %v", ErrMigration, err)
		}
	}
	var applied []string
	for _, m := range ms {
		did, err := applyOne(ctx, db, dialect, m)
		if err != nil {
			return applied, err
		}
		if did {
			applied = append(applied, m.version)
		}
	}
	return applied, nil
}

// applyOne applies m in one transaction unless it is already recorded. It
// reports whether it applied m.
func applyOne(ctx context.Context, db *sql.DB, dialect string, m migration) (did bool, err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("%w: %s: begin: %v", ErrMigration, m.file, err)
	}
	defer func() {
		if !did || err != nil {
			_ = tx.Rollback()
		}
	}()

	// Take the write lock before reading anything, so that concurrent
	// migrators queue here instead of both deciding to apply m.
	if dialect == Postgres {
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", lockKey); err != nil {
			return false, fmt.Errorf("%w: %s: take migration lock: %v", ErrMigration, m.file, err)
		}
		if _, err := tx.ExecContext(ctx, createTable(dialect)); err != nil {
			return false, fmt.Errorf("%w: create tarn_schema_migrations: %v", ErrMigration, err)
		}
	}
	// Recording the version first is the write that takes SQLite's lock (a
	// deferred transaction that read first could not upgrade under
	// contention); on conflict another migrator got there first.
	res, err := tx.ExecContext(ctx, insertVersion(dialect), m.version)
	if err != nil {
		return false, fmt.Errorf("%w: %s: record version: %v", ErrMigration, m.file, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("%w: %s: record version: %v", ErrMigration, m.file, err)
	}
	if n == 0 {
		return false, nil // already applied
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return false, fmt.Errorf("%w: %s: %v", ErrMigration, m.file, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("%w: %s: commit: %v", ErrMigration, m.file, err)
	}
	return true, nil
}

func createTable(dialect string) string {
	if dialect == Postgres {
		return `CREATE TABLE IF NOT EXISTS tarn_schema_migrations (
    version    TEXT PRIMARY KEY,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
)`
	}
	return `CREATE TABLE IF NOT EXISTS tarn_schema_migrations (
    version    TEXT PRIMARY KEY,
    applied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
)`
}

func insertVersion(dialect string) string {
	if dialect == Postgres {
		return "INSERT INTO tarn_schema_migrations (version) VALUES ($1) ON CONFLICT (version) DO NOTHING"
	}
	return "INSERT INTO tarn_schema_migrations (version) VALUES (?) ON CONFLICT (version) DO NOTHING"
}
