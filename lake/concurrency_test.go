package lake_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/lake"
	"github.com/tarn-data/tarn/store"
	"github.com/tarn-data/tarn/store/storetest"
)

// createEvents creates namespace app and the events table id in it,
// partitioned by day(ts) when byDay is set.
func createEvents(t testing.TB, l *lake.Lake, id lake.Ident, byDay bool) {
	t.Helper()
	ctx := context.Background()
	if err := l.CreateNamespace(ctx, id.Namespace, nil); err != nil {
		t.Fatal(err)
	}
	spec := lake.TableSpec{Schema: eventSchema}
	if byDay {
		spec.Partition = []lake.PartitionField{{Column: "ts", Transform: "day"}}
	}
	if _, err := l.CreateTable(ctx, id, spec); err != nil {
		t.Fatal(err)
	}
}

// appendEvents appends n event rows with ids from start in one commit.
func appendEvents(t testing.TB, l *lake.Lake, mem memory.Allocator, id lake.Ident, start, n int64) lake.Commit {
	t.Helper()
	rdr := events(mem, start, n)
	defer rdr.Release()
	c, err := l.Append(context.Background(), id, rdr, nil)
	if err != nil {
		t.Fatalf("append of ids %d..%d: %v", start, start+n-1, err)
	}
	return c
}

// planRows sums the records of the data files a current-snapshot scan plans.
func planRows(t testing.TB, l *lake.Lake, id lake.Ident) (rows int64, plan *lake.ScanPlan) {
	t.Helper()
	plan, err := l.PlanScan(context.Background(), id, lake.AsOf{}, nil)
	if err != nil {
		t.Fatalf("planning a scan of %s: %v", id, err)
	}
	for _, f := range plan.Files {
		rows += f.Records
	}
	return rows, plan
}

// liveIDs reads the id column of the current snapshot through iceberg-go's
// own reader (which applies delete files) and returns the ids sorted.
func liveIDs(t testing.TB, l *lake.Lake, id lake.Ident) []int64 {
	t.Helper()
	ctx := context.Background()
	tbl, err := l.Load(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	_, recs, err := tbl.Scan().ToArrowRecords(ctx)
	if err != nil {
		t.Fatalf("reading %s: %v", id, err)
	}
	var ids []int64
	for rec, err := range recs {
		if err != nil {
			t.Fatalf("reading %s: %v", id, err)
		}
		col := rec.Column(rec.Schema().FieldIndices("id")[0]).(*array.Int64)
		ids = append(ids, col.Int64Values()...)
		rec.Release()
	}
	slices.Sort(ids)
	return ids
}

// countOps counts the table's snapshots by operation.
func countOps(t testing.TB, l *lake.Lake, id lake.Ident) map[string]int {
	t.Helper()
	snaps, err := l.Snapshots(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	n := map[string]int{}
	for _, s := range snaps {
		n[s.Operation]++
	}
	return n
}

// wantIDs checks that got (sorted) holds exactly the ids of ranges, each
// [start, start+n).
func wantIDs(t testing.TB, got []int64, ranges ...[2]int64) {
	t.Helper()
	var want []int64
	for _, r := range ranges {
		for i := r[0]; i < r[0]+r[1]; i++ {
			want = append(want, i)
		}
	}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("table holds %d ids, want exactly %d (every appended id once)", len(got), len(want))
	}
}

func TestConcurrentWritersAllCommit(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, url string) {
		const writers, appends, rows = 8, 50, 3
		l := openLake(t, url)
		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		defer mem.AssertSize(t, 0)
		id := lake.MustIdent("app.events")
		createEvents(t, l, id, true)

		var wg sync.WaitGroup
		errs := make(chan error, writers*appends)
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range appends {
					start := int64(w*appends+i) * rows
					rdr := events(mem, start, rows)
					_, err := l.Append(context.Background(), id, rdr, nil)
					rdr.Release()
					if err != nil {
						errs <- fmt.Errorf("writer %d append %d: %w", w, i, err)
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}

		if n := countOps(t, l, id)["append"]; n != writers*appends {
			t.Errorf("table has %d append snapshots, want %d (one per acknowledged append)", n, writers*appends)
		}
		total, _ := planRows(t, l, id)
		if total != writers*appends*rows {
			t.Errorf("scan plan holds %d rows, want %d", total, writers*appends*rows)
		}
		wantIDs(t, liveIDs(t, l, id), [2]int64{0, writers * appends * rows})
	})
}

// crashwriter starts the helper program appending to id and returns the
// command and a scanner over its stdout.
func crashwriter(t testing.TB, bin, url, warehouse string, id lake.Ident, args ...string) (*exec.Cmd, *bufio.Scanner, *strings.Builder) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"-store", url, "-warehouse", warehouse, "-table", id.String()}, args...)...)
	stderr := &strings.Builder{}
	cmd.Stderr = stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, bufio.NewScanner(out), stderr
}

