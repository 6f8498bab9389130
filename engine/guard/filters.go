package guard

import (
	"fmt"
	"strings"
	"time"
)

// rawFilter is a Filter whose table is still a *ref (indexes are assigned
// once every reference is known).
type rawFilter struct {
	Filter
	table      *ref
	candidates []*ref
}

var comparisonOps = map[string]string{
	"COMPARE_EQUAL": "=", "COMPARE_NOTEQUAL": "!=",
	"COMPARE_LESSTHAN": "<", "COMPARE_LESSTHANOREQUALTO": "<=",
	"COMPARE_GREATERTHAN": ">", "COMPARE_GREATERTHANOREQUALTO": ">=",
}

var flipped = map[string]string{"=": "=", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}

// collectFilters adds the filters found in the top-level AND conjuncts of a
// SELECT's WHERE clause. Anything it does not recognise gives no filter.
func (a *analyzer) collectFilters(f *frame, where obj) {
	for _, c := range conjuncts(where, nil) {
		a.conjunctFilters(f, c)
	}
}

func conjuncts(n obj, out []obj) []obj {
	if n["class"] == "CONJUNCTION" && n["type"] == "CONJUNCTION_AND" {
		children, _ := n["children"].([]any)
		for _, c := range children {
			if child, ok := c.(obj); ok {
				out = conjuncts(child, out)
			}
		}
		return out
	}
	return append(out, n)
}

func (a *analyzer) conjunctFilters(f *frame, n obj) {
	switch n["class"] {
	case "COMPARISON":
		typ, _ := n["type"].(string)
		op, ok := comparisonOps[typ]
		if !ok {
			return
		}
		left, _ := n["left"].(obj)
		right, _ := n["right"].(obj)
		if _, _, isLit := literal(left); isLit {
			left, right, op = right, left, flipped[op]
		}
		val, kind, ok := filterLiteral(right)
		if !ok {
			return
		}
		if col, ok := dateCastColumn(left); ok {
			a.dateCastFilters(f, col, op, val, kind, val, kind)
			return
		}
		a.add(f, left, op, []any{val}, kind == litDate)
	case "BETWEEN":
		lo, loKind, ok1 := filterLiteral(n["lower"])
		hi, hiKind, ok2 := filterLiteral(n["upper"])
		if !ok1 || !ok2 {
			return
		}
		input, _ := n["input"].(obj)
		if col, ok := dateCastColumn(input); ok {
			a.dateCastFilters(f, col, "between", lo, loKind, hi, hiKind)
			return
		}
		a.add(f, input, ">=", []any{lo}, loKind == litDate)
		a.add(f, input, "<=", []any{hi}, hiKind == litDate)
	case "OPERATOR":
		children, _ := n["children"].([]any)
		if len(children) == 0 {
			return
		}
		col, _ := children[0].(obj)
		switch n["type"] {
		case "OPERATOR_IS_NULL":
			if len(children) == 1 {
				a.add(f, col, "is_null", nil, false)
			}
		case "OPERATOR_IS_NOT_NULL":
			if len(children) == 1 {
				a.add(f, col, "not_null", nil, false)
			}
		case "COMPARE_IN":
			var vals []any
			allDates, anyDate := true, false
			for _, c := range children[1:] {
				v, kind, ok := filterLiteral(c)
				if !ok {
					return
				}
				isDate := kind == litDate
				vals = append(vals, v)
				allDates, anyDate = allDates && isDate, anyDate || isDate
			}
			if len(vals) == 0 || allDates != anyDate {
				return
			}
			a.add(f, col, "in", vals, allDates)
		}
	}
}

// filterLiteral is a non-NULL literal usable in a filter. TIMESTAMPTZ
// literals are left out: how DuckDB compares them with a TIMESTAMP column
// depends on the session time zone.
func filterLiteral(v any) (any, litKind, bool) {
	val, kind, ok := literal(v)
	if !ok || val == nil || kind == litInstant {
		return nil, kind, false
	}
	return val, kind, true
}

// dateCastColumn recognises CAST(col AS DATE), also written col::date.
func dateCastColumn(n obj) (obj, bool) {
	if n["class"] != "CAST" || n["try_cast"] != false || typeID(n["cast_type"]) != "DATE" {
		return nil, false
	}
	col, ok := n["child"].(obj)
	if !ok || col["class"] != "COLUMN_REF" {
		return nil, false
	}
	return col, true
}

