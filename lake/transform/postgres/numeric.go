package postgres

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"

	"github.com/apache/arrow-go/v18/arrow/decimal128"
)

// u128 is an unsigned 128-bit integer, enough for 38 decimal digits.
type u128 struct{ hi, lo uint64 }

// mulAdd returns a*m + add, and false if it overflows 128 bits.
func (a u128) mulAdd(m, add uint64) (u128, bool) {
	h1, l1 := bits.Mul64(a.lo, m)
	h2, l2 := bits.Mul64(a.hi, m)
	if h2 != 0 {
		return u128{}, false
	}
	hi, c := bits.Add64(l2, h1, 0)
	if c != 0 {
		return u128{}, false
	}
	lo, c := bits.Add64(l1, add, 0)
	hi, c = bits.Add64(hi, 0, c)
	if c != 0 {
		return u128{}, false
	}
	return u128{hi, lo}, true
}

func (a u128) less(b u128) bool { return a.hi < b.hi || a.hi == b.hi && a.lo < b.lo }

// pow10 holds 10^0 … 10^38.
var pow10 = func() (p [maxDecimalPrecision + 1]u128) {
	p[0] = u128{lo: 1}
	for i := 1; i < len(p); i++ {
		p[i], _ = p[i-1].mulAdd(10, 0)
	}
	return p
}()

// Signs of Postgres's binary numeric.
const (
	numericPos  = 0x0000
	numericNeg  = 0x4000
	numericNaN  = 0xC000
	numericPInf = 0xD000
	numericNInf = 0xF000
)

var (
	errNumericSpecial = errors.New("NaN or infinity, which an Iceberg decimal cannot hold")
	errNumericWire    = errors.New("a malformed numeric")
)

// numericToDecimal converts Postgres's binary numeric v (ndigits, weight,
// sign, dscale, then base-10000 digits, all big-endian int16) to a decimal
// with the given precision and scale, exactly: a value with more
// fractional digits than scale, or more integer digits than prec-scale, is
// an error, never rounded.
func numericToDecimal(v []byte, prec, scale int) (decimal128.Num, error) {
	if len(v) < 8 {
		return decimal128.Num{}, errNumericWire
	}
	ndigits := int(int16(binary.BigEndian.Uint16(v)))
	weight := int(int16(binary.BigEndian.Uint16(v[2:])))
	sign := binary.BigEndian.Uint16(v[4:])
	if ndigits < 0 || len(v) != 8+2*ndigits {
		return decimal128.Num{}, errNumericWire
	}
	switch sign {
	case numericPos, numericNeg:
	case numericNaN, numericPInf, numericNInf:
		return decimal128.Num{}, errNumericSpecial
	default:
		return decimal128.Num{}, errNumericWire
	}
	tooBig := func() (decimal128.Num, error) {
		return decimal128.Num{}, fmt.Errorf("a value with more than %d integer digits, beyond decimal(%d,%d)", prec-scale, prec, scale)
	}
	var acc u128
	exp := 0 // the power of ten acc is finally multiplied by
	ok := true
	for i := range ndigits {
		d := uint64(binary.BigEndian.Uint16(v[8+2*i:]))
		if d > 9999 {
			return decimal128.Num{}, errNumericWire
		}
		e := 4*(weight-i) + scale // the power of ten of d in the unscaled value
		switch {
		case i == 0 && e >= prec:
			return tooBig()
		case e >= 0:
			if acc, ok = acc.mulAdd(10000, d); !ok {
				return tooBig()
			}
			exp = e
		case e > -4:
			div := pow10[-e].lo
			if d%div != 0 {
				return decimal128.Num{}, fmt.Errorf("a value with more than %d fractional digits, beyond decimal(%d,%d) (Tarn does not round)", scale, prec, scale)
			}
			if acc, ok = acc.mulAdd(pow10[4+e].lo, d/div); !ok {
				return tooBig()
			}
			exp = 0
		case d != 0:
			return decimal128.Num{}, fmt.Errorf("a value with more than %d fractional digits, beyond decimal(%d,%d) (Tarn does not round)", scale, prec, scale)
		}
	}
	for exp > 0 {
		step := min(exp, 19)
		if acc, ok = acc.mulAdd(pow10[step].lo, 0); !ok {
			return tooBig()
		}
		exp -= step
	}
	if !acc.less(pow10[prec]) {
		return tooBig()
	}
	n := decimal128.New(int64(acc.hi), acc.lo)
	if sign == numericNeg {
		n = n.Negate()
	}
	return n, nil
}
