package transform

import (
	"context"
	"errors"
	"fmt"

	"github.com/apache/iceberg-go"
	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/lake"
)

// plan is what one run will read and where its position goes.
type plan struct {
	sql      string
	to       string // the position after the commit; "" = from the scans
	upToDate bool
	// since is set for a rollup that re-aggregates only the buckets from
	// since's on; its filter is built once the target's schema is known.
	since *bucketStart
}

// writeOnce plans, queries and commits one run of a job that writes.
func (r *Runner) writeOnce(ctx context.Context, j *Job, o RunOptions) (outcome, error) {
	key := positionKey(j)
	from, err := r.position(ctx, j.Target, key)
	if err != nil {
		return outcome{}, err
	}
	p, err := r.plan(ctx, j, from, o)
	if err != nil || p.upToDate {
		return outcome{upToDate: true, position: from}, err
	}
	if err := r.step(ctx, j, "planned"); err != nil {
		return outcome{}, err
	}
	res, err := r.query(ctx, j, p.sql)
	if err != nil {
		return outcome{}, err
	}
	defer res.Close()
	if p.to == "" {
		p.to = fingerprint(j.SQL, scanSnapshots(res.Scans))
	}
	if err := r.step(ctx, j, "queried"); err != nil {
		return outcome{}, err
	}
	tgt, err := r.ensureTarget(ctx, j, res.Schema())
	if err != nil {
		return outcome{}, err
	}
	if err := r.step(ctx, j, "target"); err != nil {
		return outcome{}, err
	}
	rdr, err := newJobReader(ctx, res.Reader, tgt.casts, r.o.Lake.Allocator())
	if err != nil {
		return outcome{}, err
	}
	defer rdr.Release()
	if j.Materialization == Merge {
		if err := rdr.uniqueKeys(j); err != nil {
			return outcome{}, err
		}
	}
	props := map[string]string{"tarn.operation": "job", "tarn.job": j.Name}
	var c lake.Commit
	switch j.Materialization {
	case IncrementalAppend:
		c, err = r.o.Lake.AppendFrom(ctx, j.Target, rdr, key, from, p.to, props)
	case Merge:
		c, err = r.o.Lake.MergeFrom(ctx, j.Target, j.Keys, rdr, key, from, p.to, props)
	case Rollup:
		var filter iceberg.BooleanExpression
		if p.since != nil {
			if filter, err = p.since.filter(tgt.schema, j); err != nil {
				return outcome{}, err
			}
		}
		c, err = r.o.Lake.OverwriteFrom(ctx, j.Target, filter, rdr, key, from, p.to, props)
	default:
		c, err = r.o.Lake.OverwriteFrom(ctx, j.Target, nil, rdr, key, from, p.to, props)
	}
	if err != nil {
		return outcome{}, jobErr(j, err)
	}
	out := outcome{rows: rdr.rows, snapshot: c.SnapshotID, position: p.to}
	if err := res.Close(); err != nil {
		// The rows are committed; the audit log could not record the read.
		return out, jobErr(j, err)
	}
	if tgt.wasEmpty && r.o.OnNewTable != nil {
		r.o.OnNewTable(context.WithoutCancel(ctx), j.Target)
	}
	return out, r.step(ctx, j, "written")
}

// position reads the job's position; a target that does not exist yet
// has none.
func (r *Runner) position(ctx context.Context, id lake.Ident, key string) (string, error) {
	v, _, err := r.o.Lake.Position(ctx, id, key)
	if errors.Is(err, lake.ErrNoSuchTable) {
		return "", nil
	}
	return v, err
}

// plan decides what this run reads, from the job's position.
func (r *Runner) plan(ctx context.Context, j *Job, from string, o RunOptions) (plan, error) {
	switch {
	case j.Materialization == Rollup:
		return r.planRollup(ctx, j, from, o)
	case j.Cursor != "": // incremental_append, or a merge that follows a cursor
		return r.planCursor(ctx, j, from)
	}
	// full_replace, merge without cursor: the whole result, unless the
	// SQL and its sources are as they were at the last commit.
	if !o.Full && from != "" {
		if fp, ok := r.currentFingerprint(ctx, j); ok && fp == from {
			return plan{upToDate: true}, nil
		}
	}
	return plan{sql: j.SQL}, nil
}

// planCursor reads the rows past the watermark, up to the newest cursor
// value at planning time (which becomes the new watermark).
func (r *Runner) planCursor(ctx context.Context, j *Job, from string) (plan, error) {
	cur := quoteIdent(j.Cursor)
	past := ""
	if from != "" {
		lit, err := watermarkLiteral(from)
		if err != nil {
			return plan{}, fmt.Errorf("job %s: %w", j.Name, err)
		}
		past = fmt.Sprintf(" WHERE %s > %s", cur, lit)
	}
	w, typ, ok, err := r.newest(ctx, j, fmt.Sprintf("SELECT CAST(max(%[1]s) AS VARCHAR) AS w, typeof(max(%[1]s)) AS t FROM (%[2]s) AS job%[3]s", cur, j.SQL, past))
	if err != nil || !ok {
		return plan{upToDate: true}, err
	}
	to := typ + ":" + w
	lit, err := watermarkLiteral(to)
	if err != nil {
		return plan{}, fmt.Errorf("job %s: %w", j.Name, err)
	}
	cond := fmt.Sprintf(" WHERE %s <= %s", cur, lit)
	if past != "" {
		cond = past + fmt.Sprintf(" AND %s <= %s", cur, lit)
	}
	return plan{sql: fmt.Sprintf("SELECT * FROM (%s) AS job%s", j.SQL, cond), to: to}, nil
}

// newest runs a query returning one row of (value, type) as text; ok is
// false when the value is NULL (no rows).
func (r *Runner) newest(ctx context.Context, j *Job, sql string) (value, typ string, ok bool, err error) {
	res, err := r.query(ctx, j, sql)
	if err != nil {
		return "", "", false, err
	}
	defer res.Close()
	vals, err := firstRow(res)
	if err != nil {
		return "", "", false, jobErr(j, err)
	}
	if err := res.Close(); err != nil {
		return "", "", false, jobErr(j, err)
	}
	if len(vals) < 2 || vals[0] == nil || vals[1] == nil {
		return "", "", false, nil
	}
	return *vals[0], *vals[1], true, nil
}

// jobErr names the job in an error, keeping a person-facing message.
func jobErr(j *Job, err error) error {
	var te *tarn.Error
	if errors.As(err, &te) {
		return tarn.Wrap(err, te.Code, te.Hint, "Job %s: %s", j.Name, te.Message)
	}
	return fmt.Errorf("job %s: %w", j.Name, err)
}
