package guard

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

// tbl builds an expected TableRef from "ns.name" and an alias.
func tbl(qualified, alias string) TableRef {
	ns, name, _ := strings.Cut(qualified, ".")
	return TableRef{Namespace: ns, Name: name, Alias: alias}
}

func atVersion(t TableRef, v int64) TableRef { t.AtVersion = &v; return t }

func atTime(t TableRef, ts time.Time) TableRef { t.AtTimestamp = &ts; return t }

// flt builds an expected Filter on table index table.
func flt(table int, col, op string, vals ...any) Filter {
	return Filter{Table: table, Column: col, Op: op, Values: vals}
}

// among builds an expected Filter the engine resolves among candidates.
func among(cands []int, col, op string, vals ...any) Filter {
	return Filter{Table: -1, Candidates: cands, Column: col, Op: op, Values: vals}
}

func dateFlt(f Filter) Filter { f.IsDate = true; return f }

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func ts(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04:05", s)
	if err != nil {
		panic(err)
	}
	return t
}

// dateCast builds the filters derived from CAST(col AS DATE) = d.
func dateCast(table int, col string, d string, note string) []Filter {
	lo, hi := dateFlt(flt(table, col, ">=", day(d))), dateFlt(flt(table, col, "<", day(d).AddDate(0, 0, 1)))
	lo.DateCast, hi.DateCast, lo.Note, hi.Note = true, true, note, note
	return []Filter{lo, hi}
}

type allowedCase struct {
	name    string
	sql     string
	tables  []TableRef
	filters []Filter
}

// benchmarkQueries are the ten queries of `tarn bench` (DEMO_DATA.md), for
// an as-of date of 2026-11-15.
var benchmarkQueries = []allowedCase{
	{
		name:   "bench 1: requests and bytes per day",
		sql:    "SELECT CAST(ts AS DATE) AS day, count(*) AS requests, sum(bytes) AS bytes FROM fct.http_requests GROUP BY 1 ORDER BY 1",
		tables: []TableRef{tbl("fct.http_requests", "")},
	},
	{
		name: "bench 2: top 10 zones by bytes in the last 7 days",
		sql: `SELECT zone_id, sum(bytes) AS bytes FROM fct.http_requests
			WHERE ts >= TIMESTAMP '2026-11-08 00:00:00' AND ts < TIMESTAMP '2026-11-15 00:00:00'
			GROUP BY zone_id ORDER BY bytes DESC LIMIT 10`,
		tables: []TableRef{tbl("fct.http_requests", "")},
		filters: []Filter{
			flt(0, "ts", ">=", ts("2026-11-08 00:00:00")),
			flt(0, "ts", "<", ts("2026-11-15 00:00:00")),
		},
	},
	{
		name: "bench 3: cache hit ratio per colo",
		sql: `SELECT colo, avg(CASE WHEN cache_status = 'hit' THEN 1.0 ELSE 0.0 END) AS hit_ratio
			FROM fct.http_requests GROUP BY colo ORDER BY hit_ratio DESC`,
		tables: []TableRef{tbl("fct.http_requests", "")},
	},
	{
		name: "bench 4: bytes per account region last month",
		sql: `SELECT a.region, sum(r.bytes) AS bytes
			FROM fct.http_requests r
			JOIN dim.zones z ON r.zone_id = z.zone_id
			JOIN dim.accounts a ON z.account_id = a.account_id
			WHERE r.ts >= DATE '2026-10-01' AND r.ts < DATE '2026-11-01'
			GROUP BY a.region ORDER BY bytes DESC`,
		tables: []TableRef{tbl("fct.http_requests", "r"), tbl("dim.zones", "z"), tbl("dim.accounts", "a")},
		filters: []Filter{
			dateFlt(flt(0, "ts", ">=", day("2026-10-01"))),
			dateFlt(flt(0, "ts", "<", day("2026-11-01"))),
		},
	},
	{
		name: "bench 5: 95th percentile response bytes per client country",
		sql: `SELECT client_country, quantile_cont(bytes, 0.95) AS p95_bytes
			FROM fct.http_requests GROUP BY client_country ORDER BY p95_bytes DESC`,
		tables: []TableRef{tbl("fct.http_requests", "")},
	},
	{
		name: "bench 6: status codes for one zone on one day",
		sql: `SELECT status, count(*) AS n FROM fct.http_requests
			WHERE zone_id = 1042 AND ts::DATE = DATE '2026-11-12'
			GROUP BY status ORDER BY n DESC`,
		tables: []TableRef{tbl("fct.http_requests", "")},
		filters: append([]Filter{flt(0, "zone_id", "=", int64(1042))},
			dateCast(0, "ts", "2026-11-12", "from CAST(ts AS DATE) = 2026-11-12")...),
	},
	{
		name: "bench 7: distinct client IPs per zone per day",
		sql: `SELECT zone_id, date_trunc('day', ts) AS day, count(DISTINCT client_ip) AS ips
			FROM fct.http_requests GROUP BY ALL ORDER BY ALL`,
		tables: []TableRef{tbl("fct.http_requests", "")},
	},
	{
		name: "bench 8: top source ASNs by blocked requests during the incident",
		sql: `SELECT source_asn, sum(requests) AS blocked FROM fct.security_events
			WHERE action = 'block'
			  AND ts BETWEEN TIMESTAMP '2026-11-12 14:00:00' AND TIMESTAMP '2026-11-12 16:00:00'
			GROUP BY source_asn ORDER BY blocked DESC LIMIT 10`,
		tables: []TableRef{tbl("fct.security_events", "")},
		filters: []Filter{
			flt(0, "action", "=", "block"),
			flt(0, "ts", ">=", ts("2026-11-12 14:00:00")),
			flt(0, "ts", "<=", ts("2026-11-12 16:00:00")),
		},
	},
	{
		name: "bench 9: revenue per month per plan",
		sql: `SELECT b.month, a.plan, sum(b.alloc_amount) AS revenue
			FROM fct.billings_allocated b JOIN dim.accounts a USING (account_id)
			GROUP BY ALL ORDER BY ALL`,
		tables: []TableRef{tbl("fct.billings_allocated", "b"), tbl("dim.accounts", "a")},
	},
	{
		name: "bench 10: month-over-month traffic growth per European account",
		sql: `WITH monthly AS (
				SELECT z.account_id, date_trunc('month', t.day) AS month, sum(t.requests) AS requests
				FROM fct.traffic_daily t
				JOIN dim.zones z ON t.zone_id = z.zone_id
				JOIN dim.accounts a ON a.account_id = z.account_id
				WHERE a.region = 'europe'
				GROUP BY ALL)
			SELECT account_id, month, requests,
			       requests / lag(requests) OVER (PARTITION BY account_id ORDER BY month) - 1 AS growth
			FROM monthly ORDER BY account_id, month`,
		tables:  []TableRef{tbl("fct.traffic_daily", "t"), tbl("dim.zones", "z"), tbl("dim.accounts", "a")},
		filters: []Filter{flt(2, "region", "=", "europe")},
	},
}

