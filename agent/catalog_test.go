package agent_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/lake"

	"github.com/tarn-data/tarn/agent"
	"github.com/tarn-data/tarn/agent/sqlmemory"
	"github.com/tarn-data/tarn/governance/audit"
	"github.com/tarn-data/tarn/internal/demotest"
)

// fakeHistory is a query history in which dim.zones and dim.accounts are
// read together.
type fakeHistory []audit.Entry

func (h fakeHistory) Recent(context.Context) ([]audit.Entry, error) { return h, nil }

var joinHistory = fakeHistory{
	{Action: "query", Allowed: true, Tables: []string{"dim.zones", "dim.accounts"}},
	{Action: "query", Allowed: true, Tables: []string{"dim.zones", "dim.accounts"}},
	{Action: "query", Allowed: true, Tables: []string{"fct.traffic_daily", "dim.zones"}},
	{Action: "query", Allowed: false, Tables: []string{"dim.zones", "fct.billing_invoices"}},
	{Action: "grant", Allowed: true, Tables: []string{"dim.zones", "fct.security_events"}},
}

func demoCatalog(t *testing.T) *agent.Catalog {
	env := demotest.Open(t, demotest.Options{Scale: 0.02})
	mem := sqlmemory.New(env.Store, env.Clock)
	ctx := context.Background()
	if ex, _ := mem.Examples(ctx); len(ex) == 0 {
		mem.SaveExample(ctx, agent.Example{Question: "revenue by plan last month",
			Script: "const r = tarn.sql(`SELECT a.plan, sum(b.alloc_amount) FROM fct.billings_allocated b JOIN dim.accounts a USING (account_id) GROUP BY 1`)", By: "cli:bob"})
		mem.SaveExample(ctx, agent.Example{Question: "accounts by plan",
			Script: "tarn.sql(`SELECT plan, count(*) FROM dim.accounts GROUP BY 1`)", By: "cli:alice"})
		mem.AddNote(ctx, agent.TeamNote{Text: "Revenue excludes void invoices.", By: "cli:dave"})
	}
	return agent.NewCatalog(agent.CatalogOptions{Lake: env.Lake, Engine: env.Engine, Memory: mem,
		History: joinHistory, Clock: env.Clock})
}

func retrieve(t *testing.T, c *agent.Catalog, who, q string) *agent.Context {
	t.Helper()
	got, err := c.Retrieve(context.Background(), demotest.Identity(who), q)
	if err != nil {
		t.Fatalf("%s asking %q: %v", who, q, err)
	}
	return got
}

func cardNamed(cx *agent.Context, name string) *agent.TableCard {
	for i := range cx.Tables {
		if cx.Tables[i].Name == name {
			return &cx.Tables[i]
		}
	}
	return nil
}

func closedNamed(cx *agent.Context, name string) *agent.ClosedTable {
	for i := range cx.Closed {
		if cx.Closed[i].Name == name {
			return &cx.Closed[i]
		}
	}
	return nil
}

func names(cx *agent.Context) (cards, closed []string) {
	for _, c := range cx.Tables {
		cards = append(cards, c.Name)
	}
	for _, c := range cx.Closed {
		closed = append(closed, c.Name+" ("+c.Reason+")")
	}
	return
}

func TestAliceAskingForRevenueIsToldToAskTheBillingGroup(t *testing.T) {
	c := demoCatalog(t)
	cx := retrieve(t, c, "alice", "revenue last month by plan")
	cards, closedNames := names(cx)
	for _, n := range cards {
		if strings.HasPrefix(n, "fct.billing") {
			t.Fatalf("alice got a card for %s; cards %v", n, cards)
		}
	}
	cl := closedNamed(cx, "fct.billings_allocated")
	if cl == nil {
		t.Fatalf("fct.billings_allocated is not among alice's closed tables %v", closedNames)
	}
	if cl.Reason != "no grant" || !strings.Contains(cl.Hint, "billing") || !strings.Contains(cl.Hint, "tarn request") {
		t.Fatalf("closed table = %+v, want a hint naming the billing group and how to request", *cl)
	}
	for _, ex := range cx.Examples {
		if strings.Contains(ex.Script, "fct.billings_allocated") {
			t.Fatalf("alice got an example reading a table she may not see: %q", ex.Question)
		}
	}
	if r := cx.Render(12 << 10); strings.Contains(r, "alloc_amount DECIMAL") {
		t.Fatalf("alice's prompt shows billing columns:\n%s", r)
	}
}

