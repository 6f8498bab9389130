package guard

import "time"

// Query is a statement that passed the guard.
type Query struct {
	// SQL is the text as given to Parse.
	SQL string
	// Tables lists every table reference the engine must provide, in order
	// of appearance in SQL: lake tables (namespace.table) and, when Parse was
	// given AllowViews, references to those views. CTE references are not
	// listed. The same lake table referenced twice appears twice.
	Tables []TableRef
	// Filters are WHERE conjuncts of the form `column op constant` that hold
	// for every row a table reference contributes; see Filter.
	Filters []Filter

	raw  []byte // DuckDB's JSON for SQL, re-decoded by Rewrite
	opts options
}

// TableRef is one reference to a table in a query.
type TableRef struct {
	Index     int    // position in Query.Tables
	Namespace string // "" for an allowed view
	Name      string
	Alias     string // "" if none
	// Position is the byte offset of the reference in Query.SQL, -1 if
	// DuckDB did not report one.
	Position int
	// AtVersion is set by `AT (VERSION => 42)`.
	AtVersion *int64
	// AtTimestamp is set by `AT (TIMESTAMP => TIMESTAMP '2026-11-01 00:00:00')`
	// (or a plain string literal, or a DATE), in UTC.
	AtTimestamp *time.Time
}

// QualifiedName returns "namespace.table" (or the view name).
func (t TableRef) QualifiedName() string {
	if t.Namespace == "" {
		return t.Name
	}
	return t.Namespace + "." + t.Name
}

// Filter is a conjunct `column op constant` from a WHERE clause, found only
// where it restricts a table's own rows: top-level AND conjuncts of a SELECT
// whose FROM holds the table directly or through inner or cross joins (or on
// the preserved side of an outer join). Filters are an optimisation: the
// engine still runs the full WHERE, so a filter may be dropped but is never
// wrong for the table it names.
//
// Column is the name as written. It may name a select-list alias when the
// table has no such column, so the engine must check Column against the
// table's schema and drop filters whose column it does not find. Values hold
// the literal (int64, float64, string, bool, time.Time); DuckDB converts it
// to the column's type when it compares, so the engine must drop a filter
// whose value it cannot convert the same way. Strings are kept as written
// (ts >= '2026-11-01' gives the string). A TIMESTAMP literal is a wall-clock
// time given as UTC: it matches DuckDB against a TIMESTAMP column, and
// against a TIMESTAMPTZ column only when the session TimeZone is UTC.
// TIMESTAMPTZ literals, inexact decimals and NULL give no filter.
type Filter struct {
	// Table is the index into Query.Tables, or -1 when the column is
	// unqualified and the SELECT has several relations in its FROM: the
	// engine resolves it by schema among Candidates, and drops the filter
	// unless exactly one candidate has the column.
	Table      int
	Candidates []int
	Column     string
	// Op is one of "=", "!=", "<", "<=", ">", ">=", "in", "is_null",
	// "not_null".
	Op string
	// Values holds one value, several for "in", none for null checks.
	// Timestamps are UTC; DATE literals are midnight UTC with IsDate set.
	Values []any
	IsDate bool
	// DateCast marks a filter derived from `CAST(col AS DATE) op DATE '...'`
	// (or col::date): `= d` becomes `col >= d` and `col < d + 1 day`. It
	// holds only when col is a TIMESTAMP or DATE column, not TIMESTAMPTZ
	// (whose cast to DATE depends on the session time zone).
	DateCast bool
	// Note explains a derived filter; empty for a filter written directly.
	Note string
}
