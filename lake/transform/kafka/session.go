package kafka

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
)

// session reads from the position the table records until the run ends,
// handing micro-batches to a committer goroutine, so that the next batch
// is decoded while the last one is written. It returns the committer's
// error first: a moved position makes the run start a new session.
func (in *ingest) session(ctx context.Context) error {
	if in.o.hook != nil {
		in.o.hook(hookSession)
	}
	from, _, err := in.l.Position(ctx, in.o.Target, in.key)
	if err != nil {
		return err
	}
	next, err := parseOffsets(from)
	if err != nil {
		return err
	}
	opts := append([]kgo.Opt{
		kgo.SeedBrokers(in.o.Brokers...),
		// An offset gone from the topic is an error, never a silent jump.
		kgo.ConsumeResetOffset(kgo.NoResetOffset()),
		kgo.FetchIsolationLevel(kgo.ReadCommitted()),
		kgo.FetchMaxBytes(64 << 20),
		kgo.FetchMaxPartitionBytes(8 << 20),
	}, in.o.ClientOptions...)
	cl, err := kgo.NewClient(opts...)
	if err != nil {
		return tarn.Wrap(fmt.Errorf("%w: %w", ErrSource, err), tarn.EINVALID, "Check the brokers and client settings.", "Cannot set up the Kafka client: %v.", err)
	}
	defer cl.Close()

	end, err := in.plan(ctx, cl, next)
	if err != nil {
		return err
	}
	if len(end) == 0 && !in.follow {
		return nil
	}

	work := make(chan batch)
	failed, done := make(chan struct{}), make(chan struct{})
	var cerr error
	// A failed commit also ends a poll that waits for messages.
	pollCtx, stopPolling := context.WithCancel(ctx)
	defer stopPolling()
	if in.follow && in.o.Stop != nil {
		// A graceful stop also ends a poll that waits for messages.
		go func() {
			select {
			case <-in.o.Stop:
				stopPolling()
			case <-pollCtx.Done():
			}
		}()
	}
	go in.committer(ctx, work, failed, done, &cerr, stopPolling)
	r := &reader{in: in, cl: cl, next: next, end: end, from: from, work: work, failed: failed, pollCtx: pollCtx}
	r.dec = newDecoder(in.mem, in.schema, in.cols)
	err = r.read(ctx)
	r.dec.release()
	close(work)
	<-done
	if cerr != nil {
		return cerr
	}
	return err
}

// plan lists the topic's partitions, fills in where the ones the table has
// no position for start, tells the client to consume every partition at
// its next offset, and returns the end offset of each partition a run must
// still read (for Follow, of every partition).
func (in *ingest) plan(ctx context.Context, cl *kgo.Client, next offsets) (map[int32]int64, error) {
	adm := kadm.NewClient(cl)
	ends, err := adm.ListEndOffsets(ctx, in.o.Topic)
	if err == nil {
		err = ends.Error()
	}
	if err != nil && !errors.Is(err, kerr.UnknownTopicOrPartition) {
		return nil, in.sourceErr(ctx, err, "listing the partitions of")
	}
	parts := ends[in.o.Topic]
	delete(parts, -1) // kadm's marker of a topic that does not exist
	if len(parts) == 0 {
		return nil, tarn.Wrap(fmt.Errorf("%w: topic %s does not exist", ErrSource, in.o.Topic), tarn.ENOTFOUND,
			"Check the topic name and the brokers.", "There is no Kafka topic %s.", in.o.Topic)
	}
	var starts kadm.ListedOffsets
	for p := range parts {
		if _, ok := next[p]; !ok && !in.o.StartAtEnd {
			if starts, err = adm.ListStartOffsets(ctx, in.o.Topic); err == nil {
				err = starts.Error()
			}
			if err != nil {
				return nil, in.sourceErr(ctx, err, "listing the partitions of")
			}
			break
		}
	}
	end := map[int32]int64{}
	consume := map[int32]kgo.Offset{}
	for p, e := range parts {
		if off, ok := next[p]; ok && off > e.Offset {
			return nil, tarn.Wrap(fmt.Errorf("%w: partition %d: position %d is past the end %d", ErrSource, p, off, e.Offset), tarn.EINTERNAL,
				"The topic was probably deleted and created again: ingest it into a new table, or under a new name.",
				"%s has read partition %d of Kafka topic %s up to offset %d, but the partition ends at %d.", in.o.Target, p, in.o.Topic, off, e.Offset)
		}
		if _, ok := next[p]; !ok {
			next[p] = e.Offset
			if !in.o.StartAtEnd {
				s, _ := starts.Lookup(in.o.Topic, p)
				next[p] = s.Offset
			}
		}
		if in.follow || next[p] < e.Offset {
			end[p] = e.Offset
			consume[p] = kgo.NewOffset().At(next[p])
		}
	}
	cl.AddConsumePartitions(map[string]map[int32]kgo.Offset{in.o.Topic: consume})
	return end, nil
}

// sourceErr wraps a Kafka failure.
func (in *ingest) sourceErr(ctx context.Context, err error, doing string) error {
	if ctx.Err() != nil {
		return tarn.Wrap(fmt.Errorf("%w: %w", ErrSource, ctx.Err()), tarn.ETIMEOUT,
			"Batches committed before stay; run again to go on.", "Reading Kafka topic %s was cancelled.", in.o.Topic)
	}
	return tarn.Wrap(fmt.Errorf("%w: %s topic %s: %w", ErrSource, doing, in.o.Topic, err), tarn.EINTERNAL,
		"Check that the brokers are reachable and the tls and sasl settings (an EOF often means a refused login); batches committed before stay.", "Failed %s Kafka topic %s: %s.", doing, in.o.Topic, strings.TrimRight(err.Error(), "."))
}

