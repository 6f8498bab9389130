package postgres

import (
	"errors"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/tarn-data/tarn"
)

// column is one source column as a run reads and writes it.
type column struct {
	name    string
	display string // the Postgres type as format_type spells it
	typ     pgType
	// notNull says Postgres guarantees a value (NOT NULL at the origin
	// table); key says it is the cursor or part of the origin's primary key.
	notNull, key bool
}

// required reports whether the column is required in a table a run creates.
func (c column) required() bool { return c.notNull && c.key }

// rowBuilder decodes rows into Arrow records of a fixed schema.
type rowBuilder struct {
	cols     []column
	schema   *arrow.Schema
	rb       *array.RecordBuilder
	decs     []decoder
	required []bool
	rows     int
}

// newRowBuilder builds records of schema, whose fields are cols in order.
// Release it when done.
func newRowBuilder(alloc memory.Allocator, schema *arrow.Schema, cols []column) *rowBuilder {
	rb := array.NewRecordBuilder(alloc, schema)
	b := &rowBuilder{cols: cols, schema: schema, rb: rb, decs: make([]decoder, len(cols)), required: make([]bool, len(cols))}
	for i, c := range cols {
		b.decs[i] = newDecoder(c.typ, rb.Field(i))
		b.required[i] = !schema.Field(i).Nullable
	}
	return b
}

// add decodes one row. On error the builder holds a partial row and must
// be released, not flushed. It returns ErrValue (tarn.EINVALID) naming the
// column.
func (b *rowBuilder) add(vals [][]byte) error {
	if len(vals) != len(b.decs) {
		return fmt.Errorf("%w: a row has %d values for %d columns", ErrSource, len(vals), len(b.decs))
	}
	for i, v := range vals {
		if v == nil && b.required[i] {
			return valueErr(b.cols[i], errors.New("a NULL, but the target table requires a value"))
		}
		if err := b.decs[i].decode(v); err != nil {
			return valueErr(b.cols[i], err)
		}
	}
	b.rows++
	return nil
}

// flush returns the rows added since the last flush as a record (nil when
// there are none), and makes room in the builders for as many rows and
// bytes again, so that the next record is built without regrowing them.
func (b *rowBuilder) flush() arrow.RecordBatch {
	if b.rows == 0 {
		return nil
	}
	b.rows = 0
	rec := b.rb.NewRecordBatch()
	for i, col := range rec.Columns() {
		reserveLike(b.rb.Field(i), col)
	}
	return rec
}

// reserveLike reserves room in b for the values and bytes of arr.
func reserveLike(b array.Builder, arr arrow.Array) {
	b.Reserve(arr.Len())
	switch a := arr.(type) {
	case *array.String:
		b.(*array.StringBuilder).ReserveData(len(a.ValueBytes()))
	case *array.Binary:
		b.(*array.BinaryBuilder).ReserveData(len(a.ValueBytes()))
	case *array.List:
		reserveLike(b.(*array.ListBuilder).ValueBuilder(), a.ListValues())
	}
}

func (b *rowBuilder) release() { b.rb.Release() }

func valueErr(c column, err error) error {
	return tarn.Wrap(fmt.Errorf("%w: column %q (%s): %w", ErrValue, c.name, c.display, err), tarn.EINVALID,
		"Nothing of the batch holding it was written. Fix the row upstream, or read the column through a query that casts or filters it.",
		"Column %q (%s) holds %v; Tarn cannot store it exactly.", c.name, c.display, err)
}
