package lake_test

import (
	"context"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/tarn-data/tarn/lake"
	"github.com/tarn-data/tarn/store"
	"github.com/tarn-data/tarn/store/storetest"
)

// openLake opens a lake on a fresh metadata store at url with a temporary
// warehouse (see warehouseOptions).
func openLake(t testing.TB, url string) *lake.Lake {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	l, err := lake.Open(ctx, warehouseOptions(t, lake.Options{Store: db}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

var eventSchema = arrow.NewSchema([]arrow.Field{
	{Name: "id", Type: arrow.PrimitiveTypes.Int64},
	{Name: "ts", Type: &arrow.TimestampType{Unit: arrow.Microsecond}},
	{Name: "country", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "bytes", Type: arrow.PrimitiveTypes.Int32, Nullable: true},
}, nil)

// events builds n rows with ids from start, one per hour from day 0.
func events(mem memory.Allocator, start, n int64) array.RecordReader {
	b := array.NewRecordBuilder(mem, eventSchema)
	defer b.Release()
	base := int64(1_767_225_600_000_000) // 2026-01-01 UTC in µs
	for i := start; i < start+n; i++ {
		b.Field(0).(*array.Int64Builder).Append(i)
		b.Field(1).(*array.TimestampBuilder).Append(arrow.Timestamp(base + i*3_600_000_000))
		b.Field(2).(*array.StringBuilder).Append([]string{"de", "fr", "us"}[i%3])
		b.Field(3).(*array.Int32Builder).Append(int32(i * 10))
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	rdr, _ := array.NewRecordReader(eventSchema, []arrow.RecordBatch{rec})
	return rdr
}

func TestAppendThenScanPlanSeesEveryFile(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, url string) {
		ctx := context.Background()
		l := openLake(t, url)
		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		defer mem.AssertSize(t, 0)
		id := lake.MustIdent("app.events")
		if err := l.CreateNamespace(ctx, "app", nil); err != nil {
			t.Fatal(err)
		}
		if _, err := l.CreateTable(ctx, id, lake.TableSpec{Schema: eventSchema, Partition: []lake.PartitionField{{Column: "ts", Transform: "day"}}}); err != nil {
			t.Fatal(err)
		}
		for i := int64(0); i < 3; i++ {
			rdr := events(mem, i*48, 48)
			c, err := l.Append(ctx, id, rdr, nil)
			rdr.Release()
			if err != nil {
				t.Fatal(err)
			}
			if c.AddedRows != 48 {
				t.Fatalf("commit %d added %d rows, want 48", i, c.AddedRows)
			}
		}
		plan, err := l.PlanScan(ctx, id, lake.AsOf{}, nil)
		if err != nil {
			t.Fatal(err)
		}
		var rows int64
		for _, f := range plan.Files {
			rows += f.Records
		}
		if rows != 144 || len(plan.Files) != 6 {
			t.Fatalf("plan has %d files with %d rows, want 6 daily files with 144 rows", len(plan.Files), rows)
		}
		snaps, err := l.Snapshots(ctx, id)
		if err != nil || len(snaps) != 3 || !snaps[2].Current {
			t.Fatalf("snapshots = %+v, %v", snaps, err)
		}
	})
}
