package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/iceberg-go"
	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/lake"
)

// The events table: at is shared by runs of ids (floor(sqrt(id)) seconds
// after a base time), so a cursor on at has ties of 1, 3, 5, 7… rows.
// Filling from a perfect square up keeps later rows strictly after earlier
// cursor values, as a cursor column must.
const eventsDDL = `CREATE TABLE events (id bigint PRIMARY KEY, at timestamptz NOT NULL, note text)`

func (f *fixture) fillEvents(lo, hi int) {
	f.t.Helper()
	f.exec(fmt.Sprintf(`INSERT INTO events
		SELECT i, '2026-01-01 00:00:00+00'::timestamptz + floor(sqrt(i)) * interval '1 second', 'note ' || i
		FROM generate_series(%d, %d) AS i`, lo, hi))
}

func (f *fixture) wantEvents() []string {
	return f.want(`SELECT id, at, note FROM events ORDER BY id`)
}

func (f *fixture) gotEvents(id lake.Ident) []string { return f.got(id, "id", "at", "note") }

// positionOf decodes the target's read position for o.
func (f *fixture) positionOf(o Options) position {
	f.t.Helper()
	o.URL = f.url
	o, err := o.withDefaults()
	if err != nil {
		f.t.Fatal(err)
	}
	v, ok, err := f.lake.Position(f.ctx, o.Target, o.positionKey())
	if err != nil || !ok {
		f.t.Fatalf("position of %s: %q, %v, %v", o.Target, v, ok, err)
	}
	var p position
	if err := json.Unmarshal([]byte(v), &p); err != nil {
		f.t.Fatal(err)
	}
	return p
}

func TestIncrementalRunsPickUpExactlyTheNewRows(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.exec(eventsDDL)
	f.fillEvents(1, 999)
	o := Options{Table: "public.events", Target: lake.MustIdent("raw.events"), Mode: Incremental, Cursor: "id", BatchRows: 100}

	res := f.mustRun(o)
	if res.Rows != 999 || len(res.Commits) != 10 || res.Cursor != "999" {
		t.Fatalf("first run: %d rows in %d commits up to %q, want 999 in 10 up to 999", res.Rows, len(res.Commits), res.Cursor)
	}
	sameRows(t, f.gotEvents(o.Target), f.wantEvents())

	f.fillEvents(1000, 1249)
	res = f.mustRun(o)
	if res.Rows != 250 || len(res.Commits) != 3 || res.Cursor != "1249" {
		t.Fatalf("second run: %d rows in %d commits up to %q, want 250 in 3 up to 1249", res.Rows, len(res.Commits), res.Cursor)
	}
	sameRows(t, f.gotEvents(o.Target), f.wantEvents())

	res = f.mustRun(o)
	if res.Rows != 0 || len(res.Commits) != 0 || res.Cursor != "1249" {
		t.Fatalf("a run with nothing new committed %d rows in %d commits (cursor %q)", res.Rows, len(res.Commits), res.Cursor)
	}
	if p := f.positionOf(o); p != (position{Mode: Incremental, Cursor: "id", Value: "1249"}) {
		t.Errorf("position %+v", p)
	}
}

func TestIncrementalBatchesNeverSplitACursorValue(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.exec(eventsDDL)
	f.fillEvents(1, 399) // ties of 3, 5, …, 39 rows on at
	for _, tr := range []transport{transportCopy, transportQuery} {
		id := lake.MustIdent(fmt.Sprintf("raw.events_%d", tr))
		o := Options{URL: f.url, Table: "events", Target: id, Mode: Incremental, Cursor: "at", BatchRows: 16}
		res, err := run(f.ctx, f.lake, f.mem, o, tr)
		if err != nil {
			t.Fatal(err)
		}
		// Every batch but the last holds at least 16 rows and ends at the
		// end of a tie: its rows are exactly those up to its cursor value.
		var total int64
		for i, c := range res.Commits {
			total += c.AddedRows
			if c.AddedRows < 16 && i < len(res.Commits)-1 {
				t.Errorf("batch %d holds %d rows, fewer than 16", i, c.AddedRows)
			}
			var upTo int64
			if err := f.pg.QueryRow(f.ctx, `SELECT count(*) FROM events WHERE at <= (SELECT at FROM events ORDER BY at OFFSET $1 - 1 LIMIT 1)`, total).Scan(&upTo); err != nil {
				t.Fatal(err)
			}
			if upTo != total {
				t.Fatalf("after batch %d the target holds %d rows but %d rows share its cursor values: a tie was split", i, total, upTo)
			}
		}
		sameRows(t, f.gotEvents(id), f.wantEvents())
	}
}

func TestNumericCursorTiesWithDifferentScalesStayTogether(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	// 1.0, 1.00 and 1.000 are one value with three binary forms.
	f.exec(`CREATE TABLE prices (id int PRIMARY KEY, v numeric NOT NULL)`,
		`INSERT INTO prices SELECT i, (ARRAY['0.5', '1.0', '1.00', '1.000', '2'])[1 + i % 5]::numeric FROM generate_series(0, 59) AS i`)
	o := Options{Table: "prices", Target: lake.MustIdent("raw.prices"), Mode: Incremental, Cursor: "v", BatchRows: 5}
	res := f.mustRun(o)
	if len(res.Commits) != 3 {
		t.Errorf("%d commits, want one per distinct value (0.5, 1, 2)", len(res.Commits))
	}
	if res.Cursor != "2.000000000" {
		t.Errorf("cursor %q", res.Cursor)
	}
	f.exec(`INSERT INTO prices VALUES (100, 2.5)`)
	if res = f.mustRun(o); res.Rows != 1 {
		t.Errorf("second run committed %d rows, want 1", res.Rows)
	}
	sameRows(t, f.got(o.Target, "id", "v"), f.want(`SELECT id, v FROM prices ORDER BY id`))
}

