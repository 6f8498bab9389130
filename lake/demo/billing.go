package demo

import (
	"context"
	"math"
	"sort"
	"sync"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// Billing covers the 13 invoice months from twelve months before AsOf's
// month up to AsOf's month.
const billingMonths = 13

var products = []string{"plan", "workers", "r2_storage", "bandwidth", "argo"}

const (
	prodPlan = iota
	prodWorkers
	prodR2
	prodBandwidth
	prodArgo
)

const firstInvoiceID = 9_000_001

// invoice is one row of fct.billing_invoices.
type invoice struct {
	id      int64
	acct    int
	month   time.Time
	product int
	annual  bool
	cents   int64
	status  string
}

// allocCents is what an invoice contributes to each month it covers:
// monthly invoices their whole amount to their month; annual ones
// billed_amount / 12 rounded half up to the cent to each of their twelve
// months (so twelve allocations may differ from the invoice by up to 6 cents).
func allocCents(inv invoice) int64 {
	if !inv.annual {
		return inv.cents
	}
	return (inv.cents + 6) / 12
}

// billing holds the invoices, generated on first use.
type billing struct {
	once     sync.Once
	invoices []invoice
}

func (w *world) invoices() []invoice {
	w.bill.once.Do(func() { w.bill.invoices = w.genInvoices() })
	return w.bill.invoices
}

func (w *world) genInvoices() []invoice {
	first := w.thisMonth.AddDate(0, -(billingMonths - 1), 0)
	var meanSize float64
	for _, a := range w.accounts {
		meanSize += a.size
	}
	meanSize /= float64(len(w.accounts))

	var out []invoice
	for ai := range w.accounts {
		a := &w.accounts[ai]
		r := newRNG(w.o.Seed, streamBilling, ai)
		sizeF := a.size / meanSize
		lognorm := func() float64 { return math.Exp(0.5*r.normal() - 0.125) }
		uses := [5]bool{prodPlan: a.plan > planFree}
		chance := func(p [4]float64) bool { return r.chance(p[a.plan]) }
		uses[prodWorkers] = chance([4]float64{0.15, 0.35, 0.5, 0.75})
		uses[prodR2] = chance([4]float64{0.1, 0.25, 0.4, 0.6})
		uses[prodBandwidth] = chance([4]float64{0, 0, 0.4, 1})
		uses[prodArgo] = chance([4]float64{0, 0.1, 0.3, 0.5})
		var base [5]float64 // dollars per month
		switch a.plan {
		case planPro:
			base[prodPlan] = 25
		case planBusiness:
			base[prodPlan] = 250
		case planEnterprise:
			base[prodPlan] = math.Round(2000 + 150*sizeF*lognorm())
		}
		base[prodWorkers] = 5 + 40*sizeF*lognorm()
		base[prodR2] = 2 + 30*sizeF*lognorm()
		base[prodBandwidth] = 200 + 400*sizeF*lognorm()
		base[prodArgo] = 5 + 25*sizeF*lognorm()
		created := time.UnixMicro(a.created).UTC()
		createdMonth := time.Date(created.Year(), created.Month(), 1, 0, 0, 0, 0, time.UTC)

		for k := 0; k < billingMonths; k++ {
			m := first.AddDate(0, k, 0)
			if m.Before(createdMonth) {
				continue
			}
			age := billingMonths - 1 - k // 0 for AsOf's month
			for p := range products {
				if !uses[p] {
					continue
				}
				inv := invoice{acct: ai, month: m, product: p}
				if p == prodPlan && a.annual {
					if m.Month() != created.Month() {
						continue
					}
					inv.annual = true
					discount := 0.8
					if a.plan == planEnterprise {
						discount = 0.9
					}
					inv.cents = int64(math.Round(12*base[p]*discount)) * 100
				} else {
					amount := base[p]
					if p != prodPlan {
						amount *= (1 + 0.015*float64(k)) * (0.9 + 0.2*r.float()) * w.monthBoost(a, m)
					}
					inv.cents = int64(math.Round(amount * 100))
				}
				inv.status = invoiceStatus(r, age)
				out = append(out, inv)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].month.Equal(out[j].month) {
			return out[i].month.Before(out[j].month)
		}
		return out[i].acct < out[j].acct
	})
	for i := range out {
		out[i].id = firstInvoiceID + int64(i)
	}
	return out
}

func invoiceStatus(r *rng, age int) string {
	x := r.float()
	if x < 0.02 {
		return "void"
	}
	open := 0.015
	switch age {
	case 0:
		open = 0.85
	case 1:
		open = 0.23
	}
	if x < 0.02+open {
		return "open"
	}
	return "paid"
}

// monthBoost is the average traffic boost of account a over month m.
func (w *world) monthBoost(a *account, m time.Time) float64 {
	if a.growth == 1 {
		return 1
	}
	end := m.AddDate(0, 1, 0)
	var sum float64
	n := 0
	for t := m; t.Before(end); t = t.AddDate(0, 0, 1) {
		sum += w.boost(a, t)
		n++
	}
	return sum / float64(n)
}

func dateOf(t time.Time) arrow.Date32 { return arrow.Date32(t.Unix() / 86400) }

func (w *world) invoicesTable() Table {
	t := newTable("fct", "billing_invoices", "billing-team",
		"Invoices issued to accounts: monthly invoices per product, and annual plan invoices issued once for twelve months.",
		[]string{"curated"}, []col{
			{"invoice_id", tBigint, false, "", "Invoice key."},
			{"account_id", tBigint, false, "", "Account invoiced; joins dim.accounts.account_id."},
			{"invoice_month", tDate, false, "", "First day of the month the invoice was issued for (for annual invoices, the first of its twelve months)."},
			{"product", tVarchar, false, "", "plan, workers, r2_storage, bandwidth or argo."},
			{"billing_frequency", tVarchar, false, "", "monthly, or annual (one invoice covering twelve months)."},
			{"billed_amount", tMoney, false, "", "Amount invoiced, in currency; for annual invoices the whole year."},
			{"currency", tVarchar, false, "", "ISO 4217 currency code (always USD in this lake)."},
			{"status", tVarchar, false, "", "paid, open (not yet paid) or void (cancelled; never counts as revenue)."},
		})
	t.Generate = func(ctx context.Context, mem memory.Allocator, chunk int, emit func(arrow.RecordBatch) error) error {
		if err := checkChunk(t, chunk); err != nil {
			return err
		}
		b := newBatcher(ctx, mem, t.Schema, emit)
		defer b.release()
		for _, inv := range w.invoices() {
			freq := "monthly"
			if inv.annual {
				freq = "annual"
			}
			b.i64(0).Append(inv.id)
			b.i64(1).Append(w.accounts[inv.acct].id)
			b.date(2).Append(dateOf(inv.month))
			b.str(3).Append(products[inv.product])
			b.str(4).Append(freq)
			b.dec(5).Append(decimal128.FromI64(inv.cents))
			b.str(6).Append("USD")
			b.str(7).Append(inv.status)
			if err := b.row(); err != nil {
				return err
			}
		}
		return b.flush()
	}
	return t
}

func (w *world) allocatedTable() Table {
	t := newTable("fct", "billings_allocated", "billing-team",
		"Revenue by month: each non-void invoice spread over the months it pays for. Revenue means alloc_amount.",
		[]string{"curated"}, []col{
			{"account_id", tBigint, false, "", "Account; joins dim.accounts.account_id."},
			{"invoice_id", tBigint, false, "", "Invoice allocated; joins fct.billing_invoices.invoice_id."},
			{"month", tDate, false, "", "First day of the month the revenue belongs to."},
			{"product", tVarchar, false, "", "Product of the invoice."},
			{"alloc_amount", tMoney, false, "", "Revenue recognised in month: billed_amount for monthly invoices, billed_amount / 12 (rounded half up to the cent) for annual ones."},
		})
	t.Derived = true
	t.Generate = func(ctx context.Context, mem memory.Allocator, chunk int, emit func(arrow.RecordBatch) error) error {
		if err := checkChunk(t, chunk); err != nil {
			return err
		}
		b := newBatcher(ctx, mem, t.Schema, emit)
		defer b.release()
		for _, inv := range w.invoices() {
			if inv.status == "void" {
				continue
			}
			months := 1
			if inv.annual {
				months = 12
			}
			amount := decimal128.FromI64(allocCents(inv))
			for k := 0; k < months; k++ {
				b.i64(0).Append(w.accounts[inv.acct].id)
				b.i64(1).Append(inv.id)
				b.date(2).Append(dateOf(inv.month.AddDate(0, k, 0)))
				b.str(3).Append(products[inv.product])
				b.dec(4).Append(amount)
				if err := b.row(); err != nil {
					return err
				}
			}
		}
		return b.flush()
	}
	return t
}
