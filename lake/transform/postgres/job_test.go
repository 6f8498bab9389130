package postgres

import (
	"strings"
	"testing"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/lake"
	"github.com/tarn-data/tarn/lake/transform"
)

func TestAPostgresJobLoadsByItsCursorWithTheURLFromTheEnvironment(t *testing.T) {
	f := newFixture(t)
	f.exec("CREATE TABLE orders (id bigint PRIMARY KEY, amount numeric(10,2), placed timestamptz)",
		"INSERT INTO orders SELECT i, i * 1.5, '2026-12-01'::timestamptz + i * interval '1 minute' FROM generate_series(1, 300) i")
	env := map[string]string{"SHOP_URL": f.url}
	r := transform.NewRunner(transform.Options{Lake: f.lake, Sources: map[string]transform.SourceKind{
		"postgres": Kind{Alloc: f.mem, Lookup: func(k string) (string, bool) { v, ok := env[k]; return v, ok }}}})
	j, err := transform.ParseJob("orders", "jobs/orders.sql", []byte(`---
target: raw.orders
cursor: id
source: {kind: postgres, url: "${SHOP_URL}", table: public.orders, batch_rows: 100}
description: Orders from the shop database.
---
`))
	if err != nil {
		t.Fatal(err)
	}
	run, err := r.Run(f.ctx, j, transform.RunOptions{})
	if err != nil || run.Rows != 300 || run.Materialization != transform.IncrementalAppend || !strings.Contains(run.Position, `"value":"300"`) {
		t.Fatalf("first run %+v, %v", run, err)
	}
	f.exec("INSERT INTO orders SELECT i, i, now() FROM generate_series(301, 350) i")
	if run, err = r.Run(f.ctx, j, transform.RunOptions{}); err != nil || run.Rows != 50 {
		t.Fatalf("second run %+v, %v", run, err)
	}
	if rows := f.got(lake.MustIdent("raw.orders"), "id"); len(rows) != 350 {
		t.Fatalf("%d rows", len(rows))
	}
	lin, err := f.lake.Lineage(f.ctx, lake.MustIdent("raw.orders"))
	if err != nil || strings.Join(lin.Sources, ",") != "postgres:public.orders" {
		t.Fatalf("lineage %+v, %v", lin, err)
	}
	note, err := f.lake.Note(f.ctx, lake.MustIdent("raw.orders"))
	if err != nil || note.Description != "Orders from the shop database." {
		t.Fatalf("note %+v, %v", note, err)
	}

	full, err := transform.ParseJob("rates", "jobs/rates.sql", []byte("---\ntarget: raw.orders_copy\nsource: {kind: postgres, url: \"${SHOP_URL}\", query: 'SELECT id, amount FROM orders WHERE id <= 10'}\n---\n"))
	if err != nil {
		t.Fatal(err)
	}
	if run, err := r.Run(f.ctx, full, transform.RunOptions{}); err != nil || run.Rows != 10 || run.Materialization != transform.FullReplace {
		t.Fatalf("full run %+v, %v", run, err)
	}
}

func TestAPostgresJobsBadSettingsAreRefusedBeforeConnecting(t *testing.T) {
	k := Kind{Lookup: func(string) (string, bool) { return "", false }}
	for front, want := range map[string]string{
		"source: {kind: postgres, table: t}":                                      "needs a connection URL",
		"source: {kind: postgres, url: 'postgres://x/y'}":                         "exactly one of a table and a query",
		"source: {kind: postgres, url: '${NOPE}', table: t}":                      "NOPE, which is not set",
		"source: {kind: postgres, url: 'postgres://x/y', table: t, follow: true}": "cannot follow",
		"source: {kind: postgres, url: 'postgres://x/y', tabel: t}":               "tabel is not a setting",
	} {
		j, err := transform.ParseJob("j", "jobs/j.sql", []byte("---\ntarget: raw.x\n"+front+"\n---\n"))
		if err == nil {
			_, err = k.Open(j)
		}
		if tarn.ErrorCode(err) != tarn.EINVALID || !strings.Contains(tarn.ErrorMessage(err), want) {
			t.Errorf("%s: got %v, want %q", front, err, want)
		}
	}
}
