package demo

import (
	"testing"
	"time"
)

func dateTime(days int64) time.Time { return time.Unix(days*86400, 0).UTC() }

type allocKey struct {
	invoice int64
	month   int64
}

type allocVal struct {
	product string
	cents   int64
}

func TestBillingsAllocatedFollowsTheAllocationRules(t *testing.T) {
	l := testLake(t)
	inv := l.frame(t, "fct.billing_invoices")
	ids, months := inv.ints(t, "invoice_id"), inv.ints(t, "invoice_month")
	product, freq := inv.strs(t, "product"), inv.strs(t, "billing_frequency")
	amount, status := inv.ints(t, "billed_amount"), inv.strs(t, "status")

	want := map[allocKey]allocVal{}
	annualTotals := map[int64][2]int64{} // invoice -> billed, allocated
	for i := range ids {
		if status[i] == "void" {
			continue
		}
		switch freq[i] {
		case "monthly":
			want[allocKey{ids[i], months[i]}] = allocVal{product[i], amount[i]}
		case "annual":
			// billed_amount / 12, rounded half up to the cent, in each of
			// the invoice month and the eleven months after it.
			share := (amount[i] + 6) / 12
			for k := 0; k < 12; k++ {
				m := dateTime(months[i]).AddDate(0, k, 0).Unix() / 86400
				want[allocKey{ids[i], m}] = allocVal{product[i], share}
			}
			annualTotals[ids[i]] = [2]int64{amount[i], 0}
		default:
			t.Fatalf("invoice %d has billing_frequency %q", ids[i], freq[i])
		}
	}

	al := l.frame(t, "fct.billings_allocated")
	aInv, aMonth := al.ints(t, "invoice_id"), al.ints(t, "month")
	aProduct, aAmount := al.strs(t, "product"), al.ints(t, "alloc_amount")
	if len(aInv) != len(want) {
		t.Errorf("%d allocations, the rules give %d", len(aInv), len(want))
	}
	seen := map[allocKey]bool{}
	for i := range aInv {
		k := allocKey{aInv[i], aMonth[i]}
		w, ok := want[k]
		if !ok {
			t.Fatalf("allocation of invoice %d to %s is not in the rules (void or wrong month)", k.invoice, dateTime(k.month).Format("2006-01"))
		}
		if seen[k] {
			t.Fatalf("invoice %d allocated twice to %s", k.invoice, dateTime(k.month).Format("2006-01"))
		}
		seen[k] = true
		if (allocVal{aProduct[i], aAmount[i]}) != w {
			t.Fatalf("allocation %+v = %s %d cents, want %+v", k, aProduct[i], aAmount[i], w)
		}
		if tot, ok := annualTotals[k.invoice]; ok {
			annualTotals[k.invoice] = [2]int64{tot[0], tot[1] + aAmount[i]}
		}
	}
	for id, tot := range annualTotals {
		if d := tot[1] - tot[0]; d < -6 || d > 6 {
			t.Errorf("annual invoice %d: twelve allocations sum to %d cents, billed %d", id, tot[1], tot[0])
		}
	}
}

func TestInvoicesLookReal(t *testing.T) {
	l := testLake(t)
	inv := l.frame(t, "fct.billing_invoices")
	accts, months := inv.ints(t, "account_id"), inv.ints(t, "invoice_month")
	product, freq, currency := inv.strs(t, "product"), inv.strs(t, "billing_frequency"), inv.strs(t, "currency")
	amount, status := inv.ints(t, "billed_amount"), inv.strs(t, "status")
	statuses := map[string]int{}
	products := map[string]int{}
	bigOpen, annual := 0, 0
	lastAnnual := map[int64]time.Time{}
	asOfMonth := time.Date(testOptions.AsOf.Year(), testOptions.AsOf.Month(), 1, 0, 0, 0, 0, time.UTC)
	for i := range accts {
		m := dateTime(months[i])
		if m.Day() != 1 || m.After(asOfMonth) || m.Before(asOfMonth.AddDate(-1, 0, 0)) {
			t.Fatalf("invoice_month %s", m.Format("2006-01-02"))
		}
		statuses[status[i]]++
		products[product[i]]++
		if currency[i] != "USD" {
			t.Errorf("currency %q", currency[i])
		}
		if amount[i] <= 0 {
			t.Errorf("billed_amount %d cents", amount[i])
		}
		if status[i] == "open" && amount[i] > 10_000_00 {
			bigOpen++
		}
		if freq[i] == "annual" {
			annual++
			if product[i] != "plan" {
				t.Errorf("annual invoice for %s", product[i])
			}
			if prev, ok := lastAnnual[accts[i]]; ok && m.Before(prev.AddDate(1, 0, 0)) {
				t.Errorf("account %d has annual invoices in %s and %s", accts[i], prev.Format("2006-01"), m.Format("2006-01"))
			}
			lastAnnual[accts[i]] = m
		}
	}
	for _, s := range []string{"paid", "open", "void"} {
		if statuses[s] == 0 {
			t.Errorf("no %s invoices", s)
		}
	}
	if len(statuses) != 3 {
		t.Errorf("statuses %v", statuses)
	}
	for _, p := range products {
		if p == 0 {
			t.Errorf("products %v", products)
		}
	}
	if len(products) != 5 {
		t.Errorf("products %v", products)
	}
	if bigOpen < 3 {
		t.Errorf("%d open invoices over $10,000, want some", bigOpen)
	}
	if annual < 50 {
		t.Errorf("%d annual invoices", annual)
	}
}
