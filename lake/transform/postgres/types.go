package postgres

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/iceberg-go"
	"github.com/tarn-data/tarn"
)

// kind is what a Postgres type becomes in Arrow and Iceberg, and how its
// binary wire form is decoded.
type kind int

const (
	kInt16 kind = iota + 1
	kInt32
	kInt64
	kFloat32
	kFloat64
	kNumeric
	kText // text, varchar, bpchar, name, citext, enums, and types cast to text
	kBool
	kDate
	kTime
	kTimestamp
	kTimestampTz
	kUUID
	kBytea
	kJSON
	kJSONB
	kList
)

// Built-in type OIDs (pg_type.h); they are fixed across versions.
const (
	oidBool        = 16
	oidBytea       = 17
	oidName        = 19
	oidInt8        = 20
	oidInt2        = 21
	oidInt4        = 23
	oidText        = 25
	oidJSON        = 114
	oidXML         = 142
	oidCIDR        = 650
	oidFloat4      = 700
	oidFloat8      = 701
	oidMacaddr8    = 774
	oidMacaddr     = 829
	oidInet        = 869
	oidBpchar      = 1042
	oidVarchar     = 1043
	oidDate        = 1082
	oidTime        = 1083
	oidTimestamp   = 1114
	oidTimestampTz = 1184
	oidNumeric     = 1700
	oidUUID        = 2950
	oidJSONB       = 3802
)

// Unconstrained numeric (no precision in the column type) maps to this.
const (
	defaultNumericPrecision = 38
	defaultNumericScale     = 9
	maxDecimalPrecision     = 38
)

// pgType is a source column's type, resolved to what Tarn stores.
type pgType struct {
	kind        kind
	prec, scale int     // kNumeric
	elem        *pgType // kList
	// castText says the column is read as ::text (or ::text[] for a list):
	// types whose text form is the value (inet, cidr, macaddr, xml).
	castText bool
}

// typeRow is one pg_type row, as resolve needs it.
type typeRow struct {
	oid      uint32
	name     string // format_type(oid, NULL)
	typtype  byte   // b base, d domain, e enum, c composite, r range…
	base     uint32 // typbasetype of a domain
	typmod   int32  // typtypmod of a domain
	elem     uint32 // typelem
	category byte   // typcategory; 'A' for arrays
	length   int16  // typlen; -1 for varlena (true arrays)
}

// resolve maps the type oid with modifier typmod to a pgType, using types
// (every type oid refers to, directly or through domains and elements).
// display names the column's type in messages. It returns
// ErrUnsupportedType (tarn.EINVALID).
func resolve(column, display string, oid uint32, typmod int32, types map[uint32]typeRow) (pgType, error) {
	unsupported := func(why string) (pgType, error) {
		return pgType{}, tarn.Wrap(fmt.Errorf("%w: column %q has type %s%s", ErrUnsupportedType, column, display, why), tarn.EINVALID,
			fmt.Sprintf("Read the source with a query that casts it, e.g. SELECT %s::text AS %s ….", quoteIdent(column), quoteIdent(column)),
			"Column %q has type %s%s, which Tarn cannot store in Iceberg.", column, display, why)
	}
	for range 16 { // domains over domains, bounded
		switch oid {
		case oidInt2:
			return pgType{kind: kInt16}, nil
		case oidInt4:
			return pgType{kind: kInt32}, nil
		case oidInt8:
			return pgType{kind: kInt64}, nil
		case oidFloat4:
			return pgType{kind: kFloat32}, nil
		case oidFloat8:
			return pgType{kind: kFloat64}, nil
		case oidNumeric:
			p, s, err := numericTypmod(typmod)
			if err != nil {
				return unsupported(": " + err.Error())
			}
			return pgType{kind: kNumeric, prec: p, scale: s}, nil
		case oidText, oidVarchar, oidBpchar, oidName:
			return pgType{kind: kText}, nil
		case oidInet, oidCIDR, oidMacaddr, oidMacaddr8, oidXML:
			return pgType{kind: kText, castText: true}, nil
		case oidBool:
			return pgType{kind: kBool}, nil
		case oidDate:
			return pgType{kind: kDate}, nil
		case oidTime:
			return pgType{kind: kTime}, nil
		case oidTimestamp:
			return pgType{kind: kTimestamp}, nil
		case oidTimestampTz:
			return pgType{kind: kTimestampTz}, nil
		case oidUUID:
			return pgType{kind: kUUID}, nil
		case oidBytea:
			return pgType{kind: kBytea}, nil
		case oidJSON:
			return pgType{kind: kJSON}, nil
		case oidJSONB:
			return pgType{kind: kJSONB}, nil
		}
		t, ok := types[oid]
		switch {
		case !ok:
			return unsupported("")
		case t.typtype == 'd':
			oid = t.base
			if t.typmod != -1 {
				typmod = t.typmod
			}
			continue
		case t.typtype == 'e', t.typtype == 'b' && t.name == "citext":
			// Enums and citext send their text as their binary form.
			return pgType{kind: kText}, nil
		case t.category == 'A' && t.elem != 0 && t.length == -1:
			// An array column's modifier is its element's.
			e, err := resolve(column, display, t.elem, typmod, types)
			if err != nil {
				return e, err
			}
			if e.kind == kList {
				return unsupported(": arrays of arrays")
			}
			return pgType{kind: kList, elem: &e, castText: e.castText}, nil
		}
		return unsupported("")
	}
	return unsupported(": domains nested too deeply")
}

