// Package sqlstore keeps governance state in Tarn's metadata database
// (store.DB, SQLite or Postgres) in the tables of migration 0003_governance:
// tarn_grants, tarn_requests, tarn_reviews, tarn_flips and the one-row
// counter tarn_governance_version.
//
// Every change runs in one transaction that also bumps the counter, so
// Version moves exactly when something changed. Updates of requests and
// flips are compare-and-set (UPDATE … WHERE id = ? AND state = ?): of two
// writers racing from the same state, one wins and the other gets
// governance.ErrAlreadyDecided. Times are stored in UTC, to the microsecond,
// and read back in UTC.
package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/tarn-data/tarn/governance"
	"github.com/tarn-data/tarn/store"
)

// Store is a governance.Store on a metadata database.
type Store struct {
	db *store.DB
}

var _ governance.Store = (*Store)(nil)

// New returns a Store on db, whose schema must include migration
// 0003_governance (store.Open applies it).
func New(db *store.DB) *Store { return &Store{db: db} }

// change runs fn in a transaction and bumps the version in the same
// transaction when fn succeeds.
func (s *Store) change(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE tarn_governance_version SET version = version + 1 WHERE id = 1`); err != nil {
		return fmt.Errorf("bump governance version: %w", err)
	}
	return tx.Commit()
}

// Version returns the number of changes made so far.
func (s *Store) Version(ctx context.Context) (int64, error) {
	var v int64
	err := s.db.QueryRowContext(ctx, `SELECT version FROM tarn_governance_version WHERE id = 1`).Scan(&v)
	return v, err
}

// insertID runs an INSERT … RETURNING id and returns the id.
func (s *Store) insertID(ctx context.Context, tx *sql.Tx, query string, args ...any) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, s.db.Rebind(query+" RETURNING id"), args...).Scan(&id)
	return id, err
}

// casMiss explains why a compare-and-set UPDATE of id in table matched no
// row: the row is missing (ErrNotFound) or its state moved on
// (ErrAlreadyDecided).
func (s *Store) casMiss(ctx context.Context, tx *sql.Tx, table, kind string, id int64, from string) error {
	var state string
	err := tx.QueryRowContext(ctx, s.db.Rebind(`SELECT state FROM `+table+` WHERE id = ?`), id).Scan(&state)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("%w: %s %d", governance.ErrNotFound, kind, id)
	case err != nil:
		return err
	}
	return fmt.Errorf("%w: %s %d is %s, not %s", governance.ErrAlreadyDecided, kind, id, state, from)
}

// ts is t as stored: UTC, to the microsecond (Postgres' precision).
func ts(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// nullTS is a nullable time argument.
func nullTS(t *time.Time) any {
	if t == nil {
		return nil
	}
	return ts(*t)
}

// timePtr converts a scanned nullable time back.
func timePtr(n sql.NullTime) *time.Time {
	if !n.Valid {
		return nil
	}
	t := n.Time.UTC()
	return &t
}

// jsonList encodes a column list; nil and empty both store "[]".
func jsonList(cols []string) string {
	if len(cols) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(cols)
	return string(b)
}

// parseList decodes a column list; "[]" reads back as nil.
func parseList(s string) ([]string, error) {
	var cols []string
	if err := json.Unmarshal([]byte(s), &cols); err != nil {
		return nil, fmt.Errorf("column list %q: %w", s, err)
	}
	if len(cols) == 0 {
		return nil, nil
	}
	return cols, nil
}

// scanner is a *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

// list runs a query and scans every row with scan; what names the rows in
// errors ("grants", "requests"…).
func list[T any](ctx context.Context, s *Store, what, query string, args []any, scan func(scanner) (T, error)) ([]T, error) {
	rows, err := s.db.QueryContext(ctx, s.db.Rebind(query), args...)
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", what, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("list %s: %w", what, err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
