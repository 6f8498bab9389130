package demo

import (
	"context"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// SQL types of the demo tables as Arrow types.
var (
	tBigint  arrow.DataType = arrow.PrimitiveTypes.Int64
	tInt     arrow.DataType = arrow.PrimitiveTypes.Int32
	tVarchar arrow.DataType = arrow.BinaryTypes.String
	tTS      arrow.DataType = &arrow.TimestampType{Unit: arrow.Microsecond} // TIMESTAMP, no time zone
	tDate    arrow.DataType = arrow.FixedWidthTypes.Date32
	tMoney   arrow.DataType = &arrow.Decimal128Type{Precision: 12, Scale: 2}
)

// col describes one column: its schema field and its annotation.
type col struct {
	name     string
	typ      arrow.DataType
	nullable bool
	pii      string
	desc     string
}

func newTable(ns, name, owner, desc string, tags []string, cols []col) Table {
	fields := make([]arrow.Field, len(cols))
	ann := make([]Column, len(cols))
	for i, c := range cols {
		fields[i] = arrow.Field{Name: c.name, Type: c.typ, Nullable: c.nullable}
		ann[i] = Column{Name: c.name, Description: c.desc, PII: c.pii}
	}
	return Table{
		Namespace:   ns,
		Name:        name,
		Description: desc,
		Owner:       owner,
		Tags:        tags,
		Schema:      arrow.NewSchema(fields, nil),
		Columns:     ann,
		Reviewed:    true,
		Chunks:      1,
	}
}

// batcher turns rows appended to a RecordBuilder into batches of at most
// MaxBatchRows; it suits the small tables, whose speed does not matter.
type batcher struct {
	ctx  context.Context
	b    *array.RecordBuilder
	n    int
	emit func(arrow.RecordBatch) error
}

func newBatcher(ctx context.Context, mem memory.Allocator, schema *arrow.Schema, emit func(arrow.RecordBatch) error) *batcher {
	return &batcher{ctx: ctx, b: array.NewRecordBuilder(mem, schema), emit: emit}
}

// row must be called after each complete row; it flushes full batches.
func (b *batcher) row() error {
	b.n++
	if b.n == MaxBatchRows {
		return b.flush()
	}
	return nil
}

func (b *batcher) flush() error {
	if err := b.ctx.Err(); err != nil {
		return err
	}
	if b.n == 0 {
		return nil
	}
	rec := b.b.NewRecordBatch()
	b.n = 0
	defer rec.Release()
	return b.emit(rec)
}

// release frees the builder; rows not flushed are dropped.
func (b *batcher) release() { b.b.Release() }

func (b *batcher) i64(i int) *array.Int64Builder      { return b.b.Field(i).(*array.Int64Builder) }
func (b *batcher) i32(i int) *array.Int32Builder      { return b.b.Field(i).(*array.Int32Builder) }
func (b *batcher) str(i int) *array.StringBuilder     { return b.b.Field(i).(*array.StringBuilder) }
func (b *batcher) ts(i int) *array.TimestampBuilder   { return b.b.Field(i).(*array.TimestampBuilder) }
func (b *batcher) date(i int) *array.Date32Builder    { return b.b.Field(i).(*array.Date32Builder) }
func (b *batcher) dec(i int) *array.Decimal128Builder { return b.b.Field(i).(*array.Decimal128Builder) }