// dateCastFilters turns a comparison of CAST(col AS DATE) with a date into
// bounds on col itself: = d gives col >= d and col < d+1; between lo and hi
// gives col >= lo and col < hi+1.
func (a *analyzer) dateCastFilters(f *frame, col obj, op string, lo any, loKind litKind, hi any, hiKind litKind) {
	d1, ok1 := asDate(lo, loKind)
	d2, ok2 := asDate(hi, hiKind)
	if !ok1 || !ok2 {
		return
	}
	var bounds [][2]any // {op, value}
	next := func(d time.Time) time.Time { return d.AddDate(0, 0, 1) }
	switch op {
	case "=":
		bounds = [][2]any{{">=", d1}, {"<", next(d1)}}
	case ">=":
		bounds = [][2]any{{">=", d1}}
	case ">":
		bounds = [][2]any{{">=", next(d1)}}
	case "<=":
		bounds = [][2]any{{"<", next(d1)}}
	case "<":
		bounds = [][2]any{{"<", d1}}
	case "between":
		bounds = [][2]any{{">=", d1}, {"<", next(d2)}}
	default:
		return
	}
	parts, _ := strList(col, "column_names", "")
	opText := op
	if op == "between" {
		opText = "BETWEEN"
	}
	note := fmt.Sprintf("from CAST(%s AS DATE) %s %s", strings.Join(parts, "."), opText, d1.Format(time.DateOnly))
	if op == "between" {
		note += " AND " + d2.Format(time.DateOnly)
	}
	for _, b := range bounds {
		if rf, ok := a.resolveFilterColumn(f, col); ok {
			rf.Op, rf.Values, rf.IsDate = b[0].(string), []any{b[1]}, true
			rf.DateCast, rf.Note = true, note
			a.filters = append(a.filters, rf)
		}
	}
}

// asDate accepts a DATE literal or a string that reads as a date (DuckDB
// casts it to DATE when compared with one).
func asDate(v any, kind litKind) (time.Time, bool) {
	switch x := v.(type) {
	case time.Time:
		return x, kind == litDate
	case string:
		return parseDate(x)
	}
	return time.Time{}, false
}

// add records `col op vals` if col is a column of a filterable table of f.
func (a *analyzer) add(f *frame, col obj, op string, vals []any, isDate bool) {
	rf, ok := a.resolveFilterColumn(f, col)
	if !ok {
		return
	}
	rf.Op, rf.Values, rf.IsDate = op, vals, isDate
	a.filters = append(a.filters, rf)
}

// resolveFilterColumn decides which table reference a column belongs to:
// an unqualified column of a FROM with one relation is that table's; with
// several it is left to the engine among the filterable tables; a
// qualified column must name a filterable table of this FROM by alias,
// table name, or namespace.table. Anything else (outer references, struct
// fields, subquery columns) gives no filter.
func (a *analyzer) resolveFilterColumn(f *frame, col obj) (rawFilter, bool) {
	if col == nil || col["class"] != "COLUMN_REF" {
		return rawFilter{}, false
	}
	parts, err := strList(col, "column_names", "")
	if err != nil || len(parts) == 0 {
		return rawFilter{}, false
	}
	switch len(parts) {
	case 1:
		if len(f.rels) == 1 {
			r := f.rels[0]
			if r.ref == nil || !r.filterable {
				return rawFilter{}, false
			}
			return rawFilter{Filter: Filter{Column: parts[0]}, table: r.ref}, true
		}
		var cands []*ref
		for _, r := range f.rels {
			if r.ref != nil && r.filterable {
				cands = append(cands, r.ref)
			}
		}
		if len(cands) == 0 {
			return rawFilter{}, false
		}
		return rawFilter{Filter: Filter{Column: parts[0]}, candidates: cands}, true
	case 2:
		var match *relation
		for i := range f.rels {
			if f.rels[i].name == lower(parts[0]) {
				if match != nil {
					return rawFilter{}, false // ambiguous
				}
				match = &f.rels[i]
			}
		}
		if match == nil || match.ref == nil || !match.filterable {
			return rawFilter{}, false
		}
		return rawFilter{Filter: Filter{Column: parts[1]}, table: match.ref}, true
	case 3:
		for _, r := range f.rels {
			if r.ref != nil && r.filterable && !r.ref.view && r.ref.alias == "" &&
				lower(r.ref.ns) == lower(parts[0]) && lower(r.ref.name) == lower(parts[1]) {
				return rawFilter{Filter: Filter{Column: parts[2]}, table: r.ref}, true
			}
		}
	}
	return rawFilter{}, false
}
