package prometheus_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/tarn-data/tarn/metrics"
	"github.com/tarn-data/tarn/metrics/prometheus"
	"github.com/tarn-data/tarn/metrics/prometheus/promtest"
)

func TestEventsAreScrapedAsTheirSeries(t *testing.T) {
	ready := true
	m := prometheus.New(prometheus.Options{
		Flips: func(context.Context) (map[string]int, error) { return map[string]int{"active": 2, "pending": 1}, nil },
		Ready: func() bool { return ready },
	})
	m.Query(metrics.Query{Outcome: metrics.Allowed, Duration: 20 * time.Millisecond, Rows: 7})
	m.Query(metrics.Query{Outcome: metrics.Refused, Reason: metrics.ReasonNotGranted})
	m.Query(metrics.Query{Outcome: metrics.Failed})
	m.JobStarted("traffic_daily")
	m.JobStarted("traffic_daily")
	m.JobRun(metrics.JobRun{Job: "traffic_daily", Status: "succeeded", Duration: time.Second, Rows: 90})
	m.Scan(metrics.Scan{Table: "dim.accounts", At: time.Unix(1_800_000_000, 0), Rows: 100, Columns: 6, PII: 2})
	m.Question(metrics.Question{Via: "chat", Outcome: metrics.Answered, Duration: time.Second})
	m.Request(metrics.Request{Route: "GET /healthz", Method: "GET", Status: 200})
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()

	fs := promtest.Scrape(t, srv.URL)
	for _, c := range []struct {
		name   string
		labels []string
		want   float64
	}{
		{"tarn_queries_total", []string{"outcome", "allowed"}, 1},
		{"tarn_queries_total", []string{"outcome", "refused"}, 1},
		{"tarn_queries_total", []string{"outcome", "error"}, 1},
		{"tarn_query_duration_seconds", nil, 3},
		{"tarn_query_rows_total", nil, 7},
		{"tarn_query_refusals_total", []string{"reason", "not_granted"}, 1},
		{"tarn_job_runs_total", []string{"job", "traffic_daily", "status", "succeeded"}, 1},
		{"tarn_job_run_duration_seconds", []string{"job", "traffic_daily"}, 1},
		{"tarn_job_rows_written_total", nil, 90},
		{"tarn_job_runs_in_flight", nil, 1},
		{"tarn_skimmer_tables_scanned_total", nil, 1},
		{"tarn_skimmer_columns_classified_total", nil, 6},
		{"tarn_skimmer_pii_columns_total", nil, 2},
		{"tarn_skimmer_rows_sampled_total", nil, 100},
		{"tarn_skimmer_last_scan_timestamp_seconds", nil, 1_800_000_000},
		{"tarn_questions_total", []string{"via", "chat", "outcome", "answered"}, 1},
		{"tarn_http_requests_total", []string{"route", "GET /healthz", "code", "200"}, 1},
		{"tarn_flips", []string{"state", "active"}, 2},
		{"tarn_flips", []string{"state", "pending"}, 1},
		{"tarn_ready", nil, 1},
	} {
		if got := fs.Value(c.name, c.labels...); got != c.want {
			t.Errorf("%s%v = %v, want %v\n%s", c.name, c.labels, got, c.want, fs.Series(c.name))
		}
	}
	for _, name := range []string{"go_goroutines", "process_cpu_seconds_total"} {
		if !fs.Has(name) {
			t.Errorf("%s is missing: the Go and process collectors are registered", name)
		}
	}
	ready = false
	if got := promtest.Scrape(t, srv.URL).Value("tarn_ready"); got != 0 {
		t.Errorf("tarn_ready = %v while not ready", got)
	}
}

func TestAScrapeStillAnswersWhenTheFlipsCannotBeCounted(t *testing.T) {
	m := prometheus.New(prometheus.Options{
		Flips: func(context.Context) (map[string]int, error) { return nil, errors.New("store closed") },
	})
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	fs := promtest.Scrape(t, srv.URL)
	if fs.Has("tarn_flips") || !fs.Has("go_goroutines") {
		t.Fatalf("want no tarn_flips and the rest:\n%s", fs.Series("tarn_flips"))
	}
}

func TestTwoInstancesDoNotShareARegistry(t *testing.T) {
	a, b := prometheus.New(prometheus.Options{}), prometheus.New(prometheus.Options{})
	a.Query(metrics.Query{Outcome: metrics.Allowed})
	srv := httptest.NewServer(b.Handler())
	defer srv.Close()
	if got := promtest.Scrape(t, srv.URL).Value("tarn_queries_total"); got != 0 {
		t.Fatalf("b counted a's query: %v", got)
	}
}
