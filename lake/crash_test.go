package lake_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/tarn-data/tarn/lake"
	"github.com/tarn-data/tarn/store"
	"github.com/tarn-data/tarn/store/storetest"
)

// helperDir holds the crashwriter binary, built at most once per test run
// and removed by TestMain.
var (
	helperOnce sync.Once
	helperDir  string
	helperBin  string
	helperErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if helperDir != "" {
		os.RemoveAll(helperDir)
	}
	os.Exit(code)
}

// crashwriterBinary builds lake/internal/crashwriter (once per run) and
// returns the path of the binary.
func crashwriterBinary(t testing.TB) string {
	t.Helper()
	helperOnce.Do(func() {
		goBin, err := exec.LookPath("go")
		if err != nil {
			goBin = "go"
		}
		if helperDir, helperErr = os.MkdirTemp("", "tarn-crashwriter-"); helperErr != nil {
			return
		}
		helperBin = filepath.Join(helperDir, "crashwriter")
		out, err := exec.Command(goBin, "build", "-o", helperBin, "./internal/crashwriter").CombinedOutput()
		if err != nil {
			helperErr = fmt.Errorf("go build ./internal/crashwriter: %v\n%s", err, out)
		}
	})
	if helperErr != nil {
		t.Fatal(helperErr)
	}
	return helperBin
}

// openLakeAt is openLake that also returns the warehouse directory, for
// other processes and later Lakes to share.
func openLakeAt(t testing.TB, url string) (*lake.Lake, string) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	warehouse := t.TempDir()
	l, err := lake.Open(ctx, lake.Options{Store: db, Warehouse: warehouse})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l, warehouse
}

// ack is one line a crashwriter printed after an acknowledged commit.
type ack struct {
	snapshot int64
	rows     int64
}

func parseAck(line string) (ack, bool) {
	f := strings.Fields(line)
	if len(f) != 3 || f[0] != "ack" {
		return ack{}, false
	}
	s, err1 := strconv.ParseInt(f[1], 10, 64)
	r, err2 := strconv.ParseInt(f[2], 10, 64)
	return ack{s, r}, err1 == nil && err2 == nil
}

func TestKilledWriterLeavesTableReadable(t *testing.T) {
	bin := crashwriterBinary(t)
	storetest.EachStore(t, func(t *testing.T, url string) {
		const kills, batch = 20, 10
		l, warehouse := openLakeAt(t, url)
		id := lake.MustIdent("app.events")
		createEvents(t, l, id, true)
		seed := uint64(time.Now().UnixNano())
		if s, err := strconv.ParseUint(os.Getenv("TARN_TEST_KILL_SEED"), 10, 64); err == nil {
			seed = s
		}
		t.Logf("kill schedule seed %d (set TARN_TEST_KILL_SEED to replay it)", seed)
		rng := rand.New(rand.NewPCG(seed, 1))

		var last ack // the newest acknowledged commit over all runs
		acks := 0
		for k := range kills {
			waitAcks := rng.IntN(6)
			pause := time.Duration(rng.IntN(40)) * time.Millisecond

			cmd, out, stderr := crashwriter(t, bin, url, warehouse, id, "-rows", strconv.Itoa(batch))
			lines := make(chan string)
			go func() {
				defer close(lines)
				for out.Scan() {
					lines <- out.Text()
				}
			}()
			note := func(line string) {
				a, ok := parseAck(line)
				if !ok {
					return
				}
				acks++
				if a.rows >= last.rows {
					last = a
				}
			}
			for seen := 0; seen < waitAcks; seen++ {
				line, ok := <-lines
				if !ok {
					break
				}
				note(line)
			}
			time.Sleep(pause)
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			for line := range lines {
				note(line)
			}
			err := cmd.Wait()
			if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
				t.Fatalf("kill %d: the writer stopped by itself before it was killed: %v: %s", k, err, stderr.String())
			}
			checkCommittedState(t, url, warehouse, id, last, batch)
		}
		if last.rows == 0 {
			t.Log("no append was acknowledged before any kill; the schedule only hit start-up")
		}

		// Writers killed mid-commit leave files no snapshot references.
		// Removing them must not touch the table's committed state.
		ctx := context.Background()
		orphans, err := l.RemoveOrphans(ctx, id, lake.OrphanOptions{OlderThan: time.Nanosecond})
		if err != nil {
			t.Fatalf("removing the files of killed writers: %v", err)
		}
		checkCommittedState(t, url, warehouse, id, last, batch)
		t.Logf("%d kills, %d acknowledged appends, %d rows; %d files of unfinished commits removed",
			kills, acks, last.rows, orphans.Deleted)
	})
}

