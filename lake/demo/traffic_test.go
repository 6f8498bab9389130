package demo

import (
	"net/netip"
	"regexp"
	"sort"
	"testing"
	"time"
)

type rollupKey struct {
	day     int64
	zone    int64
	country string
}

type rollupVal struct{ requests, bytes, cached, threats int64 }

func TestTrafficDailyIsExactlyTheDailyRollupOfHTTPRequests(t *testing.T) {
	l := testLake(t)
	r := l.frame(t, "fct.http_requests")
	ts, zone, country := r.ints(t, "ts"), r.ints(t, "zone_id"), r.strs(t, "client_country")
	bytes, cache, score := r.ints(t, "bytes"), r.strs(t, "cache_status"), r.ints(t, "bot_score")
	want := map[rollupKey]rollupVal{}
	for i := range ts {
		k := rollupKey{ts[i] / int64(dayMicros), zone[i], country[i]}
		v := want[k]
		v.requests++
		v.bytes += bytes[i]
		if cache[i] == "hit" {
			v.cached += bytes[i]
		}
		if score[i] < 10 {
			v.threats++
		}
		want[k] = v
	}

	d := l.frame(t, "fct.traffic_daily")
	day, dz, dc := d.ints(t, "day"), d.ints(t, "zone_id"), d.strs(t, "client_country")
	req, by, cb, th := d.ints(t, "requests"), d.ints(t, "bytes"), d.ints(t, "cached_bytes"), d.ints(t, "threats")
	if len(day) != len(want) {
		t.Errorf("fct.traffic_daily has %d rows, the rollup of fct.http_requests has %d", len(day), len(want))
	}
	seen := map[rollupKey]bool{}
	for i := range day {
		k := rollupKey{day[i], dz[i], dc[i]}
		if seen[k] {
			t.Fatalf("fct.traffic_daily repeats %+v", k)
		}
		seen[k] = true
		got := rollupVal{req[i], by[i], cb[i], th[i]}
		if got != want[k] {
			t.Fatalf("fct.traffic_daily %+v = %+v, rollup of fct.http_requests = %+v", k, got, want[k])
		}
	}
	// Rows come ordered by day, zone_id, client_country.
	ordered := sort.SliceIsSorted(day, func(i, j int) bool {
		if day[i] != day[j] {
			return day[i] < day[j]
		}
		if dz[i] != dz[j] {
			return dz[i] < dz[j]
		}
		return dc[i] < dc[j]
	})
	if !ordered {
		t.Error("fct.traffic_daily is not ordered by day, zone_id, client_country")
	}
}

var (
	colo3      = regexp.MustCompile(`^[A-Z]{3}$`)
	isoCountry = regexp.MustCompile(`^[A-Z]{2}$`)
)

func TestRequestsLookReal(t *testing.T) {
	l := testLake(t)
	r := l.frame(t, "fct.http_requests")
	n := r.rows()
	knownColo := map[string]bool{}
	for _, c := range countries {
		for _, code := range c.colos {
			knownColo[code] = true
		}
	}
	v6 := 0
	for _, ip := range r.strs(t, "client_ip") {
		a, err := netip.ParseAddr(ip)
		if err != nil {
			t.Fatalf("client_ip %q: %v", ip, err)
		}
		if a.Is6() {
			v6++
		}
		if a.IsPrivate() || a.IsLoopback() || a.IsUnspecified() || a.IsMulticast() {
			t.Errorf("client_ip %s is not a public address", ip)
		}
	}
	if share := float64(v6) / float64(n); share < 0.1 || share > 0.6 {
		t.Errorf("IPv6 share is %.2f, want some but not most", share)
	}
	for _, c := range r.strs(t, "colo") {
		if !colo3.MatchString(c) || !knownColo[c] {
			t.Fatalf("colo %q is not a known airport code", c)
		}
	}
	for _, c := range r.strs(t, "client_country") {
		if !isoCountry.MatchString(c) {
			t.Fatalf("client_country %q", c)
		}
	}
	cacheSeen := map[string]int{}
	for _, c := range r.strs(t, "cache_status") {
		cacheSeen[c]++
	}
	for _, c := range []string{"hit", "miss", "expired", "dynamic"} {
		if cacheSeen[c] == 0 {
			t.Errorf("no %s cache status", c)
		}
	}
	if len(cacheSeen) != 4 {
		t.Errorf("cache statuses %v", cacheSeen)
	}
	low, high := 0, 0
	for _, s := range r.ints(t, "bot_score") {
		if s < 1 || s > 99 {
			t.Fatalf("bot_score %d out of 1-99", s)
		}
		if s < 10 {
			low++
		}
		if s > 50 {
			high++
		}
	}
	if low == 0 || high < n/2 {
		t.Errorf("bot scores: %d below 10, %d above 50 of %d", low, high, n)
	}
	for _, s := range r.ints(t, "status") {
		if s < 100 || s > 599 {
			t.Fatalf("status %d", s)
		}
	}
	for _, b := range r.ints(t, "bytes") {
		if b <= 0 {
			t.Fatalf("bytes %d", b)
		}
	}
}

