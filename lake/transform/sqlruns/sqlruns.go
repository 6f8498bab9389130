// Package sqlruns keeps the Transformer's run history (transform.RunStore)
// in Tarn's metadata database, SQLite or Postgres (migration 0007).
package sqlruns

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/tarn-data/tarn/lake/transform"
	"github.com/tarn-data/tarn/store"
)

// ErrNoSuchRun is returned, wrapped, by Finish for a run ID never started.
var ErrNoSuchRun = errors.New("sqlruns: no such run")

// Store is the run history on the metadata database. It is safe for
// concurrent use.
type Store struct{ db *store.DB }

var _ transform.RunStore = (*Store)(nil)

// New returns the run history kept in db.
func New(db *store.DB) *Store { return &Store{db: db} }

func utc(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// Start records a run as running and returns its ID. It returns the
// database's errors.
func (s *Store) Start(ctx context.Context, r transform.Run) (int64, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, s.db.Rebind(`INSERT INTO tarn_job_runs
		(job, target, materialization, trigger_kind, attempt, status, started_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		r.Job, r.Target, string(r.Materialization), r.Trigger, max(r.Attempt, 1), r.Status, utc(r.Started)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("sqlruns: recording the start of %s: %w", r.Job, err)
	}
	return id, nil
}

// Finish records how a run ended. It returns ErrNoSuchRun for an unknown
// ID, and the database's errors.
func (s *Store) Finish(ctx context.Context, r transform.Run) error {
	var ended any
	if !r.Ended.IsZero() {
		ended = utc(r.Ended)
	}
	res, err := s.db.ExecContext(ctx, s.db.Rebind(`UPDATE tarn_job_runs SET status = ?, ended_at = ?, rows_written = ?,
		snapshot_id = ?, watermark = ?, error = ? WHERE id = ?`), r.Status, ended, r.Rows, r.SnapshotID, r.Position, r.Error, r.ID)
	if err != nil {
		return fmt.Errorf("sqlruns: recording the end of run %d: %w", r.ID, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return fmt.Errorf("%w: %d", ErrNoSuchRun, r.ID)
	}
	return nil
}

// Runs returns runs newest first: of one job, or of all; at most f.Limit
// (default 50). It returns the database's errors.
func (s *Store) Runs(ctx context.Context, f transform.RunFilter) ([]transform.Run, error) {
	if f.Limit <= 0 {
		f.Limit = 50
	}
	q := `SELECT id, job, target, materialization, trigger_kind, attempt, status, started_at, ended_at, rows_written, snapshot_id, watermark, error
		FROM tarn_job_runs`
	args := []any{}
	if f.Job != "" {
		q += ` WHERE job = ?`
		args = append(args, f.Job)
	}
	q += ` ORDER BY id DESC LIMIT ?`
	args = append(args, f.Limit)
	rows, err := s.db.QueryContext(ctx, s.db.Rebind(q), args...)
	if err != nil {
		return nil, fmt.Errorf("sqlruns: reading runs: %w", err)
	}
	defer rows.Close()
	var out []transform.Run
	for rows.Next() {
		var r transform.Run
		var mat string
		var ended sql.NullTime
		if err := rows.Scan(&r.ID, &r.Job, &r.Target, &mat, &r.Trigger, &r.Attempt, &r.Status, &r.Started, &ended,
			&r.Rows, &r.SnapshotID, &r.Position, &r.Error); err != nil {
			return nil, fmt.Errorf("sqlruns: reading runs: %w", err)
		}
		r.Materialization = transform.Materialization(mat)
		r.Started = r.Started.UTC()
		if ended.Valid {
			r.Ended = ended.Time.UTC()
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
