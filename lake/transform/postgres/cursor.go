package postgres

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"time"
)

var errNullCursor = errors.New("a NULL cursor value")

// cursorKey returns the key incremental runs compare cursor values by,
// appended to buf: the value's bytes, or for numeric its decimal (1.0 and
// 1.00 are one value, with different bytes).
func cursorKey(t pgType, v []byte, buf []byte) ([]byte, error) {
	if v == nil {
		return nil, errNullCursor
	}
	if t.kind != kNumeric {
		return append(buf, v...), nil
	}
	n, err := numericToDecimal(v, t.prec, t.scale)
	if err != nil {
		return nil, err
	}
	buf = binary.BigEndian.AppendUint64(buf, uint64(n.HighBits()))
	return binary.BigEndian.AppendUint64(buf, n.LowBits()), nil
}

// cursorText renders a cursor value (already checked by cursorKey) as
// Postgres reads it back, exactly.
func cursorText(t pgType, v []byte) string {
	switch t.kind {
	case kInt16:
		return strconv.FormatInt(int64(int16(binary.BigEndian.Uint16(v))), 10)
	case kInt32:
		return strconv.FormatInt(int64(int32(binary.BigEndian.Uint32(v))), 10)
	case kInt64:
		return strconv.FormatInt(int64(binary.BigEndian.Uint64(v)), 10)
	case kNumeric:
		n, _ := numericToDecimal(v, t.prec, t.scale)
		return n.ToString(int32(t.scale))
	case kDate:
		days, _ := pgDate(v)
		return pgTime(time.Unix(int64(days)*86400, 0).UTC(), "-01-02", "")
	case kTimestamp:
		us, _ := pgTimestamp(v)
		return pgTime(time.UnixMicro(us).UTC(), "-01-02 15:04:05.999999", "")
	case kTimestampTz:
		us, _ := pgTimestamp(v)
		return pgTime(time.UnixMicro(us).UTC(), "-01-02 15:04:05.999999", "+00")
	case kUUID:
		var s [36]byte
		formatUUID(&s, v)
		return string(s[:])
	}
	return string(v)
}

// pgTime formats t as Postgres reads it: the year, then the rest of
// layout, then zone, then " BC" for years before 1 (year 0 is 1 BC).
func pgTime(t time.Time, layout, zone string) string {
	y, bc := t.Year(), ""
	if y < 1 {
		y, bc = 1-y, " BC"
	}
	return fmt.Sprintf("%04d", y) + t.Format(layout) + zone + bc
}
