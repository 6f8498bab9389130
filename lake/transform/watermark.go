package transform

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/tarn-data/tarn/engine"
	"github.com/tarn-data/tarn/lake"
)

// A watermark is kept as "<DuckDB type>:<value as DuckDB prints it>", e.g.
// "TIMESTAMP:2026-11-24 23:59:59.123456", so that it reads back into the
// same value: CAST('<value>' AS <type>).

var duckTypeName = regexp.MustCompile(`^[A-Z][A-Z0-9_ ]*(\([0-9]+(, ?[0-9]+)?\))?$`)

// errBadWatermark is wrapped when a stored position is not a watermark.
var errBadWatermark = errors.New("the position is not a watermark")

// watermarkLiteral turns a stored watermark into a SQL literal.
func watermarkLiteral(w string) (string, error) {
	typ, val, ok := strings.Cut(w, ":")
	if !ok || !duckTypeName.MatchString(typ) {
		return "", fmt.Errorf("%w: %q", errBadWatermark, w)
	}
	return fmt.Sprintf("CAST(%s AS %s)", quoteString(val), typ), nil
}

func quoteString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// fingerprint is the position of a job that reads everything: its SQL and
// the snapshot of each table it read. The same fingerprint means the same
// result.
func fingerprint(sql string, snaps map[lake.Ident]int64) string {
	sum := sha256.Sum256([]byte(sql))
	parts := []string{"sql=" + hex.EncodeToString(sum[:6])}
	var names []string
	for id, s := range snaps {
		names = append(names, fmt.Sprintf("%s@%d", id, s))
	}
	sort.Strings(names)
	return strings.Join(append(parts, names...), " ")
}

func scanSnapshots(scans []engine.TableScan) map[lake.Ident]int64 {
	out := map[lake.Ident]int64{}
	for _, s := range scans {
		if s.AsOf.SnapshotID == nil && s.AsOf.Time == nil {
			out[s.Table] = s.SnapshotID
		}
	}
	return out
}

// currentFingerprint is the fingerprint the job would get now; ok false
// when the sources are not known or cannot be loaded.
func (r *Runner) currentFingerprint(ctx context.Context, j *Job) (string, bool) {
	srcs, err := r.sources(ctx, j)
	if err != nil || len(srcs) == 0 {
		return "", false
	}
	snaps := map[lake.Ident]int64{}
	for _, id := range srcs {
		t, err := r.o.Lake.Load(ctx, id)
		if err != nil {
			return "", false
		}
		var s int64
		if cur := t.CurrentSnapshot(); cur != nil {
			s = cur.SnapshotID
		}
		snaps[id] = s
	}
	return fingerprint(j.SQL, snaps), true
}

// sources are the tables the job's SQL reads.
func (r *Runner) sources(ctx context.Context, j *Job) ([]lake.Ident, error) {
	if len(j.Sources) > 0 || r.o.Tables == nil {
		return j.Sources, nil
	}
	return r.o.Tables.Tables(ctx, j.SQL)
}

// firstRow reads the first row of a result as text (nil for NULL).
func firstRow(res *engine.Result) ([]*string, error) {
	rdr := res.Reader
	for rdr.Next() {
		b := rdr.RecordBatch()
		if b.NumRows() == 0 {
			continue
		}
		out := make([]*string, b.NumCols())
		for i := range out {
			col := b.Column(i)
			if col.IsNull(0) {
				continue
			}
			var s string
			if str, ok := col.(*array.String); ok {
				s = strings.Clone(str.Value(0)) // Value points into the batch
			} else {
				s = col.ValueStr(0)
			}
			out[i] = &s
		}
		return out, nil
	}
	return nil, rdr.Err()
}
