package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

// demoDir is one small demo lake shared by the end-to-end tests; building
// it once keeps the suite fast.
var demoDir = sync.OnceValues(func() (string, error) {
	dir, err := osMkdirTemp()
	if err != nil {
		return "", err
	}
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"demo", "--no-serve", "--data", dir, "--scale", "0.02", "--as-of", "2026-11-25"}, &out, &errb)
	if code != 0 {
		return "", &buildError{errb.String()}
	}
	return dir, nil
})

type buildError struct{ s string }

func (e *buildError) Error() string { return "tarn demo failed: " + e.s }

// cli runs the CLI against the shared demo lake and returns stdout, stderr
// and the exit code.
func cli(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	dir, err := demoDir()
	if err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	code := run(context.Background(), append(args, "--data", dir), &out, &errb)
	return out.String(), errb.String(), code
}

func TestDemoBuildIsIdempotent(t *testing.T) {
	_, stderr, code := cli(t, "demo", "--no-serve", "--scale", "0.02", "--as-of", "2026-11-25")
	if code != 0 || !strings.Contains(stderr, "already present") {
		t.Fatalf("code %d, stderr %q", code, stderr)
	}
}

func TestSQLPrintsTableCSVAndJSON(t *testing.T) {
	q := "SELECT plan, count(*) AS n FROM dim.accounts GROUP BY plan ORDER BY plan"
	out, _, code := cli(t, "sql", "--as", "alice", q)
	if code != 0 || !strings.Contains(out, "enterprise") || !strings.Contains(out, "(4 rows)") {
		t.Fatalf("table: code %d\n%s", code, out)
	}
	out, _, _ = cli(t, "sql", "--as", "alice", "--format", "csv", q)
	if !strings.HasPrefix(out, "plan,n\n") || strings.Count(out, "\n") != 5 {
		t.Fatalf("csv:\n%s", out)
	}
	out, _, _ = cli(t, "sql", "--as", "alice", "--format", "json", q)
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) != 4 {
		t.Fatalf("json: %v\n%s", err, out)
	}
	var total float64
	for _, r := range rows {
		total += r["n"].(float64)
	}
	if total != 2000 {
		t.Fatalf("accounts sum to %v, want 2000", total)
	}
}

func TestBadInputExitsNonZeroWithAClearMessage(t *testing.T) {
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"sql", "--as", "alice", "SELECT * FROM fct.http_request"}, 3, "fct.http_requests"},
		{[]string{"sql", "--as", "alice", "DROP TABLE dim.accounts"}, 4, "DROP"},
		{[]string{"sql", "--as", "alice", "SELECT * FROM read_csv('/etc/passwd')"}, 4, "read_csv"},
		{[]string{"sql", "--as", "alice", "SELECT nme FROM dim.accounts"}, 2, "nme"},
		{[]string{"sql", "--as", "erin", "SELECT count(*) FROM dim.accounts"}, 4, "analysts"},
		{[]string{"sql", "--as", "alice", "SELECT count(*) FROM fct.billing_invoices"}, 4, "billing"},
		{[]string{"sql", "--as", "alice", "SELECT count(*) FROM raw.support_tickets"}, 4, "review"},
		{[]string{"sql", "--as", "mallory", "SELECT count(*) FROM dim.accounts"}, 4, "mallory"},
		{[]string{"describe", "dim"}, 2, "namespace.table"},
		{[]string{"snapshots", "dim.nope"}, 3, "no table dim.nope"},
		{[]string{"sql", "--format", "xml", "SELECT 1"}, 2, "xml"},
	}
	for _, c := range cases {
		_, stderr, code := cli(t, c.args...)
		if code != c.code || !strings.Contains(strings.ToLower(stderr), strings.ToLower(c.want)) {
			t.Errorf("%v: exit %d (want %d), stderr %q (want %q)", c.args, code, c.code, stderr, c.want)
		}
	}
}

// The daily rollup must agree with the request log to the row.
func TestTrafficDailyAgreesWithHTTPRequests(t *testing.T) {
	rollup := `SELECT CAST(ts AS DATE) AS day, zone_id, client_country, count(*) AS requests, sum(bytes) AS bytes,
  sum(CASE WHEN cache_status = 'hit' THEN bytes ELSE 0 END) AS cached_bytes,
  count(*) FILTER (WHERE bot_score < 10) AS threats
FROM fct.http_requests GROUP BY ALL`
	daily := `SELECT day, zone_id, client_country, requests, bytes, cached_bytes, threats FROM fct.traffic_daily`
	for _, q := range []string{
		"SELECT count(*) FROM ((" + rollup + ") EXCEPT ALL (" + daily + "))",
		"SELECT count(*) FROM ((" + daily + ") EXCEPT ALL (" + rollup + "))",
	} {
		out, stderr, code := cli(t, "sql", "--as", "bob", "--format", "csv", q)
		if code != 0 || strings.TrimSpace(out) != "count_star()\n0" {
			t.Fatalf("rows that differ: %q %s", out, stderr)
		}
	}
	out, _, _ := cli(t, "sql", "--as", "bob", "--format", "csv", "SELECT count(*) FROM fct.traffic_daily")
	if strings.TrimSpace(out) == "count_star()\n0" {
		t.Fatal("the rollup is empty")
	}
}

