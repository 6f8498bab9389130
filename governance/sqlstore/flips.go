package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/tarn-data/tarn/governance"
)

const flipColumns = `id, principal, namespace, table_name, justification, started_at, expires_at,
	approved_by, ended_at, state`

func scanFlip(sc scanner) (governance.Flip, error) {
	var (
		f     governance.Flip
		ended sql.NullTime
	)
	err := sc.Scan(&f.ID, &f.Principal, &f.Namespace, &f.Table, &f.Justification, &f.StartedAt, &f.ExpiresAt,
		&f.ApprovedBy, &ended, &f.State)
	if err != nil {
		return f, err
	}
	f.StartedAt, f.ExpiresAt = f.StartedAt.UTC(), f.ExpiresAt.UTC()
	f.EndedAt = timePtr(ended)
	return f, nil
}

// CreateFlip stores f under a new ID (f.ID is ignored) and returns it as
// stored.
func (s *Store) CreateFlip(ctx context.Context, f governance.Flip) (governance.Flip, error) {
	err := s.change(ctx, func(tx *sql.Tx) error {
		id, err := s.insertID(ctx, tx, `INSERT INTO tarn_flips (principal, namespace, table_name, justification,
			started_at, expires_at, approved_by, ended_at, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			f.Principal, f.Namespace, f.Table, f.Justification, ts(f.StartedAt), ts(f.ExpiresAt),
			f.ApprovedBy, nullTS(f.EndedAt), f.State)
		f.ID = id
		return err
	})
	if err != nil {
		return governance.Flip{}, fmt.Errorf("create flip: %w", err)
	}
	return s.Flip(ctx, f.ID)
}

// Flip returns flip id or an error wrapping governance.ErrNotFound.
func (s *Store) Flip(ctx context.Context, id int64) (governance.Flip, error) {
	f, err := scanFlip(s.db.QueryRowContext(ctx, s.db.Rebind(`SELECT `+flipColumns+` FROM tarn_flips WHERE id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return f, fmt.Errorf("%w: flip %d", governance.ErrNotFound, id)
	}
	return f, err
}

// Flips returns principal's flips ("" for everyone's), newest (highest ID)
// first.
func (s *Store) Flips(ctx context.Context, principal string) ([]governance.Flip, error) {
	q, args := `SELECT `+flipColumns+` FROM tarn_flips`, []any{}
	if principal != "" {
		q += ` WHERE principal = ?`
		args = append(args, principal)
	}
	return list(ctx, s, "flips", q+` ORDER BY id DESC`, args, scanFlip)
}

// UpdateFlip replaces flip f.ID with f if its stored state is still from. It
// returns an error wrapping governance.ErrNotFound if there is no such flip
// and governance.ErrAlreadyDecided if its state has moved on.
func (s *Store) UpdateFlip(ctx context.Context, f governance.Flip, from string) error {
	return s.change(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.db.Rebind(`UPDATE tarn_flips SET principal = ?, namespace = ?,
			table_name = ?, justification = ?, started_at = ?, expires_at = ?, approved_by = ?, ended_at = ?,
			state = ? WHERE id = ? AND state = ?`),
			f.Principal, f.Namespace, f.Table, f.Justification, ts(f.StartedAt), ts(f.ExpiresAt),
			f.ApprovedBy, nullTS(f.EndedAt), f.State, f.ID, from)
		if err != nil {
			return fmt.Errorf("update flip %d: %w", f.ID, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("update flip %d: %w", f.ID, err)
		} else if n == 0 {
			return s.casMiss(ctx, tx, "tarn_flips", "flip", f.ID, from)
		}
		return nil
	})
}
