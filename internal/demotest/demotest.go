// Package demotest builds a governed demo lake for tests: the demo tables of
// lake/demo in a temporary directory, the demo people, their reviews and
// grants (governance/demogov), the audit log and a governed engine, wired the
// way `tarn demo` wires them.
package demotest

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/engine"
	"github.com/tarn-data/tarn/governance"
	"github.com/tarn-data/tarn/governance/audit"
	"github.com/tarn-data/tarn/governance/demogov"
	"github.com/tarn-data/tarn/governance/sqlstore"
	"github.com/tarn-data/tarn/governance/yamldir"
	"github.com/tarn-data/tarn/lake"
	"github.com/tarn-data/tarn/lake/demo"
	"github.com/tarn-data/tarn/store"
)

// Options choose the demo lake. Zero fields take the defaults.
type Options struct {
	Scale float64   // default 0.05
	AsOf  time.Time // default 2026-11-25
	Seed  int64     // default 1
	// StoreURL is the metadata database; default a SQLite file in the
	// test's temporary directory.
	StoreURL string
}

// DefaultAsOf is the as-of date of a demo lake whose Options name none.
var DefaultAsOf = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)

// Env is a governed demo lake.
type Env struct {
	Store    *store.DB
	Lake     *lake.Lake
	Engine   *engine.Engine // governed by Gov, audited to Audit
	Gov      *governance.Service
	GovStore *sqlstore.Store // the governance store
	Workflow *governance.Workflow
	People   *yamldir.Directory
	Audit    *audit.Log
	Clock    *tarn.FakeClock // starts at noon of AsOf
	AsOf     time.Time
	Demo     demo.Options
}

// Open builds the demo lake for o in t's temporary directory and closes it
// when the test ends. It fails the test on any error.
func Open(t testing.TB, o Options) *Env {
	t.Helper()
	if o.Scale == 0 {
		o.Scale = 0.05
	}
	if o.AsOf.IsZero() {
		o.AsOf = DefaultAsOf
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	ctx := context.Background()
	dir := t.TempDir()
	url := o.StoreURL
	if url == "" {
		url = "sqlite://" + filepath.Join(dir, "tarn.db")
	}
	db, err := store.Open(ctx, url)
	if err != nil {
		t.Fatalf("demotest: store: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	lk, err := lake.Open(ctx, lake.Options{Store: db, Warehouse: filepath.Join(dir, "warehouse"), CommitRetries: 30})
	if err != nil {
		t.Fatalf("demotest: lake: %v", err)
	}
	t.Cleanup(func() { lk.Close() })
	do := demo.Options{Seed: o.Seed, Scale: o.Scale, AsOf: o.AsOf}
	if _, err := demo.Build(ctx, lk, do, nil); err != nil {
		t.Fatalf("demotest: demo lake: %v", err)
	}

	clock := tarn.NewFakeClock(o.AsOf.Add(12 * time.Hour))
	people := yamldir.Demo()
	gs := sqlstore.New(db)
	log := audit.Open(db, clock)
	wf := &governance.Workflow{Store: gs, Directory: people, Clock: clock}
	svc := &governance.Service{Store: gs, Directory: people, Clock: clock, PII: notePII(lk)}
	if err := demogov.Seed(ctx, gs, wf, do, clock.Now(), log.Record); err != nil {
		t.Fatalf("demotest: governance: %v", err)
	}
	eng, err := engine.New(ctx, lk, engine.Options{
		Policy: svc, Log: governance.QueryAudit{Log: log}, Clock: clock,
		TempDir: filepath.Join(dir, "tmp"), Threads: 2, MemoryLimit: "2GB",
	})
	if err != nil {
		t.Fatalf("demotest: engine: %v", err)
	}
	t.Cleanup(func() { eng.Close() })
	wf.CheckFilter = eng.CheckRowFilter
	return &Env{Store: db, Lake: lk, Engine: eng, Gov: svc, GovStore: gs, Workflow: wf, People: people,
		Audit: log, Clock: clock, AsOf: o.AsOf, Demo: do}
}

// As is the engine caller for a demo person by name ("alice"): the
// directory knows people by identity, so the caller is "cli:alice".
func As(name string) engine.Caller {
	return engine.Caller{Principal: Identity(name), Purpose: "test"}
}

// Identity is the identity of a demo person by name: "cli:" + name.
func Identity(name string) string { return "cli:" + name }

// notePII reads PII tags from the lake's annotations.
func notePII(l *lake.Lake) func(ctx context.Context, ns, table string) (map[string]string, error) {
	return func(ctx context.Context, ns, table string) (map[string]string, error) {
		note, err := l.Note(ctx, lake.Ident{Namespace: ns, Name: table})
		if err != nil {
			return nil, err
		}
		return note.PIITags(), nil
	}
}
