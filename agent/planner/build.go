package planner

import (
	"fmt"
	"strings"
)

// query is the SQL a plan runs and how to read its columns.
type query struct {
	SQL      string
	Columns  []string // output names
	Key      int      // the column that names a row (dimension or time), -1 for none
	Value    int      // the column the answer quotes
	Existent string   // for a named zone or account: SQL that counts it, run when no rows come back
}

// finish picks the source table and writes the SQL of pl.
func finish(pl *plan, p parsed) (*plan, *refusal) {
	switch pl.shape {
	case shapeList, shapeCountOf, shapeAvgPer:
		return pl, nil // fixed tables, written in sqlFor
	}
	why := ""
	for _, src := range pl.metric.Sources {
		if why = fits(pl, src); why == "" {
			if pl.byRequests && src.Table == tSecurity {
				src.Rank = 1
			}
			pl.src = src
			return pl, nil
		}
	}
	return nil, refuse("%s", why)
}

// sqlFor writes the query of a data plan.
func sqlFor(pl *plan) (query, error) {
	switch pl.shape {
	case shapeList:
		return listSQL(pl)
	case shapeCountOf:
		return countOfSQL(pl), nil
	case shapeAvgPer:
		return avgPerSQL(pl)
	case shapeGrowth:
		return growthSQL(pl)
	case shapeCompare:
		return compareSQL(pl)
	}
	src := pl.src
	var sel, names []string
	if pl.grain != "" {
		sel = append(sel, bucket(src, pl.grain))
		names = append(names, pl.grain)
	}
	sel, names = pl.appendDims(sel, names, src.Table)
	nkeys := len(sel)
	for _, o := range src.Outputs {
		sel = append(sel, o.Expr+" AS "+o.Name)
		names = append(names, o.Name)
	}
	conds := pl.filters(src)
	for _, s := range pl.spans {
		conds = append(conds, spanCond(timeCol(src), src.Kind, s))
	}
	if src.Ahead && len(pl.spans) == 0 {
		conds = append(conds, timeCol(src)+" < "+timeLit(month(pl.now).AddDate(0, 1, 0), src.Kind))
	}
	fr, err := from(src, append(append([]string(nil), sel...), conds...))
	if err != nil {
		return query{}, err
	}
	q := query{Columns: names, Key: nkeys - 1, Value: nkeys + src.Rank}
	b := "SELECT " + strings.Join(sel, ", ") + " FROM " + fr + where(conds)
	if nkeys > 0 {
		b += " GROUP BY " + positions(nkeys)
	}
	rank := names[q.Value]
	switch {
	case pl.shape == shapeSeries:
		b += " ORDER BY " + positions(nkeys)
		if pl.grain != "" && len(pl.dims) == 0 {
			q.Key = 0
		}
	case pl.shape == shapeGrouped:
		dir := " DESC"
		if pl.asc {
			dir = " ASC"
		}
		b += " ORDER BY " + rank + dir + " NULLS LAST, " + positions(nkeys)
		if pl.ranked {
			b += fmt.Sprintf(" LIMIT %d", pl.top)
		}
	}
	q.SQL = b
	if pl.zone != "" && src.Table != tZones {
		q.Existent = "SELECT count(*) AS zones FROM dim.zones z WHERE lower(z.zone_name) = lower(" + quote(pl.zone) + ")"
	} else if pl.account != "" {
		q.Existent = "SELECT count(*) AS accounts FROM dim.accounts a WHERE " + accountCond(pl.account)
	}
	return q, nil
}

