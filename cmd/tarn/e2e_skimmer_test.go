package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestDemoClassifiesItsLakeOnTheFirstStartAndPutsTheUnreviewedTablesBeforeTheApprovers(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	var out, errb strings.Builder
	if code := run(context.Background(), []string{"demo", "--no-serve", "--data", dir, "--scale", "0.02", "--as-of", "2026-11-25"}, &out, &errb); code != 0 {
		t.Fatalf("tarn demo: %s", errb.String())
	}
	m := serveDemoWith(t, map[string]string{"TARN_DATA": dir, "TARN_SKIMMER_PERSON_KEYS": strings.Join(demoPersonKeys, ",")})
	if err := m.OpenSkimmer(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { m.Skimmer.Run(ctx, time.Hour); close(done) }()
	t.Cleanup(func() { cancel(); <-done })

	text := waitChannel(t, m, "dave", "approvals", "raw.support_tickets")
	for _, want := range []string{"Review request", "`body` → **free_text**", "Skimmer found PII"} {
		if !strings.Contains(text, want) {
			t.Errorf("the review request lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "`dim.accounts` is new") {
		t.Errorf("a reviewed table was put before the approvers:\n%s", text)
	}
	// Every table has its report; the request is asked for once.
	reports, err := m.Findings.Reports(ctx)
	if err != nil || len(reports) < 8 {
		t.Fatalf("%d reports, %v", len(reports), err)
	}
	if _, err := m.Skimmer.ScanAll(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if again := waitChannel(t, m, "dave", "approvals", "raw.support_tickets"); strings.Count(again, "`raw.support_tickets` is new") != 1 {
		t.Fatalf("the review was asked for more than once:\n%s", again)
	}

	// After a restart (a new Tarn on the same data directory, its chat
	// empty), the table, still unreviewed, is put before the approvers again.
	m2 := serveDemoWith(t, map[string]string{"TARN_DATA": dir, "TARN_SKIMMER_PERSON_KEYS": strings.Join(demoPersonKeys, ",")})
	if err := m2.OpenSkimmer(); err != nil {
		t.Fatal(err)
	}
	if _, err := m2.Skimmer.ScanAll(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if after := waitChannel(t, m2, "dave", "approvals", "raw.support_tickets"); strings.Count(after, "`raw.support_tickets` is new") != 1 {
		t.Fatalf("after a restart the approvals channel reads:\n%s", after)
	}
}

func TestScanPrintsTheFindingsWithoutValues(t *testing.T) {
	stdout, stderr, code := cli(t, "scan", "raw.support_tickets", "dim.accounts", "--format", "csv")
	if code != 0 {
		t.Fatalf("tarn scan: %d %s", code, stderr)
	}
	for _, want := range []string{"table,column,kind,confidence,evidence", "dim.accounts,owner_email,email,", "raw.support_tickets,body,free_text,"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("tarn scan printed no %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, "@") {
		t.Fatalf("tarn scan printed a value:\n%s", stdout)
	}
	if !strings.Contains(stderr, "2 tables scanned") {
		t.Fatalf("stderr: %s", stderr)
	}
	if _, stderr, code := cli(t, "scan", "nope.nothing"); code == 0 || !strings.Contains(stderr, "nope.nothing") {
		t.Fatalf("scanning an unknown table: %d %s", code, stderr)
	}
}

func TestAReviewOfChosenColumnsKeepsWhatTheScanFoundAndMasksIt(t *testing.T) {
	t.Setenv("TARN_SKIMMER_PERSON_KEYS", "dim.accounts.account_id")
	tarn, _ := freshDemo(t)
	for _, step := range [][]string{
		{"scan", "raw.support_tickets"},
		{"review", "raw.support_tickets", "--columns", "ticket_id,account_id,body,priority", "--as", "dave"},
		{"grant", "select", "raw.support_tickets", "--to", "group:analysts", "--as", "dave"},
	} {
		out, stderr, code := tarn(step...)
		if code != 0 {
			t.Fatalf("%v: %d %s", step, code, stderr)
		}
		if step[0] == "review" && !strings.Contains(out, "masked as PII: account_id=user_id, body=free_text") {
			t.Fatalf("the review says %q, want the tags found by the scan", out)
		}
	}
	out, stderr, code := tarn("sql", "--as", "alice", "--format", "csv", "SELECT account_id, body FROM raw.support_tickets LIMIT 1")
	if code != 0 || !strings.Contains(out, "u_") || !strings.Contains(out, "[redacted]") {
		t.Fatalf("alice reads %q (%d %s), want a hashed account_id and a redacted body", out, code, stderr)
	}
}
