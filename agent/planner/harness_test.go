package planner_test

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tarn-data/tarn/agent"
	"github.com/tarn-data/tarn/agent/codemode"
	"github.com/tarn-data/tarn/agent/planner"
	"github.com/tarn-data/tarn/internal/demotest"
)

// harness runs planned scripts and gold queries on one demo lake.
type harness struct {
	env           *demotest.Env
	cat           *agent.Catalog
	p             *planner.Planner
	now           time.Time
	zone, account string
}

func newHarness(t *testing.T, env *demotest.Env) *harness {
	h := &harness{env: env, p: planner.New(planner.Options{Clock: env.Clock}), now: env.Clock.Now(),
		cat: agent.NewCatalog(agent.CatalogOptions{Lake: env.Lake, Engine: env.Engine, Clock: env.Clock})}
	// A busy zone and an account with several zones, named as they are.
	h.zone = h.scalar(t, "alice", `SELECT z.zone_name FROM fct.traffic_daily t JOIN dim.zones z ON z.zone_id = t.zone_id
		WHERE t.day >= DATE '2026-11-11' GROUP BY 1 ORDER BY sum(t.requests) DESC, 1 LIMIT 1`)
	h.account = h.scalar(t, "alice", `SELECT a.account_name FROM dim.accounts a JOIN dim.zones z ON z.account_id = a.account_id
		GROUP BY 1 HAVING count(*) > 2 ORDER BY (a.account_name LIKE '%.%' OR a.account_name LIKE '%,%') DESC, count(*) DESC, 1 LIMIT 1`)
	t.Logf("zone %q, account %q", h.zone, h.account)
	return h
}

func (h *harness) resolve(q string) string {
	return strings.NewReplacer("<zone>", h.zone, "<account>", h.account).Replace(q)
}

func (h *harness) host(as string) codemode.Host {
	c := demotest.As(as)
	return agent.NewHost(h.env.Engine, h.cat, c)
}

func (h *harness) scalar(t *testing.T, as, sql string) string {
	t.Helper()
	res, err := h.host(as).SQL(context.Background(), sql)
	if err != nil || len(res.Rows) != 1 {
		t.Fatalf("%s: %v (%d rows)", sql, err, len(res.Rows))
	}
	return fmt.Sprint(res.Rows[0][0])
}

// run plans q and runs the script as person as.
func (h *harness) run(t *testing.T, q, as string) (agent.Completion, *codemode.Outcome) {
	t.Helper()
	ctx := context.Background()
	c, err := h.p.Write(ctx, agent.Prompt{Question: q, Now: h.now})
	if err != nil {
		t.Fatalf("Write: %v", err)
	}
	if c.Script == "" {
		t.Fatalf("no script for %q: %s", q, c.Text)
	}
	out, err := codemode.Run(ctx, c.Script, h.host(as), codemode.Limits{Timeout: time.Minute})
	if err != nil {
		t.Fatalf("script for %q failed: %v\n%s", q, err, c.Script)
	}
	if out.Answer == "" {
		t.Fatalf("script for %q gave no answer", q)
	}
	return c, out
}

func (h *harness) check(t *testing.T, q string, g gold) {
	c, out := h.run(t, q, g.as)
	t.Logf("%s\n→ %s\n%s", q, c.Understood, out.Answer)
	if g.check != nil {
		g.check(t, out)
	}
	if g.sql == "" {
		return
	}
	if len(out.Display) == 0 {
		t.Fatalf("the script displayed nothing")
	}
	got := out.Display[len(out.Display)-1]
	want, err := h.host(g.as).SQL(context.Background(), g.sql)
	if err != nil {
		t.Fatalf("gold: %v", err)
	}
	if err := sameRows(got.Rows, want.Rows, g.ranked); err != nil {
		t.Errorf("%v\nplanner SQL: %s\ngot  %v\nwant %v", err, got.SQL, head(got.Rows), head(want.Rows))
	}
}

func head(rows [][]any) [][]any { return rows[:min(len(rows), 12)] }

// sameRows compares results by value: numbers with a small tolerance,
// column names ignored, row order only when ranked.
func sameRows(got, want [][]any, ranked bool) error {
	if len(got) != len(want) {
		return fmt.Errorf("%d rows, want %d", len(got), len(want))
	}
	g, w := keys(got), keys(want)
	if !ranked {
		sort.Strings(g)
		sort.Strings(w)
	}
	for i := range g {
		if len(got[0]) != len(want[0]) {
			return fmt.Errorf("%d columns, want %d", len(got[0]), len(want[0]))
		}
		if g[i] != w[i] {
			return fmt.Errorf("row %d: %s, want %s", i, g[i], w[i])
		}
	}
	return nil
}

// keys renders rows comparably: numbers rounded to 4 significant decimals.
func keys(rows [][]any) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		parts := make([]string, len(r))
		for j, v := range r {
			parts[j] = cell(v)
		}
		out[i] = strings.Join(parts, " | ")
	}
	return out
}

func cell(v any) string {
	var f float64
	switch x := v.(type) {
	case nil:
		return "NULL"
	case int64:
		f = float64(x)
	case uint64:
		f = float64(x)
	case float64:
		f = x
	case string:
		p, err := strconv.ParseFloat(x, 64)
		if err != nil {
			return x
		}
		f = p
	default:
		return fmt.Sprint(x)
	}
	return strconv.FormatFloat(math.Round(f*1e4)/1e4, 'f', -1, 64)
}

// openEnv builds the demo lake the gold is written for (scale 0.05, as of
// 2026-11-25).
func openEnv(t *testing.T) *demotest.Env { return demotest.Open(t, demotest.Options{}) }
