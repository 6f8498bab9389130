package agent_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/agent"
	"github.com/tarn-data/tarn/lake"
)

// question is a question with the tables that answer it: every group must
// have one of its tables among the cards.
type question struct {
	text  string
	right [][]string
}

const (
	trafficDaily = "fct.traffic_daily"
	httpRequests = "fct.http_requests"
	accounts     = "dim.accounts"
	zones        = "dim.zones"
	allocated    = "fct.billings_allocated"
	invoices     = "fct.billing_invoices"
	security     = "fct.security_events"
)

var questions10k = []question{
	{"How many accounts do we have?", [][]string{{accounts}}},
	{"How many enterprise accounts are in europe?", [][]string{{accounts}}},
	{"Top 10 customers by revenue last month.", [][]string{{allocated}, {accounts}}},
	{"Revenue by plan for each of the last 3 months.", [][]string{{allocated}, {accounts}}},
	{"Which customers in Europe saw the highest growth in traffic last month?", [][]string{{trafficDaily, httpRequests}, {zones}, {accounts}}},
	{"Daily requests for the last 30 days.", [][]string{{trafficDaily, httpRequests}}},
	{"What share of requests were served from cache yesterday?", [][]string{{trafficDaily, httpRequests}}},
	{"Which colos served the most bytes last week?", [][]string{{httpRequests}}},
	{"Show traffic for zone shop.example.com over the last 14 days.", [][]string{{trafficDaily, httpRequests}, {zones}}},
	{"Which countries send the most bot traffic (bot score below 10)?", [][]string{{httpRequests, trafficDaily}}},
	{"How many security events were blocked in the last 24 hours?", [][]string{{security}}},
	{"Which ASNs were behind the credential stuffing attack three days ago?", [][]string{{security}}},
	{"What are the top attack types this month?", [][]string{{security}}},
	{"List open invoices over $10,000.", [][]string{{invoices}}},
	{"Average revenue per account by customer type.", [][]string{{allocated}, {accounts}}},
	{"How many zones does account Acme Corp have?", [][]string{{zones}, {accounts}}},
	{"Which accounts were created last month?", [][]string{{accounts}}},
	{"What tables do we have about billing?", [][]string{{invoices}, {allocated}}},
	{"What does alloc_amount mean?", [][]string{{allocated}}},
	{"Compare this week's requests with last week's.", [][]string{{trafficDaily, httpRequests}}},
	{"monthly recurring revenue per customer", [][]string{{allocated}, {accounts}}},
	{"cache hit ratio per data center", [][]string{{httpRequests}}},
	{"support tickets by channel", [][]string{{"raw.support_tickets"}}},
	{"what is in scratch.zone_export_tmp", [][]string{{"scratch.zone_export_tmp"}}},
	{"daily DNS queries resolved", [][]string{{"fct.dns_queries_daily"}}},
	{"Workers invocations per hour", [][]string{{"fct.workers_invocations_hourly"}}},
	{"R2 egress per month", [][]string{{"agg.r2_egress_monthly"}}},
	{"SSL certificate renewals per day", [][]string{{"fct.ssl_renewals_daily"}}},
	{"current list of load balancer pools", [][]string{{"dim.load_balancing_pools"}}},
	{"headcount per month", [][]string{{"agg.hr_headcount_monthly"}}},
	{"Stream video minutes per day", [][]string{{"fct.stream_minutes_daily"}}},
	{"Turnstile solves per hour", [][]string{{"fct.turnstile_solves_hourly"}}},
}

func recallOf(cx *agent.Context, q question) bool {
	for _, group := range q.right {
		found := false
		for _, name := range group {
			if cardNamed(cx, name) != nil || closedNamed(cx, name) != nil {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	return true
}

const promptBudget = 12 << 10

func TestRetrievalOverTenThousandTablesFindsTheRightTablesInASmallPrompt(t *testing.T) {
	f := generateCatalog(10_000)
	// raw.support_tickets is unreviewed: refused, so it can only be Closed.
	f.refused[lake.MustIdent("raw.support_tickets")] = true
	if len(f.ids) != 10_000 {
		t.Fatalf("generated %d tables", len(f.ids))
	}
	c := agent.NewCatalog(agent.CatalogOptions{Source: f, Visibility: f, Clock: tarn.NewFakeClock(time.Now())})
	ctx := context.Background()
	start := time.Now()
	if _, err := c.Retrieve(ctx, "analyst", "warm up"); err != nil {
		t.Fatal(err)
	}
	t.Logf("index of %d tables built in %v", len(f.ids), time.Since(start).Round(time.Millisecond))

	var hits, maxBytes int
	var total time.Duration
	for _, q := range questions10k {
		start := time.Now()
		cx, err := c.Retrieve(ctx, "analyst", q.text)
		total += time.Since(start)
		if err != nil {
			t.Fatalf("%q: %v", q.text, err)
		}
		cards, closed := names(cx)
		if recallOf(cx, q) {
			hits++
		} else {
			t.Logf("MISS %q: want %v; cards %v closed %v", q.text, q.right, cards, closed)
		}
		full := cx.Render(1 << 20)
		maxBytes = max(maxBytes, len(full))
		if len(full) > promptBudget {
			t.Errorf("%q: the context renders to %d bytes, over %d", q.text, len(full), promptBudget)
		}
		if strings.Contains(full, "zzhidden") {
			t.Errorf("%q: the context names a column Visibility hides:\n%s", q.text, full)
		}
		for _, cl := range cx.Closed {
			id := lake.MustIdent(cl.Name)
			if u := f.unique[id]; u != "" && strings.Contains(full, u) {
				t.Errorf("%q: the context names a column of the closed table %s", q.text, cl.Name)
			}
			for _, col := range f.notes[id].Columns {
				if strings.Contains(full, "  "+col.Name+" "+"VARCHAR") && cardNamed(cx, cl.Name) == nil && f.unique[id] == col.Name {
					t.Errorf("%q: closed table %s shows column %s", q.text, cl.Name, col.Name)
				}
			}
		}
		for _, tc := range cx.Tables {
			if f.refused[lake.MustIdent(tc.Name)] {
				t.Errorf("%q: a card for the refused table %s", q.text, tc.Name)
			}
		}
	}
	recall := float64(hits) / float64(len(questions10k))
	t.Logf("recall@5: %d of %d questions (%.2f); largest context %d bytes; mean retrieval %v",
		hits, len(questions10k), recall, maxBytes, (total / time.Duration(len(questions10k))).Round(time.Microsecond))
	if recall < 0.9 {
		t.Errorf("recall@5 = %.2f, want at least 0.90", recall)
	}
}

func BenchmarkIndexBuild10k(b *testing.B) {
	f := generateCatalog(10_000)
	ctx := context.Background()
	for b.Loop() {
		c := agent.NewCatalog(agent.CatalogOptions{Source: f, Visibility: f})
		if _, err := c.Retrieve(ctx, "analyst", "x"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRetrieve10k(b *testing.B) {
	f := generateCatalog(10_000)
	ctx := context.Background()
	c := agent.NewCatalog(agent.CatalogOptions{Source: f, Visibility: f})
	if _, err := c.Retrieve(ctx, "analyst", "x"); err != nil {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		if _, err := c.Retrieve(ctx, "analyst", questions10k[i%len(questions10k)].text); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
