package demo

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// The column writers below fill Arrow buffers directly, without per-value
// builder calls, for the tables with millions of rows. They never hold
// nulls. Each is used once: build with n values, then array() hands the
// buffers to an Arrow array (or release() frees them on an error path).

type i64Col struct {
	buf *memory.Buffer
	v   []int64
}

func newI64Col(mem memory.Allocator, n int) i64Col {
	buf := memory.NewResizableBuffer(mem)
	buf.Resize(arrow.Int64Traits.BytesRequired(n))
	return i64Col{buf: buf, v: arrow.Int64Traits.CastFromBytes(buf.Bytes())}
}

func (c *i64Col) array(dt arrow.DataType) arrow.Array {
	return fixedArray(dt, len(c.v), c.buf)
}

type i32Col struct {
	buf *memory.Buffer
	v   []int32
}

func newI32Col(mem memory.Allocator, n int) i32Col {
	buf := memory.NewResizableBuffer(mem)
	buf.Resize(arrow.Int32Traits.BytesRequired(n))
	return i32Col{buf: buf, v: arrow.Int32Traits.CastFromBytes(buf.Bytes())}
}

func (c *i32Col) array(dt arrow.DataType) arrow.Array {
	return fixedArray(dt, len(c.v), c.buf)
}

func fixedArray(dt arrow.DataType, n int, buf *memory.Buffer) arrow.Array {
	d := array.NewData(dt, n, []*memory.Buffer{nil, buf}, nil, 0, 0)
	a := array.MakeFromData(d)
	d.Release()
	buf.Release()
	return a
}

// strCol writes a String column: offsets plus one growing data buffer.
// Appending only writes integers and bytes (no slice headers), which keeps
// the garbage collector's write barrier out of the hot loop.
type strCol struct {
	offBuf  *memory.Buffer
	dataBuf *memory.Buffer
	offs    []int32
	data    []byte // all of dataBuf's reserved memory
	pos     int    // bytes used in data
	n       int
}

func newStrCol(mem memory.Allocator, n, avgLen int) strCol {
	off := memory.NewResizableBuffer(mem)
	off.Resize(arrow.Int32Traits.BytesRequired(n + 1))
	data := memory.NewResizableBuffer(mem)
	data.Reserve(max(64, n*avgLen))
	offs := arrow.Int32Traits.CastFromBytes(off.Bytes())
	offs[0] = 0
	return strCol{offBuf: off, dataBuf: data, offs: offs, data: data.Buf()}
}

// grow makes room for k more bytes.
func (c *strCol) grow(k int) {
	c.dataBuf.Reserve(2*len(c.data) + k)
	c.data = c.dataBuf.Buf()
}

func (c *strCol) add(s string) {
	if c.pos+len(s) > len(c.data) {
		c.grow(len(s))
	}
	c.pos += copy(c.data[c.pos:], s)
	c.n++
	c.offs[c.n] = int32(c.pos)
}

func (c *strCol) addBytes(b []byte) {
	if c.pos+len(b) > len(c.data) {
		c.grow(len(b))
	}
	c.pos += copy(c.data[c.pos:], b)
	c.n++
	c.offs[c.n] = int32(c.pos)
}

func (c *strCol) array() arrow.Array {
	c.offBuf.ResizeNoShrink(arrow.Int32Traits.BytesRequired(c.n + 1))
	c.dataBuf.ResizeNoShrink(c.pos)
	d := array.NewData(arrow.BinaryTypes.String, c.n, []*memory.Buffer{nil, c.offBuf, c.dataBuf}, nil, 0, 0)
	a := array.MakeFromData(d)
	d.Release()
	c.offBuf.Release()
	c.dataBuf.Release()
	return a
}

// newBatch assembles a record batch and drops the caller's references to
// the columns.
func newBatch(schema *arrow.Schema, cols []arrow.Array, n int) arrow.RecordBatch {
	rec := array.NewRecordBatch(schema, cols, int64(n))
	for _, c := range cols {
		c.Release()
	}
	return rec
}
