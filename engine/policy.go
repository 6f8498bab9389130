package engine

import (
	"context"

	"github.com/tarn-data/tarn/lake"
)

// Caller is who runs a query: a principal name as the front door resolved it
// (for example "cli:alice" or "slack:T01/U02"). Every query carries one.
type Caller struct {
	Principal string
	// Purpose is free text recorded with the query (e.g. a flip's reason).
	Purpose string
}

// TableAccess is one table a query reads, and the columns it names.
type TableAccess struct {
	Table   lake.Ident
	Columns []string // the table's columns in schema order
	// Types are the DuckDB types of Columns, in the same order ("VARCHAR",
	// "BIGINT", "DECIMAL(12,2)", …); nil when unknown. Masks use them to
	// keep a masked column's type.
	Types []string
	AsOf  lake.AsOf
}

// ColumnRule says how one column appears to the caller.
type ColumnRule struct {
	// Hidden columns do not exist for the caller: not in SELECT *, not in
	// DESCRIBE, and naming them fails like naming an unknown column.
	Hidden bool
	// Mask is a DuckDB SQL expression over the raw column, written with the
	// placeholder {{col}} (e.g. "'***'" or "md5({{col}})"); empty means raw.
	Mask string
}

// TableDecision is the policy's answer for one table.
type TableDecision struct {
	// Columns says how each column appears. A nil map shows every column
	// raw (governance off); otherwise columns it does not name are hidden
	// (default-closed), so a column the policy never heard of cannot leak.
	Columns map[string]ColumnRule
	// RowFilter is a DuckDB SQL predicate over the raw columns; only rows for
	// which it is true exist for the caller.
	RowFilter string

	// What follows explains the decision for the audit log; the engine
	// does not act on it.

	// Principal is the name the caller resolved to ("alice").
	Principal string
	// Grants are the IDs of the grants that allowed the read.
	Grants []int64
	// Masked lists the columns shown masked; Raw the PII columns shown raw
	// because a session flip lifted redaction.
	Masked, Raw []string
	// FlipID is the flip that lifted redaction, or 0; Justification is
	// the reason given for it.
	FlipID        int64
	Justification string
}

// Policy decides, for every query, whether the caller may read each table
// and how. Governance implements it. A refusal is a *tarn.Error with code
// tarn.EFORBIDDEN whose message says what to request.
type Policy interface {
	Decide(ctx context.Context, c Caller, tables []TableAccess) ([]TableDecision, error)
}

// AllowAll is the policy of an engine with governance off: every table,
// every column, raw. Only tools and tests that run without governance use it.
type AllowAll struct{}

// Decide allows everything.
func (AllowAll) Decide(_ context.Context, _ Caller, tables []TableAccess) ([]TableDecision, error) {
	return make([]TableDecision, len(tables)), nil
}
