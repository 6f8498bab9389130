package planner_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/agent"
	"github.com/tarn-data/tarn/agent/codemode"
	"github.com/tarn-data/tarn/agent/planner"
	"github.com/tarn-data/tarn/internal/demotest"
)

// gold is one development question with the result a careful analyst gets
// by hand, written from DEMO_DATA's definitions for the demo lake as of
// 2026-11-25 with "now" at noon that day (a Wednesday): yesterday is 24 Nov,
// last week 16–22 Nov, last month October.
type gold struct {
	as     string // the demo person who may read the tables
	sql    string // the gold query; "" when check decides alone
	ranked bool   // the question ranks: row order matters
	check  func(t *testing.T, out *codemode.Outcome)
}

// goldFor returns the gold of each development question, in order; zone and
// account are real names picked from the lake.
func goldFor(zone, account string) []gold {
	q := func(s string) string { return strings.ReplaceAll(s, "'", "''") }
	return []gold{
		// 1. How many accounts do we have?
		{as: "alice", sql: `SELECT COUNT(account_id) FROM dim.accounts`},
		// 2. How many enterprise accounts are in europe?
		{as: "alice", sql: `SELECT COUNT(*) FROM dim.accounts WHERE region = 'europe' AND plan = 'enterprise'`},
		// 3. Top 10 customers by revenue last month.
		{as: "bob", ranked: true, sql: `WITH rev AS (
			SELECT account_id, SUM(alloc_amount) AS rev FROM fct.billings_allocated
			WHERE month = DATE '2026-10-01' GROUP BY account_id)
			SELECT r.account_id, a.account_name, r.rev FROM rev r JOIN dim.accounts a ON a.account_id = r.account_id
			ORDER BY r.rev DESC, r.account_id LIMIT 10`},
		// 4. Revenue by plan for each of the last 3 months.
		{as: "bob", sql: `SELECT b.month, a.plan, SUM(b.alloc_amount) FROM fct.billings_allocated b
			JOIN dim.accounts a ON a.account_id = b.account_id
			WHERE b.month BETWEEN DATE '2026-08-01' AND DATE '2026-10-01' GROUP BY b.month, a.plan`},
		// 5. Which customers in Europe saw the highest growth in traffic last month?
		// Growth is October's requests minus September's (ranked by that
		// increase, so that tiny accounts going from 1 to 5 requests do not
		// lead), with the ratio beside it; the ten highest.
		{as: "alice", ranked: true, sql: `WITH m AS (
			SELECT z.account_id, CAST(t.ts AS DATE) >= DATE '2026-10-01' AS oct, COUNT(*) AS req
			FROM fct.http_requests t JOIN dim.zones z ON t.zone_id = z.zone_id
			WHERE t.ts >= TIMESTAMP '2026-09-01' AND t.ts < TIMESTAMP '2026-11-01' GROUP BY 1, 2)
			SELECT a.account_id, a.account_name, COALESCE(p.req, 0), COALESCE(c.req, 0),
				COALESCE(c.req, 0) - COALESCE(p.req, 0) AS inc, ROUND(COALESCE(c.req, 0) / NULLIF(p.req, 0) - 1, 4)
			FROM dim.accounts a LEFT JOIN m p ON p.account_id = a.account_id AND NOT p.oct
			LEFT JOIN m c ON c.account_id = a.account_id AND c.oct
			WHERE a.region = 'europe' AND (p.req IS NOT NULL OR c.req IS NOT NULL)
			ORDER BY inc DESC, a.account_id LIMIT 10`},
		// 6. Daily requests for the last 30 days (26 Oct – 24 Nov).
		{as: "alice", ranked: true, sql: `SELECT CAST(ts AS DATE) AS d, COUNT(*) FROM fct.http_requests
			WHERE ts >= TIMESTAMP '2026-10-26 00:00:00' AND ts < TIMESTAMP '2026-11-25 00:00:00' GROUP BY d ORDER BY d`},
		// 7. What share of requests were served from cache yesterday?
		{as: "alice", sql: `SELECT COUNT(*), SUM(CASE WHEN cache_status = 'hit' THEN 1 ELSE 0 END),
			ROUND(AVG(CASE WHEN cache_status = 'hit' THEN 1.0 ELSE 0.0 END), 4)
			FROM fct.http_requests WHERE CAST(ts AS DATE) = DATE '2026-11-24'`},
		// 8. Which colos served the most bytes last week? (16–22 Nov)
		{as: "alice", ranked: true, sql: `SELECT colo, SUM(bytes) AS b FROM fct.http_requests
			WHERE ts >= TIMESTAMP '2026-11-16' AND ts < TIMESTAMP '2026-11-23' GROUP BY colo ORDER BY b DESC, colo LIMIT 10`},
		// 9. Show traffic for zone <zone> over the last 14 days (11–24 Nov).
		{as: "alice", ranked: true, sql: `SELECT CAST(r.ts AS DATE) AS d, COUNT(*), SUM(r.bytes) FROM fct.http_requests r
			JOIN dim.zones z ON z.zone_id = r.zone_id WHERE z.zone_name = '` + q(zone) + `'
			AND r.ts >= TIMESTAMP '2026-11-11' AND r.ts < TIMESTAMP '2026-11-25' GROUP BY d ORDER BY d`},
		// 10. Which countries send the most bot traffic (bot score below 10)?
		{as: "alice", ranked: true, sql: `SELECT client_country, COUNT(*) AS n FROM fct.http_requests
			WHERE bot_score < 10 GROUP BY client_country ORDER BY n DESC, client_country LIMIT 10`},
		// 11. How many security events were blocked in the last 24 hours?
		{as: "carol", sql: `SELECT COUNT(*), SUM(requests) FROM fct.security_events WHERE action = 'block'
			AND ts >= TIMESTAMP '2026-11-24 12:00:00' AND ts < TIMESTAMP '2026-11-25 12:00:00'`},
		// 12. Which ASNs were behind the credential stuffing attack three days ago?
		{as: "carol", ranked: true, sql: `SELECT source_asn, COUNT(*) AS n, SUM(requests) FROM fct.security_events
			WHERE attack_type = 'credential_stuffing' AND CAST(ts AS DATE) = DATE '2026-11-22'
			GROUP BY source_asn ORDER BY n DESC, source_asn`},
		// 13. What are the top attack types this month?
		{as: "carol", ranked: true, sql: `SELECT attack_type, COUNT(*) AS n, SUM(requests) FROM fct.security_events
			WHERE ts >= TIMESTAMP '2026-11-01' AND ts < TIMESTAMP '2026-12-01' GROUP BY attack_type ORDER BY n DESC, attack_type`},
		// 14. List open invoices over $10,000.
		{as: "bob", sql: `SELECT i.invoice_id, i.account_id, a.account_name, i.invoice_month, i.product,
			i.billing_frequency, i.billed_amount, i.status FROM fct.billing_invoices i
			JOIN dim.accounts a ON a.account_id = i.account_id WHERE i.status = 'open' AND i.billed_amount > 10000`},
		// 15. Average revenue per account by customer type: all revenue up
		// to this month (annual invoices allocate to months to come) over
		// every account of the type.
		{as: "bob", sql: `SELECT a.customer_type, COUNT(*), SUM(COALESCE(r.rev, 0)), ROUND(SUM(COALESCE(r.rev, 0)) / COUNT(*), 2)
			FROM dim.accounts a LEFT JOIN (SELECT account_id, SUM(alloc_amount) AS rev FROM fct.billings_allocated
				WHERE month <= DATE '2026-11-01' GROUP BY account_id) r
			ON r.account_id = a.account_id GROUP BY a.customer_type`},
		// 16. How many zones does account <account> have?
		{as: "alice", sql: `SELECT a.account_id, a.account_name, COUNT(*) FROM dim.zones z
			JOIN dim.accounts a ON a.account_id = z.account_id WHERE a.account_name = '` + q(account) + `' GROUP BY 1, 2`},
		// 17. Which accounts were created last month?
		{as: "alice", sql: `SELECT account_id, account_name, plan, customer_type, region, country, created_at FROM dim.accounts
			WHERE created_at >= TIMESTAMP '2026-10-01' AND created_at < TIMESTAMP '2026-11-01'`},
		// 18. What tables do we have about billing?
		{as: "bob", check: func(t *testing.T, out *codemode.Outcome) {
			for _, name := range []string{"fct.billing_invoices", "fct.billings_allocated"} {
				if !strings.Contains(out.Answer, name) {
					t.Errorf("the answer does not name %s:\n%s", name, out.Answer)
				}
			}
		}},
		// 19. What does alloc_amount mean?
		{as: "bob", check: func(t *testing.T, out *codemode.Outcome) {
			if !strings.Contains(out.Answer, "billed_amount / 12") || !strings.Contains(out.Answer, "fct.billings_allocated") {
				t.Errorf("the answer does not explain alloc_amount:\n%s", out.Answer)
			}
		}},
		// 20. Compare this week's requests with last week's (23–29 Nov so
		// far against 16–22 Nov).
		{as: "alice", sql: `SELECT COUNT(*) FILTER (WHERE ts >= TIMESTAMP '2026-11-23'), COUNT(*) FILTER (WHERE ts < TIMESTAMP '2026-11-23'),
			ROUND(COUNT(*) FILTER (WHERE ts >= TIMESTAMP '2026-11-23') / COUNT(*) FILTER (WHERE ts < TIMESTAMP '2026-11-23') - 1, 4)
			FROM fct.http_requests WHERE ts >= TIMESTAMP '2026-11-16' AND ts < TIMESTAMP '2026-11-30'`},
	}
}

