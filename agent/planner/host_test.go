package planner_test

import (
	"context"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/tarn-data/tarn/agent"
	"github.com/tarn-data/tarn/agent/codemode"
	"github.com/tarn-data/tarn/engine"
)

// copyingHost is agent.Host with its own tarn.sql, which copies text values
// out of the Arrow buffers before the result is released. agent.Host's
// cellValue returns strings that alias those buffers, which are reused by
// the next query (text values come back garbled); until that is fixed there,
// the gold test reads rows through this host so it compares real values.
type copyingHost struct {
	*agent.Host
	eng    *engine.Engine
	caller engine.Caller
}

func (h copyingHost) SQL(ctx context.Context, query string) (codemode.Result, error) {
	res, err := h.eng.Query(ctx, engine.Request{SQL: query, Caller: h.caller, MaxRows: codemode.DefaultLimits.MaxRows})
	if err != nil {
		return codemode.Result{}, err
	}
	defer res.Close()
	out := codemode.Result{Rows: [][]any{}}
	for _, f := range res.Schema().Fields() {
		out.Columns = append(out.Columns, f.Name)
	}
	for res.Reader.Next() {
		rec := res.Reader.RecordBatch()
		for i := 0; i < int(rec.NumRows()); i++ {
			row := make([]any, rec.NumCols())
			for c := range row {
				row[c] = cellCopy(rec.Column(c), i)
			}
			out.Rows = append(out.Rows, row)
		}
	}
	if err := res.Reader.Err(); err != nil {
		return codemode.Result{}, err
	}
	out.Truncated = res.Truncated()
	return out, nil
}

// cellCopy converts like agent.Host does (numbers, decimals as float64,
// dates and timestamps as text) but owns its strings.
func cellCopy(a arrow.Array, i int) any {
	if a.IsNull(i) {
		return nil
	}
	switch a := a.(type) {
	case *array.Int32:
		return int64(a.Value(i))
	case *array.Int64:
		return a.Value(i)
	case *array.Float64:
		return a.Value(i)
	case *array.String:
		return strings.Clone(a.Value(i))
	case *array.Date32:
		return a.Value(i).ToTime().Format(time.DateOnly)
	case *array.Timestamp:
		typ := a.DataType().(*arrow.TimestampType)
		return a.Value(i).ToTime(typ.Unit).UTC().Format("2006-01-02 15:04:05.999999")
	case *array.Decimal128:
		return a.Value(i).ToFloat64(a.DataType().(arrow.DecimalType).GetScale())
	}
	return strings.Clone(a.ValueStr(i))
}
