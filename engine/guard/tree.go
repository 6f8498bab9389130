package guard

import (
	"encoding/json"
	"math"
	"strings"
)

// obj is one object of DuckDB's JSON tree.
type obj = map[string]any

// keySet is the set of fields a node kind may have. A field outside it makes
// the walk refuse the query.
type keySet map[string]bool

func keys(base keySet, more ...string) keySet {
	s := make(keySet, len(base)+len(more))
	for k := range base {
		s[k] = true
	}
	for _, k := range more {
		s[k] = true
	}
	return s
}

// checkKeys refuses a node that has a field the walk does not know.
func checkKeys(n obj, what string, allowed keySet) error {
	for k := range n {
		if !allowed[k] {
			return unknownConstruct(what + " field " + k)
		}
	}
	return nil
}

// str returns a string field; a missing or null field is "".
func str(n obj, key, what string) (string, error) {
	switch v := n[key].(type) {
	case nil:
		return "", nil
	case string:
		return v, nil
	}
	return "", unknownConstruct(what + " field " + key)
}

// strList returns a list-of-strings field.
func strList(n obj, key, what string) ([]string, error) {
	v, ok := n[key]
	if !ok || v == nil {
		return nil, nil
	}
	list, ok := v.([]any)
	if !ok {
		return nil, unknownConstruct(what + " field " + key)
	}
	out := make([]string, len(list))
	for i, e := range list {
		s, ok := e.(string)
		if !ok {
			return nil, unknownConstruct(what + " field " + key)
		}
		out[i] = s
	}
	return out, nil
}

// list returns a list field; a missing or null field is empty.
func list(n obj, key, what string) ([]any, error) {
	switch v := n[key].(type) {
	case nil:
		return nil, nil
	case []any:
		return v, nil
	}
	return nil, unknownConstruct(what + " field " + key)
}

// scalar checks that a field holds a plain value (string, number, bool or
// null), never an object or list.
func scalar(n obj, key, what string) error {
	switch n[key].(type) {
	case nil, string, json.Number, bool:
		return nil
	}
	return unknownConstruct(what + " field " + key)
}

// dataMarkers are the fields that make an object a query, expression or
// table reference. Data fields (constant values, types, sample options)
// must not hold any of them.
var dataMarkers = []string{"class", "node", "subquery", "query", "function", "expression", "expr", "from_table", "select_list"}

// checkData checks a field that holds plain data: any depth of objects and
// lists, but nothing that looks like a query node or an expression.
func checkData(v any, what string) error {
	switch v := v.(type) {
	case obj:
		for _, m := range dataMarkers {
			if _, ok := v[m]; ok {
				return unknownConstruct(what + " holding " + m)
			}
		}
		for _, e := range v {
			if err := checkData(e, what); err != nil {
				return err
			}
		}
	case []any:
		for _, e := range v {
			if err := checkData(e, what); err != nil {
				return err
			}
		}
	}
	return nil
}

// location returns a node's query_location, -1 if absent or unknown.
func location(n obj) int {
	num, ok := n["query_location"].(json.Number)
	if !ok {
		return -1
	}
	i, err := num.Int64()
	if err != nil || i < 0 || i > math.MaxInt32 {
		return -1
	}
	return int(i)
}

// lower folds ASCII letters only, as DuckDB does when it compares
// identifiers: "Äb" and "äb" are different names to DuckDB, so they must be
// different here too, or a CTE could make the guard accept a name that
// DuckDB then finds in its catalog.
func lower(s string) string {
	return strings.Map(func(r rune) rune {
		if 'A' <= r && r <= 'Z' {
			return r + ('a' - 'A')
		}
		return r
	}, s)
}
