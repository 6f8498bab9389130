// Package store opens Tarn's one SQL metadata database and brings its schema
// up to date. The database holds the Iceberg SQL catalog (managed by
// iceberg-go) and Tarn's own tables (catalog annotations, governance, audit,
// job runs, agent memory), whose schema lives in package migrations.
//
// Two stores are supported, chosen by URL: a SQLite file (the default, in the
// data directory; adapter store/sqlite) and PostgreSQL (for a team; adapter
// store/postgres). Code above this package writes its SQL once, with '?'
// placeholders passed through DB.Rebind, and runs the same conformance tests
// against both stores with store/storetest.
package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/migrations"
	"github.com/tarn-data/tarn/store/postgres"
	"github.com/tarn-data/tarn/store/sqlite"
)

// Dialect names the SQL dialect of a store.
type Dialect string

// The supported dialects.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DriverName returns the database/sql driver name for d ("sqlite" or "pgx"),
// for libraries that open their own handle or need to know the driver.
func (d Dialect) DriverName() string {
	if d == Postgres {
		return postgres.DriverName
	}
	return sqlite.DriverName
}

// DB is an open metadata database with its schema up to date.
type DB struct {
	*sql.DB
	// Dialect says which SQL dialect the database speaks.
	Dialect Dialect
	// URL is the URL the database was opened with, with any password
	// redacted; it is safe to log and to show.
	URL string
}

// Open opens the metadata database named by url and applies any missing
// migrations. Accepted forms:
//
//	sqlite:///abs/path/tarn.db   a SQLite file by absolute path
//	sqlite:relative/tarn.db      a SQLite file relative to the working directory
//	/some/path/tarn.db           a bare path ending in .db, .sqlite or .sqlite3
//	postgres://user:pass@host:port/db?sslmode=disable   (or postgresql://)
//
// It returns a *tarn.Error with code EINVALID when url has none of these
// forms, and an error wrapping the adapter's sentinel (sqlite.ErrOpen,
// postgres.ErrUnreachable…) or migrations.ErrMigration when the database
// cannot be opened or migrated.
func Open(ctx context.Context, url string) (*DB, error) {
	loc, err := parseURL(url)
	if err != nil {
		return nil, err
	}
	var sdb *sql.DB
	switch loc.dialect {
	case SQLite:
		sdb, err = sqlite.Open(loc.target)
	case Postgres:
		sdb, err = postgres.Open(loc.target)
	}
	if err != nil {
		return nil, tarn.Wrap(err, tarn.EINTERNAL,
			"check that the database is reachable and the store URL is right",
			"cannot open the metadata store %s: %v", loc.redacted, err)
	}
	if _, err := migrations.Apply(ctx, sdb, string(loc.dialect)); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("open metadata store %s: %w", loc.redacted, err)
	}
	return &DB{DB: sdb, Dialect: loc.dialect, URL: loc.redacted}, nil
}

// Close closes the connection pool.
func (db *DB) Close() error { return db.DB.Close() }

// Rebind rewrites the '?' placeholders of query for db's dialect: unchanged
// for SQLite, $1, $2, … for Postgres. Question marks inside string literals,
// quoted identifiers and comments are left alone.
func (db *DB) Rebind(query string) string { return rebind(db.Dialect, query) }
