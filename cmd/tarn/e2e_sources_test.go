package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// tarnIn runs the CLI on its own data folder.
func tarnIn(t *testing.T, data string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), append(args, "--data", data), &out, &errb)
	return out.String(), errb.String(), code
}

func TestAFilesJobIsPlannedBeforeTheJobReadingItsTableAndLoadsOnlyNewFiles(t *testing.T) {
	data, jobs := t.TempDir(), t.TempDir()
	write := func(name, content string) {
		t.Helper()
		p := filepath.Join(jobs, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("orders.sql", "---\ntarget: raw.orders\nsource: {kind: files, path: landing/*.csv}\nschedule: '*/10 * * * *'\ndescription: Orders exported by the shop every night.\n---\n")
	write("orders_daily.sql", "---\ntarget: mart.orders_daily\nowner: job:transformer\n---\nSELECT placed::DATE AS day, count(*) AS orders FROM raw.orders GROUP BY ALL\n")
	write("landing/2026-12-01.csv", "id,placed\n1,2026-12-01 10:00:00\n2,2026-12-01 12:00:00\n")

	out, stderr, code := tarnIn(t, data, "jobs", "plan", "--dir", jobs, "--format", "csv")
	if code != 0 {
		t.Fatalf("plan: %d %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[1], "1,orders,raw.orders,incremental_append,files,") ||
		!strings.HasPrefix(lines[2], "2,orders_daily,mart.orders_daily,full_replace,raw.orders,(manual),,orders,") {
		t.Fatalf("plan:\n%s", out)
	}
	out, _, code = tarnIn(t, data, "jobs", "run", "--dir", jobs, "orders")
	if code != 0 || !strings.Contains(out, "orders → raw.orders (incremental_append): 2 rows") {
		t.Fatalf("run: %d\n%s", code, out)
	}
	write("landing/2026-12-02.csv", "id,placed\n3,2026-12-02 09:00:00\n")
	out, _, code = tarnIn(t, data, "jobs", "run", "--dir", jobs, "orders")
	if code != 0 || !strings.Contains(out, ": 1 rows") {
		t.Fatalf("second run: %d\n%s", code, out)
	}
	// Governance is closed by default: on a data folder with no people
	// the job reading the new table is refused, and says why.
	out, _, code = tarnIn(t, data, "jobs", "run", "--dir", jobs, "orders_daily")
	if code == 0 || !strings.Contains(out, "[1/2] orders → raw.orders (incremental_append): up to date") ||
		!strings.Contains(out, "orders_daily → mart.orders_daily (full_replace): failed") || !strings.Contains(out, "job:transformer is not a known principal") {
		t.Fatalf("the downstream job over an unreviewed table: %d\n%s", code, out)
	}
	out, _, code = tarnIn(t, data, "jobs", "status", "orders", "--format", "csv")
	if code != 0 || strings.Count(out, ",succeeded,cli,") != 2 || !strings.Contains(out, `""last"":""2026-12-02.csv""`) {
		t.Fatalf("status: %d\n%s", code, out)
	}
}

func TestABadSourceSettingStopsThePlanNamingTheJobFile(t *testing.T) {
	data, jobs := t.TempDir(), t.TempDir()
	if err := os.WriteFile(filepath.Join(jobs, "clicks.sql"), []byte("---\ntarget: raw.clicks\nsource: {kind: kafka, topic: clicks, brokers: ['${KAFKA_BROKERS_FOR_A_TEST}'], schema: [{name: id, type: long}]}\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := tarnIn(t, data, "jobs", "plan", "--dir", jobs)
	if code == 0 || !strings.Contains(stderr, "clicks.sql") || !strings.Contains(stderr, "KAFKA_BROKERS_FOR_A_TEST, which is not set") {
		t.Fatalf("code %d, stderr %q", code, stderr)
	}
}
