package kafka

import (
	"errors"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// decoder turns JSON objects into rows of Arrow builders. It scans each
// message once, keeps the values of one row in per-column slots and
// appends them only when the whole message was valid, so a malformed
// message leaves no partial row. It allocates nothing per message once its
// buffers have grown.
type decoder struct {
	schema *arrow.Schema
	b      *array.RecordBuilder
	cols   []slot
	index  map[string]int // JSON field → column
	gen    uint32         // row generation, marks the slots set by this row
	esc    []byte         // unescaped strings of this row
	key    []byte         // an unescaped field name
	rows   int
	// order predicts the fields of a message from the last one: producers
	// write them in one order, so comparing a name with the one seen at
	// the same place is cheaper than hashing it.
	order []seenField
	// last batch's sizes, reserved again after a flush
	lastRows int
	lastData []int
}

// seenField is the field a message had at one place: its name and column
// (-1 when not declared).
type seenField struct {
	name string
	col  int
}

// slot is one column: its builder and the value of the current row.
type slot struct {
	name     string
	typ      colType
	required bool
	bld      array.Builder

	seen    uint32 // == decoder.gen when the row set this column
	null    bool
	i       int64 // ints, longs, bools (0/1), timestamps, dates
	f       float64
	d       decimal128.Num
	s       []byte // a string without escapes, inside the message
	escaped bool   // the string is esc[soff:send]
	soff    int
	send    int
}

// newDecoder returns a decoder building rows of schema for cols (in the
// same order) with memory from mem.
func newDecoder(mem memory.Allocator, schema *arrow.Schema, cols []column) *decoder {
	d := &decoder{schema: schema, b: array.NewRecordBuilder(mem, schema), index: map[string]int{}, gen: 1}
	d.cols = make([]slot, len(cols))
	for i, c := range cols {
		d.cols[i] = slot{name: c.name, typ: c.typ, required: c.required, bld: d.b.Field(i)}
		d.index[c.field] = i
	}
	return d
}

// release frees the builders.
func (d *decoder) release() { d.b.Release() }

// flush returns the rows decoded since the last flush as one record batch
// (nil when there are none); the caller releases it.
func (d *decoder) flush() arrow.RecordBatch {
	if d.rows == 0 {
		return nil
	}
	rows := d.rows
	d.rows = 0
	if d.lastData == nil {
		d.lastData = make([]int, len(d.cols))
	}
	for i, c := range d.cols {
		if sb, ok := c.bld.(*array.StringBuilder); ok {
			d.lastData[i] = sb.DataLen()
		}
	}
	rec := d.b.NewRecordBatch()
	// The next batch is likely as big: grow the builders once, not by
	// doubling.
	d.b.Reserve(rows)
	for i, c := range d.cols {
		if sb, ok := c.bld.(*array.StringBuilder); ok {
			sb.ReserveData(d.lastData[i])
		}
	}
	return rec
}

// fieldError says what is wrong with a message, without its values.
type fieldError struct {
	field  string // "" for the message as a whole
	reason string
}

func (e *fieldError) Error() string {
	if e.field == "" {
		return e.reason
	}
	return fmt.Sprintf("field %q: %s", e.field, e.reason)
}

// decode adds the message's row, or returns a *fieldError and adds
// nothing.
func (d *decoder) decode(msg []byte) error {
	d.gen++
	d.esc = d.esc[:0]
	s := scanner{b: msg}
	s.space()
	if !s.eat('{') {
		if s.i >= len(s.b) {
			return &fieldError{reason: "empty message, want a JSON object"}
		}
		return &fieldError{reason: "not a JSON object"}
	}
	s.space()
	if !s.eat('}') {
		for nth := 0; ; nth++ {
			s.space()
			key, err := d.fieldName(&s)
			if err != nil {
				return err
			}
			s.space()
			if !s.eat(':') {
				return s.syntaxError("want ':' after a field name")
			}
			s.space()
			if ci := d.column(nth, key); ci >= 0 {
				c := &d.cols[ci]
				if c.seen == d.gen {
					return &fieldError{field: c.name, reason: "appears twice"}
				}
				if err := d.value(&s, c); err != nil {
					return err
				}
				c.seen = d.gen
			} else if err := s.skipValue(0); err != nil {
				return err
			}
			s.space()
			if s.eat(',') {
				continue
			}
			if s.eat('}') {
				break
			}
			return s.syntaxError("want ',' or '}' after a value")
		}
	}
	s.space()
	if s.i != len(s.b) {
		return s.syntaxError("unexpected data after the object")
	}
	for i := range d.cols {
		c := &d.cols[i]
		if c.seen != d.gen {
			if c.required {
				return &fieldError{field: c.name, reason: "is missing but required"}
			}
			c.null = true
		} else if c.null && c.required {
			return &fieldError{field: c.name, reason: "is null but required"}
		}
	}
	for i := range d.cols {
		d.appendSlot(&d.cols[i])
	}
	d.rows++
	return nil
}

// column returns the column of the nth field of a message, key, or -1.
func (d *decoder) column(nth int, key []byte) int {
	if nth < len(d.order) && d.order[nth].name == string(key) {
		return d.order[nth].col
	}
	ci, ok := d.index[string(key)]
	if !ok {
		ci = -1
	}
	if nth < len(d.order) {
		d.order[nth] = seenField{string(key), ci}
	} else if nth == len(d.order) && nth < 4*len(d.cols)+8 {
		d.order = append(d.order, seenField{string(key), ci})
	}
	return ci
}

// fieldName reads a quoted field name, unescaped into d.key when needed.
func (d *decoder) fieldName(s *scanner) ([]byte, error) {
	if !s.eat('"') {
		return nil, s.syntaxError("want a quoted field name")
	}
	raw, escaped, err := s.str()
	if err != nil {
		return nil, err
	}
	if !escaped {
		return raw, nil
	}
	d.key, err = unescape(d.key[:0], raw)
	return d.key, err
}

// value reads the value of column c into its slot.
func (d *decoder) value(s *scanner, c *slot) error {
	c.null = false
	if s.i >= len(s.b) {
		return s.syntaxError("unexpected end of message")
	}
	ch := s.b[s.i]
	if ch == 'n' {
		if !s.literal("null") {
			return s.syntaxError("invalid literal")
		}
		c.null = true
		return nil
	}
	var err error
	switch c.typ.kind {
	case kString:
		if ch != '"' {
			return wrongType(s, c)
		}
		s.i++
		var raw []byte
		if raw, c.escaped, err = s.str(); err == nil {
			if c.escaped {
				c.soff = len(d.esc)
				d.esc, err = unescape(d.esc, raw)
				c.send = len(d.esc)
			} else {
				c.s = raw
			}
		}
	case kInt, kLong:
		if ch != '-' && (ch < '0' || ch > '9') {
			return wrongType(s, c)
		}
		c.i, err = s.integer(c.typ.kind == kInt)
	case kFloat, kDouble:
		if ch != '-' && (ch < '0' || ch > '9') {
			return wrongType(s, c)
		}
		c.f, err = s.float(c.typ.kind == kFloat)
	case kBool:
		switch {
		case ch == 't' && s.literal("true"):
			c.i = 1
		case ch == 'f' && s.literal("false"):
			c.i = 0
		default:
			return wrongType(s, c)
		}
	case kTimestamp, kTimestampTZ:
		switch {
		case ch == '"':
			s.i++
			var raw []byte
			if raw, _, err = s.str(); err == nil {
				c.i, err = parseTimestamp(raw)
			}
		case ch == '-' || (ch >= '0' && ch <= '9'):
			var ms int64
			if ms, err = s.integer(false); err == nil {
				c.i, err = msToMicros(ms)
			}
		default:
			return wrongType(s, c)
		}
	case kDate:
		if ch != '"' {
			return wrongType(s, c)
		}
		s.i++
		var raw []byte
		if raw, _, err = s.str(); err == nil {
			c.i, err = parseDate(raw)
		}
	case kDecimal:
		var raw []byte
		switch {
		case ch == '"':
			s.i++
			raw, _, err = s.str()
		case ch == '-' || (ch >= '0' && ch <= '9'):
			raw = s.number()
		default:
			return wrongType(s, c)
		}
		if err == nil {
			c.d, err = parseDecimal(raw, c.typ.precision, c.typ.scale)
		}
	}
	if err != nil {
		var fe *fieldError
		if errors.As(err, &fe) {
			if fe.field == "" {
				fe.field = c.name
			}
			return fe
		}
		return &fieldError{field: c.name, reason: err.Error()}
	}
	return nil
}

// appendSlot appends the slot's value (or null) to its builder.
func (d *decoder) appendSlot(c *slot) {
	if c.null {
		c.bld.AppendNull()
		return
	}
	switch b := c.bld.(type) {
	case *array.StringBuilder:
		if c.escaped {
			b.BinaryBuilder.Append(d.esc[c.soff:c.send])
		} else {
			b.BinaryBuilder.Append(c.s)
		}
	case *array.Int32Builder:
		b.Append(int32(c.i))
	case *array.Int64Builder:
		b.Append(c.i)
	case *array.Float32Builder:
		b.Append(float32(c.f))
	case *array.Float64Builder:
		b.Append(c.f)
	case *array.BooleanBuilder:
		b.Append(c.i == 1)
	case *array.TimestampBuilder:
		b.Append(arrow.Timestamp(c.i))
	case *array.Date32Builder:
		b.Append(arrow.Date32(c.i))
	case *array.Decimal128Builder:
		b.Append(c.d)
	}
}

// wrongType describes a value of the wrong JSON type.
func wrongType(s *scanner, c *slot) error {
	got := "something else"
	switch ch := s.b[s.i]; {
	case ch == '"':
		got = "a string"
	case ch == '{':
		got = "an object"
	case ch == '[':
		got = "an array"
	case ch == 't' || ch == 'f':
		got = "a boolean"
	case ch == '-' || (ch >= '0' && ch <= '9'):
		got = "a number"
	}
	want := map[kind]string{
		kString: "a string", kInt: "an integer", kLong: "an integer", kFloat: "a number", kDouble: "a number",
		kBool: "true or false", kTimestamp: "a timestamp string or Unix milliseconds", kTimestampTZ: "a timestamp string or Unix milliseconds",
		kDate: "a date string", kDecimal: "a number or a numeric string",
	}[c.typ.kind]
	return &fieldError{field: c.name, reason: fmt.Sprintf("want %s (%s), got %s", want, c.typ, got)}
}