func TestTablesDescribeSnapshotsAndMaintenance(t *testing.T) {
	out, _, code := cli(t, "tables")
	if code != 0 || !strings.Contains(out, "fct.http_requests") || !strings.Contains(out, "curated") {
		t.Fatalf("tables:\n%s", out)
	}
	out, _, _ = cli(t, "describe", "--as", "alice", "dim.accounts")
	if !strings.Contains(out, "owner_email") || !strings.Contains(out, "masked") {
		t.Fatalf("describe:\n%s", out)
	}
	out, _, _ = cli(t, "snapshots", "scratch.zone_export_tmp")
	if !strings.Contains(out, "append") || !strings.Contains(out, "(1 row)") {
		t.Fatalf("snapshots:\n%s", out)
	}
	if _, stderr, code := cli(t, "compact", "scratch.zone_export_tmp"); code != 0 {
		t.Fatalf("compact: %s", stderr)
	}
	if _, stderr, code := cli(t, "orphans", "scratch.zone_export_tmp", "--dry-run"); code != 0 {
		t.Fatalf("orphans: %s", stderr)
	}
	if _, stderr, code := cli(t, "expire", "scratch.zone_export_tmp", "--older-than", "1h"); code != 0 {
		t.Fatalf("expire: %s", stderr)
	}
}

func TestHTTPServesSQL(t *testing.T) {
	m := serveDemo(t)
	client := &http.Client{Timeout: 30 * time.Second}
	resp, err := client.Post("http://"+m.Addr()+"/api/sql", "application/json", strings.NewReader(`{"sql": "SELECT count(*) AS zones FROM dim.zones", "as": "alice"}`))
	if err != nil {
		t.Fatal(err)
	}
	var body struct {
		Rows    []map[string]any `json:"rows"`
		Columns []map[string]string
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || len(body.Rows) != 1 || body.Rows[0]["zones"].(float64) != 5000 {
		t.Fatalf("got %+v, %v", body, err)
	}
	resp.Body.Close()
	resp, err = client.Post("http://"+m.Addr()+"/api/sql", "application/json", strings.NewReader(`{"sql": "DELETE FROM dim.zones", "as": "alice"}`))
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("DELETE answered %d", resp.StatusCode)
	}
	resp.Body.Close()
}

// PII is masked by default inside the relation, so no expression recovers
// it; table names stay visible to everyone.
func TestDemoGovernanceMasksAndCloses(t *testing.T) {
	out, stderr, code := cli(t, "sql", "--as", "alice", "--format", "csv",
		"SELECT owner_email, length(owner_email) > 0 AS has, upper(owner_email) AS up FROM dim.accounts ORDER BY account_id LIMIT 3")
	if code != 0 {
		t.Fatal(stderr)
	}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n")[1:] {
		if !strings.HasPrefix(line, "***@") {
			t.Fatalf("owner_email not masked: %q", line)
		}
	}
	out, _, code = cli(t, "tables")
	if code != 0 || !strings.Contains(out, "raw.support_tickets") {
		t.Fatalf("table names are visible to everyone:\n%s", out)
	}
	_, stderr, code = cli(t, "describe", "--as", "alice", "raw.support_tickets")
	if code != 4 || !strings.Contains(stderr, "review") {
		t.Fatalf("describe of an unreviewed table: %d %s", code, stderr)
	}
}

func TestSQLDrawsChartsAsPNGAndOfflineHTML(t *testing.T) {
	dir := t.TempDir()
	png, html := dir+"/zones.png", dir+"/zones.html"
	q := "SELECT plan, count(*) AS zones FROM dim.zones GROUP BY plan"
	if _, stderr, code := cli(t, "sql", "--as", "alice", "--chart", png, q); code != 0 || !strings.Contains(stderr, "bar chart") {
		t.Fatalf("png: %d %s", code, stderr)
	}
	if b, err := os.ReadFile(png); err != nil || !bytes.HasPrefix(b, []byte("\x89PNG")) {
		t.Fatalf("not a PNG: %v", err)
	}
	if _, stderr, code := cli(t, "sql", "--as", "alice", "--chart", html, q); code != 0 {
		t.Fatalf("html: %d %s", code, stderr)
	}
	page, _ := os.ReadFile(html)
	if !strings.Contains(string(page), "tarn-assets/echarts.min.js") || strings.Contains(string(page), "cdn") {
		t.Fatalf("the page must load ECharts from beside it:\n%.400s", page)
	}
	if _, err := os.Stat(dir + "/tarn-assets/echarts.min.js"); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := cli(t, "sql", "--as", "alice", "--chart", dir+"/x.gif", q); code != 2 || !strings.Contains(stderr, ".png or .html") {
		t.Fatalf("bad extension: %d %s", code, stderr)
	}
}