// checkCommittedState opens a new Lake on the store, as a restarted process
// would, and checks that the table loads, plans, and holds a committed state
// at least as new as the last acknowledged commit: every data file exists and
// reads as Parquet with the row count its manifest records, and the ids are
// exactly 0..rows-1 (no torn or duplicated batch).
func checkCommittedState(t *testing.T, url, warehouse string, id lake.Ident, last ack, batch int64) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, url)
	if err != nil {
		t.Fatalf("reopening the store after a kill: %v", err)
	}
	defer db.Close()
	l, err := lake.Open(ctx, lake.Options{Store: db, Warehouse: warehouse})
	if err != nil {
		t.Fatalf("opening a lake after a kill: %v", err)
	}
	defer l.Close()
	tbl, err := l.Load(ctx, id)
	if err != nil {
		t.Fatalf("loading %s after a kill: %v", id, err)
	}
	if last.snapshot != 0 && tbl.SnapshotByID(last.snapshot) == nil {
		t.Fatalf("acknowledged snapshot %d is missing after a kill", last.snapshot)
	}
	rows, plan := planRows(t, l, id)
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	var ids []int64
	for _, f := range plan.Files {
		n, fileIDs := readParquetIDs(t, mem, lake.LocalPath(f.Location))
		if n != f.Records {
			t.Fatalf("data file %s holds %d rows, its manifest says %d", f.Location, n, f.Records)
		}
		ids = append(ids, fileIDs...)
	}
	if rows < last.rows {
		t.Fatalf("table holds %d rows after a kill, fewer than the %d acknowledged", rows, last.rows)
	}
	if rows%batch != 0 {
		t.Fatalf("table holds %d rows, not a whole number of %d-row batches", rows, batch)
	}
	slices.Sort(ids)
	for i, v := range ids {
		if v != int64(i) {
			t.Fatalf("ids are not exactly 0..%d: position %d holds %d", rows-1, i, v)
		}
	}
}

// readParquetIDs reads a Parquet data file from local disk and returns its
// row count and its id column.
func readParquetIDs(t *testing.T, mem memory.Allocator, path string) (int64, []int64) {
	t.Helper()
	if path == "" {
		t.Fatal("data file is not on local disk")
	}
	pf, err := file.OpenParquetFile(path, false)
	if err != nil {
		t.Fatalf("data file %s does not open as Parquet: %v", path, err)
	}
	defer pf.Close()
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{}, mem)
	if err != nil {
		t.Fatal(err)
	}
	tbl, err := fr.ReadTable(context.Background())
	if err != nil {
		t.Fatalf("data file %s does not read: %v", path, err)
	}
	defer tbl.Release()
	var ids []int64
	idx := tbl.Schema().FieldIndices("id")
	if len(idx) != 1 {
		t.Fatalf("data file %s has no id column", path)
	}
	for _, c := range tbl.Column(idx[0]).Data().Chunks() {
		ids = append(ids, c.(*array.Int64).Int64Values()...)
	}
	if pf.NumRows() != tbl.NumRows() {
		t.Fatalf("data file %s: footer says %d rows, read %d", path, pf.NumRows(), tbl.NumRows())
	}
	return tbl.NumRows(), ids
}
