package engine

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/apache/iceberg-go"
	"github.com/tarn-data/tarn/engine/guard"
)

// assignFilters gives each table reference the WHERE conjuncts that name
// one of its columns. An unqualified column whose SELECT reads several
// tables goes to the one candidate that has such a column, or nowhere.
func assignFilters(q *guard.Query, schemas [][]string) [][]guard.Filter {
	out := make([][]guard.Filter, len(q.Tables))
	for _, f := range q.Filters {
		t := f.Table
		if t < 0 {
			t = -1
			for _, c := range f.Candidates {
				if c >= 0 && c < len(schemas) && slices.Contains(schemas[c], f.Column) {
					if t != -1 {
						t = -2 // ambiguous
						break
					}
					t = c
				}
			}
		}
		if t >= 0 && t < len(out) && slices.Contains(schemas[t], f.Column) {
			out[t] = append(out[t], f)
		}
	}
	return out
}

// pruningExpr turns conjuncts into an Iceberg expression for manifest,
// partition and metrics pruning, and a short description for reports.
// Conjuncts it cannot express are dropped: pruning only ever keeps more
// files than needed, never fewer.
func pruningExpr(fs []guard.Filter) (iceberg.BooleanExpression, string) {
	var expr iceberg.BooleanExpression
	var desc []string
	for _, f := range fs {
		e, ok := filterExpr(f)
		if !ok {
			continue
		}
		if expr == nil {
			expr = e
		} else {
			expr = iceberg.NewAnd(expr, e)
		}
		desc = append(desc, describeFilter(f))
	}
	return expr, strings.Join(desc, " AND ")
}

func filterExpr(f guard.Filter) (iceberg.BooleanExpression, bool) {
	ref := iceberg.Reference(f.Column)
	switch f.Op {
	case "is_null":
		return iceberg.IsNull(ref), true
	case "not_null":
		return iceberg.NotNull(ref), true
	}
	var lits []iceberg.Literal
	for _, v := range f.Values {
		l, ok := literal(v)
		if !ok {
			return nil, false
		}
		lits = append(lits, l)
	}
	if len(lits) == 0 {
		return nil, false
	}
	ops := map[string]iceberg.Operation{"=": iceberg.OpEQ, "!=": iceberg.OpNEQ, "<": iceberg.OpLT, "<=": iceberg.OpLTEQ, ">": iceberg.OpGT, ">=": iceberg.OpGTEQ}
	if op, ok := ops[f.Op]; ok {
		return iceberg.LiteralPredicate(op, ref, lits[0]), true
	}
	if f.Op == "in" {
		return iceberg.SetPredicate(iceberg.OpIn, ref, lits), true
	}
	return nil, false
}

// literal converts a constant from the SQL into an Iceberg literal. Binding
// to the column's type (int to long, timestamp to date…) is iceberg-go's.
func literal(v any) (iceberg.Literal, bool) {
	switch v := v.(type) {
	case int64:
		return iceberg.NewLiteral(v), true
	case float64:
		return iceberg.NewLiteral(v), true
	case string:
		return iceberg.NewLiteral(v), true
	case bool:
		return iceberg.NewLiteral(v), true
	case time.Time:
		return iceberg.NewLiteral(iceberg.Timestamp(v.UTC().UnixMicro())), true
	}
	return nil, false
}

// describeFilter renders a conjunct for people: ts >= 2026-11-20 00:00:00.
func describeFilter(f guard.Filter) string {
	vals := make([]string, len(f.Values))
	for i, v := range f.Values {
		switch v := v.(type) {
		case time.Time:
			if f.IsDate {
				vals[i] = v.Format("2006-01-02")
			} else {
				vals[i] = v.Format("2006-01-02 15:04:05.999999")
			}
		case string:
			vals[i] = "'" + v + "'"
		default:
			vals[i] = fmt.Sprint(v)
		}
	}
	switch f.Op {
	case "is_null":
		return f.Column + " IS NULL"
	case "not_null":
		return f.Column + " IS NOT NULL"
	case "in":
		return f.Column + " IN (" + strings.Join(vals, ", ") + ")"
	}
	return f.Column + " " + f.Op + " " + strings.Join(vals, "")
}
