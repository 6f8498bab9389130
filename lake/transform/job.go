package transform

import (
	"time"

	"github.com/robfig/cron/v3"
	"github.com/tarn-data/tarn/lake"
)

// Materialization says how a job's result reaches its target table.
type Materialization string

// The materializations.
const (
	// FullReplace replaces the whole table with the result in one snapshot.
	FullReplace Materialization = "full_replace"
	// IncrementalAppend appends the rows whose cursor column is past the
	// last committed watermark; the watermark moves in the same snapshot.
	IncrementalAppend Materialization = "incremental_append"
	// Merge upserts the result by its key columns: rows whose key exists
	// are replaced, others added, in one snapshot (equality deletes and
	// the new rows together).
	Merge Materialization = "merge"
	// Rollup aggregates a source table into time buckets and, once built,
	// re-aggregates only the buckets from the last watermark's on,
	// overwriting them by filter in one snapshot.
	Rollup Materialization = "rollup"
	// Maintenance runs no SQL: it compacts the target, expires its old
	// snapshots and removes orphan files.
	Maintenance Materialization = "maintenance"
)

// Job is one transformation job: a SQL file and its front matter.
type Job struct {
	// Name is the file name without .sql; jobs are named by it in
	// depends_on, on the command line and in the run history.
	Name string
	// Path is where the job was read from, for messages.
	Path            string
	Target          lake.Ident
	Materialization Materialization
	// Cursor is the column whose watermark an incremental_append (or an
	// incremental merge) follows.
	Cursor string
	// Keys are the merge key columns.
	Keys []string
	// Rollup says how a rollup buckets time.
	Rollup RollupSpec
	// DependsOn are the jobs this one needs, as written; Needs (set by
	// NewDAG) adds those inferred from the tables the SQL reads.
	DependsOn []string
	Needs     []string
	// Schedule is the cron expression as written ("" runs only when
	// asked); Cron is it parsed.
	Schedule string
	Cron     cron.Schedule
	// Owner is the identity the SQL runs as through governance, e.g.
	// job:transformer; the job reads what its owner may read, masked as
	// the owner sees it.
	Owner       string
	Description string
	Tags        []string
	Columns     []ColumnDoc
	// Partition is the target's partition spec when the job creates it.
	Partition []lake.PartitionField
	// Timeout bounds the job's queries; default one hour.
	Timeout time.Duration
	// Maintain says what a maintenance job does.
	Maintain MaintenanceSpec
	// Source, when set, makes the job an ingestion job: it loads the
	// source into the target and has no SQL.
	Source *SourceSpec
	// SQL is the body after the front matter.
	SQL string
	// Sources are the tables the SQL reads, filled by NewDAG when it has
	// a parser.
	Sources []lake.Ident
}

// ColumnDoc documents one output column.
type ColumnDoc struct {
	Name        string
	Description string
	// PII is the kind of personal data the column holds, or "".
	PII string
}

// RollupSpec says how a rollup buckets time.
type RollupSpec struct {
	// Source is the table whose time column the watermark follows;
	// default the one table the SQL reads.
	Source lake.Ident
	// Time is the source's time column.
	Time string
	// Bucket is the output column holding each bucket's start.
	Bucket string
	// Grain is minute, hour, day or month.
	Grain string
}

// MaintenanceSpec says what a maintenance job does to its target.
type MaintenanceSpec struct {
	Compact bool
	// ExpireAfter expires snapshots older than this (0: no expiry); the
	// newest RetainLast (default 1) always stay.
	ExpireAfter time.Duration
	RetainLast  int
	// Orphans removes files no snapshot references, older than
	// OrphansAfter (default three days).
	Orphans      bool
	OrphansAfter time.Duration
}

// Next returns when the job is next due after t, or the zero time when it
// has no schedule.
func (j *Job) Next(t time.Time) time.Time {
	if j.Cron == nil {
		return time.Time{}
	}
	return j.Cron.Next(t)
}

// Doc returns the column doc of name, if the front matter has one.
func (j *Job) Doc(name string) (ColumnDoc, bool) {
	for _, c := range j.Columns {
		if c.Name == name {
			return c, true
		}
	}
	return ColumnDoc{}, false
}
