package demo

// visitor is one client session: consecutive requests to a zone from the
// same address, network, browser and bot verdict. Its fields are indices
// and numbers only: the hot loop writes no pointers.
type visitor struct {
	ts      int64
	country int
	asn     int
	colo    int
	v6      bool
	ip      uint64
	ua      int // index into agents
	bot     bool
	score   int32
}

// request is the part of a row that changes with every request.
type request struct {
	res    int // index into resources
	method int // index into methods
	status int32
	bytes  int64
	cache  int // index into cacheStatuses
}

// newSessionThresh is the chance, scaled to 2^32, that a request starts a
// new visitor session (sessions average a little over three requests).
const newSessionThresh = uint32(3 * (1 << 32) / 10)

// reqIter generates the requests of one day, zone by zone in zone_id order,
// then the day's attack requests if the incident falls on it. Both
// fct.http_requests and fct.traffic_daily read the same iterator, which is
// what makes the rollup agree with the requests to the row.
type reqIter struct {
	w        *world
	st       *staticTables
	r        *rng
	day      int
	dayStart int64
	dayEnd   int64
	counts   []int // requests per zone index
	cursor   int   // zone index the ordinary requests have reached
	zi       int   // zone index of the current request
	kind     int   // site kind of that zone
	left     int   // requests left for the current zone
	attack   int   // attack requests left
	fresh    bool
	sessions int // visitors started so far; tells writers when v changed

	v visitor
	q request
}

func newReqIter(w *world, day int) *reqIter {
	it := &reqIter{
		w:        w,
		st:       static(),
		r:        newRNG(w.o.Seed, streamRequests, day),
		day:      day,
		dayStart: w.dayStart(day),
		cursor:   -1,
	}
	it.dayEnd = it.dayStart + dayMicros
	total := w.dayReqs[day]
	if day == w.incident.day {
		it.attack = w.incidentHTTPRows()
		total -= it.attack
	}
	it.counts = apportion(total, w.weights[day], it.r.float(), make([]int, 0, len(w.zones)))
	return it
}

// next advances to the next request; it returns false when the day is done.
func (it *reqIter) next() bool {
	for it.left == 0 {
		if it.cursor+1 >= len(it.counts) {
			return it.nextAttack()
		}
		it.cursor++
		it.zi = it.cursor
		it.left = it.counts[it.zi]
		it.kind = it.w.zones[it.zi].kind
		it.fresh = true
	}
	it.left--
	r := it.r
	if it.fresh || uint32(r.next()) < newSessionThresh {
		it.fresh = false
		it.newVisitor()
	} else {
		it.v.ts += int64(r.intn(3_000_000))
		if it.v.ts >= it.dayEnd {
			it.v.ts = it.dayEnd - 1
		}
	}
	it.request(it.v.bot)
	return true
}

func (it *reqIter) newVisitor() {
	it.sessions++
	st, r, v := it.st, it.r, &it.v
	aud := it.w.zones[it.zi].audience
	if aud < 0 {
		aud = len(st.audience) - 1
	}
	v.country = st.audience[aud].pick(r)
	v.ts = it.dayStart + int64(st.hour[v.country].pick(r))*hourMicros + int64(r.intn(int(hourMicros)))
	v.asn = st.asnOf[v.country].pick(r)
	v.colo = st.coloOf[v.country].pick(r)
	a := &st.asns[v.asn]
	v.bot = uint32(r.next()) < a.botThresh
	v.v6 = uint32(r.next()) < a.v6Thresh
	v.ip = r.next()
	if v.bot {
		v.ua = st.uaBot.pick(r)
		v.score = st.scoreBot.pick(r)
	} else {
		v.ua = st.uaHuman.pick(r)
		v.score = st.scoreHum.pick(r)
	}
}

