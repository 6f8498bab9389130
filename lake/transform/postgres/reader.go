package postgres

import (
	"bytes"
	"context"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// reader reads the source in its own goroutine, decoding rows into
// records, while the caller commits what it already has.
type reader struct {
	batches <-chan batch
	snap    chan string // the read's Postgres snapshot, sent once
	done    chan struct{}
	cancel  context.CancelFunc
	fail    error // set before done closes
}

// startReader starts reading src past the cursor value after ("" for
// everything). With batchRows 0 (a full run) every record is its own
// batch; otherwise a batch holds at least batchRows rows and ends only
// where the cursor value changes, so rows sharing a cursor value are never
// split between batches.
func startReader(ctx context.Context, alloc memory.Allocator, src *source, schema *arrow.Schema, t transport, after string, batchRows int) *reader {
	ctx, cancel := context.WithCancel(ctx)
	// Unbuffered: at most two batches live, the one being committed and
	// the one being read.
	out := make(chan batch)
	rd := &reader{batches: out, snap: make(chan string, 1), done: make(chan struct{}), cancel: cancel}
	go func() {
		defer close(rd.done)
		defer close(out)
		p := &producer{ctx: ctx, out: out, rb: newRowBuilder(alloc, schema, src.cols), cursor: src.cursor, batchRows: batchRows}
		defer p.release()
		if p.cursor >= 0 {
			p.cur = src.cols[p.cursor]
		}
		started := func(snapshot string) { rd.snap <- snapshot }
		_, err := src.read(ctx, t, after, started, p.row)
		if err == nil {
			err = p.emit()
		}
		rd.fail = err
	}()
	return rd
}

// snapshot waits for the read's Postgres snapshot, or its error.
func (rd *reader) snapshot() (string, error) {
	select {
	case s := <-rd.snap:
		return s, nil
	case <-rd.done:
	}
	select {
	case s := <-rd.snap:
		return s, nil
	default:
		return "", rd.fail
	}
}

// err waits for the reading goroutine and returns its error.
func (rd *reader) err() error {
	<-rd.done
	return rd.fail
}

// stop cancels the read, releases the batches no one took and waits for
// the goroutine.
func (rd *reader) stop() {
	rd.cancel()
	for b := range rd.batches {
		b.release()
	}
	<-rd.done
}

// producer turns rows into batches.
type producer struct {
	ctx       context.Context
	out       chan<- batch
	rb        *rowBuilder
	recs      []arrow.RecordBatch
	rows      int
	batchRows int

	cursor int    // index of the cursor column; -1 without one
	cur    column // the cursor column
	key    []byte // the comparison key of the last row's cursor value
	raw    []byte // the last row's cursor value, as read
	next   []byte // scratch for the next row's key
}

// row adds one row, first ending the batch when it is full and the row's
// cursor value differs from the last row's.
func (p *producer) row(vals [][]byte) error {
	if p.cursor >= 0 {
		v := vals[p.cursor]
		k, err := cursorKey(p.cur.typ, v, p.next[:0])
		if err != nil {
			return valueErr(p.cur, err)
		}
		if p.rows >= p.batchRows && !bytes.Equal(k, p.key) {
			if err := p.emit(); err != nil {
				return err
			}
		}
		p.key, p.next = k, p.key
		p.raw = append(p.raw[:0], v...)
	}
	if err := p.rb.add(vals); err != nil {
		return err
	}
	p.rows++
	if p.rb.rows >= recordRows {
		p.recs = append(p.recs, p.rb.flush())
		if p.cursor < 0 {
			return p.emit()
		}
	}
	return nil
}

// emit hands the rows so far to the committer as one batch.
func (p *producer) emit() error {
	if r := p.rb.flush(); r != nil {
		p.recs = append(p.recs, r)
	}
	if len(p.recs) == 0 {
		return nil
	}
	b := batch{recs: p.recs}
	if p.cursor >= 0 {
		b.cursor = cursorText(p.cur.typ, p.raw)
	}
	p.recs, p.rows = nil, 0
	select {
	case p.out <- b:
		return nil
	case <-p.ctx.Done():
		b.release()
		return p.ctx.Err()
	}
}

func (p *producer) release() {
	for _, r := range p.recs {
		r.Release()
	}
	p.rb.release()
}

// streamReader is the array.RecordReader a full run hands the lake: the
// reader's batches, one record at a time.
type streamReader struct {
	refs   atomic.Int64
	rd     *reader
	schema *arrow.Schema
	cur    batch
	rows   int64
	fail   error
}

// newStreamReader returns a reader of rd's batches with one reference.
func newStreamReader(rd *reader, schema *arrow.Schema) *streamReader {
	s := &streamReader{rd: rd, schema: schema}
	s.refs.Store(1)
	return s
}

func (s *streamReader) Retain() { s.refs.Add(1) }

// Release drops a reference; the last one releases the current record.
func (s *streamReader) Release() {
	if s.refs.Add(-1) == 0 {
		s.cur.release()
		s.cur = batch{}
	}
}

func (s *streamReader) Schema() *arrow.Schema { return s.schema }

func (s *streamReader) Next() bool {
	s.cur.release()
	s.cur = batch{}
	b, ok := <-s.rd.batches
	if !ok {
		s.fail = s.rd.err()
		return false
	}
	s.cur = b
	s.rows += b.rows()
	return true
}

func (s *streamReader) RecordBatch() arrow.RecordBatch { return s.cur.recs[0] }

// Record is RecordBatch, for older callers.
func (s *streamReader) Record() arrow.RecordBatch { return s.RecordBatch() }

func (s *streamReader) Err() error { return s.fail }
