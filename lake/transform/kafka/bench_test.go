package kafka

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"sync"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/tarn-data/tarn/lake"
	"github.com/twmb/franz-go/pkg/kfake"
)

// benchMessages is how many messages BenchmarkKafkaToIceberg ingests per
// iteration (TARN_BENCH_KAFKA_MESSAGES overrides it).
func benchMessages() int {
	if n, err := strconv.Atoi(os.Getenv("TARN_BENCH_KAFKA_MESSAGES")); err == nil && n > 0 {
		return n
	}
	return 1_000_000
}

var (
	benchOnce    sync.Once
	benchBrokers []string
)

// BenchmarkKafkaToIceberg measures messages per second from a fake Kafka
// (kfake, in this process, over loopback) through decoding to committed
// Iceberg snapshots on local disk: each iteration ingests the whole topic
// into a new table with Run.
//
//	go test -tags duckdb_arrow -run '^$' -bench KafkaToIceberg -benchtime 3x ./lake/transform/kafka/
func BenchmarkKafkaToIceberg(b *testing.B) {
	n := benchMessages()
	benchOnce.Do(func() {
		// The cluster outlives this benchmark's runs (b.N grows); it goes
		// with the process.
		c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(4, "bench"))
		if err != nil {
			b.Fatal(err)
		}
		benchBrokers = c.ListenAddrs()
		produce(b, benchBrokers, "bench", 4, 0, n, event)
	})
	l, _, _ := openLake(b)
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(b, 0)
	b.ResetTimer()
	for i := range b.N {
		o := options(benchBrokers, "bench")
		o.Target = lake.MustIdent(fmt.Sprintf("raw.bench_%d", i))
		res, err := Run(context.Background(), l, mem, o)
		if err != nil {
			b.Fatal(err)
		}
		if res.Rows != int64(n) {
			b.Fatalf("ingested %d rows, want %d", res.Rows, n)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
}

// BenchmarkDecode measures the JSON decoding step alone: messages of
// about 130 bytes with six declared columns (and one undeclared field)
// into Arrow builders, a record batch cut every 250,000 rows.
//
//	go test -tags duckdb_arrow -run '^$' -bench Decode ./lake/transform/kafka/
func BenchmarkDecode(b *testing.B) {
	msgs := make([][]byte, 10_000)
	size := 0
	for i := range msgs {
		msgs[i] = event(i * 7919)
		size += len(msgs[i])
	}
	mem := memory.NewGoAllocator()
	o := options([]string{"x"}, "t")
	d := newTestDecoder(b, mem, o.Schema)
	defer d.release()
	b.SetBytes(int64(size / len(msgs)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if err := d.decode(msgs[i%len(msgs)]); err != nil {
			b.Fatal(err)
		}
		if d.rows == DefaultMaxBatchRows {
			d.flush().Release()
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
}