func TestConcurrentWritersAcrossProcesses(t *testing.T) {
	bin := crashwriterBinary(t)
	storetest.EachStore(t, func(t *testing.T, url string) {
		const procs, appends, rows = 2, 40, 5
		l, warehouse := openLakeAt(t, url)
		id := lake.MustIdent("app.events")
		createEvents(t, l, id, false)

		type result struct {
			acks   int
			err    error
			stderr string
		}
		results := make(chan result, procs)
		for p := range procs {
			first := int64(p) * 1_000_000
			cmd, out, stderr := crashwriter(t, bin, url, warehouse, id,
				"-batches", fmt.Sprint(appends), "-rows", fmt.Sprint(rows), "-first-id", fmt.Sprint(first), "-writer", fmt.Sprint(p))
			go func() {
				r := result{}
				for out.Scan() {
					if strings.HasPrefix(out.Text(), "ack ") {
						r.acks++
					}
				}
				r.err = cmd.Wait()
				r.stderr = stderr.String()
				results <- r
			}()
		}
		var ranges [][2]int64
		for p := range procs {
			r := <-results
			if r.err != nil {
				t.Errorf("a writer failed after %d acknowledged appends: %v: %s", r.acks, r.err, r.stderr)
			} else if r.acks != appends {
				t.Errorf("a writer acknowledged %d appends, want %d", r.acks, appends)
			}
			ranges = append(ranges, [2]int64{int64(p) * 1_000_000, appends * rows})
		}
		if t.Failed() {
			return
		}
		if n := countOps(t, l, id)["append"]; n != procs*appends {
			t.Errorf("table has %d append snapshots, want %d (one per acknowledged append)", n, procs*appends)
		}
		total, _ := planRows(t, l, id)
		if total != procs*appends*rows {
			t.Errorf("scan plan holds %d rows, want %d", total, procs*appends*rows)
		}
		wantIDs(t, liveIDs(t, l, id), ranges...)
		t.Logf("the writers took turns %d times in the snapshot history", writerSwitches(t, l, id))
	})
}

// writerSwitches counts how often consecutive snapshots come from different
// writers (summary property tarn.writer): 1 means the processes did not
// overlap at all; more means their commits interleaved.
func writerSwitches(t testing.TB, l *lake.Lake, id lake.Ident) int {
	t.Helper()
	snaps, err := l.Snapshots(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for i := 1; i < len(snaps); i++ {
		if snaps[i].Summary["tarn.writer"] != snaps[i-1].Summary["tarn.writer"] {
			n++
		}
	}
	return n
}

func TestConflictingWritersCommitOrGetConflict(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, url string) {
		// Two Lakes on one store stand for two processes: nothing but the
		// catalog's compare-and-swap orders their commits. One replay per
		// commit makes conflicts that outlast the retries likely.
		const lakes, writersPerLake, appends, rows = 2, 2, 15, 2
		ctx := context.Background()
		db, err := store.Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		warehouse := t.TempDir()
		var ls []*lake.Lake
		for range lakes {
			l, err := lake.Open(ctx, lake.Options{Store: db, Warehouse: warehouse, CommitRetries: 1})
			if err != nil {
				t.Fatal(err)
			}
			defer l.Close()
			ls = append(ls, l)
		}
		id := lake.MustIdent("app.events")
		createEvents(t, ls[0], id, false)

		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		defer mem.AssertSize(t, 0)
		var (
			mu        sync.Mutex
			committed [][2]int64
			conflicts int
			wg        sync.WaitGroup
		)
		for w := range lakes * writersPerLake {
			l := ls[w%lakes]
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range appends {
					start := int64(w*appends+i) * rows
					rdr := events(mem, start, rows)
					_, err := l.Append(ctx, id, rdr, nil)
					rdr.Release()
					mu.Lock()
					switch {
					case err == nil:
						committed = append(committed, [2]int64{start, rows})
					case errors.Is(err, lake.ErrConflict) && tarn.ErrorCode(err) == tarn.ECONFLICT:
						conflicts++
					default:
						t.Errorf("append failed with %v (code %s), want success or a conflict", err, tarn.ErrorCode(err))
					}
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if t.Failed() {
			return
		}
		t.Logf("%d appends committed, %d refused as conflicts", len(committed), conflicts)
		if n := countOps(t, ls[1], id)["append"]; n != len(committed) {
			t.Errorf("table has %d append snapshots, want %d (one per acknowledged append, none for a refused one)", n, len(committed))
		}
		wantIDs(t, liveIDs(t, ls[1], id), committed...)
	})
}