// paraphrases are other ways to ask each development question (by index);
// each must give the same result as the question's gold.
var paraphrases = map[int][]string{
	0:  {"how many customers are there", "number of accounts", "count of customers"},
	1:  {"number of enterprise customers in Europe", "How many European enterprise accounts do we have?", "how many accounts on the enterprise plan are in the europe region"},
	2:  {"top ten accounts by revenue for last month", "show the 10 biggest customers by revenue in the previous month", "Which 10 accounts had the highest revenue last month?"},
	3:  {"monthly revenue by plan over the last three months", "revenue per plan per month for the past 3 months"},
	4:  {"Which European accounts grew their traffic the most last month?", "top growing customers in europe by traffic last month"},
	5:  {"requests per day over the past 30 days", "show daily request counts for the last thirty days"},
	6:  {"cache hit rate yesterday", "What percentage of requests were cache hits yesterday?"},
	7:  {"top colos by bytes last week", "Which data centers served the most bandwidth last week?"},
	8:  {"daily traffic for zone <zone> in the last 14 days", "<zone> traffic over the past 14 days"},
	9:  {"top countries by bot traffic", "which countries have the most threats", "Which countries send the most requests with a bot score below 10?"},
	10: {"number of blocked security events in the past 24 hours", "how many events did we block in the last 24 hours"},
	11: {"which networks were behind the credential-stuffing incident 3 days ago", "Which ASNs did the credential stuffing attacks three days ago come from?"},
	12: {"which attack types are most common this month", "top attack types in the current month"},
	13: {"show unpaid invoices above $10,000", "which open invoices are over 10000 dollars"},
	14: {"average revenue per customer for each customer type", "What is the mean revenue per account by customer type?"},
	15: {"how many zones does account <account> own", "number of sites for account <account>"},
	16: {"list accounts created last month", "which customers signed up last month"},
	17: {"which tables are about billing", "list billing tables"},
	18: {"what is alloc_amount", "explain alloc_amount"},
	19: {"this week vs last week requests", "how do requests this week compare with last week"},
}

