package demo

import "testing"

func set(vs []int64) map[int64]bool {
	m := make(map[int64]bool, len(vs))
	for _, v := range vs {
		m[v] = true
	}
	return m
}

func TestKeysAreUniqueAndReferencesResolve(t *testing.T) {
	l := testLake(t)
	keys := map[string]map[int64]bool{}
	for _, k := range []struct{ table, col string }{
		{"dim.accounts", "account_id"},
		{"dim.zones", "zone_id"},
		{"fct.billing_invoices", "invoice_id"},
		{"raw.support_tickets", "ticket_id"},
	} {
		ids := l.frame(t, k.table).ints(t, k.col)
		keys[k.table] = set(ids)
		if len(keys[k.table]) != len(ids) {
			t.Errorf("%s.%s has %d duplicate keys", k.table, k.col, len(ids)-len(keys[k.table]))
		}
	}
	refs := []struct{ table, col, target string }{
		{"dim.zones", "account_id", "dim.accounts"},
		{"fct.http_requests", "zone_id", "dim.zones"},
		{"fct.traffic_daily", "zone_id", "dim.zones"},
		{"fct.security_events", "zone_id", "dim.zones"},
		{"fct.billing_invoices", "account_id", "dim.accounts"},
		{"fct.billings_allocated", "account_id", "dim.accounts"},
		{"fct.billings_allocated", "invoice_id", "fct.billing_invoices"},
		{"raw.support_tickets", "account_id", "dim.accounts"},
		{"scratch.zone_export_tmp", "zone_id", "dim.zones"},
		{"scratch.zone_export_tmp", "account_id", "dim.accounts"},
	}
	for _, r := range refs {
		missing := 0
		for _, v := range l.frame(t, r.table).ints(t, r.col) {
			if !keys[r.target][v] {
				missing++
			}
		}
		if missing > 0 {
			t.Errorf("%s.%s: %d values not in %s", r.table, r.col, missing, r.target)
		}
	}
}

func TestAllocationsBelongToTheirInvoicesAccount(t *testing.T) {
	l := testLake(t)
	inv := l.frame(t, "fct.billing_invoices")
	owner := map[int64]int64{}
	ids, accts := inv.ints(t, "invoice_id"), inv.ints(t, "account_id")
	for i := range ids {
		owner[ids[i]] = accts[i]
	}
	al := l.frame(t, "fct.billings_allocated")
	aInv, aAcct := al.ints(t, "invoice_id"), al.ints(t, "account_id")
	for i := range aInv {
		if owner[aInv[i]] != aAcct[i] {
			t.Fatalf("allocation of invoice %d is for account %d, the invoice is account %d's", aInv[i], aAcct[i], owner[aInv[i]])
		}
	}
}

func TestZonesAndTheirTrafficStartAfterTheirAccount(t *testing.T) {
	l := testLake(t)
	acc := l.frame(t, "dim.accounts")
	created := map[int64]int64{}
	ids, cts := acc.ints(t, "account_id"), acc.ints(t, "created_at")
	for i := range ids {
		created[ids[i]] = cts[i]
	}
	z := l.frame(t, "dim.zones")
	zid, zacct, zcreated := z.ints(t, "zone_id"), z.ints(t, "account_id"), z.ints(t, "created_at")
	zoneCreated := map[int64]int64{}
	for i := range zid {
		if zcreated[i] < created[zacct[i]] {
			t.Errorf("zone %d was created before its account %d", zid[i], zacct[i])
		}
		zoneCreated[zid[i]] = zcreated[i]
	}
	day := int64(dayMicros)
	r := l.frame(t, "fct.http_requests")
	ts := r.ints(t, "ts")
	for i, zone := range r.ints(t, "zone_id") {
		// Traffic starts on the zone's creation day.
		if ts[i]/day < zoneCreated[zone]/day {
			t.Fatalf("zone %d has a request at %d, before the day it was created (%d)", zone, ts[i], zoneCreated[zone])
		}
	}
}
