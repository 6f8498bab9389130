package codemode

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/tarn-data/tarn"
)

// fakeHost answers from fixed tables: results maps a query to its result, and
// any other query fails as the engine would refuse or reject it.
type fakeHost struct {
	results map[string]Result
	queries []string
}

func (h *fakeHost) Search(_ context.Context, text string) ([]SearchHit, error) {
	return []SearchHit{{Kind: "table", Name: "billing.invoices", Description: "one row per invoice; " + text, Score: 0.9}}, nil
}

func (h *fakeHost) Describe(_ context.Context, table string) (TableInfo, error) {
	if table != "billing.invoices" {
		return TableInfo{}, tarn.Errorf(tarn.ENOTFOUND, "table %s does not exist", table)
	}
	return TableInfo{Name: table, Columns: []ColumnInfo{{Name: "plan", Type: "VARCHAR"}, {Name: "amount", Type: "DECIMAL(18,2)"}}}, nil
}

func (h *fakeHost) SQL(ctx context.Context, query string) (Result, error) {
	h.queries = append(h.queries, query)
	switch query {
	case "SELECT slow":
		<-ctx.Done() // a query that only ends when the script's time does
		return Result{}, ctx.Err()
	case "SELECT broken":
		return Result{}, errors.New("driver: connection reset by peer")
	}
	if strings.Contains(query, "hr.salaries") {
		return Result{}, tarn.Errorf(tarn.EFORBIDDEN, "you may not read hr.salaries")
	}
	if res, ok := h.results[query]; ok {
		return res, nil
	}
	return Result{}, tarn.Errorf(tarn.EINVALID, "unknown query %q", query)
}

const revenueSQL = "SELECT plan, sum(amount) AS revenue FROM billing.invoices GROUP BY plan ORDER BY revenue DESC"

func newFakeHost() *fakeHost {
	return &fakeHost{results: map[string]Result{
		revenueSQL: {
			Columns: []string{"plan", "revenue"},
			Rows:    [][]any{{"enterprise", 9000.5}, {"pro", 1200.0}, {"free", 0.0}},
		},
		"SELECT * FROM big": bigResult(2000),
		"SELECT 1":          {Columns: []string{"x"}, Rows: [][]any{{1}}},
	}}
}

func bigResult(n int) Result {
	rows := make([][]any, n)
	for i := range rows {
		rows[i] = []any{i, fmt.Sprintf("secret-%d", i)}
	}
	return Result{Columns: []string{"id", "email"}, Rows: rows}
}
