// Command crashwriter is a test helper for package lake: it appends small
// batches of event rows to an existing table and prints one line
//
//	ack <snapshot-id> <total-rows>
//
// to stdout after each acknowledged commit, so that a parent test can kill it
// at any moment and then check that the table holds at least every
// acknowledged row. total-rows is the table's row count in the acknowledged
// snapshot.
//
// Usage:
//
//	crashwriter -store URL -warehouse DIR -table ns.name [-batches N] [-rows R] [-first-id I] [-writer NAME] [-position NAME]
//
// With -batches 0 it appends until killed. With -first-id -1 the ids carry on
// from the table's current row count (for a single writer that restarts).
// Each snapshot records the writer's name in the summary property
// tarn.writer. With -position NAME each append is an AppendFrom that moves
// the read position tarn.position.NAME from the table's row count to the
// new one, and the ids carry on from the position.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"strconv"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/tarn-data/tarn/lake"
	"github.com/tarn-data/tarn/store"
)

// schema matches eventSchema in the lake package tests.
var schema = arrow.NewSchema([]arrow.Field{
	{Name: "id", Type: arrow.PrimitiveTypes.Int64},
	{Name: "ts", Type: &arrow.TimestampType{Unit: arrow.Microsecond}},
	{Name: "country", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "bytes", Type: arrow.PrimitiveTypes.Int32, Nullable: true},
}, nil)

func main() {
	storeURL := flag.String("store", "", "metadata store URL")
	warehouse := flag.String("warehouse", "", "warehouse directory")
	tableName := flag.String("table", "", "table to append to, ns.name")
	batches := flag.Int("batches", 0, "number of appends; 0 appends until killed")
	rows := flag.Int64("rows", 10, "rows per append")
	firstID := flag.Int64("first-id", -1, "id of the first row; -1 continues from the table's row count")
	writer := flag.String("writer", "crashwriter", "name recorded in each snapshot's tarn.writer property")
	position := flag.String("position", "", "move the read position tarn.position.NAME with each append")
	flag.Parse()
	if err := run(*storeURL, *warehouse, *tableName, *writer, *position, *batches, *rows, *firstID); err != nil {
		fmt.Fprintln(os.Stderr, "crashwriter:", err)
		os.Exit(1)
	}
}

func run(storeURL, warehouse, tableName, writer, position string, batches int, rows, next int64) error {
	ctx := context.Background()
	id, err := lake.ParseIdent(tableName)
	if err != nil {
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
	if next < 0 {
		if next, err = rowCount(ctx, l, id); err != nil {
			return err
		}
	}
	out := bufio.NewWriter(os.Stdout)
	mem := memory.NewGoAllocator()
	for i := 0; batches == 0 || i < batches; i++ {
		props := map[string]string{"tarn.writer": writer}
		var c lake.Commit
		if position != "" {
			key := lake.PositionPrefix + position
			var from string
			if from, _, err = l.Position(ctx, id, key); err != nil {
				return err
			}
			if next, err = strconv.ParseInt("0"+from, 10, 64); err != nil {
				return err
			}
			rdr := events(mem, next, rows)
			c, err = l.AppendFrom(ctx, id, rdr, key, from, strconv.FormatInt(next+rows, 10), props)
			rdr.Release()
		} else {
			rdr := events(mem, next, rows)
			c, err = l.Append(ctx, id, rdr, props)
			rdr.Release()
		}
		if err != nil {
			return err
		}
		next += rows
		total, err := snapshotRows(ctx, l, id, c.SnapshotID)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "ack %d %d\n", c.SnapshotID, total)
		if err := out.Flush(); err != nil {
			return err
		}
	}
	return nil
}

// rowCount is the number of rows in the table's current snapshot.
func rowCount(ctx context.Context, l *lake.Lake, id lake.Ident) (int64, error) {
	t, err := l.Load(ctx, id)
	if err != nil {
		return 0, err
	}
	s := t.CurrentSnapshot()
	if s == nil {
		return 0, nil
	}
	return snapshotRows(ctx, l, id, s.SnapshotID)
}

// snapshotRows reads the total-records of a snapshot from its summary.
func snapshotRows(ctx context.Context, l *lake.Lake, id lake.Ident, snap int64) (int64, error) {
	t, err := l.Load(ctx, id)
	if err != nil {
		return 0, err
	}
	s := t.SnapshotByID(snap)
	if s == nil || s.Summary == nil {
		return 0, fmt.Errorf("snapshot %d of %s has no summary", snap, id)
	}
	return strconv.ParseInt(s.Summary.Properties["total-records"], 10, 64)
}

// events builds n rows with ids from start, one per hour from 2026-01-01.
func events(mem memory.Allocator, start, n int64) array.RecordReader {
	b := array.NewRecordBuilder(mem, schema)
	defer b.Release()
	base := int64(1_767_225_600_000_000)
	for i := start; i < start+n; i++ {
		b.Field(0).(*array.Int64Builder).Append(i)
		b.Field(1).(*array.TimestampBuilder).Append(arrow.Timestamp(base + i*3_600_000_000))
		b.Field(2).(*array.StringBuilder).Append([]string{"de", "fr", "us"}[i%3])
		b.Field(3).(*array.Int32Builder).Append(int32(i * 10))
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	rdr, _ := array.NewRecordReader(schema, []arrow.RecordBatch{rec})
	return rdr
}
