package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"runtime"
	"slices"
	"strconv"
	"time"

	"github.com/spf13/cobra"
	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/engine"
	"github.com/tarn-data/tarn/lake"
	"github.com/tarn-data/tarn/lake/demo"
)

type benchFlags struct {
	demo       demoFlags
	runs       int
	only       []int
	icebergGo  bool
	appendRows bool
	compact    bool
	smallFiles int
	governance bool
	queries    bool
	ask        bool
	scan       bool
}

func newBenchCommand() *cobra.Command {
	var f benchFlags
	cmd := &cobra.Command{
		Use:   "bench",
		Short: "Measure query, append and compaction speed on the demo lake",
		Long: `Builds the demo lake at --scale (default 10: 20,000,000 requests) in the data
directory if it is absent, then measures, warm, in this one process:

  queries     the ten benchmark queries through Tarn's full path (guard, policy,
              Iceberg planning, DuckDB) against DuckDB reading the same Parquet
              files directly, and against iceberg-go's own Arrow scan handed to
              DuckDB; median of --runs and the ratio to DuckDB per query
  append      Arrow → Iceberg append throughput for fct.http_requests rows
  compaction  1,000 small files compacted: time taken and the query speed-up
  ask         the offline agent answering the 20 development questions end to
              end (retrieval, planner, sandbox, queries): median per question,
              p50/p95/max over all answers
  scan        Skimmer classifying fct.http_requests from scratch (sampling and
              every detector), a rescan with nothing new, and a first scan of
              the whole lake

Use a data directory of its own, e.g. --data ./bench-data.`,
		Example: "  tarn bench --data ./bench-data --scale 10 --runs 5",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runBench(cmd.Context(), cmd, f)
		},
	}
	f.demo.register(cmd, 10)
	cmd.Flags().IntVar(&f.runs, "runs", 5, "timed runs per query (after one warm-up run)")
	cmd.Flags().IntSliceVar(&f.only, "query", nil, "run only these query numbers (1-10)")
	cmd.Flags().BoolVar(&f.icebergGo, "iceberg-go", true, "also time iceberg-go's own Arrow scan of each query's tables (slow at scale 10)")
	cmd.Flags().BoolVar(&f.appendRows, "append", true, "measure append throughput")
	cmd.Flags().BoolVar(&f.compact, "compaction", true, "measure compaction of small files")
	cmd.Flags().IntVar(&f.smallFiles, "small-files", 1000, "how many small files the compaction benchmark writes")
	cmd.Flags().BoolVar(&f.governance, "governance", true, "also time each query with governance on against off")
	cmd.Flags().BoolVar(&f.queries, "queries", true, "measure the ten benchmark queries")
	cmd.Flags().BoolVar(&f.ask, "ask", true, "measure offline answers to the development questions")
	cmd.Flags().BoolVar(&f.scan, "scan", true, "measure Skimmer's PII classification")
	AddEngineFlags(cmd.Flags())
	return cmd
}

func runBench(ctx context.Context, cmd *cobra.Command, f benchFlags) error {
	out, log := cmd.OutOrStdout(), cmd.ErrOrStderr()
	o, err := f.demo.options()
	if err != nil {
		return err
	}
	m, err := openDemo(ctx, cmd, o)
	if err != nil {
		return err
	}
	defer m.Close()
	m.Config.Engine.MaxRows = 0 // results are counted in full on every path
	if err := m.OpenEngine(ctx); err != nil {
		return err
	}
	o, err = builtOptions(ctx, m.Lake)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Tarn benchmark — demo lake scale %g (as of %s), %d cores, GOMAXPROCS %d, %s/%s\n\n",
		o.Scale, o.AsOf.Format("2006-01-02"), runtime.NumCPU(), runtime.GOMAXPROCS(0), runtime.GOOS, runtime.GOARCH)
	if f.queries {
		if err := benchQueriesRun(ctx, m, o, f, out, log); err != nil {
			return err
		}
	}
	if f.ask {
		if err := benchAsk(ctx, m, o, f.runs, out, log); err != nil {
			return err
		}
	}
	if f.scan {
		if err := benchScan(ctx, m, f.runs, out); err != nil {
			return err
		}
	}
	if !f.appendRows && !f.compact {
		return nil
	}
	// The write benchmarks share one in-memory copy of 2,000,000 request
	// rows, so they time writing, not generating.
	sc, batches, err := requestBatches(ctx, m, o)
	if err != nil {
		return err
	}
	defer release(batches)
	if f.appendRows {
		if err := benchAppend(ctx, m, sc, batches, out); err != nil {
			return err
		}
	}
	if f.compact {
		if err := benchCompaction(ctx, m, sc, batches, f.smallFiles, f.runs, out, log); err != nil {
			return err
		}
	}
	return nil
}

