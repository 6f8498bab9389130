package engine

import (
	"context"
	"fmt"
	"strings"

	"github.com/tarn-data/tarn"
)

// ErrBadRowFilter is wrapped by CheckRowFilter's refusals.
var ErrBadRowFilter = fmt.Errorf("%w: row filter", ErrUnsupported)

// CheckRowFilter vets a row filter for a grant on ns.table: it must be one
// SQL predicate that the guard accepts as the WHERE clause of a query over
// that table alone. A filter that reads another table (through a subquery)
// or a table function is refused: the engine applies filters inside the
// relation, where nothing is decided again.
func (e *Engine) CheckRowFilter(ctx context.Context, ns, table, filter string) error {
	if strings.Contains(filter, ";") {
		return tarn.Wrap(ErrBadRowFilter, tarn.EINVALID, "Write one predicate, such as region = 'europe'.", "A row filter cannot hold several statements.")
	}
	q, err := e.parser.Parse(ctx, fmt.Sprintf("SELECT 1 FROM %s.%s WHERE (%s)", quoteIdent(ns), quoteIdent(table), filter))
	if err != nil {
		return tarn.Wrap(err, tarn.EINVALID, "Write one SQL predicate over the table's columns, such as region = 'europe'.",
			"The row filter %q is not a valid predicate: %s", filter, tarn.ErrorMessage(err))
	}
	if len(q.Tables) != 1 {
		return tarn.Wrap(ErrBadRowFilter, tarn.EINVALID, "Filter on the table's own columns only.",
			"The row filter %q reads other tables; it must be a predicate over %s.%s alone.", filter, ns, table)
	}
	return nil
}
