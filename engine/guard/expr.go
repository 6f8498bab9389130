package guard

import "strings"

var (
	exprKeys       = keySet{"class": true, "type": true, "alias": true, "query_location": true}
	columnRefKeys  = keys(exprKeys, "column_names")
	constantKeys   = keys(exprKeys, "value")
	childrenKeys   = keys(exprKeys, "children")
	comparisonKeys = keys(exprKeys, "left", "right")
	castKeys       = keys(exprKeys, "child", "cast_type", "try_cast")
	caseKeys       = keys(exprKeys, "case_checks", "else_expr")
	caseCheckKeys  = keySet{"when_expr": true, "then_expr": true}
	betweenKeys    = keys(exprKeys, "input", "lower", "upper")
	collateKeys    = keys(exprKeys, "child", "collation")
	lambdaKeys     = keys(exprKeys, "lhs", "expr")
	starKeys       = keys(exprKeys, "relation_name", "exclude_list", "replace_list", "columns", "expr", "qualified_exclude_list", "rename_list")
	replaceKeys    = keySet{"key": true, "value": true}
	qualNameKeys   = keySet{"catalog": true, "schema": true, "table": true, "column": true}
	subqueryKeys   = keys(exprKeys, "subquery_type", "subquery", "child", "comparison_type")
	positionalKeys = keys(exprKeys, "index")
	windowKeys     = keys(exprKeys, "function_name", "schema", "catalog", "children", "partitions", "orders",
		"start", "end", "start_expr", "end_expr", "offset_expr", "default_expr", "ignore_nulls",
		"filter_expr", "exclude_clause", "distinct", "arg_orders")
)

// walkExprList walks a list-of-expressions field.
func (a *analyzer) walkExprList(n obj, key, what string) error {
	exprs, err := list(n, key, what)
	if err != nil {
		return err
	}
	for _, e := range exprs {
		if err := a.walkExpr(e); err != nil {
			return err
		}
	}
	return nil
}

// walkExpr walks one expression (nil is an absent optional expression).
func (a *analyzer) walkExpr(v any) error {
	if v == nil {
		return nil
	}
	n, ok := v.(obj)
	if !ok {
		return unknownConstruct("expression")
	}
	class, _ := n["class"].(string)
	if err := firstErr(scalar(n, "type", class), scalar(n, "alias", class), scalar(n, "query_location", class)); err != nil {
		return err
	}
	switch class {
	case "COLUMN_REF":
		if err := checkKeys(n, class, columnRefKeys); err != nil {
			return err
		}
		parts, err := strList(n, "column_names", class)
		if err != nil {
			return err
		}
		a.cols = append(a.cols, pendingCol{node: n, parts: parts, frame: a.frame})
		return nil
	case "CONSTANT":
		if err := checkKeys(n, class, constantKeys); err != nil {
			return err
		}
		return checkData(n["value"], "constant")
	case "FUNCTION":
		if err := checkKeys(n, class, functionExprKeys); err != nil {
			return err
		}
		if err := a.checkFunction(n); err != nil {
			return err
		}
		return a.walkFunctionParts(n, class)
	case "WINDOW":
		return a.walkWindow(n)
	case "OPERATOR", "CONJUNCTION":
		if err := checkKeys(n, class, childrenKeys); err != nil {
			return err
		}
		return a.walkExprList(n, "children", class)
	case "COMPARISON":
		if err := checkKeys(n, class, comparisonKeys); err != nil {
			return err
		}
		return firstErr(a.walkExpr(n["left"]), a.walkExpr(n["right"]))
	case "CAST":
		if err := checkKeys(n, class, castKeys); err != nil {
			return err
		}
		if err := firstErr(checkData(n["cast_type"], "cast type"), scalar(n, "try_cast", class)); err != nil {
			return err
		}
		return a.walkExpr(n["child"])
	case "CASE":
		return a.walkCase(n)
	case "BETWEEN":
		if err := checkKeys(n, class, betweenKeys); err != nil {
			return err
		}
		return firstErr(a.walkExpr(n["input"]), a.walkExpr(n["lower"]), a.walkExpr(n["upper"]))
	case "COLLATE":
		if err := firstErr(checkKeys(n, class, collateKeys), scalar(n, "collation", class)); err != nil {
			return err
		}
		return a.walkExpr(n["child"])
	case "LAMBDA":
		if err := checkKeys(n, class, lambdaKeys); err != nil {
			return err
		}
		return firstErr(a.walkExpr(n["lhs"]), a.walkExpr(n["expr"]))
	case "STAR":
		return a.walkStar(n)
	case "SUBQUERY":
		if err := checkKeys(n, class, subqueryKeys); err != nil {
			return err
		}
		if err := firstErr(scalar(n, "subquery_type", class), scalar(n, "comparison_type", class)); err != nil {
			return err
		}
		if err := a.walkExpr(n["child"]); err != nil {
			return err
		}
		return a.walkStatement(n["subquery"])
	case "POSITIONAL_REFERENCE":
		return firstErr(checkKeys(n, class, positionalKeys), scalar(n, "index", class))
	case "PARAMETER":
		return errParameter()
	}
	return unknownConstruct("expression " + class)
}

