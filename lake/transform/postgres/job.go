package postgres

import (
	"context"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/lake/transform"
)

// Kind reads Postgres sources of jobs (source: {kind: postgres, …}); it
// is the transform.SourceKind of kind "postgres". The job's
// materialization picks the mode (full_replace: Full, incremental_append:
// Incremental by the job's cursor), its target and partition are the
// job's.
type Kind struct {
	// Alloc is the Arrow memory runs use; default the lake's.
	Alloc memory.Allocator
	// Lookup finds environment variables for ${NAME} in settings; default
	// os.LookupEnv.
	Lookup func(string) (string, bool)
}

// settings are a job's postgres source settings.
type settings struct {
	URL       string `yaml:"url"`
	Table     string `yaml:"table"`
	Query     string `yaml:"query"`
	BatchRows int    `yaml:"batch_rows"`
	Name      string `yaml:"name"`
}

// Open reads the job's settings and checks them without connecting.
func (k Kind) Open(j *transform.Job) (transform.Ingester, error) {
	if j.Source.Follow {
		return nil, transform.SourceError(j, "a postgres source cannot follow; give the job a schedule instead")
	}
	var s settings
	if err := j.Source.Decode(j, &s, k.Lookup); err != nil {
		return nil, err
	}
	mode := Full
	if j.Materialization == transform.IncrementalAppend {
		mode = Incremental
	}
	o := Options{URL: s.URL, Table: s.Table, Query: s.Query, Target: j.Target, Mode: mode, Cursor: j.Cursor,
		BatchRows: s.BatchRows, Name: s.Name, Partition: j.Partition}
	checked, err := o.withDefaults()
	if err != nil {
		return nil, transform.SourceError(j, "%s", tarn.ErrorMessage(err))
	}
	return &ingester{o: checked, alloc: k.Alloc}, nil
}

type ingester struct {
	o     Options
	alloc memory.Allocator
}

// Ingest runs the load (Run) into the job's target.
func (in *ingester) Ingest(ctx context.Context, s *transform.Sink, _ transform.RunOptions) (transform.Ingested, error) {
	alloc := in.alloc
	if alloc == nil {
		alloc = s.Allocator()
	}
	res, err := Run(ctx, s.Lake(), alloc, in.o)
	out := transform.Ingested{Rows: res.Rows, Created: res.Created, UpToDate: len(res.Commits) == 0,
		Sources: []string{"postgres:" + in.o.Name}}
	if n := len(res.Commits); n > 0 {
		out.Snapshot = res.Commits[n-1].SnapshotID
	}
	if pos, _, perr := s.Lake().Position(context.WithoutCancel(ctx), in.o.Target, in.o.positionKey()); perr == nil {
		out.Position = pos
	}
	return out, err
}
