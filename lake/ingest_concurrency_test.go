package lake_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/tarn-data/tarn/lake"
	"github.com/tarn-data/tarn/store"
	"github.com/tarn-data/tarn/store/storetest"
)

// gatedReader hands out its batch only once released, after saying that
// it was asked: the writer has checked the position and is writing.
type gatedReader struct {
	array.RecordReader
	asked   chan struct{}
	release chan struct{}
	once    sync.Once
}

func (g *gatedReader) Next() bool {
	g.once.Do(func() {
		close(g.asked)
		<-g.release
	})
	return g.RecordReader.Next()
}

func (g *gatedReader) RecordBatch() arrow.RecordBatch { return g.RecordReader.RecordBatch() }

// twoLakes opens two Lakes on one metadata store and warehouse: two
// processes that only the catalog's compare-and-swap orders.
func twoLakes(t *testing.T, url string) (*lake.Lake, *lake.Lake) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	warehouse := t.TempDir()
	var ls []*lake.Lake
	for range 2 {
		l, err := lake.Open(ctx, lake.Options{Store: db, Warehouse: warehouse})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { l.Close() })
		ls = append(ls, l)
	}
	return ls[0], ls[1]
}

func TestAppendFromIsNotReplayedOverAMovedPosition(t *testing.T) {
	for _, c := range []struct {
		name        string
		winnerMoves bool
	}{
		{"the other process moved the position", true},
		{"the other process appended without one", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			storetest.EachStore(t, func(t *testing.T, url string) {
				ctx := context.Background()
				a, b := twoLakes(t, url)
				mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
				defer mem.AssertSize(t, 0)
				id := lake.MustIdent("app.events")
				createEvents(t, a, id, false)
				appendEvents(t, a, mem, id, 0, 1)

				inner := events(mem, 100, 10)
				defer inner.Release()
				g := &gatedReader{RecordReader: inner, asked: make(chan struct{}), release: make(chan struct{})}
				done := make(chan error, 1)
				go func() {
					_, err := a.AppendFrom(ctx, id, g, posKey, "", "a", nil)
					done <- err
				}()
				<-g.asked // a checked the position and holds a stale table
				if c.winnerMoves {
					if _, err := appendFrom(b, mem, id, 200, 10, posKey, "", "b"); err != nil {
						t.Fatal(err)
					}
				} else {
					appendEvents(t, b, mem, id, 200, 10)
				}
				close(g.release)
				err := <-done
				if c.winnerMoves {
					wantMoved(t, err)
					wantPosition(t, b, id, posKey, "b")
					wantIDs(t, liveIDs(t, b, id), [2]int64{0, 1}, [2]int64{200, 10})
					return
				}
				if err != nil {
					t.Fatalf("a positioned append over an unrelated commit failed: %v", err)
				}
				wantPosition(t, b, id, posKey, "a")
				wantIDs(t, liveIDs(t, b, id), [2]int64{0, 1}, [2]int64{100, 10}, [2]int64{200, 10})
			})
		})
	}
}

func TestAppendFromRaceAcrossLakesHasOneWinnerPerPosition(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, url string) {
		const writersPerLake, target, rows = 2, 24, 3
		ctx := context.Background()
		a, b := twoLakes(t, url)
		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		defer mem.AssertSize(t, 0)
		id := lake.MustIdent("app.events")
		createEvents(t, a, id, false)

		var (
			mu    sync.Mutex
			wins  = map[string]int{}
			moved int
			wg    sync.WaitGroup
		)
		for w := range 2 * writersPerLake {
			l := []*lake.Lake{a, b}[w%2]
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					from, _, err := l.Position(ctx, id, posKey)
					if err != nil {
						t.Error(err)
						return
					}
					n, _ := strconv.ParseInt("0"+from, 10, 64)
					if n >= target {
						return
					}
					_, err = appendFrom(l, mem, id, n*rows, rows, posKey, from, strconv.FormatInt(n+1, 10))
					mu.Lock()
					switch {
					case err == nil:
						wins[from]++
					case errors.Is(err, lake.ErrPositionMoved):
						moved++
					case errors.Is(err, lake.ErrConflict):
						// Lost to a replay budget; the position
						// tells where to go on.
					default:
						t.Errorf("writer %d from %q: %v", w, from, err)
					}
					mu.Unlock()
					if t.Failed() {
						return
					}
				}
			}()
		}
		wg.Wait()
		if t.Failed() {
			return
		}
		for n := range target {
			from := ""
			if n > 0 {
				from = fmt.Sprint(n)
			}
			if wins[from] != 1 {
				t.Errorf("position %q was advanced %d times, want once", from, wins[from])
			}
		}
		t.Logf("%d positioned appends committed, %d refused because the position had moved", len(wins), moved)
		if moved == 0 {
			t.Log("the writers never collided; the race proved little this run")
		}
		wantPosition(t, a, id, posKey, fmt.Sprint(target))
		wantIDs(t, liveIDs(t, b, id), [2]int64{0, target * rows})
	})
}

