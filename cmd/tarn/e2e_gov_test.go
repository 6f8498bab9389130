package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tarn-data/tarn/store"
)

// freshDemo builds a small demo lake of the test's own, for tests that
// change governance state.
func freshDemo(t *testing.T) (func(args ...string) (string, string, int), string) {
	t.Helper()
	dir := t.TempDir()
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"demo", "--no-serve", "--data", dir, "--scale", "0.01", "--as-of", "2026-11-25"}, &out, &errb); code != 0 {
		t.Fatal(errb.String())
	}
	return func(args ...string) (string, string, int) {
		var out, errb bytes.Buffer
		code := run(context.Background(), append(args, "--data", dir), &out, &errb)
		return out.String(), errb.String(), code
	}, dir
}

func TestAccessRequestsFlipsAndTheAuditTrail(t *testing.T) {
	tarn, _ := freshDemo(t)
	steps := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"sql", "--as", "alice", "SELECT count(*) FROM fct.billing_invoices"}, 4, "billing"},
		{[]string{"request", "select", "fct.billing_invoices", "--why", "revenue review", "--as", "alice"}, 0, "request 1 is pending"},
		{[]string{"approve", "1", "--as", "alice"}, 4, "own request"},
		{[]string{"approve", "1", "--as", "erin"}, 4, "approve"},
		{[]string{"approve", "1", "--as", "dave"}, 0, "approved"},
		{[]string{"deny", "1", "--as", "dave"}, 6, "already"},
		{[]string{"sql", "--as", "alice", "SELECT count(*) > 0 FROM fct.billing_invoices"}, 0, "true"},
		{[]string{"sql", "--as", "carol", "SELECT source_ip FROM fct.security_events WHERE source_ip LIKE '%.%' ORDER BY ts LIMIT 1"}, 0, ".0\n"},
		{[]string{"flip", "fct.security_events", "--why", "incident 42", "--as", "alice"}, 4, "unmask"},
		{[]string{"flip", "fct.security_events", "--why", "incident 42", "--for", "2h", "--as", "carol"}, 0, "flip 1"},
		{[]string{"sql", "--as", "carol", "--format", "csv", "SELECT count(*) FROM fct.security_events WHERE source_ip LIKE '%.0'"}, 0, ""},
		{[]string{"flip", "end", "1", "--as", "carol"}, 0, "ended"},
		{[]string{"review", "raw.support_tickets", "--columns", "ticket_id,channel,priority", "--as", "alice"}, 4, "approve"},
		{[]string{"review", "raw.support_tickets", "--columns", "ticket_id,channel,priority", "--as", "dave"}, 0, "3 columns"},
		{[]string{"grant", "select", "raw.support_tickets", "--to", "group:analysts", "--as", "dave"}, 0, "grant"},
		{[]string{"sql", "--as", "alice", "SELECT * FROM raw.support_tickets LIMIT 1"}, 0, "ticket_id"},
		{[]string{"sql", "--as", "alice", "SELECT body FROM raw.support_tickets LIMIT 1"}, 4, "raw.support_tickets.body"},
		{[]string{"grant", "select", "dim.accounts", "--to", "user:erin", "--filter", "region = 'europe'", "--as", "dave"}, 0, "grant"},
		{[]string{"sql", "--as", "erin", "--format", "csv", "SELECT DISTINCT region FROM dim.accounts"}, 0, "region\neurope\n"},
		{[]string{"grant", "select", "dim.zones", "--to", "user:erin", "--filter", "account_id IN (SELECT account_id FROM fct.billing_invoices)", "--as", "dave"}, 2, "other tables"},
		{[]string{"grant", "select", "dim.zones", "--to", "user:erin", "--filter", "1=1; DROP TABLE x", "--as", "dave"}, 2, "several statements"},
		{[]string{"audit", "tail", "--as", "alice"}, 4, "audit log"},
		{[]string{"audit", "verify", "--as", "dave"}, 0, "intact"},
	}
	for i, s := range steps {
		out, stderr, code := tarn(s.args...)
		if code != s.code || !strings.Contains(out+stderr, s.want) {
			t.Fatalf("step %d %v: exit %d (want %d)\nstdout %s\nstderr %s\nwant %q", i, s.args, code, s.code, out, stderr, s.want)
		}
	}
	// The flip capped at 60 minutes; its query was recorded raw, with the
	// justification; the refusals are in the log.
	out, _, _ := tarn("audit", "export", "--as", "dave")
	var sawRaw, sawRefusal bool
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var e struct {
			Action, Justification string
			Raw                   []string
			Allowed               bool
		}
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatalf("export line %q: %v", line, err)
		}
		if e.Action == "query" && len(e.Raw) > 0 && e.Justification == "incident 42" {
			sawRaw = true
		}
		if !e.Allowed {
			sawRefusal = true
		}
	}
	if !sawRaw || !sawRefusal {
		t.Fatalf("audit export lacks the flipped query (%v) or refusals (%v):\n%s", sawRaw, sawRefusal, out)
	}
}

func TestAuditVerifyFindsTampering(t *testing.T) {
	tarn, dir := freshDemo(t)
	tarn("sql", "--as", "alice", "SELECT count(*) FROM dim.zones")
	db, err := store.Open(context.Background(), "sqlite://"+dir+"/tarn.db")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE tarn_audit SET actor = 'mallory' WHERE seq = 3`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	out, stderr, code := tarn("audit", "verify", "--as", "dave")
	if code == 0 || !strings.Contains(out, "entry 3") {
		t.Fatalf("tampering not found: exit %d\n%s\n%s", code, out, stderr)
	}
}

func TestTrinoRulesAreServed(t *testing.T) {
	m := serveDemo(t)
	c := &http.Client{Timeout: 30 * time.Second}
	resp, err := c.Get("http://" + m.Addr() + "/trino/rules.json")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var doc struct {
		Tables []struct {
			User, Group, Schema, Table string
			Privileges                 []string
		}
	}
	if err := json.Unmarshal(body, &doc); err != nil || resp.StatusCode != 200 || len(doc.Tables) < 3 {
		t.Fatalf("%d %v\n%s", resp.StatusCode, err, body)
	}
	last := doc.Tables[len(doc.Tables)-1]
	if len(last.Privileges) != 0 {
		t.Fatalf("the last table rule must deny everything: %+v", last)
	}
	if !strings.Contains(string(body), "alice") || strings.Contains(string(body), "support_tickets\",\n      \"privileges\": [\n        \"SELECT\"") {
		t.Fatalf("rules:\n%s", body)
	}
}

// A benchmark run soon after another reuses the flips still in force.
func TestBenchFlipsCanBeStartedTwice(t *testing.T) {
	_, dir := freshDemo(t)
	cfg, err := LoadConfig(nil, func(k string) string { return map[string]string{"TARN_DATA": dir}[k] })
	if err != nil {
		t.Fatal(err)
	}
	m := NewMain(cfg)
	defer m.Close()
	if err := m.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	ids := tablesOf("SELECT * FROM fct.http_requests JOIN dim.zones USING (zone_id)")
	for i := 0; i < 2; i++ {
		if err := flipForBench(context.Background(), m, ids); err != nil {
			t.Fatalf("run %d: %v", i+1, err)
		}
	}
	fs, err := m.Workflow.ActiveFlips(context.Background(), benchPrincipal)
	if err != nil || len(fs) != 2 {
		t.Fatalf("active flips %v, %v; want one per table", fs, err)
	}
}
