package demo

import (
	"math"
	"sort"
	"strings"
	"time"
)

// buildZones gives every account its main zone and spreads the other zones
// over accounts with a heavy tail (plan weight times a Pareto draw), then
// numbers all zones in order of creation.
func (w *world) buildZones() {
	r := newRNG(w.o.Seed, streamZones, 0)
	planTraffic := []float64{0.15, 0.6, 2.5, 12}
	planZones := []float64{0.3, 0.8, 2.5, 10}
	extraW := make([]float64, len(w.accounts))
	for i, a := range w.accounts {
		extraW[i] = planZones[a.plan] * r.pareto(1.1, 60)
	}
	extra := apportion(numZones-len(w.accounts), extraW, r.float(), nil)
	used := map[string]bool{}
	asOf := w.asOfMicro()
	zones := make([]zone, 0, numZones)
	for ai := range w.accounts {
		a := &w.accounts[ai]
		n := 1 + extra[ai]
		a.zoneCount = n
		for k := 0; k < n; k++ {
			z := zone{acct: ai, plan: a.plan, kind: a.kind, audience: a.region}
			if k == 0 {
				z.name = a.domain
				if used[z.name] {
					z.name = zoneName(r, a, used)
				}
				z.created = a.created + int64(r.intn(int(2*hourMicros)))
			} else {
				z.name = zoneName(r, a, used)
				z.created = a.created + int64(r.float()*float64(asOf-a.created-1))
				if r.chance(0.5) {
					z.kind = r.intn(numKinds)
				}
				if z.plan > planFree && r.chance(0.2) {
					z.plan = r.intn(z.plan)
				}
			}
			used[z.name] = true
			if z.kind == kindAPI || z.kind == kindMedia || r.chance(0.3) {
				if r.chance(0.5) {
					z.audience = -1
				}
			}
			z.base = planTraffic[z.plan] * math.Exp(1.4*r.normal())
			if k == 0 {
				z.base *= 2
			}
			switch p := r.float(); {
			case p < 0.30:
				z.trend = 0.004 + 0.011*r.float()
			case p < 0.75:
				z.trend = -0.0015 + 0.003*r.float()
			default:
				z.trend = -0.012 + 0.009*r.float()
			}
			z.weekly = weeklyPattern(r)
			z.startDay, z.startFr = w.dayOf(z.created)
			z.stopDay = math.MaxInt32
			switch p := r.float(); {
			case p < 0.06:
				z.status = statusPaused
				z.stopDay = max(z.startDay+1, r.between(-30, Days-1))
			case p < 0.12:
				z.status = statusDeleted
				z.stopDay = max(z.startDay+1, r.between(-90, Days-1))
			}
			zones = append(zones, z)
		}
	}
	sort.SliceStable(zones, func(i, j int) bool { return zones[i].created < zones[j].created })
	for i := range zones {
		zones[i].id = firstZoneID + int64(i)
		w.accounts[zones[i].acct].size += zones[i].base
	}
	w.zones = zones
}

// dayOf returns the day index of t (micros) in the range and the share of
// that day still ahead at t.
func (w *world) dayOf(t int64) (int, float64) {
	off := t - w.fromMicro
	d := off / dayMicros
	if off < 0 && off%dayMicros != 0 {
		d--
	}
	rem := 1 - float64(off-d*dayMicros)/float64(dayMicros)
	return int(d), rem
}

// zoneName makes a unique further domain for account a.
func zoneName(r *rng, a *account, used map[string]bool) string {
	base := a.slug
	parts := strings.SplitN(a.slug, "-", 2)
	for try := 0; try < 64; try++ {
		s := base
		switch r.intn(3) {
		case 0:
			s = parts[0]
		case 1:
			s = strings.ReplaceAll(a.slug, "-", "")
		}
		p := zonePrefixes[r.intn(len(zonePrefixes))]
		x := zoneSuffixes[r.intn(len(zoneSuffixes))]
		name := p + s
		if x != "" {
			if r.chance(0.5) {
				name += "-" + x
			} else {
				name += x
			}
		}
		name += "." + zoneTLDs[r.intn(len(zoneTLDs))]
		if !used[name] {
			return name
		}
	}
	for n := 2; ; n++ {
		name := a.slug + "-" + itoa(n) + ".com"
		if !used[name] {
			return name
		}
	}
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			return string(b[i:])
		}
	}
}

// weeklyPattern returns traffic factors per weekday (time.Weekday order):
// business sites quieten at weekends, consumer sites get busier, some are flat.
func weeklyPattern(r *rng) [7]float64 {
	var f [7]float64
	for i := range f {
		f[i] = 1
	}
	switch p := r.float(); {
	case p < 0.40:
		a := 0.2 + 0.3*r.float()
		f[time.Saturday], f[time.Sunday] = 1-a, 1-a*1.1
	case p < 0.75:
		a := 0.1 + 0.25*r.float()
		f[time.Friday], f[time.Saturday], f[time.Sunday] = 1+a/2, 1+a, 1+a*0.9
	}
	return f
}
