package guard

import (
	"encoding/json"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"
)

// litKind says what a literal's Go value stands for.
type litKind int

const (
	litValue   litKind = iota // a number, string or bool, or a TIMESTAMP (wall clock, as UTC)
	litDate                   // a DATE, as midnight UTC
	litInstant                // a TIMESTAMPTZ with an explicit offset, converted to UTC
)

// literal returns the Go value of a constant expression: a literal, or a
// CAST of a literal to a type whose conversion Tarn can repeat exactly. It
// returns ok=false for anything else, including conversions whose result
// depends on settings (TIMESTAMPTZ without an offset) or rounding (FLOAT,
// DECIMAL targets). A NULL literal is (nil, litValue, true).
func literal(v any) (val any, kind litKind, ok bool) {
	n, isObj := v.(obj)
	if !isObj {
		return nil, litValue, false
	}
	switch n["class"] {
	case "CONSTANT":
		val, ok := constant(n["value"])
		return val, litValue, ok
	case "CAST":
		if n["try_cast"] != false {
			return nil, litValue, false
		}
		child, isObj := n["child"].(obj)
		if !isObj || child["class"] != "CONSTANT" {
			return nil, litValue, false
		}
		inner, ok := constant(child["value"])
		if !ok || inner == nil {
			return nil, litValue, false
		}
		return castTo(inner, typeID(n["cast_type"]))
	}
	return nil, litValue, false
}

func typeID(v any) string {
	t, _ := v.(obj)
	id, _ := t["id"].(string)
	return id
}

// constant converts a serialized DuckDB Value.
func constant(v any) (any, bool) {
	val, ok := v.(obj)
	if !ok {
		return nil, false
	}
	if val["is_null"] == true {
		return nil, true
	}
	raw := val["value"]
	switch id := typeID(val["type"]); id {
	case "BOOLEAN":
		b, ok := raw.(bool)
		return b, ok
	case "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT":
		num, ok := raw.(json.Number)
		if !ok {
			return nil, false
		}
		i, err := strconv.ParseInt(string(num), 10, 64)
		return i, err == nil
	case "HUGEINT":
		return hugeint(raw)
	case "DECIMAL":
		return decimal(raw, val["type"])
	case "DOUBLE":
		num, ok := raw.(json.Number)
		if !ok {
			return nil, false
		}
		f, err := strconv.ParseFloat(string(num), 64)
		return f, err == nil && !math.IsInf(f, 0) && !math.IsNaN(f)
	case "VARCHAR":
		s, ok := raw.(string)
		return s, ok
	}
	return nil, false
}

// hugeint converts {"upper": hi, "lower": lo} when it fits an int64.
func hugeint(raw any) (any, bool) {
	h, ok := raw.(obj)
	if !ok {
		return nil, false
	}
	upper, ok1 := h["upper"].(json.Number)
	lowerN, ok2 := h["lower"].(json.Number)
	if !ok1 || !ok2 {
		return nil, false
	}
	hi, err1 := strconv.ParseInt(string(upper), 10, 64)
	lo, err2 := strconv.ParseUint(string(lowerN), 10, 64)
	if err1 != nil || err2 != nil {
		return nil, false
	}
	switch {
	case hi == 0 && lo <= math.MaxInt64:
		return int64(lo), true
	case hi == -1 && lo > math.MaxInt64:
		return int64(lo), true // two's complement of a negative int64
	}
	return nil, false
}

// decimal converts a DECIMAL literal (an unscaled integer and a scale) to a
// float64 only when the float is exact; 0.1 has no exact float, so it gives
// no value rather than a slightly different one.
func decimal(raw, typ any) (any, bool) {
	num, ok := raw.(json.Number)
	if !ok {
		return nil, false
	}
	info, _ := typ.(obj)["type_info"].(obj)
	scaleN, ok := info["scale"].(json.Number)
	if !ok {
		return nil, false
	}
	scale, err := scaleN.Int64()
	if err != nil || scale < 0 || scale > 38 {
		return nil, false
	}
	unscaled, ok := new(big.Int).SetString(string(num), 10)
	if !ok {
		return nil, false
	}
	r := new(big.Rat).SetFrac(unscaled, new(big.Int).Exp(big.NewInt(10), big.NewInt(scale), nil))
	f, exact := r.Float64()
	return f, exact
}

var intRanges = map[string][2]int64{
	"TINYINT": {math.MinInt8, math.MaxInt8}, "SMALLINT": {math.MinInt16, math.MaxInt16},
	"INTEGER": {math.MinInt32, math.MaxInt32}, "BIGINT": {math.MinInt64, math.MaxInt64},
	"HUGEINT": {math.MinInt64, math.MaxInt64}, "UTINYINT": {0, math.MaxUint8},
	"USMALLINT": {0, math.MaxUint16}, "UINTEGER": {0, math.MaxUint32}, "UBIGINT": {0, math.MaxInt64},
}

// castTo applies CAST(literal AS id) where the result is certain.
func castTo(v any, id string) (any, litKind, bool) {
	if r, ok := intRanges[id]; ok {
		var i int64
		switch x := v.(type) {
		case int64:
			i = x
		case string:
			n, err := strconv.ParseInt(x, 10, 64)
			if err != nil {
				return nil, litValue, false
			}
			i = n
		default:
			return nil, litValue, false
		}
		return i, litValue, i >= r[0] && i <= r[1]
	}
	switch id {
	case "DATE":
		if s, ok := v.(string); ok {
			t, ok := parseDate(s)
			return t, litDate, ok
		}
	case "TIMESTAMP":
		if s, ok := v.(string); ok {
			t, ok := parseTimestamp(s)
			return t, litValue, ok
		}
	case "TIMESTAMP WITH TIME ZONE":
		if s, ok := v.(string); ok {
			t, ok := parseTimestampTZ(s)
			return t, litInstant, ok
		}
	case "DOUBLE":
		switch x := v.(type) {
		case int64:
			return float64(x), litValue, true
		case float64:
			return x, litValue, true
		case string:
			f, err := strconv.ParseFloat(x, 64)
			return f, litValue, err == nil && !math.IsInf(f, 0) && !math.IsNaN(f)
		}
	case "VARCHAR":
		if s, ok := v.(string); ok {
			return s, litValue, true
		}
	case "BOOLEAN":
		// DuckDB's parser writes TRUE and FALSE as CAST('t' AS BOOLEAN).
		switch x := v.(type) {
		case bool:
			return x, litValue, true
		case string:
			switch lower(x) {
			case "t", "true":
				return true, litValue, true
			case "f", "false":
				return false, litValue, true
			}
		}
	}
	return nil, litValue, false
}

// parseDate accepts YYYY-MM-DD.
func parseDate(s string) (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	return t, err == nil
}

var timestampLayouts = []string{
	"2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02 15:04", "2006-01-02T15:04", time.DateOnly,
}

// parseTimestamp accepts a timestamp without a zone (seconds may carry a
// fraction), read as UTC. A text with an offset is refused: DuckDB's
// TIMESTAMP does not apply it the way a reader would expect.
func parseTimestamp(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range timestampLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

var zoneLayouts = []string{"Z07:00", "-07", "-0700"}

// parseTimestampTZ accepts a timestamp with an explicit offset (or Z) and
// returns it in UTC.
func parseTimestampTZ(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range timestampLayouts[:4] {
		for _, zone := range zoneLayouts {
			if t, err := time.Parse(layout+zone, s); err == nil {
				return t.UTC(), true
			}
		}
	}
	return time.Time{}, false
}
