package demo

import (
	"math"
	"sort"
	"strings"
)

// buildAccounts draws the customers and numbers them in order of sign-up.
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
