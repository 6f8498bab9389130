package demo

import (
	"regexp"
	"testing"
	"time"
)

func TestSupportTicketBodiesSometimesHoldPII(t *testing.T) {
	l := testLake(t)
	tk := l.frame(t, "raw.support_tickets")
	bodies := tk.strs(t, "body")
	kinds := map[string]*regexp.Regexp{
		"email":   regexp.MustCompile(`[a-z0-9.]+@[a-z0-9-]+(\.[a-z]+)+`),
		"phone":   regexp.MustCompile(`\+[1-9][0-9]{7,14}\b`),
		"ipv4":    regexp.MustCompile(`\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b`),
		"ipv6":    regexp.MustCompile(`\b[0-9a-f]{1,4}(:[0-9a-f]{1,4}){7}\b`),
		"sk_live": regexp.MustCompile(`\bsk_live_[0-9A-Za-z]{24}\b`),
		"ghp":     regexp.MustCompile(`\bghp_[0-9A-Za-z]{36}\b`),
		"xoxb":    regexp.MustCompile(`\bxoxb-\d+-\d+-[0-9A-Za-z]+\b`),
	}
	clean := 0
	for _, b := range bodies {
		found := false
		for _, re := range kinds {
			if re.MatchString(b) {
				found = true
				break
			}
		}
		if !found {
			clean++
		}
	}
	for kind, re := range kinds {
		n := 0
		for _, b := range bodies {
			if re.MatchString(b) {
				n++
			}
		}
		if n == 0 {
			t.Errorf("no ticket body holds a %s", kind)
		}
	}
	if clean == 0 || clean == len(bodies) {
		t.Errorf("%d of %d ticket bodies hold no PII; want some but not all", clean, len(bodies))
	}
	from, to := testOptions.Range()
	for _, c := range tk.ints(t, "created_at") {
		if c < from.UnixMicro() || c >= to.UnixMicro() {
			t.Fatalf("ticket created %s, outside the range", time.UnixMicro(c).UTC())
		}
	}
}

func TestZoneExportIsAStaleCopyOfSomeZones(t *testing.T) {
	l := testLake(t)
	z := l.frame(t, "dim.zones")
	type zrow struct {
		acct               int64
		name, plan, status string
	}
	zones := map[int64]zrow{}
	ids, accts, names, plans, statuses := z.ints(t, "zone_id"), z.ints(t, "account_id"), z.strs(t, "zone_name"), z.strs(t, "plan"), z.strs(t, "status")
	for i := range ids {
		zones[ids[i]] = zrow{accts[i], names[i], plans[i], statuses[i]}
	}
	x := l.frame(t, "scratch.zone_export_tmp")
	xids, xaccts, xnames := x.ints(t, "zone_id"), x.ints(t, "account_id"), x.strs(t, "zone_name")
	xplans, xstatuses := x.strs(t, "plan"), x.strs(t, "status")
	created, exported := x.ints(t, "created_at"), x.ints(t, "exported_at")
	if len(xids) == 0 || len(xids) > len(ids)/2 {
		t.Fatalf("the export has %d of %d zones", len(xids), len(ids))
	}
	stale := 0
	for i := range xids {
		cur := zones[xids[i]]
		if cur.acct != xaccts[i] || cur.name != xnames[i] {
			t.Errorf("exported zone %d is %d/%s, dim.zones says %d/%s", xids[i], xaccts[i], xnames[i], cur.acct, cur.name)
		}
		if cur.plan != xplans[i] || cur.status != xstatuses[i] {
			stale++
		}
		if created[i] >= exported[i] {
			t.Errorf("zone %d exported before it was created", xids[i])
		}
		if age := testOptions.AsOf.Sub(time.UnixMicro(exported[i])); age < 30*24*time.Hour {
			t.Errorf("export is only %s old", age)
		}
	}
	if stale == 0 {
		t.Error("the export agrees with dim.zones everywhere; it should be stale")
	}
}