func (it *reqIter) request(bot bool) {
	st, r, q := it.st, it.r, &it.q
	if bot {
		q.res = st.resBot[it.kind].pick(r)
	} else {
		q.res = st.resHuman[it.kind].pick(r)
	}
	res := &resources[q.res]
	cls := res.class
	q.method = st.method[cls].pick(r)
	if bot && cls != clsProbe {
		q.status = st.statusBot.pick(r)
	} else {
		q.status = st.status[cls].pick(r)
	}
	q.cache = st.cache[cls].pick(r)
	x := r.next()
	switch {
	case q.status == 304:
		q.bytes = 180 + int64(x%220)
	case q.status >= 300 && q.status != 206:
		q.bytes = 600 + int64(x%3400)
	case q.method == methodHEAD:
		q.bytes = 250 + int64(x%200)
	case q.status == 206:
		q.bytes = 1 + int64(res.bytes*st.sizeMul[x&255]*float64((x>>8)&1023)/1024)
	default:
		q.bytes = 1 + int64(res.bytes*st.sizeMul[x&255])
	}
	if q.status == 201 && q.method != methodPOST {
		q.status = 200
	}
}

// loginPaths are what the credential-stuffing attack posts to.
var loginPaths = []int{resourceIndex("/login"), resourceIndex("/api/v1/auth/login")}

func resourceIndex(path string) int {
	for i, r := range resources {
		if r.path == path {
			return i
		}
	}
	panic("demo: no resource " + path)
}

// nextAttack produces the incident's attack requests: bursts of login
// attempts from the botnet against the incident zones.
func (it *reqIter) nextAttack() bool {
	if it.attack == 0 {
		return false
	}
	it.attack--
	it.sessions++
	st, r, v, q := it.st, it.r, &it.v, &it.q
	inc := &it.w.incident
	it.zi = inc.zones[r.intn(len(inc.zones))]
	it.kind = it.w.zones[it.zi].kind
	b := inc.botnet[r.intn(len(inc.botnet))]
	a := &st.asns[b.asn]
	v.asn, v.country, v.v6, v.ip = b.asn, a.country, b.v6, b.ip
	v.colo = st.coloOf[v.country].pick(r)
	v.ts = inc.start + int64(r.intn(int(inc.end-inc.start)))
	v.bot = true
	v.score = int32(1 + r.intn(5))
	v.ua = st.uaAttack[r.intn(len(st.uaAttack))]
	q.res = loginPaths[r.intn(len(loginPaths))]
	q.method = methodPOST
	q.status = attackStatuses[r.intn(len(attackStatuses))]
	q.cache = 3 // dynamic
	q.bytes = 300 + int64(r.intn(900))
	return true
}

var attackStatuses = []int32{401, 401, 401, 401, 403, 403, 429, 429, 200}

// appendIP writes the visitor's address in text form.
func appendIP(b []byte, a *asnEntry, v *visitor) []byte {
	if !v.v6 {
		p := a.v4[v.ip>>62]
		b = appendUint8(b, p[0])
		b = append(b, '.')
		b = appendUint8(b, p[1])
		b = append(b, '.')
		b = appendUint8(b, byte(v.ip>>8))
		b = append(b, '.')
		return appendUint8(b, byte(1+(v.ip&0xff)%254))
	}
	b = appendHex16(b, a.v6[0])
	b = append(b, ':')
	b = appendHex16(b, a.v6[1])
	b = append(b, ':')
	b = appendHex16(b, a.v6[2]|uint16(v.ip>>56))
	b = append(b, ':')
	b = appendHex16(b, uint16(v.ip>>40)&0x0ff0)
	h := mix64(v.ip)
	for i := 0; i < 4; i++ {
		b = append(b, ':')
		b = appendHex16(b, uint16(h>>(16*i)))
	}
	return b
}

func appendUint8(b []byte, x byte) []byte {
	switch {
	case x >= 100:
		return append(b, '0'+x/100, '0'+x/10%10, '0'+x%10)
	case x >= 10:
		return append(b, '0'+x/10, '0'+x%10)
	}
	return append(b, '0'+x)
}

const hexDigits = "0123456789abcdef"

func appendHex16(b []byte, x uint16) []byte {
	started := false
	for shift := 12; shift >= 0; shift -= 4 {
		d := (x >> shift) & 0xf
		if d != 0 || started || shift == 0 {
			b = append(b, hexDigits[d])
			started = true
		}
	}
	return b
}
