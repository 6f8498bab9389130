package postgres

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/lake"
)

// Result says what a run did.
type Result struct {
	Target lake.Ident
	Mode   Mode
	// Rows is how many rows the run committed.
	Rows int64
	// Commits are the snapshots the run committed, in order: one for a full
	// run, one per batch for an incremental run (none when nothing was new).
	Commits []lake.Commit
	// Created says the run created the target table.
	Created bool
	// Changes are the schema changes the run applied to the target.
	Changes []lake.SchemaChange
	// Cursor is the last committed cursor value of an incremental run, as
	// Postgres's text ("" before any row was committed).
	Cursor string
}

// position is the value of a source's read position in the target's
// snapshots.
type position struct {
	Mode Mode `json:"mode"`
	// Cursor and Value: the cursor column and the last value committed.
	Cursor string `json:"cursor,omitempty"`
	Value  string `json:"value,omitempty"`
	// Snapshot is the Postgres snapshot a full load read.
	Snapshot string `json:"snapshot,omitempty"`
}

func (p position) String() string {
	b, _ := json.Marshal(p)
	return string(b)
}

// Run loads the source o describes into o.Target, creating or evolving the
// target first, and returns what it committed. Arrow memory comes from
// alloc. A full run replaces the target in one snapshot; an incremental
// run appends the rows past the last committed cursor value, one snapshot
// per batch, each recording its last cursor value as the position. A run
// that fails or is cancelled keeps the batches it committed and nothing
// else (its Result still lists them); running again resumes after them.
//
// It returns ErrInvalid, ErrUnsupportedType and ErrIncompatible
// (tarn.EINVALID) before writing anything; ErrValue (tarn.EINVALID) and
// ErrSource (tarn.EINTERNAL, tarn.ENOTFOUND, or tarn.ETIMEOUT when ctx
// ends) with the batches before the failure committed; ErrPosition
// (tarn.ECONFLICT) when an incremental run finds the target's position
// recorded by a full run or for another cursor column;
// lake.ErrPositionMoved (tarn.ECONFLICT) when another run moved the
// position first; and the lake's errors.
func Run(ctx context.Context, l Lake, alloc memory.Allocator, o Options) (Result, error) {
	return run(ctx, l, alloc, o, transportCopy)
}

func run(ctx context.Context, l Lake, alloc memory.Allocator, o Options, t transport) (Result, error) {
	o, err := o.withDefaults()
	if err != nil {
		return Result{}, err
	}
	res := Result{Target: o.Target, Mode: o.Mode}
	src, err := open(ctx, o)
	if err != nil {
		return res, err
	}
	defer src.close()
	schema, created, changes, err := ensureTarget(ctx, l, o, src.cols)
	if err != nil {
		return res, err
	}
	res.Created, res.Changes = created, changes
	from, ok, err := l.Position(ctx, o.Target, o.positionKey())
	if err != nil {
		return res, err
	}
	if o.Mode == Full {
		// A full load replaces whatever an earlier run recorded.
		err := runFull(ctx, l, alloc, o, src, schema, t, from, &res)
		return res, err
	}
	var last position
	if ok {
		if err := json.Unmarshal([]byte(from), &last); err != nil || last.Mode != Incremental || last.Cursor != o.Cursor {
			return res, positionErr(o, from)
		}
	}
	res.Cursor = last.Value
	err = runIncremental(ctx, l, alloc, o, src, schema, t, from, last.Value, &res)
	return res, err
}

func positionErr(o Options, value string) error {
	return tarn.Wrap(fmt.Errorf("%w: %s is %s", ErrPosition, o.positionKey(), value), tarn.ECONFLICT,
		"Give this source another name to start over in another table, or drop the table first.",
		"%s was loaded from source %s by a different kind of run (%s); this %s run cannot continue from it.", o.Target, o.Name, value, o.Mode)
}

// props are the summary properties every commit of a run carries.
func (o Options) props() map[string]string {
	return map[string]string{"tarn.source": "postgres:" + o.Name}
}

// batch is what the reading goroutine hands the committing one.
type batch struct {
	recs []arrow.RecordBatch
	// cursor is the last cursor value of an incremental batch, as text.
	cursor string
}

func (b batch) release() {
	for _, r := range b.recs {
		r.Release()
	}
}

func (b batch) rows() (n int64) {
	for _, r := range b.recs {
		n += r.NumRows()
	}
	return n
}

// runFull streams the whole source into one overwrite.
func runFull(ctx context.Context, l Lake, alloc memory.Allocator, o Options, src *source, schema *arrow.Schema, t transport, from string, res *Result) error {
	rd := startReader(ctx, alloc, src, schema, t, "", 0)
	defer rd.stop()
	// The position names the Postgres snapshot the rows are read in.
	snap, err := rd.snapshot()
	if err != nil {
		return err
	}
	to := position{Mode: Full, Snapshot: snap}.String()
	sr := newStreamReader(rd, schema)
	defer sr.Release()
	c, err := l.OverwriteFrom(ctx, o.Target, nil, sr, o.positionKey(), from, to, o.props())
	if err != nil {
		// A failed read fails the overwrite: report the read's error. The
		// reader may also still be running, when the lake gave up first.
		select {
		case <-rd.done:
			if rd.fail != nil {
				return rd.fail
			}
		default:
		}
		return err
	}
	// The lake read the stream to its end, so the reader is done; were it
	// not, cancelling makes the check below fail loudly, not hang.
	rd.cancel()
	if err := rd.err(); err != nil {
		return fmt.Errorf("%w: the read failed after the overwrite committed: %w", ErrSource, err)
	}
	res.Rows, res.Commits = sr.rows, []lake.Commit{c}
	return nil
}

// runIncremental commits one AppendFrom per batch.
func runIncremental(ctx context.Context, l Lake, alloc memory.Allocator, o Options, src *source, schema *arrow.Schema, t transport, from, after string, res *Result) error {
	rd := startReader(ctx, alloc, src, schema, t, after, o.BatchRows)
	defer rd.stop()
	for b := range rd.batches {
		to := position{Mode: Incremental, Cursor: o.Cursor, Value: b.cursor}.String()
		rdr, err := array.NewRecordReader(schema, b.recs)
		if err != nil {
			b.release()
			return err
		}
		c, err := l.AppendFrom(ctx, o.Target, rdr, o.positionKey(), from, to, o.props())
		rdr.Release()
		n := b.rows()
		b.release()
		if err != nil {
			return err
		}
		res.Rows += n
		res.Commits = append(res.Commits, c)
		res.Cursor, from = b.cursor, to
	}
	return rd.err()
}
