package main

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/lake/transform"
)

func TestDemoJobsArePlannedRunAndRecorded(t *testing.T) {
	out, _, code := cli(t, "jobs", "plan")
	if code != 0 || !strings.Contains(out, "traffic_daily") || !strings.Contains(out, "fct.billings_allocated") || !strings.Contains(out, "job:transformer") {
		t.Fatalf("plan: code %d\n%s", code, out)
	}
	out, _, code = cli(t, "jobs", "run", "traffic_daily")
	if code != 0 || !strings.Contains(out, "[1/1] traffic_daily → fct.traffic_daily (rollup): up to date") {
		t.Fatalf("run: code %d\n%s", code, out)
	}
	out, _, code = cli(t, "jobs", "status", "traffic_daily", "--format", "csv")
	if code != 0 || !strings.Contains(out, ",succeeded,demo,") || !strings.Contains(out, ",up_to_date,cli,") {
		t.Fatalf("status: code %d\n%s", code, out)
	}
	out, _, code = cli(t, "sql", "--as", "alice", "SELECT count(*) AS n FROM fct.traffic_daily")
	if code != 0 || strings.Contains(out, "| 0\n") {
		t.Fatalf("the job-built table as alice: code %d\n%s", code, out)
	}
	_, stderr, code := cli(t, "jobs", "run", "trafic_daily")
	if code == 0 || !strings.Contains(stderr, "traffic_daily") {
		t.Fatalf("a misspelt job: code %d, %q", code, stderr)
	}
}

// TestAJobThatKeepsFailingIsPostedInTheJobsChannel schedules a broken job
// with a fake clock over a served demo: after its retry fails too, the
// failure appears in the web chat's #jobs.
func TestAJobThatKeepsFailingIsPostedInTheJobsChannel(t *testing.T) {
	dir := t.TempDir()
	job := "---\ntarget: scratch.broken\nowner: job:transformer\nschedule: \"0 * * * *\"\n---\nSELECT no_such_column FROM fct.http_requests\n"
	if err := os.WriteFile(filepath.Join(dir, "broken.sql"), []byte(job), 0o644); err != nil {
		t.Fatal(err)
	}
	m := serveDemoWith(t, map[string]string{"TARN_JOBS_EVERY": "0"})
	ctx := context.Background()
	if err := m.OpenJobs(ctx, dir); err != nil {
		t.Fatal(err)
	}
	clock := tarn.NewFakeClock(time.Date(2026, 11, 25, 10, 30, 0, 0, time.UTC))
	s := transform.NewScheduler(transform.SchedulerOptions{DAG: m.jobs.dag, Runner: m.jobs.runner, Clock: clock, Retries: 1, OnFailure: m.postJobFailure})
	for _, at := range []string{"11:00", "11:01"} {
		tm, _ := time.Parse("15:04", at)
		clock.Set(time.Date(2026, 11, 25, tm.Hour(), tm.Minute(), 0, 0, time.UTC))
		if runs := s.Tick(ctx); len(runs) != 1 || runs[0].Status != transform.StatusFailed {
			t.Fatalf("at %s: runs %+v", at, runs)
		}
	}
	resp, err := http.Get("http://" + m.Addr() + "/chat/api/state?as=dave")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if strings.Count(string(body), "Job broken failed") != 1 || !strings.Contains(string(body), "no_such_column") {
		t.Fatalf("the web chat's state does not hold the failure once:\n%.2000s", body)
	}
}

// TestATableAJobCreatesIsScannedAndPutBeforeTheApprovers runs a job that
// builds a new table in a served demo with Skimmer on: the table is closed,
// scanned, and its review request is in the approvals channel.
func TestATableAJobCreatesIsScannedAndPutBeforeTheApprovers(t *testing.T) {
	dir := t.TempDir()
	job := "---\ntarget: scratch.plan_counts\nowner: job:transformer\n---\nSELECT plan, count(*) AS accounts FROM dim.accounts GROUP BY plan\n"
	if err := os.WriteFile(filepath.Join(dir, "plan_counts.sql"), []byte(job), 0o644); err != nil {
		t.Fatal(err)
	}
	m := serveDemoWith(t, map[string]string{"TARN_JOBS_EVERY": "0"})
	ctx := context.Background()
	if err := m.OpenSkimmer(); err != nil {
		t.Fatal(err)
	}
	if err := m.OpenJobs(ctx, dir); err != nil {
		t.Fatal(err)
	}
	j, err := m.jobs.dag.Job("plan_counts")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.jobs.runner.Run(ctx, j, transform.RunOptions{Trigger: "test"}); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := m.Findings.Report(ctx, j.Target); !ok || err != nil {
		t.Fatalf("no Skimmer report for %s: %v", j.Target, err)
	}
	resp, err := http.Get("http://" + m.Addr() + "/chat/api/state?as=dave")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if !strings.Contains(string(body), "Review request") || !strings.Contains(string(body), "scratch.plan_counts") {
		t.Fatalf("no review request for the new table in the web chat:\n%.3000s", body)
	}
	_, _, code := cli(t, "sql", "--as", "alice", "SELECT * FROM scratch.plan_counts")
	if code == 0 {
		t.Fatal("alice read a table nobody reviewed")
	}
}
