package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/tarn-data/tarn/governance"
)

const grantColumns = `id, privilege, namespace, table_name, columns, grantee, row_filter,
	valid_until, created_by, created_at, revoked_at, revoked_by, request_id`

func scanGrant(sc scanner) (governance.Grant, error) {
	var (
		g                governance.Grant
		cols             string
		until, revokedAt sql.NullTime
	)
	err := sc.Scan(&g.ID, &g.Privilege, &g.Object.Namespace, &g.Object.Table, &cols, &g.Grantee, &g.RowFilter,
		&until, &g.CreatedBy, &g.CreatedAt, &revokedAt, &g.RevokedBy, &g.RequestID)
	if err != nil {
		return g, err
	}
	if g.Object.Columns, err = parseList(cols); err != nil {
		return g, fmt.Errorf("grant %d: %w", g.ID, err)
	}
	g.CreatedAt = g.CreatedAt.UTC()
	g.Until, g.RevokedAt = timePtr(until), timePtr(revokedAt)
	return g, nil
}

// CreateGrant stores g under a new ID (g.ID is ignored) and returns it as
// stored.
func (s *Store) CreateGrant(ctx context.Context, g governance.Grant) (governance.Grant, error) {
	err := s.change(ctx, func(tx *sql.Tx) error {
		id, err := s.insertID(ctx, tx, `INSERT INTO tarn_grants (privilege, namespace, table_name, columns, grantee,
			row_filter, valid_until, created_by, created_at, revoked_at, revoked_by, request_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			string(g.Privilege), g.Object.Namespace, g.Object.Table, jsonList(g.Object.Columns), g.Grantee,
			g.RowFilter, nullTS(g.Until), g.CreatedBy, ts(g.CreatedAt), nullTS(g.RevokedAt), g.RevokedBy, g.RequestID)
		g.ID = id
		return err
	})
	if err != nil {
		return governance.Grant{}, fmt.Errorf("create grant: %w", err)
	}
	return s.Grant(ctx, g.ID)
}

// RevokeGrant marks grant id revoked by by at at. It returns an error
// wrapping governance.ErrNotFound if there is no such grant or it is already
// revoked.
func (s *Store) RevokeGrant(ctx context.Context, id int64, by string, at time.Time) error {
	return s.change(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.db.Rebind(`UPDATE tarn_grants SET revoked_at = ?, revoked_by = ?
			WHERE id = ? AND revoked_at IS NULL`), ts(at), by, id)
		if err != nil {
			return fmt.Errorf("revoke grant %d: %w", id, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("revoke grant %d: %w", id, err)
		} else if n == 0 {
			return fmt.Errorf("%w: grant %d does not exist or is already revoked", governance.ErrNotFound, id)
		}
		return nil
	})
}

// Grant returns grant id, revoked or not, or an error wrapping
// governance.ErrNotFound.
func (s *Store) Grant(ctx context.Context, id int64) (governance.Grant, error) {
	g, err := scanGrant(s.db.QueryRowContext(ctx, s.db.Rebind(`SELECT `+grantColumns+` FROM tarn_grants WHERE id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return g, fmt.Errorf("%w: grant %d", governance.ErrNotFound, id)
	}
	return g, err
}

// Grants returns the grants f selects, by ID.
func (s *Store) Grants(ctx context.Context, f governance.GrantFilter) ([]governance.Grant, error) {
	var (
		where []string
		args  []any
	)
	if len(f.Grantees) > 0 {
		where = append(where, "grantee IN (?"+strings.Repeat(", ?", len(f.Grantees)-1)+")")
		for _, g := range f.Grantees {
			args = append(args, g)
		}
	}
	if f.Privilege != "" {
		where = append(where, "privilege = ?")
		args = append(args, string(f.Privilege))
	}
	if f.ActiveAt != nil {
		where = append(where, "revoked_at IS NULL AND (valid_until IS NULL OR valid_until > ?)")
		args = append(args, ts(*f.ActiveAt))
	}
	q := `SELECT ` + grantColumns + ` FROM tarn_grants`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	return list(ctx, s, "grants", q+" ORDER BY id", args, scanGrant)
}
