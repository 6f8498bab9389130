package postgres

import (
	"errors"
	"strings"
	"testing"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/lake"
)

func TestFullRunsReplaceTheTargetWithTheSourceAsItIsNow(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.exec(eventsDDL)
	f.fillEvents(1, 300)
	o := Options{Table: "events", Target: lake.MustIdent("raw.events")}
	res := f.mustRun(o)
	if res.Rows != 300 || len(res.Commits) != 1 || !res.Created {
		t.Fatalf("first run %+v", res)
	}
	first := f.positionOf(o)
	if first.Mode != Full || first.Snapshot == "" {
		t.Errorf("position %+v, want a full load naming its Postgres snapshot", first)
	}

	f.exec(`UPDATE events SET note = 'changed' WHERE id % 7 = 0`, `DELETE FROM events WHERE id > 250`)
	f.fillEvents(400, 440)
	if res = f.mustRun(o); res.Rows != 291 {
		t.Errorf("second run loaded %d rows, want 291", res.Rows)
	}
	sameRows(t, f.gotEvents(o.Target), f.wantEvents())
	if p := f.positionOf(o); p == first {
		t.Error("the position did not move")
	}

	f.exec(`DELETE FROM events`)
	if res = f.mustRun(o); res.Rows != 0 {
		t.Errorf("run of an empty source loaded %d rows", res.Rows)
	}
	if rows := f.gotEvents(o.Target); len(rows) != 0 {
		t.Errorf("an emptied source left %d rows in the target", len(rows))
	}
}

func TestFullRunOfAnEmptySourceCreatesAnEmptyTarget(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.exec(eventsDDL)
	o := Options{Table: "events", Target: lake.MustIdent("raw.events")}
	if res := f.mustRun(o); res.Rows != 0 || !res.Created {
		t.Fatalf("result %+v", res)
	}
	if rows := f.gotEvents(o.Target); len(rows) != 0 {
		t.Fatalf("%d rows", len(rows))
	}
	f.fillEvents(1, 10)
	f.mustRun(o)
	sameRows(t, f.gotEvents(o.Target), f.wantEvents())
}

func TestIncrementalQuerySource(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.exec(eventsDDL, `CREATE TABLE notes (id bigint PRIMARY KEY, lang text)`)
	f.fillEvents(1, 199)
	f.exec(`INSERT INTO notes SELECT i, (ARRAY['de', 'fr'])[1 + i % 2] FROM generate_series(1, 199) AS i`)
	o := Options{
		Query:  `SELECT e.id, e.at AS "At", e.note, n.lang FROM events e JOIN notes n USING (id) WHERE n.lang = 'de';`,
		Target: lake.MustIdent("raw.german"), Mode: Incremental, Cursor: "At", BatchRows: 30, Name: "german-notes",
	}
	f.mustRun(o)
	f.fillEvents(225, 255)
	f.exec(`INSERT INTO notes SELECT i, 'de' FROM generate_series(225, 255) AS i`)
	if res := f.mustRun(o); res.Rows != 31 {
		t.Errorf("second run loaded %d rows, want 31", res.Rows)
	}
	sameRows(t, f.got(o.Target, "id", "At", "note", "lang"),
		f.want(`SELECT e.id, e.at, e.note, n.lang FROM events e JOIN notes n USING (id) WHERE n.lang = 'de' ORDER BY id`))
	sc, err := f.lake.SchemaAt(f.ctx, o.Target, lake.AsOf{})
	if err != nil {
		t.Fatal(err)
	}
	// NOT NULL is traced through the query to events.at, the cursor.
	if fld, _ := sc.FindFieldByName("At"); !fld.Required {
		t.Errorf("cursor column At is optional in the target")
	}
}

func TestIncrementalRunRefusesAPositionOfAnotherKind(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.exec(eventsDDL)
	f.fillEvents(1, 50)
	full := Options{Table: "events", Target: lake.MustIdent("raw.events")}
	f.mustRun(full)
	inc := Options{Table: "events", Target: full.Target, Mode: Incremental, Cursor: "id"}
	_, err := f.run(inc)
	if !errors.Is(err, ErrPosition) || tarn.ErrorCode(err) != tarn.ECONFLICT {
		t.Fatalf("incremental after full: %v, want ErrPosition", err)
	}
	inc.Name = "events-by-id" // another source name starts its own position
	other := Options{Table: "events", Target: lake.MustIdent("raw.events2"), Mode: Incremental, Cursor: "id"}
	f.mustRun(other)
	other.Cursor = "at"
	if _, err := f.run(other); !errors.Is(err, ErrPosition) || !strings.Contains(tarn.ErrorMessage(err), "different kind of run") {
		t.Fatalf("another cursor: %v, want ErrPosition", err)
	}
	// A full load replaces whatever was there.
	other.Mode = Full
	f.mustRun(other)
	sameRows(t, f.gotEvents(other.Target), f.wantEvents())
}
