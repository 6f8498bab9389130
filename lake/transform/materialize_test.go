package transform_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/lake"
	"github.com/tarn-data/tarn/lake/transform"
)

func TestIncrementalAppendLoadsOnlyRowsPastTheWatermark(t *testing.T) {
	e := newEnv(t)
	e.createEvents()
	e.appendEvents(0, 10, 5)
	j := e.job("copy", "target: copy.events\nmaterialization: incremental_append\ncursor: ts\nowner: test",
		"SELECT ts, zone, bytes * 2 AS bytes2 FROM src.events")
	if r := e.run(j, transform.RunOptions{}); r.Rows != 50 || r.Position != "TIMESTAMP:2026-11-01 09:00:04" {
		t.Fatalf("first run: %+v", r)
	}
	if r := e.run(j, transform.RunOptions{}); r.Status != transform.StatusUpToDate {
		t.Fatalf("rerun with nothing new: %+v", r)
	}
	e.appendEvents(10, 12, 5)
	if r := e.run(j, transform.RunOptions{Full: true}); r.Rows != 10 {
		t.Fatalf("run after 10 new rows (Full must not restart an append): %+v", r)
	}
	e.sameRows("SELECT * FROM copy.events", "SELECT ts, zone, bytes * 2 FROM src.events")
}

func TestMergeUpsertsByKeyInOneSnapshot(t *testing.T) {
	e := newEnv(t)
	e.createEvents()
	e.appendEvents(0, 5, 6)
	j := e.job("latest", "target: agg.zone_latest\nmaterialization: merge\nkeys: [zone]\nowner: test",
		"SELECT zone, max(ts) AS last_seen, CAST(sum(bytes) AS BIGINT) AS total FROM src.events WHERE ts >= TIMESTAMP '2026-11-01 03:00:00' GROUP BY zone")
	e.run(j, transform.RunOptions{})
	want := "SELECT zone, max(ts), sum(bytes) FROM src.events WHERE ts >= TIMESTAMP '2026-11-01 03:00:00' GROUP BY zone"
	e.sameRows("SELECT * FROM agg.zone_latest", want)
	e.appendEvents(5, 7, 2) // only zones 0 and 1 get rows
	r := e.run(j, transform.RunOptions{})
	e.sameRows("SELECT * FROM agg.zone_latest", want)
	snaps, err := e.lake.Snapshots(context.Background(), j.Target)
	if err != nil {
		t.Fatal(err)
	}
	last := snaps[len(snaps)-1]
	if last.ID != r.SnapshotID || last.Summary["added-equality-delete-files"] == "" || last.Summary["added-data-files"] == "" {
		t.Fatalf("the merge's snapshot should hold both its deletes and its rows: %+v", last.Summary)
	}
	if last.ParentID != snaps[len(snaps)-2].ID {
		t.Fatalf("the merge committed more than one snapshot")
	}
}

func TestMergeRefusesDuplicateKeys(t *testing.T) {
	e := newEnv(t)
	e.createEvents()
	e.appendEvents(0, 2, 4)
	j := e.job("dups", "target: agg.dups\nmaterialization: merge\nkeys: [zone]\nowner: test", "SELECT zone, bytes FROM src.events")
	_, err := e.runner.Run(context.Background(), j, transform.RunOptions{})
	if !errors.Is(err, transform.ErrDuplicateKey) || tarn.ErrorCode(err) != tarn.EINVALID {
		t.Fatalf("err = %v, want ErrDuplicateKey", err)
	}
	if tb, err := e.lake.Load(context.Background(), j.Target); err == nil && tb.CurrentSnapshot() != nil {
		t.Fatalf("a refused merge committed a snapshot")
	}
}

func TestRollupReaggregatesOnlyTouchedBuckets(t *testing.T) {
	e := newEnv(t)
	e.createEvents()
	e.appendEvents(0, 30, 4) // day 0 and part of day 1
	j := e.job("daily", "target: agg.daily\nmaterialization: rollup\nrollup: {time: ts, bucket: day, grain: day}\npartition: [day]\nowner: test",
		"SELECT CAST(ts AS DATE) AS day, zone, count(*) AS n, CAST(sum(bytes) AS BIGINT) AS bytes FROM src.events GROUP BY ALL")
	want := "SELECT CAST(ts AS DATE), zone, count(*), sum(bytes) FROM src.events GROUP BY ALL"
	e.run(j, transform.RunOptions{})
	e.sameRows("SELECT * FROM agg.daily", want)
	e.appendEvents(30, 75, 4) // the rest of day 1, day 2, part of day 3
	r := e.run(j, transform.RunOptions{})
	e.sameRows("SELECT * FROM agg.daily", want)
	// Day 0 was not touched: only days 1 to 3 (3 zones each) were
	// aggregated and replaced, their partitions' files dropped whole.
	snaps, err := e.lake.Snapshots(context.Background(), j.Target)
	if err != nil {
		t.Fatal(err)
	}
	if s := snaps[len(snaps)-1].Summary; r.Rows != 9 || s["added-records"] != "9" || s["deleted-records"] != "3" {
		t.Fatalf("the second run wrote %d rows (summary %v), want 9 added (days 1 to 3 of three zones) and 3 deleted (day 1 as it was)", r.Rows, s)
	}
	if r := e.run(j, transform.RunOptions{}); r.Status != transform.StatusUpToDate {
		t.Fatalf("rerun: %+v", r)
	}
	if r := e.run(j, transform.RunOptions{Full: true}); r.Rows != 12 {
		t.Fatalf("full rebuild wrote %d rows, want 12", r.Rows)
	}
	e.sameRows("SELECT * FROM agg.daily", want)
}

