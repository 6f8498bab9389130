package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/tarn-data/tarn/engine"
	"github.com/tarn-data/tarn/lake"
	"github.com/tarn-data/tarn/lake/demo"
)

// requestBatches generates scale-1 fct.http_requests rows (2,000,000) into
// memory, so the write benchmarks time writing, not generating.
func requestBatches(ctx context.Context, m *Main, o demo.Options) (*arrow.Schema, []arrow.RecordBatch, error) {
	o.Scale = 1
	tables, err := demo.Tables(o)
	if err != nil {
		return nil, nil, err
	}
	for _, t := range tables {
		if t.Namespace != "fct" || t.Name != "http_requests" {
			continue
		}
		var out []arrow.RecordBatch
		for c := 0; c < t.Chunks; c++ {
			err := t.Generate(ctx, m.Lake.Allocator(), c, func(b arrow.RecordBatch) error {
				b.Retain()
				out = append(out, b)
				return nil
			})
			if err != nil {
				release(out)
				return nil, nil, err
			}
		}
		return t.Schema, out, nil
	}
	return nil, nil, fmt.Errorf("the demo has no fct.http_requests")
}

func release(bs []arrow.RecordBatch) {
	for _, b := range bs {
		b.Release()
	}
}

func countRows(bs []arrow.RecordBatch) (n int64) {
	for _, b := range bs {
		n += b.NumRows()
	}
	return n
}

// benchAppend times one Append of 2,000,000 request rows into a fresh
// day-partitioned table.
func benchAppend(ctx context.Context, m *Main, sc *arrow.Schema, batches []arrow.RecordBatch, out io.Writer) error {
	id, err := benchTable(ctx, m, "append", lake.TableSpec{Schema: sc, Partition: []lake.PartitionField{{Column: "ts", Transform: "day"}}})
	if err != nil {
		return err
	}
	defer m.Lake.DropTable(context.Background(), id)
	rdr, err := array.NewRecordReader(sc, batches)
	if err != nil {
		return err
	}
	defer rdr.Release()
	start := time.Now()
	c, err := m.Lake.Append(ctx, id, rdr, nil)
	if err != nil {
		return err
	}
	d := time.Since(start)
	fmt.Fprintf(out, "Append: %d rows of fct.http_requests (13 columns, partitioned by day) in %s = %.0f rows/s (goal ≥ 1,000,000)\n\n",
		c.AddedRows, d.Round(time.Millisecond), float64(c.AddedRows)/d.Seconds())
	return nil
}

// benchCompaction writes n small files (one append each), times a query,
// compacts, and times the query again.
func benchCompaction(ctx context.Context, m *Main, sc *arrow.Schema, batches []arrow.RecordBatch, n, runs int, out, log io.Writer) error {
	id, err := benchTable(ctx, m, "compaction", lake.TableSpec{Schema: sc})
	if err != nil {
		return err
	}
	defer m.Lake.DropTable(context.Background(), id)
	if err := reviewForBench(ctx, m, id); err != nil {
		return err
	}
	per := countRows(batches) / int64(n)
	bar := NewProgress(log, "writing small files", int64(n)).SetUnit("files")
	bi, off := 0, int64(0)
	for i := 0; i < n; i++ {
		b := batches[bi]
		take := min(per, b.NumRows()-off)
		slice := b.NewSlice(off, off+take)
		off += take
		if off == b.NumRows() {
			bi, off = bi+1, 0
		}
		rdr, _ := array.NewRecordReader(sc, []arrow.RecordBatch{slice})
		_, err := m.Lake.Append(ctx, id, rdr, nil)
		rdr.Release()
		slice.Release()
		if err != nil {
			return err
		}
		bar.Add(1)
	}
	bar.Done()
	q := fmt.Sprintf("SELECT colo, count(*) AS requests, sum(bytes) AS bytes FROM %s GROUP BY colo", id)
	query := func() (int64, error) {
		res, err := m.Engine.Query(ctx, engine.Request{SQL: q, Caller: benchCaller})
		if err != nil {
			return 0, err
		}
		defer res.Close()
		return drain(res.Reader)
	}
	before, _, err := timeIt(runs, query)
	if err != nil {
		return err
	}
	start := time.Now()
	r, err := m.Lake.Compact(ctx, id, lake.CompactOptions{})
	if err != nil {
		return err
	}
	took := time.Since(start)
	after, _, err := timeIt(runs, query)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Compaction: %d files of ~%d rows → %d files in %s; query (%s) %s ms → %s ms, %.1f× faster\n",
		r.FilesBefore, per, r.FilesAfter, took.Round(time.Millisecond), "count and sum per colo", ms(before), ms(after), float64(before)/float64(after))
	return nil
}

// benchTable creates a fresh table bench.<kind>_<unix time> for one write
// benchmark; the caller drops it.
func benchTable(ctx context.Context, m *Main, kind string, spec lake.TableSpec) (lake.Ident, error) {
	if err := m.Lake.CreateNamespace(ctx, "bench", nil); err != nil {
		return lake.Ident{}, err
	}
	id := lake.Ident{Namespace: "bench", Name: kind + "_" + strconv.FormatInt(time.Now().Unix(), 10)}
	_, err := m.Lake.CreateTable(ctx, id, spec)
	return id, err
}