func TestColosAreNearTheirClients(t *testing.T) {
	l := testLake(t)
	r := l.frame(t, "fct.http_requests")
	near := map[string]map[string]bool{}
	for _, c := range countries {
		near[c.code] = map[string]bool{}
		for _, code := range c.colos {
			near[c.code][code] = true
		}
	}
	colo, country := r.strs(t, "colo"), r.strs(t, "client_country")
	for i := range colo {
		if !near[country[i]][colo[i]] {
			t.Fatalf("a client in %s was served from %s", country[i], colo[i])
		}
	}
}

func TestSomeCountriesSendFarMoreBotTraffic(t *testing.T) {
	l := testLake(t)
	d := l.frame(t, "fct.traffic_daily")
	req, th := map[string]int64{}, map[string]int64{}
	country, requests, threats := d.strs(t, "client_country"), d.ints(t, "requests"), d.ints(t, "threats")
	for i := range country {
		req[country[i]] += requests[i]
		th[country[i]] += threats[i]
	}
	share := func(c string) float64 { return float64(th[c]) / float64(req[c]) }
	for _, heavy := range []string{"CN", "RU", "VN"} {
		if share(heavy) < 2*share("GB") {
			t.Errorf("threat share %s %.3f is not well above GB's %.3f", heavy, share(heavy), share("GB"))
		}
	}
}

func TestZonesFollowDifferentTrendsAndAWeeklyRhythm(t *testing.T) {
	// Trends are properties of the weights the requests are drawn from, so
	// check them there rather than in a sample of 100,000 requests.
	w := newWorld(testOptions)
	growing, declining := 0, 0
	for zi := range w.zones {
		first, last := 0.0, 0.0
		for d := 0; d < 28; d++ {
			first += w.weights[d][zi]
			last += w.weights[Days-28+d][zi]
		}
		if first == 0 || w.accounts[w.zones[zi].acct].growth > 1 {
			continue
		}
		switch ratio := last / first; {
		case ratio > 1.3:
			growing++
		case ratio < 0.77:
			declining++
		}
	}
	if growing < 300 || declining < 300 {
		t.Errorf("%d zones grow by 30%% and %d decline by 23%% over the range", growing, declining)
	}
	weekly := 0
	for zi := range w.zones {
		var weekday, weekend float64
		for d := 0; d < Days; d++ {
			switch w.from.AddDate(0, 0, d).Weekday() {
			case time.Saturday, time.Sunday:
				weekend += w.weights[d][zi] / 2
			case time.Tuesday, time.Wednesday:
				weekday += w.weights[d][zi] / 2
			}
		}
		if weekday > 0 && (weekend/weekday < 0.8 || weekend/weekday > 1.15) {
			weekly++
		}
	}
	if weekly < 1000 {
		t.Errorf("only %d zones have a weekly rhythm", weekly)
	}
}
