package transform

import (
	"context"
	"fmt"

	"github.com/tarn-data/tarn/lake"
)

// record writes what the job says about its target: the lineage (context
// layer 3: the SQL, its sources, each column's expression and
// description) and, when the front matter documents the table, its
// annotations (layer 2).
func (r *Runner) record(ctx context.Context, j *Job) error {
	srcs, err := r.sources(ctx, j)
	if err != nil {
		return jobErr(j, err)
	}
	names := make([]string, len(srcs))
	for i, s := range srcs {
		names[i] = s.String()
	}
	return r.recordSources(ctx, j, names)
}

// recordSources is record with the sources named: lake tables, or what an
// ingestion job read (postgres:public.orders).
func (r *Runner) recordSources(ctx context.Context, j *Job, srcs []string) error {
	t, err := r.o.Lake.Load(ctx, j.Target)
	if err != nil {
		return jobErr(j, err)
	}
	lin := lake.Lineage{SQL: j.SQL, Sources: srcs}
	exprs := selectList(j.SQL)
	for _, f := range t.Schema().Fields() {
		d := lake.ColumnDerivation{Name: f.Name, Expr: exprs[f.Name]}
		if doc, ok := j.Doc(f.Name); ok {
			d.Description = doc.Description
		}
		lin.Columns = append(lin.Columns, d)
	}
	if err := r.o.Lake.PutLineage(ctx, j.Target, lin); err != nil {
		return fmt.Errorf("job %s: recording its lineage: %w", j.Name, err)
	}
	if j.Description == "" && len(j.Columns) == 0 {
		return nil
	}
	note := lake.Note{Description: j.Description, Owner: j.Owner, Tags: j.Tags}
	for _, c := range j.Columns {
		note.Columns = append(note.Columns, lake.ColumnNote{Name: c.Name, Description: c.Description, PII: c.PII})
	}
	if err := r.o.Lake.Annotate(ctx, j.Target, note); err != nil {
		return fmt.Errorf("job %s: annotating %s: %w", j.Name, j.Target, err)
	}
	return r.step(ctx, j, "recorded")
}
