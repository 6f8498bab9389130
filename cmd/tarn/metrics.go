package main

import (
	"context"
	"errors"
	"net/http"

	"github.com/tarn-data/tarn/governance/skimmer"
	"github.com/tarn-data/tarn/metrics"
	prommetrics "github.com/tarn-data/tarn/metrics/prometheus"
)

// openMetrics creates the process's metrics: Tarn's own on a private
// Prometheus registry, with the Go runtime's and the process's.
func (m *Main) openMetrics() {
	m.prom = prommetrics.New(prommetrics.Options{Flips: m.flipStates, Ready: m.ops.isReady, Logger: m.Logger})
}

// sink is where the parts report events.
func (m *Main) sink() metrics.Sink {
	if m.prom == nil {
		return metrics.Nop{}
	}
	return m.prom
}

// metricsHandler serves GET /metrics.
func (m *Main) metricsHandler() http.Handler {
	if m.prom == nil {
		return http.NotFoundHandler()
	}
	return m.prom.Handler()
}

// flipStates counts the governance store's flips by state, at a scrape.
func (m *Main) flipStates(ctx context.Context) (map[string]int, error) {
	if m.Gov == nil {
		return nil, errors.New("governance is not open")
	}
	return metrics.FlipStates(ctx, m.Gov, m.clock().Now())
}

// asker is the agent as the front doors use it, counting questions.
func (m *Main) asker() metrics.Asker {
	return metrics.Asker{Next: m.Agent, Sink: m.sink(), Clock: m.clock()}
}

// onScan counts a scan Skimmer finished, then asks for the table's review
// when it needs one.
func (m *Main) onScan(ctx context.Context, r skimmer.Report) {
	m.scans.Observe(r)
	m.askReview(ctx, r)
}
