package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/tarn-data/tarn/lake/transform"
	"github.com/tarn-data/tarn/metrics/prometheus/promtest"
)

// served is a Tarn serving the shared demo lake whose stop the test
// controls.
type served struct {
	*Main
	stop func()       // what SIGTERM does to `tarn serve`: Run's context ends
	wait func() error // waits for Run and returns its result
}

// serveOptions shape serveControlled's Tarn.
type serveOptions struct {
	before func(m *Main)                   // sees the Main before it opens
	jobs   string                          // a folder of jobs to open
	wrap   func(http.Handler) http.Handler // wraps the HTTP handler
}

// serveControlled opens Tarn over the shared demo lake with the engine,
// the agent, the chat, Skimmer and o.jobs, listens on a free loopback
// port and runs it until the test calls stop (or ends).
func serveControlled(t *testing.T, o serveOptions) *served {
	t.Helper()
	dir, err := demoDir()
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := LoadConfig(nil, envOf(map[string]string{"TARN_DATA": dir, "TARN_ADDR": "127.0.0.1:0", "TARN_SKIMMER_EVERY": "0", "TARN_JOBS_EVERY": "0"}))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	m := NewMain(cfg)
	if o.before != nil {
		o.before(m)
	}
	for _, step := range []func(context.Context) error{m.Open, m.OpenEngine, m.OpenAgent, m.OpenBot,
		func(context.Context) error { return m.OpenSkimmer() },
		func(ctx context.Context) error {
			if o.jobs == "" {
				return nil
			}
			return m.OpenJobs(ctx, o.jobs)
		}} {
		if err := step(ctx); err != nil {
			cancel()
			m.Close()
			t.Fatal(err)
		}
	}
	if err := m.Listen(); err != nil {
		cancel()
		m.Close()
		t.Fatal(err)
	}
	if o.wrap != nil {
		m.server.Handler = o.wrap(m.server.Handler)
	}
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx) }()
	s := &served{Main: m, stop: cancel, wait: sync.OnceValue(func() error { return <-done })}
	t.Cleanup(func() {
		cancel()
		s.wait()
		m.Close()
	})
	return s
}

// writeJob writes one job file into a new folder and returns the folder.
func writeJob(t *testing.T, name, text string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, name+".sql"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func post(t *testing.T, url, body string) (int, string) {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestMetricsCountQueriesRefusalsQuestionsJobRunsAndScans drives a served
// Tarn through its HTTP API and a job run, then scrapes /metrics over
// HTTP: every counter moved by what was done.
func TestMetricsCountQueriesRefusalsQuestionsJobRunsAndScans(t *testing.T) {
	dir := writeJob(t, "metrics_plans", "---\ntarget: scratch.metrics_plans\nowner: job:transformer\n---\nSELECT plan, count(*) AS accounts FROM dim.accounts GROUP BY plan\n")
	s := serveControlled(t, serveOptions{jobs: dir})
	base := "http://" + s.Addr()
	before := promtest.Scrape(t, base+"/metrics")

	if code, body := post(t, base+"/api/sql", `{"sql": "SELECT count(*) AS n FROM dim.accounts", "as": "alice"}`); code != 200 {
		t.Fatalf("alice's query: %d %s", code, body)
	}
	if code, body := post(t, base+"/api/sql", `{"sql": "SELECT count(*) AS n FROM dim.accounts", "as": "erin"}`); code != 403 {
		t.Fatalf("erin's query: %d %s, want 403", code, body)
	}
	if code, body := post(t, base+"/api/ask", `{"question": "how many accounts do we have?", "as": "alice"}`); code != 200 {
		t.Fatalf("alice's question: %d %s", code, body)
	}
	ctx := context.Background()
	j, err := s.jobs.dag.Job("metrics_plans")
	if err != nil {
		t.Fatal(err)
	}
	if r, err := s.jobRunner().Run(ctx, j, transform.RunOptions{Trigger: "test"}); err != nil || r.Status != transform.StatusSucceeded {
		t.Fatalf("the job: %+v %v", r, err)
	}

	after := promtest.Scrape(t, base+"/metrics")
	delta := func(name string, labels ...string) float64 {
		return after.Value(name, labels...) - before.Value(name, labels...)
	}
	for _, c := range []struct {
		name            string
		labels          []string
		atLeast, atMost float64
	}{
		{"tarn_queries_total", []string{"outcome", "allowed"}, 2, 1e9}, // alice's, the job's (and the agent's)
		{"tarn_queries_total", []string{"outcome", "refused"}, 1, 1},
		{"tarn_query_refusals_total", []string{"reason", "not_granted"}, 1, 1},
		{"tarn_query_duration_seconds", nil, 3, 1e9},
		{"tarn_questions_total", []string{"via", "http", "outcome", "answered"}, 1, 1},
		{"tarn_job_runs_total", []string{"job", "metrics_plans", "status", "succeeded"}, 1, 1},
		{"tarn_job_run_duration_seconds", []string{"job", "metrics_plans"}, 1, 1},
		{"tarn_job_rows_written_total", []string{"job", "metrics_plans"}, 1, 1e9},
		{"tarn_skimmer_tables_scanned_total", nil, 1, 1}, // the job's new table
		{"tarn_skimmer_columns_classified_total", nil, 2, 2},
		{"tarn_http_requests_total", []string{"route", "POST /api/sql", "code", "200"}, 1, 1},
		{"tarn_http_requests_total", []string{"route", "POST /api/sql", "code", "403"}, 1, 1},
	} {
		if d := delta(c.name, c.labels...); d < c.atLeast || d > c.atMost {
			t.Errorf("%s%v moved by %v, want %v..%v\n%s", c.name, c.labels, d, c.atLeast, c.atMost, after.Series(c.name))
		}
	}
	if after.Value("tarn_job_runs_in_flight") != 0 || after.Value("tarn_skimmer_last_scan_timestamp_seconds") == 0 {
		t.Errorf("in flight %v, last scan %v", after.Value("tarn_job_runs_in_flight"), after.Value("tarn_skimmer_last_scan_timestamp_seconds"))
	}
	for _, name := range []string{"tarn_flips", "tarn_ready", "go_goroutines", "process_resident_memory_bytes"} {
		if !after.Has(name) {
			t.Errorf("%s is missing from /metrics", name)
		}
	}
	if after.Value("tarn_ready") != 1 {
		t.Errorf("tarn_ready is %v while serving", after.Value("tarn_ready"))
	}
}

func getJSON(t *testing.T, url string) (int, map[string]any) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatalf("%s: %v", url, err)
	}
	return resp.StatusCode, body
}

