package lake

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/tarn-data/tarn"
)

// ErrNoLineage is returned, wrapped in a *tarn.Error with code ENOTFOUND,
// when nothing recorded how a table is built.
var ErrNoLineage = errors.New("no lineage recorded")

// Lineage is how a table is built: context layer 3. The job that builds a
// table records it after each run.
type Lineage struct {
	SQL     string             // the statement that builds the table
	Sources []string           // the tables it reads, as namespace.table, or an ingestion job's source (postgres:public.orders)
	Columns []ColumnDerivation // what the SQL says about each output column
	Updated time.Time          // when it was recorded; set by PutLineage
}

// ColumnDerivation says how one output column is computed.
type ColumnDerivation struct {
	Name        string `json:"name"`
	Expr        string `json:"expr"`                  // the SQL expression, e.g. "billed_amount / 12"
	Description string `json:"description,omitempty"` // the same in words
}

// PutLineage records how a table is built, replacing what was recorded
// before. The table itself need not exist yet. It returns ErrInvalid
// (wrapped, EINVALID) for a malformed identifier.
func (l *Lake) PutLineage(ctx context.Context, id Ident, lin Lineage) error {
	if err := id.Validate(); err != nil {
		return err
	}
	db := l.opts.Store
	sources, _ := json.Marshal(append([]string{}, lin.Sources...))
	cols, _ := json.Marshal(append([]ColumnDerivation{}, lin.Columns...))
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, db.Rebind(`DELETE FROM tarn_catalog_lineage WHERE namespace = ? AND name = ?`), id.Namespace, id.Name); err != nil {
		return fmt.Errorf("recording the lineage of %s: %w", id, err)
	}
	if _, err := tx.ExecContext(ctx, db.Rebind(`INSERT INTO tarn_catalog_lineage (namespace, name, sql_text, sources, columns, updated_at) VALUES (?, ?, ?, ?, ?, ?)`),
		id.Namespace, id.Name, lin.SQL, string(sources), string(cols), l.opts.Clock.Now().UTC().Truncate(time.Microsecond)); err != nil {
		return fmt.Errorf("recording the lineage of %s: %w", id, err)
	}
	return tx.Commit()
}

// Lineage returns how a table is built. When nothing was recorded the error
// wraps ErrNoLineage inside a *tarn.Error with code ENOTFOUND.
func (l *Lake) Lineage(ctx context.Context, id Ident) (Lineage, error) {
	db := l.opts.Store
	var (
		lin           Lineage
		sources, cols string
	)
	err := db.QueryRowContext(ctx, db.Rebind(`SELECT sql_text, sources, columns, updated_at FROM tarn_catalog_lineage WHERE namespace = ? AND name = ?`),
		id.Namespace, id.Name).Scan(&lin.SQL, &sources, &cols, &lin.Updated)
	if errors.Is(err, sql.ErrNoRows) {
		return lin, tarn.Wrap(fmt.Errorf("%w: %s", ErrNoLineage, id), tarn.ENOTFOUND,
			"Lineage is recorded when the job that builds the table runs.",
			"Nothing records how %s is built.", id)
	}
	if err != nil {
		return lin, fmt.Errorf("reading the lineage of %s: %w", id, err)
	}
	lin.Updated = lin.Updated.UTC()
	if err := json.Unmarshal([]byte(sources), &lin.Sources); err != nil {
		return lin, fmt.Errorf("reading the lineage of %s: sources: %w", id, err)
	}
	if err := json.Unmarshal([]byte(cols), &lin.Columns); err != nil {
		return lin, fmt.Errorf("reading the lineage of %s: columns: %w", id, err)
	}
	return lin, nil
}
