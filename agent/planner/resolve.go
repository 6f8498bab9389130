package planner

import (
	"strings"
)

var securityDims = map[string]bool{"action": true, "attack_type": true, "rule": true}

// resolveData plans a question about data (not about the catalog).
func resolveData(p parsed) (*plan, *refusal) {
	ms := normaliseMetrics(p)
	p.dims = withoutFiltered(p.dims, p.values)
	pl := &plan{values: p.values, spans: p.spans, zone: p.zone, account: p.account, over: p.over}
	if p.flags["incident"] && len(p.spans) > 1 {
		return nil, refuse("I can look at the incident on its own, not together with another period")
	}
	if p.flags["compare"] || len(p.spans) == 2 {
		if len(p.spans) != 2 {
			return nil, refuse("tell me which two periods to compare, e.g. \"this week with last week\"")
		}
		m := "requests"
		if len(ms) == 1 {
			m = ms[0]
		} else if len(ms) > 1 {
			return nil, refuse("compare one measure at a time")
		}
		if m == "traffic" {
			m = "requests"
		}
		pl.shape, pl.metric = shapeCompare, metrics[m]
		return finish(pl, p)
	}
	if len(p.spans) > 1 {
		return nil, refuse("the question names more than one time range")
	}
	entity := ""
	for _, e := range p.entities {
		if (e == "zone" && p.zone != "") || (e == "account" && p.account != "") {
			continue
		}
		if entity != "" && entity != e {
			return nil, refuse("I can't tell whether the question is about accounts or zones")
		}
		entity = e
	}
	if p.account != "" && !contains(p.entities, "account") {
		p.entities = append(p.entities, "account")
	}
	switch {
	case p.flags["growth"]:
		m := "requests"
		if len(ms) == 1 && ms[0] != "traffic" {
			m = ms[0]
		}
		if len(ms) > 1 || (m != "requests" && m != "bytes" && m != "revenue") {
			return nil, refuse("I can measure growth of requests, bytes or revenue")
		}
		if len(p.spans) != 1 {
			return nil, refuse("tell me the period to measure growth over, e.g. \"last month\"")
		}
		if entity == "" {
			entity = "account"
		}
		pl.shape, pl.metric, pl.entity = shapeGrowth, metrics[m], entity
		pl.dims = []*dimension{dimensions[entity]}
		pl.top = orDefault(p.topN, 10)
		pl.asc = p.flags["bottom"]
		return finish(pl, p)
	case p.flags["avg"]:
		if !(p.flags["per_account"] || entity == "account") || len(ms) != 1 || ms[0] != "revenue" {
			return nil, refuse("I can average revenue per account; say \"average revenue per account\"")
		}
		pl.shape, pl.metric, pl.entity = shapeAvgPer, metrics["revenue"], "account"
		for _, d := range p.dims {
			pl.dims = append(pl.dims, dimensions[d])
		}
		return finish(pl, p)
	case p.flags["count"] && p.account != "" && entity == "zone" && len(ms) == 0:
		pl.shape, pl.entity = shapeCountOf, "zone"
		return finish(pl, p)
	case entity == "account" && p.flags["created"] && !p.flags["count"] && len(ms) == 0 && len(p.dims) == 0:
		if len(p.spans) != 1 {
			return nil, refuse("tell me when the accounts were created, e.g. \"last month\"")
		}
		pl.shape, pl.entity = shapeList, "account"
		return finish(pl, p)
	case len(ms) == 1 && ms[0] == "invoices" && !p.flags["count"] && len(p.dims) == 0 && entity == "":
		pl.shape, pl.entity = shapeList, "invoice"
		return finish(pl, p)
	}
	if p.over != 0 {
		return nil, refuse("I can only apply an amount threshold to a list of invoices")
	}
	if len(ms) == 0 {
		switch {
		case entity != "" && (p.flags["count"] || len(p.dims) > 0 || len(p.values) > 0):
			ms = []string{entity + "s"}
			entity = ""
		case hasSecurity(p) || p.flags["incident"]:
			ms = []string{"events"}
		case entity == "" && len(p.dims) > 0 && trafficDims(p.dims):
			ms = []string{"requests"} // "status code counts", "busiest colos"
		default:
			return nil, refuse("I can't tell what to measure")
		}
	}
	if len(ms) > 1 {
		return nil, refuse("ask about one measure at a time (%s)", strings.Join(ms, ", "))
	}
	pl.metric = metrics[ms[0]]
	// "blocked requests" counts the requests security events cover.
	pl.byRequests = ms[0] == "events" && (contains(p.metrics, "requests") || contains(p.metrics, "traffic"))
	if entity != "" && entity+"s" != ms[0] {
		pl.dims = append(pl.dims, dimensions[entity])
	}
	for _, d := range p.dims {
		pl.dims = append(pl.dims, dimensions[d])
	}
	pl.grain = p.grain
	if pl.grain == "" && p.flags["each"] && len(p.spans) == 1 {
		if p.spans[0].monthAligned() && p.spans[0].days() > 31 {
			pl.grain = "month"
		} else if p.spans[0].days() > 1 {
			pl.grain = "day"
		}
	}
	ranks := p.flags["top"] || p.flags["bottom"]
	switch {
	case pl.grain != "":
		pl.shape = shapeSeries
	case len(pl.dims) > 0:
		pl.shape = shapeGrouped
		pl.ranked = ranks
		pl.topAsked = p.topN > 0
		if ranks {
			pl.top = orDefault(p.topN, 10)
			pl.asc = p.flags["bottom"]
		}
	case pl.metric.Key == "traffic" && len(p.spans) == 1 && p.spans[0].days() > 1 && !p.flags["count"]:
		pl.shape, pl.grain = shapeSeries, "day"
	default:
		if ranks {
			return nil, refuse("tell me what to rank by, e.g. \"top 10 zones by bytes\"")
		}
		pl.shape = shapeValue
	}
	return finish(pl, p)
}