func TestBobGetsTheAllocatedRevenueCardWithItsDerivation(t *testing.T) {
	c := demoCatalog(t)
	cx := retrieve(t, c, "bob", "revenue last month by plan")
	card := cardNamed(cx, "fct.billings_allocated")
	if card == nil {
		cards, closed := names(cx)
		t.Fatalf("bob got no card for fct.billings_allocated; cards %v, closed %v", cards, closed)
	}
	var alloc *agent.ColumnCard
	for i := range card.Columns {
		if card.Columns[i].Name == "alloc_amount" {
			alloc = &card.Columns[i]
		}
	}
	if alloc == nil || !strings.Contains(alloc.Derivation, "billed_amount / 12") {
		t.Fatalf("alloc_amount column = %+v, want its derivation from the lineage", alloc)
	}
	if !strings.Contains(card.Lineage, "fct.billing_invoices") {
		t.Fatalf("card lineage = %q, want the SQL reading fct.billing_invoices", card.Lineage)
	}
	if len(cx.Examples) == 0 || !strings.Contains(cx.Examples[0].Script, "fct.billings_allocated") {
		t.Fatalf("bob's examples %+v, want the verified revenue example first", cx.Examples)
	}
	if len(cx.Notes) == 0 || !strings.Contains(cx.Notes[0].Text, "void") {
		t.Fatalf("bob's notes %+v, want the note on void invoices", cx.Notes)
	}
	if len(cx.Pages) == 0 || cx.Pages[0].Domain != "billing" {
		t.Fatalf("bob's pages %+v, want the billing page first", cx.Pages)
	}
	r := cx.Render(12 << 10)
	t.Logf("bob's context, %d bytes:\n%s", len(r), r)
	for _, want := range []string{"fct.billings_allocated", "alloc_amount", "[= billed_amount / 12", "built by: SELECT"} {
		if !strings.Contains(r, want) {
			t.Errorf("bob's rendered context lacks %q:\n%s", want, r)
		}
	}
}

func TestErinWhoHasNoGroupsGetsOnlyClosedTables(t *testing.T) {
	c := demoCatalog(t)
	for _, q := range []string{"revenue last month by plan", "daily requests per zone", "how many accounts do we have"} {
		cx := retrieve(t, c, "erin", q)
		if len(cx.Tables) != 0 || len(cx.Closed) == 0 {
			cards, closed := names(cx)
			t.Fatalf("erin asking %q: cards %v, closed %v; want no cards and some closed", q, cards, closed)
		}
		for _, ex := range cx.Examples {
			if strings.Contains(ex.Script, ".") {
				t.Fatalf("erin got an example reading tables: %q", ex.Script)
			}
		}
	}
}

func TestNobodyGetsTheColumnsOfTheUnreviewedSupportTickets(t *testing.T) {
	c := demoCatalog(t)
	for _, who := range []string{"alice", "bob", "carol", "dave", "erin"} {
		cx := retrieve(t, c, who, "support tickets raw.support_tickets by channel and priority")
		if cardNamed(cx, "raw.support_tickets") != nil {
			t.Fatalf("%s got a card for raw.support_tickets", who)
		}
		cl := closedNamed(cx, "raw.support_tickets")
		if cl == nil || cl.Reason != "needs review" {
			_, closed := names(cx)
			t.Fatalf("%s: raw.support_tickets closed entry %+v among %v, want reason needs review", who, cl, closed)
		}
		if r := cx.Render(12 << 10); strings.Contains(r, "ticket_id") || strings.Contains(r, "  body ") {
			t.Fatalf("%s's prompt names support ticket columns:\n%s", who, r)
		}
	}
}