func TestRollupOfARollup(t *testing.T) {
	e := newEnv(t)
	e.createEvents()
	e.appendEvents(0, 20, 3)
	hourly := e.job("hourly", "target: agg.hourly\nmaterialization: rollup\nrollup: {time: ts, bucket: hour, grain: hour}\nowner: test",
		"SELECT date_trunc('hour', ts) AS hour, zone, count(*) AS n FROM src.events GROUP BY ALL")
	daily := e.job("daily", "target: agg.daily\nmaterialization: rollup\nrollup: {time: hour, bucket: day, grain: day}\nowner: test",
		"SELECT CAST(hour AS DATE) AS day, zone, CAST(sum(n) AS BIGINT) AS n FROM agg.hourly GROUP BY ALL")
	for _, hours := range [][2]int{{20, 26}, {26, 50}, {50, 51}} {
		e.run(hourly, transform.RunOptions{})
		e.run(daily, transform.RunOptions{})
		e.sameRows("SELECT * FROM agg.daily", "SELECT CAST(ts AS DATE), zone, count(*) FROM src.events GROUP BY ALL")
		e.appendEvents(hours[0], hours[1], 3)
	}
}

func TestSchemaChangesEvolveTheTargetOrStopTheJob(t *testing.T) {
	e := newEnv(t)
	e.createEvents()
	e.appendEvents(0, 2, 3)
	v1 := e.job("evo", "target: agg.evo\nowner: test", "SELECT zone, CAST(count(*) AS INTEGER) AS n, CAST(1.5 AS FLOAT) AS f FROM src.events GROUP BY zone")
	e.run(v1, transform.RunOptions{})
	// A new column and two widened types.
	v2 := e.job("evo", "target: agg.evo\nowner: test\ncolumns:\n  extra: A new column.",
		"SELECT zone, count(*) AS n, CAST(2.5 AS DOUBLE) AS f, 'x' AS extra FROM src.events GROUP BY zone")
	e.run(v2, transform.RunOptions{})
	tb, err := e.lake.Load(context.Background(), v2.Target)
	if err != nil {
		t.Fatal(err)
	}
	got := []string{}
	for _, f := range tb.Schema().Fields() {
		got = append(got, f.Name+":"+f.Type.String())
	}
	if strings.Join(got, ",") != "zone:long,n:long,f:double,extra:string" {
		t.Fatalf("schema after evolution: %v", got)
	}
	e.sameRows("SELECT * FROM agg.evo", "SELECT zone, count(*), 2.5, 'x' FROM src.events GROUP BY zone")
	// A narrower result is cast up; an incompatible one stops the job.
	v3 := e.job("evo", "target: agg.evo\nowner: test", "SELECT zone, CAST(count(*) AS INTEGER) AS n, CAST(3.5 AS FLOAT) AS f, 'y' AS extra FROM src.events GROUP BY zone")
	e.run(v3, transform.RunOptions{Full: true})
	e.sameRows("SELECT * FROM agg.evo", "SELECT zone, count(*), 3.5, 'y' FROM src.events GROUP BY zone")
	bad := e.job("evo", "target: agg.evo\nowner: test", "SELECT zone, 'many' AS n FROM src.events GROUP BY zone")
	_, err = e.runner.Run(context.Background(), bad, transform.RunOptions{Full: true})
	if !errors.Is(err, transform.ErrIncompatibleSchema) {
		t.Fatalf("err = %v, want ErrIncompatibleSchema", err)
	}
	for _, want := range []string{"column n", "long", "string"} {
		if !strings.Contains(tarn.ErrorMessage(err), want) {
			t.Fatalf("message %q does not name %q", tarn.ErrorMessage(err), want)
		}
	}
	e.sameRows("SELECT * FROM agg.evo", "SELECT zone, count(*), 3.5, 'y' FROM src.events GROUP BY zone")
}

func TestRunsAreRecorded(t *testing.T) {
	e := newEnv(t)
	e.createEvents()
	e.appendEvents(0, 1, 2)
	ok := e.job("ok", "target: agg.ok\nowner: test", "SELECT count(*) AS n FROM src.events")
	bad := e.job("bad", "target: agg.bad\nowner: test", "SELECT nope FROM src.events")
	e.run(ok, transform.RunOptions{Trigger: "schedule"})
	if _, err := e.runner.Run(context.Background(), bad, transform.RunOptions{}); err == nil {
		t.Fatal("a job selecting an unknown column ran")
	}
	runs, _ := e.runs.Runs(context.Background(), transform.RunFilter{})
	if len(runs) != 2 || runs[0].Status != transform.StatusFailed || runs[0].Error == "" || runs[1].Status != transform.StatusSucceeded ||
		runs[1].Trigger != "schedule" || runs[1].Ended.IsZero() || runs[1].Rows != 1 {
		t.Fatalf("runs: %+v", runs)
	}
	if _, err := e.lake.Load(context.Background(), lake.MustIdent("agg.bad")); !errors.Is(err, lake.ErrNoSuchTable) {
		t.Fatalf("a failed first run left a table behind: %v", err)
	}
}
