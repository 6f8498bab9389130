package demo

import (
	"math"
	"sort"
	"time"
)

// The incident: a two-hour credential-stuffing burst three days before the
// as-of date, from five networks against about twenty zones.
const (
	incidentDaysBack  = 3
	incidentLength    = 2 * time.Hour
	incidentZones     = 20
	incidentASNs      = 5
	incidentBotnet    = 300   // distinct source addresses
	incidentRate      = 75    // security events per incident hour, as a multiple of the usual hourly rate
	incidentHTTPShare = 0.015 // share of that day's requests that are attack requests
)

// incidentCandidates are the networks the attack may come from: hosting
// providers and eyeball networks with many compromised machines.
var incidentCandidates = []int32{14061, 16509, 16276, 24940, 60781, 37963, 4134, 7552, 45899, 12389, 28573}

// incidentHour is the UTC hour the incident starts at.
func incidentHour(seed int64) int { return 9 + int(mix64(uint64(seed)^0x1c1de47)%11) }

type botIP struct {
	asn int // index into static().asns
	v6  bool
	ip  uint64
}

type incident struct {
	day        int // day index in the range
	start, end int64
	zones      []int // zone indices, ascending
	asns       []int // indices into static().asns
	botnet     []botIP
}

func (w *world) buildIncident() {
	r := newRNG(w.o.Seed, streamIncident, 0)
	st := static()
	from, to := w.o.IncidentWindow()
	inc := incident{day: Days - incidentDaysBack, start: from.UnixMicro(), end: to.UnixMicro()}

	cands := make([]int, 0, len(incidentCandidates))
	for _, num := range incidentCandidates {
		for i, a := range st.asns {
			if a.num == num {
				cands = append(cands, i)
			}
		}
	}
	for len(inc.asns) < incidentASNs {
		k := r.intn(len(cands))
		inc.asns = append(inc.asns, cands[k])
		cands = append(cands[:k], cands[k+1:]...)
	}
	sort.Ints(inc.asns)

	// Targets: active zones with logins, the busier the likelier.
	ws := w.weights[inc.day]
	var eligible []int
	var ew []float64
	for zi, z := range w.zones {
		if ws[zi] > 0 && z.status == statusActive && z.kind != kindMedia {
			eligible = append(eligible, zi)
			ew = append(ew, math.Sqrt(ws[zi]))
		}
	}
	for len(inc.zones) < incidentZones && len(eligible) > 0 {
		var sum float64
		for _, v := range ew {
			sum += v
		}
		x, k := r.float()*sum, 0
		for k < len(ew)-1 && x >= ew[k] {
			x -= ew[k]
			k++
		}
		inc.zones = append(inc.zones, eligible[k])
		eligible = append(eligible[:k], eligible[k+1:]...)
		ew = append(ew[:k], ew[k+1:]...)
	}
	sort.Ints(inc.zones)

	for i := 0; i < incidentBotnet; i++ {
		inc.botnet = append(inc.botnet, botIP{asn: inc.asns[r.intn(len(inc.asns))], v6: r.chance(0.1), ip: r.next()})
	}
	w.incident = inc
}