func TestDevQuestionsAgainstGold(t *testing.T) {
	env := demotest.Open(t, demotest.Options{})
	if !env.AsOf.Equal(time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("the gold is written for as-of 2026-11-25, not %s", env.AsOf)
	}
	h := newHarness(t, env)
	golds := goldFor(h.zone, h.account)
	if len(golds) != len(planner.DevQuestions) {
		t.Fatalf("%d golds for %d questions", len(golds), len(planner.DevQuestions))
	}
	for i, q := range planner.DevQuestions {
		t.Run(fmt.Sprintf("Q%d", i+1), func(t *testing.T) { h.check(t, h.resolve(q), golds[i]) })
	}
	n := 0
	for i := range planner.DevQuestions {
		for _, p := range paraphrases[i] {
			n++
			t.Run(fmt.Sprintf("Q%d/%s", i+1, p), func(t *testing.T) { h.check(t, h.resolve(p), golds[i]) })
		}
	}
	if n < 40 {
		t.Errorf("only %d paraphrases", n)
	}
	t.Run("the incident is found at run time", func(t *testing.T) { h.incident(t) })
	t.Run("names that do not exist are said to, with no figures", func(t *testing.T) { h.missingNames(t) })
	t.Run("a table the asker may not read is refused by governance", func(t *testing.T) { h.refused(t) })
}

