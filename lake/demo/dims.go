package demo

import (
	"context"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

func (w *world) accountsTable() Table {
	t := newTable("dim", "accounts", "customer-success",
		"Customer accounts: one row per account, with plan, region and billing contacts.",
		[]string{"curated"}, []col{
			{"account_id", tBigint, false, "", "Account key."},
			{"account_name", tVarchar, false, "", "Customer's company name; unique."},
			{"plan", tVarchar, false, "", "Account plan: free, pro, business or enterprise."},
			{"customer_type", tVarchar, false, "", "paygo (self-serve, card) or contract (sales-negotiated)."},
			{"region", tVarchar, false, "", "Sales region: europe, north_america, asia_pacific, latin_america, middle_east or africa."},
			{"country", tVarchar, false, "", "Country the customer is based in, ISO 3166-1 alpha-2 (within region)."},
			{"owner_email", tVarchar, false, "email", "E-mail address of the account owner."},
			{"billing_phone", tVarchar, true, "phone", "Billing contact phone number in E.164 form; null when none was given."},
			{"created_at", tTS, false, "", "When the account signed up (UTC)."},
		})
	t.Generate = func(ctx context.Context, mem memory.Allocator, chunk int, emit func(arrow.RecordBatch) error) error {
		if err := checkChunk(t, chunk); err != nil {
			return err
		}
		b := newBatcher(ctx, mem, t.Schema, emit)
		defer b.release()
		for _, a := range w.accounts {
			ctype := "paygo"
			if a.contract {
				ctype = "contract"
			}
			b.i64(0).Append(a.id)
			b.str(1).Append(a.name)
			b.str(2).Append(plans[a.plan])
			b.str(3).Append(ctype)
			b.str(4).Append(regions[a.region])
			b.str(5).Append(countries[a.country].code)
			b.str(6).Append(a.email)
			if a.phone == "" {
				b.str(7).AppendNull()
			} else {
				b.str(7).Append(a.phone)
			}
			b.ts(8).Append(arrow.Timestamp(a.created))
			if err := b.row(); err != nil {
				return err
			}
		}
		return b.flush()
	}
	return t
}

func (w *world) zonesTable() Table {
	t := newTable("dim", "zones", "customer-success",
		"Zones (domains) on the network: one row per zone, owned by one account.",
		[]string{"curated"}, zoneCols)
	t.Generate = func(ctx context.Context, mem memory.Allocator, chunk int, emit func(arrow.RecordBatch) error) error {
		if err := checkChunk(t, chunk); err != nil {
			return err
		}
		b := newBatcher(ctx, mem, t.Schema, emit)
		defer b.release()
		for _, z := range w.zones {
			appendZone(b, w, z.id, z.acct, z.name, z.plan, z.status, z.created)
			if err := b.row(); err != nil {
				return err
			}
		}
		return b.flush()
	}
	return t
}

var zoneCols = []col{
	{"zone_id", tBigint, false, "", "Zone key."},
	{"account_id", tBigint, false, "", "Account that owns the zone; joins dim.accounts.account_id."},
	{"zone_name", tVarchar, false, "", "The zone's domain name, e.g. example.com; unique."},
	{"plan", tVarchar, false, "", "Zone plan: free, pro, business or enterprise (may be below the account's plan)."},
	{"status", tVarchar, false, "", "active, paused (proxying off, no traffic) or deleted."},
	{"created_at", tTS, false, "", "When the zone was added (UTC)."},
}

func appendZone(b *batcher, w *world, id int64, acct int, name string, plan, status int, created int64) {
	b.i64(0).Append(id)
	b.i64(1).Append(w.accounts[acct].id)
	b.str(2).Append(name)
	b.str(3).Append(plans[plan])
	b.str(4).Append(zoneStatuses[status])
	b.ts(5).Append(arrow.Timestamp(created))
}
