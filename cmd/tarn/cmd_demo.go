package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/spf13/cobra"
	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/governance/yamldir"
	"github.com/tarn-data/tarn/lake/demo"
)

// demoFlags are the knobs of the demo lake.
type demoFlags struct {
	scale float64
	seed  int64
	asOf  string
}

func (d *demoFlags) register(cmd *cobra.Command, defaultScale float64) {
	cmd.Flags().Float64Var(&d.scale, "scale", defaultScale, "data volume: 1 gives 2,000,000 requests, 10 gives 20,000,000")
	cmd.Flags().Int64Var(&d.seed, "seed", 1, "random seed; the same seed, scale and as-of give the same data")
	cmd.Flags().StringVar(&d.asOf, "as-of", "", "the `date` (YYYY-MM-DD, UTC) the data ends at; default today")
}

func (d *demoFlags) options() (demo.Options, error) {
	o := demo.Options{Seed: d.seed, Scale: d.scale, AsOf: time.Now().UTC()}
	if d.asOf != "" {
		t, err := time.Parse("2006-01-02", d.asOf)
		if err != nil {
			return o, tarn.Wrap(err, tarn.EINVALID, "Write it as YYYY-MM-DD, e.g. 2026-11-25.", "--as-of %q is not a date.", d.asOf)
		}
		o.AsOf = t
	}
	return o, nil
}

// buildDemo builds the demo lake (if absent) with a progress bar on w.
func buildDemo(ctx context.Context, m *Main, o demo.Options, w io.Writer) error {
	start := time.Now()
	var bar *Progress
	var mu sync.Mutex
	var shown int64
	o.SkipDerived = true // the demo's jobs build them (runDemoJobs)
	res, err := demo.Build(ctx, m.Lake, o, func(done, total int64) {
		mu.Lock()
		defer mu.Unlock()
		if bar == nil {
			bar = NewProgress(w, "building demo lake", total)
		}
		// total is an estimate: hold the bar short of 100% until Done.
		if done = min(done, total-1); done > shown {
			bar.Add(done - shown)
			shown = done
		}
	})
	if bar != nil {
		bar.Done()
	}
	if err != nil {
		return err
	}
	if len(res.Created) == 0 {
		fmt.Fprintf(w, "demo lake already present in %s (%d tables)\n", m.Config.DataDir, len(res.Skipped))
		return nil
	}
	fmt.Fprintf(w, "built %d tables, %d rows, in %s\n", len(res.Created), res.Rows, time.Since(start).Round(100*time.Millisecond))
	return nil
}

func newDemoCommand() *cobra.Command {
	var d demoFlags
	var noServe bool
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Build the demo lake (if absent) and serve it — no keys, no services",
		Long: `Builds a demo lake that imitates a global network company — accounts, zones,
90 days of HTTP requests, billing, security events with one incident — as Iceberg
tables in the data directory, then serves Tarn on --addr until interrupted.
The same --seed, --scale and --as-of always give the same data.`,
		Example: `  tarn demo
  tarn demo --no-serve --scale 10 --data ./bench-data`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			o, err := d.options()
			if err != nil {
				return err
			}
			m, err := openDemo(ctx, cmd, o)
			if err != nil {
				return err
			}
			defer m.Close()
			if noServe {
				return nil
			}
			if err := m.OpenEngine(ctx); err != nil {
				return err
			}
			if err := m.OpenAgent(ctx); err != nil {
				return err
			}
			if err := m.OpenBot(ctx); err != nil {
				return err
			}
			if err := m.OpenSkimmer(); err != nil { // classifies the lake once serving, then new snapshots
				return err
			}
			if err := m.OpenJobs(ctx, m.Config.Jobs.Dir); err != nil { // schedules the demo's jobs
				return err
			}
			if err := m.Listen(); err != nil {
				return err
			}
			printTryThis(cmd.OutOrStdout(), m)
			return m.Run(ctx)
		},
	}
	d.register(cmd, 1)
	cmd.Flags().BoolVar(&noServe, "no-serve", false, "only build the demo lake, then exit")
	return cmd
}