func listSQL(pl *plan) (query, error) {
	switch pl.entity {
	case "account":
		src := metrics["accounts"].Sources[0]
		conds := pl.filters(src)
		for _, s := range pl.spans {
			conds = append(conds, spanCond("a.created_at", timeTS, s))
		}
		cols := []string{"account_id", "account_name", "plan", "customer_type", "region", "country", "created_at"}
		return query{Columns: cols, Key: 1, Value: -1,
			SQL: "SELECT a." + strings.Join(cols, ", a.") + " FROM dim.accounts a" + where(conds) +
				" ORDER BY a.created_at, a.account_id"}, nil
	default:
		src := metrics["invoices"].Sources[0]
		for _, v := range pl.values {
			if _, ok := dimensions[v.Dim].Cols[tInvoices]; !ok {
				return query{}, fmt.Errorf("invoices cannot be filtered on %s", v.Dim)
			}
		}
		conds := pl.filters(src)
		if pl.over > 0 {
			conds = append(conds, fmt.Sprintf("t.billed_amount > %s", trimFloat(pl.over)))
		}
		for _, s := range pl.spans {
			if !s.monthAligned() {
				return query{}, fmt.Errorf("invoices are issued per month, so I can't list them for %s", s.Label)
			}
			conds = append(conds, spanCond("t.invoice_month", timeMonth, s))
		}
		cols := []string{"invoice_id", "account_id", "account_name", "invoice_month", "product", "billing_frequency", "billed_amount", "status"}
		return query{Columns: cols, Key: 0, Value: 6,
			SQL: "SELECT t.invoice_id, t.account_id, a.account_name, t.invoice_month, t.product, t.billing_frequency, t.billed_amount, t.status" +
				" FROM fct.billing_invoices t JOIN dim.accounts a ON a.account_id = t.account_id" + where(conds) +
				" ORDER BY t.billed_amount DESC, t.invoice_id"}, nil
	}
}

func trimFloat(f float64) string {
	s := fmt.Sprintf("%.2f", f)
	return strings.TrimSuffix(strings.TrimSuffix(s, "00"), ".")
}

func countOfSQL(pl *plan) query {
	on := "z.account_id = a.account_id"
	for _, v := range pl.values {
		if v.Dim == "status" || v.Dim == "plan" {
			on += " AND z." + v.Dim + " = " + quote(v.Value)
		}
	}
	return query{Columns: []string{"account_id", "account_name", "zones"}, Key: 1, Value: 2,
		SQL: "SELECT a.account_id, a.account_name, count(z.zone_id) AS zones FROM dim.accounts a LEFT JOIN dim.zones z ON " + on +
			" WHERE " + accountCond(pl.account) + " GROUP BY 1, 2 ORDER BY 1"}
}

func avgPerSQL(pl *plan) (query, error) {
	var inner []string
	for _, s := range pl.spans {
		if !s.monthAligned() {
			return query{}, fmt.Errorf("revenue is kept per month, so I can't answer for %s", s.Label)
		}
		inner = append(inner, spanCond("t.month", timeMonth, s))
	}
	if len(pl.spans) == 0 {
		inner = append(inner, "t.month < "+timeLit(month(pl.now).AddDate(0, 1, 0), timeMonth))
	}
	sel, names := pl.appendDims(nil, nil, tAccounts)
	n := len(sel)
	var outer []string
	for _, v := range pl.values {
		cols, ok := dimensions[v.Dim].Cols[tAccounts]
		if !ok {
			return query{}, fmt.Errorf("accounts cannot be filtered on %s", v.Dim)
		}
		outer = append(outer, cols[len(cols)-1]+" = "+quote(v.Value))
	}
	sel = append(sel, "count(*) AS accounts", "coalesce(sum(r.revenue), 0) AS revenue",
		"round(coalesce(sum(r.revenue), 0) / count(*), 2) AS revenue_per_account")
	names = append(names, "accounts", "revenue", "revenue_per_account")
	b := "SELECT " + strings.Join(sel, ", ") + " FROM dim.accounts a LEFT JOIN (SELECT t.account_id, sum(t.alloc_amount) AS revenue" +
		" FROM fct.billings_allocated t" + where(inner) + " GROUP BY 1) r ON r.account_id = a.account_id" + where(outer)
	if n > 0 {
		b += " GROUP BY " + positions(n) + " ORDER BY revenue_per_account DESC, " + positions(n)
	}
	return query{SQL: b, Columns: names, Key: n - 1, Value: n + 2}, nil
}

// appendDims adds the plan's dimension columns of table to a select list,
// each as its output name, and the names to names.
func (pl *plan) appendDims(sel, names []string, table string) ([]string, []string) {
	for _, d := range pl.dims {
		for i, c := range d.Cols[table] {
			sel = append(sel, c+" AS "+d.Names[i])
			names = append(names, d.Names[i])
		}
	}
	return sel, names
}
