package guard

import (
	"fmt"
	"strings"
	"time"
)

var (
	tableRefKeys     = keySet{"type": true, "alias": true, "sample": true, "query_location": true}
	baseTableKeys    = keys(tableRefKeys, "schema_name", "table_name", "column_name_alias", "catalog_name", "at_clause")
	joinKeys         = keys(tableRefKeys, "left", "right", "condition", "join_type", "ref_type", "using_columns", "delim_flipped", "duplicate_eliminated_columns")
	subqueryRefKeys  = keys(tableRefKeys, "subquery", "column_name_alias")
	tableFuncKeys    = keys(tableRefKeys, "function", "column_name_alias", "with_ordinality")
	valuesKeys       = keys(tableRefKeys, "expected_names", "expected_types", "values")
	pivotKeys        = keys(tableRefKeys, "source", "aggregates", "unpivot_names", "pivots", "groups", "column_name_alias", "include_nulls")
	pivotColumnKeys  = keySet{"pivot_expressions": true, "unpivot_names": true, "entries": true, "pivot_enum": true}
	pivotEntryKeys   = keySet{"values": true, "star_expr": true, "alias": true}
	functionExprKeys = keys(exprKeys, "function_name", "schema", "catalog", "children", "filter", "order_bys", "distinct", "is_operator", "export_state")
)

// walkTableRef walks one FROM item. preserved says whether every row of the
// item reaches the SELECT's WHERE on its own (it is not the nullable side of
// an outer join, not matched by ASOF, not paired by position), which is
// what makes WHERE conjuncts usable as filters on it.
func (a *analyzer) walkTableRef(v any, preserved bool) error {
	n, ok := v.(obj)
	if !ok {
		return unknownConstruct("FROM item")
	}
	typ, _ := n["type"].(string)
	alias, err := str(n, "alias", typ)
	if err != nil {
		return err
	}
	if err := firstErr(checkData(n["sample"], "sample"), scalar(n, "query_location", typ)); err != nil {
		return err
	}
	switch typ {
	case "EMPTY":
		return checkKeys(n, typ, tableRefKeys)
	case "BASE_TABLE":
		return a.walkBaseTable(n, alias, preserved)
	case "JOIN":
		return a.walkJoin(n, preserved)
	case "SUBQUERY":
		if err := checkKeys(n, typ, subqueryRefKeys); err != nil {
			return err
		}
		if _, err := strList(n, "column_name_alias", typ); err != nil {
			return err
		}
		if err := a.walkStatement(n["subquery"]); err != nil {
			return err
		}
		a.addRelation(alias, nil, false)
		return nil
	case "TABLE_FUNCTION":
		return a.walkTableFunction(n, alias)
	case "EXPRESSION_LIST":
		if err := checkKeys(n, typ, valuesKeys); err != nil {
			return err
		}
		if _, err := strList(n, "expected_names", typ); err != nil {
			return err
		}
		if err := checkData(n["expected_types"], "VALUES types"); err != nil {
			return err
		}
		rows, err := list(n, "values", typ)
		if err != nil {
			return err
		}
		for _, row := range rows {
			exprs, ok := row.([]any)
			if !ok {
				return unknownConstruct("VALUES row")
			}
			for _, e := range exprs {
				if err := a.walkExpr(e); err != nil {
					return err
				}
			}
		}
		a.addRelation(alias, nil, false)
		return nil
	case "PIVOT":
		return a.walkPivot(n, alias)
	case "SHOW_REF":
		return forbidden("DESCRIBE, SHOW and SUMMARIZE are not run as SQL; ask Tarn to describe a table such as %s instead", lakeExample)
	}
	return unknownConstruct("FROM item " + typ)
}

func (a *analyzer) addRelation(name string, r *ref, filterable bool) {
	a.frame.rels = append(a.frame.rels, relation{name: lower(name), ref: r, filterable: filterable})
}

