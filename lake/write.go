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
// table's commit.retry.* properties): the snapshot fn built is re-parented
// on the winner's and its manifest list rebuilt, without rewriting data. If
// that cannot resolve the conflict (retries exhausted, a commit that removes
// delete files and may not be replayed, a schema that changed underneath),
// the whole operation is run again on a freshly loaded table, with jittered
// backoff. fn must therefore be safe to run more than once; operations that
// consume a reader use commitOnce.
func (l *Lake) commit(ctx context.Context, id Ident, fn func(context.Context, *table.Transaction) error) (Commit, error) {
	return l.commitWith(ctx, id, true, nil, fn)
}

// commitOnce is commit for operations whose fn can run only once (it
// consumes a record reader). A conflict iceberg-go's refresh-and-replay
// cannot resolve fails with ErrConflict (tarn.ECONFLICT); nothing is
// committed then, so the caller may run the write again.
func (l *Lake) commitOnce(ctx context.Context, id Ident, fn func(context.Context, *table.Transaction) error) (Commit, error) {
	return l.commitWith(ctx, id, false, nil, fn)
}

// maxRuns bounds how many times commit runs an operation from the start.
const maxRuns = 5

// commitWith is commit (rerun) or commitOnce. A non-nil pin names the
// read positions the commit requires, computed from the table it is built
// on: the catalog checks them atomically with the pointer swap on every
// try, so a replay never lands on a table whose positions moved. A moved
// position makes a rerunnable operation run again and any other fail with
// ErrPositionMoved (tarn.ECONFLICT).
func (l *Lake) commitWith(ctx context.Context, id Ident, rerun bool, pin pinFunc, fn func(context.Context, *table.Transaction) error) (Commit, error) {
	mu := l.lock(id)
	mu.Lock()
	defer mu.Unlock()

	backoff := 10 * time.Millisecond
	for attempt := 1; ; attempt++ {
		t, err := l.Load(ctx, id)
		if err != nil {
			return Commit{}, err
		}
		if pin != nil {
			cond, err := pin(t.Metadata())
			if err != nil {
				return Commit{}, err
			}
			t = l.tables.requiring(t, cond)
		}
		tx := t.NewTransaction()
		err = fn(ctx, tx)
		if err == nil {
			var nt *table.Table
			if nt, err = tx.Commit(ctx); err == nil {
				nt = l.remember(id, nt)
				return commitInfo(id, nt, attempt), nil
			}
		}
		moved := errors.Is(err, ErrPositionMoved)
		if moved && !rerun {
			return Commit{}, positionMovedErr(id, err)
		}
		if !moved && !isConflict(err) {
			return Commit{}, classifyWriteErr(id, err)
		}
		if !rerun || attempt >= maxRuns {
			return Commit{}, conflictErr(id, err)
		}
		select {
		case <-ctx.Done():
			return Commit{}, classifyWriteErr(id, ctx.Err())
		case <-time.After(backoff + time.Duration(rand.Int64N(int64(backoff)))):
		}
		backoff *= 2
	}
}

// isConflict reports whether err says another writer changed the table
// first and nothing was committed.
func isConflict(err error) bool {
	return errors.Is(err, table.ErrCommitFailed) || requirementFailed(err)
}

func conflictErr(id Ident, err error) error {
	return tarn.Wrap(fmt.Errorf("%w: %s: %w", ErrConflict, id, err), tarn.ECONFLICT,
		"Nothing was written; run the write again.", "Another writer kept changing %s while this commit was retried.", id)
}

func classifyWriteErr(id Ident, err error) error {
	var te *tarn.Error
	switch {
	case errors.As(err, &te):
		return err
	case isConflict(err):
		return conflictErr(id, err)
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
// missing. It does not release rdr. If other writers keep winning the race
// to commit beyond the table's retry budget, it returns ErrConflict
// (tarn.ECONFLICT) and nothing is committed.
func (l *Lake) Append(ctx context.Context, id Ident, rdr array.RecordReader, props map[string]string) (Commit, error) {
	return l.commitOnce(ctx, id, func(ctx context.Context, tx *table.Transaction) error {
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
// snapshot. A nil filter replaces the whole table. Like Append, it returns
// ErrConflict when a concurrent commit cannot be replayed under it.
func (l *Lake) Overwrite(ctx context.Context, id Ident, filter iceberg.BooleanExpression, rdr array.RecordReader, props map[string]string) (Commit, error) {
	return l.commitOnce(ctx, id, func(ctx context.Context, tx *table.Transaction) error {
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
// keys, by writing an equality delete file (no data file is rewritten). Like
// Append, it returns ErrConflict when a concurrent commit cannot be replayed
// under it.
func (l *Lake) DeleteEqual(ctx context.Context, id Ident, keyColumns []string, keys array.RecordReader, props map[string]string) (Commit, error) {
	return l.commitOnce(ctx, id, func(ctx context.Context, tx *table.Transaction) error {
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
