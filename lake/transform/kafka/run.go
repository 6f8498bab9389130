package kafka

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/lake"
)

// Result says what a run did.
type Result struct {
	Target lake.Ident
	// Messages is how many messages the run committed: Rows plus Skipped.
	Messages int64
	Rows     int64
	// Skipped counts the malformed messages left out under Skip.
	Skipped int64
	// Commits is how many snapshots the run committed.
	Commits int
	// Created says the run created the target table.
	Created bool
	// Changes are the schema changes the run applied to the target.
	Changes []lake.SchemaChange
	// Position is the last committed read position ("0:1234,1:998").
	Position string
	// Resumed counts the times another writer moved the position first and
	// the run went on from the table's.
	Resumed int
}

// MalformedError describes a message that does not fit the declared
// schema. It never holds the message's values.
type MalformedError struct {
	Topic     string
	Partition int32
	Offset    int64
	// Field is the JSON field at fault, or "" for the message as a whole.
	Field  string
	Reason string
}

func (e *MalformedError) Error() string {
	at := fmt.Sprintf("topic %s partition %d offset %d", e.Topic, e.Partition, e.Offset)
	if e.Field == "" {
		return at + ": " + e.Reason
	}
	return fmt.Sprintf("%s: field %q %s", at, e.Field, e.Reason)
}

// malformed wraps a decoding failure sentinel-first.
func malformed(topic string, p int32, off int64, err error) error {
	m := &MalformedError{Topic: topic, Partition: p, Offset: off, Reason: err.Error()}
	var fe *fieldError
	if errors.As(err, &fe) {
		m.Field, m.Reason = fe.field, fe.reason
	}
	return tarn.Wrap(fmt.Errorf("%w: %w", ErrMalformed, m), tarn.EINVALID,
		"Fix the producer, or set on_malformed: skip to count and skip such messages.",
		"The message at offset %d of partition %d of topic %s does not fit the declared schema: %s.", off, p, topic, m.reasonText())
}

func (e *MalformedError) reasonText() string {
	if e.Field == "" {
		return e.Reason
	}
	return fmt.Sprintf("field %q %s", e.Field, e.Reason)
}

// Run ingests the topic into o.Target up to the end offsets its partitions
// had when it started (or until no message arrived for MaxBatchWait), one
// snapshot per micro-batch, each recording the next offset of every
// partition, and returns what it committed. Arrow memory comes from alloc.
// It resumes from the position the target records, so a run that failed,
// was cancelled or was killed keeps the batches it committed and nothing
// else, and running again neither loses nor duplicates a message.
//
// It returns ErrInvalid and ErrIncompatible (tarn.EINVALID) before reading
// anything; ErrMalformed (tarn.EINVALID) under Stop, with the rows before
// the message committed; ErrSource (tarn.EINTERNAL, or tarn.ETIMEOUT when
// ctx ends) with the batches before the failure committed; ErrPosition
// (tarn.EINTERNAL); lake.ErrPositionMoved (tarn.ECONFLICT) when other
// writers kept moving the position; and the lake's errors.
func Run(ctx context.Context, l Lake, alloc memory.Allocator, o Options) (Result, error) {
	return start(ctx, l, alloc, o, false, nil)
}

// Follow is Run that never reaches the end: it keeps ingesting micro-batches
// until ctx ends or o.Stop is closed, calling committed (when not nil) with
// the totals after each commit, from another goroutine. It returns nil when
// ctx ends (the batch being read is read again next time) or after the
// last batch was committed once o.Stop closed, and the errors of Run
// otherwise.
func Follow(ctx context.Context, l Lake, alloc memory.Allocator, o Options, committed func(Result)) (Result, error) {
	res, err := start(ctx, l, alloc, o, true, committed)
	if ctx.Err() != nil {
		return res, nil
	}
	return res, err
}

// maxMovedInARow bounds how often a run resumes after another writer moved
// the position without committing anything itself.
const maxMovedInARow = 5

func start(ctx context.Context, l Lake, alloc memory.Allocator, o Options, follow bool, committed func(Result)) (Result, error) {
	o, cols, err := o.withDefaults()
	if err != nil {
		return Result{}, err
	}
	schema, created, changes, err := ensureTarget(ctx, l, o, cols)
	if err != nil {
		return Result{Target: o.Target}, err
	}
	in := &ingest{l: l, mem: alloc, o: o, cols: cols, schema: schema, key: o.PositionKey(), follow: follow, committed: committed,
		res: Result{Target: o.Target, Created: created, Changes: changes}}
	for moved := 0; ; {
		before := in.res.Commits
		err := in.session(ctx)
		if !errors.Is(err, lake.ErrPositionMoved) || ctx.Err() != nil {
			return in.res, err
		}
		in.res.Resumed++
		if in.res.Commits == before {
			moved++
		} else {
			moved = 0
		}
		if moved >= maxMovedInARow {
			return in.res, err
		}
	}
}

// ingest is one run.
type ingest struct {
	l         Lake
	mem       memory.Allocator
	o         Options
	cols      []column
	schema    *arrow.Schema
	key       string
	follow    bool
	committed func(Result)
	res       Result // updated by the committer while a session runs
}

// batch is one micro-batch on its way to the lake.
type batch struct {
	rec      arrow.RecordBatch // nil when every message was skipped
	from, to string
	messages int64
	skipped  int64
}

func (b batch) release() {
	if b.rec != nil {
		b.rec.Release()
	}
}

// commit appends a batch, moving the position from → to.
func (in *ingest) commit(ctx context.Context, b batch) (lake.Commit, error) {
	var recs []arrow.RecordBatch
	if b.rec != nil {
		recs = []arrow.RecordBatch{b.rec}
	}
	rdr, err := array.NewRecordReader(in.schema, recs)
	if err != nil {
		return lake.Commit{}, err
	}
	defer rdr.Release()
	props := map[string]string{
		"tarn.source":         "kafka:" + in.o.Name,
		"tarn.kafka.messages": strconv.FormatInt(b.messages, 10),
	}
	if b.skipped > 0 {
		props["tarn.kafka.skipped"] = strconv.FormatInt(b.skipped, 10)
	}
	if in.o.hook != nil {
		in.o.hook(hookCommit)
	}
	return in.l.AppendFrom(ctx, in.o.Target, rdr, in.key, b.from, b.to, props)
}

// committer commits the batches of work in order until one fails; it then
// releases the rest. On the first failure it sets *cerr, closes failed and
// calls stop; it closes done when work is closed and drained.
func (in *ingest) committer(ctx context.Context, work <-chan batch, failed, done chan<- struct{}, cerr *error, stop func()) {
	defer close(done)
	for b := range work {
		if *cerr != nil {
			b.release()
			continue
		}
		c, err := in.commit(ctx, b)
		b.release()
		if err != nil {
			*cerr = err
			close(failed)
			stop()
			continue
		}
		if in.o.hook != nil {
			in.o.hook(hookCommitted)
		}
		in.res.Commits++
		in.res.Messages += b.messages
		in.res.Skipped += b.skipped
		in.res.Rows += c.AddedRows
		in.res.Position = b.to
		if in.committed != nil {
			in.committed(in.res)
		}
	}
}

// Test hook points.
const (
	hookSession   = "session"   // a session starts reading from the table's position
	hookCut       = "cut"       // a batch was cut and is handed to the committer
	hookCommit    = "commit"    // AppendFrom is about to be called
	hookCommitted = "committed" // AppendFrom returned the commit
	hookRead      = "read"      // a poll's messages were decoded into the batch
)
