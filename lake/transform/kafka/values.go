package kafka

import (
	"errors"
	"fmt"
	"math"

	"github.com/apache/arrow-go/v18/arrow/decimal128"
)

var (
	errTimestamp  = errors.New(`want an RFC 3339 timestamp such as "2026-01-02T15:04:05Z"`)
	errDate       = errors.New(`want a date such as "2026-01-02"`)
	errBadDecimal = errors.New("not a valid decimal number")
)

// digits reads n decimal digits at b[i:].
func digits(b []byte, i, n int) (int, bool) {
	if i+n > len(b) {
		return 0, false
	}
	v := 0
	for _, c := range b[i : i+n] {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}

// daysFromCivil returns the days since 1970-01-01 of a proleptic Gregorian
// date (Howard Hinnant's algorithm), and whether the date exists.
func daysFromCivil(y, m, d int) (int64, bool) {
	if m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return 0, false
	}
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468, true
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// parseDate parses "YYYY-MM-DD" into days since the epoch.
func parseDate(b []byte) (int64, error) {
	if len(b) != 10 {
		return 0, errDate
	}
	days, _, ok := date(b)
	if !ok {
		return 0, errDate
	}
	return days, nil
}

// date reads the "YYYY-MM-DD" at the start of b.
func date(b []byte) (days int64, n int, ok bool) {
	y, ok1 := digits(b, 0, 4)
	m, ok2 := digits(b, 5, 2)
	d, ok3 := digits(b, 8, 2)
	if !ok1 || !ok2 || !ok3 || b[4] != '-' || b[7] != '-' {
		return 0, 0, false
	}
	days, ok = daysFromCivil(y, m, d)
	return days, 10, ok
}

// parseTimestamp parses "YYYY-MM-DD[T ]HH:MM:SS[.fraction][Z|±HH:MM]" into
// microseconds since the epoch, UTC. A missing zone means UTC; digits of
// the fraction beyond microseconds must be zeros.
func parseTimestamp(b []byte) (int64, error) {
	if len(b) < 19 {
		return 0, errTimestamp
	}
	days, _, ok := date(b)
	if !ok || (b[10] != 'T' && b[10] != 't' && b[10] != ' ') || b[13] != ':' || b[16] != ':' {
		return 0, errTimestamp
	}
	h, ok1 := digits(b, 11, 2)
	mi, ok2 := digits(b, 14, 2)
	sec, ok3 := digits(b, 17, 2)
	if !ok1 || !ok2 || !ok3 || h > 23 || mi > 59 || sec > 59 {
		return 0, errTimestamp
	}
	i := 19
	var micros int64
	if i < len(b) && b[i] == '.' {
		i++
		start := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			d := int64(b[i] - '0')
			switch n := i - start; {
			case n < 6:
				micros = micros*10 + d
			case d != 0:
				return 0, errors.New("timestamp has more precision than microseconds")
			}
			i++
		}
		if i == start {
			return 0, errTimestamp
		}
		for n := i - start; n < 6; n++ {
			micros *= 10
		}
	}
	offset := 0
	if i < len(b) {
		switch b[i] {
		case 'Z', 'z':
			i++
		case '+', '-':
			oh, ok1 := digits(b, i+1, 2)
			om, ok2 := digits(b, i+4, 2)
			if !ok1 || !ok2 || b[i+3] != ':' || oh > 23 || om > 59 {
				return 0, errTimestamp
			}
			offset = (oh*60 + om) * 60
			if b[i] == '-' {
				offset = -offset
			}
			i += 6
		}
	}
	if i != len(b) {
		return 0, errTimestamp
	}
	secs := days*86400 + int64(h*3600+mi*60+sec) - int64(offset)
	return secs*1_000_000 + micros, nil
}

// msToMicros turns Unix milliseconds into microseconds.
func msToMicros(ms int64) (int64, error) {
	if ms > math.MaxInt64/1000 || ms < math.MinInt64/1000 {
		return 0, errors.New("timestamp out of range")
	}
	return ms * 1000, nil
}

// parseDecimal parses a decimal number (optionally with an exponent) into
// an unscaled value of the given scale. It refuses values that need more
// fractional digits than scale or more digits than precision.
func parseDecimal(b []byte, precision, scale int32) (decimal128.Num, error) {
	var zero decimal128.Num
	bad := errBadDecimal
	i := 0
	neg := false
	if i < len(b) && (b[i] == '-' || b[i] == '+') {
		neg = b[i] == '-'
		i++
	}
	var buf [80]byte
	ds := buf[:0] // significant digits, the point removed
	point := -1   // digits before the point
	for ; i < len(b); i++ {
		c := b[i]
		switch {
		case c >= '0' && c <= '9':
			if len(ds) == len(buf) {
				return zero, bad
			}
			ds = append(ds, c)
		case c == '.' && point < 0:
			point = len(ds)
		default:
			goto exponent
		}
	}
exponent:
	if len(ds) == 0 {
		return zero, bad
	}
	if point < 0 {
		point = len(ds)
	}
	if i < len(b) {
		if b[i] != 'e' && b[i] != 'E' {
			return zero, bad
		}
		i++
		eneg := false
		if i < len(b) && (b[i] == '-' || b[i] == '+') {
			eneg = b[i] == '-'
			i++
		}
		e, n := 0, 0
		for ; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
			if e > 100 {
				return zero, bad
			}
			e = e*10 + int(b[i]-'0')
			n++
		}
		if n == 0 || i != len(b) {
			return zero, bad
		}
		if eneg {
			e = -e
		}
		point += e
	}
	// The unscaled value's digits are ds shifted so that scale digits
	// follow the point; the digits past them must be zeros.
	end := point + int(scale)
	for k := max(end, 0); k < len(ds); k++ {
		if ds[k] != '0' {
			return zero, fmt.Errorf("has more than %d decimal places for decimal(%d,%d)", scale, precision, scale)
		}
	}
	var u decimal128.Num
	ten := decimal128.FromU64(10)
	n := 0 // significant digits
	var small uint64
	for k := 0; k < end; k++ {
		d := uint64(0)
		if k < len(ds) {
			d = uint64(ds[k] - '0')
		}
		if n == 0 && d == 0 {
			continue
		}
		n++
		if n > int(precision) {
			return zero, fmt.Errorf("does not fit decimal(%d,%d)", precision, scale)
		}
		if n <= 18 {
			small = small*10 + d
			continue
		}
		if n == 19 {
			u = decimal128.FromU64(small)
		}
		u = u.Mul(ten).Add(decimal128.FromU64(d))
	}
	if n <= 18 {
		u = decimal128.FromU64(small)
	}
	if neg {
		u = u.Negate()
	}
	return u, nil
}
