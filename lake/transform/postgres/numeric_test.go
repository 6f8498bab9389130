package postgres

import (
	"encoding/binary"
	"errors"
	"math/big"
	"strings"
	"testing"
)

// pgNumeric encodes a decimal string ("-12.340") as Postgres's binary
// numeric: base-10000 digit groups aligned on the decimal point, leading
// and trailing zero groups dropped, dscale the written fractional digits.
func pgNumeric(s string) []byte {
	sign := uint16(numericPos)
	if rest, ok := strings.CutPrefix(s, "-"); ok {
		sign, s = numericNeg, rest
	}
	intPart, frac, _ := strings.Cut(s, ".")
	dscale := len(frac)
	for len(intPart)%4 != 0 {
		intPart = "0" + intPart
	}
	for len(frac)%4 != 0 {
		frac += "0"
	}
	all := intPart + frac
	var digits []uint16
	for i := 0; i < len(all); i += 4 {
		var d uint16
		for _, c := range all[i : i+4] {
			d = d*10 + uint16(c-'0')
		}
		digits = append(digits, d)
	}
	weight := len(intPart)/4 - 1
	for len(digits) > 0 && digits[0] == 0 {
		digits, weight = digits[1:], weight-1
	}
	for len(digits) > 0 && digits[len(digits)-1] == 0 {
		digits = digits[:len(digits)-1]
	}
	if len(digits) == 0 {
		weight, sign = 0, numericPos
	}
	b := binary.BigEndian.AppendUint16(nil, uint16(len(digits)))
	b = binary.BigEndian.AppendUint16(b, uint16(int16(weight)))
	b = binary.BigEndian.AppendUint16(b, sign)
	b = binary.BigEndian.AppendUint16(b, uint16(dscale))
	for _, d := range digits {
		b = binary.BigEndian.AppendUint16(b, d)
	}
	return b
}

// wantDecimal is the reference: the unscaled value of s at scale, or ok
// false when it has more fractional digits or does not fit prec digits.
func wantDecimal(s string, prec, scale int) (string, bool) {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		panic(s)
	}
	r.Mul(r, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale)), nil)))
	if !r.IsInt() {
		return "", false
	}
	limit := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(prec)), nil)
	if new(big.Int).Abs(r.Num()).Cmp(limit) >= 0 {
		return "", false
	}
	return r.Num().String(), true
}

func TestNumericToDecimalIsExactOrRefuses(t *testing.T) {
	tests := []struct {
		in          string
		prec, scale int
	}{
		{"0", 38, 9}, {"0.000", 10, 2}, {"1", 1, 0}, {"-1", 1, 0}, {"10", 1, 0},
		{"12.34", 4, 2}, {"12.345", 4, 2}, {"12.340", 4, 2}, {"-0.01", 3, 2}, {"0.001", 3, 2},
		{"9999", 4, 0}, {"10000", 4, 0}, {"10000", 5, 0}, {"123456789.123456789", 38, 9},
		{"99999999999999999999999999999.999999999", 38, 9}, {"100000000000000000000000000000", 38, 9},
		{"-99999999999999999999999999999999999999", 38, 0}, {"-100000000000000000000000000000000000000", 38, 0},
		{"340282366920938463463374607431768211456", 38, 0}, // 2^128
		{"1" + strings.Repeat("0", 60), 38, 0}, {"0." + strings.Repeat("0", 40) + "1", 38, 9},
		{"0.1234", 4, 4}, {"0.12345", 5, 4}, {"12300", 7, 0}, {"0.00001", 38, 5}, {"1.5", 2, 1},
	}
	for _, tc := range tests {
		got, err := numericToDecimal(pgNumeric(tc.in), tc.prec, tc.scale)
		want, ok := wantDecimal(tc.in, tc.prec, tc.scale)
		switch {
		case !ok && err == nil:
			t.Errorf("%s as decimal(%d,%d) = %s, want an error", tc.in, tc.prec, tc.scale, got.BigInt())
		case ok && err != nil:
			t.Errorf("%s as decimal(%d,%d): %v, want %s", tc.in, tc.prec, tc.scale, err, want)
		case ok && got.BigInt().String() != want:
			t.Errorf("%s as decimal(%d,%d) = %s, want %s", tc.in, tc.prec, tc.scale, got.BigInt(), want)
		}
	}
}

func TestNumericSpecialValuesAndMalformedInputAreErrors(t *testing.T) {
	for _, sign := range []uint16{numericNaN, numericPInf, numericNInf} {
		v := []byte{0, 0, 0, 0, byte(sign >> 8), byte(sign), 0, 0}
		if _, err := numericToDecimal(v, 38, 9); !errors.Is(err, errNumericSpecial) {
			t.Errorf("sign %#x: %v", sign, err)
		}
	}
	for _, v := range [][]byte{nil, {0, 1, 0, 0, 0, 0, 0, 0}, {0, 1, 0, 0, 0, 0, 0, 0, 0x27, 0x10}, {0, 0, 0, 0, 0x12, 0x34, 0, 0}} {
		if _, err := numericToDecimal(v, 38, 9); !errors.Is(err, errNumericWire) {
			t.Errorf("%x: %v, want a wire error", v, err)
		}
	}
}

func FuzzNumericToDecimal(f *testing.F) {
	f.Add(uint64(12345), uint64(678), uint8(3), uint8(10), uint8(2), false)
	f.Add(uint64(1<<63), uint64(1<<63), uint8(30), uint8(38), uint8(9), true)
	f.Fuzz(func(t *testing.T, hi, lo uint64, fracDigits, prec, scale uint8, neg bool) {
		p := int(prec%38) + 1
		s := int(scale) % (p + 1)
		digits := new(big.Int).Lsh(new(big.Int).SetUint64(hi), 64)
		digits.Or(digits, new(big.Int).SetUint64(lo))
		str := digits.String()
		if n := int(fracDigits % 50); n > 0 {
			for len(str) <= n {
				str = "0" + str
			}
			str = str[:len(str)-n] + "." + str[len(str)-n:]
		}
		if neg {
			str = "-" + str
		}
		got, err := numericToDecimal(pgNumeric(str), p, s)
		want, ok := wantDecimal(str, p, s)
		if ok != (err == nil) || ok && got.BigInt().String() != want {
			t.Fatalf("%s as decimal(%d,%d) = %s, %v; want %s, %v", str, p, s, got.BigInt(), err, want, ok)
		}
	})
}

func TestNumericTypmod(t *testing.T) {
	mod := func(p, s int) int32 { return int32(p<<16|(s&0x7ff)) + 4 }
	tests := []struct {
		typmod      int32
		prec, scale int
		err         bool
	}{
		{-1, 38, 9, false}, {mod(12, 2), 12, 2, false}, {mod(38, 0), 38, 0, false}, {mod(39, 2), 0, 0, true},
		{mod(5, -2), 7, 0, false}, {mod(2, 5), 5, 5, false}, {mod(1000, 0), 0, 0, true},
	}
	for _, tc := range tests {
		p, s, err := numericTypmod(tc.typmod)
		if (err != nil) != tc.err || !tc.err && (p != tc.prec || s != tc.scale) {
			t.Errorf("typmod %d = (%d, %d, %v), want (%d, %d, error %v)", tc.typmod, p, s, err, tc.prec, tc.scale, tc.err)
		}
	}
}
