// Package prometheus is the metrics.Sink that Prometheus scrapes: counters
// and histograms on a private registry (with the Go runtime and process
// collectors), served in the text exposition format by Handler.
package prometheus

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/tarn-data/tarn/metrics"
)

// Options configure the metrics.
type Options struct {
	// Flips counts the governance store's flips by state at each scrape;
	// optional.
	Flips func(ctx context.Context) (map[string]int, error)
	// Ready reports readiness at each scrape (tarn_ready); optional.
	Ready func() bool
	// Logger hears scrape-time failures; slog.Default() when nil.
	Logger *slog.Logger
}

// Metrics implements metrics.Sink on a private registry.
type Metrics struct {
	reg *prometheus.Registry
	log *slog.Logger

	queries       *prometheus.CounterVec
	queryDuration *prometheus.HistogramVec
	queryRows     prometheus.Counter
	refusals      *prometheus.CounterVec

	jobRuns     *prometheus.CounterVec
	jobDuration *prometheus.HistogramVec
	jobRows     *prometheus.CounterVec
	jobsRunning prometheus.Gauge

	tablesScanned     prometheus.Counter
	columnsClassified prometheus.Counter
	piiColumns        prometheus.Counter
	rowsSampled       prometheus.Counter
	lastScan          prometheus.Gauge

	questions        *prometheus.CounterVec
	questionDuration *prometheus.HistogramVec

	requests        *prometheus.CounterVec
	requestDuration *prometheus.HistogramVec
}

var _ metrics.Sink = (*Metrics)(nil)

// New registers Tarn's metrics, the Go runtime's and the process's on a
// new registry.
func New(o Options) *Metrics {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	reg := prometheus.NewRegistry()
	f := factory{reg}
	latency := []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60}
	m := &Metrics{
		reg: reg, log: o.Logger,
		queries: f.counterVec("tarn_queries_total",
			"Queries the engine was asked to run, by outcome: allowed (it ran), refused (guard or governance), error.", "outcome"),
		queryDuration: f.histogramVec("tarn_query_duration_seconds",
			"Time from a query's start to its result being closed (or its refusal), by outcome.", latency, "outcome"),
		queryRows: f.counter("tarn_query_rows_total", "Rows callers read from query results."),
		refusals: f.counterVec("tarn_query_refusals_total",
			"Refused queries by the kind of rule: needs_review, not_granted, unknown_principal, hidden_column, guard, other.", "reason"),
		jobRuns: f.counterVec("tarn_job_runs_total",
			"Finished Transformer job runs by job and status (succeeded, up_to_date, failed).", "job", "status"),
		jobDuration: f.histogramVec("tarn_job_run_duration_seconds", "Duration of finished job runs, by job.",
			[]float64{.1, .5, 1, 5, 15, 60, 300, 900, 3600}, "job"),
		jobRows:           f.counterVec("tarn_job_rows_written_total", "Rows job runs committed, by job.", "job"),
		jobsRunning:       f.gauge("tarn_job_runs_in_flight", "Job runs started and not yet finished."),
		tablesScanned:     f.counter("tarn_skimmer_tables_scanned_total", "Tables Skimmer scanned (new data only)."),
		columnsClassified: f.counter("tarn_skimmer_columns_classified_total", "Columns Skimmer classified, over all scans."),
		piiColumns:        f.counter("tarn_skimmer_pii_columns_total", "Columns Skimmer's scans found to hold PII, over all scans."),
		rowsSampled:       f.counter("tarn_skimmer_rows_sampled_total", "Rows Skimmer sampled."),
		lastScan:          f.gauge("tarn_skimmer_last_scan_timestamp_seconds", "Unix time of the last scan Skimmer finished."),
		questions: f.counterVec("tarn_questions_total",
			"Questions the agent was asked, by front door (chat, http, alert, cli) and outcome (answered, gave_up, error).", "via", "outcome"),
		questionDuration: f.histogramVec("tarn_question_duration_seconds", "Time to answer a question, by front door.",
			[]float64{.1, .5, 1, 2.5, 5, 10, 30, 60, 120}, "via"),
		requests: f.counterVec("tarn_http_requests_total",
			"HTTP requests by route pattern, method and status code.", "route", "method", "code"),
		requestDuration: f.histogramVec("tarn_http_request_duration_seconds", "HTTP request duration by route pattern.",
			latency, "route"),
	}
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if o.Flips != nil {
		reg.MustRegister(&flipCollector{states: o.Flips, log: o.Logger,
			desc: prometheus.NewDesc("tarn_flips", "Session flips in the governance store by state (active: in force now).", []string{"state"}, nil)})
	}
	if o.Ready != nil {
		reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "tarn_ready", Help: "1 when Tarn is ready for traffic, 0 while starting or draining."},
			func() float64 {
				if o.Ready() {
					return 1
				}
				return 0
			}))
	}
	return m
}

