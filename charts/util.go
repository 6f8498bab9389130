package charts

import (
	"math"
	"strconv"
)

func nanSlice(n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = math.NaN()
	}
	return s
}

func pick[T any](s []T, idx []int) []T {
	out := make([]T, len(idx))
	for i, j := range idx {
		out[i] = s[j]
	}
	return out
}

// maxAbs is the largest magnitude in the series, of their sum when stacked.
func maxAbs(ss []series, stacked bool) float64 {
	var max float64
	if stacked && len(ss) > 0 {
		for j := range ss[0].vals {
			var sum float64
			for _, s := range ss {
				if !math.IsNaN(s.vals[j]) {
					sum += s.vals[j]
				}
			}
			max = math.Max(max, math.Abs(sum))
		}
		return max
	}
	for _, s := range ss {
		for _, v := range s.vals {
			if !math.IsNaN(v) {
				max = math.Max(max, math.Abs(v))
			}
		}
	}
	return max
}

func allNonNegative(ss []series) bool {
	for _, s := range ss {
		for _, v := range s.vals {
			if v < 0 {
				return false
			}
		}
	}
	return true
}

// scaled divides by div and rounds, with NULL gaps as JSON null.
func scaled(vals []float64, div float64) []any {
	out := make([]any, len(vals))
	for i, v := range vals {
		if math.IsNaN(v) {
			out[i] = nil
			continue
		}
		out[i] = round3(v / div)
	}
	return out
}

// thousands prints n with thousands separators: 1,000,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func allNaN(ss []series) bool {
	for _, s := range ss {
		for _, v := range s.vals {
			if !math.IsNaN(v) {
				return false
			}
		}
	}
	return true
}
