package agent_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tarn-data/tarn/agent"
)

func sampleContext() *agent.Context {
	cx := &agent.Context{
		Tables: []agent.TableCard{
			{Name: "fct.billings_allocated", Description: "Revenue by month.", Tags: []string{"curated"},
				Columns: []agent.ColumnCard{
					{Name: "alloc_amount", Type: "DECIMAL(12,2)", Description: "Revenue.", Derivation: "billed_amount / 12 for annual invoices"},
					{Name: "owner_email", Type: "VARCHAR", PII: "email", Masked: true},
				},
				JoinsWith: []agent.Join{{Table: "dim.accounts", On: "account_id", Count: 4}},
				Lineage:   "SELECT account_id,\n  billed_amount / 12 AS alloc_amount\nFROM fct.billing_invoices"},
			{Name: "dim.accounts", Description: "Accounts.", Columns: []agent.ColumnCard{{Name: "plan", Type: "VARCHAR"}}},
		},
		Closed:   []agent.ClosedTable{{Name: "raw.support_tickets", Reason: "needs review", Hint: "Ask a reviewer."}},
		Pages:    []agent.PageCard{{Domain: "billing", Title: "Billing", Body: strings.Repeat("Revenue means alloc_amount. ", 20)}},
		Examples: []agent.Example{{Question: "revenue by plan", Script: "tarn.sql(`SELECT 1`)"}},
		Notes:    []agent.TeamNote{{Text: "Void invoices never count."}},
	}
	return cx
}

func TestRenderShowsEveryLayerInItsPlace(t *testing.T) {
	got := sampleContext().Render(1 << 20)
	for _, want := range []string{
		"fct.billings_allocated — Revenue by month. [curated]\n",
		"  alloc_amount DECIMAL(12,2) — Revenue. [= billed_amount / 12 for annual invoices]\n",
		"  owner_email VARCHAR (email, masked)\n",
		"  joined with dim.accounts on account_id (4 queries)\n",
		"  built by: SELECT account_id, billed_amount / 12 AS alloc_amount FROM fct.billing_invoices\n",
		"raw.support_tickets — needs review: Ask a reviewer.\n",
		"### Billing (billing)\n",
		"Q: revenue by plan\n```js\ntarn.sql(`SELECT 1`)\n```\n",
		"- Void invoices never count.\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("render lacks %q:\n%s", want, got)
		}
	}
	if again := sampleContext().Render(1 << 20); again != got {
		t.Fatal("two renders of the same context differ")
	}
}

func TestRenderNeverExceedsItsBudgetAndDropsTheLeastImportantFirst(t *testing.T) {
	full := sampleContext().Render(1 << 20)
	for budget := 0; budget <= len(full)+10; budget++ {
		got := sampleContext().Render(budget)
		if len(got) > budget {
			t.Fatalf("Render(%d) wrote %d bytes", budget, len(got))
		}
		if !utf8.ValidString(got) {
			t.Fatalf("Render(%d) cut a character in half", budget)
		}
	}
	// Just too small for everything: the note goes, the tables stay whole.
	got := sampleContext().Render(len(full) - 1)
	if strings.Contains(got, "Void invoices") || !strings.Contains(got, "built by:") || !strings.Contains(got, "dim.accounts — Accounts.") {
		t.Fatalf("one byte short, the wrong thing went:\n%s", got)
	}
	// Small: only the first table is left.
	small := sampleContext().Render(260)
	if !strings.HasPrefix(small, "## Tables you can query\nfct.billings_allocated") || strings.Contains(small, "support_tickets") || strings.Contains(small, "built by") {
		t.Fatalf("in 260 bytes:\n%s", small)
	}
	cx := sampleContext()
	cx.Render(10)
	if len(cx.Notes) != 1 || cx.Tables[0].Lineage == "" {
		t.Fatal("Render changed the context it rendered")
	}
}