func (h *harness) missingNames(t *testing.T) {
	for _, c := range []struct{ q, want string }{
		{"How many zones does account O'Brien Labs have?", "There is no account named O'Brien Labs"},
		{"Show traffic for zone no-such-zone.example.com over the last 14 days.", "There is no zone named no-such-zone.example.com"},
		{"How many requests did zone nothing-here.io get yesterday?", "There is no zone named nothing-here.io"},
	} {
		_, out := h.run(t, c.q, "alice")
		if !strings.HasPrefix(out.Answer, c.want) {
			t.Errorf("%q: %s", c.q, out.Answer)
		}
		if strings.ContainsAny(out.Answer, "0123456789") {
			t.Errorf("%q: the answer has figures: %s", c.q, out.Answer)
		}
	}
}

func (h *harness) refused(t *testing.T) {
	ctx := context.Background()
	c, err := h.p.Write(ctx, agent.Prompt{Question: "Top 10 customers by revenue last month", Now: h.now})
	if err != nil || c.Script == "" {
		t.Fatalf("%v %+v", err, c)
	}
	out, err := codemode.Run(ctx, c.Script, h.host("alice"), codemode.Limits{Timeout: time.Minute})
	if tarn.ErrorCode(err) != tarn.EFORBIDDEN {
		t.Fatalf("alice's revenue question ended with %v", err)
	}
	if len(out.Display) != 0 || out.Answer != "" {
		t.Errorf("rows or an answer reached alice: %+v", out)
	}
	t.Logf("refusal: %v", err)
}

// incident checks "the incident" against the window the generator used.
func (h *harness) incident(t *testing.T) {
	from, to := h.env.Demo.IncidentWindow()
	ts := func(x time.Time) string { return "TIMESTAMP '" + x.Format(time.DateTime) + "'" }
	window := "ts >= " + ts(from) + " AND ts < " + ts(to)
	for _, c := range []struct {
		q    string
		gold gold
	}{
		{"Which ASNs were behind the incident?", gold{as: "carol", ranked: true, sql: `SELECT source_asn, COUNT(*) AS n, SUM(requests)
			FROM fct.security_events WHERE ` + window + ` GROUP BY 1 ORDER BY n DESC, 1`}},
		{"Top source ASNs by blocked requests during the incident", gold{as: "carol", ranked: true, sql: `SELECT source_asn, COUNT(*), SUM(requests) AS r
			FROM fct.security_events WHERE action = 'block' AND ` + window + ` GROUP BY 1 ORDER BY r DESC, 1 LIMIT 10`}},
		{"How many requests did we serve during the incident?", gold{as: "carol", sql: `SELECT COUNT(*) FROM fct.http_requests WHERE ` + window}},
	} {
		h.check(t, c.q, c.gold)
	}
	_, out := h.run(t, "Which ASNs were behind the incident?", "carol")
	if !strings.Contains(out.Answer, from.Format("2006-01-02 15:04")+" – "+to.Format("2006-01-02 15:04")) {
		t.Errorf("the answer does not give the window %s – %s: %s", from, to, out.Answer)
	}
}
