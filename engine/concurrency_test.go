package engine_test

import (
	"context"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/tarn-data/tarn/engine"
	"github.com/tarn-data/tarn/lake"
)

// Readers keep querying while a writer appends and maintenance compacts and
// expires snapshots: every query succeeds and sees a committed state.
func TestQueriesRunWhileWritesAndMaintenanceHappen(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	id := lake.MustIdent("app.events")
	f.create(t, "app.events", lake.PartitionField{Column: "ts", Transform: "day"})
	f.appendEvents(t, "app.events", 0, 10)

	stop := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for r := 0; r < 3; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			last := int64(0)
			for {
				select {
				case <-stop:
					return
				default:
				}
				res, err := f.eng.Query(ctx, engine.Request{SQL: "SELECT count(*), count(DISTINCT id) FROM app.events"})
				if err != nil {
					errs <- err
					return
				}
				res.Reader.Next()
				rec := res.Reader.RecordBatch()
				n, _ := strconv.ParseInt(rec.Column(0).ValueStr(0), 10, 64)
				d, _ := strconv.ParseInt(rec.Column(1).ValueStr(0), 10, 64)
				res.Close()
				if n != d || n%10 != 0 || n < last {
					errs <- &stateError{n, d, last}
					return
				}
				last = n
			}
		}()
	}
	for i := int64(1); i <= 20; i++ {
		f.appendEvents(t, "app.events", i*10, 10)
		if i%5 == 0 {
			if _, err := f.lake.Compact(ctx, id, lake.CompactOptions{}); err != nil {
				t.Fatal(err)
			}
			if _, err := f.lake.Expire(ctx, id, lake.ExpireOptions{OlderThan: time.Now(), RetainLast: 1}); err != nil {
				t.Fatal(err)
			}
		}
	}
	close(stop)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if got := one(t, first(f.query(t, "SELECT count(*) FROM app.events"))); got != "210" {
		t.Fatalf("final count %s", got)
	}
}

type stateError struct{ rows, distinct, last int64 }

func (e *stateError) Error() string {
	return "a query saw " + strconv.FormatInt(e.rows, 10) + " rows (" + strconv.FormatInt(e.distinct, 10) +
		" distinct ids) after having seen " + strconv.FormatInt(e.last, 10) + ": not a committed state"
}

// TestAQueryPlannedJustBeforeAnExpiryIsPlannedAgain expires the snapshot a
// query planned (deleting its files) between the plan and the lease: the
// query plans again and reads the table as it is.
func TestAQueryPlannedJustBeforeAnExpiryIsPlannedAgain(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	id := lake.MustIdent("app.events")
	f.create(t, "app.events")
	f.appendEvents(t, "app.events", 0, 10)
	f.appendEvents(t, "app.events", 10, 10)
	calls := 0
	engine.SetPlanned(f.eng, func(lake.Ident) {
		if calls++; calls > 1 {
			return
		}
		if _, err := f.lake.Compact(ctx, id, lake.CompactOptions{}); err != nil {
			t.Error(err)
		}
		res, err := f.lake.Expire(ctx, id, lake.ExpireOptions{OlderThan: time.Now().Add(time.Second), RetainLast: 1})
		if err != nil || res.DeletedFiles == 0 {
			t.Errorf("expiry deleted %d files, %v", res.DeletedFiles, err)
		}
	})
	res, err := f.eng.Query(ctx, engine.Request{SQL: "SELECT count(*), count(DISTINCT id) FROM app.events"})
	if err != nil {
		t.Fatalf("the query failed on the files the expiry deleted: %v", err)
	}
	defer res.Close()
	res.Reader.Next()
	if got := res.Reader.RecordBatch().Column(0).ValueStr(0); got != "20" || calls != 2 {
		t.Fatalf("count %s after %d plans", got, calls)
	}
}