// reader is the consuming side of a session.
type reader struct {
	in      *ingest
	cl      *kgo.Client
	dec     *decoder
	next    offsets
	end     map[int32]int64 // partitions still to read (a run) and their ends
	from    string          // the position the next batch moves from
	work    chan<- batch
	failed  <-chan struct{}
	pollCtx context.Context // ctx, also ended when the committer fails

	// the batch being read
	messages, bytes, skipped int64
	started                  time.Time
}

// read polls, decodes and cuts batches until the run is over.
func (r *reader) read(ctx context.Context) error {
	o := r.in.o
	for {
		if (!r.in.follow && len(r.end) == 0) || r.stopping() {
			return r.cut(ctx)
		}
		pctx, cancel := r.pollCtx, context.CancelFunc(func() {})
		switch {
		case r.messages > 0:
			deadline := r.started.Add(o.MaxBatchWait)
			if !time.Now().Before(deadline) {
				if err := r.cut(ctx); err != nil {
					return err
				}
				continue
			}
			pctx, cancel = context.WithDeadline(r.pollCtx, deadline)
		case !r.in.follow:
			pctx, cancel = context.WithTimeout(r.pollCtx, o.MaxBatchWait)
		}
		fs := r.cl.PollRecords(pctx, max(o.MaxBatchRows-r.dec.rows, 1))
		idle := pctx.Err() != nil
		cancel()
		select {
		case <-r.failed:
			return nil
		default:
		}
		if ctx.Err() != nil {
			return r.in.sourceErr(ctx, ctx.Err(), "reading")
		}
		for _, fe := range fs.Errors() {
			if errors.Is(fe.Err, context.DeadlineExceeded) || errors.Is(fe.Err, context.Canceled) {
				continue
			}
			if errors.Is(fe.Err, kerr.OffsetOutOfRange) {
				return tarn.Wrap(fmt.Errorf("%w: partition %d offset %d: %w", ErrSource, fe.Partition, r.next[fe.Partition], fe.Err), tarn.EINTERNAL,
					"The messages were deleted (retention) before they were ingested; nothing after them was skipped.",
					"Partition %d of Kafka topic %s no longer holds offset %d, where %s stopped reading.", fe.Partition, o.Topic, r.next[fe.Partition], o.Target)
			}
			return r.in.sourceErr(ctx, fmt.Errorf("partition %d: %w", fe.Partition, fe.Err), "reading")
		}
		n := 0
		for it := fs.RecordIter(); !it.Done(); {
			if err := r.record(ctx, it.Next()); err != nil {
				return err
			}
			n++
		}
		if n > 0 && o.hook != nil {
			o.hook(hookRead)
		}
		if n == 0 && idle && r.messages == 0 && !r.in.follow {
			return nil // nothing arrived for a whole wait: the run is over
		}
	}
}

// stopping says a following run was asked to stop gracefully.
func (r *reader) stopping() bool {
	if !r.in.follow || r.in.o.Stop == nil {
		return false
	}
	select {
	case <-r.in.o.Stop:
		return true
	default:
		return false
	}
}

// record decodes one message into the batch, cutting it when full.
func (r *reader) record(ctx context.Context, rec *kgo.Record) error {
	o := r.in.o
	p := rec.Partition
	end, reading := r.end[p]
	if rec.Topic != o.Topic || rec.Offset < r.next[p] || (!r.in.follow && (!reading || rec.Offset >= end)) {
		return nil // past this run's end, or delivered twice
	}
	if r.messages == 0 {
		r.started = time.Now()
	}
	if err := r.dec.decode(rec.Value); err != nil {
		merr := malformed(o.Topic, p, rec.Offset, err)
		if o.OnMalformed == Stop {
			if cerr := r.cut(ctx); cerr != nil {
				return cerr
			}
			return merr
		}
		r.skipped++
		if o.OnSkip != nil {
			o.OnSkip(merr)
		}
	}
	r.next[p] = rec.Offset + 1
	r.messages++
	r.bytes += int64(len(rec.Value))
	if !r.in.follow && r.next[p] >= end {
		delete(r.end, p)
		r.cl.PauseFetchPartitions(map[string][]int32{o.Topic: {p}})
	}
	if r.dec.rows >= o.MaxBatchRows || r.bytes >= int64(o.MaxBatchBytes) {
		return r.cut(ctx)
	}
	return nil
}

// cut hands the batch read so far to the committer.
func (r *reader) cut(ctx context.Context) error {
	if r.messages == 0 {
		return nil
	}
	to := r.next.String()
	b := batch{rec: r.dec.flush(), from: r.from, to: to, messages: r.messages, skipped: r.skipped}
	r.from = to
	r.messages, r.bytes, r.skipped = 0, 0, 0
	if r.in.o.hook != nil {
		r.in.o.hook(hookCut)
	}
	select {
	case r.work <- b:
		return nil
	case <-r.failed:
	case <-ctx.Done():
	}
	b.release()
	if ctx.Err() != nil {
		return r.in.sourceErr(ctx, ctx.Err(), "reading")
	}
	return errStopped
}

// errStopped ends the reading side when the committer failed; the session
// returns the committer's error instead.
var errStopped = errors.New("the committer stopped")
