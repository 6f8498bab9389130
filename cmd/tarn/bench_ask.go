package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/agent"
	"github.com/tarn-data/tarn/agent/planner"
	"github.com/tarn-data/tarn/engine"
	"github.com/tarn-data/tarn/lake/demo"
)

// benchAsk times the offline agent answering the development questions of
// the demo lake as the bench principal, end to end: retrieval, planning,
// the script in the sandbox and its queries. It prints each question's
// median and the p50/p95/max over every run.
func benchAsk(ctx context.Context, m *Main, o demo.Options, runs int, out, log io.Writer) error {
	if m.Agent == nil {
		if err := m.OpenAgent(ctx); err != nil {
			return err
		}
	}
	qs, err := devQuestions(ctx, m)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "\nOffline answers: %d development questions as %s, %d timed runs each (after one warm-up)\n\n", len(qs), benchPrincipal, runs)
	fmt.Fprintf(out, "%-3s %-62s %9s %7s\n", "#", "question", "median ms", "rounds")
	var all []time.Duration
	failed := 0
	for i, q := range qs {
		ask := func() (*agent.Answer, time.Duration, error) {
			start := time.Now()
			a, err := m.Agent.Ask(ctx, agent.Question{Text: q, Principal: benchCaller.Principal, Purpose: "tarn bench", Now: o.AsOf})
			return a, time.Since(start), err
		}
		if _, _, err := ask(); err != nil {
			fmt.Fprintf(log, "question %d %q: %s\n", i+1, q, tarn.ErrorMessage(err))
		}
		var ds []time.Duration
		rounds := 0
		for r := 0; r < runs; r++ {
			a, d, err := ask()
			if err != nil {
				failed++
			}
			if a != nil {
				rounds = a.Rounds
			}
			ds = append(ds, d)
		}
		all = append(all, ds...)
		fmt.Fprintf(out, "%-3d %-62s %9s %7d\n", i+1, clipText(q, 62), ms(median(ds)), rounds)
	}
	slices.Sort(all)
	fmt.Fprintf(out, "\nall %d answers: p50 %s ms, p95 %s ms, max %s ms; %d failed\n",
		len(all), ms(percentile(all, 0.50)), ms(percentile(all, 0.95)), ms(all[len(all)-1]), failed)
	return nil
}

// devQuestions are the planner's development questions with the
// placeholders for a zone and an account replaced by names from the lake.
func devQuestions(ctx context.Context, m *Main) ([]string, error) {
	zone, err := firstValue(ctx, m, "SELECT zone_name FROM dim.zones WHERE status = 'active' ORDER BY zone_id LIMIT 1")
	if err != nil {
		return nil, err
	}
	account, err := firstValue(ctx, m, "SELECT a.account_name FROM dim.accounts a JOIN dim.zones z USING (account_id) GROUP BY a.account_name ORDER BY count(*) DESC, a.account_name LIMIT 1")
	if err != nil {
		return nil, err
	}
	r := strings.NewReplacer("<zone>", zone, "<account>", account, "<a zone name>", zone, "<an account name>", account)
	qs := make([]string, len(planner.DevQuestions))
	for i, q := range planner.DevQuestions {
		qs[i] = r.Replace(q)
	}
	return qs, nil
}

func firstValue(ctx context.Context, m *Main, sql string) (string, error) {
	res, err := m.Engine.Query(ctx, engine.Request{SQL: sql, Caller: benchCaller})
	if err != nil {
		return "", err
	}
	defer res.Close()
	for res.Reader.Next() {
		rec := res.Reader.RecordBatch()
		if rec.NumRows() > 0 {
			return strings.Clone(plainText(rec.Column(0), 0)), nil // the batch is released on return
		}
	}
	return "", tarn.Errorf(tarn.ENOTFOUND, "the demo lake has no row for %s", sql)
}

func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted))*p+0.5) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

func clipText(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
