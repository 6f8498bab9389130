package demo

import (
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

var (
	emailRE  = regexp.MustCompile(`^[a-z]+(\.[a-z]+)?@[a-z0-9-]+(\.[a-z]+)+$`)
	e164RE   = regexp.MustCompile(`^\+[1-9][0-9]{7,14}$`)
	domainRE = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z]{2,})+$`)
)

func TestAccountsLookReal(t *testing.T) {
	l := testLake(t)
	a := l.frame(t, "dim.accounts")
	names, plan, ctype := a.strs(t, "account_name"), a.strs(t, "plan"), a.strs(t, "customer_type")
	region, country := a.strs(t, "region"), a.strs(t, "country")
	email, phone, created := a.strs(t, "owner_email"), a.strs(t, "billing_phone"), a.ints(t, "created_at")

	regionOf, ccOf := map[string]string{}, map[string]string{}
	for _, c := range countries {
		regionOf[c.code] = regions[c.region]
		ccOf[c.code] = c.phoneCC
	}
	unique := map[string]bool{}
	plans, types := map[string]int{}, map[string]int{}
	enterpriseEurope, lastMonth := 0, 0
	asOf := testOptions.AsOf
	lmStart := time.Date(asOf.Year(), asOf.Month()-1, 1, 0, 0, 0, 0, time.UTC)
	lmEnd := lmStart.AddDate(0, 1, 0)
	for i := range names {
		if unique[names[i]] {
			t.Errorf("account name %q repeats", names[i])
		}
		unique[names[i]] = true
		plans[plan[i]]++
		types[ctype[i]]++
		if regionOf[country[i]] != region[i] {
			t.Errorf("account in %s has region %s", country[i], region[i])
		}
		if plan[i] == "enterprise" && region[i] == "europe" {
			enterpriseEurope++
		}
		if !emailRE.MatchString(email[i]) {
			t.Errorf("owner_email %q", email[i])
		}
		if phone[i] != "" && (!e164RE.MatchString(phone[i]) || !strings.HasPrefix(phone[i], "+"+ccOf[country[i]])) {
			t.Errorf("billing_phone %q for %s", phone[i], country[i])
		}
		c := time.UnixMicro(created[i]).UTC()
		if !c.Before(asOf) {
			t.Errorf("account created %s, after the as-of date", c)
		}
		if !c.Before(lmStart) && c.Before(lmEnd) {
			lastMonth++
		}
	}
	if len(plans) != 4 || len(types) != 2 {
		t.Errorf("plans %v, customer types %v", plans, types)
	}
	if enterpriseEurope < 10 {
		t.Errorf("%d enterprise accounts in europe", enterpriseEurope)
	}
	if lastMonth == 0 {
		t.Error("no account was created last month")
	}
	if n := a.nulls(t, "billing_phone"); n == 0 || n > len(names)/4 {
		t.Errorf("%d accounts without a billing phone", n)
	}
}

func TestZonesAreUniqueDomainsWithHeavyTailedOwnership(t *testing.T) {
	l := testLake(t)
	z := l.frame(t, "dim.zones")
	names, status, accts := z.strs(t, "zone_name"), z.strs(t, "status"), z.ints(t, "account_id")
	seen := map[string]bool{}
	statuses := map[string]int{}
	perAccount := map[int64]int{}
	for i := range names {
		if seen[names[i]] {
			t.Errorf("zone name %q repeats", names[i])
		}
		seen[names[i]] = true
		if !domainRE.MatchString(names[i]) {
			t.Errorf("zone name %q is not a domain", names[i])
		}
		statuses[status[i]]++
		perAccount[accts[i]]++
	}
	if len(statuses) != 3 || statuses["active"] < len(names)*3/4 {
		t.Errorf("zone statuses %v", statuses)
	}
	var counts []int
	for _, n := range perAccount {
		counts = append(counts, n)
	}
	sort.Ints(counts)
	if len(counts) != numAccounts || counts[len(counts)/2] > 2 || counts[len(counts)-1] < 50 {
		t.Errorf("zones per account: %d accounts, median %d, max %d", len(counts), counts[len(counts)/2], counts[len(counts)-1])
	}
}

func TestAHandfulOfEuropeanAccountsGrowStronglyLastMonth(t *testing.T) {
	l := testLake(t)
	a := l.frame(t, "dim.accounts")
	europe := map[int64]bool{}
	ids, region := a.ints(t, "account_id"), a.strs(t, "region")
	for i := range ids {
		europe[ids[i]] = region[i] == "europe"
	}
	z := l.frame(t, "dim.zones")
	owner := map[int64]int64{}
	zids, zacct := z.ints(t, "zone_id"), z.ints(t, "account_id")
	for i := range zids {
		owner[zids[i]] = zacct[i]
	}
	asOf := testOptions.AsOf
	last := time.Date(asOf.Year(), asOf.Month()-1, 1, 0, 0, 0, 0, time.UTC)
	prev := last.AddDate(0, -1, 0)
	d := l.frame(t, "fct.traffic_daily")
	day, zone, req := d.ints(t, "day"), d.ints(t, "zone_id"), d.ints(t, "requests")
	lastReq, prevReq := map[int64]float64{}, map[int64]float64{}
	for i := range day {
		acct := owner[zone[i]]
		if !europe[acct] {
			continue
		}
		switch m := dateTime(day[i]); {
		case !m.Before(last) && m.Before(last.AddDate(0, 1, 0)):
			lastReq[acct] += float64(req[i])
		case !m.Before(prev) && m.Before(last):
			prevReq[acct] += float64(req[i])
		}
	}
	// Growth per day, as the months differ in length.
	lastDays := last.AddDate(0, 1, 0).Sub(last).Hours() / 24
	prevDays := last.Sub(prev).Hours() / 24
	type growth struct {
		acct  int64
		ratio float64
	}
	var strong []growth
	for acct, p := range prevReq {
		if p < 30 {
			continue // too little traffic for a ratio to mean anything
		}
		if r := (lastReq[acct] / lastDays) / (p / prevDays); r >= 2 {
			strong = append(strong, growth{acct, r})
		}
	}
	if len(strong) < 3 || len(strong) > 15 {
		t.Errorf("%d established European accounts at least doubled their daily traffic last month: %v", len(strong), strong)
	}
	// The accounts the generator boosts are among them.
	w := newWorld(testOptions)
	for _, gi := range w.growth {
		id, found := w.accounts[gi].id, false
		for _, g := range strong {
			found = found || g.acct == id
		}
		if !found {
			t.Errorf("growth account %d (%s) did not double: %.0f requests the month before, %.0f last month",
				id, w.accounts[gi].name, prevReq[id], lastReq[id])
		}
	}
	t.Logf("accounts that doubled: %v", strong)
}
