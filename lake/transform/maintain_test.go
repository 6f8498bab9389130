package transform_test

import (
	"context"
	"testing"
	"time"

	"github.com/tarn-data/tarn/lake/transform"
)

// TestMaintenanceCompactsAndExpiresWithoutLosingPositions runs an
// incremental job many times (a file and a snapshot each), then a
// maintenance job over its table: the files are compacted, old snapshots
// expire, and the job's next run neither reloads nor skips a row.
func TestMaintenanceCompactsAndExpiresWithoutLosingPositions(t *testing.T) {
	e := newEnv(t)
	e.createEvents()
	copyJob := e.job("copy", "target: out.copy\nmaterialization: incremental_append\ncursor: ts\nowner: test", "SELECT ts, zone, bytes FROM src.events")
	for h := 0; h < 6; h++ {
		e.appendEvents(h, h+1, 10)
		e.run(copyJob, transform.RunOptions{})
	}
	ctx := context.Background()
	before, err := e.lake.Snapshots(ctx, copyJob.Target)
	if err != nil {
		t.Fatal(err)
	}
	e.clock.Set(time.Now().Add(time.Hour)) // every snapshot is old enough
	m := e.job("tidy", "target: out.copy\nmaterialization: maintenance\nmaintenance: {compact: true, expire_after: 1m, retain_last: 1, orphans: true, orphans_after: 1h}", "")
	e.run(m, transform.RunOptions{})
	after, err := e.lake.Snapshots(ctx, copyJob.Target)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) >= len(before) {
		t.Fatalf("%d snapshots before maintenance, %d after", len(before), len(after))
	}
	plan, err := e.lake.PlanScan(ctx, copyJob.Target, lakeCurrent(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Files) != 1 {
		t.Fatalf("%d data files after compaction, want 1", len(plan.Files))
	}
	e.sameRows("SELECT * FROM out.copy", "SELECT * FROM src.events")
	e.appendEvents(6, 8, 10)
	if r := e.run(copyJob, transform.RunOptions{}); r.Rows != 20 {
		t.Fatalf("the run after maintenance wrote %d rows, want the 20 new ones", r.Rows)
	}
	e.sameRows("SELECT * FROM out.copy", "SELECT * FROM src.events")
}
