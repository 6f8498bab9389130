package demo

import (
	"math"
	"time"
)

// Plans, zone statuses and the volumes of the generated tables.
var (
	plans        = []string{"free", "pro", "business", "enterprise"}
	zoneStatuses = []string{"active", "paused", "deleted"}
)

const (
	planFree = iota
	planPro
	planBusiness
	planEnterprise
)

const (
	statusActive = iota
	statusPaused
	statusDeleted
)

const (
	numAccounts      = 2000
	numZones         = 5000
	requestsPerScale = 2_000_000
	securityPerDay   = 2000 // security events per day at scale 1, before the incident
	numTickets       = 3000
	numGrowth        = 5 // European accounts that grow strongly last month

	firstAccountID = 10001
	firstZoneID    = 500001

	dayMicros  = int64(24 * time.Hour / time.Microsecond)
	hourMicros = int64(time.Hour / time.Microsecond)
)

// account is one customer; dim.accounts is a projection of it.
type account struct {
	id        int64
	name      string
	slug      string // domain label derived from the name
	domain    string // the main domain, also used for e-mail addresses
	plan      int
	contract  bool
	region    int
	country   int
	email     string
	phone     string // "" when the account has no billing phone
	created   int64  // micros since the epoch, UTC
	kind      int    // site kind of the main zone
	annual    bool   // plan billed once a year
	growth    float64
	size      float64 // sum of its zones' base traffic weights
	zoneCount int
}

// zone is one domain on the network; dim.zones is a projection of it.
type zone struct {
	id       int64
	acct     int // index into world.accounts
	name     string
	plan     int
	status   int
	created  int64
	startDay int // first day index with traffic (may be < 0 or >= Days)
	startFr  float64
	stopDay  int // first day index without traffic again
	base     float64
	trend    float64 // daily growth rate of traffic
	weekly   [7]float64
	kind     int
	audience int // region of most visitors, or -1 for a global audience
}

// world is everything the tables share, built once per Options and read
// concurrently by every Generate call.
type world struct {
	o         Options
	from      time.Time // first day of the range
	fromMicro int64
	fromDay   int32 // days since the epoch of from

	accounts []account
	zones    []zone
	growth   []int // indices of the European growth accounts

	weights  [][]float64 // [day][zone] relative traffic
	dayReqs  []int       // requests per day, incident included
	dayTotal []float64   // sum of weights per day

	daySecurity []int // ordinary security events per day

	lastMonth time.Time // first day of the calendar month before AsOf's month
	thisMonth time.Time // first day of AsOf's month

	incident incident
	bill     billing
}

func newWorld(o Options) *world {
	from, _ := o.Range()
	w := &world{
		o:         o,
		from:      from,
		fromMicro: from.UnixMicro(),
		fromDay:   int32(from.Unix() / 86400),
	}
	asOf := asOfDate(o.AsOf)
	w.thisMonth = time.Date(asOf.Year(), asOf.Month(), 1, 0, 0, 0, 0, time.UTC)
	w.lastMonth = w.thisMonth.AddDate(0, -1, 0)
	w.buildAccounts()
	w.buildZones()
	w.pickGrowth()
	w.buildWeights()
	w.buildIncident()
	w.buildDayCounts()
	return w
}

func (w *world) asOfMicro() int64 { return w.fromMicro + Days*dayMicros }

// boost is the traffic multiplier of account a on the day starting at t:
// growth accounts ramp linearly through last month and stay up after.
func (w *world) boost(a *account, t time.Time) float64 {
	if a.growth == 1 || t.Before(w.lastMonth) {
		return 1
	}
	if !t.Before(w.thisMonth) {
		return a.growth
	}
	days := w.thisMonth.Sub(w.lastMonth).Hours() / 24
	done := t.Sub(w.lastMonth).Hours()/24 + 1
	return 1 + (a.growth-1)*done/days
}

func (w *world) buildWeights() {
	w.weights = make([][]float64, Days)
	w.dayTotal = make([]float64, Days)
	seed := uint64(w.o.Seed)
	for d := 0; d < Days; d++ {
		t := w.from.AddDate(0, 0, d)
		dow := t.Weekday()
		row := make([]float64, len(w.zones))
		var sum float64
		for zi := range w.zones {
			z := &w.zones[zi]
			if d < z.startDay || d >= z.stopDay {
				continue
			}
			v := z.base * math.Exp(z.trend*float64(d-(Days-1))) * z.weekly[dow]
			v *= 0.92 + 0.16*unit(seed^streamNoise, uint64(zi), uint64(d))
			if d == z.startDay {
				v *= z.startFr
			}
			v *= w.boost(&w.accounts[z.acct], t)
			row[zi] = v
			sum += v
		}
		w.weights[d] = row
		w.dayTotal[d] = sum
	}
}

func (w *world) buildDayCounts() {
	r := newRNG(w.o.Seed, streamDayCounts, 0)
	total := int(math.Round(requestsPerScale * w.o.Scale))
	w.dayReqs = apportion(total, w.dayTotal, r.float(), nil)
	w.daySecurity = apportion(w.securityTotal(), w.dayTotal, r.float(), nil)
}

// dayStart returns the micros of midnight of day index d.
func (w *world) dayStart(d int) int64 { return w.fromMicro + int64(d)*dayMicros }

// incidentHTTPRows is how many of the incident day's requests are attack
// requests against the incident zones.
func (w *world) incidentHTTPRows() int {
	return int(math.Round(incidentHTTPShare * float64(w.dayReqs[w.incident.day])))
}
