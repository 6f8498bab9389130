package engine

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// limitReader stops a record stream after max rows and remembers whether
// more rows were there.
type limitReader struct {
	array.RecordReader
	max       int64
	seen      int64
	cur       arrow.RecordBatch
	truncated bool
	done      bool
	released  bool
}

func (l *limitReader) Next() bool {
	if l.cur != nil {
		l.cur.Release()
		l.cur = nil
	}
	if l.done || !l.RecordReader.Next() {
		return false
	}
	rec := l.RecordReader.RecordBatch()
	n := rec.NumRows()
	if l.seen+n > l.max {
		l.truncated = true
		l.done = true
		keep := l.max - l.seen
		if keep <= 0 {
			return false
		}
		l.cur = rec.NewSlice(0, keep)
		l.seen += keep
		return true
	}
	l.seen += n
	rec.Retain()
	l.cur = rec
	return true
}

func (l *limitReader) RecordBatch() arrow.RecordBatch { return l.cur }

// Record is the deprecated name of RecordBatch.
func (l *limitReader) Record() arrow.RecordBatch { return l.cur }

// Release is idempotent, so a caller may release the reader and also close
// the Result that owns it.
func (l *limitReader) Release() {
	if l.released {
		return
	}
	l.released = true
	if l.cur != nil {
		l.cur.Release()
		l.cur = nil
	}
	l.RecordReader.Release()
}
