// Package sqlite opens Tarn's metadata database as a SQLite file through
// modernc.org/sqlite (pure Go, driver name "sqlite"), configured for one
// process with many goroutines: WAL journal, a busy timeout, foreign keys and
// immediate write transactions on every pooled connection.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// ErrOpen is returned, wrapped, when the database file cannot be opened or
// configured.
var ErrOpen = errors.New("cannot open SQLite database")

// DriverName is the database/sql driver name of modernc.org/sqlite.
const DriverName = "sqlite"

// BusyTimeout is how long a connection waits for another writer's lock
// before failing with SQLITE_BUSY.
const BusyTimeout = 10 * time.Second

// DSN returns the modernc.org/sqlite data source name for the file at path.
// The pragmas are applied by the driver to every new connection, so they
// hold for the whole pool:
//
//   - journal_mode(WAL): readers do not block the writer, nor it them;
//   - busy_timeout: wait up to BusyTimeout for a lock instead of failing;
//   - foreign_keys(1): enforce REFERENCES clauses;
//   - synchronous(NORMAL): durable across application crashes, and the usual
//     setting with WAL;
//   - _txlock=immediate: every transaction begins with BEGIN IMMEDIATE, so
//     two read-then-write transactions queue on the lock instead of one
//     failing at once when it upgrades;
//   - _time_format=sqlite, _timezone=UTC: times are stored as sortable UTC
//     text and read back as time.Time from TIMESTAMP columns.
func DSN(path string) string {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", BusyTimeout.Milliseconds()))
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Set("_txlock", "immediate")
	q.Set("_time_format", "sqlite")
	q.Set("_timezone", "UTC")
	return path + "?" + q.Encode()
}

// Open opens (creating if needed) the SQLite database file at path, creating
// its parent directory, and checks that a connection can be made. It returns
// an error wrapping ErrOpen when path is not usable.
func Open(path string) (*sql.DB, error) {
	if path == "" || path == ":memory:" || strings.HasPrefix(path, "file:") {
		return nil, fmt.Errorf("%w: %q is not a file path (an in-memory or URI database cannot be shared by a connection pool)", ErrOpen, path)
	}
	if strings.Contains(path, "?") {
		return nil, fmt.Errorf("%w: %q: a database path cannot contain '?'", ErrOpen, path)
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("%w: create directory for %s: %v", ErrOpen, path, err)
		}
	}
	db, err := sql.Open(DriverName, DSN(path))
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrOpen, path, err)
	}
	// One writer at a time is all SQLite allows; a few connections let
	// readers proceed beside it under WAL.
	n := max(4, runtime.NumCPU())
	db.SetMaxOpenConns(n)
	db.SetMaxIdleConns(n)
	db.SetConnMaxIdleTime(5 * time.Minute)

	ctx, cancel := context.WithTimeout(context.Background(), BusyTimeout+5*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("%w: %s: %v", ErrOpen, path, err)
	}
	return db, nil
}
