package engine

import (
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
		desc = append(desc, e.String())
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
