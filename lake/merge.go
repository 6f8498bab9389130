package lake

import (
	"context"
	"fmt"
	"iter"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/iceberg-go/table"
	"github.com/tarn-data/tarn"
)

// MergeFrom upserts the rows of rdr by keyColumns in one snapshot that
// records key=to, only if the table's position for key is still from (see
// AppendFrom). The snapshot is one Iceberg row delta: an equality delete
// file holding the keys of rdr's rows and the data files of the rows
// themselves. Deletes of a snapshot apply only to older data, so the new
// rows replace the old rows of the same keys and nothing else. The keys of
// rdr's rows must be unique; rows whose key is new are simply added.
//
// The rows are held in memory until the commit (they are read twice). It
// returns ErrNoSuchColumn (EINVALID) for a key column the table or the
// reader lacks, and the errors of AppendFrom. It does not release rdr.
func (l *Lake) MergeFrom(ctx context.Context, id Ident, keyColumns []string, rdr array.RecordReader, key, from, to string, props map[string]string) (Commit, error) {
	sp, err := positionProps(id, key, to, props)
	if err != nil {
		return Commit{}, err
	}
	var batches []arrow.RecordBatch
	defer func() {
		for _, b := range batches {
			b.Release()
		}
	}()
	for rdr.Next() {
		b := rdr.RecordBatch()
		if b.NumRows() == 0 {
			continue
		}
		b.Retain()
		batches = append(batches, b)
	}
	if err := rdr.Err(); err != nil {
		return Commit{}, classifyWriteErr(id, err)
	}
	return l.commitWith(ctx, id, false, expectPosition(id, key, from), func(ctx context.Context, tx *table.Transaction) error {
		if len(batches) == 0 { // nothing to merge: the position still moves
			return tx.AddFiles(ctx, nil, sp, false)
		}
		st, err := tx.StagedTable()
		if err != nil {
			return err
		}
		ids, cols, err := mergeKeys(id, st.Table, rdr.Schema(), keyColumns)
		if err != nil {
			return err
		}
		dels, err := tx.WriteEqualityDeletes(ctx, ids, projected(batches, rdr.Schema(), cols))
		if err != nil {
			return err
		}
		rd := tx.NewRowDelta(sp).AddDeletes(dels...)
		for df, err := range table.WriteRecords(ctx, st.Table, rdr.Schema(), retained(batches)) {
			if err != nil {
				return err
			}
			rd.AddRows(df)
		}
		return rd.Commit(ctx)
	})
}

// mergeKeys finds the field IDs of the key columns in the table and the
// reader's columns an equality delete file needs: the keys, then the
// partition source columns (to route deletes to their partitions).
func mergeKeys(id Ident, t *table.Table, sc *arrow.Schema, keyColumns []string) ([]int, []int, error) {
	var ids, cols []int
	seen := map[string]bool{}
	add := func(name string) error {
		if seen[name] {
			return nil
		}
		seen[name] = true
		idx := sc.FieldIndices(name)
		if len(idx) == 0 {
			return tarn.Wrap(fmt.Errorf("%w: %s", ErrNoSuchColumn, name), tarn.EINVALID, "", "The rows merged into %s have no column %q.", id, name)
		}
		cols = append(cols, idx[0])
		return nil
	}
	for _, c := range keyColumns {
		f, ok := t.Schema().FindFieldByName(c)
		if !ok {
			return nil, nil, tarn.Wrap(fmt.Errorf("%w: %s", ErrNoSuchColumn, c), tarn.EINVALID, "", "%s has no column %q.", id, c)
		}
		ids = append(ids, f.ID)
		if err := add(c); err != nil {
			return nil, nil, err
		}
	}
	spec := t.Spec()
	for _, pf := range spec.Fields() {
		if name, ok := t.Schema().FindColumnName(pf.SourceID()); ok {
			if err := add(name); err != nil {
				return nil, nil, err
			}
		}
	}
	return ids, cols, nil
}

// projected yields each batch cut to the columns cols; the batches are
// released after the consumer has seen them.
func projected(batches []arrow.RecordBatch, sc *arrow.Schema, cols []int) iter.Seq2[arrow.RecordBatch, error] {
	fields := make([]arrow.Field, len(cols))
	for i, c := range cols {
		fields[i] = sc.Field(c)
	}
	psc := arrow.NewSchema(fields, nil)
	return func(yield func(arrow.RecordBatch, error) bool) {
		for _, b := range batches {
			arrs := make([]arrow.Array, len(cols))
			for i, c := range cols {
				arrs[i] = b.Column(c)
			}
			// The equality delete writer retains what it keeps.
			p := array.NewRecordBatch(psc, arrs, b.NumRows())
			ok := yield(p, nil)
			p.Release()
			if !ok {
				return
			}
		}
	}
}

// retained yields the batches to a consumer that releases each one it
// takes (table.WriteRecords), so the caller's reference survives.
func retained(batches []arrow.RecordBatch) iter.Seq2[arrow.RecordBatch, error] {
	return func(yield func(arrow.RecordBatch, error) bool) {
		for _, b := range batches {
			b.Retain()
			if !yield(b, nil) {
				return
			}
		}
	}
}