var allowedQueries = []allowedCase{
	{
		name:   "time travel by version",
		sql:    "SELECT count(*) FROM fct.http_requests AT (VERSION => 42)",
		tables: []TableRef{atVersion(tbl("fct.http_requests", ""), 42)},
	},
	{
		name:   "comment rules made of dashes and short sign runs",
		sql:    "-- " + strings.Repeat("-", 200) + "\nSELECT 1 +-+ 2, '" + strings.Repeat("+", 64) + "' FROM dim.accounts",
		tables: []TableRef{tbl("dim.accounts", "")},
	},
	{
		name:   "time travel to a real-sized snapshot id",
		sql:    "SELECT count(*) FROM fct.http_requests AT (VERSION => 5937117119577207079)",
		tables: []TableRef{atVersion(tbl("fct.http_requests", ""), 5937117119577207079)},
	},
	{
		name:   "time travel by timestamp literal, with alias",
		sql:    "SELECT count(*) FROM fct.http_requests r AT (TIMESTAMP => TIMESTAMP '2026-11-01 00:00:00')",
		tables: []TableRef{atTime(tbl("fct.http_requests", "r"), ts("2026-11-01 00:00:00"))},
	},
	{
		name:   "time travel by plain string and by offset timestamp",
		sql:    "SELECT * FROM fct.http_requests a AT (TIMESTAMP => '2026-11-01'), dim.zones z AT (TIMESTAMP => TIMESTAMPTZ '2026-11-01 02:00:00+02')",
		tables: []TableRef{atTime(tbl("fct.http_requests", "a"), ts("2026-11-01 00:00:00")), atTime(tbl("dim.zones", "z"), ts("2026-11-01 00:00:00"))},
	},
	{
		name:   "references in order of appearance, CTE names excluded",
		sql:    "WITH z AS (SELECT * FROM dim.zones) SELECT (SELECT max(ts) FROM fct.http_requests), * FROM z JOIN dim.accounts USING (account_id)",
		tables: []TableRef{tbl("dim.zones", ""), tbl("fct.http_requests", ""), tbl("dim.accounts", "")},
	},
	{
		name:   "same table twice",
		sql:    "SELECT * FROM dim.zones a JOIN dim.zones b ON a.zone_id = b.zone_id WHERE a.status = 'active' AND b.plan = 'pro'",
		tables: []TableRef{tbl("dim.zones", "a"), tbl("dim.zones", "b")},
		filters: []Filter{
			flt(0, "status", "=", "active"),
			flt(1, "plan", "=", "pro"),
		},
	},
	{
		name:    "FROM-first syntax",
		sql:     "FROM dim.accounts SELECT account_name WHERE plan = 'enterprise'",
		tables:  []TableRef{tbl("dim.accounts", "")},
		filters: []Filter{flt(0, "plan", "=", "enterprise")},
	},
	{
		name:   "set operations",
		sql:    "SELECT zone_id FROM dim.zones WHERE status = 'paused' UNION SELECT zone_id FROM scratch.zone_export_tmp EXCEPT SELECT zone_id FROM dim.zones WHERE status = 'deleted'",
		tables: []TableRef{tbl("dim.zones", ""), tbl("scratch.zone_export_tmp", ""), tbl("dim.zones", "")},
		filters: []Filter{
			flt(0, "status", "=", "paused"),
			flt(2, "status", "=", "deleted"),
		},
	},
	{
		name:   "recursive CTE refers to itself",
		sql:    "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 10) SELECT * FROM r, dim.accounts WHERE account_id = n",
		tables: []TableRef{tbl("dim.accounts", "")},
	},
	{
		name:   "materialized CTE, later CTE sees earlier one",
		sql:    "WITH a AS MATERIALIZED (SELECT * FROM dim.accounts), b AS (SELECT * FROM a WHERE plan = 'pro') SELECT * FROM b",
		tables: []TableRef{tbl("dim.accounts", "")},
	},
	{
		name:   "CTE named like a namespace does not shadow two-part names",
		sql:    "WITH fct AS (SELECT 1 AS x), http_requests AS (SELECT 2 AS y) SELECT * FROM fct, http_requests, fct.http_requests",
		tables: []TableRef{tbl("fct.http_requests", "")},
	},
	{
		name:    "VALUES, window functions, QUALIFY",
		sql:     "SELECT v.x, row_number() OVER (PARTITION BY zone_id ORDER BY ts DESC) AS rn FROM fct.http_requests, (VALUES (1), (2)) v(x) WHERE status = 500 QUALIFY rn <= 3",
		tables:  []TableRef{tbl("fct.http_requests", "")},
		filters: []Filter{among([]int{0}, "status", "=", int64(500))},
	},
	{
		name:   "PIVOT with an IN list and UNPIVOT",
		sql:    "SELECT * FROM fct.traffic_daily PIVOT (sum(requests) FOR client_country IN ('DE', 'FR') GROUP BY day) p, (SELECT * FROM dim.accounts UNPIVOT (v FOR k IN (plan, region)))",
		tables: []TableRef{tbl("fct.traffic_daily", ""), tbl("dim.accounts", "")},
	},
	{
		name:   "allowed table functions",
		sql:    "SELECT * FROM range(10) r, generate_series(1, 3) g, unnest([1, 2]) u(x), dim.accounts, LATERAL unnest(string_split(account_name, ' ')) w",
		tables: []TableRef{tbl("dim.accounts", "")},
	},
	{
		name:   "lateral join and correlated subqueries",
		sql:    "SELECT * FROM dim.accounts a, LATERAL (SELECT count(*) FROM dim.zones z WHERE z.account_id = a.account_id) c WHERE EXISTS (SELECT 1 FROM fct.billing_invoices i WHERE i.account_id = a.account_id AND i.status = 'open')",
		tables: []TableRef{tbl("dim.accounts", "a"), tbl("dim.zones", "z"), tbl("fct.billing_invoices", "i")},
		filters: []Filter{
			flt(2, "status", "=", "open"),
		},
	},
	{
		name:   "everyday expressions",
		sql:    "SELECT DISTINCT ON (plan) plan, account_name ILIKE '%a%', [1, 2][1], {'k': 1}.k, list_transform([1], x -> x + 1), count(*) FILTER (WHERE region = 'europe'), string_agg(country, ',' ORDER BY country), coalesce(billing_phone, '-'), * EXCLUDE (owner_email), COLUMNS('created.*') FROM dim.accounts GROUP BY ALL ORDER BY 1 NULLS LAST LIMIT 10 OFFSET 5",
		tables: []TableRef{tbl("dim.accounts", "")},
	},
	{
		name:   "sampling",
		sql:    "SELECT * FROM fct.http_requests TABLESAMPLE 10% WHERE status = 200",
		tables: []TableRef{tbl("fct.http_requests", "")},
	},
	{
		name:   "select-level sample",
		sql:    "SELECT * FROM fct.http_requests WHERE status = 200 USING SAMPLE 1000 ROWS",
		tables: []TableRef{tbl("fct.http_requests", "")},
	},
}

