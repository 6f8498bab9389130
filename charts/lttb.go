package charts

import (
	"math"
	"time"
)

// lttb picks at most n indices of the points (xs, sum of ss) with the
// largest-triangle-three-buckets algorithm, keeping the first and last point
// and the shape of peaks and troughs.
func lttb(xs []time.Time, ss []series, n int) []int {
	total := len(xs)
	if n >= total || n < 3 {
		idx := make([]int, total)
		for i := range idx {
			idx[i] = i
		}
		return idx
	}
	x := func(i int) float64 { return float64(xs[i].Unix()) }
	y := func(i int) float64 {
		var s float64
		for _, se := range ss {
			if v := se.vals[i]; !math.IsNaN(v) {
				s += v
			}
		}
		return s
	}
	idx := make([]int, 0, n)
	idx = append(idx, 0)
	every := float64(total-2) / float64(n-2)
	a := 0
	for i := 0; i < n-2; i++ {
		// average of the next bucket
		start := int(math.Floor(float64(i+1)*every)) + 1
		end := int(math.Floor(float64(i+2)*every)) + 1
		if end > total {
			end = total
		}
		var ax, ay float64
		for j := start; j < end; j++ {
			ax += x(j)
			ay += y(j)
		}
		cnt := float64(end - start)
		if cnt > 0 {
			ax /= cnt
			ay /= cnt
		}
		// the point of this bucket with the largest triangle
		lo := int(math.Floor(float64(i)*every)) + 1
		hi := int(math.Floor(float64(i+1)*every)) + 1
		best, bestArea := lo, -1.0
		px, py := x(a), y(a)
		for j := lo; j < hi && j < total; j++ {
			area := math.Abs((px-ax)*(y(j)-py) - (px-x(j))*(ay-py))
			if area > bestArea {
				best, bestArea = j, area
			}
		}
		idx = append(idx, best)
		a = best
	}
	return append(idx, total-1)
}
