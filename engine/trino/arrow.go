package trino

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"

	"github.com/tarn-data/tarn"
)

// arrowType is the Arrow type of a Trino column, from the type name the
// client reports (upper case, e.g. "DECIMAL", "TIMESTAMP WITH TIME ZONE",
// "ARRAY(BIGINT)") and its precision and scale:
//
//	boolean → bool; tinyint, smallint, integer, bigint → int8…int64;
//	real, double → float32, float64; decimal(p,s) → decimal128(p,s);
//	date → date32; time(p) → time64[µs], [ns] when p > 6;
//	timestamp(p) → timestamp[µs], [ns] when p > 6;
//	timestamp(p) with time zone → the same in UTC; varbinary → binary;
//	varchar, char, json, uuid, ipaddress, intervals and every other type
//	→ string. Arrays, maps and rows arrive as their JSON text.
func arrowType(ct *sql.ColumnType) arrow.DataType {
	name := ct.DatabaseTypeName()
	prec, scale, hasPrec := ct.DecimalSize()
	switch name {
	case "BOOLEAN":
		return arrow.FixedWidthTypes.Boolean
	case "TINYINT":
		return arrow.PrimitiveTypes.Int8
	case "SMALLINT":
		return arrow.PrimitiveTypes.Int16
	case "INTEGER":
		return arrow.PrimitiveTypes.Int32
	case "BIGINT":
		return arrow.PrimitiveTypes.Int64
	case "REAL":
		return arrow.PrimitiveTypes.Float32
	case "DOUBLE":
		return arrow.PrimitiveTypes.Float64
	case "DECIMAL":
		if !hasPrec || prec < 1 || prec > 38 {
			return arrow.BinaryTypes.String
		}
		return &arrow.Decimal128Type{Precision: int32(prec), Scale: int32(scale)}
	case "DATE":
		return arrow.FixedWidthTypes.Date32
	case "TIME":
		if hasPrec && prec > 6 {
			return arrow.FixedWidthTypes.Time64ns
		}
		return arrow.FixedWidthTypes.Time64us
	case "TIMESTAMP":
		return &arrow.TimestampType{Unit: timeUnit(prec, hasPrec)}
	case "TIMESTAMP WITH TIME ZONE":
		return &arrow.TimestampType{Unit: timeUnit(prec, hasPrec), TimeZone: "UTC"}
	case "VARBINARY":
		return arrow.BinaryTypes.Binary
	}
	return arrow.BinaryTypes.String
}

func timeUnit(prec int64, has bool) arrow.TimeUnit {
	if has && prec > 6 {
		return arrow.Nanosecond
	}
	return arrow.Microsecond
}

// reader streams a Trino result as Arrow record batches of up to
// Client.batch rows. It implements array.RecordReader.
type reader struct {
	refs   atomic.Int64
	ctx    context.Context
	cancel context.CancelFunc
	c      *Client
	rows   *sql.Rows
	schema *arrow.Schema
	bld    *array.RecordBuilder
	cur    arrow.RecordBatch
	vals   []any
	ptrs   []any
	done   bool
	err    error
}

func newReader(ctx context.Context, cancel context.CancelFunc, c *Client, rows *sql.Rows, types []*sql.ColumnType) (*reader, error) {
	fields := make([]arrow.Field, len(types))
	seen := map[string]int{}
	for i, ct := range types {
		name := ct.Name()
		// Arrow tolerates repeated names but callers key columns by
		// name; Trino allows SELECT a, a.
		if n := seen[name]; n > 0 {
			name = fmt.Sprintf("%s_%d", name, n)
		}
		seen[ct.Name()]++
		fields[i] = arrow.Field{Name: name, Type: arrowType(ct), Nullable: true}
	}
	r := &reader{ctx: ctx, cancel: cancel, c: c, rows: rows, schema: arrow.NewSchema(fields, nil),
		vals: make([]any, len(types)), ptrs: make([]any, len(types))}
	for i := range r.vals {
		r.ptrs[i] = &r.vals[i]
	}
	r.bld = array.NewRecordBuilder(c.alloc, r.schema)
	r.refs.Store(1)
	return r, nil
}

func (r *reader) Schema() *arrow.Schema { return r.schema }

// Next reads up to a batch of rows from Trino, fetching pages as needed.
func (r *reader) Next() bool {
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
	if r.done {
		return false
	}
	n := 0
	for n < r.c.batch {
		if !r.rows.Next() {
			r.finish(r.rows.Err())
			break
		}
		if err := r.rows.Scan(r.ptrs...); err != nil {
			r.finish(err)
			break
		}
		if err := r.appendRow(); err != nil {
			r.finish(err)
			break
		}
		n++
	}
	if n == 0 || r.err != nil {
		return false
	}
	r.cur = r.bld.NewRecordBatch()
	return true
}

// finish ends the stream, keeping err (nil at the end of the rows).
func (r *reader) finish(err error) {
	r.done = true
	if err != nil && r.err == nil {
		var te *tarn.Error
		if !errors.As(err, &te) {
			err = r.c.queryError(r.ctx, err)
		}
		r.err = err
	}
	r.rows.Close()
	r.cancel()
}

func (r *reader) RecordBatch() arrow.RecordBatch { return r.cur }