// builtOptions reads the seed, scale and as-of the demo lake was built with.
func builtOptions(ctx context.Context, l *lake.Lake) (demo.Options, error) {
	t, err := l.Load(ctx, lake.MustIdent("fct.http_requests"))
	if err != nil {
		return demo.Options{}, err
	}
	p := t.Properties()
	var o demo.Options
	o.Seed, _ = strconv.ParseInt(p["tarn.demo.seed"], 10, 64)
	o.Scale, _ = strconv.ParseFloat(p["tarn.demo.scale"], 64)
	o.AsOf, err = time.Parse("2006-01-02", p["tarn.demo.as-of"])
	if err != nil || o.Scale <= 0 {
		return o, tarn.Errorf(tarn.EINVALID, "The lake in this data directory was not built by `tarn demo`; benchmark a fresh --data directory.")
	}
	return o, nil
}

// timeIt runs fn once to warm up, then runs times, and returns the median.
func timeIt(runs int, fn func() (int64, error)) (time.Duration, int64, error) {
	rows, err := fn()
	if err != nil {
		return 0, 0, err
	}
	var ds []time.Duration
	for i := 0; i < runs; i++ {
		start := time.Now()
		n, err := fn()
		if err != nil {
			return 0, 0, err
		}
		ds = append(ds, time.Since(start))
		rows = n
	}
	return median(ds), rows, nil
}