// numericTypmod decodes numeric's type modifier into a decimal precision
// and scale: ((precision << 16) | (scale & 0x7ff)) + 4, the scale an 11-bit
// signed number since Postgres 15. -1 (no modifier) is decimal(38,9). A
// negative scale rounds to tens, hundreds…: stored as decimal(p-s, 0). A
// scale above the precision (numeric(2,5) holds 0.000xx) widens the
// precision to the scale.
func numericTypmod(typmod int32) (prec, scale int, err error) {
	if typmod < 4 {
		return defaultNumericPrecision, defaultNumericScale, nil
	}
	m := typmod - 4
	prec = int(m>>16) & 0xffff
	scale = int((m&0x7ff)^1024) - 1024
	if scale < 0 {
		prec, scale = prec-scale, 0
	}
	if scale > prec {
		prec = scale
	}
	if prec > maxDecimalPrecision {
		return 0, 0, fmt.Errorf("more than the %d digits an Iceberg decimal holds", maxDecimalPrecision)
	}
	return prec, scale, nil
}

// arrow returns the Arrow type rows of t are built as.
func (t pgType) arrow() arrow.DataType {
	switch t.kind {
	case kInt16, kInt32:
		return arrow.PrimitiveTypes.Int32
	case kInt64:
		return arrow.PrimitiveTypes.Int64
	case kFloat32:
		return arrow.PrimitiveTypes.Float32
	case kFloat64:
		return arrow.PrimitiveTypes.Float64
	case kNumeric:
		return &arrow.Decimal128Type{Precision: int32(t.prec), Scale: int32(t.scale)}
	case kBool:
		return arrow.FixedWidthTypes.Boolean
	case kDate:
		return arrow.FixedWidthTypes.Date32
	case kTime:
		return arrow.FixedWidthTypes.Time64us
	case kTimestamp:
		return &arrow.TimestampType{Unit: arrow.Microsecond}
	case kTimestampTz:
		return &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}
	case kBytea:
		return arrow.BinaryTypes.Binary
	case kList:
		return arrow.ListOfField(arrow.Field{Name: "element", Type: t.elem.arrow(), Nullable: true})
	}
	return arrow.BinaryTypes.String
}

// iceberg returns the Iceberg type t is stored as. List element IDs are
// left 0: targets compare them through transform.EnsureTarget, not Equals.
func (t pgType) iceberg() iceberg.Type {
	switch t.kind {
	case kInt16, kInt32:
		return iceberg.PrimitiveTypes.Int32
	case kInt64:
		return iceberg.PrimitiveTypes.Int64
	case kFloat32:
		return iceberg.PrimitiveTypes.Float32
	case kFloat64:
		return iceberg.PrimitiveTypes.Float64
	case kNumeric:
		return iceberg.DecimalTypeOf(t.prec, t.scale)
	case kBool:
		return iceberg.PrimitiveTypes.Bool
	case kDate:
		return iceberg.PrimitiveTypes.Date
	case kTime:
		return iceberg.PrimitiveTypes.Time
	case kTimestamp:
		return iceberg.PrimitiveTypes.Timestamp
	case kTimestampTz:
		return iceberg.PrimitiveTypes.TimestampTz
	case kBytea:
		return iceberg.PrimitiveTypes.Binary
	case kList:
		return &iceberg.ListType{Element: t.elem.iceberg()}
	}
	return iceberg.PrimitiveTypes.String
}

// cursorable reports whether t can be an incremental cursor: its values
// order the same in Postgres and as Tarn compares them.
func (t pgType) cursorable() bool {
	switch t.kind {
	case kInt16, kInt32, kInt64, kNumeric, kDate, kTimestamp, kTimestampTz, kUUID:
		return true
	case kText:
		return !t.castText
	}
	return false
}
