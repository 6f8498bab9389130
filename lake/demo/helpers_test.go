package demo

import (
	"context"
	"encoding/binary"
	"hash"
	"hash/fnv"
	"sync"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// testOptions keep the tests fast: 100,000 requests over the 90 days.
var testOptions = Options{Seed: 42, Scale: 0.05, AsOf: time.Date(2026, 3, 18, 0, 0, 0, 0, time.UTC)}

// memLake is every table of one Options, generated into memory.
type memLake struct {
	o      Options
	tables map[string]Table
	frames map[string]frame
}

var (
	sharedOnce sync.Once
	shared     *memLake
)

// testLake returns the lake of testOptions, generated once per test binary.
func testLake(t *testing.T) *memLake {
	t.Helper()
	sharedOnce.Do(func() { shared = generate(t, testOptions) })
	if shared == nil {
		t.Fatal("generating the shared test lake failed")
	}
	return shared
}

func generate(t *testing.T, o Options) *memLake {
	t.Helper()
	tables, err := Tables(o)
	if err != nil {
		t.Fatalf("Tables(%+v): %v", o, err)
	}
	l := &memLake{o: o, tables: map[string]Table{}, frames: map[string]frame{}}
	for _, tb := range tables {
		f := frame{schema: tb.Schema}
		for c := 0; c < tb.Chunks; c++ {
			err := tb.Generate(context.Background(), memory.DefaultAllocator, c, func(rec arrow.RecordBatch) error {
				rec.Retain()
				f.recs = append(f.recs, rec)
				return nil
			})
			if err != nil {
				t.Fatalf("%s chunk %d: %v", tb.FullName(), c, err)
			}
		}
		l.tables[tb.FullName()] = tb
		l.frames[tb.FullName()] = f
	}
	return l
}

func (l *memLake) frame(t *testing.T, name string) frame {
	t.Helper()
	f, ok := l.frames[name]
	if !ok {
		t.Fatalf("no table %s", name)
	}
	return f
}

// frame is the batches of one table, read column by column into Go values.
type frame struct {
	schema *arrow.Schema
	recs   []arrow.RecordBatch
}

func (f frame) rows() int {
	n := 0
	for _, r := range f.recs {
		n += int(r.NumRows())
	}
	return n
}

func (f frame) col(t *testing.T, name string) int {
	t.Helper()
	idx := f.schema.FieldIndices(name)
	if len(idx) != 1 {
		t.Fatalf("no column %q", name)
	}
	return idx[0]
}

// ints returns an integer-like column: Int64, Int32, Timestamp (micros),
// Date32 (days) or Decimal128 (unscaled, i.e. cents for DECIMAL(12,2)).
func (f frame) ints(t *testing.T, name string) []int64 {
	t.Helper()
	i := f.col(t, name)
	out := make([]int64, 0, f.rows())
	for _, r := range f.recs {
		switch a := r.Column(i).(type) {
		case *array.Int64:
			out = append(out, a.Int64Values()...)
		case *array.Int32:
			for _, v := range a.Int32Values() {
				out = append(out, int64(v))
			}
		case *array.Timestamp:
			for _, v := range a.TimestampValues() {
				out = append(out, int64(v))
			}
		case *array.Date32:
			for _, v := range a.Date32Values() {
				out = append(out, int64(v))
			}
		case *array.Decimal128:
			for k := 0; k < a.Len(); k++ {
				out = append(out, int64(a.Value(k).LowBits()))
			}
		default:
			t.Fatalf("column %q is %s, not integer-like", name, a.DataType())
		}
	}
	return out
}

func (f frame) strs(t *testing.T, name string) []string {
	t.Helper()
	i := f.col(t, name)
	out := make([]string, 0, f.rows())
	for _, r := range f.recs {
		a, ok := r.Column(i).(*array.String)
		if !ok {
			t.Fatalf("column %q is %s, not a string", name, r.Column(i).DataType())
		}
		for k := 0; k < a.Len(); k++ {
			if a.IsNull(k) {
				out = append(out, "")
			} else {
				out = append(out, a.Value(k))
			}
		}
	}
	return out
}

func (f frame) nulls(t *testing.T, name string) int {
	t.Helper()
	i := f.col(t, name)
	n := 0
	for _, r := range f.recs {
		n += r.Column(i).NullN()
	}
	return n
}

// hashBatch feeds every value of rec (and where its nulls are) into h.
func hashBatch(t *testing.T, h hash.Hash, rec arrow.RecordBatch) {
	t.Helper()
	var b [8]byte
	for i, c := range rec.Columns() {
		h.Write([]byte(rec.Schema().Field(i).Name))
		for k := 0; k < c.Len(); k++ {
			if c.IsNull(k) {
				h.Write([]byte{0xff})
			}
		}
		switch a := c.(type) {
		case *array.String:
			offs := a.ValueOffsets()
			base := offs[0]
			for _, o := range offs {
				binary.LittleEndian.PutUint32(b[:4], uint32(o-base))
				h.Write(b[:4])
			}
			h.Write(a.ValueBytes())
		case *array.Decimal128:
			for k := 0; k < a.Len(); k++ {
				v := a.Value(k)
				binary.LittleEndian.PutUint64(b[:], v.LowBits())
				h.Write(b[:])
				binary.LittleEndian.PutUint64(b[:], uint64(v.HighBits()))
				h.Write(b[:])
			}
		default:
			// fixed-width values: hash the value buffer's live bytes
			d := a.Data()
			width := d.DataType().(arrow.FixedWidthDataType).BitWidth() / 8
			buf := d.Buffers()[1].Bytes()
			h.Write(buf[d.Offset()*width : (d.Offset()+d.Len())*width])
		}
	}
}

var (
	baseHashOnce sync.Once
	baseHashes   map[string]uint64
)

// testHashes returns tableHashes of testOptions, computed once.
func testHashes(t *testing.T) map[string]uint64 {
	t.Helper()
	baseHashOnce.Do(func() { baseHashes = tableHashes(t, testOptions, false, memory.DefaultAllocator) })
	if baseHashes == nil {
		t.Fatal("hashing the test lake failed")
	}
	return baseHashes
}

// tableHashes generates every table of o with chunks in the given order and
// returns one hash per table, combining chunk hashes in chunk order.
func tableHashes(t *testing.T, o Options, reverse bool, mem memory.Allocator) map[string]uint64 {
	t.Helper()
	tables, err := Tables(o)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]uint64{}
	for _, tb := range tables {
		chunkSums := make([][]byte, tb.Chunks)
		for k := 0; k < tb.Chunks; k++ {
			c := k
			if reverse {
				c = tb.Chunks - 1 - k
			}
			h := fnv.New64a()
			err := tb.Generate(context.Background(), mem, c, func(rec arrow.RecordBatch) error {
				hashBatch(t, h, rec)
				return nil
			})
			if err != nil {
				t.Fatalf("%s chunk %d: %v", tb.FullName(), c, err)
			}
			chunkSums[c] = h.Sum(nil)
		}
		h := fnv.New64a()
		for _, s := range chunkSums {
			h.Write(s)
		}
		out[tb.FullName()] = h.Sum64()
	}
	return out
}