func TestCompactionRacingAPositionedWriterNeverRewindsIt(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, url string) {
		const appends, rows = 30, 4
		ctx := context.Background()
		a, b := twoLakes(t, url)
		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		defer mem.AssertSize(t, 0)
		id := lake.MustIdent("app.events")
		createEvents(t, a, id, false)

		stop := make(chan struct{})
		compacted := make(chan [2]int, 1)
		var once sync.Once
		var counts [2]int
		halt := func() {
			once.Do(func() {
				close(stop)
				counts = <-compacted
			})
		}
		defer halt()
		go func() {
			var ok, conflicts int
			defer func() { compacted <- [2]int{ok, conflicts} }()
			for {
				select {
				case <-stop:
					return
				default:
				}
				_, err := a.Compact(ctx, id, lake.CompactOptions{})
				switch {
				case err == nil:
					ok++
				case errors.Is(err, lake.ErrConflict):
					conflicts++
				default:
					t.Errorf("compaction: %v", err)
					return
				}
			}
		}()
		from := ""
		for i := range int64(appends) {
			to := strconv.FormatInt(i+1, 10)
			if _, err := appendFrom(b, mem, id, i*rows, rows, posKey, from, to); err != nil {
				t.Fatalf("append %d: %v", i, err)
			}
			from = to
			// Position through the compacting process too: a compaction
			// replayed over this append would have rewound it.
			wantPosition(t, a, id, posKey, to)
		}
		halt()
		t.Logf("%d compactions committed, %d gave up to the writer", counts[0], counts[1])
		wantPosition(t, b, id, posKey, strconv.Itoa(appends))
		wantIDs(t, liveIDs(t, b, id), [2]int64{0, appends * rows})
	})
}

func TestKilledPositionedWriterLeavesPositionAndRowsTogether(t *testing.T) {
	bin := crashwriterBinary(t)
	url := storetest.SQLiteURL(t)
	const kills, batch = 12, 10
	l, warehouse := openLakeAt(t, url)
	id := lake.MustIdent("app.events")
	createEvents(t, l, id, false)
	seed := uint64(time.Now().UnixNano())
	t.Logf("kill schedule seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 2))

	var last ack
	for k := range kills {
		cmd, out, stderr := crashwriter(t, bin, url, warehouse, id, "-rows", strconv.Itoa(batch), "-position", "crash")
		lines := make(chan string)
		go func() {
			defer close(lines)
			for out.Scan() {
				lines <- out.Text()
			}
		}()
		for range rng.IntN(5) {
			line, ok := <-lines
			if !ok {
				break
			}
			if a, ok := parseAck(line); ok && a.rows >= last.rows {
				last = a
			}
		}
		// Kill at a random moment of the next commit.
		time.Sleep(time.Duration(rng.IntN(30)) * time.Millisecond)
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		for line := range lines {
			if a, ok := parseAck(line); ok && a.rows >= last.rows {
				last = a
			}
		}
		err := cmd.Wait()
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
			t.Fatalf("kill %d: the writer stopped by itself: %v: %s", k, err, stderr.String())
		}
		checkCommittedState(t, url, warehouse, id, last, batch)
		checkPositionMatchesRows(t, url, warehouse, id, lake.PositionPrefix+"crash")
	}
	t.Logf("%d kills; %d rows acknowledged", kills, last.rows)
}

// checkPositionMatchesRows opens the lake as a restarted process would and
// checks that the position the writer recorded is the table's row count.
func checkPositionMatchesRows(t *testing.T, url, warehouse string, id lake.Ident, key string) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	l, err := lake.Open(ctx, lake.Options{Store: db, Warehouse: warehouse})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	rows, _ := planRows(t, l, id)
	want := ""
	if rows > 0 {
		want = strconv.FormatInt(rows, 10)
	}
	wantPosition(t, l, id, key, want)
}