// checkFunction refuses schema-qualified calls and denied functions.
func (a *analyzer) checkFunction(n obj) error {
	name, err1 := str(n, "function_name", "function")
	schema, err2 := str(n, "schema", "function")
	catalog, err3 := str(n, "catalog", "function")
	if err := firstErr(err1, err2, err3); err != nil {
		return err
	}
	if !builtinSchema(catalog, schema) {
		full := strings.Trim(strings.Join([]string{catalog, schema, name}, "."), ".")
		return forbidden("%s is a schema-qualified function call; call functions by their plain name, such as sum(bytes)", full)
	}
	if why, denied := deniedFunction(name); denied {
		return forbidden("function %s is not allowed: %s", name, why)
	}
	return nil
}

// builtinSchema accepts the qualification DuckDB's parser itself writes for
// list, struct and map literals ([1, 2] is main.list_value) and its
// spelled-out form system.main. The function name is checked either way.
func builtinSchema(catalog, schema string) bool {
	return (catalog == "" || lower(catalog) == "system") && (schema == "" || lower(schema) == "main")
}

// walkFunctionParts walks a function call's arguments, FILTER and ORDER BY.
func (a *analyzer) walkFunctionParts(n obj, what string) error {
	if err := firstErr(scalar(n, "distinct", what), scalar(n, "is_operator", what), scalar(n, "export_state", what)); err != nil {
		return err
	}
	if err := a.walkExprList(n, "children", what); err != nil {
		return err
	}
	if err := a.walkExpr(n["filter"]); err != nil {
		return err
	}
	return a.walkOrderModifier(n["order_bys"])
}

func (a *analyzer) walkWindow(n obj) error {
	const what = "window function"
	if err := checkKeys(n, what, windowKeys); err != nil {
		return err
	}
	if err := a.checkFunction(n); err != nil {
		return err
	}
	for _, k := range []string{"start", "end", "ignore_nulls", "exclude_clause", "distinct"} {
		if err := scalar(n, k, what); err != nil {
			return err
		}
	}
	for _, k := range []string{"children", "partitions"} {
		if err := a.walkExprList(n, k, what); err != nil {
			return err
		}
	}
	for _, k := range []string{"start_expr", "end_expr", "offset_expr", "default_expr", "filter_expr"} {
		if err := a.walkExpr(n[k]); err != nil {
			return err
		}
	}
	return firstErr(a.walkOrders(n, "orders"), a.walkOrders(n, "arg_orders"))
}

func (a *analyzer) walkCase(n obj) error {
	const what = "CASE"
	if err := checkKeys(n, what, caseKeys); err != nil {
		return err
	}
	checks, err := list(n, "case_checks", what)
	if err != nil {
		return err
	}
	for _, c := range checks {
		check, ok := c.(obj)
		if !ok {
			return unknownConstruct("CASE branch")
		}
		if err := checkKeys(check, "CASE branch", caseCheckKeys); err != nil {
			return err
		}
		if err := firstErr(a.walkExpr(check["when_expr"]), a.walkExpr(check["then_expr"])); err != nil {
			return err
		}
	}
	return a.walkExpr(n["else_expr"])
}

// walkStar walks *, t.*, COLUMNS(...) with EXCLUDE, REPLACE and RENAME.
func (a *analyzer) walkStar(n obj) error {
	const what = "*"
	if err := checkKeys(n, what, starKeys); err != nil {
		return err
	}
	if err := firstErr(scalar(n, "relation_name", what), scalar(n, "columns", what), checkData(n["exclude_list"], "EXCLUDE")); err != nil {
		return err
	}
	if err := a.walkExpr(n["expr"]); err != nil {
		return err
	}
	replaces, err := list(n, "replace_list", what)
	if err != nil {
		return err
	}
	for _, r := range replaces {
		entry, ok := r.(obj)
		if !ok {
			return unknownConstruct("REPLACE")
		}
		if err := firstErr(checkKeys(entry, "REPLACE", replaceKeys), scalar(entry, "key", "REPLACE")); err != nil {
			return err
		}
		if err := a.walkExpr(entry["value"]); err != nil {
			return err
		}
	}
	excludes, err := list(n, "qualified_exclude_list", what)
	if err != nil {
		return err
	}
	for _, e := range excludes {
		if err := a.qualName(e, "EXCLUDE"); err != nil {
			return err
		}
	}
	renames, err := list(n, "rename_list", what)
	if err != nil {
		return err
	}
	for _, r := range renames {
		entry, ok := r.(obj)
		if !ok {
			return unknownConstruct("RENAME")
		}
		if err := firstErr(checkKeys(entry, "RENAME", replaceKeys), scalar(entry, "value", "RENAME")); err != nil {
			return err
		}
		if err := a.qualName(entry["key"], "RENAME"); err != nil {
			return err
		}
	}
	return nil
}

// qualName records a qualified column name {catalog, schema, table, column}.
func (a *analyzer) qualName(v any, what string) error {
	n, ok := v.(obj)
	if !ok {
		return unknownConstruct(what)
	}
	if err := checkKeys(n, what, qualNameKeys); err != nil {
		return err
	}
	for k := range qualNameKeys {
		if _, err := str(n, k, what); err != nil {
			return err
		}
	}
	a.quals = append(a.quals, pendingQual{node: n, frame: a.frame})
	return nil
}
