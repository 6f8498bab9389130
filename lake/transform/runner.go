package transform

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/engine"
	"github.com/tarn-data/tarn/lake"
)

// Querier runs SQL through governance; *engine.Engine is one.
type Querier interface {
	Query(ctx context.Context, req engine.Request) (*engine.Result, error)
}

// Options configure a Runner.
type Options struct {
	Lake   *lake.Lake
	Engine Querier
	// Runs records the run history; nil records nothing.
	Runs RunStore
	// Tables finds the tables a job's SQL reads when NewDAG did not
	// (lineage sources, the up-to-date check); optional.
	Tables TableReader
	// OnNewTable is called after the first commit of data to a table (one
	// that had no snapshot before the run): cmd/tarn scans it for PII and
	// asks for its review. Optional.
	OnNewTable func(ctx context.Context, id lake.Ident)
	// Sources are the source kinds ingestion jobs may name (postgres,
	// kafka, files), by kind.
	Sources map[string]SourceKind
	Clock   tarn.Clock
	Logger  *slog.Logger
	// Step, when set, is called between the steps of a run ("planned",
	// "queried", "target", "written", "recorded"); tests stop runs there.
	Step func(ctx context.Context, job *Job, step string)
}

// Runner runs jobs. It is safe for concurrent use; two runs of one job
// racing each other commit at most once per position (the loser re-reads
// the position and finds the work done).
type Runner struct{ o Options }

// NewRunner returns a runner.
func NewRunner(o Options) *Runner {
	if o.Clock == nil {
		o.Clock = tarn.SystemClock{}
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return &Runner{o: o}
}

// RunOptions tune one run.
type RunOptions struct {
	// Trigger is recorded with the run: cli, schedule, retry, demo.
	Trigger string
	Attempt int
	// Full rebuilds: a rollup re-aggregates every bucket, a full_replace
	// or a merge without cursor runs even when its sources did not change.
	// An incremental_append still starts from its watermark (a rebuild
	// from nothing would duplicate its rows).
	Full bool
	// Follow asks an ingestion job whose source can follow (Kafka) to
	// keep ingesting until ctx ends; the scheduler sets it for jobs with
	// follow: true.
	Follow bool
	// Stop, when closed, asks a following run to commit what it has read
	// and return (a graceful stop); ctx ending cuts it instead.
	Stop <-chan struct{}
}

// maxPositionRetries is how often a run starts over when another run of
// the same job moved the position first.
const maxPositionRetries = 3

// Run runs one job and records it. It returns the run as recorded and the
// job's error: the engine's (refusals as EFORBIDDEN, bad SQL as EINVALID),
// ErrIncompatibleSchema and ErrDuplicateKey (EINVALID), the lake's
// (ErrConflict, ErrPositionMoved as ECONFLICT after retries), or ctx's
// (ETIMEOUT). Whatever the error, the target holds either the previous
// snapshot's rows or the new ones, never part of them.
func (r *Runner) Run(ctx context.Context, j *Job, o RunOptions) (Run, error) {
	run := Run{Job: j.Name, Target: j.Target.String(), Materialization: j.Materialization, Trigger: o.Trigger,
		Attempt: max(o.Attempt, 1), Started: r.o.Clock.Now(), Status: StatusRunning}
	if o.Trigger == "" {
		run.Trigger = "cli"
	}
	if r.o.Runs != nil {
		id, err := r.o.Runs.Start(ctx, run)
		if err != nil {
			return run, fmt.Errorf("recording the start of job %s: %w", j.Name, err)
		}
		run.ID = id
	}
	out, err := r.execute(ctx, j, o)
	run.Ended = r.o.Clock.Now()
	run.Rows, run.SnapshotID, run.Position = out.rows, out.snapshot, out.position
	switch {
	case err != nil:
		run.Status, run.Error = StatusFailed, err.Error()
	case out.upToDate:
		run.Status = StatusUpToDate
	default:
		run.Status = StatusSucceeded
	}
	if r.o.Runs != nil {
		// A cancelled run is still recorded as failed.
		if ferr := r.o.Runs.Finish(context.WithoutCancel(ctx), run); ferr != nil {
			err = errors.Join(err, fmt.Errorf("recording the end of job %s: %w", j.Name, ferr))
		}
	}
	return run, err
}

// outcome is what executing a job did.
type outcome struct {
	rows     int64
	snapshot int64
	position string
	upToDate bool
}

func (r *Runner) execute(ctx context.Context, j *Job, o RunOptions) (outcome, error) {
	if j.Materialization == Maintenance {
		return r.maintain(ctx, j)
	}
	if j.Source != nil {
		return r.ingest(ctx, j, o)
	}
	for attempt := 1; ; attempt++ {
		out, err := r.writeOnce(ctx, j, o)
		if err != nil && errors.Is(err, lake.ErrPositionMoved) && attempt < maxPositionRetries && ctx.Err() == nil {
			r.o.Logger.Info("transform: another run moved the position first; starting over", "job", j.Name)
			continue
		}
		if err != nil {
			return out, err
		}
		// Recorded also when up to date: the job file's docs may have
		// changed, and a run that died after its commit recorded nothing.
		return out, r.record(ctx, j)
	}
}

func (r *Runner) step(ctx context.Context, j *Job, name string) error {
	if r.o.Step != nil {
		r.o.Step(ctx, j, name)
	}
	if err := ctx.Err(); err != nil {
		return tarn.Wrap(err, tarn.ETIMEOUT, "Nothing was committed by this step; run the job again.", "Job %s was stopped.", j.Name)
	}
	return nil
}

// query runs SQL as the job's owner with no row limit.
func (r *Runner) query(ctx context.Context, j *Job, sql string) (*engine.Result, error) {
	res, err := r.o.Engine.Query(ctx, engine.Request{SQL: sql, Caller: engine.Caller{Principal: j.Owner, Purpose: "job " + j.Name},
		MaxRows: math.MaxInt, Timeout: j.Timeout})
	if err != nil {
		return nil, jobErr(j, err)
	}
	return res, nil
}

// positionKey is the snapshot summary key of a job's position.
func positionKey(j *Job) string { return lake.PositionPrefix + "job." + j.Name }
