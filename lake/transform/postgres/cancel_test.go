package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tarn-data/tarn/lake"
)

// errInjected stands for a failure at a chosen point of a run.
var errInjected = errors.New("injected failure")

// TestRunCancelledAtEachCommitThenRerunGivesExactRows stops an incremental
// run at every commit boundary in turn — an error instead of commit n, a
// context cancelled just before commit n (the commit itself then sees it),
// or cancelled just after commit n landed — and checks that a rerun
// completes the target with exactly the source's rows.
func TestRunCancelledAtEachCommitThenRerunGivesExactRows(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.exec(eventsDDL)
	f.fillEvents(1, 399) // 19 ties on at, batches of ≥ 70 rows
	want := f.wantEvents()
	probe := f.mustRun(Options{Table: "events", Target: lake.MustIdent("raw.probe"), Mode: Incremental, Cursor: "at", BatchRows: 70})
	commits := len(probe.Commits)
	type point struct {
		name   string
		before func(n, at int, cancel context.CancelFunc) error
		after  func(n, at int, cancel context.CancelFunc)
	}
	points := []point{
		{"error instead of commit", func(n, at int, _ context.CancelFunc) error {
			if n == at {
				return errInjected
			}
			return nil
		}, nil},
		{"cancel before commit", func(n, at int, cancel context.CancelFunc) error {
			if n == at {
				cancel()
			}
			return nil
		}, nil},
		{"cancel after commit", nil, func(n, at int, cancel context.CancelFunc) {
			if n == at {
				cancel()
			}
		}},
	}
	for _, p := range points {
		for at := range commits {
			id := lake.MustIdent(fmt.Sprintf("raw.ev_%d_%d", len(p.name), at))
			o := Options{URL: f.url, Table: "events", Target: id, Mode: Incremental, Cursor: "at", BatchRows: 70}
			ctx, cancel := context.WithCancel(f.ctx)
			fl := &faultLake{Lake: f.lake}
			if p.before != nil {
				fl.before = func(n int) error { return p.before(n, at, cancel) }
			}
			if p.after != nil {
				fl.after = func(n int) { p.after(n, at, cancel) }
			}
			res, err := Run(ctx, fl, f.mem, o)
			cancel()
			if err == nil && at < commits-1 {
				t.Fatalf("%s %d: the run did not stop (%d commits)", p.name, at, len(res.Commits))
			}
			landed := at // the Result lists the commits that landed
			if p.after != nil {
				landed = at + 1
			}
			if len(res.Commits) != landed {
				t.Errorf("%s %d: the result lists %d commits, want %d", p.name, at, len(res.Commits), landed)
			}
			f.checkPrefix(id, o)
			if _, err := Run(f.ctx, f.lake, f.mem, o); err != nil {
				t.Fatalf("%s %d: rerun: %v", p.name, at, err)
			}
			sameRows(t, f.gotEvents(id), want)
		}
	}
}

func TestFullRunWhoseCommitFailsWritesNothingAndReruns(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.exec(eventsDDL)
	f.fillEvents(1, 99999) // two records, so the reader is mid-stream
	o := Options{URL: f.url, Table: "events", Target: lake.MustIdent("raw.events")}
	for _, fail := range []func(*faultLake, context.CancelFunc){
		func(fl *faultLake, _ context.CancelFunc) { fl.before = func(int) error { return errInjected } },
		func(fl *faultLake, cancel context.CancelFunc) {
			fl.before = func(int) error { cancel(); return nil }
		},
	} {
		ctx, cancel := context.WithCancel(f.ctx)
		fl := &faultLake{Lake: f.lake}
		fail(fl, cancel)
		done := make(chan error, 1)
		go func() {
			_, err := Run(ctx, fl, f.mem, o)
			done <- err
		}()
		select {
		case err := <-done:
			if err == nil {
				t.Fatal("the run succeeded")
			}
		case <-time.After(time.Minute):
			t.Fatal("the run hangs after its commit failed")
		}
		cancel()
		if rows := f.got(o.Target, "id"); len(rows) != 0 {
			t.Fatalf("a failed full run left %d rows", len(rows))
		}
	}
	f.fillEvents(100000, 100010)
	f.mustRun(o)
	if rows := f.got(o.Target, "id"); len(rows) != 100010 {
		t.Fatalf("%d rows after the rerun", len(rows))
	}
}