func (a *analyzer) walkBaseTable(n obj, alias string, preserved bool) error {
	const what = "table reference"
	if err := checkKeys(n, what, baseTableKeys); err != nil {
		return err
	}
	catalog, err1 := str(n, "catalog_name", what)
	schema, err2 := str(n, "schema_name", what)
	name, err3 := str(n, "table_name", what)
	colAliases, err4 := strList(n, "column_name_alias", what)
	if err := firstErr(err1, err2, err3, err4); err != nil {
		return err
	}
	pos := location(n)
	at := n["at_clause"]
	display := name
	if schema != "" {
		display = schema + "." + name
	}
	switch {
	case catalog != "":
		return forbidden("%s.%s names a catalog; Tarn names tables as namespace.table, such as %s", catalog, display, lakeExample)
	case schema == "" && a.cteInScope(name):
		if at != nil {
			return invalid("AT (...) applies to lake tables only; %s is a CTE", name)
		}
		a.addRelation(effectiveName(alias, name), nil, false)
		return nil
	case schema == "":
		view, ok := a.opts.views[lower(name)]
		if !ok {
			return unqualified(name, pos)
		}
		if at != nil {
			return invalid("AT (...) applies to lake tables only; %s is a view", name)
		}
		r := &ref{node: n, name: view, alias: alias, pos: pos, view: true}
		a.refs = append(a.refs, r)
		a.addRelation(effectiveName(alias, name), r, preserved && n["sample"] == nil && len(colAliases) == 0)
		return nil
	case systemSchemas[lower(schema)]:
		return forbidden("%s is a system catalog table; Tarn only reads lake tables such as %s", display, lakeExample)
	}
	r := &ref{node: n, ns: schema, name: name, alias: alias, pos: pos}
	if err := parseAt(at, r); err != nil {
		return err
	}
	a.refs = append(a.refs, r)
	a.addRelation(effectiveName(alias, name), r, preserved && n["sample"] == nil && len(colAliases) == 0)
	return nil
}

func effectiveName(alias, name string) string {
	if alias != "" {
		return alias
	}
	return name
}

// walkJoin walks a join. Rows of a side stay "preserved" for filters only
// where the join cannot change which of its rows reach the WHERE clause on
// their own: both sides of an inner or cross join, the outer side of a
// LEFT/RIGHT/SEMI/ANTI join, the left side of an ASOF join (its right side is
// matched by nearest value, so pre-filtering it changes the match), and
// neither side of a FULL or POSITIONAL join.
func (a *analyzer) walkJoin(n obj, preserved bool) error {
	const what = "JOIN"
	if err := checkKeys(n, what, joinKeys); err != nil {
		return err
	}
	joinType, err1 := str(n, "join_type", what)
	refType, err2 := str(n, "ref_type", what)
	_, err3 := strList(n, "using_columns", what)
	if err := firstErr(err1, err2, err3, scalar(n, "delim_flipped", what)); err != nil {
		return err
	}
	left, right := false, false
	switch joinType {
	case "INNER":
		left, right = true, true
	case "LEFT", "SEMI", "ANTI":
		left = true
	case "RIGHT":
		right = true
	}
	switch refType {
	case "REGULAR", "CROSS", "NATURAL", "DEPENDENT":
	case "ASOF":
		right = false
	default: // POSITIONAL and anything new
		left, right = false, false
	}
	if err := a.walkTableRef(n["left"], preserved && left); err != nil {
		return err
	}
	if err := a.walkTableRef(n["right"], preserved && right); err != nil {
		return err
	}
	if err := a.walkExpr(n["condition"]); err != nil {
		return err
	}
	return a.walkExprList(n, "duplicate_eliminated_columns", what)
}

// walkTableFunction allows only the table functions that generate rows from
// their arguments (see functions.go) and checks those arguments.
func (a *analyzer) walkTableFunction(n obj, alias string) error {
	const what = "table function"
	if err := checkKeys(n, what, tableFuncKeys); err != nil {
		return err
	}
	if _, err := strList(n, "column_name_alias", what); err != nil {
		return err
	}
	if err := scalar(n, "with_ordinality", what); err != nil {
		return err
	}
	fn, ok := n["function"].(obj)
	if !ok || fn["class"] != "FUNCTION" {
		return unknownConstruct(what)
	}
	if err := checkKeys(fn, what, functionExprKeys); err != nil {
		return err
	}
	name, err1 := str(fn, "function_name", what)
	schema, err2 := str(fn, "schema", what)
	catalog, err3 := str(fn, "catalog", what)
	if err := firstErr(err1, err2, err3); err != nil {
		return err
	}
	if !builtinSchema(catalog, schema) || !allowedTableFunctions[lower(name)] {
		full := strings.Trim(strings.Join([]string{catalog, schema, name}, "."), ".")
		return forbidden("%s is a table function; Tarn only reads lake tables such as %s "+
			"(unnest, range and generate_series are allowed)", full, lakeExample)
	}
	if err := a.walkFunctionParts(fn, what); err != nil {
		return err
	}
	a.addRelation(effectiveName(alias, name), nil, false)
	return nil
}

