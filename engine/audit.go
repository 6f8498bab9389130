package engine

import (
	"context"
	"time"

	"github.com/tarn-data/tarn/lake"
)

// QueryRecord is what the engine reports about every query it was asked to
// run, allowed or refused, for the audit log.
type QueryRecord struct {
	Caller  Caller
	SQL     string
	Started time.Time
	// Duration runs until the result was closed (or the refusal).
	Duration time.Duration
	// Tables are the distinct lake tables the query named, when it parsed.
	Tables []lake.Ident
	// Scans and Decisions describe each table reference read, in order;
	// empty when the query was refused before planning.
	Scans     []TableScan
	Decisions []TableDecision
	// Rows is how many rows the caller read from the result.
	Rows int64
	// Engine names the engine the query was sent to: EngineDuckDB, or the
	// Remote's name ("trino"). Empty when it was refused or failed before
	// it reached one.
	Engine string
	// Err is why the query was refused or failed; nil if it ran.
	Err error
}

// QueryLog receives a record of every query. Governance implements it with
// its hash-chained audit log. A failure to log is returned to the caller of
// Result.Close or Query: an unaudited query is an error.
type QueryLog interface {
	LogQuery(ctx context.Context, r QueryRecord) error
}

// logQuery sends a record to the configured log, if any.
func (e *Engine) logQuery(ctx context.Context, r QueryRecord) error {
	if e.opts.Log == nil {
		return nil
	}
	r.Duration = e.opts.Clock.Now().Sub(r.Started)
	// The query's own context may be done (timeout); the record must still
	// be written.
	lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	return e.opts.Log.LogQuery(lctx, r)
}
