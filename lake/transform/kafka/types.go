package kafka

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/iceberg-go"
)

// kind is a column's value type as the decoder sees it.
type kind uint8

const (
	kString kind = iota
	kInt
	kLong
	kFloat
	kDouble
	kBool
	kTimestamp
	kTimestampTZ
	kDate
	kDecimal
)

// colType is a declared column type.
type colType struct {
	kind             kind
	precision, scale int32 // decimals
}

// parseType parses a declared type: string, int, long, float, double,
// boolean, timestamp, timestamptz, date or decimal(p,s). A few aliases are
// accepted (integer, bigint, bool, text, ...).
func parseType(s string) (colType, error) {
	t := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
	switch t {
	case "string", "text", "varchar":
		return colType{kind: kString}, nil
	case "int", "integer", "int32":
		return colType{kind: kInt}, nil
	case "long", "bigint", "int64":
		return colType{kind: kLong}, nil
	case "float", "real", "float32":
		return colType{kind: kFloat}, nil
	case "double", "float64":
		return colType{kind: kDouble}, nil
	case "boolean", "bool":
		return colType{kind: kBool}, nil
	case "timestamp":
		return colType{kind: kTimestamp}, nil
	case "timestamptz":
		return colType{kind: kTimestampTZ}, nil
	case "date":
		return colType{kind: kDate}, nil
	}
	if args, ok := strings.CutPrefix(t, "decimal("); ok && strings.HasSuffix(args, ")") {
		ps, ss, ok := strings.Cut(strings.TrimSuffix(args, ")"), ",")
		p, err1 := strconv.Atoi(ps)
		sc, err2 := strconv.Atoi(ss)
		if ok && err1 == nil && err2 == nil && p >= 1 && p <= 38 && sc >= 0 && sc <= p {
			return colType{kind: kDecimal, precision: int32(p), scale: int32(sc)}, nil
		}
	}
	return colType{}, fmt.Errorf("unknown type %q (use string, int, long, float, double, boolean, timestamp, timestamptz, date or decimal(p,s) with 1 ≤ p ≤ 38, 0 ≤ s ≤ p)", s)
}

// arrow is the Arrow type rows of this column are built with.
func (t colType) arrow() arrow.DataType {
	switch t.kind {
	case kInt:
		return arrow.PrimitiveTypes.Int32
	case kLong:
		return arrow.PrimitiveTypes.Int64
	case kFloat:
		return arrow.PrimitiveTypes.Float32
	case kDouble:
		return arrow.PrimitiveTypes.Float64
	case kBool:
		return arrow.FixedWidthTypes.Boolean
	case kTimestamp:
		return &arrow.TimestampType{Unit: arrow.Microsecond}
	case kTimestampTZ:
		return &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}
	case kDate:
		return arrow.FixedWidthTypes.Date32
	case kDecimal:
		return &arrow.Decimal128Type{Precision: t.precision, Scale: t.scale}
	}
	return arrow.BinaryTypes.String
}

// iceberg is the table column type.
func (t colType) iceberg() iceberg.Type {
	switch t.kind {
	case kInt:
		return iceberg.PrimitiveTypes.Int32
	case kLong:
		return iceberg.PrimitiveTypes.Int64
	case kFloat:
		return iceberg.PrimitiveTypes.Float32
	case kDouble:
		return iceberg.PrimitiveTypes.Float64
	case kBool:
		return iceberg.PrimitiveTypes.Bool
	case kTimestamp:
		return iceberg.PrimitiveTypes.Timestamp
	case kTimestampTZ:
		return iceberg.PrimitiveTypes.TimestampTz
	case kDate:
		return iceberg.PrimitiveTypes.Date
	case kDecimal:
		return iceberg.DecimalTypeOf(int(t.precision), int(t.scale))
	}
	return iceberg.PrimitiveTypes.String
}

// String names the type as a declaration would.
func (t colType) String() string {
	switch t.kind {
	case kInt:
		return "int"
	case kLong:
		return "long"
	case kFloat:
		return "float"
	case kDouble:
		return "double"
	case kBool:
		return "boolean"
	case kTimestamp:
		return "timestamp"
	case kTimestampTZ:
		return "timestamptz"
	case kDate:
		return "date"
	case kDecimal:
		return fmt.Sprintf("decimal(%d,%d)", t.precision, t.scale)
	}
	return "string"
}
