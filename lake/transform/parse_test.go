package transform_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/lake"
	"github.com/tarn-data/tarn/lake/transform"
)

func TestParseJobReadsTheFrontMatter(t *testing.T) {
	src := `---
target: fct.traffic_daily
materialization: rollup
rollup: {source: fct.http_requests, time: ts, bucket: day, grain: day}
depends_on: [requests]
schedule: "15 * * * *"
owner: job:transformer
description: Daily rollup.
tags: [curated]
partition: [month(day), zone_id]
timeout: 30m
columns:
  day: UTC day.
  bytes:
    description: Response bytes.
    pii: ""
---
SELECT 1 AS day
`
	j, err := transform.ParseJob("traffic_daily", "jobs/traffic_daily.sql", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if j.Target != lake.MustIdent("fct.traffic_daily") || j.Materialization != transform.Rollup || j.Rollup.Source != lake.MustIdent("fct.http_requests") ||
		j.Rollup.Bucket != "day" || j.Owner != "job:transformer" || j.Timeout != 30*time.Minute || j.SQL != "SELECT 1 AS day" ||
		len(j.Partition) != 2 || j.Partition[0] != (lake.PartitionField{Column: "day", Transform: "month"}) || j.Partition[1].Transform != "identity" ||
		len(j.Columns) != 2 || j.Columns[0].Name != "day" || j.Columns[1].Description != "Response bytes." || j.DependsOn[0] != "requests" {
		t.Fatalf("parsed %+v", j)
	}
	now := time.Date(2026, 11, 25, 10, 20, 0, 0, time.UTC)
	if next := j.Next(now); !next.Equal(time.Date(2026, 11, 25, 11, 15, 0, 0, time.UTC)) {
		t.Fatalf("next run after %s: %s", now, next)
	}
}

func TestParseJobSaysWhatIsWrong(t *testing.T) {
	for _, c := range []struct{ name, src, want string }{
		{"no_front", "SELECT 1", "does not start with front matter"},
		{"unclosed", "---\ntarget: a.b\nSELECT 1", "no closing ---"},
		{"no_target", "---\nowner: x\n---\nSELECT 1", "has no target"},
		{"bad_target", "---\ntarget: nodot\nowner: x\n---\nSELECT 1", "not a table name"},
		{"unknown_key", "---\ntarget: a.b\nowner: x\nschedul: daily\n---\nSELECT 1", "schedul"},
		{"bad_cron", "---\ntarget: a.b\nowner: x\nschedule: every day\n---\nSELECT 1", "not a cron expression"},
		{"bad_mat", "---\ntarget: a.b\nowner: x\nmaterialization: upsert\n---\nSELECT 1", `materialization "upsert" is unknown`},
		{"no_cursor", "---\ntarget: a.b\nowner: x\nmaterialization: incremental_append\n---\nSELECT 1", "needs a cursor"},
		{"no_keys", "---\ntarget: a.b\nowner: x\nmaterialization: merge\n---\nSELECT 1", "needs keys"},
		{"no_owner", "---\ntarget: a.b\n---\nSELECT 1", "has no owner"},
		{"no_sql", "---\ntarget: a.b\nowner: x\n---\n", "no SQL"},
		{"bad_grain", "---\ntarget: a.b\nowner: x\nmaterialization: rollup\nrollup: {time: ts, bucket: d, grain: week}\n---\nSELECT 1", "grain"},
		{"bad_partition", "---\ntarget: a.b\nowner: x\npartition: [week(day)]\n---\nSELECT 1", "partition"},
		{"empty_maint", "---\ntarget: a.b\nmaterialization: maintenance\n---\n", "maintenance job needs"},
		{"Bad-Name", "---\ntarget: a.b\nowner: x\n---\nSELECT 1", "not a job name"},
	} {
		_, err := transform.ParseJob(c.name, c.name+".sql", []byte(c.src))
		if !errors.Is(err, transform.ErrInvalidJob) || tarn.ErrorCode(err) != tarn.EINVALID {
			t.Errorf("%s: err = %v, want ErrInvalidJob", c.name, err)
			continue
		}
		if msg := tarn.ErrorMessage(err); !strings.Contains(msg, c.want) || !strings.Contains(msg, c.name+".sql") {
			t.Errorf("%s: message %q should name the file and say %q", c.name, msg, c.want)
		}
	}
}

func dagOf(t *testing.T, files map[string]string) (*transform.DAG, error) {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, front := range files {
		fsys[name+".sql"] = &fstest.MapFile{Data: []byte(front)}
	}
	jobs, err := transform.LoadDir(fsys, "jobs")
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t)
	return transform.NewDAG(context.Background(), jobs, transform.GuardTables{Parser: e.parser})
}