// Handler serves the registry in Prometheus's exposition formats.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{ErrorLog: slogPrinter{m.log}, Registry: m.reg})
}

// Registry is the private registry, for more collectors.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Query implements metrics.Sink.
func (m *Metrics) Query(q metrics.Query) {
	m.queries.WithLabelValues(q.Outcome).Inc()
	m.queryDuration.WithLabelValues(q.Outcome).Observe(q.Duration.Seconds())
	m.queryRows.Add(float64(max(q.Rows, 0)))
	if q.Outcome == metrics.Refused {
		m.refusals.WithLabelValues(q.Reason).Inc()
	}
}

// JobStarted implements metrics.Sink.
func (m *Metrics) JobStarted(string) { m.jobsRunning.Inc() }

// JobRun implements metrics.Sink.
func (m *Metrics) JobRun(r metrics.JobRun) {
	m.jobsRunning.Dec()
	m.jobRuns.WithLabelValues(r.Job, r.Status).Inc()
	m.jobDuration.WithLabelValues(r.Job).Observe(r.Duration.Seconds())
	m.jobRows.WithLabelValues(r.Job).Add(float64(max(r.Rows, 0)))
}

// Scan implements metrics.Sink.
func (m *Metrics) Scan(s metrics.Scan) {
	m.tablesScanned.Inc()
	m.columnsClassified.Add(float64(s.Columns))
	m.piiColumns.Add(float64(s.PII))
	m.rowsSampled.Add(float64(s.Rows))
	if !s.At.IsZero() {
		m.lastScan.Set(float64(s.At.UnixNano()) / float64(time.Second))
	}
}

// Question implements metrics.Sink.
func (m *Metrics) Question(q metrics.Question) {
	m.questions.WithLabelValues(q.Via, q.Outcome).Inc()
	m.questionDuration.WithLabelValues(q.Via).Observe(q.Duration.Seconds())
}

// Request implements metrics.Sink.
func (m *Metrics) Request(r metrics.Request) {
	route := r.Route
	if route == "" {
		route = "none"
	}
	m.requests.WithLabelValues(route, r.Method, strconv.Itoa(r.Status)).Inc()
	m.requestDuration.WithLabelValues(route).Observe(r.Duration.Seconds())
}

// factory registers each metric as it is made.
type factory struct{ reg *prometheus.Registry }

func (f factory) counter(name, help string) prometheus.Counter {
	c := prometheus.NewCounter(prometheus.CounterOpts{Name: name, Help: help})
	f.reg.MustRegister(c)
	return c
}

func (f factory) gauge(name, help string) prometheus.Gauge {
	g := prometheus.NewGauge(prometheus.GaugeOpts{Name: name, Help: help})
	f.reg.MustRegister(g)
	return g
}

func (f factory) counterVec(name, help string, labels ...string) *prometheus.CounterVec {
	c := prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help}, labels)
	f.reg.MustRegister(c)
	return c
}

func (f factory) histogramVec(name, help string, buckets []float64, labels ...string) *prometheus.HistogramVec {
	h := prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: name, Help: help, Buckets: buckets}, labels)
	f.reg.MustRegister(h)
	return h
}

// flipCollector reads the flips' states at each scrape.
type flipCollector struct {
	states func(ctx context.Context) (map[string]int, error)
	log    *slog.Logger
	desc   *prometheus.Desc
}

func (c *flipCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

func (c *flipCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	states, err := c.states(ctx)
	if err != nil {
		// A scrape still answers; the series are absent until the store is back.
		c.log.Warn("metrics: counting flips", "err", err)
		return
	}
	for s, n := range states {
		ch <- prometheus.MustNewConstMetric(c.desc, prometheus.GaugeValue, float64(n), s)
	}
}

// slogPrinter is promhttp's error log on slog.
type slogPrinter struct{ log *slog.Logger }

func (p slogPrinter) Println(v ...any) { p.log.Warn("metrics: serving a scrape", "err", v) }
