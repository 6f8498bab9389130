package demo_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/tarn-data/tarn/lake"
	"github.com/tarn-data/tarn/lake/demo"
	"github.com/tarn-data/tarn/store"
)

func TestSkipDerivedLeavesTheDerivedTablesToTheirJobs(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := store.Open(ctx, "sqlite://"+filepath.Join(dir, "tarn.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	l, err := lake.Open(ctx, lake.Options{Store: db, Warehouse: filepath.Join(dir, "warehouse")})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	o := demo.Options{Seed: 1, Scale: 0.005, AsOf: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC), SkipDerived: true}
	res, err := demo.Build(ctx, l, o, nil)
	if err != nil {
		t.Fatal(err)
	}
	tables, _ := demo.Tables(o)
	derived := 0
	for _, tb := range tables {
		id := lake.Ident{Namespace: tb.Namespace, Name: tb.Name}
		_, err := l.Load(ctx, id)
		if tb.Derived {
			derived++
			if !errors.Is(err, lake.ErrNoSuchTable) {
				t.Errorf("%s was written: %v", id, err)
			}
			if _, err := l.Lineage(ctx, id); !errors.Is(err, lake.ErrNoLineage) {
				t.Errorf("%s has lineage before its job ran: %v", id, err)
			}
		} else if err != nil {
			t.Errorf("%s: %v", id, err)
		}
	}
	if derived != 2 || len(res.Created) != len(tables)-2 {
		t.Fatalf("%d derived tables, %d created of %d", derived, len(res.Created), len(tables))
	}
}
