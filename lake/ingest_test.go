package lake_test

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/iceberg-go"
	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/lake"
	"github.com/tarn-data/tarn/store/storetest"
)

const posKey = lake.PositionPrefix + "test"

// wantPosition fails unless the table's position for key is want.
func wantPosition(t testing.TB, l *lake.Lake, id lake.Ident, key, want string) {
	t.Helper()
	got, ok, err := l.Position(context.Background(), id, key)
	if err != nil {
		t.Fatalf("Position(%s): %v", key, err)
	}
	if got != want || ok != (want != "") {
		t.Fatalf("Position(%s) = %q, %v; want %q", key, got, ok, want)
	}
}

// wantMoved fails unless err is a refused positioned write.
func wantMoved(t testing.TB, err error) {
	t.Helper()
	if !errors.Is(err, lake.ErrPositionMoved) || tarn.ErrorCode(err) != tarn.ECONFLICT {
		t.Fatalf("err = %v (code %s), want ErrPositionMoved as %s", err, tarn.ErrorCode(err), tarn.ECONFLICT)
	}
}

// appendFrom appends ids [start, start+n) moving key from → to.
func appendFrom(l *lake.Lake, mem memory.Allocator, id lake.Ident, start, n int64, key, from, to string) (lake.Commit, error) {
	rdr := events(mem, start, n)
	defer rdr.Release()
	return l.AppendFrom(context.Background(), id, rdr, key, from, to, nil)
}

func TestAppendFromMovesThePositionOnlyFromWhereItIs(t *testing.T) {
	ctx := context.Background()
	l := openLake(t, storetest.SQLiteURL(t))
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	id := lake.MustIdent("app.events")
	createEvents(t, l, id, false)

	wantPosition(t, l, id, posKey, "")
	if _, err := appendFrom(l, mem, id, 0, 10, posKey, "", "10"); err != nil {
		t.Fatal(err)
	}
	wantPosition(t, l, id, posKey, "10")

	_, err := appendFrom(l, mem, id, 0, 10, posKey, "", "10")
	wantMoved(t, err)
	_, err = appendFrom(l, mem, id, 0, 10, posKey, "5", "15")
	wantMoved(t, err)

	if _, err := appendFrom(l, mem, id, 10, 10, posKey, "10", "20"); err != nil {
		t.Fatal(err)
	}
	// A plain append and another source's position leave this one alone:
	// it is found on an ancestor.
	appendEvents(t, l, mem, id, 20, 5)
	if _, err := appendFrom(l, mem, id, 25, 5, lake.PositionPrefix+"other", "", "x"); err != nil {
		t.Fatal(err)
	}
	wantPosition(t, l, id, posKey, "20")
	wantPosition(t, l, id, lake.PositionPrefix+"other", "x")

	// No rows still moves the position, in a snapshot of its own.
	before := len(countOpsList(t, l, id))
	c, err := appendFrom(l, mem, id, 0, 0, posKey, "20", "20+")
	if err != nil {
		t.Fatal(err)
	}
	if c.AddedRows != 0 || len(countOpsList(t, l, id)) != before+1 {
		t.Fatalf("an empty positioned append added %d rows and %d snapshots, want 0 and 1", c.AddedRows, len(countOpsList(t, l, id))-before)
	}
	wantPosition(t, l, id, posKey, "20+")
	wantIDs(t, liveIDs(t, l, id), [2]int64{0, 30})

	for _, bad := range []struct {
		key   string
		props map[string]string
	}{
		{"test", nil},
		{lake.PositionPrefix, nil},
		{posKey, map[string]string{lake.PositionPrefix + "other": "y"}},
	} {
		rdr := events(mem, 0, 1)
		_, err := l.AppendFrom(ctx, id, rdr, bad.key, "20+", "21", bad.props)
		rdr.Release()
		if !errors.Is(err, lake.ErrInvalid) || tarn.ErrorCode(err) != tarn.EINVALID {
			t.Errorf("AppendFrom(key %q, props %v) = %v, want ErrInvalid", bad.key, bad.props, err)
		}
	}
	wantIDs(t, liveIDs(t, l, id), [2]int64{0, 30})
}

