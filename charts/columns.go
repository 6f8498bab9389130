package charts

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// role is what a column can play in a chart.
type role int

const (
	roleCategory role = iota
	roleMeasure
	roleTime
)

// column is one result column read into memory. Null cells are marked in
// valid; nums holds measures, times temporal columns, strs everything else.
type column struct {
	name  string
	role  role
	nums  []float64
	times []time.Time
	strs  []string
	valid []bool
}

// readColumns reads every batch of rdr into columns.
func readColumns(rdr array.RecordReader) ([]*column, error) {
	schema := rdr.Schema()
	cols := make([]*column, schema.NumFields())
	for i, f := range schema.Fields() {
		cols[i] = &column{name: f.Name, role: roleOf(f.Type)}
	}
	for rdr.Next() {
		rec := rdr.RecordBatch()
		for i, c := range cols {
			c.appendArray(rec.Column(i))
		}
	}
	if err := rdr.Err(); err != nil {
		return nil, fmt.Errorf("reading the result: %w", err)
	}
	return cols, nil
}

func roleOf(t arrow.DataType) role {
	switch t.ID() {
	case arrow.INT8, arrow.INT16, arrow.INT32, arrow.INT64,
		arrow.UINT8, arrow.UINT16, arrow.UINT32, arrow.UINT64,
		arrow.FLOAT16, arrow.FLOAT32, arrow.FLOAT64,
		arrow.DECIMAL128, arrow.DECIMAL256:
		return roleMeasure
	case arrow.DATE32, arrow.DATE64, arrow.TIMESTAMP:
		return roleTime
	}
	return roleCategory
}

func (c *column) len() int { return len(c.valid) }

func (c *column) appendArray(a arrow.Array) {
	n := a.Len()
	for i := 0; i < n; i++ {
		ok := a.IsValid(i)
		c.valid = append(c.valid, ok)
		switch c.role {
		case roleMeasure:
			v := math.NaN()
			if ok {
				v = numberAt(a, i)
			}
			c.nums = append(c.nums, v)
		case roleTime:
			var t time.Time
			if ok {
				t = timeAt(a, i)
			}
			c.times = append(c.times, t)
		default:
			s := ""
			if ok {
				s = a.ValueStr(i)
			}
			c.strs = append(c.strs, s)
		}
	}
}

func numberAt(a arrow.Array, i int) float64 {
	switch a := a.(type) {
	case *array.Int8:
		return float64(a.Value(i))
	case *array.Int16:
		return float64(a.Value(i))
	case *array.Int32:
		return float64(a.Value(i))
	case *array.Int64:
		return float64(a.Value(i))
	case *array.Uint8:
		return float64(a.Value(i))
	case *array.Uint16:
		return float64(a.Value(i))
	case *array.Uint32:
		return float64(a.Value(i))
	case *array.Uint64:
		return float64(a.Value(i))
	case *array.Float32:
		return float64(a.Value(i))
	case *array.Float64:
		return a.Value(i)
	case *array.Float16:
		return float64(a.Value(i).Float32())
	case *array.Decimal128:
		return a.Value(i).ToFloat64(a.DataType().(*arrow.Decimal128Type).Scale)
	case *array.Decimal256:
		return a.Value(i).ToFloat64(a.DataType().(*arrow.Decimal256Type).Scale)
	}
	return math.NaN()
}

func timeAt(a arrow.Array, i int) time.Time {
	switch a := a.(type) {
	case *array.Date32:
		return a.Value(i).ToTime().UTC()
	case *array.Date64:
		return a.Value(i).ToTime().UTC()
	case *array.Timestamp:
		unit := a.DataType().(*arrow.TimestampType).Unit
		return a.Value(i).ToTime(unit).UTC()
	}
	return time.Time{}
}

// unit is how a measure's values read: plain counts, bytes or money.
type unit int

const (
	unitPlain unit = iota
	unitBytes
	unitMoney
)

// unitOf infers the unit from the column name: *bytes* are bytes,
// *amount*, *revenue*, *cost*, *price* are money.
func unitOf(name string) unit {
	n := strings.ToLower(name)
	switch {
	case strings.Contains(n, "bytes"):
		return unitBytes
	case strings.Contains(n, "amount"), strings.Contains(n, "revenue"),
		strings.Contains(n, "cost"), strings.Contains(n, "price"), strings.Contains(n, "usd"):
		return unitMoney
	}
	return unitPlain
}

// isShare reports whether a measure's name says it is a part of a whole.
func isShare(name string) bool {
	n := strings.ToLower(name)
	for _, w := range []string{"share", "pct", "percent", "ratio", "fraction", "proportion"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}
