package engine_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/engine"
	"github.com/tarn-data/tarn/lake"
)

// maskPolicy hides bytes, masks country and keeps rows with id < 5.
type maskPolicy struct{}

func (maskPolicy) Decide(_ context.Context, _ engine.Caller, ts []engine.TableAccess) ([]engine.TableDecision, error) {
	out := make([]engine.TableDecision, len(ts))
	for i := range ts {
		out[i] = engine.TableDecision{
			Columns: map[string]engine.ColumnRule{
				"id":      {},
				"ts":      {},
				"bytes":   {Hidden: true},
				"country": {Mask: "'**' || right({{col}}, 0)"},
			},
			RowFilter: "id < 5",
		}
	}
	return out, nil
}

func TestPolicyHidesMasksAndFiltersInsideTheRelation(t *testing.T) {
	f := newFixture(t)
	f.create(t, "app.events")
	f.appendEvents(t, "app.events", 0, 30)
	e, err := engine.New(context.Background(), f.lake, engine.Options{Policy: maskPolicy{}})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	run := func(sql string) (string, error) {
		res, err := e.Query(context.Background(), engine.Request{SQL: sql})
		if err != nil {
			return "", err
		}
		defer res.Close()
		var b strings.Builder
		for res.Reader.Next() {
			rec := res.Reader.RecordBatch()
			for r := 0; r < int(rec.NumRows()); r++ {
				for c := 0; c < int(rec.NumCols()); c++ {
					fmt.Fprintf(&b, "%s ", rec.Column(c).ValueStr(r))
				}
				b.WriteString("|")
			}
		}
		return b.String(), nil
	}
	got, err := run("SELECT * FROM app.events ORDER BY id LIMIT 2")
	if err != nil || strings.Contains(got, "de") || strings.Count(got, "**") != 2 {
		t.Fatalf("SELECT *: %q %v", got, err)
	}
	// Expressions over a masked column see the mask; filtered rows do not exist.
	got, err = run("SELECT count(*), count(DISTINCT e1.country), max(length(e2.country)), max(id) FROM app.events e1 JOIN app.events e2 USING (id)")
	if got != "5 1 2 4 |" {
		t.Fatalf("aggregates over masked, filtered rows: %q %v", got, err)
	}
	for _, q := range []string{"SELECT bytes FROM app.events", "SELECT e.bytes FROM app.events e"} {
		_, err = run(q)
		if tarn.ErrorCode(err) != tarn.EFORBIDDEN || !strings.Contains(tarn.ErrorMessage(err), "app.events.bytes") {
			t.Fatalf("%s: naming a hidden column: %v", q, err)
		}
	}
	cols, err := e.Describe(context.Background(), engine.Caller{}, lake.MustIdent("app.events"))
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(cols) != "[{id BIGINT false} {ts TIMESTAMP false} {country VARCHAR true}]" {
		t.Fatalf("describe: %v", cols)
	}
}

// A policy that decides on columns hides the ones it does not name.
type namesOnlyID struct{}

func (namesOnlyID) Decide(_ context.Context, _ engine.Caller, ts []engine.TableAccess) ([]engine.TableDecision, error) {
	out := make([]engine.TableDecision, len(ts))
	for i := range ts {
		out[i] = engine.TableDecision{Columns: map[string]engine.ColumnRule{"id": {}}}
	}
	return out, nil
}

func TestColumnsAPolicyDoesNotNameAreHidden(t *testing.T) {
	f := newFixture(t)
	f.create(t, "app.events")
	f.appendEvents(t, "app.events", 0, 3)
	e, err := engine.New(context.Background(), f.lake, engine.Options{Policy: namesOnlyID{}})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	res, err := e.Query(context.Background(), engine.Request{SQL: "SELECT * FROM app.events"})
	if err != nil {
		t.Fatal(err)
	}
	defer res.Close()
	if n := res.Schema().NumFields(); n != 1 {
		t.Fatalf("SELECT * shows %d columns, want only id", n)
	}
}