func TestIncrementalCursorsOfEachType(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.exec(`CREATE TABLE c (id int PRIMARY KEY, i2 smallint, i8 bigint, n numeric(12,3), d date, ts timestamp, tz timestamptz, s text, u uuid)`,
		`INSERT INTO c SELECT i, i - 50, i * 1000000000000, i / 7.0, DATE '0100-01-01 BC' + i * 300, TIMESTAMP '1999-12-31 23:59:59.5' + i * interval '1 hour 0.000001 seconds',
			TIMESTAMPTZ '2026-03-29 01:59:59.999999+05:45' + i * interval '13 minutes', 'k' || lpad(i::text, 4, '0') || ' é''"',
			md5(i::text)::uuid FROM generate_series(1, 100) AS i`)
	for _, cur := range []string{"i2", "i8", "n", "d", "ts", "tz", "s", "u"} {
		t.Run(cur, func(t *testing.T) {
			o := Options{Table: "c", Target: lake.MustIdent("raw.c_" + cur), Mode: Incremental, Cursor: cur, BatchRows: 10}
			first := f.mustRun(o)
			if first.Rows != 100 || len(first.Commits) != 10 {
				t.Fatalf("%d rows in %d commits", first.Rows, len(first.Commits))
			}
			// Postgres reads the recorded cursor back as the last value.
			var same bool
			if err := f.pg.QueryRow(f.ctx, `SELECT (SELECT `+quoteIdent(cur)+` FROM c ORDER BY 1 DESC LIMIT 1) = $1`, first.Cursor).Scan(&same); err != nil || !same {
				t.Fatalf("cursor %q is not the largest %s (%v)", first.Cursor, cur, err)
			}
			if again := f.mustRun(o); again.Rows != 0 {
				t.Fatalf("a second run re-read %d rows past cursor %q", again.Rows, first.Cursor)
			}
			sameRows(t, f.got(o.Target, "id"), f.want(`SELECT id FROM c ORDER BY id`))
		})
	}
}

// faultLake is a lake whose positioned commits can be made to fail, or
// cancel the run, before or after they land.
type faultLake struct {
	*lake.Lake
	mu     sync.Mutex
	n      int                                       // positioned commits that landed
	before func(n int) error                         // called before commit n; an error replaces it
	after  func(n int)                               // called after commit n landed
	commit func(ctx context.Context) context.Context // the context a commit runs with
}

func (f *faultLake) hook(ctx context.Context, fn func(context.Context) (lake.Commit, error)) (lake.Commit, error) {
	f.mu.Lock()
	n := f.n
	f.mu.Unlock()
	if f.before != nil {
		if err := f.before(n); err != nil {
			return lake.Commit{}, err
		}
	}
	if f.commit != nil {
		ctx = f.commit(ctx)
	}
	c, err := fn(ctx)
	if err != nil {
		return c, err
	}
	f.mu.Lock()
	f.n++
	f.mu.Unlock()
	if f.after != nil {
		f.after(n)
	}
	return c, nil
}

func (f *faultLake) AppendFrom(ctx context.Context, id lake.Ident, rdr array.RecordReader, key, from, to string, props map[string]string) (lake.Commit, error) {
	return f.hook(ctx, func(ctx context.Context) (lake.Commit, error) {
		return f.Lake.AppendFrom(ctx, id, rdr, key, from, to, props)
	})
}

func (f *faultLake) OverwriteFrom(ctx context.Context, id lake.Ident, filter iceberg.BooleanExpression, rdr array.RecordReader, key, from, to string, props map[string]string) (lake.Commit, error) {
	return f.hook(ctx, func(ctx context.Context) (lake.Commit, error) {
		return f.Lake.OverwriteFrom(ctx, id, filter, rdr, key, from, to, props)
	})
}

func TestTwoRunsAtOnceCommitEachBatchOnce(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.exec(eventsDDL)
	f.fillEvents(1, 899)
	o := Options{URL: f.url, Table: "events", Target: lake.MustIdent("raw.events"), Mode: Incremental, Cursor: "at", BatchRows: 50}
	if _, err := Run(f.ctx, f.lake, f.mem, Options{URL: f.url, Table: "events", Target: o.Target, Mode: Incremental, Cursor: "at", BatchRows: 1 << 20}); err != nil {
		t.Fatal(err) // creates the table with the first rows
	}
	f.fillEvents(900, 2499)
	var wg sync.WaitGroup
	errs := make([]error, 3)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = Run(f.ctx, f.lake, f.mem, o)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil && (!errors.Is(err, lake.ErrPositionMoved) || tarn.ErrorCode(err) != tarn.ECONFLICT) {
			t.Fatalf("a concurrent run failed with %v, want nil or ErrPositionMoved", err)
		}
	}
	f.mustRun(o)
	sameRows(t, f.gotEvents(o.Target), f.wantEvents())
}