// timePair warms both sides up, then alternates them run by run so both
// see the same machine, and returns each side's median and row count. Fast
// queries get more runs (up to 200, about half a second per side), so their
// medians are not at the mercy of one scheduler hiccup.
func timePair(runs int, a, b func() (int64, error)) (ta, tb time.Duration, ra, rb int64, err error) {
	start := time.Now()
	if ra, err = a(); err != nil {
		return
	}
	warm := time.Since(start)
	if rb, err = b(); err != nil {
		return
	}
	if warm > 0 {
		runs = max(runs, min(200, int(500*time.Millisecond/warm)))
	}
	var da, db []time.Duration
	for i := 0; i < runs; i++ {
		for _, side := range []struct {
			fn func() (int64, error)
			ds *[]time.Duration
			n  *int64
		}{{a, &da, &ra}, {b, &db, &rb}} {
			s := time.Now()
			n, e := side.fn()
			if e != nil {
				return 0, 0, 0, 0, e
			}
			*side.ds = append(*side.ds, time.Since(s))
			*side.n = n
		}
	}
	return median(da), median(db), ra, rb, nil
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func ms(d time.Duration) string {
	return strconv.FormatFloat(float64(d.Microseconds())/1000, 'f', 1, 64)
}

func benchQueriesRun(ctx context.Context, m *Main, o demo.Options, f benchFlags, out, log io.Writer) error {
	zone, err := busiestZone(ctx, m, o.AsOf.AddDate(0, 0, -2))
	if err != nil {
		return err
	}
	incFrom, incTo := o.IncidentWindow()
	qs := benchQueries(o.AsOf, incFrom, incTo, zone)
	p, err := newPeer(ctx, m.Config.Engine.Threads, m.Config.Engine.MemoryLimit)
	if err != nil {
		return err
	}
	defer p.Close()
	var all []lake.Ident
	for _, q := range qs {
		all = append(all, tablesOf(q.SQL)...)
	}
	if err := p.viewFiles(ctx, m.Lake, uniqueIdents(all)); err != nil {
		return err
	}
	caller := benchCaller
	if err := flipForBench(ctx, m, uniqueIdents(all)); err != nil {
		return err
	}
	var rows [][]string
	var logSum float64
	var worst float64
	counted := 0
	for _, q := range qs {
		if len(f.only) > 0 && !slices.Contains(f.only, q.N) {
			continue
		}
		fmt.Fprintf(log, "query %d: %s…\n", q.N, q.Name)
		tarnT, duckT, tarnRows, duckRows, err := timePair(f.runs, func() (int64, error) {
			res, err := m.Engine.Query(ctx, engine.Request{SQL: q.SQL, Caller: caller})
			if err != nil {
				return 0, fmt.Errorf("through Tarn: %w", err)
			}
			defer res.Close()
			return drain(res.Reader)
		}, func() (int64, error) {
			n, err := p.count(ctx, q.SQL)
			if err != nil {
				return 0, fmt.Errorf("on DuckDB directly: %w", err)
			}
			return n, nil
		})
		if err != nil {
			return fmt.Errorf("query %d %w", q.N, err)
		}
		if tarnRows != duckRows {
			return fmt.Errorf("query %d: Tarn returned %d rows but DuckDB reading the files returned %d", q.N, tarnRows, duckRows)
		}
		ratio := float64(tarnT) / float64(duckT)
		logSum += math.Log(ratio)
		worst = max(worst, ratio)
		counted++
		row := []string{strconv.Itoa(q.N), q.Name, strconv.FormatInt(tarnRows, 10), ms(tarnT), ms(duckT), strconv.FormatFloat(ratio, 'f', 2, 64)}
		if f.icebergGo {
			igT, _, err := timeIt(1, func() (int64, error) { return scanViaIcebergGo(ctx, m.Lake, q.SQL) })
			if err != nil {
				return fmt.Errorf("query %d via iceberg-go's scan: %w", q.N, err)
			}
			row = append(row, ms(igT), strconv.FormatFloat(float64(igT)/float64(tarnT), 'f', 1, 64))
		}
		rows = append(rows, row)
	}
	header := []string{"#", "query", "rows", "tarn_ms", "duckdb_ms", "tarn/duckdb"}
	if f.icebergGo {
		header = append(header, "icebergo_scan_ms", "scan/tarn")
	}
	fmt.Fprintf(out, "Queries (median of at least %d warm runs, alternating Tarn and DuckDB; duckdb = DuckDB reading the same Parquet files directly;\n", f.runs)
	if f.icebergGo {
		fmt.Fprintf(out, "icebergo_scan = iceberg-go's own Arrow scan of the query's tables alone, all columns, no pushdown, one warm run;\n")
	}
	fmt.Fprintf(out, "times in ms):\n")
	if err := WriteRows(out, FormatTable, header, rows); err != nil {
		return err
	}
	if counted > 0 {
		fmt.Fprintf(out, "geometric mean tarn/duckdb: %.3f   worst: %.2f   (goal: ≤ 1.15 and no query above 1.5)\n\n", math.Exp(logSum/float64(counted)), worst)
	}
	if f.governance {
		return benchGovernance(ctx, m, qs, f, out, log)
	}
	return nil
}

// benchGovernance times each query through the governed engine (decision,
// masks and row filters, audit write) against the same engine with
// governance off, alternating run by run.
func benchGovernance(ctx context.Context, m *Main, qs []benchQuery, f benchFlags, out, log io.Writer) error {
	off, err := engine.New(ctx, m.Lake, m.engineOptions(false))
	if err != nil {
		return err
	}
	defer off.Close()
	run := func(e *engine.Engine, q string) func() (int64, error) {
		return func() (int64, error) {
			res, err := e.Query(ctx, engine.Request{SQL: q, Caller: benchCaller})
			if err != nil {
				return 0, err
			}
			n, err := drain(res.Reader)
			return n, errors.Join(err, res.Close())
		}
	}
	var rows [][]string
	var logSum, worst float64
	for _, q := range qs {
		if len(f.only) > 0 && !slices.Contains(f.only, q.N) {
			continue
		}
		fmt.Fprintf(log, "governance on/off, query %d…\n", q.N)
		onT, offT, onRows, offRows, err := timePair(f.runs, run(m.Engine, q.SQL), run(off, q.SQL))
		if err != nil {
			return fmt.Errorf("query %d: %w", q.N, err)
		}
		if onRows != offRows {
			return fmt.Errorf("query %d: %d rows with governance, %d without", q.N, onRows, offRows)
		}
		r := float64(onT) / float64(offT)
		logSum += math.Log(r)
		worst = max(worst, r)
		rows = append(rows, []string{strconv.Itoa(q.N), q.Name, ms(onT), ms(offT), strconv.FormatFloat(r, 'f', 3, 64)})
	}
	fmt.Fprintf(out, "Governance on vs off (on: as %s, decision + audit entry per query; same engine settings; times in ms):\n", benchPrincipal)
	if err := WriteRows(out, FormatTable, []string{"#", "query", "on_ms", "off_ms", "on/off"}, rows); err != nil {
		return err
	}
	if len(rows) > 0 {
		fmt.Fprintf(out, "geometric mean on/off: %.3f   worst: %.3f   (goal: ≤ 1.05)\n\n", math.Exp(logSum/float64(len(rows))), worst)
	}
	return nil
}

// busiestZone picks the zone with the most requests on day, so query 6
// has rows to count.
func busiestZone(ctx context.Context, m *Main, day time.Time) (int64, error) {
	res, err := m.Engine.Query(ctx, engine.Request{
		SQL:    fmt.Sprintf("SELECT zone_id FROM fct.traffic_daily WHERE day = DATE '%s' GROUP BY zone_id ORDER BY sum(requests) DESC LIMIT 1", day.Format("2006-01-02")),
		Caller: benchCaller,
	})
	if err != nil {
		return 0, err
	}
	defer res.Close()
	if !res.Reader.Next() || res.Reader.RecordBatch().NumRows() == 0 {
		return 0, fmt.Errorf("no traffic on %s to pick a zone from", day.Format("2006-01-02"))
	}
	var z int64
	if _, err := fmt.Sscan(res.Reader.RecordBatch().Column(0).ValueStr(0), &z); err != nil {
		return 0, err
	}
	return z, nil
}

func uniqueIdents(ids []lake.Ident) []lake.Ident {
	seen := map[lake.Ident]bool{}
	var out []lake.Ident
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