// openDemo opens Tarn on the demo lake: the demo people are written to the
// directory file if there is none, the lake is built if absent, and its
// reviews and grants are seeded the first time.
func openDemo(ctx context.Context, cmd *cobra.Command, o demo.Options) (*Main, error) {
	cfg, err := LoadConfig(cmd.Flags(), os.Getenv)
	if err != nil {
		return nil, err
	}
	if err := ensurePeopleFile(cfg.People, yamldir.DemoYAML); err != nil {
		return nil, err
	}
	if len(cfg.Skimmer.PersonKeys) == 0 {
		// The demo's accounts belong to people (their owners).
		cfg.Skimmer.PersonKeys = demoPersonKeys
	}
	m := NewMain(cfg)
	if err := m.Open(ctx); err != nil {
		m.Close()
		return nil, err
	}
	if err := buildDemo(ctx, m, o, cmd.ErrOrStderr()); err != nil {
		m.Close()
		return nil, err
	}
	if err := seedDemoGovernance(ctx, m, o); err != nil {
		m.Close()
		return nil, err
	}
	if err := runDemoJobs(ctx, m, cmd.ErrOrStderr()); err != nil {
		m.Close()
		return nil, err
	}
	return m, nil
}

func newServeCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve Tarn's HTTP API over the lake in the data directory",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			m, err := openMain(ctx, cmd, true)
			if err != nil {
				return err
			}
			defer m.Close()
			m.logServing()
			if err := m.OpenAgent(ctx); err != nil {
				return err
			}
			if err := m.OpenBot(ctx); err != nil {
				return err
			}
			if err := m.OpenSkimmer(); err != nil {
				return err
			}
			if err := m.OpenJobs(ctx, m.Config.Jobs.Dir); err != nil {
				return err
			}
			if err := m.Listen(); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Tarn is serving on http://%s (Ctrl-C to stop)\n", m.Addr())
			return m.Run(ctx)
		},
	}
	AddEngineFlags(cmd.Flags())
	return cmd
}

func printTryThis(w io.Writer, m *Main) {
	fmt.Fprintf(w, `
Tarn is serving on http://%[1]s (Ctrl-C to stop).

Open http://%[1]s in a browser: pick a demo person, ask a question, and use the
buttons under the answers (show SQL, request access, approve as dave in #approvals).

Things to try in another terminal:

  tarn ask --data %[2]s --as bob "top 10 customers by revenue last month"
  tarn ask --data %[2]s --as alice "daily requests for the last 30 days"
  tarn tables --data %[2]s
  tarn jobs plan --data %[2]s                 (the jobs that build fct.traffic_daily and fct.billings_allocated)
  tarn describe fct.http_requests --data %[2]s --as alice
  tarn sql --data %[2]s --as alice "SELECT plan, count(*) AS accounts FROM dim.accounts GROUP BY plan ORDER BY 2 DESC"
  tarn sql --data %[2]s --as alice --explain "SELECT status, count(*) FROM fct.http_requests WHERE ts >= current_date - INTERVAL 1 DAY GROUP BY status"
  tarn sql --data %[2]s --as erin "SELECT count(*) FROM dim.accounts"        (erin has no grants: refused)
  tarn sql --data %[2]s --as alice "SELECT * FROM raw.support_tickets"       (unreviewed: refused)
  curl -s http://%[1]s/api/ask -d '{"question": "how many accounts do we have?", "as": "alice"}'
  curl -s http://%[1]s/api/sql -d '{"sql": "SELECT count(*) AS zones FROM dim.zones", "as": "alice"}'

The demo people (alice, bob, carol, dave, erin) live in %[2]s/people.yaml; see the README.

`, m.Addr(), m.Config.DataDir)
}

// demoPersonKeys are the demo lake's keys of people and accounts.
var demoPersonKeys = []string{"dim.accounts.account_id"}