func TestDAGOrdersJobsByDeclaredAndInferredDependencies(t *testing.T) {
	d, err := dagOf(t, map[string]string{
		"monthly": "---\ntarget: agg.monthly\nowner: x\n---\nSELECT * FROM agg.daily",
		"daily":   "---\ntarget: agg.daily\nowner: x\n---\nSELECT * FROM agg.hourly JOIN dim.zones USING (zone_id)",
		"hourly":  "---\ntarget: agg.hourly\nowner: x\ndepends_on: [load]\n---\nSELECT * FROM raw.requests",
		"load":    "---\ntarget: raw.requests\nowner: x\n---\nSELECT * FROM staging.requests",
		"compact": "---\ntarget: agg.daily\nmaterialization: maintenance\nmaintenance: {compact: true}\n---\n",
		"other":   "---\ntarget: x.other\nowner: x\n---\nSELECT 1 AS one",
	})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, j := range d.Order() {
		names = append(names, j.Name)
	}
	if got := strings.Join(names, " "); got != "load hourly daily compact monthly other" {
		t.Fatalf("order: %s", got)
	}
	cl, err := d.Closure("daily")
	if err != nil {
		t.Fatal(err)
	}
	if len(cl) != 3 || cl[0].Name != "load" || cl[2].Name != "daily" {
		t.Fatalf("closure of daily: %v", cl)
	}
	if _, err := d.Job("dayly"); !errors.Is(err, transform.ErrUnknownJob) || !strings.Contains(tarn.ErrorHint(err), "daily") {
		t.Fatalf("unknown job: %v (hint %q)", err, tarn.ErrorHint(err))
	}
}

func TestDAGRefusesUnknownDependenciesAndCycles(t *testing.T) {
	_, err := dagOf(t, map[string]string{
		"a": "---\ntarget: x.a\nowner: x\ndepends_on: [bee]\n---\nSELECT 1 AS one",
		"b": "---\ntarget: x.b\nowner: x\n---\nSELECT 1 AS one",
	})
	if !errors.Is(err, transform.ErrUnknownDependency) || !strings.Contains(tarn.ErrorMessage(err), "Job a depends on bee") {
		t.Fatalf("unknown dependency: %v", err)
	}
	_, err = dagOf(t, map[string]string{
		"a": "---\ntarget: x.a\nowner: x\n---\nSELECT * FROM x.c",
		"b": "---\ntarget: x.b\nowner: x\n---\nSELECT * FROM x.a",
		"c": "---\ntarget: x.c\nowner: x\ndepends_on: [b]\n---\nSELECT 1 AS one",
		"d": "---\ntarget: x.d\nowner: x\n---\nSELECT 1 AS one",
	})
	if !errors.Is(err, transform.ErrCycle) || !strings.Contains(tarn.ErrorMessage(err), "a → b → c → a") {
		t.Fatalf("cycle: %v", err)
	}
	_, err = dagOf(t, map[string]string{
		"a": "---\ntarget: x.same\nowner: x\n---\nSELECT 1 AS one",
		"b": "---\ntarget: x.same\nowner: x\n---\nSELECT 2 AS one",
	})
	if !errors.Is(err, transform.ErrInvalidJob) || !strings.Contains(tarn.ErrorMessage(err), "both build x.same") {
		t.Fatalf("two builders: %v", err)
	}
}
