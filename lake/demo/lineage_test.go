package demo_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/tarn-data/tarn/engine"
	"github.com/tarn-data/tarn/internal/demotest"
	"github.com/tarn-data/tarn/lake"
	"github.com/tarn-data/tarn/lake/demo"
)

// TestLineageSQLRebuildsTheDerivedTablesExactly runs each recorded
// lineage statement over the demo lake and compares it with the table the
// generator wrote, both ways (EXCEPT ALL), so the SQL the agent reads as
// layer 3 is the truth.
func TestLineageSQLRebuildsTheDerivedTablesExactly(t *testing.T) {
	env := demotest.Open(t, demotest.Options{Scale: 0.02})
	ctx := context.Background()
	eng, err := engine.New(ctx, env.Lake, engine.Options{TempDir: filepath.Join(t.TempDir(), "tmp"), Threads: 2, MaxRows: 10})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eng.Close() })
	for _, tl := range demo.Lineages() {
		got, err := env.Lake.Lineage(ctx, lake.MustIdent(tl.Table))
		if err != nil {
			t.Fatalf("%s: Build recorded no lineage: %v", tl.Table, err)
		}
		if got.SQL != tl.Lineage.SQL {
			t.Fatalf("%s: recorded SQL differs from demo.Lineages", tl.Table)
		}
		for _, dir := range []string{
			fmt.Sprintf("SELECT count(*) FROM ((%s) EXCEPT ALL (SELECT * FROM %s))", tl.Lineage.SQL, tl.Table),
			fmt.Sprintf("SELECT count(*) FROM ((SELECT * FROM %s) EXCEPT ALL (%s))", tl.Table, tl.Lineage.SQL),
		} {
			if n := count(t, eng, dir); n != 0 {
				t.Errorf("%s: %d rows differ between the lineage SQL and the table\n%s", tl.Table, n, dir)
			}
		}
		if n := count(t, eng, "SELECT count(*) FROM "+tl.Table); n == 0 {
			t.Errorf("%s is empty; the comparison proves nothing", tl.Table)
		}
	}
}

func count(t *testing.T, eng *engine.Engine, sql string) int64 {
	t.Helper()
	res, err := eng.Query(context.Background(), engine.Request{SQL: sql, Caller: engine.Caller{Principal: "test"}})
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	defer res.Close()
	var n int64
	for res.Reader.Next() {
		n = res.Reader.RecordBatch().Column(0).(*array.Int64).Value(0)
	}
	return n
}
