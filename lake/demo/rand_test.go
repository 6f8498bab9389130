package demo

import (
	"math"
	"testing"
)

func TestIntnCoversTheWholeRangeEvenForLargeN(t *testing.T) {
	r := newRNG(1, 99, 0)
	for _, n := range []int{1, 3, 1 << 20, int(dayMicros), 1 << 40} {
		lo, hi := n, -1
		for i := 0; i < 20000; i++ {
			v := r.intn(n)
			if v < 0 || v >= n {
				t.Fatalf("intn(%d) = %d", n, v)
			}
			lo, hi = min(lo, v), max(hi, v)
		}
		if n > 1 && (float64(lo) > 0.01*float64(n) || float64(hi) < 0.99*float64(n-1)) {
			t.Errorf("intn(%d) spans only [%d, %d]", n, lo, hi)
		}
	}
}

func TestApportionSplitsExactlyIntoFloorsAndCeilings(t *testing.T) {
	cases := []struct {
		total   int
		weights []float64
	}{
		{10, []float64{1, 1, 1}},
		{1000, []float64{0.5, 0, 3, 7.25, 0, 1e-9}},
		{7, []float64{0, 0, 1}},
		{0, []float64{1, 2}},
	}
	for _, c := range cases {
		for _, u := range []float64{0, 0.3, 0.999999} {
			got := apportion(c.total, c.weights, u, nil)
			var sum float64
			for _, w := range c.weights {
				sum += w
			}
			n := 0
			for i, g := range got {
				n += g
				exact := float64(c.total) * c.weights[i] / sum
				if float64(g) < math.Floor(exact)-1e-9 || float64(g) > math.Ceil(exact)+1e-9 {
					t.Errorf("apportion(%d, %v, %g)[%d] = %d, exact share %g", c.total, c.weights, u, i, g, exact)
				}
			}
			if n != c.total {
				t.Errorf("apportion(%d, %v, %g) sums to %d", c.total, c.weights, u, n)
			}
		}
	}
}

func TestAliasPicksInProportionToWeights(t *testing.T) {
	weights := []float64{1, 0, 3, 6}
	a := newAlias(weights)
	r := newRNG(7, 99, 0)
	counts := make([]int, len(weights))
	const n = 200000
	for i := 0; i < n; i++ {
		counts[a.pick(r)]++
	}
	for i, w := range weights {
		want := w / 10
		if got := float64(counts[i]) / n; math.Abs(got-want) > 0.01 {
			t.Errorf("index %d picked %.3f of the time, want %.3f", i, got, want)
		}
	}
}
