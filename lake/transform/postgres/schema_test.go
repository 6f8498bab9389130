package postgres

import (
	"errors"
	"strings"
	"testing"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/lake"
)

func TestNewAndWidenedColumnsEvolveTheTarget(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.exec(`CREATE TABLE w (id int PRIMARY KEY, a int, r real, n numeric(8,2), note text)`,
		`INSERT INTO w SELECT i, -i * 1000, i / 10.0, i * 1.25, 'n' || i FROM generate_series(1, 50) AS i`)
	o := Options{Table: "w", Target: lake.MustIdent("raw.w"), Mode: Incremental, Cursor: "id", BatchRows: 20}
	f.mustRun(o)

	f.exec(`ALTER TABLE w ALTER COLUMN a TYPE bigint, ALTER COLUMN r TYPE double precision, ALTER COLUMN n TYPE numeric(14,2)`,
		`ALTER TABLE w ADD COLUMN tags text[], ADD COLUMN score numeric(5,1)`,
		`INSERT INTO w SELECT i, -i * 10000000000, i / 10.0, i * 1000000000.25, 'n' || i, ARRAY['t' || i, NULL], i / 2.0 FROM generate_series(51, 80) AS i`)
	res := f.mustRun(o)
	var got []string
	for _, c := range res.Changes {
		got = append(got, c.Op+" "+c.Column+" "+c.Type.String())
	}
	want := "widen a long, widen r double, widen n decimal(14, 2), add tags list<string>, add score decimal(5, 1)"
	if strings.Join(got, ", ") != want {
		t.Errorf("changes %q, want %q", strings.Join(got, ", "), want)
	}
	if res.Rows != 30 {
		t.Errorf("second run committed %d rows, want 30", res.Rows)
	}
	sameRows(t, f.got(o.Target, "id", "a", "r", "n", "note", "tags", "score"),
		f.want(`SELECT id, a, r, n, note, tags, score FROM w ORDER BY id`))
}

func TestDroppedColumnStaysInTheTargetAsNulls(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.exec(eventsDDL)
	f.fillEvents(1, 99)
	o := Options{Table: "events", Target: lake.MustIdent("raw.events"), Mode: Incremental, Cursor: "id"}
	f.mustRun(o)
	f.exec(`ALTER TABLE events DROP COLUMN note`)
	f.exec(`INSERT INTO events SELECT i, now() FROM generate_series(100, 120) AS i`)
	if res := f.mustRun(o); res.Rows != 21 || len(res.Changes) != 0 {
		t.Fatalf("run after the drop: %+v", res)
	}
	rows := f.got(o.Target, "id", "note")
	if len(rows) != 120 || rows[98] != `99 | "note 99"` || rows[99] != "100 | NULL" {
		t.Errorf("rows 99 and 100 are %q, %q of %d", rows[98], rows[99], len(rows))
	}
}

func TestIncompatibleUpstreamChangesStopTheRunAndLoseNothing(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, alter string
		want        []string // in the message
	}{
		{"text to integer", `ALTER TABLE s ALTER COLUMN v TYPE integer USING length(v)`, []string{`"v"`, "integer (int)", "string"}},
		{"bigint narrowed to integer", `ALTER TABLE s ALTER COLUMN big TYPE integer`, []string{`"big"`, "integer (int)", "long"}},
		{"numeric scale changed", `ALTER TABLE s ALTER COLUMN amount TYPE numeric(10,3)`, []string{`"amount"`, "numeric(10,3)", "decimal(10, 2)"}},
		{"double narrowed to real", `ALTER TABLE s ALTER COLUMN x TYPE real`, []string{`"x"`, "real (float)", "double"}},
		{"NOT NULL dropped from the cursor", `ALTER TABLE s ALTER COLUMN seq DROP NOT NULL`, []string{`"seq"`, "may now be NULL", "required long"}},
		{"primary key dropped", `ALTER TABLE s DROP CONSTRAINT s_pkey, ALTER COLUMN id DROP NOT NULL`, []string{`"id"`, "may now be NULL", "required int"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			f.exec(`CREATE TABLE s (id int PRIMARY KEY, seq bigint NOT NULL, v text, big bigint, amount numeric(10,2), x double precision)`,
				`INSERT INTO s SELECT i, i, 'v' || i, i, i, i FROM generate_series(1, 40) AS i`)
			o := Options{Table: "s", Target: lake.MustIdent("raw.s"), Mode: Incremental, Cursor: "seq", BatchRows: 10}
			f.mustRun(o)
			before := f.got(o.Target, "id", "seq", "v", "big", "amount", "x")
			pos := f.positionOf(o)

			f.exec(tc.alter, `INSERT INTO s (id, seq) VALUES (41, 41)`)
			_, err := f.run(o)
			if !errors.Is(err, ErrIncompatible) || tarn.ErrorCode(err) != tarn.EINVALID {
				t.Fatalf("err = %v, want ErrIncompatible", err)
			}
			msg := tarn.ErrorMessage(err)
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("message %q does not say %q", msg, w)
				}
			}
			if !strings.Contains(msg, "Nothing was written") {
				t.Errorf("message %q does not say nothing was written", msg)
			}
			sameRows(t, f.got(o.Target, "id", "seq", "v", "big", "amount", "x"), before)
			if p := f.positionOf(o); p != pos {
				t.Errorf("position moved from %+v to %+v", pos, p)
			}
		})
	}
}

func TestRestoredUpstreamColumnLetsTheRunCarryOn(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.exec(eventsDDL)
	f.fillEvents(1, 99)
	o := Options{Table: "events", Target: lake.MustIdent("raw.events"), Mode: Incremental, Cursor: "at"}
	f.mustRun(o)
	f.exec(`ALTER TABLE events ALTER COLUMN at DROP NOT NULL`)
	f.fillEvents(100, 120)
	if _, err := f.run(o); !errors.Is(err, ErrIncompatible) {
		t.Fatalf("err = %v, want ErrIncompatible", err)
	}
	f.exec(`ALTER TABLE events ALTER COLUMN at SET NOT NULL`)
	f.mustRun(o)
	sameRows(t, f.gotEvents(o.Target), f.wantEvents())
}
