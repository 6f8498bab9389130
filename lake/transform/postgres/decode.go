package postgres

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// decoder appends Postgres binary values to one Arrow builder.
type decoder interface {
	// decode appends v, a value in Postgres's binary wire form, or a NULL
	// when v is nil. Its errors say what is wrong without the value.
	decode(v []byte) error
}

// Offsets between Postgres's epoch (2000-01-01) and Unix's.
const (
	pgEpochDays   = 10_957
	pgEpochMicros = pgEpochDays * 86_400_000_000
)

var (
	errInfinite = errors.New("an infinite date or timestamp, which Iceberg has no value for")
	errRange    = errors.New("a date or timestamp beyond the range Iceberg stores")
	errMultiDim = errors.New("a multi-dimensional array (only one-dimensional arrays become lists)")
)

func wireErr(n int, what string) error {
	return fmt.Errorf("a malformed %s (%d bytes)", what, n)
}

// newDecoder returns the decoder of t appending to b, which must be a
// builder of t.arrow().
func newDecoder(t pgType, b array.Builder) decoder {
	switch t.kind {
	case kInt16:
		return int16Dec{b.(*array.Int32Builder)}
	case kInt32:
		return int32Dec{b.(*array.Int32Builder)}
	case kInt64:
		return int64Dec{b.(*array.Int64Builder)}
	case kFloat32:
		return float32Dec{b.(*array.Float32Builder)}
	case kFloat64:
		return float64Dec{b.(*array.Float64Builder)}
	case kNumeric:
		return numericDec{b.(*array.Decimal128Builder), t.prec, t.scale}
	case kBool:
		return boolDec{b.(*array.BooleanBuilder)}
	case kDate:
		return dateDec{b.(*array.Date32Builder)}
	case kTime:
		return timeDec{b.(*array.Time64Builder)}
	case kTimestamp, kTimestampTz:
		return timestampDec{b.(*array.TimestampBuilder)}
	case kUUID:
		return uuidDec{b.(*array.StringBuilder).BinaryBuilder}
	case kJSONB:
		return jsonbDec{b.(*array.StringBuilder).BinaryBuilder}
	case kBytea:
		return bytesDec{b.(*array.BinaryBuilder)}
	case kList:
		lb := b.(*array.ListBuilder)
		return listDec{lb, newDecoder(*t.elem, lb.ValueBuilder())}
	}
	return bytesDec{b.(*array.StringBuilder).BinaryBuilder} // text, json
}

type int16Dec struct{ b *array.Int32Builder }

func (d int16Dec) decode(v []byte) error {
	switch {
	case v == nil:
		d.b.AppendNull()
	case len(v) != 2:
		return wireErr(len(v), "smallint")
	default:
		d.b.Append(int32(int16(binary.BigEndian.Uint16(v))))
	}
	return nil
}

type int32Dec struct{ b *array.Int32Builder }

func (d int32Dec) decode(v []byte) error {
	switch {
	case v == nil:
		d.b.AppendNull()
	case len(v) != 4:
		return wireErr(len(v), "integer")
	default:
		d.b.Append(int32(binary.BigEndian.Uint32(v)))
	}
	return nil
}

type int64Dec struct{ b *array.Int64Builder }

func (d int64Dec) decode(v []byte) error {
	switch {
	case v == nil:
		d.b.AppendNull()
	case len(v) != 8:
		return wireErr(len(v), "bigint")
	default:
		d.b.Append(int64(binary.BigEndian.Uint64(v)))
	}
	return nil
}

type float32Dec struct{ b *array.Float32Builder }

func (d float32Dec) decode(v []byte) error {
	switch {
	case v == nil:
		d.b.AppendNull()
	case len(v) != 4:
		return wireErr(len(v), "real")
	default:
		d.b.Append(math.Float32frombits(binary.BigEndian.Uint32(v)))
	}
	return nil
}

type float64Dec struct{ b *array.Float64Builder }

func (d float64Dec) decode(v []byte) error {
	switch {
	case v == nil:
		d.b.AppendNull()
	case len(v) != 8:
		return wireErr(len(v), "double precision")
	default:
		d.b.Append(math.Float64frombits(binary.BigEndian.Uint64(v)))
	}
	return nil
}

type numericDec struct {
	b           *array.Decimal128Builder
	prec, scale int
}

func (d numericDec) decode(v []byte) error {
	if v == nil {
		d.b.AppendNull()
		return nil
	}
	n, err := numericToDecimal(v, d.prec, d.scale)
	if err != nil {
		return err
	}
	d.b.Append(n)
	return nil
}

type boolDec struct{ b *array.BooleanBuilder }

func (d boolDec) decode(v []byte) error {
	switch {
	case v == nil:
		d.b.AppendNull()
	case len(v) != 1:
		return wireErr(len(v), "boolean")
	default:
		d.b.Append(v[0] != 0)
	}
	return nil
}