// TestReadyzNamesWhatIsNotReady: before Run it is still starting; serving
// it is ready; with the metadata store gone it is 503 naming the store and
// the lake (whose catalog lives there), while /healthz still answers.
func TestReadyzNamesWhatIsNotReady(t *testing.T) {
	dir, err := demoDir()
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := LoadConfig(nil, envOf(map[string]string{"TARN_DATA": dir, "TARN_ADDR": "127.0.0.1:0"}))
	if err != nil {
		t.Fatal(err)
	}
	m := NewMain(cfg)
	defer m.Close()
	if err := m.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(m.observe(m.routes()))
	defer srv.Close()
	code, body := getJSON(t, srv.URL+"/readyz")
	checks, _ := body["checks"].(map[string]any)
	if code != 503 || checks["startup"] != "still starting" || checks["engine"] != "not open" || checks["store"] != "ok" {
		t.Fatalf("before startup: %d %v", code, body)
	}

	s := serveControlled(t, serveOptions{})
	base := "http://" + s.Addr()
	if code, body := getJSON(t, base+"/readyz"); code != 200 || body["ready"] != true {
		t.Fatalf("serving: %d %v", code, body)
	}
	s.Store.Close()
	code, body = getJSON(t, base+"/readyz")
	checks, _ = body["checks"].(map[string]any)
	if code != 503 || body["ready"] != false || checks["store"] != "the metadata store does not answer" || checks["lake"] == "ok" {
		t.Fatalf("with the store closed: %d %v", code, body)
	}
	notReady, _ := json.Marshal(body["not_ready"])
	if !strings.Contains(string(notReady), `"store"`) {
		t.Fatalf("not_ready %s does not name the store", notReady)
	}
	resp, err := http.Get(base + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("healthz with the store closed: %v %v", resp, err)
	}
	resp.Body.Close()
}

// TestProbesAndMetricsAnswerOtherHostsButTheAPIDoesNot: a load balancer
// or Prometheus reaches /healthz, /readyz and /metrics through any host
// name; /api and the web chat still answer only loopback names.
func TestProbesAndMetricsAnswerOtherHostsButTheAPIDoesNot(t *testing.T) {
	s := serveControlled(t, serveOptions{})
	for path, want := range map[string]int{"/healthz": 200, "/readyz": 200, "/metrics": 200, "/api/tables": 403, "/": 403} {
		req, _ := http.NewRequest(http.MethodGet, "http://"+s.Addr()+path, nil)
		req.Host = "tarn.internal.example:8080"
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("GET %s as tarn.internal.example: %d, want %d", path, resp.StatusCode, want)
		}
	}
}

func TestHealthcheckCommandAsksARealServer(t *testing.T) {
	s := serveControlled(t, serveOptions{})
	_, port, _ := net.SplitHostPort(s.Addr())
	for _, args := range [][]string{
		{"healthcheck", "--addr", s.Addr()},
		{"healthcheck", "--addr", ":" + port}, // a wildcard listen address is asked on loopback
		{"healthcheck", "--addr", s.Addr(), "--ready"},
	} {
		var out, errb bytes.Buffer
		if code := run(context.Background(), args, &out, &errb); code != 0 {
			t.Fatalf("%v: code %d, %s", args, code, errb.String())
		}
		if !strings.Contains(out.String(), "ok") && !strings.Contains(out.String(), `"ready":true`) {
			t.Fatalf("%v: %q", args, out.String())
		}
	}
	s.Store.Close() // not ready any more: --ready fails, the process is still alive
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"healthcheck", "--addr", s.Addr(), "--ready"}, &out, &errb); code == 0 || !strings.Contains(errb.String(), "503") || !strings.Contains(errb.String(), "store") {
		t.Fatalf("--ready with the store closed: code %d, %q", code, errb.String())
	}
	if code := run(context.Background(), []string{"healthcheck", "--addr", s.Addr()}, &out, &errb); code != 0 {
		t.Fatalf("alive with the store closed: code %d", code)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	ln.Close()
	errb.Reset()
	if code := run(context.Background(), []string{"healthcheck", "--addr", closed}, &out, &errb); code == 0 || !strings.Contains(errb.String(), "does not answer") {
		t.Fatalf("nothing listening: code %d, %q", code, errb.String())
	}
}
