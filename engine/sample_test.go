package engine_test

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"testing"

	"github.com/tarn-data/tarn/engine"
	"github.com/tarn-data/tarn/lake"
)

func TestSampleReadsRawRowsAsTextAndOnlyWhatWasAddedSince(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.create(t, "app.events")
	first := f.appendEvents(t, "app.events", 0, 100)
	s, err := f.eng.Sample(ctx, lake.MustIdent("app.events"), engine.SampleOptions{Rows: 30, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if s.Rows != 30 || s.FromRows != 100 || s.Incremental || s.Snapshot != first.SnapshotID {
		t.Fatalf("sample: %d rows of %d (incremental %t, snapshot %d), want 30 of 100 at %d", s.Rows, s.FromRows, s.Incremental, s.Snapshot, first.SnapshotID)
	}
	if len(s.Columns) != 4 || s.Columns[0].Name != "id" || s.Columns[0].Type != "BIGINT" || len(s.Columns[2].Values) != 30 {
		t.Fatalf("columns: %+v", s.Columns)
	}
	for _, v := range s.Columns[0].Values {
		if n, err := strconv.Atoi(v); err != nil || n < 0 || n >= 100 {
			t.Fatalf("an id sampled as %q", v)
		}
	}
	again, _ := f.eng.Sample(ctx, lake.MustIdent("app.events"), engine.SampleOptions{Rows: 30, Seed: 1})
	if !slices.Equal(again.Columns[0].Values, s.Columns[0].Values) {
		t.Fatal("the same seed drew another sample")
	}

	// Nothing new since the first snapshot: nothing to read.
	none, err := f.eng.Sample(ctx, lake.MustIdent("app.events"), engine.SampleOptions{Rows: 30, Since: first.SnapshotID})
	if err != nil || none.Rows != 0 || !none.Incremental {
		t.Fatalf("sampling an unchanged table since its snapshot: %+v, %v", none, err)
	}
	f.appendEvents(t, "app.events", 1000, 50)
	inc, err := f.eng.Sample(ctx, lake.MustIdent("app.events"), engine.SampleOptions{Rows: 500, Since: first.SnapshotID})
	if err != nil {
		t.Fatal(err)
	}
	if !inc.Incremental || inc.Rows != 50 || inc.Files != 1 {
		t.Fatalf("incremental sample: %d rows from %d files (incremental %t), want the 50 added", inc.Rows, inc.Files, inc.Incremental)
	}
	for _, v := range inc.Columns[0].Values {
		if n, _ := strconv.Atoi(v); n < 1000 {
			t.Fatalf("the incremental sample read old row %d", n)
		}
	}
}

func TestSampleIsAuditedAndRefusesUnknownTables(t *testing.T) {
	f := newFixture(t)
	log := &recordingLog{}
	e, err := engine.New(context.Background(), f.lake, engine.Options{Log: log})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	f.create(t, "app.events")
	first := f.appendEvents(t, "app.events", 0, 10)
	if _, err := e.Sample(context.Background(), lake.MustIdent("app.events"), engine.SampleOptions{Rows: 5}); err != nil {
		t.Fatal(err)
	}
	if len(log.recs) != 1 || log.recs[0].Caller.Principal != "system:skimmer" || log.recs[0].Rows != 5 || len(log.recs[0].Tables) != 1 {
		t.Fatalf("audit records: %+v", log.recs)
	}
	s, err := e.Sample(context.Background(), lake.MustIdent("app.events"), engine.SampleOptions{Rows: 5, Since: first.SnapshotID})
	if err != nil || s.Rows != 0 || len(log.recs) != 1 {
		t.Fatalf("a sample that read nothing: %+v, %v, %d audit records, want none added", s, err, len(log.recs))
	}
	_, err = e.Sample(context.Background(), lake.MustIdent("app.nope"), engine.SampleOptions{})
	if !errors.Is(err, lake.ErrNoSuchTable) {
		t.Fatalf("sampling an unknown table: %v, want lake.ErrNoSuchTable", err)
	}
	if len(log.recs) != 2 || log.recs[1].Err == nil {
		t.Fatal("the failed sample was not audited")
	}
}
