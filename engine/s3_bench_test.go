package engine_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/tarn-data/tarn/engine"
	"github.com/tarn-data/tarn/lake"
	"github.com/tarn-data/tarn/lake/s3/s3test"
	"github.com/tarn-data/tarn/store"
	"github.com/tarn-data/tarn/store/storetest"
)

// BenchmarkQueryOverS3 runs one aggregate over 8 data files of 100,000 rows
// on a local warehouse, on a fake S3 store with the files already in the
// read cache (warm), and on the store with a cache too small to keep
// anything (cold: every query downloads every file). It reports the
// downloads per query and the table's size.
func BenchmarkQueryOverS3(b *testing.B) {
	const files, rows = 8, 100_000
	const sql = "SELECT country, count(*), sum(bytes) FROM app.events GROUP BY country"
	for _, bc := range []struct {
		name     string
		s3       bool
		cacheMax int64
	}{{"local", false, 0}, {"s3-warm", true, 0}, {"s3-cold", true, 1}} {
		b.Run(bc.name, func(b *testing.B) {
			f := benchFixture(b, bc.s3, bc.cacheMax)
			for i := range int64(files) {
				f.appendEvents(b, "app.events", i*rows, rows)
			}
			run := func() {
				res, err := f.eng.Query(context.Background(), engine.Request{SQL: sql, Caller: engine.Caller{Principal: "cli:bench"}})
				if err != nil {
					b.Fatal(err)
				}
				for res.Reader.Next() {
				}
				if err := res.Reader.Err(); err != nil {
					b.Fatal(err)
				}
				res.Close()
			}
			run() // warms the cache where it can hold the files
			before := f.lake.CacheStats()
			b.ResetTimer()
			for b.Loop() {
				run()
			}
			b.StopTimer()
			after := f.lake.CacheStats()
			b.ReportMetric(float64(after.Downloads-before.Downloads)/float64(b.N), "downloads/op")
			plan, err := f.lake.PlanScan(context.Background(), lake.MustIdent("app.events"), lake.AsOf{}, nil)
			if err != nil {
				b.Fatal(err)
			}
			var size int64
			for _, df := range plan.Files {
				size += df.SizeBytes
			}
			b.ReportMetric(float64(size)/1e6, "table-MB")
		})
	}
}

func benchFixture(b *testing.B, onS3 bool, cacheMax int64) *fixture {
	b.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, storetest.SQLiteURL(b))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	o := lake.Options{Store: db, Allocator: memory.DefaultAllocator, Warehouse: b.TempDir()}
	if onS3 {
		fake := s3test.New(b, "tarn")
		o.Warehouse, o.IOProps = fake.Warehouse("wh"), fake.Config().Props()
		o.CacheDir, o.CacheMaxBytes = filepath.Join(b.TempDir(), "cache"), cacheMax
	}
	l, err := lake.Open(ctx, o)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { l.Close() })
	e, err := engine.New(ctx, l, engine.Options{Threads: 2})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { e.Close() })
	if err := l.CreateNamespace(ctx, "app", nil); err != nil {
		b.Fatal(err)
	}
	if _, err := l.CreateTable(ctx, lake.MustIdent("app.events"), lake.TableSpec{Schema: eventSchema}); err != nil {
		b.Fatal(err)
	}
	return &fixture{lake: l, eng: e, mem: memory.NewCheckedAllocator(memory.DefaultAllocator)}
}
