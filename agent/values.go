package agent

import (
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// cellValue is one Arrow value as a script sees it: integers and floats as
// numbers, decimals as numbers (float64), dates as "2006-01-02", timestamps
// as "2006-01-02 15:04:05" in UTC (with fractions when there are any),
// NULL as null, anything else as its text. Text is copied out of the batch:
// it would otherwise point into memory the engine frees and reuses.
func cellValue(a arrow.Array, i int) any {
	if a.IsNull(i) {
		return nil
	}
	switch a := a.(type) {
	case *array.Int8:
		return int64(a.Value(i))
	case *array.Int16:
		return int64(a.Value(i))
	case *array.Int32:
		return int64(a.Value(i))
	case *array.Int64:
		return a.Value(i)
	case *array.Uint8:
		return uint64(a.Value(i))
	case *array.Uint16:
		return uint64(a.Value(i))
	case *array.Uint32:
		return uint64(a.Value(i))
	case *array.Uint64:
		return a.Value(i)
	case *array.Float32:
		return float64(a.Value(i))
	case *array.Float64:
		return a.Value(i)
	case *array.Boolean:
		return a.Value(i)
	case *array.String:
		return strings.Clone(a.Value(i))
	case *array.LargeString:
		return strings.Clone(a.Value(i))
	case *array.StringView:
		return strings.Clone(a.Value(i))
	case *array.Date32:
		return a.Value(i).ToTime().Format(time.DateOnly)
	case *array.Date64:
		return a.Value(i).ToTime().Format(time.DateOnly)
	case *array.Timestamp:
		typ := a.DataType().(*arrow.TimestampType)
		return a.Value(i).ToTime(typ.Unit).UTC().Format("2006-01-02 15:04:05.999999")
	case *array.Decimal128:
		return a.Value(i).ToFloat64(a.DataType().(arrow.DecimalType).GetScale())
	case *array.Decimal64:
		return a.Value(i).ToFloat64(a.DataType().(arrow.DecimalType).GetScale())
	case *array.Decimal32:
		return a.Value(i).ToFloat64(a.DataType().(arrow.DecimalType).GetScale())
	case *array.Dictionary:
		return cellValue(a.Dictionary(), a.GetValueIndex(i))
	}
	return a.ValueStr(i)
}
