package transform

import (
	"context"
	"time"
)

// Run statuses.
const (
	StatusRunning   = "running"
	StatusSucceeded = "succeeded"
	StatusUpToDate  = "up_to_date" // nothing new since the last run: no commit
	StatusFailed    = "failed"
)

// Run is one run of a job, as the history keeps it.
type Run struct {
	ID              int64
	Job             string
	Target          string
	Materialization Materialization
	// Trigger says who started it: cli, schedule, retry, demo.
	Trigger string
	Attempt int
	Started time.Time
	Ended   time.Time // zero while running (or when the process died)
	Status  string
	Rows    int64 // rows the job's SQL gave and the commit wrote
	// SnapshotID is the target's snapshot the run committed, 0 for none.
	SnapshotID int64
	// Position is the job's position after the run (its watermark).
	Position string
	Error    string
}

// RunFilter selects runs from the history.
type RunFilter struct {
	Job   string // "" for every job
	Limit int    // newest first; 0 for 50
}

// RunStore keeps the run history. lake/transform/sqlruns keeps it in the
// metadata database.
type RunStore interface {
	// Start records a run as running and returns its ID.
	Start(ctx context.Context, r Run) (int64, error)
	// Finish records how the run with r.ID ended.
	Finish(ctx context.Context, r Run) error
	// Runs returns runs newest first.
	Runs(ctx context.Context, f RunFilter) ([]Run, error)
}
