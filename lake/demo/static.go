package demo

import (
	"math"
	"sync"
)

// choice is a weighted distribution over values of T.
type choice[T any] struct {
	a alias
	v []T
}

func newChoice[T any](items []weighted[T]) choice[T] {
	c := choice[T]{v: make([]T, len(items))}
	ws := make([]float64, len(items))
	for i, it := range items {
		c.v[i], ws[i] = it.v, it.w
	}
	c.a = newAlias(ws)
	return c
}

func (c *choice[T]) pick(r *rng) T { return c.v[c.a.pick(r)] }

// asnEntry is a network clients come from, with what the generator needs to
// invent their addresses and behaviour.
type asnEntry struct {
	num       int32
	name      string
	country   int
	hosting   bool
	botThresh uint32 // chance that a visitor is automated, scaled to 2^32
	v6Thresh  uint32 // chance that a visitor uses IPv6, scaled to 2^32
	v4        [4][2]byte
	v6        [3]uint16
}

// staticTables are the seed-independent distributions, built once.
type staticTables struct {
	asns      []asnEntry
	colos     []string
	audience  []choice[int] // by region; the last one is the global audience
	hour      []alias       // by country: hour of day (UTC)
	asnOf     []choice[int] // by country: index into asns
	coloOf    []choice[int] // by country: index into colos
	resHuman  [numKinds]choice[int]
	resBot    [numKinds]choice[int]
	method    [numClasses]choice[int]
	cache     [numClasses]choice[int]
	status    [numClasses]choice[int32]
	statusBot choice[int32]
	scoreBot  choice[int32]
	scoreHum  choice[int32]
	agents    []string // every user agent; the choices below index it
	uaHuman   choice[int]
	uaBot     choice[int]
	uaAttack  []int
	sizeMul   [256]float64 // log-normal response size multipliers
}

// v4Pools are first octets of public IPv4 space as allocated per registry.
var v4Pools = [][]byte{
	regEurope:       {2, 5, 31, 37, 46, 62, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 109, 151, 176, 178, 185, 188, 193, 194, 195, 212, 213, 217},
	regNorthAmerica: {3, 4, 8, 12, 23, 24, 50, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 96, 97, 98, 99, 104, 107, 108, 142, 162, 173, 174, 184, 199, 206, 207, 208, 209, 216},
	regAsiaPacific:  {1, 14, 27, 36, 39, 42, 49, 58, 59, 60, 61, 101, 103, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 175, 180, 182, 183, 202, 210, 211, 218, 219, 220, 221, 222},
	regLatinAmerica: {177, 179, 181, 186, 187, 189, 190, 191, 200, 201},
	regMiddleEast:   {2, 5, 31, 37, 46, 62, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 109, 151, 176, 178, 185, 188, 193, 194, 195, 212, 213, 217},
	regAfrica:       {41, 102, 105, 154, 196, 197},
}

var static = sync.OnceValue(buildStatic)

