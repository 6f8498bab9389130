package lake_test

import (
	"context"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/tarn-data/tarn/lake"
	"github.com/tarn-data/tarn/store/storetest"
)

// TestMergeFromReplacesRowsByKeyInOneSnapshot merges ids 10..59 over ids
// 0..47 of a day-partitioned table: one row-delta snapshot, every id once,
// the position moved; a merge from a stale position commits nothing.
func TestMergeFromReplacesRowsByKeyInOneSnapshot(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, url string) {
		for _, byDay := range []bool{true, false} {
			t.Run(map[bool]string{true: "partitioned", false: "unpartitioned"}[byDay], func(t *testing.T) { testMergeFrom(t, url, byDay) })
		}
	})
}

func testMergeFrom(t *testing.T, url string, byDay bool) {
	{
		ctx := context.Background()
		l := openLake(t, url)
		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		defer mem.AssertSize(t, 0)
		id := lake.MustIdent("app.events_unpartitioned")
		if byDay {
			id = lake.MustIdent("app.events_by_day")
		}
		createEvents(t, l, id, byDay)
		appendEvents(t, l, mem, id, 0, 48)
		const key = lake.PositionPrefix + "job.test"
		rdr := events(mem, 10, 50)
		c, err := l.MergeFrom(ctx, id, []string{"id"}, rdr, key, "", "one", nil)
		rdr.Release()
		if err != nil {
			t.Fatal(err)
		}
		wantIDs(t, liveIDs(t, l, id), [2]int64{0, 60})
		wantPosition(t, l, id, key, "one")
		snaps, err := l.Snapshots(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		last := snaps[len(snaps)-1]
		if len(snaps) != 2 || last.ID != c.SnapshotID || last.Summary["added-records"] != "50" || last.Summary["added-equality-delete-files"] == "" {
			t.Fatalf("snapshots after the merge: %d, last %+v", len(snaps), last.Summary)
		}
		rdr = events(mem, 0, 5)
		_, err = l.MergeFrom(ctx, id, []string{"id"}, rdr, key, "", "two", nil)
		rdr.Release()
		wantMoved(t, err)
		wantIDs(t, liveIDs(t, l, id), [2]int64{0, 60})
	}
}
