package demo

import (
	"context"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

func benchTable(b *testing.B, name string) Table {
	b.Helper()
	tables, err := Tables(Options{Seed: 1, Scale: 1, AsOf: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		b.Fatal(err)
	}
	for _, t := range tables {
		if t.FullName() == name {
			return t
		}
	}
	b.Fatalf("no table %s", name)
	return Table{}
}

// cpuTime is the CPU time this process has used (user + system, all threads,
// garbage collection included). Rows per CPU second is the per-core figure
// that stays meaningful on a machine shared with other work.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkGenerateHTTPRequests measures generating fct.http_requests into
// Arrow batches on one goroutine, one day chunk (about 22,000 rows at scale
// 1) per op. It reports rows per wall-clock second and per CPU second.
func BenchmarkGenerateHTTPRequests(b *testing.B) {
	t := benchTable(b, "fct.http_requests")
	ctx := context.Background()
	rows, chunk := 0, 0
	wall, cpu := time.Now(), cpuTime(b)
	for b.Loop() {
		err := t.Generate(ctx, memory.DefaultAllocator, chunk, func(r arrow.RecordBatch) error {
			rows += int(r.NumRows())
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		chunk = (chunk + 1) % t.Chunks
	}
	b.ReportMetric(float64(rows)/time.Since(wall).Seconds(), "rows/s")
	b.ReportMetric(float64(rows)/(cpuTime(b)-cpu).Seconds(), "rows/cpu-s")
}

// BenchmarkRequestRows measures the request generator alone, without Arrow:
// what fct.traffic_daily pays to regenerate a day before rolling it up.
func BenchmarkRequestRows(b *testing.B) {
	w := newWorld(Options{Seed: 1, Scale: 1, AsOf: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)})
	rows, chunk := 0, 0
	var sum int64
	wall, cpu := time.Now(), cpuTime(b)
	for b.Loop() {
		it := newReqIter(w, chunk)
		for it.next() {
			rows++
			sum += it.q.bytes
		}
		chunk = (chunk + 1) % Days
	}
	b.ReportMetric(float64(rows)/time.Since(wall).Seconds(), "rows/s")
	b.ReportMetric(float64(rows)/(cpuTime(b)-cpu).Seconds(), "rows/cpu-s")
	if sum == 0 {
		b.Fatal("no bytes generated")
	}
}

// BenchmarkGenerateTrafficDaily measures regenerating and rolling up one day.
func BenchmarkGenerateTrafficDaily(b *testing.B) {
	t := benchTable(b, "fct.traffic_daily")
	ctx := context.Background()
	chunk := 0
	for b.Loop() {
		if err := t.Generate(ctx, memory.DefaultAllocator, chunk, func(arrow.RecordBatch) error { return nil }); err != nil {
			b.Fatal(err)
		}
		chunk = (chunk + 1) % t.Chunks
	}
}

// BenchmarkTables measures building the shared world (accounts, zones,
// daily traffic weights) that every Generate call reads.
func BenchmarkTables(b *testing.B) {
	o := Options{Seed: 1, Scale: 1, AsOf: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)}
	for b.Loop() {
		if _, err := Tables(o); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGenerateLake generates every chunk of every table at scale 1 with
// one worker per CPU, as `tarn demo` would (without writing): one op is the
// whole lake.
func BenchmarkGenerateLake(b *testing.B) {
	o := Options{Seed: 1, Scale: 1, AsOf: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)}
	ctx := context.Background()
	for b.Loop() {
		tables, err := Tables(o)
		if err != nil {
			b.Fatal(err)
		}
		type job struct {
			t     Table
			chunk int
		}
		jobs := make(chan job)
		errs := make(chan error, runtime.GOMAXPROCS(0))
		var wg sync.WaitGroup
		for range runtime.GOMAXPROCS(0) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := range jobs {
					if err := j.t.Generate(ctx, memory.DefaultAllocator, j.chunk, func(arrow.RecordBatch) error { return nil }); err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		for _, t := range tables {
			for c := 0; c < t.Chunks; c++ {
				jobs <- job{t, c}
			}
		}
		close(jobs)
		wg.Wait()
		select {
		case err := <-errs:
			b.Fatal(err)
		default:
		}
	}
}
