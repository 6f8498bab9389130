// Command killrun is a test helper for package postgres: it runs one
// Postgres ingestion after another into a lake until it is killed, and
// prints
//
//	ack <n>
//
// to stdout after each commit landed (n counts them), so that a parent test
// can kill it at any moment and check what the target holds.
//
// Usage:
//
//	killrun -pg URL -store URL -warehouse DIR -table T -target ns.name [-mode full|incremental] [-cursor C] [-batch N]
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/iceberg-go"
	"github.com/tarn-data/tarn/lake"
	"github.com/tarn-data/tarn/lake/transform/postgres"
	"github.com/tarn-data/tarn/store"
)

func main() {
	var o postgres.Options
	storeURL := flag.String("store", "", "metadata store URL")
	warehouse := flag.String("warehouse", "", "warehouse directory")
	target := flag.String("target", "", "target table, ns.name")
	mode := flag.String("mode", "incremental", "full or incremental")
	flag.StringVar(&o.URL, "pg", "", "Postgres URL")
	flag.StringVar(&o.Table, "table", "", "source table")
	flag.StringVar(&o.Cursor, "cursor", "", "cursor column")
	flag.IntVar(&o.BatchRows, "batch", 0, "rows per batch")
	flag.Parse()
	if err := run(*storeURL, *warehouse, *target, *mode, o); err != nil {
		fmt.Fprintln(os.Stderr, "killrun:", err)
		os.Exit(1)
	}
}

func run(storeURL, warehouse, target, mode string, o postgres.Options) error {
	ctx := context.Background()
	var err error
	if o.Target, err = lake.ParseIdent(target); err != nil {
		return err
	}
	if o.Mode, err = postgres.ParseMode(mode); err != nil {
		return err
	}
	db, err := store.Open(ctx, storeURL)
	if err != nil {
		return err
	}
	defer db.Close()
	l, err := lake.Open(ctx, lake.Options{Store: db, Warehouse: warehouse})
	if err != nil {
		return err
	}
	defer l.Close()
	a := &acker{Lake: l, out: bufio.NewWriter(os.Stdout)}
	for {
		if _, err := postgres.Run(ctx, a, memory.NewGoAllocator(), o); err != nil {
			return err
		}
	}
}

// acker prints an ack line after each positioned commit.
type acker struct {
	*lake.Lake
	out *bufio.Writer
	n   int
}

func (a *acker) ack(c lake.Commit, err error) (lake.Commit, error) {
	if err == nil {
		a.n++
		fmt.Fprintf(a.out, "ack %d\n", a.n)
		err = a.out.Flush()
	}
	return c, err
}

func (a *acker) AppendFrom(ctx context.Context, id lake.Ident, rdr array.RecordReader, key, from, to string, props map[string]string) (lake.Commit, error) {
	return a.ack(a.Lake.AppendFrom(ctx, id, rdr, key, from, to, props))
}

func (a *acker) OverwriteFrom(ctx context.Context, id lake.Ident, filter iceberg.BooleanExpression, rdr array.RecordReader, key, from, to string, props map[string]string) (lake.Commit, error) {
	return a.ack(a.Lake.OverwriteFrom(ctx, id, filter, rdr, key, from, to, props))
}
