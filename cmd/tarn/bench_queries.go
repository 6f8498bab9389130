package main

import (
	"fmt"
	"time"
)

// benchQuery is one query of the benchmark set of the demo lake.
type benchQuery struct {
	N    int
	Name string
	SQL  string
}

// benchQueries renders the ten benchmark queries for a demo lake that ends
// at asOf, with its incident window and a busy zone for the one-partition
// query.
func benchQueries(asOf, incFrom, incTo time.Time, zone int64) []benchQuery {
	ts := func(t time.Time) string { return "TIMESTAMP '" + t.Format("2006-01-02 15:04:05") + "'" }
	day := asOf.AddDate(0, 0, -2)
	thisMonth := time.Date(asOf.Year(), asOf.Month(), 1, 0, 0, 0, 0, time.UTC)
	lastMonth := thisMonth.AddDate(0, -1, 0)
	return []benchQuery{
		{1, "requests and bytes per day", `SELECT CAST(ts AS DATE) AS day, count(*) AS requests, sum(bytes) AS bytes
FROM fct.http_requests GROUP BY 1 ORDER BY 1`},
		{2, "top 10 zones by bytes, last 7 days", fmt.Sprintf(`SELECT zone_id, sum(bytes) AS bytes FROM fct.http_requests
WHERE ts >= %s AND ts < %s GROUP BY zone_id ORDER BY bytes DESC LIMIT 10`, ts(asOf.AddDate(0, 0, -7)), ts(asOf))},
		{3, "cache hit ratio per colo", `SELECT colo, avg(CASE WHEN cache_status = 'hit' THEN 1.0 ELSE 0.0 END) AS hit_ratio, count(*) AS requests
FROM fct.http_requests GROUP BY colo ORDER BY colo`},
		{4, "bytes per account region last month", fmt.Sprintf(`SELECT a.region, sum(r.bytes) AS bytes
FROM fct.http_requests r JOIN dim.zones z ON r.zone_id = z.zone_id JOIN dim.accounts a ON z.account_id = a.account_id
WHERE r.ts >= %s AND r.ts < %s GROUP BY a.region ORDER BY bytes DESC`, ts(lastMonth), ts(thisMonth))},
		{5, "p95 response bytes per client country", `SELECT client_country, quantile_cont(bytes, 0.95) AS p95_bytes
FROM fct.http_requests GROUP BY client_country ORDER BY p95_bytes DESC`},
		{6, "status codes for one zone on one day", fmt.Sprintf(`SELECT status, count(*) AS requests FROM fct.http_requests
WHERE zone_id = %d AND ts >= %s AND ts < %s GROUP BY status ORDER BY status`, zone, ts(day), ts(day.AddDate(0, 0, 1)))},
		{7, "distinct client IPs per zone per day", `SELECT zone_id, CAST(ts AS DATE) AS day, count(DISTINCT client_ip) AS ips
FROM fct.http_requests GROUP BY 1, 2`},
		{8, "top source ASNs by blocked requests in the incident", fmt.Sprintf(`SELECT source_asn, sum(requests) AS blocked
FROM fct.security_events WHERE action = 'block' AND ts >= %s AND ts < %s
GROUP BY source_asn ORDER BY blocked DESC LIMIT 10`, ts(incFrom), ts(incTo))},
		{9, "revenue per month per plan", `SELECT b.month, a.plan, sum(b.alloc_amount) AS revenue
FROM fct.billings_allocated b JOIN dim.accounts a ON b.account_id = a.account_id GROUP BY 1, 2 ORDER BY 1, 2`},
		{10, "month-over-month traffic growth per European account", `WITH monthly AS (
  SELECT z.account_id, date_trunc('month', r.ts) AS month, sum(r.bytes) AS bytes
  FROM fct.http_requests r JOIN dim.zones z ON r.zone_id = z.zone_id JOIN dim.accounts a ON z.account_id = a.account_id
  WHERE a.region = 'europe' GROUP BY 1, 2)
SELECT account_id, month, bytes, bytes / lag(bytes) OVER (PARTITION BY account_id ORDER BY month) - 1 AS growth
FROM monthly ORDER BY account_id, month`},
	}
}