// Record is the deprecated name of RecordBatch.
func (r *reader) Record() arrow.RecordBatch { return r.cur }

func (r *reader) Err() error { return r.err }

func (r *reader) Retain() { r.refs.Add(1) }

// Release frees the batches and, when the rows were not read to the end,
// closes them, which cancels the query on Trino.
func (r *reader) Release() {
	if r.refs.Add(-1) != 0 {
		return
	}
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
	r.bld.Release()
	r.done = true
	// trino-go-client cancels a query it closes early by reading the next
	// page and then deleting the query, which needs the context alive;
	// Trino answers a page within a second, so the context ends only if
	// that takes longer.
	t := time.AfterFunc(closeGrace, r.cancel)
	r.rows.Close()
	t.Stop()
	r.cancel()
}

// closeGrace bounds how long releasing an unfinished result waits for
// Trino before it drops the connection.
const closeGrace = 3 * time.Second

// appendRow appends the scanned row to the builders.
func (r *reader) appendRow() error {
	for i, v := range r.vals {
		if err := appendValue(r.bld.Field(i), v); err != nil {
			return tarn.Wrap(fmt.Errorf("%w: column %s: %v", ErrType, r.schema.Field(i).Name, err), tarn.EINTERNAL,
				"", "Trino returned a value Tarn cannot read in column %s.", r.schema.Field(i).Name)
		}
	}
	return nil
}

// appendValue appends one value as trino-go-client returns it: bool,
// int64, float64, string (decimals, varchar and other text), time.Time,
// []byte, or a nested value for arrays, maps and rows.
func appendValue(b array.Builder, v any) error {
	if v == nil {
		b.AppendNull()
		return nil
	}
	switch b := b.(type) {
	case *array.BooleanBuilder:
		x, ok := v.(bool)
		if !ok {
			return mismatch(v, "boolean")
		}
		b.Append(x)
	case *array.Int8Builder:
		x, ok := v.(int64)
		if !ok {
			return mismatch(v, "tinyint")
		}
		b.Append(int8(x))
	case *array.Int16Builder:
		x, ok := v.(int64)
		if !ok {
			return mismatch(v, "smallint")
		}
		b.Append(int16(x))
	case *array.Int32Builder:
		x, ok := v.(int64)
		if !ok {
			return mismatch(v, "integer")
		}
		b.Append(int32(x))
	case *array.Int64Builder:
		x, ok := v.(int64)
		if !ok {
			return mismatch(v, "bigint")
		}
		b.Append(x)
	case *array.Float32Builder:
		x, ok := v.(float64)
		if !ok {
			return mismatch(v, "real")
		}
		b.Append(float32(x))
	case *array.Float64Builder:
		x, ok := v.(float64)
		if !ok {
			return mismatch(v, "double")
		}
		b.Append(x)
	case *array.Decimal128Builder:
		s, ok := v.(string)
		if !ok {
			return mismatch(v, "decimal")
		}
		t := b.Type().(*arrow.Decimal128Type)
		n, err := decimal128.FromString(s, t.Precision, t.Scale)
		if err != nil {
			return err
		}
		b.Append(n)
	case *array.Date32Builder:
		x, ok := v.(time.Time)
		if !ok {
			return mismatch(v, "date")
		}
		y, m, d := x.Date()
		b.Append(arrow.Date32FromTime(time.Date(y, m, d, 0, 0, 0, 0, time.UTC)))
	case *array.Time64Builder:
		x, ok := v.(time.Time)
		if !ok {
			return mismatch(v, "time")
		}
		since := time.Duration(x.Hour())*time.Hour + time.Duration(x.Minute())*time.Minute +
			time.Duration(x.Second())*time.Second + time.Duration(x.Nanosecond())
		if b.Type().(*arrow.Time64Type).Unit == arrow.Nanosecond {
			b.Append(arrow.Time64(since.Nanoseconds()))
		} else {
			b.Append(arrow.Time64(since.Microseconds()))
		}
	case *array.TimestampBuilder:
		x, ok := v.(time.Time)
		if !ok {
			return mismatch(v, "timestamp")
		}
		if b.Type().(*arrow.TimestampType).TimeZone == "" {
			// A timestamp without a zone is a wall-clock time; the
			// client read it in the session zone, UTC.
			x = time.Date(x.Year(), x.Month(), x.Day(), x.Hour(), x.Minute(), x.Second(), x.Nanosecond(), time.UTC)
		}
		if b.Type().(*arrow.TimestampType).Unit == arrow.Nanosecond {
			b.Append(arrow.Timestamp(x.UnixNano()))
		} else {
			b.Append(arrow.Timestamp(x.UnixMicro()))
		}
	case *array.BinaryBuilder:
		x, ok := v.([]byte)
		if !ok {
			return mismatch(v, "varbinary")
		}
		b.Append(x)
	case *array.StringBuilder:
		b.Append(text(v))
	default:
		return fmt.Errorf("no Arrow builder for %T", b)
	}
	return nil
}

// text renders a value for a string column: text as it is, nested values
// as JSON.
func text(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []byte:
		return string(x)
	case time.Time:
		return x.Format(time.RFC3339Nano)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return strings.TrimSpace(fmt.Sprint(v))
	}
	return string(b)
}

func mismatch(v any, want string) error {
	return fmt.Errorf("got %T for a %s column", v, want)
}
