package main

import (
	"context"
	"fmt"
	"time"

	"github.com/tarn-data/tarn/engine"
	"github.com/tarn-data/tarn/governance"
	"github.com/tarn-data/tarn/lake"
)

// benchPrincipal is who the benchmark queries as: the demo's admin, with a
// session flip on every table it reads, so governance decides every query
// (principal, review, grants, PII) but masks nothing and results match
// DuckDB reading the files.
const benchPrincipal = "dave"

var benchCaller = engine.Caller{Principal: "cli:" + benchPrincipal, Purpose: "tarn bench"}

// flipForBench starts a flip for the bench principal on each table that
// has none in force yet (a run shortly after another reuses its flips).
func flipForBench(ctx context.Context, m *Main, ids []lake.Ident) error {
	active, err := m.Workflow.ActiveFlips(ctx, benchPrincipal)
	if err != nil {
		return err
	}
	flipped := map[lake.Ident]bool{}
	for _, f := range active {
		if f.State == governance.FlipActive {
			flipped[lake.Ident{Namespace: f.Namespace, Name: f.Table}] = true
		}
	}
	for _, id := range ids {
		if flipped[id] {
			continue
		}
		f, err := m.Workflow.RequestFlip(ctx, benchPrincipal, id.Namespace, id.Name,
			"tarn bench: results must equal DuckDB reading the same files", time.Hour)
		if err := m.record(ctx, benchPrincipal, "flip", id.String(), err, map[string]string{"flip": fmt.Sprint(f.ID)}); err != nil {
			return err
		}
	}
	return nil
}

// reviewForBench approves every column of a table the benchmark created,
// as the demo's admin.
func reviewForBench(ctx context.Context, m *Main, id lake.Ident) error {
	t, err := m.Lake.Load(ctx, id)
	if err != nil {
		return err
	}
	r := governance.Review{Namespace: id.Namespace, Table: id.Name, Approved: true, Note: "tarn bench"}
	for _, f := range t.Schema().Fields() {
		r.Columns = append(r.Columns, f.Name)
	}
	return m.record(ctx, benchPrincipal, "review", id.String(), m.Workflow.Review(ctx, benchPrincipal, r), nil)
}