func buildStatic() *staticTables {
	st := &staticTables{}
	coloIdx := map[string]int{}
	var globalW []weighted[int]
	for ci, c := range countries {
		globalW = append(globalW, weighted[int]{ci, c.traffic})
		var hw [24]float64
		for h := range hw {
			hw[h] = localHourWeight[((h+c.tz)%24+24)%24]
		}
		st.hour = append(st.hour, newAlias(hw[:]))
		var aw []weighted[int]
		for k, a := range c.asns {
			e := asnEntry{num: a.num, name: a.name, country: ci, hosting: a.hosting}
			bot, v6, wt := c.bot, c.v6, 1.0
			if k == 0 {
				wt = 1.5
			}
			if a.hosting {
				bot, v6, wt = 0.85, 0.05, 0.12
			}
			e.botThresh = uint32(bot * math.MaxUint32)
			e.v6Thresh = uint32(v6 * math.MaxUint32)
			h := mix64(uint64(a.num) * 0x9e3779b97f4a7c15)
			pool := v4Pools[c.region]
			for p := range e.v4 {
				e.v4[p] = [2]byte{pool[(h>>(p*8))%uint64(len(pool))], byte(h >> (32 + p*8))}
			}
			e.v6 = [3]uint16{ipv6Block(c.region) | uint16(h>>52)&0x000f, uint16(h >> 36), uint16(h>>20) & 0xff00}
			aw = append(aw, weighted[int]{len(st.asns), wt})
			st.asns = append(st.asns, e)
		}
		st.asnOf = append(st.asnOf, newChoice(aw))
		var cw []weighted[int]
		for k, code := range c.colos {
			i, ok := coloIdx[code]
			if !ok {
				i = len(st.colos)
				coloIdx[code] = i
				st.colos = append(st.colos, code)
			}
			cw = append(cw, weighted[int]{i, 1 / float64(k+1)})
		}
		st.coloOf = append(st.coloOf, newChoice(cw))
	}
	for reg := range regions {
		var regSum, allSum float64
		for _, c := range countries {
			allSum += c.traffic
			if c.region == reg {
				regSum += c.traffic
			}
		}
		ws := make([]weighted[int], len(countries))
		for ci, c := range countries {
			ws[ci] = weighted[int]{ci, 0.45 * c.traffic / allSum}
			if c.region == reg {
				ws[ci].w += 0.55 * c.traffic / regSum
			}
		}
		st.audience = append(st.audience, newChoice(ws))
	}
	st.audience = append(st.audience, newChoice(globalW))

	for k := 0; k < numKinds; k++ {
		var hw, bw []weighted[int]
		for i, res := range resources {
			hw = append(hw, weighted[int]{i, res.human[k]})
			bw = append(bw, weighted[int]{i, res.bot[k]})
		}
		st.resHuman[k], st.resBot[k] = newChoice(hw), newChoice(bw)
	}
	for cl := 0; cl < numClasses; cl++ {
		st.method[cl] = newChoice(methodByClass[cl])
		st.cache[cl] = newChoice(cacheByClass[cl])
		st.status[cl] = newChoice(statusHuman[cl])
	}
	st.statusBot = newChoice(statusBot)
	var sb, sh []weighted[int32]
	for s := int32(1); s <= 99; s++ {
		switch {
		case s < 10:
			sb = append(sb, weighted[int32]{s, 9})
		case s < 30:
			sb = append(sb, weighted[int32]{s, 1.2})
		default:
			sh = append(sh, weighted[int32]{s, float64(s - 20)})
		}
	}
	st.scoreBot, st.scoreHum = newChoice(sb), newChoice(sh)
	indexed := func(ws []weighted[string]) choice[int] {
		var out []weighted[int]
		for _, a := range ws {
			out = append(out, weighted[int]{len(st.agents), a.w})
			st.agents = append(st.agents, a.v)
		}
		return newChoice(out)
	}
	st.uaHuman, st.uaBot = indexed(humanAgents), indexed(botAgents)
	for _, a := range attackAgentNames {
		st.uaAttack = append(st.uaAttack, len(st.agents))
		st.agents = append(st.agents, a)
	}
	// Quantiles of a log-normal with sigma 0.6 and mean 1.
	for i := range st.sizeMul {
		p := (float64(i) + 0.5) / float64(len(st.sizeMul))
		st.sizeMul[i] = math.Exp(0.6*normInv(p) - 0.18)
	}
	return st
}

// normInv is the standard normal quantile function (Acklam's approximation).
func normInv(p float64) float64 {
	a := []float64{-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00}
	b := []float64{-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01}
	c := []float64{-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00}
	d := []float64{7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00}
	const low = 0.02425
	switch {
	case p < low:
		q := math.Sqrt(-2 * math.Log(p))
		return (((((c[0]*q+c[1])*q+c[2])*q+c[3])*q+c[4])*q + c[5]) / ((((d[0]*q+d[1])*q+d[2])*q+d[3])*q + 1)
	case p > 1-low:
		q := math.Sqrt(-2 * math.Log(1-p))
		return -(((((c[0]*q+c[1])*q+c[2])*q+c[3])*q+c[4])*q + c[5]) / ((((d[0]*q+d[1])*q+d[2])*q+d[3])*q + 1)
	}
	q := p - 0.5
	r := q * q
	return (((((a[0]*r+a[1])*r+a[2])*r+a[3])*r+a[4])*r + a[5]) * q / (((((b[0]*r+b[1])*r+b[2])*r+b[3])*r+b[4])*r + 1)
}