// TestRunsCancelledAtRandomMomentsThenRerunGiveExactRows cancels
// incremental and full runs after random delays — while connecting,
// reading, decoding or committing — several times over, with rows added
// between runs, and checks the target after each stop and after a final
// run that is left to finish.
func TestRunsCancelledAtRandomMomentsThenRerunGiveExactRows(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.exec(eventsDDL)
	f.fillEvents(1, 1599)
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 2))

	// How long an undisturbed run takes bounds the delays.
	probe := lake.MustIdent("raw.probe")
	start := time.Now()
	f.mustRun(Options{Table: "events", Target: probe, Mode: Incremental, Cursor: "at", BatchRows: 200})
	span := time.Since(start)

	for i, mode := range []Mode{Incremental, Full} {
		if i > 0 {
			f.exec(`DELETE FROM events WHERE id >= 1600`)
		}
		id := lake.MustIdent("raw.ev_" + string(mode))
		o := Options{URL: f.url, Table: "events", Target: id, Mode: mode, Cursor: "at", BatchRows: 200}
		k := 40 // rows are added a whole tie (k² … (k+1)²-1) at a time
		stopped := 0
		for range 12 {
			ctx, cancel := context.WithTimeout(f.ctx, time.Duration(rng.Int64N(int64(span)*3/2)))
			_, err := Run(ctx, f.lake, f.mem, o)
			cancel()
			if err != nil {
				stopped++
			}
			if mode == Incremental {
				f.checkPrefix(id, o)
			} else {
				f.checkWholeOrNothing(id)
			}
			f.fillEvents(k*k, (k+1)*(k+1)-1)
			k++
		}
		t.Logf("%s: %d of 12 runs stopped by their deadline", mode, stopped)
		if _, err := Run(f.ctx, f.lake, f.mem, o); err != nil {
			t.Fatal(err)
		}
		sameRows(t, f.gotEvents(id), f.wantEvents())
	}
}

// checkPrefix checks that an incremental target holds exactly the source
// rows up to its recorded cursor value: no batch torn, none twice.
func (f *fixture) checkPrefix(id lake.Ident, o Options) {
	f.t.Helper()
	o.URL = f.url
	o, _ = o.withDefaults()
	v, ok, err := f.lake.Position(f.ctx, id, o.positionKey())
	if errors.Is(err, lake.ErrNoSuchTable) || err == nil && !ok {
		if err == nil && len(f.gotEvents(id)) != 0 {
			f.t.Fatalf("%s holds rows but no position", id)
		}
		return
	}
	if err != nil {
		f.t.Fatal(err)
	}
	p := position{}
	if err := json.Unmarshal([]byte(v), &p); err != nil {
		f.t.Fatal(err)
	}
	want := f.want(fmt.Sprintf(`SELECT id, at, note FROM events WHERE %s <= '%s' ORDER BY id`, quoteIdent(p.Cursor), p.Value))
	sameRows(f.t, f.gotEvents(id), want)
}

// checkWholeOrNothing checks that a full target is absent, empty, or
// holds exactly the source's rows as they were before some run: the rows up
// to an id just below a perfect square, where fillEvents stops.
func (f *fixture) checkWholeOrNothing(id lake.Ident) {
	f.t.Helper()
	if _, err := f.lake.SchemaAt(f.ctx, id, lake.AsOf{}); errors.Is(err, lake.ErrNoSuchTable) {
		return
	}
	got := f.gotEvents(id)
	if len(got) == 0 {
		return
	}
	last, _, _ := strings.Cut(got[len(got)-1], " | ")
	n, err := strconv.Atoi(last)
	if err != nil {
		f.t.Fatal(err)
	}
	if r := int(math.Sqrt(float64(n + 1))); r*r != n+1 {
		f.t.Fatalf("%s ends at id %d, inside a batch of added rows", id, n)
	}
	sameRows(f.t, got, f.want(fmt.Sprintf(`SELECT id, at, note FROM events WHERE id <= %d ORDER BY id`, n)))
}
