package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/tarn-data/tarn/governance"
)

const reviewColumns = `namespace, table_name, approved, columns, pii, reviewed_by, reviewed_at, note`

func scanReview(sc scanner) (governance.Review, error) {
	var (
		r         governance.Review
		cols, pii string
	)
	if err := sc.Scan(&r.Namespace, &r.Table, &r.Approved, &cols, &pii, &r.ReviewedBy, &r.ReviewedAt, &r.Note); err != nil {
		return r, err
	}
	var err error
	if r.Columns, err = parseList(cols); err != nil {
		return r, fmt.Errorf("review of %s.%s: %w", r.Namespace, r.Table, err)
	}
	if err := json.Unmarshal([]byte(pii), &r.PII); err != nil {
		return r, fmt.Errorf("review of %s.%s: PII tags %q: %w", r.Namespace, r.Table, pii, err)
	}
	if len(r.PII) == 0 {
		r.PII = nil
	}
	r.ReviewedAt = r.ReviewedAt.UTC()
	return r, nil
}

// PutReview replaces the review of r.Namespace.r.Table.
func (s *Store) PutReview(ctx context.Context, r governance.Review) error {
	pii := "{}"
	if len(r.PII) > 0 {
		b, err := json.Marshal(r.PII)
		if err != nil {
			return fmt.Errorf("review of %s.%s: %w", r.Namespace, r.Table, err)
		}
		pii = string(b)
	}
	return s.change(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, s.db.Rebind(`DELETE FROM tarn_reviews WHERE namespace = ? AND table_name = ?`),
			r.Namespace, r.Table); err != nil {
			return fmt.Errorf("replace review of %s.%s: %w", r.Namespace, r.Table, err)
		}
		if _, err := tx.ExecContext(ctx, s.db.Rebind(`INSERT INTO tarn_reviews (`+reviewColumns+`)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
			r.Namespace, r.Table, r.Approved, jsonList(r.Columns), pii, r.ReviewedBy, ts(r.ReviewedAt), r.Note); err != nil {
			return fmt.Errorf("store review of %s.%s: %w", r.Namespace, r.Table, err)
		}
		return nil
	})
}

// Review returns the review of namespace.table; ok is false if there is none.
func (s *Store) Review(ctx context.Context, namespace, table string) (governance.Review, bool, error) {
	r, err := scanReview(s.db.QueryRowContext(ctx, s.db.Rebind(`SELECT `+reviewColumns+`
		FROM tarn_reviews WHERE namespace = ? AND table_name = ?`), namespace, table))
	if errors.Is(err, sql.ErrNoRows) {
		return governance.Review{}, false, nil
	}
	if err != nil {
		return governance.Review{}, false, err
	}
	return r, true, nil
}

// Reviews returns every review, by namespace and table.
func (s *Store) Reviews(ctx context.Context) ([]governance.Review, error) {
	return list(ctx, s, "reviews", `SELECT `+reviewColumns+` FROM tarn_reviews ORDER BY namespace, table_name`, nil, scanReview)
}
