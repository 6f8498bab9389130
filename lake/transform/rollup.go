package transform

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/apache/iceberg-go"
	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/lake"
)

// grains are the rollup bucket sizes.
var grains = map[string]bool{"minute": true, "hour": true, "day": true, "month": true}

// bucketStart is the first bucket a rollup re-aggregates.
type bucketStart struct{ t time.Time }

// truncate returns the start of t's bucket.
func truncate(t time.Time, grain string) time.Time {
	t = t.UTC()
	switch grain {
	case "minute":
		return t.Truncate(time.Minute)
	case "hour":
		return t.Truncate(time.Hour)
	case "month":
		return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// planRollup reads the source's newest time (the new watermark); the
// first run (or a full one) aggregates everything, later ones only the
// buckets from the old watermark's bucket on, which the commit replaces.
// Rows that arrive late, behind the watermark's bucket, are picked up
// only by a full run.
func (r *Runner) planRollup(ctx context.Context, j *Job, from string, o RunOptions) (plan, error) {
	src, err := r.rollupSource(ctx, j)
	if err != nil {
		return plan{}, err
	}
	t := quoteIdent(j.Rollup.Time)
	// Past the old watermark only: the engine prunes the files before it.
	past := ""
	if from != "" && !o.Full {
		lit, err := watermarkLiteral(from)
		if err != nil {
			return plan{}, fmt.Errorf("job %s: %w", j.Name, err)
		}
		past = fmt.Sprintf(" WHERE %s >= %s", t, lit)
	}
	w, typ, ok, err := r.newest(ctx, j, fmt.Sprintf("SELECT CAST(max(%[1]s) AS VARCHAR) AS w, typeof(max(%[1]s)) AS t FROM %[2]s%[3]s", t, src, past))
	if err != nil {
		return plan{}, err
	}
	if !ok { // the source is empty, or nothing is left past the watermark
		return plan{upToDate: true}, nil
	}
	to := typ + ":" + w
	if from == to && !o.Full {
		return plan{upToDate: true}, nil
	}
	if from == "" || o.Full {
		return plan{sql: j.SQL, to: to}, nil
	}
	_, val, _ := strings.Cut(from, ":")
	last, err := parseTime(val)
	if err != nil {
		return plan{}, fmt.Errorf("job %s: %w: %q", j.Name, errBadWatermark, from)
	}
	b := &bucketStart{truncate(last, j.Rollup.Grain)}
	sql := r.sinceSource(ctx, j, src, b)
	return plan{sql: fmt.Sprintf("SELECT * FROM (%s) AS job WHERE %s >= %s", sql, quoteIdent(j.Rollup.Bucket), b.literal()), to: to, since: b}, nil
}

// refFinder is a TableReader that also tells where each reference is.
type refFinder interface {
	References(ctx context.Context, sql string) ([]TableRef, error)
}

// sinceName is the CTE that stands for the rollup's source, cut to the
// rows from the first bucket on.
const sinceName = "__tarn_since"

// sinceSource rewrites the job's SQL to read only the source rows from the
// first re-aggregated bucket on: every reference to the source becomes a
// CTE over `source WHERE time >= start`, which the engine prunes to the
// files of those buckets. When the references cannot be rewritten safely
// (positions unknown, a name written in an unusual way, WITH RECURSIVE),
// the SQL stays as it is and only the outer bucket filter applies, which
// gives the same rows after reading the whole source.
func (r *Runner) sinceSource(ctx context.Context, j *Job, src lake.Ident, b *bucketStart) string {
	rf, ok := r.o.Tables.(refFinder)
	if !ok {
		return j.SQL
	}
	refs, err := rf.References(ctx, j.SQL)
	if err != nil {
		return j.SQL
	}
	sql, name := j.SQL, src.String()
	for i := len(refs) - 1; i >= 0; i-- { // from the end, so earlier offsets hold
		ref := refs[i]
		if ref.Table != src {
			continue
		}
		if ref.Pos < 0 || ref.Pos+len(name) > len(sql) || !strings.EqualFold(sql[ref.Pos:ref.Pos+len(name)], name) {
			return j.SQL
		}
		sql = sql[:ref.Pos] + sinceName + sql[ref.Pos+len(name):]
	}
	cte := fmt.Sprintf("%s AS (SELECT * FROM %s WHERE %s >= %s)", sinceName, name, quoteIdent(j.Rollup.Time), b.literal())
	head := strings.TrimSpace(stripComments(sql))
	if w := strings.ToLower(firstWord(head)); w == "with" {
		if strings.EqualFold(firstWord(strings.TrimSpace(head[4:])), "recursive") {
			return j.SQL
		}
		return "WITH " + cte + ", " + strings.TrimSpace(head[4:])
	}
	return "WITH " + cte + " " + sql
}

// rollupSource is the table whose time the watermark follows.
func (r *Runner) rollupSource(ctx context.Context, j *Job) (lake.Ident, error) {
	if j.Rollup.Source != (lake.Ident{}) {
		return j.Rollup.Source, nil
	}
	srcs, err := r.sources(ctx, j)
	if err != nil {
		return lake.Ident{}, jobErr(j, err)
	}
	if len(srcs) != 1 {
		return lake.Ident{}, tarn.Wrap(fmt.Errorf("%w: %s: rollup reads %d tables", ErrInvalidJob, j.Name, len(srcs)), tarn.EINVALID,
			"Name it in the front matter: rollup: {source: namespace.table, ...}.",
			"Job %s: a rollup must name the source table whose time it follows.", j.Name)
	}
	return srcs[0], nil
}

// literal is the bucket start as SQL, compared with the bucket column
// (DuckDB casts it to DATE or TIMESTAMP as the column is).
func (b *bucketStart) literal() string {
	return fmt.Sprintf("TIMESTAMP '%s'", b.t.Format("2006-01-02 15:04:05"))
}

// filter is the Iceberg filter of the buckets a partial rollup replaces.
func (b *bucketStart) filter(sc *iceberg.Schema, j *Job) (iceberg.BooleanExpression, error) {
	f, ok := sc.FindFieldByName(j.Rollup.Bucket)
	if !ok {
		return nil, tarn.Wrap(fmt.Errorf("%w: %s has no column %s", ErrInvalidJob, j.Target, j.Rollup.Bucket), tarn.EINVALID,
			"Name the output column that holds each bucket's start in rollup.bucket.",
			"Job %s: its target %s has no bucket column %s.", j.Name, j.Target, j.Rollup.Bucket)
	}
	ref := iceberg.Reference(j.Rollup.Bucket)
	switch f.Type.(type) {
	case iceberg.DateType:
		return iceberg.GreaterThanEqual(ref, iceberg.Date(b.t.Unix()/86400)), nil
	case iceberg.TimestampType, iceberg.TimestampTzType:
		return iceberg.GreaterThanEqual(ref, iceberg.Timestamp(b.t.UnixMicro())), nil
	}
	return nil, tarn.Wrap(fmt.Errorf("%w: bucket %s is %s", ErrInvalidJob, j.Rollup.Bucket, f.Type), tarn.EINVALID,
		"Make the bucket column a DATE or a TIMESTAMP (date_trunc, CAST(... AS DATE)).",
		"Job %s: the bucket column %s is of type %s, not a date or timestamp.", j.Name, j.Rollup.Bucket, f.Type)
}

// parseTime reads a DATE, TIMESTAMP or TIMESTAMPTZ as DuckDB prints it.
func parseTime(s string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02 15:04:05.999999999Z07", "2006-01-02 15:04:05.999999999Z07:00", "2006-01-02 15:04:05.999999999", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a time", s)
}
