package demo

import (
	"sort"
	"testing"
	"time"
)

func TestTheIncidentIsACredentialStuffingBurstAtLeast50TimesTheUsualRate(t *testing.T) {
	l := testLake(t)
	from, to := testOptions.IncidentWindow()
	if want := testOptions.AsOf.AddDate(0, 0, -3); !from.Truncate(24*time.Hour).Equal(want) || to.Sub(from) != 2*time.Hour {
		t.Fatalf("incident window [%s, %s), want two hours on %s", from, to, want.Format("2006-01-02"))
	}
	s := l.frame(t, "fct.security_events")
	ts, zone, asn := s.ints(t, "ts"), s.ints(t, "zone_id"), s.ints(t, "source_asn")
	attack, requests := s.strs(t, "attack_type"), s.ints(t, "requests")

	perHour := map[int64]int{}
	inWindow, outside := 0, 0
	csRequests := map[int64]int64{} // credential stuffing requests per ASN in the window
	var csTotal int64
	for i := range ts {
		perHour[ts[i]/hourMicros]++
		if ts[i] >= from.UnixMicro() && ts[i] < to.UnixMicro() {
			inWindow++
			if attack[i] == "credential_stuffing" {
				csRequests[asn[i]] += requests[i]
				csTotal += requests[i]
			}
		} else {
			outside++
		}
	}
	usual := float64(outside) / float64(Days*24-2)
	for h := from; h.Before(to); h = h.Add(time.Hour) {
		n := perHour[h.UnixMicro()/hourMicros]
		if float64(n) < 50*usual {
			t.Errorf("hour %s has %d events, usual is %.1f per hour: %.1fx, want >= 50x", h.Format("15:04"), n, usual, float64(n)/usual)
		}
	}

	// Five networks carry the attack.
	var asns []int64
	for a := range csRequests {
		asns = append(asns, a)
	}
	sort.Slice(asns, func(i, j int) bool { return csRequests[asns[i]] > csRequests[asns[j]] })
	if len(asns) < 5 {
		t.Fatalf("credential stuffing in the window comes from %d networks", len(asns))
	}
	var top5 int64
	top := map[int64]bool{}
	for _, a := range asns[:5] {
		top5 += csRequests[a]
		top[a] = true
	}
	if float64(top5) < 0.95*float64(csTotal) {
		t.Errorf("the top five networks carry %.2f of the attack", float64(top5)/float64(csTotal))
	}
	// About twenty zones are targeted.
	targets := map[int64]bool{}
	for i := range ts {
		if ts[i] >= from.UnixMicro() && ts[i] < to.UnixMicro() && attack[i] == "credential_stuffing" && top[asn[i]] {
			targets[zone[i]] = true
		}
	}
	if len(targets) < 15 || len(targets) > 25 {
		t.Errorf("the attack hit %d zones, want about twenty", len(targets))
	}
}

func TestTheIncidentAlsoShowsInTheRequests(t *testing.T) {
	l := testLake(t)
	from, to := testOptions.IncidentWindow()
	w := newWorld(testOptions)
	attackers := map[int64]bool{}
	for _, a := range w.incident.asns {
		attackers[int64(static().asns[a].num)] = true
	}
	r := l.frame(t, "fct.http_requests")
	ts, asn, method, score := r.ints(t, "ts"), r.ints(t, "client_asn"), r.strs(t, "method"), r.ints(t, "bot_score")
	path := r.strs(t, "path")
	n := 0
	for i := range ts {
		if ts[i] >= from.UnixMicro() && ts[i] < to.UnixMicro() && attackers[asn[i]] && method[i] == "POST" &&
			score[i] < 10 && (path[i] == "/login" || path[i] == "/api/v1/auth/login") {
			n++
		}
	}
	if want := w.incidentHTTPRows(); n < want {
		t.Errorf("%d attack requests in the window, want at least %d", n, want)
	}
}

func TestSecurityEventsLookReal(t *testing.T) {
	l := testLake(t)
	s := l.frame(t, "fct.security_events")
	want := map[string]map[string]bool{
		"action":      {"block": true, "challenge": true, "managed_challenge": true, "log": true},
		"attack_type": {"ddos": true, "sqli": true, "xss": true, "bot": true, "credential_stuffing": true, "path_traversal": true},
	}
	for col, values := range want {
		seen := map[string]bool{}
		for _, v := range s.strs(t, col) {
			if !values[v] {
				t.Fatalf("%s %q", col, v)
			}
			seen[v] = true
		}
		if len(seen) != len(values) {
			t.Errorf("%s: only %v", col, seen)
		}
	}
	for _, n := range s.ints(t, "requests") {
		if n < 1 {
			t.Fatalf("requests %d", n)
		}
	}
}