// normaliseMetrics folds the metrics a question names into the one it asks
// for: "share of requests served from cache" is the cache hit ratio, "bot
// traffic" is threats, "requests and bytes" is traffic.
func normaliseMetrics(p parsed) []string {
	ms := append([]string(nil), p.metrics...)
	has := func(k string) bool { return contains(ms, k) }
	drop := func(ks ...string) {
		out := ms[:0]
		for _, m := range ms {
			if !contains(ks, m) {
				out = append(out, m)
			}
		}
		ms = out
	}
	if p.flags["botdef"] && !has("threats") {
		ms = append(ms, "threats")
	}
	switch {
	case has("cache_ratio"):
		drop("requests", "traffic")
	case has("threats"):
		drop("requests", "traffic")
	case has("requests") && has("bytes"):
		drop("requests", "bytes")
		ms = appendOnce(ms, "traffic")
	}
	if has("cached_bytes") {
		drop("bytes")
	}
	if hasSecurity(p) && (has("requests") || has("events")) {
		drop("requests")
		ms = appendOnce(ms, "events")
	}
	return ms
}

func hasSecurity(p parsed) bool {
	for _, d := range p.dims {
		if securityDims[d] {
			return true
		}
	}
	for _, v := range p.values {
		if securityDims[v.Dim] {
			return true
		}
	}
	return p.flags["attack"]
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func orDefault(n, d int) int {
	if n > 0 {
		return n
	}
	return d
}

// withoutFiltered drops the dimensions a filter already fixes: "accounts on
// the enterprise plan" filters on plan rather than splitting by it.
func withoutFiltered(dims []string, values []value) []string {
	var out []string
	for _, d := range dims {
		fixed := false
		for _, v := range values {
			fixed = fixed || v.Dim == d
		}
		if !fixed {
			out = append(out, d)
		}
	}
	return out
}

// trafficDims reports whether every dimension is one of fct.http_requests.
func trafficDims(dims []string) bool {
	for _, d := range dims {
		if _, ok := dimensions[d].Cols[tRequests]; !ok {
			return false
		}
	}
	return true
}
