package skimmer

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/tarn-data/tarn/lake"
	"github.com/tarn-data/tarn/store"
)

// ErrStore wraps failures of the metadata database.
var ErrStore = errors.New("skimmer: metadata store")

// Store keeps the latest report per table in Tarn's metadata database
// (SQLite or Postgres). It is safe for concurrent use.
type Store struct{ db *store.DB }

// NewStore returns the reports kept in db.
func NewStore(db *store.DB) *Store { return &Store{db: db} }

// Report returns the table's report and whether there is one.
//
// Errors: ErrStore.
func (s *Store) Report(ctx context.Context, id lake.Ident) (Report, bool, error) {
	var raw string
	err := s.db.QueryRowContext(ctx, s.db.Rebind(`SELECT report FROM tarn_skimmer_reports WHERE namespace = ? AND name = ?`),
		id.Namespace, id.Name).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return Report{}, false, nil
	}
	if err != nil {
		return Report{}, false, fmt.Errorf("%w: reading the report of %s: %w", ErrStore, id, err)
	}
	var r Report
	if err := json.Unmarshal([]byte(raw), &r); err != nil {
		return Report{}, false, fmt.Errorf("%w: the report of %s is not JSON: %w", ErrStore, id, err)
	}
	return r, true, nil
}

// Put replaces the table's report.
//
// Errors: ErrStore.
func (s *Store) Put(ctx context.Context, r Report) error {
	ns, name, ok := strings.Cut(r.Table, ".")
	if !ok {
		return fmt.Errorf("%w: a report for %q, which is not namespace.name", ErrStore, r.Table)
	}
	raw, err := json.Marshal(r)
	if err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrStore, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, s.db.Rebind(`DELETE FROM tarn_skimmer_reports WHERE namespace = ? AND name = ?`), ns, name); err != nil {
		return fmt.Errorf("%w: replacing the report of %s: %w", ErrStore, r.Table, err)
	}
	if _, err := tx.ExecContext(ctx, s.db.Rebind(`INSERT INTO tarn_skimmer_reports (namespace, name, snapshot_id, rows_sampled, report, scanned_at) VALUES (?, ?, ?, ?, ?, ?)`),
		ns, name, r.Snapshot, r.Sampled, string(raw), r.Scanned.UTC()); err != nil {
		return fmt.Errorf("%w: keeping the report of %s: %w", ErrStore, r.Table, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%w: keeping the report of %s: %w", ErrStore, r.Table, err)
	}
	return nil
}

// Reports returns every table's report, by table name.
//
// Errors: ErrStore.
func (s *Store) Reports(ctx context.Context) ([]Report, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT report FROM tarn_skimmer_reports ORDER BY namespace, name`)
	if err != nil {
		return nil, fmt.Errorf("%w: listing reports: %w", ErrStore, err)
	}
	defer rows.Close()
	var out []Report
	for rows.Next() {
		var raw string
		if err := rows.Scan(&raw); err != nil {
			return nil, fmt.Errorf("%w: listing reports: %w", ErrStore, err)
		}
		var r Report
		if err := json.Unmarshal([]byte(raw), &r); err != nil {
			return nil, fmt.Errorf("%w: a report is not JSON: %w", ErrStore, err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%w: listing reports: %w", ErrStore, err)
	}
	return out, nil
}

// Delete forgets the table's report, so that its next scan starts afresh.
//
// Errors: ErrStore.
func (s *Store) Delete(ctx context.Context, id lake.Ident) error {
	if _, err := s.db.ExecContext(ctx, s.db.Rebind(`DELETE FROM tarn_skimmer_reports WHERE namespace = ? AND name = ?`), id.Namespace, id.Name); err != nil {
		return fmt.Errorf("%w: forgetting the report of %s: %w", ErrStore, id, err)
	}
	return nil
}
