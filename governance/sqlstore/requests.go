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

const requestColumns = `id, requester, privilege, namespace, table_name, columns, justification,
	duration_ns, state, created_at, expires_at, decided_by, decided_at, reason, grant_id`

func scanRequest(sc scanner) (governance.Request, error) {
	var (
		r         governance.Request
		cols      string
		durNS     int64
		decidedAt sql.NullTime
	)
	err := sc.Scan(&r.ID, &r.Requester, &r.Privilege, &r.Object.Namespace, &r.Object.Table, &cols, &r.Justification,
		&durNS, &r.State, &r.CreatedAt, &r.ExpiresAt, &r.DecidedBy, &decidedAt, &r.Reason, &r.GrantID)
	if err != nil {
		return r, err
	}
	if r.Object.Columns, err = parseList(cols); err != nil {
		return r, fmt.Errorf("request %d: %w", r.ID, err)
	}
	r.Duration = time.Duration(durNS)
	r.CreatedAt, r.ExpiresAt = r.CreatedAt.UTC(), r.ExpiresAt.UTC()
	r.DecidedAt = timePtr(decidedAt)
	return r, nil
}

// CreateRequest stores r under a new ID (r.ID is ignored) and returns it as
// stored.
func (s *Store) CreateRequest(ctx context.Context, r governance.Request) (governance.Request, error) {
	err := s.change(ctx, func(tx *sql.Tx) error {
		id, err := s.insertID(ctx, tx, `INSERT INTO tarn_requests (requester, privilege, namespace, table_name, columns,
			justification, duration_ns, state, created_at, expires_at, decided_by, decided_at, reason, grant_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			r.Requester, string(r.Privilege), r.Object.Namespace, r.Object.Table, jsonList(r.Object.Columns),
			r.Justification, int64(r.Duration), string(r.State), ts(r.CreatedAt), ts(r.ExpiresAt),
			r.DecidedBy, nullTS(r.DecidedAt), r.Reason, r.GrantID)
		r.ID = id
		return err
	})
	if err != nil {
		return governance.Request{}, fmt.Errorf("create request: %w", err)
	}
	return s.Request(ctx, r.ID)
}

// Request returns request id or an error wrapping governance.ErrNotFound.
func (s *Store) Request(ctx context.Context, id int64) (governance.Request, error) {
	r, err := scanRequest(s.db.QueryRowContext(ctx, s.db.Rebind(`SELECT `+requestColumns+` FROM tarn_requests WHERE id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("%w: request %d", governance.ErrNotFound, id)
	}
	return r, err
}

// Requests returns the requests f selects, by ID.
func (s *Store) Requests(ctx context.Context, f governance.RequestFilter) ([]governance.Request, error) {
	var (
		where []string
		args  []any
	)
	if f.Requester != "" {
		where = append(where, "requester = ?")
		args = append(args, f.Requester)
	}
	if f.State != "" {
		where = append(where, "state = ?")
		args = append(args, string(f.State))
	}
	q := `SELECT ` + requestColumns + ` FROM tarn_requests`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	return list(ctx, s, "requests", q+" ORDER BY id", args, scanRequest)
}

// UpdateRequest replaces request r.ID with r if its stored state is still
// from. It returns an error wrapping governance.ErrNotFound if there is no
// such request and governance.ErrAlreadyDecided if its state has moved on.
func (s *Store) UpdateRequest(ctx context.Context, r governance.Request, from governance.RequestState) error {
	return s.change(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.db.Rebind(`UPDATE tarn_requests SET requester = ?, privilege = ?,
			namespace = ?, table_name = ?, columns = ?, justification = ?, duration_ns = ?, state = ?,
			created_at = ?, expires_at = ?, decided_by = ?, decided_at = ?, reason = ?, grant_id = ?
			WHERE id = ? AND state = ?`),
			r.Requester, string(r.Privilege), r.Object.Namespace, r.Object.Table, jsonList(r.Object.Columns),
			r.Justification, int64(r.Duration), string(r.State), ts(r.CreatedAt), ts(r.ExpiresAt),
			r.DecidedBy, nullTS(r.DecidedAt), r.Reason, r.GrantID, r.ID, string(from))
		if err != nil {
			return fmt.Errorf("update request %d: %w", r.ID, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("update request %d: %w", r.ID, err)
		} else if n == 0 {
			return s.casMiss(ctx, tx, "tarn_requests", "request", r.ID, string(from))
		}
		return nil
	})
}
