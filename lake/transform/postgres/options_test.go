package postgres

import (
	"errors"
	"testing"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/lake"
	"gopkg.in/yaml.v3"
)

func TestOptionsDecodeFromAJobsFrontMatter(t *testing.T) {
	const front = `
url: postgres://tarn@db.internal:5432/app
table: public.orders
target: raw.orders
mode: incremental_append
cursor: updated_at
batch_rows: 10000
partition:
  - column: updated_at
    transform: day
`
	var o Options
	if err := yaml.Unmarshal([]byte(front), &o); err != nil {
		t.Fatal(err)
	}
	want := Options{URL: "postgres://tarn@db.internal:5432/app", Table: "public.orders", Target: lake.MustIdent("raw.orders"),
		Mode: Incremental, Cursor: "updated_at", BatchRows: 10000, Partition: []lake.PartitionField{{Column: "updated_at", Transform: "day"}}}
	if o.URL != want.URL || o.Table != want.Table || o.Target != want.Target || o.Mode != want.Mode || o.Cursor != want.Cursor ||
		o.BatchRows != want.BatchRows || len(o.Partition) != 1 || o.Partition[0] != want.Partition[0] {
		t.Fatalf("decoded %+v, want %+v", o, want)
	}
	o, err := o.withDefaults()
	if err != nil {
		t.Fatal(err)
	}
	if o.Name != "public.orders" || o.positionKey() != lake.PositionPrefix+"postgres.public.orders" {
		t.Errorf("name %q, key %q", o.Name, o.positionKey())
	}
	if err := yaml.Unmarshal([]byte("mode: sometimes"), &o); !errors.Is(err, ErrInvalid) {
		t.Errorf("mode sometimes: %v", err)
	}
}

func TestOptionsAreCheckedBeforeConnecting(t *testing.T) {
	ok := Options{URL: "postgres://x@127.0.0.1/db", Table: "t", Target: lake.MustIdent("raw.t")}
	tests := []struct {
		name string
		edit func(*Options)
	}{
		{"no URL", func(o *Options) { o.URL = "" }},
		{"no table or query", func(o *Options) { o.Table = "" }},
		{"both table and query", func(o *Options) { o.Query = "SELECT 1" }},
		{"bad target", func(o *Options) { o.Target = lake.Ident{Namespace: "Raw", Name: "t"} }},
		{"incremental without a cursor", func(o *Options) { o.Mode = Incremental }},
		{"negative batch", func(o *Options) { o.BatchRows = -1 }},
		{"bad mode", func(o *Options) { o.Mode = "merge" }},
		{"bad name", func(o *Options) { o.Name = "a b" }},
	}
	for _, tc := range tests {
		o := ok
		tc.edit(&o)
		if _, err := Run(t.Context(), nil, nil, o); tarn.ErrorCode(err) != tarn.EINVALID {
			t.Errorf("%s: %v, want an invalid-request error", tc.name, err)
		}
	}
	o, err := ok.withDefaults()
	if err != nil || o.Mode != Full || o.BatchRows != DefaultBatchRows || o.Name != "t" {
		t.Errorf("defaults %+v, %v", o, err)
	}
	if q, _ := (Options{URL: "u", Query: "SELECT 1", Target: ok.Target}).withDefaults(); q.Name != "query" {
		t.Errorf("a query's default name is %q", q.Name)
	}
}

func TestParseModeAcceptsMaterializationNames(t *testing.T) {
	for in, want := range map[string]Mode{"full": Full, "FULL_REPLACE": Full, " incremental ": Incremental, "incremental_append": Incremental} {
		if got, err := ParseMode(in); err != nil || got != want {
			t.Errorf("ParseMode(%q) = %q, %v", in, got, err)
		}
	}
}
