package guard

import (
	"time"

	"github.com/tarn-data/tarn"
)

// analyzer walks one statement's JSON tree: it refuses what the guard does
// not allow, collects table references, and (when wantFilters is set)
// pushdown filters. Rewrite runs it again on a fresh copy of the tree to find
// the nodes it changes.
type analyzer struct {
	opts        options
	wantFilters bool

	refs     []*ref            // table references in walk order
	ctes     []map[string]bool // CTE names in scope, innermost last
	cteNames map[string]bool   // every CTE name in the statement
	frame    *frame            // the SELECT whose clauses are being walked
	frames   []*frame
	cols     []pendingCol
	quals    []pendingQual
	filters  []rawFilter
}

// ref is one reference to a lake table or an allowed view.
type ref struct {
	node        obj
	ns, name    string
	alias       string
	pos         int
	view        bool
	atVersion   *int64
	atTimestamp *time.Time
	index       int    // position in Query.Tables
	newAlias    string // alias given by Rewrite when the reference has none
}

// frame is the FROM clause of one SELECT: the relations its expressions can
// name. Column references are resolved against it after the walk.
type frame struct {
	parent  *frame
	rels    []relation
	sampled bool
}

type relation struct {
	name       string // alias, or table name if none; lower case
	ref        *ref   // the table reference, nil for CTEs, subqueries, table functions
	filterable bool   // rows of ref are filtered by this SELECT's WHERE one by one
}

// pendingCol is a column reference to resolve once every FROM is known.
type pendingCol struct {
	node  obj
	parts []string
	frame *frame
	fix   *ref // set by resolve: the unaliased lake table it names as namespace.table.column
}

// pendingQual is a namespace.table.column name in a STAR's EXCLUDE or RENAME.
type pendingQual struct {
	node  obj // {"catalog", "schema", "table", "column"}
	frame *frame
	fix   *ref
}

func newAnalyzer(o options, wantFilters bool) *analyzer {
	return &analyzer{opts: o, wantFilters: wantFilters, cteNames: map[string]bool{}}
}

// systemSchemas are DuckDB schemas and catalogs that are never lake namespaces.
var systemSchemas = map[string]bool{
	"information_schema": true, "pg_catalog": true, "main": true, "temp": true,
	"system": true, "memory": true,
}

// analyze walks tree, the whole json_serialize_sql answer with exactly one
// statement, then resolves qualified column names and orders the references.
func (a *analyzer) analyze(tree obj) error {
	if err := checkKeys(tree, "statement list", keySet{"error": true, "statements": true}); err != nil {
		return err
	}
	stmts, err := list(tree, "statements", "statement list")
	if err != nil {
		return err
	}
	if len(stmts) != 1 {
		return forbidden("the text holds %d statements; Tarn runs exactly one SELECT query at a time", len(stmts))
	}
	if err := a.walkStatement(stmts[0]); err != nil {
		return err
	}
	a.resolve()
	return nil
}

var statementKeys = keySet{"node": true, "named_param_map": true}

// walkStatement walks a SelectStatement: {"node": ..., "named_param_map": [...]}.
func (a *analyzer) walkStatement(v any) error {
	n, ok := v.(obj)
	if !ok {
		return unknownConstruct("statement")
	}
	if err := checkKeys(n, "statement", statementKeys); err != nil {
		return err
	}
	params, err := list(n, "named_param_map", "statement")
	if err != nil {
		return err
	}
	if len(params) > 0 {
		return errParameter()
	}
	return a.walkNode(n["node"])
}

func errParameter() error {
	return invalid("query parameters ($1, ?, $name) are not supported; write the values into the query")
}

var (
	nodeKeys      = keySet{"type": true, "modifiers": true, "cte_map": true}
	selectKeys    = keys(nodeKeys, "select_list", "from_table", "where_clause", "group_expressions", "group_sets", "aggregate_handling", "having", "sample", "qualify")
	setOpKeys     = keys(nodeKeys, "setop_type", "setop_all", "left", "right")
	recursiveKeys = keys(nodeKeys, "cte_name", "union_all", "left", "right", "aliases", "key_targets")
)