// filterCases are about which WHERE conjuncts become filters.
var filterCases = []allowedCase{
	{
		name:   "every operator, flipped constants, IN, null checks",
		sql:    "SELECT * FROM fct.http_requests WHERE status = 200 AND bytes != 0 AND 10 < bot_score AND bot_score <= 90 AND 5 >= client_asn AND method IN ('GET', 'HEAD') AND user_agent IS NULL AND path IS NOT NULL AND cache_status <> 'hit'",
		tables: []TableRef{tbl("fct.http_requests", "")},
		filters: []Filter{
			flt(0, "status", "=", int64(200)),
			flt(0, "bytes", "!=", int64(0)),
			flt(0, "bot_score", ">", int64(10)),
			flt(0, "bot_score", "<=", int64(90)),
			flt(0, "client_asn", "<=", int64(5)),
			flt(0, "method", "in", "GET", "HEAD"),
			flt(0, "user_agent", "is_null"),
			flt(0, "path", "not_null"),
			flt(0, "cache_status", "!=", "hit"),
		},
	},
	{
		name:   "literal kinds",
		sql:    "SELECT * FROM fct.billing_invoices WHERE billed_amount > 1.5 AND billed_amount < 0.1 AND invoice_id = CAST('77' AS BIGINT) AND account_id = 9007199254740993 AND currency = 'USD'::VARCHAR AND status = true AND invoice_month = DATE '2026-10-01' AND billed_amount > 1e3 AND billed_amount < -2",
		tables: []TableRef{tbl("fct.billing_invoices", "")},
		filters: []Filter{
			flt(0, "billed_amount", ">", 1.5),
			flt(0, "invoice_id", "=", int64(77)),
			flt(0, "account_id", "=", int64(9007199254740993)),
			flt(0, "currency", "=", "USD"),
			flt(0, "status", "=", true),
			dateFlt(flt(0, "invoice_month", "=", day("2026-10-01"))),
			flt(0, "billed_amount", ">", 1000.0),
			flt(0, "billed_amount", "<", int64(-2)),
		},
	},
	{
		name:   "timestamps: strings kept as written, TIMESTAMP as UTC wall clock, no TIMESTAMPTZ",
		sql:    "SELECT * FROM fct.http_requests WHERE ts >= TIMESTAMPTZ '2026-11-01 02:00:00+02' AND ts < '2026-11-02' AND ts <> TIMESTAMPTZ '2026-11-01 10:00:00' AND ts > TIMESTAMP '2026-10-31 23:59:59.5' AND ts::DATE = TIMESTAMP '2026-11-01 00:00:00'",
		tables: []TableRef{tbl("fct.http_requests", "")},
		filters: []Filter{
			flt(0, "ts", "<", "2026-11-02"),
			flt(0, "ts", ">", ts("2026-10-31 23:59:59").Add(500*time.Millisecond)),
		},
	},
	{
		name:   "nested AND, BETWEEN on dates",
		sql:    "SELECT * FROM fct.traffic_daily WHERE (zone_id = 7 AND (day BETWEEN DATE '2026-10-01' AND DATE '2026-10-31'))",
		tables: []TableRef{tbl("fct.traffic_daily", "")},
		filters: []Filter{
			flt(0, "zone_id", "=", int64(7)),
			dateFlt(flt(0, "day", ">=", day("2026-10-01"))),
			dateFlt(flt(0, "day", "<=", day("2026-10-31"))),
		},
	},
	{
		name:   "CAST(ts AS DATE) comparisons become timestamp bounds",
		sql:    "SELECT * FROM fct.http_requests WHERE CAST(ts AS DATE) >= '2026-11-01' AND ts::date BETWEEN DATE '2026-11-01' AND DATE '2026-11-03'",
		tables: []TableRef{tbl("fct.http_requests", "")},
		filters: func() []Filter {
			a := dateFlt(flt(0, "ts", ">=", day("2026-11-01")))
			a.DateCast, a.Note = true, "from CAST(ts AS DATE) >= 2026-11-01"
			b := dateFlt(flt(0, "ts", ">=", day("2026-11-01")))
			c := dateFlt(flt(0, "ts", "<", day("2026-11-04")))
			b.DateCast, c.DateCast = true, true
			b.Note = "from CAST(ts AS DATE) BETWEEN 2026-11-01 AND 2026-11-03"
			c.Note = b.Note
			return []Filter{a, b, c}
		}(),
	},
	{
		name:   "no filter from OR, NOT, functions, columns on both sides, NULL comparisons, inexact decimals, TRY_CAST",
		sql:    "SELECT * FROM fct.http_requests WHERE (status = 200 OR status = 404) AND NOT (bytes IS NULL) AND lower(method) = 'get' AND bytes > bot_score AND status = NULL AND status NOT IN (500) AND bytes > 0.3 AND bytes < TRY_CAST('5' AS BIGINT) AND status NOT BETWEEN 1 AND 2 AND status IN (1, NULL)",
		tables: []TableRef{tbl("fct.http_requests", "")},
	},
	{
		name:    "DuckDB's parser folds NOT (a = b) into a != b",
		sql:     "SELECT * FROM fct.http_requests WHERE NOT (bytes = 0)",
		tables:  []TableRef{tbl("fct.http_requests", "")},
		filters: []Filter{flt(0, "bytes", "!=", int64(0))},
	},
	{
		name:   "qualified by alias, by table name, by namespace.table",
		sql:    "SELECT * FROM fct.http_requests, dim.zones z WHERE http_requests.status = 200 AND fct.http_requests.bytes > 0 AND z.plan = 'pro'",
		tables: []TableRef{tbl("fct.http_requests", ""), tbl("dim.zones", "z")},
		filters: []Filter{
			flt(0, "status", "=", int64(200)),
			flt(0, "bytes", ">", int64(0)),
			flt(1, "plan", "=", "pro"),
		},
	},
	{
		name:   "unqualified column among several tables is left to the engine",
		sql:    "SELECT * FROM fct.http_requests r JOIN dim.zones z USING (zone_id) WHERE colo = 'FRA'",
		tables: []TableRef{tbl("fct.http_requests", "r"), tbl("dim.zones", "z")},
		filters: []Filter{
			among([]int{0, 1}, "colo", "=", "FRA"),
		},
	},
	{
		name:   "outer joins: never the nullable side",
		sql:    "SELECT * FROM dim.accounts a LEFT JOIN dim.zones z ON a.account_id = z.account_id RIGHT JOIN fct.billing_invoices i ON i.account_id = a.account_id WHERE a.plan = 'pro' AND z.status = 'active' AND i.status = 'open' AND currency = 'USD'",
		tables: []TableRef{tbl("dim.accounts", "a"), tbl("dim.zones", "z"), tbl("fct.billing_invoices", "i")},
		filters: []Filter{
			flt(2, "status", "=", "open"),
			among([]int{2}, "currency", "=", "USD"),
		},
	},
	{
		name:   "left join keeps its left side, full join neither",
		sql:    "SELECT * FROM (SELECT * FROM dim.accounts a LEFT JOIN dim.zones z USING (account_id) WHERE a.plan = 'pro' AND z.plan = 'pro'), (SELECT * FROM dim.accounts b FULL JOIN dim.zones y USING (account_id) WHERE b.plan = 'pro')",
		tables: []TableRef{tbl("dim.accounts", "a"), tbl("dim.zones", "z"), tbl("dim.accounts", "b"), tbl("dim.zones", "y")},
		filters: []Filter{
			flt(0, "plan", "=", "pro"),
		},
	},
	{
		name:   "ASOF keeps its left side, POSITIONAL neither",
		sql:    "SELECT * FROM (SELECT * FROM fct.http_requests r ASOF JOIN fct.security_events s ON r.zone_id = s.zone_id AND r.ts >= s.ts WHERE r.status = 403 AND s.action = 'block'), (SELECT * FROM dim.zones p POSITIONAL JOIN dim.accounts q WHERE p.plan = 'pro')",
		tables: []TableRef{tbl("fct.http_requests", "r"), tbl("fct.security_events", "s"), tbl("dim.zones", "p"), tbl("dim.accounts", "q")},
		filters: []Filter{
			flt(0, "status", "=", int64(403)),
		},
	},
	{
		name:   "semi and anti joins keep their left side",
		sql:    "SELECT * FROM dim.accounts a SEMI JOIN dim.zones z ON a.account_id = z.account_id WHERE a.region = 'europe'",
		tables: []TableRef{tbl("dim.accounts", "a"), tbl("dim.zones", "z")},
		filters: []Filter{
			flt(0, "region", "=", "europe"),
		},
	},
	{
		name:   "filters in subqueries and CTEs apply to their own tables only",
		sql:    "WITH e AS (SELECT * FROM dim.accounts WHERE region = 'europe') SELECT * FROM e JOIN (SELECT * FROM dim.zones WHERE status = 'active') z USING (account_id) WHERE e.plan = 'pro' AND z.plan = 'pro'",
		tables: []TableRef{tbl("dim.accounts", ""), tbl("dim.zones", "")},
		filters: []Filter{
			flt(0, "region", "=", "europe"),
			flt(1, "status", "=", "active"),
		},
	},
	{
		name:   "no filter through column aliases, struct fields or outer references",
		sql:    "SELECT * FROM dim.accounts t(a, b) WHERE a = 1 AND (SELECT count(*) FROM dim.zones z WHERE t.a = 1 AND z.x.y = 2) > 0",
		tables: []TableRef{tbl("dim.accounts", "t"), tbl("dim.zones", "z")},
	},
}

