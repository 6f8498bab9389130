package sqlruns_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/tarn-data/tarn/lake/transform"
	"github.com/tarn-data/tarn/lake/transform/sqlruns"
	"github.com/tarn-data/tarn/store"
	"github.com/tarn-data/tarn/store/storetest"
)

func TestRunsAreKeptNewestFirstOnBothStores(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, url string) {
		ctx := context.Background()
		db, err := store.Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		s := sqlruns.New(db)
		t0 := time.Date(2026, 11, 25, 12, 0, 0, 123456000, time.UTC)
		var ids []int64
		for i, job := range []string{"a", "b", "a"} {
			id, err := s.Start(ctx, transform.Run{Job: job, Target: "fct." + job, Materialization: transform.Rollup, Trigger: "schedule",
				Started: t0.Add(time.Duration(i) * time.Minute), Status: transform.StatusRunning})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		done := transform.Run{ID: ids[0], Status: transform.StatusSucceeded, Ended: t0.Add(30 * time.Second), Rows: 42,
			SnapshotID: 7, Position: "TIMESTAMP:2026-11-24 23:59:59", Error: ""}
		if err := s.Finish(ctx, done); err != nil {
			t.Fatal(err)
		}
		if err := s.Finish(ctx, transform.Run{ID: 999, Status: transform.StatusFailed}); !errors.Is(err, sqlruns.ErrNoSuchRun) {
			t.Fatalf("finishing an unknown run: %v", err)
		}
		all, err := s.Runs(ctx, transform.RunFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 3 || all[0].ID != ids[2] || all[2].ID != ids[0] {
			t.Fatalf("runs not newest first: %+v", all)
		}
		a, err := s.Runs(ctx, transform.RunFilter{Job: "a", Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		if len(a) != 1 || a[0].ID != ids[2] || a[0].Status != transform.StatusRunning || !a[0].Ended.IsZero() {
			t.Fatalf("newest run of a: %+v", a)
		}
		first, _ := s.Runs(ctx, transform.RunFilter{Job: "a"})
		got := first[1]
		if got.Status != transform.StatusSucceeded || got.Rows != 42 || got.SnapshotID != 7 || got.Position != done.Position ||
			!got.Started.Equal(t0) || !got.Ended.Equal(done.Ended) || got.Materialization != transform.Rollup || got.Trigger != "schedule" || got.Attempt != 1 {
			t.Fatalf("finished run read back as %+v", got)
		}
	})
}
