package demo

import (
	"math"
	"math/bits"
)

// rng is a splitmix64 generator: tiny, fast, and stable across Go releases,
// which matters because the demo lake must be the same for the same seed on
// every machine and every Go version.
type rng struct{ s uint64 }

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	return mix64(r.s)
}

// mix64 is the splitmix64 finaliser; it also serves as a hash for deriving
// independent seeds.
func mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// intn returns a number in [0, n) by multiply-shift reduction, whose bias
// (n / 2^64) is negligible for every n used here.
func (r *rng) intn(n int) int {
	hi, _ := bits.Mul64(r.next(), uint64(n))
	return int(hi)
}

// between returns a number in [lo, hi].
func (r *rng) between(lo, hi int) int { return lo + r.intn(hi-lo+1) }

// float returns a number in [0, 1).
func (r *rng) float() float64 { return float64(r.next()>>11) * 0x1p-53 }

// chance reports true with probability p.
func (r *rng) chance(p float64) bool { return r.float() < p }

// normal returns a standard normal deviate (Box-Muller; used outside hot loops).
func (r *rng) normal() float64 {
	u := r.float()
	if u < 1e-300 {
		u = 1e-300
	}
	return math.Sqrt(-2*math.Log(u)) * math.Cos(2*math.Pi*r.float())
}

// pareto returns a Pareto(1, alpha) deviate capped at max.
func (r *rng) pareto(alpha, max float64) float64 {
	v := math.Pow(1-r.float(), -1/alpha)
	return math.Min(v, max)
}

// Stream identifiers keep the random streams of different tables and of the
// shared world apart, so that generating one never shifts another.
const (
	streamAccounts uint64 = iota + 1
	streamZones
	streamTraffic
	streamDayCounts
	streamRequests
	streamSecurity
	streamIncident
	streamBilling
	streamTickets
	streamScratch
	streamNoise
)

// newRNG seeds a generator for (seed, stream, chunk). Chunks of the same
// table get unrelated streams, so any chunk can be generated alone.
func newRNG(seed int64, stream uint64, chunk int) *rng {
	s := mix64(uint64(seed) ^ 0x5bd1e9955bd1e995)
	s = mix64(s ^ stream*0x9e3779b97f4a7c15)
	s = mix64(s + uint64(chunk)*0xd1b54a32d192ed03)
	return &rng{s: s}
}

// unit hashes its inputs to a number in [0, 1); used for per-(zone, day)
// noise that must not depend on generation order.
func unit(a, b, c uint64) float64 {
	h := mix64(a ^ mix64(b^mix64(c+0x632be59bd9b4e019)))
	return float64(h>>11) * 0x1p-53
}

// alias is Walker's alias table: O(1) weighted choice with one random number.
type alias struct {
	prob  []uint32 // threshold for keeping column i, scaled to 2^32
	other []int32  // the column's alias
}

func newAlias(weights []float64) alias {
	n := len(weights)
	if n == 0 {
		panic("demo: alias table over no weights")
	}
	var sum float64
	for _, w := range weights {
		sum += w
	}
	if sum <= 0 {
		panic("demo: alias table weights sum to zero")
	}
	scaled := make([]float64, n)
	small := make([]int, 0, n)
	large := make([]int, 0, n)
	for i, w := range weights {
		scaled[i] = w * float64(n) / sum
		if scaled[i] < 1 {
			small = append(small, i)
		} else {
			large = append(large, i)
		}
	}
	a := alias{prob: make([]uint32, n), other: make([]int32, n)}
	for len(small) > 0 && len(large) > 0 {
		s, l := small[len(small)-1], large[len(large)-1]
		small = small[:len(small)-1]
		a.prob[s] = uint32(scaled[s] * (1 << 32))
		a.other[s] = int32(l)
		scaled[l] -= 1 - scaled[s]
		if scaled[l] < 1 {
			large = large[:len(large)-1]
			small = append(small, l)
		}
	}
	for _, i := range append(small, large...) {
		a.prob[i] = math.MaxUint32
		a.other[i] = int32(i)
	}
	return a
}

// pick draws one index.
func (a *alias) pick(r *rng) int {
	x := r.next()
	i := int(((x >> 32) * uint64(len(a.prob))) >> 32)
	if uint32(x) < a.prob[i] {
		return i
	}
	return int(a.other[i])
}

// apportion splits total into len(weights) integer parts proportional to
// weights, each part the floor or ceiling of its exact share, summing exactly
// to total (systematic rounding with one random offset u in [0, 1)).
func apportion(total int, weights []float64, u float64, out []int) []int {
	out = out[:0]
	var sum float64
	for _, w := range weights {
		sum += w
	}
	if sum <= 0 || total <= 0 {
		for range weights {
			out = append(out, 0)
		}
		return out
	}
	var acc float64
	prev := 0
	for i, w := range weights {
		acc += w
		cur := int(math.Floor(float64(total)*acc/sum + u))
		if i == len(weights)-1 {
			cur = total
		}
		if cur > total {
			cur = total
		}
		if cur < prev {
			cur = prev
		}
		out = append(out, cur-prev)
		prev = cur
	}
	return out
}
