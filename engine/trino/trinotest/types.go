package trinotest

import (
	"strconv"
	"strings"
)

// columnsJSON renders columns as Trino does: the type's name and its
// signature (raw type and arguments: lengths and precisions as LONG,
// element types as TYPE, row fields as NAMED_TYPE).
func columnsJSON(cols []Column) []map[string]any {
	out := make([]map[string]any, len(cols))
	for i, c := range cols {
		out[i] = map[string]any{"name": c.Name, "type": c.Type, "typeSignature": signature(c.Type)}
	}
	return out
}

// signature parses a Trino type name such as "decimal(12,2)",
// "timestamp(6) with time zone", "map(varchar, array(bigint))" or
// "row(a bigint, b varchar)".
func signature(typ string) map[string]any {
	typ = strings.TrimSpace(typ)
	raw, args, suffix := typ, "", ""
	if i := strings.IndexByte(typ, '('); i >= 0 {
		j := matching(typ, i)
		raw, args, suffix = typ[:i], typ[i+1:j], strings.TrimSpace(typ[j+1:])
	}
	if suffix != "" { // timestamp(6) with time zone
		raw += " " + suffix
	}
	raw = strings.TrimSpace(raw)
	sig := map[string]any{"rawType": raw, "arguments": []any{}}
	var list []any
	for _, a := range split(args) {
		switch {
		case a == "":
		case isNumber(a):
			n, _ := strconv.ParseInt(a, 10, 64)
			list = append(list, map[string]any{"kind": "LONG", "value": n})
		case raw == "row":
			name, t, _ := strings.Cut(a, " ")
			list = append(list, map[string]any{"kind": "NAMED_TYPE", "value": map[string]any{
				"fieldName": map[string]any{"name": name}, "typeSignature": signature(t)}})
		default:
			list = append(list, map[string]any{"kind": "TYPE", "value": signature(a)})
		}
	}
	if list != nil {
		sig["arguments"] = list
	}
	return sig
}

// matching returns the index of the parenthesis closing the one at i.
func matching(s string, i int) int {
	depth := 0
	for j := i; j < len(s); j++ {
		switch s[j] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return len(s) - 1
}

// split splits type arguments at top-level commas.
func split(s string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, strings.TrimSpace(s[start:i]))
				start = i + 1
			}
		}
	}
	return append(out, strings.TrimSpace(s[start:]))
}

func isNumber(s string) bool {
	_, err := strconv.ParseInt(s, 10, 64)
	return err == nil
}
