package demojobs_test

import (
	"context"
	"os"
	"strconv"
	"sync"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/tarn-data/tarn/engine/guard"
	"github.com/tarn-data/tarn/internal/demotest"
	"github.com/tarn-data/tarn/lake"
	"github.com/tarn-data/tarn/lake/demo"
	"github.com/tarn-data/tarn/lake/transform"
	"github.com/tarn-data/tarn/lake/transform/demojobs"
)

// benchScale is the demo scale of the benchmarks: TARN_BENCH_SCALE, default
// 1 (2,000,000 requests); 10 gives the 20,000,000 of `tarn bench`.
func benchScale(b *testing.B) float64 {
	if s, err := strconv.ParseFloat(os.Getenv("TARN_BENCH_SCALE"), 64); err == nil && s > 0 {
		return s
	}
	return 1
}

type benchEnv struct {
	env    *demotest.Env
	runner *transform.Runner
	jobs   map[string]*transform.Job
	tables transform.TableReader
}

// openBench builds the demo lake once per benchmark and the demo jobs
// writing into bench.* tables.
func openBench(b *testing.B) *benchEnv {
	b.Helper()
	env := demotest.Open(b, demotest.Options{Scale: benchScale(b)})
	p, err := guard.NewParser()
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { p.Close() })
	list, err := transform.LoadDir(demojobs.FS(), "demojobs")
	if err != nil {
		b.Fatal(err)
	}
	be := &benchEnv{env: env, jobs: map[string]*transform.Job{}, tables: transform.GuardTables{Parser: p},
		runner: transform.NewRunner(transform.Options{Lake: env.Lake, Engine: env.Engine, Tables: transform.GuardTables{Parser: p}, Clock: env.Clock})}
	for _, j := range list {
		j.Target = lake.Ident{Namespace: "bench", Name: j.Target.Name}
		be.jobs[j.Name] = j
	}
	return be
}

func (be *benchEnv) run(b *testing.B, name string, full bool) transform.Run {
	r, err := be.runner.Run(context.Background(), be.jobs[name], transform.RunOptions{Trigger: "bench", Full: full})
	if err != nil {
		b.Fatal(err)
	}
	return r
}

// BenchmarkTrafficDailyFullRebuild rebuilds fct.traffic_daily's rollup
// from every row of fct.http_requests, through governance, into Iceberg.
func BenchmarkTrafficDailyFullRebuild(b *testing.B) {
	be := openBench(b)
	be.run(b, "traffic_daily", true) // warm: Parquet footers, plans
	sources := int64(2_000_000 * benchScale(b))
	b.ResetTimer()
	var rows int64
	for i := 0; i < b.N; i++ {
		rows = be.run(b, "traffic_daily", true).Rows
	}
	b.StopTimer()
	b.ReportMetric(float64(sources)*float64(b.N)/b.Elapsed().Seconds(), "source_rows/s")
	b.ReportMetric(float64(rows), "rollup_rows")
}

// BenchmarkTrafficDailyIncremental appends one more day of requests (the
// last day's again) and runs the rollup, which re-aggregates only from the
// watermark's day on and replaces those buckets.
func BenchmarkTrafficDailyIncremental(b *testing.B) {
	be := openBench(b)
	be.run(b, "traffic_daily", true)
	tables, err := demo.Tables(be.env.Demo)
	if err != nil {
		b.Fatal(err)
	}
	var req demo.Table
	for _, t := range tables {
		if t.FullName() == "fct.http_requests" {
			req = t
		}
	}
	var day []arrow.RecordBatch
	var mu sync.Mutex
	if err := req.Generate(context.Background(), be.env.Lake.Allocator(), req.Chunks-1, func(rec arrow.RecordBatch) error {
		mu.Lock()
		defer mu.Unlock()
		rec.Retain()
		day = append(day, rec)
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	defer func() {
		for _, r := range day {
			r.Release()
		}
	}()
	var dayRows int64
	for _, r := range day {
		dayRows += r.NumRows()
	}
	ts := req.Schema.FieldIndices("ts")[0]
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		// The next day: the last day's requests, a day (more) later.
		next := make([]arrow.RecordBatch, len(day))
		for k, rec := range day {
			next[k] = shifted(be, rec, ts, int64(i+1)*86_400_000_000)
		}
		rdr, err := array.NewRecordReader(req.Schema, next)
		if err != nil {
			b.Fatal(err)
		}
		for _, rec := range next {
			rec.Release()
		}
		if _, err := be.env.Lake.Append(context.Background(), lake.MustIdent("fct.http_requests"), rdr, nil); err != nil {
			b.Fatal(err)
		}
		rdr.Release()
		b.StartTimer()
		r := be.run(b, "traffic_daily", false)
		if r.Status != transform.StatusSucceeded {
			b.Fatalf("run: %+v", r)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(dayRows), "new_rows")
}

// shifted returns rec with its timestamp column col moved by micros.
func shifted(be *benchEnv, rec arrow.RecordBatch, col int, micros int64) arrow.RecordBatch {
	old := rec.Column(col).(*array.Timestamp)
	bld := array.NewTimestampBuilder(be.env.Lake.Allocator(), old.DataType().(*arrow.TimestampType))
	defer bld.Release()
	for i := 0; i < old.Len(); i++ {
		bld.Append(old.Value(i) + arrow.Timestamp(micros))
	}
	ts := bld.NewArray()
	defer ts.Release()
	cols := append([]arrow.Array(nil), rec.Columns()...)
	cols[col] = ts
	return array.NewRecordBatch(rec.Schema(), cols, rec.NumRows())
}

// BenchmarkBillingsAllocated rebuilds fct.billings_allocated (a full replace).
func BenchmarkBillingsAllocated(b *testing.B) {
	be := openBench(b)
	be.run(b, "billings_allocated", true)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		be.run(b, "billings_allocated", true)
	}
}