func TestJoinsLearnedFromTheHistoryAppearOnCards(t *testing.T) {
	c := demoCatalog(t)
	cx := retrieve(t, c, "alice", "zones per account dim.zones")
	card := cardNamed(cx, "dim.zones")
	if card == nil {
		t.Fatal("no card for dim.zones")
	}
	if len(card.JoinsWith) == 0 || card.JoinsWith[0] != (agent.Join{Table: "dim.accounts", On: "account_id", Count: 2}) {
		t.Fatalf("dim.zones joins = %+v, want dim.accounts on account_id twice first (refused and non-query entries ignored)", card.JoinsWith)
	}
	for _, j := range card.JoinsWith {
		if j.Table == "fct.billing_invoices" || j.Table == "fct.security_events" {
			t.Fatalf("join %+v learned from a refused query or a non-query entry", j)
		}
	}
	if !strings.Contains(cx.Render(12<<10), "joined with dim.accounts on account_id (2 queries)") {
		t.Fatal("the rendered context does not show the join")
	}
}

func TestAliceSeesAccountEmailsMaskedButWithDescriptions(t *testing.T) {
	c := demoCatalog(t)
	cx := retrieve(t, c, "alice", "account owner email and plan")
	card := cardNamed(cx, "dim.accounts")
	if card == nil {
		t.Fatal("no card for dim.accounts")
	}
	for _, col := range card.Columns {
		if col.Name == "owner_email" && (!col.Masked || col.PII != "email") {
			t.Fatalf("owner_email = %+v, want masked with PII email", col)
		}
	}
}

func TestCatalogSeesNewTablesAfterRefreshOrInvalidate(t *testing.T) {
	f := generateCatalog(200)
	clock := tarn.NewFakeClock(time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC))
	c := agent.NewCatalog(agent.CatalogOptions{Source: f, Visibility: f, Clock: clock, Refresh: 30 * time.Second})
	ask := func() bool {
		cx, err := c.Retrieve(context.Background(), "analyst", "quasar telescope observations")
		if err != nil {
			t.Fatal(err)
		}
		return cardNamed(cx, "fct.quasar_observations") != nil
	}
	if ask() {
		t.Fatal("found a table that does not exist yet")
	}
	f.add(lake.MustIdent("fct.quasar_observations"), lake.Note{Description: "Quasar telescope observations."})
	if ask() {
		t.Fatal("the index was rebuilt before Refresh passed")
	}
	clock.Advance(31 * time.Second)
	if !ask() {
		t.Fatal("a new table is not found after Refresh")
	}
	f.add(lake.MustIdent("fct.pulsar_observations"), lake.Note{Description: "Pulsar observations."})
	c.Invalidate()
	cx, err := c.Retrieve(context.Background(), "analyst", "pulsar observations")
	if err != nil || cardNamed(cx, "fct.pulsar_observations") == nil {
		t.Fatalf("a new table is not found after Invalidate: %v", err)
	}
}

func TestConcurrentRetrievesShareOneIndex(t *testing.T) {
	f := generateCatalog(500)
	c := agent.NewCatalog(agent.CatalogOptions{Source: f, Visibility: f})
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, q := range questions10k[:5] {
				if _, err := c.Retrieve(context.Background(), "analyst", q.text); err != nil {
					t.Error(err)
				}
			}
			c.Invalidate()
		}()
	}
	wg.Wait()
}

func TestRetrieveRefusesABlankQuestion(t *testing.T) {
	f := generateCatalog(10)
	_, err := agent.NewCatalog(agent.CatalogOptions{Source: f, Visibility: f}).Retrieve(context.Background(), "a", "  ")
	if !errors.Is(err, agent.ErrNoQuestion) {
		t.Fatalf("err = %v, want ErrNoQuestion", err)
	}
}
