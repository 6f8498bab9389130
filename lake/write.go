package lake

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/iceberg-go"
	"github.com/apache/iceberg-go/table"
	"github.com/tarn-data/tarn"
)

// Commit describes the snapshot a write produced.
type Commit struct {
	Table      Ident
	SnapshotID int64
	Sequence   int64
	Operation  string
	AddedRows  int64
	// DeletedRows counts rows removed by deletes and overwrites, as Iceberg's
	// snapshot summary reports them.
	DeletedRows int64
	Attempts    int
}

// commit runs fn in a fresh transaction on the current table and commits it.
// Commits to one table are serialised in this process. A conflict with
// another process is first handled by iceberg-go's refresh-and-replay (the
// table's commit.retry.* properties); if that is exhausted, the whole
// operation is retried on a freshly loaded table with jittered backoff.
func (l *Lake) commit(ctx context.Context, id Ident, fn func(context.Context, *table.Transaction) error) (Commit, error) {
	mu := l.lock(id)
	mu.Lock()
	defer mu.Unlock()

	backoff := 10 * time.Millisecond
	for attempt := 1; ; attempt++ {
		t, err := l.Load(ctx, id)
		if err != nil {
			return Commit{}, err
		}
		tx := t.NewTransaction()
		if err := fn(ctx, tx); err != nil {
			if errors.Is(err, table.ErrCommitFailed) && attempt < 5 {
				continue
			}
			return Commit{}, classifyWriteErr(id, err)
		}
		nt, err := tx.Commit(ctx)
		if err == nil {
			l.remember(id, nt)
			return commitInfo(id, nt, attempt), nil
		}
		if !errors.Is(err, table.ErrCommitFailed) || attempt >= 5 {
			return Commit{}, classifyWriteErr(id, err)
		}
		select {
		case <-ctx.Done():
			return Commit{}, ctx.Err()
		case <-time.After(backoff + time.Duration(rand.Int64N(int64(backoff)))):
		}
		backoff *= 2
	}
}

func classifyWriteErr(id Ident, err error) error {
	var te *tarn.Error
	switch {
	case errors.As(err, &te):
		return err
	case errors.Is(err, table.ErrCommitFailed):
		return tarn.Wrap(fmt.Errorf("%w: %s: %w", ErrConflict, id, err), tarn.ECONFLICT,
			"Nothing was written; run the write again.", "Another writer kept changing %s while this commit was retried.", id)
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return tarn.Wrap(err, tarn.ETIMEOUT, "Nothing was committed.", "The write to %s was cancelled.", id)
	}
	return fmt.Errorf("writing %s: %w", id, err)
}

func commitInfo(id Ident, t *table.Table, attempts int) Commit {
	c := Commit{Table: id, Attempts: attempts}
	s := t.CurrentSnapshot()
	if s == nil {
		return c
	}
	c.SnapshotID, c.Sequence = s.SnapshotID, s.SequenceNumber
	if s.Summary != nil {
		c.Operation = string(s.Summary.Operation)
		c.AddedRows, _ = strconv.ParseInt(s.Summary.Properties["added-records"], 10, 64)
		c.DeletedRows, _ = strconv.ParseInt(s.Summary.Properties["deleted-records"], 10, 64)
	}
	return c
}

// Append adds the rows of rdr to the table in one snapshot. The reader's
// schema must match the table's columns by name; nullable columns may be
// missing. It does not release rdr.
func (l *Lake) Append(ctx context.Context, id Ident, rdr array.RecordReader, props map[string]string) (Commit, error) {
	return l.commit(ctx, id, func(ctx context.Context, tx *table.Transaction) error {
		return tx.Append(ctx, rdr, props)
	})
}

// AppendFiles adds already written Parquet data files (local paths or URLs
// under the warehouse) to the table in one snapshot, reading their footers for
// statistics. Files must carry Iceberg field IDs or match by name.
func (l *Lake) AppendFiles(ctx context.Context, id Ident, paths []string, props map[string]string) (Commit, error) {
	return l.commit(ctx, id, func(ctx context.Context, tx *table.Transaction) error {
		return tx.AddFiles(ctx, paths, props, false)
	})
}

// Overwrite replaces the rows matching filter with the rows of rdr in one
// snapshot. A nil filter replaces the whole table.
func (l *Lake) Overwrite(ctx context.Context, id Ident, filter iceberg.BooleanExpression, rdr array.RecordReader, props map[string]string) (Commit, error) {
	return l.commit(ctx, id, func(ctx context.Context, tx *table.Transaction) error {
		var opts []table.OverwriteOption
		if filter != nil {
			opts = append(opts, table.WithOverwriteFilter(filter))
		}
		return tx.Overwrite(ctx, rdr, props, opts...)
	})
}

// Delete removes the rows matching filter in one snapshot. Whole files that
// match are dropped; partly matching files get position delete files
// (merge-on-read), which readers apply and compaction later rewrites away.
func (l *Lake) Delete(ctx context.Context, id Ident, filter iceberg.BooleanExpression, props map[string]string) (Commit, error) {
	if filter == nil {
		return Commit{}, tarn.Errorf(tarn.EINVALID, "A delete needs a filter; use Overwrite with no rows to empty a table.")
	}
	return l.commit(ctx, id, func(ctx context.Context, tx *table.Transaction) error {
		return tx.Delete(ctx, filter, props)
	})
}

// DeleteEqual removes rows whose values in the key columns equal a row of
// keys, by writing an equality delete file (no data file is rewritten).
func (l *Lake) DeleteEqual(ctx context.Context, id Ident, keyColumns []string, keys array.RecordReader, props map[string]string) (Commit, error) {
	return l.commit(ctx, id, func(ctx context.Context, tx *table.Transaction) error {
		t, err := tx.StagedTable()
		if err != nil {
			return err
		}
		var ids []int
		for _, c := range keyColumns {
			f, ok := t.Schema().FindFieldByName(c)
			if !ok {
				return tarn.Wrap(fmt.Errorf("%w: %s", ErrNoSuchColumn, c), tarn.EINVALID, "", "%s has no column %q.", id, c)
			}
			ids = append(ids, f.ID)
		}
		return tx.CommitEqualityDeletes(ctx, ids, recordSeq(keys), props)
	})
}

// recordSeq adapts a RecordReader to the iterator iceberg-go's writers take.
func recordSeq(rdr array.RecordReader) iter.Seq2[arrow.RecordBatch, error] {
	return func(yield func(arrow.RecordBatch, error) bool) {
		for rdr.Next() {
			if !yield(rdr.RecordBatch(), nil) {
				return
			}
		}
		if err := rdr.Err(); err != nil {
			yield(nil, err)
		}
	}
}