// countOpsList lists the operations of the table's snapshots, oldest first.
func countOpsList(t testing.TB, l *lake.Lake, id lake.Ident) []string {
	t.Helper()
	snaps, err := l.Snapshots(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	var ops []string
	for _, s := range snaps {
		ops = append(ops, s.Operation)
	}
	return ops
}

func TestOverwriteFromReplacesRowsAndMovesThePosition(t *testing.T) {
	ctx := context.Background()
	l := openLake(t, storetest.SQLiteURL(t))
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	id := lake.MustIdent("app.events")
	createEvents(t, l, id, false)
	appendEvents(t, l, mem, id, 0, 10)

	rdr := events(mem, 100, 3)
	defer rdr.Release()
	if _, err := l.OverwriteFrom(ctx, id, nil, rdr, posKey, "", "run-1", nil); err != nil {
		t.Fatal(err)
	}
	wantIDs(t, liveIDs(t, l, id), [2]int64{100, 3})
	wantPosition(t, l, id, posKey, "run-1")

	rdr2 := events(mem, 200, 2)
	defer rdr2.Release()
	_, err := l.OverwriteFrom(ctx, id, iceberg.GreaterThanEqual(iceberg.Reference("id"), int64(0)), rdr2, posKey, "", "run-2", nil)
	wantMoved(t, err)
	wantIDs(t, liveIDs(t, l, id), [2]int64{100, 3})
}

func TestPositionsSurviveCompactionAndExpiry(t *testing.T) {
	ctx := context.Background()
	l := openLake(t, storetest.SQLiteURL(t))
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	id := lake.MustIdent("app.events")
	createEvents(t, l, id, false)
	other := lake.PositionPrefix + "other"
	if _, err := appendFrom(l, mem, id, 0, 5, other, "", "o1"); err != nil {
		t.Fatal(err)
	}
	from := ""
	for i := range int64(4) {
		to := strconv.FormatInt((i+1)*10, 10)
		if _, err := appendFrom(l, mem, id, 5+i*10, 10, posKey, from, to); err != nil {
			t.Fatal(err)
		}
		from = to
	}
	res, err := l.Compact(ctx, id, lake.CompactOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.RewrittenFiles == 0 {
		t.Fatal("compaction rewrote nothing; the test needs a replace snapshot")
	}
	if _, err := l.Expire(ctx, id, lake.ExpireOptions{OlderThan: time.Now().Add(time.Second), RetainLast: 1}); err != nil {
		t.Fatal(err)
	}
	if ops := countOpsList(t, l, id); len(ops) != 1 || ops[0] != "replace" {
		t.Fatalf("after expiry the snapshots are %v, want the compaction's only", ops)
	}
	wantPosition(t, l, id, posKey, "40")
	wantPosition(t, l, id, other, "o1")
	wantIDs(t, liveIDs(t, l, id), [2]int64{0, 45})

	// Expiry alone, with plain appends on top of the positioned ones,
	// keeps them in a snapshot of their own.
	if _, err := appendFrom(l, mem, id, 45, 5, posKey, "40", "50"); err != nil {
		t.Fatal(err)
	}
	appendEvents(t, l, mem, id, 50, 5)
	appendEvents(t, l, mem, id, 55, 5)
	if _, err := l.Expire(ctx, id, lake.ExpireOptions{OlderThan: time.Now().Add(time.Second), RetainLast: 1}); err != nil {
		t.Fatal(err)
	}
	if ops := countOpsList(t, l, id); len(ops) != 1 || ops[0] != "append" {
		t.Fatalf("after expiry the snapshots are %v, want one append carrying the positions", ops)
	}
	wantPosition(t, l, id, posKey, "50")
	wantPosition(t, l, id, other, "o1")
	wantIDs(t, liveIDs(t, l, id), [2]int64{0, 60})

	// With nothing to lose, expiry adds no snapshot.
	if _, err := l.Expire(ctx, id, lake.ExpireOptions{OlderThan: time.Now().Add(time.Second), RetainLast: 1}); err != nil {
		t.Fatal(err)
	}
	if n := len(countOpsList(t, l, id)); n != 1 {
		t.Fatalf("a second expiry left %d snapshots, want 1", n)
	}
}