// walkPivot walks PIVOT and UNPIVOT. The source's relations are visible
// only inside the pivot, so they get their own frame; none is filterable.
func (a *analyzer) walkPivot(n obj, alias string) error {
	const what = "PIVOT"
	if err := checkKeys(n, what, pivotKeys); err != nil {
		return err
	}
	_, err1 := strList(n, "unpivot_names", what)
	_, err2 := strList(n, "groups", what)
	_, err3 := strList(n, "column_name_alias", what)
	if err := firstErr(err1, err2, err3, scalar(n, "include_nulls", what)); err != nil {
		return err
	}
	outer := a.frame
	a.frame = &frame{parent: outer}
	a.frames = append(a.frames, a.frame)
	defer func() { a.frame = outer }()
	if err := a.walkTableRef(n["source"], false); err != nil {
		return err
	}
	if err := a.walkExprList(n, "aggregates", what); err != nil {
		return err
	}
	pivots, err := list(n, "pivots", what)
	if err != nil {
		return err
	}
	for _, p := range pivots {
		col, ok := p.(obj)
		if !ok {
			return unknownConstruct("PIVOT column")
		}
		if err := checkKeys(col, "PIVOT column", pivotColumnKeys); err != nil {
			return err
		}
		enum, err := str(col, "pivot_enum", what)
		if err != nil {
			return err
		}
		if enum != "" {
			return forbidden("PIVOT over the values of an ENUM type is not allowed; list the values with IN (...)")
		}
		if _, err := strList(col, "unpivot_names", what); err != nil {
			return err
		}
		if err := a.walkExprList(col, "pivot_expressions", what); err != nil {
			return err
		}
		entries, err := list(col, "entries", what)
		if err != nil {
			return err
		}
		for _, e := range entries {
			entry, ok := e.(obj)
			if !ok {
				return unknownConstruct("PIVOT entry")
			}
			if err := checkKeys(entry, "PIVOT entry", pivotEntryKeys); err != nil {
				return err
			}
			if err := firstErr(scalar(entry, "alias", what), checkData(entry["values"], "PIVOT values")); err != nil {
				return err
			}
			if err := a.walkExpr(entry["star_expr"]); err != nil {
				return err
			}
		}
	}
	a.frame = outer
	a.addRelation(alias, nil, false)
	return nil
}

// atUnitError is the message for an AT clause Tarn cannot use.
func atUnitError(unit string) error {
	return invalid("AT (%s => ...) is not supported; use AT (VERSION => 42) or "+
		"AT (TIMESTAMP => TIMESTAMP '2026-11-01 00:00:00')", unit)
}

var atKeys = keySet{"unit": true, "expr": true}

// parseAt reads `AT (VERSION => n)` or `AT (TIMESTAMP => ts)` into r. The
// value must be a constant.
func parseAt(v any, r *ref) error {
	if v == nil {
		return nil
	}
	n, ok := v.(obj)
	if !ok {
		return unknownConstruct("AT clause")
	}
	if err := checkKeys(n, "AT clause", atKeys); err != nil {
		return err
	}
	unit, err := str(n, "unit", "AT clause")
	if err != nil {
		return err
	}
	val, _, ok := literal(n["expr"])
	switch strings.ToUpper(unit) {
	case "VERSION":
		id, isInt := val.(int64)
		if !ok || !isInt || id < 0 {
			return invalid("AT (VERSION => ...) needs a snapshot id written as a whole number, such as AT (VERSION => 42)")
		}
		r.atVersion = &id
		return nil
	case "TIMESTAMP":
		var t time.Time
		switch x := val.(type) {
		case time.Time:
			t = x // TIMESTAMP and DATE as UTC; TIMESTAMPTZ converted from its offset
		case string:
			if t, ok = parseTimestamp(x); !ok {
				t, ok = parseTimestampTZ(x)
			}
		default:
			ok = false
		}
		if !ok {
			return invalid("AT (TIMESTAMP => ...) needs a constant timestamp, such as AT (TIMESTAMP => TIMESTAMP '2026-11-01 00:00:00')")
		}
		t = t.UTC()
		r.atTimestamp = &t
		return nil
	}
	return atUnitError(fmt.Sprint(unit))
}