// walkNode walks a query node: SELECT, a set operation or a recursive CTE.
func (a *analyzer) walkNode(v any) error {
	n, ok := v.(obj)
	if !ok {
		return unknownConstruct("query node")
	}
	typ, _ := n["type"].(string)
	switch typ {
	case "SELECT_NODE":
		return a.walkSelect(n)
	case "SET_OPERATION_NODE":
		if err := checkKeys(n, typ, setOpKeys); err != nil {
			return err
		}
		if err := firstErr(scalar(n, "setop_type", typ), scalar(n, "setop_all", typ)); err != nil {
			return err
		}
		pushed, err := a.walkCTEs(n)
		if err != nil {
			return err
		}
		defer a.popCTEs(pushed)
		if err := a.walkNode(n["left"]); err != nil {
			return err
		}
		if err := a.walkNode(n["right"]); err != nil {
			return err
		}
		return a.walkModifiers(n)
	case "RECURSIVE_CTE_NODE":
		if err := checkKeys(n, typ, recursiveKeys); err != nil {
			return err
		}
		name, err := str(n, "cte_name", typ)
		if err != nil {
			return err
		}
		if _, err := strList(n, "aliases", typ); err != nil {
			return err
		}
		if err := scalar(n, "union_all", typ); err != nil {
			return err
		}
		pushed, err := a.walkCTEs(n)
		if err != nil {
			return err
		}
		defer a.popCTEs(pushed)
		if err := a.walkNode(n["left"]); err != nil {
			return err
		}
		// Only the recursive part sees the CTE itself.
		a.ctes = append(a.ctes, map[string]bool{lower(name): true})
		err = a.walkNode(n["right"])
		a.ctes = a.ctes[:len(a.ctes)-1]
		if err != nil {
			return err
		}
		if err := a.walkExprList(n, "key_targets", typ); err != nil {
			return err
		}
		return a.walkModifiers(n)
	}
	return unknownConstruct("query node " + typ)
}

func (a *analyzer) walkSelect(n obj) error {
	const what = "SELECT"
	if err := checkKeys(n, what, selectKeys); err != nil {
		return err
	}
	outer := a.frame
	pushed, err := a.walkCTEs(n)
	if err != nil {
		return err
	}
	defer a.popCTEs(pushed)

	f := &frame{parent: outer, sampled: n["sample"] != nil}
	a.frames = append(a.frames, f)
	a.frame = f
	defer func() { a.frame = outer }()

	if err := checkData(n["sample"], "sample"); err != nil {
		return err
	}
	if err := a.walkTableRef(n["from_table"], true); err != nil {
		return err
	}
	if err := a.walkExprList(n, "select_list", what); err != nil {
		return err
	}
	if err := a.walkExpr(n["where_clause"]); err != nil {
		return err
	}
	if err := a.walkExprList(n, "group_expressions", what); err != nil {
		return err
	}
	if err := firstErr(checkData(n["group_sets"], "group_sets"), scalar(n, "aggregate_handling", what)); err != nil {
		return err
	}
	if err := a.walkExpr(n["having"]); err != nil {
		return err
	}
	if err := a.walkExpr(n["qualify"]); err != nil {
		return err
	}
	if err := a.walkModifiers(n); err != nil {
		return err
	}
	if a.wantFilters && !f.sampled && n["where_clause"] != nil {
		a.collectFilters(f, n["where_clause"].(obj))
	}
	return nil
}

var (
	cteMapKeys   = keySet{"map": true}
	cteEntryKeys = keySet{"key": true, "value": true}
	cteInfoKeys  = keySet{"aliases": true, "query": true, "materialized": true, "key_targets": true}
)

