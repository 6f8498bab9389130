package lake_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/tarn-data/tarn/lake"
	"github.com/tarn-data/tarn/store/storetest"
)

var requestSchema = arrow.NewSchema([]arrow.Field{
	{Name: "ts", Type: &arrow.TimestampType{Unit: arrow.Microsecond}},
	{Name: "zone_id", Type: arrow.PrimitiveTypes.Int64},
	{Name: "colo", Type: arrow.BinaryTypes.String},
	{Name: "client_ip", Type: arrow.BinaryTypes.String},
	{Name: "status", Type: arrow.PrimitiveTypes.Int32},
	{Name: "bytes", Type: arrow.PrimitiveTypes.Int64},
}, nil)

// requestBatches builds n rows spread over days days, in time order, in
// batches of 64k rows.
func requestBatches(mem memory.Allocator, n, days int) []arrow.RecordBatch {
	var out []arrow.RecordBatch
	base := int64(1_767_225_600_000_000)
	step := int64(days) * 86_400_000_000 / int64(n)
	colos := []string{"FRA", "AMS", "LHR", "CDG", "IAD", "SJC", "NRT", "SIN"}
	b := array.NewRecordBuilder(mem, requestSchema)
	defer b.Release()
	for i := 0; i < n; i++ {
		b.Field(0).(*array.TimestampBuilder).Append(arrow.Timestamp(base + int64(i)*step))
		b.Field(1).(*array.Int64Builder).Append(int64(i*7919) % 5000)
		b.Field(2).(*array.StringBuilder).Append(colos[i%len(colos)])
		b.Field(3).(*array.StringBuilder).Append(fmt.Sprintf("10.%d.%d.%d", i%256, (i/256)%256, (i/65536)%256))
		b.Field(4).(*array.Int32Builder).Append([]int32{200, 200, 200, 304, 404, 500}[i%6])
		b.Field(5).(*array.Int64Builder).Append(int64(i % 100_000))
		if (i+1)%65536 == 0 || i == n-1 {
			out = append(out, b.NewRecordBatch())
		}
	}
	return out
}

// BenchmarkAppend measures Arrow → Iceberg append throughput for a
// day-partitioned request log (rows/s is the figure to read).
func BenchmarkAppend(b *testing.B) {
	ctx := context.Background()
	const rows = 1_000_000
	mem := memory.NewGoAllocator()
	batches := requestBatches(mem, rows, 30)
	defer func() {
		for _, r := range batches {
			r.Release()
		}
	}()
	l := openLake(b, storetest.SQLiteURL(b))
	if err := l.CreateNamespace(ctx, "fct", nil); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		id := lake.MustIdent(fmt.Sprintf("fct.requests_%d", i))
		if _, err := l.CreateTable(ctx, id, lake.TableSpec{Schema: requestSchema, Partition: []lake.PartitionField{{Column: "ts", Transform: "day"}}}); err != nil {
			b.Fatal(err)
		}
		rdr, _ := array.NewRecordReader(requestSchema, batches)
		if _, err := l.Append(ctx, id, rdr, nil); err != nil {
			b.Fatal(err)
		}
		rdr.Release()
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