type dateDec struct{ b *array.Date32Builder }

func (d dateDec) decode(v []byte) error {
	if v == nil {
		d.b.AppendNull()
		return nil
	}
	days, err := pgDate(v)
	if err != nil {
		return err
	}
	d.b.Append(arrow.Date32(days))
	return nil
}

// pgDate converts a binary date to days since 1970-01-01.
func pgDate(v []byte) (int32, error) {
	if len(v) != 4 {
		return 0, wireErr(len(v), "date")
	}
	days := int32(binary.BigEndian.Uint32(v))
	if days == math.MaxInt32 || days == math.MinInt32 {
		return 0, errInfinite
	}
	if days > math.MaxInt32-pgEpochDays {
		return 0, errRange
	}
	return days + pgEpochDays, nil
}

type timeDec struct{ b *array.Time64Builder }

func (d timeDec) decode(v []byte) error {
	switch {
	case v == nil:
		d.b.AppendNull()
	case len(v) != 8:
		return wireErr(len(v), "time")
	default:
		d.b.Append(arrow.Time64(binary.BigEndian.Uint64(v)))
	}
	return nil
}

type timestampDec struct{ b *array.TimestampBuilder }

func (d timestampDec) decode(v []byte) error {
	if v == nil {
		d.b.AppendNull()
		return nil
	}
	us, err := pgTimestamp(v)
	if err != nil {
		return err
	}
	d.b.Append(arrow.Timestamp(us))
	return nil
}

// pgTimestamp converts a binary timestamp or timestamptz (microseconds
// since 2000-01-01, UTC for timestamptz) to microseconds since 1970.
func pgTimestamp(v []byte) (int64, error) {
	if len(v) != 8 {
		return 0, wireErr(len(v), "timestamp")
	}
	us := int64(binary.BigEndian.Uint64(v))
	if us == math.MaxInt64 || us == math.MinInt64 {
		return 0, errInfinite
	}
	if us > math.MaxInt64-pgEpochMicros {
		return 0, errRange
	}
	return us + pgEpochMicros, nil
}

type uuidDec struct{ b *array.BinaryBuilder }

func (d uuidDec) decode(v []byte) error {
	switch {
	case v == nil:
		d.b.AppendNull()
	case len(v) != 16:
		return wireErr(len(v), "uuid")
	default:
		var s [36]byte
		formatUUID(&s, v)
		d.b.Append(s[:])
	}
	return nil
}

// formatUUID writes the 16 bytes of u as 8-4-4-4-12 lower-case hex.
func formatUUID(s *[36]byte, u []byte) {
	hex.Encode(s[0:8], u[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], u[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], u[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], u[8:10])
	s[23] = '-'
	hex.Encode(s[24:], u[10:16])
}

type jsonbDec struct{ b *array.BinaryBuilder }

func (d jsonbDec) decode(v []byte) error {
	switch {
	case v == nil:
		d.b.AppendNull()
	case len(v) < 1 || v[0] != 1:
		return errors.New("jsonb in an unknown binary version")
	default:
		d.b.Append(v[1:])
	}
	return nil
}

// bytesDec appends the value's bytes as they are: bytea, and the text
// types, whose binary form is their text.
type bytesDec struct{ b *array.BinaryBuilder }

func (d bytesDec) decode(v []byte) error {
	if v == nil {
		d.b.AppendNull()
	} else {
		d.b.Append(v)
	}
	return nil
}

// listDec decodes a binary array: ndim, has-nulls flag, element type,
// ndim × (size, lower bound), then each element as a length (-1 for NULL)
// and its bytes.
type listDec struct {
	b    *array.ListBuilder
	elem decoder
}

func (d listDec) decode(v []byte) error {
	if v == nil {
		d.b.AppendNull()
		return nil
	}
	if len(v) < 12 {
		return wireErr(len(v), "array")
	}
	ndim := int32(binary.BigEndian.Uint32(v))
	switch {
	case ndim == 0:
		d.b.Append(true)
		return nil
	case ndim != 1:
		return errMultiDim
	case len(v) < 20:
		return wireErr(len(v), "array")
	}
	n := int(int32(binary.BigEndian.Uint32(v[12:])))
	p := v[20:]
	d.b.Append(true)
	for range n {
		if len(p) < 4 {
			return wireErr(len(v), "array")
		}
		l := int(int32(binary.BigEndian.Uint32(p)))
		p = p[4:]
		if l < 0 {
			if err := d.elem.decode(nil); err != nil {
				return err
			}
			continue
		}
		if l > len(p) {
			return wireErr(len(v), "array")
		}
		if err := d.elem.decode(p[:l:l]); err != nil {
			return err
		}
		p = p[l:]
	}
	return nil
}