// TestParseAllowsReadOnlyQueries proves that read-only queries over lake
// tables pass and that Parse reports their table references and filters.
func TestParseAllowsReadOnlyQueries(t *testing.T) {
	var cases []allowedCase
	cases = append(cases, benchmarkQueries...)
	cases = append(cases, allowedQueries...)
	cases = append(cases, filterCases...)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q := mustParse(t, c.sql)
			if q.SQL != c.sql {
				t.Errorf("SQL = %q", q.SQL)
			}
			got := make([]TableRef, len(q.Tables))
			for i, tr := range q.Tables {
				if tr.Index != i {
					t.Errorf("Tables[%d].Index = %d", i, tr.Index)
				}
				if tr.Position < 0 || !strings.Contains(strings.ToLower(c.sql[tr.Position:]), strings.ToLower(tr.Name)) {
					t.Errorf("Tables[%d].Position = %d does not point at %s", i, tr.Position, tr.Name)
				}
				tr.Index, tr.Position = 0, 0
				got[i] = tr
			}
			if !reflect.DeepEqual(got, c.tables) {
				t.Errorf("Tables\n got  %s\n want %s", show(got), show(c.tables))
			}
			if len(q.Filters) != 0 || len(c.filters) != 0 {
				if !reflect.DeepEqual(q.Filters, c.filters) {
					t.Errorf("Filters\n got  %s\n want %s", show(q.Filters), show(c.filters))
				}
			}
		})
	}
}

func show[T any](xs []T) string {
	var b strings.Builder
	for _, x := range xs {
		fmt.Fprintf(&b, "\n   %s", showOne(x))
	}
	return b.String()
}

func showOne(x any) string {
	switch v := x.(type) {
	case TableRef:
		s := v.QualifiedName()
		if v.Alias != "" {
			s += " AS " + v.Alias
		}
		if v.AtVersion != nil {
			s += fmt.Sprintf(" AT VERSION %d", *v.AtVersion)
		}
		if v.AtTimestamp != nil {
			s += " AT TIMESTAMP " + v.AtTimestamp.String()
		}
		return s
	case Filter:
		return fmt.Sprintf("%+v", v)
	}
	return fmt.Sprint(x)
}
