package demo

import (
	"context"
	"fmt"

	"github.com/tarn-data/tarn/lake"
)

// TableLineage is how one derived demo table is built: the SQL a
// transformation job would run, and what it says about each column.
type TableLineage struct {
	Table   string // namespace.table
	Lineage lake.Lineage
}

// Lineages returns the lineage of the demo's derived tables. The SQL gives
// the same rows the generator writes.
func Lineages() []TableLineage {
	return []TableLineage{
		{"fct.traffic_daily", lake.Lineage{
			SQL:     trafficDailySQL,
			Sources: []string{"fct.http_requests"},
			Columns: []lake.ColumnDerivation{
				{Name: "day", Expr: "CAST(ts AS DATE)", Description: "UTC day of the request timestamp"},
				{Name: "zone_id", Expr: "zone_id", Description: "grouping key, from fct.http_requests"},
				{Name: "client_country", Expr: "client_country", Description: "grouping key, from fct.http_requests"},
				{Name: "requests", Expr: "count(*)", Description: "number of requests"},
				{Name: "bytes", Expr: "sum(bytes)", Description: "response bytes of all requests"},
				{Name: "cached_bytes", Expr: "sum(bytes) FILTER (WHERE cache_status = 'hit')", Description: "response bytes served from cache"},
				{Name: "threats", Expr: "count(*) FILTER (WHERE bot_score < 10)", Description: "requests with bot_score below 10"},
			},
		}},
		{"fct.billings_allocated", lake.Lineage{
			SQL:     billingsAllocatedSQL,
			Sources: []string{"fct.billing_invoices"},
			Columns: []lake.ColumnDerivation{
				{Name: "account_id", Expr: "account_id", Description: "the invoiced account"},
				{Name: "invoice_id", Expr: "invoice_id", Description: "the invoice allocated"},
				{Name: "month", Expr: "invoice_month + INTERVAL (k) MONTH", Description: "invoice_month for monthly invoices; each of the twelve months from invoice_month for annual ones"},
				{Name: "product", Expr: "product", Description: "product of the invoice"},
				{Name: "alloc_amount", Expr: "CASE WHEN billing_frequency = 'annual' THEN round(billed_amount / 12, 2) ELSE billed_amount END",
					Description: "billed_amount / 12 for annual invoices (rounded half up to the cent), billed_amount for monthly ones; void invoices excluded"},
			},
		}},
	}
}

const trafficDailySQL = `SELECT CAST(ts AS DATE) AS day,
       zone_id,
       client_country,
       count(*) AS requests,
       sum(bytes) AS bytes,
       coalesce(sum(bytes) FILTER (WHERE cache_status = 'hit'), 0) AS cached_bytes,
       count(*) FILTER (WHERE bot_score < 10) AS threats
FROM fct.http_requests
GROUP BY CAST(ts AS DATE), zone_id, client_country`

const billingsAllocatedSQL = `SELECT account_id,
       invoice_id,
       CAST(invoice_month + INTERVAL (k) MONTH AS DATE) AS month,
       product,
       CASE WHEN billing_frequency = 'annual'
            THEN CAST(round(billed_amount / 12, 2) AS DECIMAL(12,2))
            ELSE billed_amount END AS alloc_amount
FROM (
    SELECT *, unnest(CASE WHEN billing_frequency = 'annual' THEN range(12) ELSE [0] END) AS k
    FROM fct.billing_invoices
    WHERE status <> 'void'
)`

// putLineages records the lineage of the derived tables; an upsert, so a
// rebuild over existing tables records it too.
func putLineages(ctx context.Context, l *lake.Lake) error {
	for _, tl := range Lineages() {
		if err := l.PutLineage(ctx, lake.MustIdent(tl.Table), tl.Lineage); err != nil {
			return fmt.Errorf("recording the lineage of %s: %w", tl.Table, err)
		}
	}
	return nil
}
