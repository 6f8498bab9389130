package demo

import (
	"math"
	"sort"
	"strings"
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

func (w *world) buildAccounts() {
	r := newRNG(w.o.Seed, streamAccounts, 0)
	regionAlias := newAlias(regionAccountShare)
	countryAlias := make([]alias, len(regions))
	countryIdx := make([][]int, len(regions))
	for reg := range regions {
		var ws []float64
		for i, c := range countries {
			if c.region == reg && c.accounts > 0 {
				ws = append(ws, c.accounts)
				countryIdx[reg] = append(countryIdx[reg], i)
			}
		}
		countryAlias[reg] = newAlias(ws)
	}
	planAlias := newAlias([]float64{42, 30, 18, 10})
	asOf := w.asOfMicro()
	usedSlug := map[string]bool{}
	accts := make([]account, numAccounts)
	for i := range accts {
		a := &accts[i]
		a.region = regionAlias.pick(r)
		a.country = countryIdx[a.region][countryAlias[a.region].pick(r)]
		c := &countries[a.country]
		a.plan = planAlias.pick(r)
		switch a.plan {
		case planEnterprise:
			a.contract = r.chance(0.92)
		case planBusiness:
			a.contract = r.chance(0.25)
		}
		a.annual = (a.plan == planPro && r.chance(0.25)) || (a.plan == planBusiness && r.chance(0.35)) ||
			(a.plan == planEnterprise && a.contract && r.chance(0.7))
		var first, second string
		for {
			first, second = nameFirst[r.intn(len(nameFirst))], nameSecond[r.intn(len(nameSecond))]
			a.slug = strings.ToLower(first + "-" + second)
			if !usedSlug[a.slug] {
				usedSlug[a.slug] = true
				break
			}
		}
		a.name = first + " " + second
		if c.legal != "" && r.chance(0.6) {
			a.name += " " + c.legal
		}
		a.kind = siteKindOf(second)
		a.domain = a.slug + "." + c.tld
		if r.chance(0.4) {
			a.domain = a.slug + ".com"
		}
		if r.chance(0.2) {
			a.email = []string{"billing", "it", "ops", "admin", "webmaster"}[r.intn(5)] + "@" + a.domain
		} else {
			gn, fn := givenNames[a.region], familyNames[a.region]
			a.email = gn[r.intn(len(gn))] + "." + fn[r.intn(len(fn))] + "@" + a.domain
		}
		if !r.chance(0.15) {
			a.phone = phoneNumber(r, c)
		}
		// Ages up to six years, more recent accounts being more common;
		// enterprise customers tend to be older.
		skew := 1.3
		if a.plan == planEnterprise {
			skew = 0.7
		}
		age := math.Pow(r.float(), skew) * 6 * 365 * float64(dayMicros)
		a.created = asOf - int64(age) - 1 - int64(r.intn(int(dayMicros)))
		a.growth = 1
	}
	sort.SliceStable(accts, func(i, j int) bool { return accts[i].created < accts[j].created })
	for i := range accts {
		accts[i].id = firstAccountID + int64(i)
	}
	w.accounts = accts
}

// pickGrowth chooses the European growth accounts: established business or
// enterprise customers with sizeable traffic, whose traffic ramps up during
// last month. Their zones keep running and do not decline.
func (w *world) pickGrowth() {
	r := newRNG(w.o.Seed, streamAccounts, 1)
	cutoff := w.lastMonth.AddDate(-1, 0, 0).UnixMicro()
	var eligible []int
	for i, a := range w.accounts {
		if a.region == regEurope && a.plan >= planBusiness && a.created < cutoff {
			eligible = append(eligible, i)
		}
	}
	sort.SliceStable(eligible, func(i, j int) bool { return w.accounts[eligible[i]].size > w.accounts[eligible[j]].size })
	// Not the very largest (they would dominate every chart), but large.
	if len(eligible) > 20 {
		eligible = eligible[2:20]
	}
	for len(w.growth) < numGrowth && len(eligible) > 0 {
		k := r.intn(len(eligible))
		i := eligible[k]
		eligible = append(eligible[:k], eligible[k+1:]...)
		w.accounts[i].growth = 4 + 2*r.float()
		w.growth = append(w.growth, i)
	}
	sort.Ints(w.growth)
	for zi := range w.zones {
		z := &w.zones[zi]
		if w.accounts[z.acct].growth > 1 {
			z.status, z.stopDay, z.trend = statusActive, math.MaxInt32, math.Abs(z.trend)
		}
	}
}

// phoneNumber returns an E.164 number for country c.
func phoneNumber(r *rng, c *country) string {
	b := make([]byte, 0, 16)
	b = append(b, '+')
	b = append(b, c.phoneCC...)
	b = append(b, byte('2'+r.intn(8)))
	for i := 1; i < c.phoneLen; i++ {
		b = append(b, byte('0'+r.intn(10)))
	}
	return string(b)
}

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
