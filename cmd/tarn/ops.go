package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/lake/transform"
)

// DefaultShutdownTimeout is how long a graceful stop waits for requests,
// job runs and commits in flight.
const DefaultShutdownTimeout = 30 * time.Second

// ErrDraining is the cause of work refused because Tarn is stopping.
var ErrDraining = errors.New("shutting down")

// ops is what a serving process knows about itself: whether it is ready
// for traffic, and the work in flight that a graceful stop waits for.
type ops struct {
	ready    atomic.Bool // startup finished, not draining
	mu       sync.Mutex
	draining bool
	drainc   chan struct{} // closed when the stop begins
	work     sync.WaitGroup
	// hard is cancelled when the stop's deadline passes (or at Close):
	// work in flight is cut then.
	hard     context.Context
	hardStop context.CancelFunc
	// jobStep is transform.Options.Step for the jobs' runner (tests).
	jobStep func(ctx context.Context, j *transform.Job, step string)
}

func (o *ops) init() {
	o.drainc = make(chan struct{})
	o.hard, o.hardStop = context.WithCancel(context.Background())
}

func (o *ops) isReady() bool { return o.ready.Load() }

// begin registers one piece of work, or reports that the stop has begun.
func (o *ops) begin() (end func(), ok bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.draining {
		return nil, false
	}
	o.work.Add(1)
	return o.work.Done, true
}

// drain turns readiness off and refuses new work, once.
func (o *ops) drain() {
	o.ready.Store(false)
	o.mu.Lock()
	defer o.mu.Unlock()
	if !o.draining {
		o.draining = true
		close(o.drainc)
	}
}

// Work runs fn, work that commits (a job run, an ingestion batch), so
// that a graceful stop waits for it: fn's context keeps ctx's values but
// is not cancelled when ctx is; it is cancelled when the stop's deadline
// passes. Once the stop has begun, Work refuses new work with an
// ETIMEOUT error wrapping ErrDraining.
func (m *Main) Work(ctx context.Context, fn func(ctx context.Context) error) error {
	end, ok := m.ops.begin()
	if !ok {
		return tarn.Wrap(ErrDraining, tarn.ETIMEOUT, "Run it again once Tarn is back.", "Tarn is shutting down and starts no new work.")
	}
	defer end()
	wctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	stop := context.AfterFunc(m.ops.hard, cancel)
	defer stop()
	return fn(wctx)
}

// drainingRunner runs jobs as Work: a run the scheduler started finishes
// its commit during a graceful stop, and none starts after. A following
// run (Kafka with follow: true) never finishes by itself: the stop closes
// its Stop, and it commits the messages it has read and returns.
type drainingRunner struct {
	m    *Main
	next transform.JobRunner
}

func (d drainingRunner) Run(ctx context.Context, j *transform.Job, o transform.RunOptions) (transform.Run, error) {
	var run transform.Run
	var err error
	if o.Follow {
		o.Stop = d.m.ops.drainc
	}
	err = d.m.Work(ctx, func(ctx context.Context) error {
		var err error
		run, err = d.next.Run(ctx, j, o)
		return err
	})
	if run.Job == "" {
		run = transform.Run{Job: j.Name, Target: j.Target.String(), Status: transform.StatusFailed}
		if err != nil {
			run.Error = err.Error()
		}
	}
	return run, err
}

// jobRunner is the runner the scheduler uses.
func (m *Main) jobRunner() transform.JobRunner {
	return drainingRunner{m: m, next: m.jobs.runner}
}

// readyCheck is one part of readiness and what is wrong with it ("" for
// nothing).
type readyCheck struct {
	name string
	fn   func(ctx context.Context) string
}

// readiness checks: startup finished and not stopping, the metadata store
// answers, the lake's catalog lists its namespaces, the engine is open.
func (m *Main) readiness(ctx context.Context) map[string]string {
	checks := []readyCheck{
		{"startup", func(context.Context) string {
			select {
			case <-m.ops.drainc:
				return "shutting down"
			default:
			}
			if !m.ops.isReady() {
				return "still starting"
			}
			return ""
		}},
		{"store", func(ctx context.Context) string {
			if m.Store == nil {
				return "not open"
			}
			if err := m.Store.PingContext(ctx); err != nil {
				m.Logger.Warn("readiness: the metadata store does not answer", "err", err)
				return "the metadata store does not answer"
			}
			return ""
		}},
		{"lake", func(ctx context.Context) string {
			if m.Lake == nil {
				return "not open"
			}
			if _, err := m.Lake.Namespaces(ctx); err != nil {
				m.Logger.Warn("readiness: the lake's catalog cannot be read", "err", err)
				return "the lake's catalog cannot be read"
			}
			return ""
		}},
		{"engine", func(context.Context) string {
			if m.Engine == nil {
				return "not open"
			}
			return ""
		}},
	}
	out := map[string]string{}
	for _, c := range checks {
		if msg := c.fn(ctx); msg != "" {
			out[c.name] = msg
		} else {
			out[c.name] = "ok"
		}
	}
	return out
}

// handleHealth answers 200 while the process serves.
func handleHealth(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintln(w, "ok")
}

// handleReady answers 200 {"ready": true, "checks": {…}} when Tarn can
// take traffic, else 503 with the checks that failed named.
func (m *Main) handleReady(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
	defer cancel()
	checks := m.readiness(ctx)
	ready := true
	var failing []string
	for _, name := range []string{"startup", "store", "lake", "engine"} {
		if checks[name] != "ok" {
			ready = false
			failing = append(failing, name)
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	body := map[string]any{"ready": ready, "checks": checks}
	if !ready {
		body["not_ready"] = failing
		w.WriteHeader(http.StatusServiceUnavailable)
	}
	json.NewEncoder(w).Encode(body)
}

// stop is the graceful stop of Run: readiness turns 503 and no new work
// starts; the background loops are told to stop; the server stops
// accepting and lets requests in flight finish; work in flight (job runs,
// commits) finishes. All within shutdown_timeout; past it, what is left
// is cancelled and the stop waits for it to return.
func (m *Main) stop(stopLoops context.CancelFunc, loops *sync.WaitGroup) error {
	timeout := m.Config.ShutdownTimeout
	if timeout <= 0 {
		timeout = DefaultShutdownTimeout
	}
	start := time.Now()
	m.Logger.Info("shutting down: finishing requests and work in flight", "timeout", timeout.String())
	m.ops.drain()
	stopLoops()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var errs []error
	if err := m.server.Shutdown(ctx); err != nil {
		errs = append(errs, fmt.Errorf("stopping the HTTP server: %w", err))
	}
	done := make(chan struct{})
	go func() {
		loops.Wait()
		m.ops.work.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-ctx.Done():
		m.ops.hardStop()
		m.Logger.Warn("shutting down: work still running at the deadline was cancelled", "timeout", timeout.String())
		errs = append(errs, tarn.Errorf(tarn.ETIMEOUT, "Work in flight did not finish within shutdown_timeout (%s) and was cancelled.", timeout))
		<-done
	}
	m.Logger.Info("shut down", "took", time.Since(start).Round(time.Millisecond).String())
	return errors.Join(errs...)
}
