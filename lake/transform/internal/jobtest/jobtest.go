// Package jobtest opens what the Transformer's tests run jobs against: a
// metadata store, a lake with a checked allocator and an ungoverned
// engine, and reads query results back as text.
package jobtest

import (
	"context"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/tarn-data/tarn/engine"
	"github.com/tarn-data/tarn/lake"
	"github.com/tarn-data/tarn/store"
)

// Open opens the metadata store at url and, in dir, a lake (warehouse/)
// and an engine (tmp/) over it, all closed when the test ends; the lake's
// allocator must be back at zero then.
func Open(t testing.TB, url, dir string) (*store.DB, *lake.Lake, *engine.Engine) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	t.Cleanup(func() { mem.AssertSize(t, 0) })
	l, err := lake.Open(ctx, lake.Options{Store: db, Warehouse: filepath.Join(dir, "warehouse"), Allocator: mem})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	eng, err := engine.New(ctx, l, engine.Options{TempDir: filepath.Join(dir, "tmp"), Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eng.Close() })
	return db, l, eng
}

// Rows runs sql on eng and returns its rows as sorted lines, the values
// joined by |.
func Rows(t testing.TB, eng *engine.Engine, sql string) []string {
	t.Helper()
	res, err := eng.Query(context.Background(), engine.Request{SQL: sql, Caller: engine.Caller{Principal: "test"}, MaxRows: 1 << 30})
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	defer res.Close()
	var out []string
	for res.Reader.Next() {
		b := res.Reader.RecordBatch()
		for i := 0; i < int(b.NumRows()); i++ {
			var f []string
			for c := 0; c < int(b.NumCols()); c++ {
				f = append(f, b.Column(c).ValueStr(i))
			}
			out = append(out, strings.Join(f, "|"))
		}
	}
	if err := res.Reader.Err(); err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}