// walkCTEs walks a node's WITH clause. A CTE's body sees the CTEs defined
// before it (DuckDB binds a forward or self reference to the catalog, so the
// guard must treat it as a table name); the node's body sees them all. It
// returns whether it pushed a scope, for popCTEs.
func (a *analyzer) walkCTEs(n obj) (bool, error) {
	v := n["cte_map"]
	if v == nil {
		return false, nil
	}
	m, ok := v.(obj)
	if !ok {
		return false, unknownConstruct("WITH clause")
	}
	if err := checkKeys(m, "WITH clause", cteMapKeys); err != nil {
		return false, err
	}
	entries, err := list(m, "map", "WITH clause")
	if err != nil || len(entries) == 0 {
		return false, err
	}
	scope := map[string]bool{}
	a.ctes = append(a.ctes, scope)
	saved := a.frame
	defer func() { a.frame = saved }()
	for _, e := range entries {
		entry, ok := e.(obj)
		if !ok {
			return true, unknownConstruct("CTE")
		}
		if err := checkKeys(entry, "CTE", cteEntryKeys); err != nil {
			return true, err
		}
		name, err := str(entry, "key", "CTE")
		if err != nil {
			return true, err
		}
		info, ok := entry["value"].(obj)
		if !ok {
			return true, unknownConstruct("CTE")
		}
		if err := checkKeys(info, "CTE", cteInfoKeys); err != nil {
			return true, err
		}
		if _, err := strList(info, "aliases", "CTE"); err != nil {
			return true, err
		}
		if err := scalar(info, "materialized", "CTE"); err != nil {
			return true, err
		}
		if err := a.walkExprList(info, "key_targets", "CTE"); err != nil {
			return true, err
		}
		if err := a.walkStatement(info["query"]); err != nil {
			return true, err
		}
		scope[lower(name)] = true
		a.cteNames[lower(name)] = true
	}
	return true, nil
}

func (a *analyzer) popCTEs(pushed bool) {
	if pushed {
		a.ctes = a.ctes[:len(a.ctes)-1]
	}
}

func (a *analyzer) cteInScope(name string) bool {
	name = lower(name)
	for i := len(a.ctes) - 1; i >= 0; i-- {
		if a.ctes[i][name] {
			return true
		}
	}
	return false
}

var (
	orderModifierKeys = keySet{"type": true, "orders": true}
	limitModifierKeys = keySet{"type": true, "limit": true, "offset": true}
	distinctKeys      = keySet{"type": true, "distinct_on_targets": true}
	orderKeys         = keySet{"type": true, "null_order": true, "expression": true}
)

// walkModifiers walks ORDER BY, LIMIT/OFFSET and DISTINCT (ON) of a node.
func (a *analyzer) walkModifiers(n obj) error {
	mods, err := list(n, "modifiers", "modifiers")
	if err != nil {
		return err
	}
	for _, v := range mods {
		m, ok := v.(obj)
		if !ok {
			return unknownConstruct("modifier")
		}
		typ, _ := m["type"].(string)
		switch typ {
		case "ORDER_MODIFIER":
			err = a.walkOrderModifier(m)
		case "LIMIT_MODIFIER", "LIMIT_PERCENT_MODIFIER":
			if err = checkKeys(m, typ, limitModifierKeys); err == nil {
				err = firstErr(a.walkExpr(m["limit"]), a.walkExpr(m["offset"]))
			}
		case "DISTINCT_MODIFIER":
			if err = checkKeys(m, typ, distinctKeys); err == nil {
				err = a.walkExprList(m, "distinct_on_targets", typ)
			}
		default:
			err = unknownConstruct("modifier " + typ)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (a *analyzer) walkOrderModifier(v any) error {
	if v == nil {
		return nil
	}
	m, ok := v.(obj)
	if !ok || m["type"] != "ORDER_MODIFIER" {
		return unknownConstruct("ORDER BY")
	}
	if err := checkKeys(m, "ORDER BY", orderModifierKeys); err != nil {
		return err
	}
	return a.walkOrders(m, "orders")
}

// walkOrders walks a list of ORDER BY terms.
func (a *analyzer) walkOrders(n obj, key string) error {
	orders, err := list(n, key, "ORDER BY")
	if err != nil {
		return err
	}
	for _, o := range orders {
		term, ok := o.(obj)
		if !ok {
			return unknownConstruct("ORDER BY term")
		}
		if err := checkKeys(term, "ORDER BY term", orderKeys); err != nil {
			return err
		}
		if err := firstErr(scalar(term, "type", "ORDER BY term"), scalar(term, "null_order", "ORDER BY term")); err != nil {
			return err
		}
		if err := a.walkExpr(term["expression"]); err != nil {
			return err
		}
	}
	return nil
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// unqualified is the error for a one-part table name.
func unqualified(name string, pos int) error {
	return tarn.Wrap(&UnqualifiedTableError{Name: name, Position: pos}, tarn.ENOTFOUND,
		"name tables as namespace.table, such as "+lakeExample,
		"table %s is not a lake table", name)
}
