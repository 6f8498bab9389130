package transform

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/compute"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/tarn-data/tarn"
)

// jobReader streams a job's result into the lake. It casts columns the
// table keeps wider, and it turns a result cut short by a cancelled
// context into an error: a writer that saw a clean end of stream would
// commit part of the rows.
type jobReader struct {
	ctx    context.Context
	inner  array.RecordReader
	schema *arrow.Schema
	casts  map[int]arrow.DataType
	mem    memory.Allocator
	cur    arrow.RecordBatch
	err    error
	refs   atomic.Int64
	// keys, for a merge, are the key columns whose values must be unique.
	keys []int
	seen map[string]struct{}
	job  *Job
	// rows counts the rows read so far.
	rows int64
}

func newJobReader(ctx context.Context, inner array.RecordReader, casts map[string]arrow.DataType, mem memory.Allocator) (*jobReader, error) {
	r := &jobReader{ctx: ctx, inner: inner, schema: inner.Schema(), casts: map[int]arrow.DataType{}, mem: mem}
	r.refs.Store(1)
	if len(casts) > 0 {
		fields := r.schema.Fields()
		for i, f := range fields {
			if t, ok := casts[f.Name]; ok {
				r.casts[i] = t
				fields[i].Type = t
			}
		}
		r.schema = arrow.NewSchema(fields, nil)
	}
	return r, nil
}

func (r *jobReader) Schema() *arrow.Schema { return r.schema }

func (r *jobReader) Next() bool {
	r.releaseCur()
	if r.err != nil {
		return false
	}
	if !r.inner.Next() {
		if r.err = r.inner.Err(); r.err == nil {
			r.err = r.ctx.Err()
		}
		return false
	}
	b := r.inner.RecordBatch()
	r.rows += b.NumRows()
	if err := r.checkKeys(b); err != nil {
		r.err = err
		return false
	}
	if len(r.casts) == 0 {
		b.Retain()
		r.cur = b
		return true
	}
	cols := make([]arrow.Array, b.NumCols())
	defer func() {
		for _, c := range cols {
			if c != nil {
				c.Release()
			}
		}
	}()
	ctx := compute.WithAllocator(r.ctx, r.mem)
	for i := range cols {
		t, ok := r.casts[i]
		if !ok {
			cols[i] = b.Column(i)
			cols[i].Retain()
			continue
		}
		c, err := compute.CastArray(ctx, b.Column(i), compute.SafeCastOptions(t))
		if err != nil {
			r.err = err
			return false
		}
		cols[i] = c
	}
	r.cur = array.NewRecordBatch(r.schema, cols, b.NumRows())
	return true
}

// uniqueKeys makes the reader fail with ErrDuplicateKey when two rows
// share a value of the key columns.
func (r *jobReader) uniqueKeys(j *Job) error {
	r.job, r.seen = j, map[string]struct{}{}
	for _, k := range j.Keys {
		idx := r.schema.FieldIndices(k)
		if len(idx) == 0 {
			return tarn.Wrap(fmt.Errorf("%w: %s: no key column %s", ErrInvalidJob, j.Name, k), tarn.EINVALID,
				"Select every key column in the SQL.", "Job %s: its result has no key column %s.", j.Name, k)
		}
		r.keys = append(r.keys, idx[0])
	}
	return nil
}

func (r *jobReader) checkKeys(b arrow.RecordBatch) error {
	if len(r.keys) == 0 {
		return nil
	}
	var sb strings.Builder
	for i := 0; i < int(b.NumRows()); i++ {
		sb.Reset()
		for _, k := range r.keys {
			sb.WriteString(b.Column(k).ValueStr(i))
			sb.WriteByte(0)
		}
		if _, dup := r.seen[sb.String()]; dup {
			return tarn.Wrap(fmt.Errorf("%w: %s", ErrDuplicateKey, r.job.Name), tarn.EINVALID,
				"Make the SQL return one row per key (GROUP BY the keys, or pick one row with QUALIFY row_number() …).",
				"Job %s: two rows have the same key (%s), so the merge cannot tell which one to keep; nothing was written.",
				r.job.Name, strings.Join(r.job.Keys, ", "))
		}
		r.seen[sb.String()] = struct{}{}
	}
	return nil
}

func (r *jobReader) releaseCur() {
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
}

func (r *jobReader) RecordBatch() arrow.RecordBatch { return r.cur }
func (r *jobReader) Record() arrow.RecordBatch      { return r.cur }
func (r *jobReader) Err() error                     { return r.err }
func (r *jobReader) Retain()                        { r.refs.Add(1) }

// Release frees the current batch; the inner reader belongs to the
// engine's result, which releases it.
func (r *jobReader) Release() {
	if r.refs.Add(-1) == 0 {
		r.releaseCur()
	}
}

var _ array.RecordReader = (*jobReader)(nil)
