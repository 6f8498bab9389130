package kafka

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/iceberg-go/table"
	"github.com/tarn-data/tarn/lake"
	"github.com/tarn-data/tarn/store"
	"github.com/tarn-data/tarn/store/storetest"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
)

// eventColumns is the declared schema of the test topic's messages, which
// event(i) writes.
var eventColumns = []Column{
	{Name: "id", Type: "long", Required: true},
	{Name: "ts", Type: "timestamptz", Required: true},
	{Name: "country", Type: "string"},
	{Name: "bytes", Type: "int"},
	{Name: "amount", Type: "decimal(12,2)"},
	{Name: "ok", Type: "boolean"},
}

// event is message i of the test topic, about 130 bytes of JSON.
func event(i int) []byte {
	b := make([]byte, 0, 160)
	b = append(b, `{"id":`...)
	b = strconv.AppendInt(b, int64(i), 10)
	b = append(b, `,"ts":"2026-01-`...)
	b = append(b, byte('0'+i%3), byte('1'+i%9))
	b = append(b, `T`...)
	b = append(b, byte('0'+i%2), byte('0'+i%10))
	b = append(b, `:15:30.25Z","country":"`...)
	b = append(b, []string{"de", "fr", "us", "jp"}[i%4]...)
	b = append(b, `","bytes":`...)
	b = strconv.AppendInt(b, int64(i%100_000), 10)
	b = append(b, `,"amount":"`...)
	b = strconv.AppendInt(b, int64(i%10_000), 10)
	b = append(b, `.`...)
	b = append(b, byte('0'+i%10), byte('0'+i%7))
	b = append(b, `","ok":`...)
	b = strconv.AppendBool(b, i%2 == 0)
	b = append(b, `,"agent":"Mozilla/5.0 (compatible)"}`...)
	return b
}

// newCluster starts an in-process fake Kafka on loopback with topic
// holding partitions partitions.
func newCluster(t testing.TB, topic string, partitions int32) []string {
	t.Helper()
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(partitions, topic))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c.ListenAddrs()
}

// produce writes the messages msg(i) for i in [from, to) to topic, message i
// to partition i % partitions, and waits until all are acknowledged.
func produce(t testing.TB, brokers []string, topic string, partitions int32, from, to int, msg func(int) []byte) {
	t.Helper()
	produceWith(t, brokers, nil, topic, partitions, from, to, msg)
}

// produceWith is produce with more client options (TLS, SASL).
func produceWith(t testing.TB, brokers []string, extra []kgo.Opt, topic string, partitions int32, from, to int, msg func(int) []byte) {
	t.Helper()
	opts := append([]kgo.Opt{kgo.SeedBrokers(brokers...), kgo.RecordPartitioner(kgo.ManualPartitioner()),
		kgo.ProducerLinger(0), kgo.MaxBufferedRecords(100_000), kgo.ProducerBatchMaxBytes(1 << 20)}, extra...)
	cl, err := kgo.NewClient(opts...)
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	var (
		mu    sync.Mutex
		first error
	)
	for i := from; i < to; i++ {
		r := &kgo.Record{Topic: topic, Partition: int32(i) % partitions, Value: msg(i)}
		cl.Produce(context.Background(), r, func(_ *kgo.Record, err error) {
			if err != nil {
				mu.Lock()
				first = err
				mu.Unlock()
			}
		})
	}
	if err := cl.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if first != nil {
		t.Fatalf("producing: %v", first)
	}
}

// openLake opens a lake on a fresh SQLite store with a temporary
// warehouse, and returns it with the store's URL and the warehouse.
func openLake(t testing.TB) (*lake.Lake, string, string) {
	t.Helper()
	url := storetest.SQLiteURL(t)
	warehouse := t.TempDir()
	return openLakeAt(t, url, warehouse), url, warehouse
}

func openLakeAt(t testing.TB, url, warehouse string) *lake.Lake {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	l, err := lake.Open(ctx, lake.Options{Store: db, Warehouse: warehouse})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

// ids reads the id column of the table's current snapshot, sorted.
func ids(t testing.TB, l *lake.Lake, id lake.Ident) []int64 {
	t.Helper()
	ctx := context.Background()
	tbl, err := l.Load(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	_, recs, err := tbl.Scan(table.WithSelectedFields("id")).ToArrowRecords(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var out []int64
	for rec, err := range recs {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, rec.Column(0).(*array.Int64).Int64Values()...)
		rec.Release()
	}
	slices.Sort(out)
	return out
}

// wantExactly fails unless sorted holds each of 0..n-1 once.
func wantExactly(t testing.TB, sorted []int64, n int) {
	t.Helper()
	if len(sorted) != n {
		dup := 0
		for i := 1; i < len(sorted); i++ {
			if sorted[i] == sorted[i-1] {
				dup++
			}
		}
		t.Fatalf("table holds %d rows (%d duplicated ids), want exactly %d", len(sorted), dup, n)
	}
	for i, v := range sorted {
		if v != int64(i) {
			t.Fatalf("ids are not exactly 0..%d: position %d holds %d", n-1, i, v)
		}
	}
}

// position reads the source's position and the messages it accounts for.
func position(t testing.TB, l *lake.Lake, o Options) (string, int64) {
	t.Helper()
	v, _, err := l.Position(context.Background(), o.Target, o.PositionKey())
	if err != nil {
		t.Fatal(err)
	}
	off, err := parseOffsets(v)
	if err != nil {
		t.Fatal(err)
	}
	return v, off.total()
}

// options returns the test source's options for brokers.
func options(brokers []string, topic string) Options {
	return Options{Brokers: brokers, Topic: topic, Target: lake.MustIdent("raw.events"), Schema: eventColumns}
}

func describe(r Result) string {
	return fmt.Sprintf("%d messages, %d rows, %d skipped, %d commits, position %q", r.Messages, r.Rows, r.Skipped, r.Commits, r.Position)
}

func contextWithTimeout(t testing.TB, d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), d)
}
