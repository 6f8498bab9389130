package demojobs_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/engine"
	"github.com/tarn-data/tarn/engine/guard"
	"github.com/tarn-data/tarn/governance"
	"github.com/tarn-data/tarn/internal/demotest"
	"github.com/tarn-data/tarn/lake"
	"github.com/tarn-data/tarn/lake/transform"
	"github.com/tarn-data/tarn/lake/transform/demojobs"
)

// TestDemoJobsBuildWhatTheGeneratorWrites runs the demo jobs through the
// governed engine as their owner, into tables of their own, and compares
// them both ways (EXCEPT ALL) with the generator's fct.traffic_daily and
// fct.billings_allocated: equal to the row. The new tables are closed.
func TestDemoJobsBuildWhatTheGeneratorWrites(t *testing.T) {
	env := demotest.Open(t, demotest.Options{Scale: 0.02})
	ctx := context.Background()
	p, err := guard.NewParser()
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	jobs, err := transform.LoadDir(demojobs.FS(), "demojobs")
	if err != nil {
		t.Fatal(err)
	}
	dag, err := transform.NewDAG(ctx, jobs, transform.GuardTables{Parser: p})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := engine.New(ctx, env.Lake, engine.Options{TempDir: filepath.Join(t.TempDir(), "tmp"), Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	r := transform.NewRunner(transform.Options{Lake: env.Lake, Engine: env.Engine, Tables: transform.GuardTables{Parser: p}, Clock: env.Clock})
	built := 0
	for _, j := range dag.Order() {
		if j.Materialization == transform.Maintenance {
			continue
		}
		if j.Owner != demojobs.Owner {
			t.Fatalf("%s runs as %s", j.Name, j.Owner)
		}
		generated := j.Target
		j.Target = lake.Ident{Namespace: "jobs", Name: generated.Name}
		run, err := r.Run(ctx, j, transform.RunOptions{Trigger: "test"})
		if err != nil {
			t.Fatalf("%s: %v", j.Name, err)
		}
		if run.Rows == 0 {
			t.Fatalf("%s wrote no rows", j.Name)
		}
		for _, q := range []string{
			fmt.Sprintf("SELECT count(*) FROM (SELECT * FROM %s EXCEPT ALL SELECT * FROM %s)", j.Target, generated),
			fmt.Sprintf("SELECT count(*) FROM (SELECT * FROM %s EXCEPT ALL SELECT * FROM %s)", generated, j.Target),
		} {
			if n := count(t, raw, q); n != 0 {
				t.Errorf("%s: %d rows differ: %s", j.Name, n, q)
			}
		}
		if n := count(t, raw, "SELECT count(*) FROM "+j.Target.String()); n != run.Rows {
			t.Errorf("%s: the table has %d rows, the run wrote %d", j.Name, n, run.Rows)
		}
		_, err = env.Engine.Query(ctx, engine.Request{SQL: "SELECT count(*) FROM " + j.Target.String(), Caller: demotest.As("dave")})
		if !errors.Is(err, governance.ErrNeedsReview) || tarn.ErrorCode(err) != tarn.EFORBIDDEN {
			t.Errorf("%s: a new table must be closed until reviewed; dave's query gave %v", j.Target, err)
		}
		lin, err := env.Lake.Lineage(ctx, j.Target)
		if err != nil || lin.SQL != j.SQL || len(lin.Columns) == 0 {
			t.Errorf("%s: lineage %+v %v", j.Target, lin, err)
		}
		// Over the generator's own table (a lake built before the jobs
		// existed, with required columns) the job replaces it with the
		// same rows.
		mine := j.Target
		j.Target = generated
		if _, err := r.Run(ctx, j, transform.RunOptions{Trigger: "test"}); err != nil {
			t.Fatalf("%s over the generator's %s: %v", j.Name, generated, err)
		}
		if n := count(t, raw, fmt.Sprintf("SELECT count(*) FROM (SELECT * FROM %s EXCEPT ALL SELECT * FROM %s)", generated, mine)); n != 0 {
			t.Errorf("%s: rebuilt over the generator's table, %d rows differ", j.Name, n)
		}
		built++
	}
	if built != 2 {
		t.Fatalf("built %d tables, want 2", built)
	}
}

func TestWriteKeepsEditedFiles(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "traffic_daily.sql"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	written, err := demojobs.Write(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(written) != 2 {
		t.Fatalf("wrote %v", written)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "traffic_daily.sql")); string(b) != "mine" {
		t.Fatal("an edited job file was overwritten")
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
