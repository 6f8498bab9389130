package transform

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/lake"
)

// Sink is a job's target as its ingester sees it: the lake, and Write,
// which creates or evolves the target for a stream of rows and commits
// them exactly once.
type Sink struct {
	r       *Runner
	j       *Job
	created bool
}

// Job is the job being run.
func (s *Sink) Job() *Job { return s.j }

// Lake is the lake the target lives in, for ingesters that manage the
// target themselves (with their own type mapping).
func (s *Sink) Lake() *lake.Lake { return s.r.o.Lake }

// Allocator is the Arrow memory ingesters should use.
func (s *Sink) Allocator() memory.Allocator { return s.r.o.Lake.Allocator() }

// Step marks a point of the run (tests stop runs there); it returns an
// error when the run was stopped.
func (s *Sink) Step(ctx context.Context, name string) error { return s.r.step(ctx, s.j, name) }

// Position reads the target's position for key; a target that does not
// exist yet has none ("").
func (s *Sink) Position(ctx context.Context, key string) (string, error) {
	return s.r.position(ctx, s.j.Target, key)
}

// Write commits the rows of rdr in one snapshot, appended or (replace)
// replacing the whole target, only while the target's position for key
// is still from, and records key=to. It creates the target from rdr's
// schema when it does not exist, adds new columns and widens types; other
// changes stop it with ErrIncompatibleSchema (EINVALID) before anything is
// written. It returns the commit and the rows written, and the lake's
// errors (lake.ErrPositionMoved as ECONFLICT when another run moved the
// position first). It does not release rdr.
func (s *Sink) Write(ctx context.Context, rdr array.RecordReader, replace bool, key, from, to string) (lake.Commit, int64, error) {
	j := s.j
	tgt, err := s.r.ensureTarget(ctx, j, rdr.Schema())
	if err != nil {
		return lake.Commit{}, 0, err
	}
	jr, err := newJobReader(ctx, rdr, tgt.casts, s.Allocator())
	if err != nil {
		return lake.Commit{}, 0, err
	}
	defer jr.Release()
	props := map[string]string{"tarn.operation": "job", "tarn.job": j.Name}
	var c lake.Commit
	if replace {
		c, err = s.r.o.Lake.OverwriteFrom(ctx, j.Target, nil, jr, key, from, to, props)
	} else {
		c, err = s.r.o.Lake.AppendFrom(ctx, j.Target, jr, key, from, to, props)
	}
	if err != nil {
		return lake.Commit{}, 0, jobErr(j, err)
	}
	if tgt.wasEmpty {
		s.created = true
	}
	return c, jr.rows, nil
}

// Created says a Write of this run committed the target's first snapshot.
func (s *Sink) Created() bool { return s.created }

// ingest runs a job that loads a source.
func (r *Runner) ingest(ctx context.Context, j *Job, o RunOptions) (outcome, error) {
	in, err := r.Ingester(j)
	if err != nil {
		return outcome{}, err
	}
	s := &Sink{r: r, j: j}
	got, err := in.Ingest(ctx, s, o)
	out := outcome{rows: got.Rows, snapshot: got.Snapshot, position: got.Position, upToDate: got.UpToDate && got.Rows == 0}
	if (got.Created || s.created) && r.o.OnNewTable != nil {
		// Even when the run failed later: the table exists with rows.
		r.o.OnNewTable(context.WithoutCancel(ctx), j.Target)
	}
	if err != nil {
		return out, jobErr(j, err)
	}
	err = r.recordSources(ctx, j, got.Sources)
	if out.upToDate && errors.Is(err, lake.ErrNoSuchTable) {
		return out, nil // nothing was ever written: nothing to document
	}
	return out, err
}

// Ingester returns the ingester of a job with a source, from the runner's
// source kinds. It returns a *tarn.Error (EINVALID) wrapping ErrInvalidJob
// for a kind the runner does not know and the kind's errors for settings
// it refuses.
func (r *Runner) Ingester(j *Job) (Ingester, error) {
	if j.Source == nil {
		return nil, fmt.Errorf("%w: job %s has no source", ErrInvalidJob, j.Name)
	}
	k, ok := r.o.Sources[j.Source.Kind]
	if !ok {
		known := make([]string, 0, len(r.o.Sources))
		for n := range r.o.Sources {
			known = append(known, n)
		}
		hint := "This Tarn reads no sources."
		if len(known) > 0 {
			hint = "Use one of: " + joinSorted(known) + "."
		}
		return nil, tarn.Wrap(fmt.Errorf("%w: %s: unknown source kind %q", ErrInvalidJob, j.Path, j.Source.Kind), tarn.EINVALID, hint,
			"Job %s: source kind %q is unknown.", j.Path, j.Source.Kind)
	}
	return k.Open(j)
}

func joinSorted(s []string) string {
	sort.Strings(s)
	return strings.Join(s, ", ")
}
