package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/engine/guard"
	"github.com/tarn-data/tarn/lake"
	"github.com/tarn-data/tarn/lake/transform"
	"github.com/tarn-data/tarn/lake/transform/demojobs"
	"github.com/tarn-data/tarn/lake/transform/files"
	"github.com/tarn-data/tarn/lake/transform/kafka"
	"github.com/tarn-data/tarn/lake/transform/postgres"
	"github.com/tarn-data/tarn/lake/transform/sqlruns"
	"github.com/tarn-data/tarn/metrics"
)

// jobs is the Transformer once OpenJobs has run.
type jobs struct {
	parser    *guard.Parser
	runner    *transform.Runner
	runs      *sqlruns.Store
	dag       *transform.DAG // nil when the jobs folder is absent
	scheduler *transform.Scheduler
}

// OpenJobs prepares the Transformer over the engine (OpenEngine first):
// the run history, the runner (new tables get a Skimmer scan when
// OpenSkimmer ran, and with the chat open, a review request) and, when
// dir holds jobs, their DAG and scheduler. An absent folder is no error:
// there are no jobs then.
//
// Errors: the jobs folder's (ErrInvalidJob, ErrCycle, ErrUnknownDependency)
// and the SQL parser's.
func (m *Main) OpenJobs(ctx context.Context, dir string) error {
	if m.jobs == nil {
		p, err := guard.NewParser()
		if err != nil {
			return err
		}
		runs := sqlruns.New(m.Store)
		m.jobs = &jobs{parser: p, runs: runs}
		logger := m.Logger
		m.jobs.runner = transform.NewRunner(transform.Options{Lake: m.Lake, Engine: m.Engine, Runs: metrics.RunStore{RunStore: runs, Sink: m.sink()},
			Tables: transform.GuardTables{Parser: p}, OnNewTable: m.scanNewTable, Clock: m.clock(), Logger: logger,
			Step: m.ops.jobStep,
			Sources: map[string]transform.SourceKind{
				"postgres": postgres.Kind{},
				"kafka":    kafka.Kind{},
				"files":    files.Kind{Clock: m.clock(), Logger: logger},
			}})
	}
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	dag, err := m.loadJobs(ctx, dir)
	if err != nil {
		return err
	}
	m.jobs.dag = dag
	c := m.Config.Jobs
	// The scheduler's runs finish their commits during a graceful stop (ops.go).
	m.jobs.scheduler = transform.NewScheduler(transform.SchedulerOptions{DAG: dag, Runner: m.jobRunner(), Clock: m.clock(),
		Retries: c.Retries, OnFailure: m.postJobFailure, Logger: m.Logger})
	return nil
}

// loadJobs reads and validates the folder of jobs, the source settings of
// ingestion jobs included (without connecting to the sources).
func (m *Main) loadJobs(ctx context.Context, dir string) (*transform.DAG, error) {
	list, err := transform.LoadDir(os.DirFS(dir), dir)
	if err != nil {
		return nil, err
	}
	for _, j := range list {
		if j.Source != nil {
			if _, err := m.jobs.runner.Ingester(j); err != nil {
				return nil, err
			}
		}
	}
	return transform.NewDAG(ctx, list, transform.GuardTables{Parser: m.jobs.parser})
}

// scanNewTable runs Skimmer over a table a job created; the scan's report
// asks the approvers to review it (askReview), as for any new table.
func (m *Main) scanNewTable(ctx context.Context, id lake.Ident) {
	if m.Skimmer == nil {
		return
	}
	if _, err := m.Skimmer.Scan(ctx, id); err != nil {
		slog.Warn("transform: scanning a new table", "table", id, "err", err)
	}
}

// postJobFailure posts a failed run to the jobs.failures channel.
func (m *Main) postJobFailure(ctx context.Context, r transform.Run, err error) {
	c := m.Config.Jobs
	if m.chat == nil || c.FailuresChannel == "" {
		return
	}
	if perr := m.chat.conv.Announce(ctx, c.FailuresPlatform, c.FailuresChannel, transform.FailureText(r, err)); perr != nil {
		slog.Warn("transform: posting a failed run", "job", r.Job, "err", perr)
	}
}

// clock is the clock Tarn's parts share.
func (m *Main) clock() tarn.Clock { return tarn.SystemClock{} }

// closeJobs releases the job parser.
func (m *Main) closeJobs() error {
	if m.jobs == nil {
		return nil
	}
	return m.jobs.parser.Close()
}

// runDemoJobs ships the demo's jobs into the jobs folder (files already
// there are kept) and runs them, but maintenance, as their owner: they
// build fct.traffic_daily and fct.billings_allocated, or find them up to
// date. It opens the engine.
func runDemoJobs(ctx context.Context, m *Main, w io.Writer) error {
	dir := m.Config.Jobs.Dir
	if _, err := demojobs.Write(dir); err != nil {
		return err
	}
	if err := m.OpenEngine(ctx); err != nil {
		return err
	}
	if err := m.OpenJobs(ctx, dir); err != nil {
		return err
	}
	var list []*transform.Job
	for _, j := range m.jobs.dag.Order() {
		if j.Materialization != transform.Maintenance {
			list = append(list, j)
		}
	}
	fmt.Fprintf(w, "running the demo's jobs from %s\n", dir)
	return runJobs(ctx, w, m.jobs.runner, list, transform.RunOptions{Trigger: "demo"})
}
