package lake_test

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/iceberg-go"
	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/lake"
	"github.com/tarn-data/tarn/store"
	"github.com/tarn-data/tarn/store/storetest"
)

// idChecksum is a SHA-256 over sorted ids.
func idChecksum(ids []int64) [32]byte {
	h := sha256.New()
	var b [8]byte
	for _, id := range ids {
		binary.LittleEndian.PutUint64(b[:], uint64(id))
		h.Write(b[:])
	}
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	return sum
}

// exists reports whether a file location (URL or path) exists on local disk.
func exists(t testing.TB, location string) bool {
	t.Helper()
	p := lake.LocalPath(location)
	if p == "" {
		t.Fatalf("%s is not on local disk", location)
	}
	_, err := os.Stat(p)
	return err == nil
}

func TestCompactionKeepsEveryRow(t *testing.T) {
	localOnly(t)
	storetest.EachStore(t, func(t *testing.T, url string) {
		const appends, rows = 100, 3 // ids 0..299, one per hour: 13 days
		ctx := context.Background()
		l := openLake(t, url)
		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		defer mem.AssertSize(t, 0)
		id := lake.MustIdent("app.events")
		createEvents(t, l, id, true)
		for i := range int64(appends) {
			appendEvents(t, l, mem, id, i*rows, rows)
		}
		deleted := []int64{5, 50, 150, 299}
		if _, err := l.Delete(ctx, id, iceberg.IsIn(iceberg.Reference("id"), deleted...), nil); err != nil {
			t.Fatal(err)
		}

		rowsBefore, before := planRows(t, l, id)
		withDeletes := 0
		for _, f := range before.Files {
			if len(f.PositionDeletes) > 0 {
				withDeletes++
			}
		}
		if withDeletes == 0 {
			t.Fatal("the delete left no position delete files; the test needs some to prove compaction removes them")
		}
		idsBefore := liveIDs(t, l, id)
		if len(idsBefore) != appends*rows-len(deleted) {
			t.Fatalf("%d live rows before compaction, want %d", len(idsBefore), appends*rows-len(deleted))
		}

		res, err := l.Compact(ctx, id, lake.CompactOptions{})
		if err != nil {
			t.Fatal(err)
		}
		rowsAfter, after := planRows(t, l, id)
		if res.FilesBefore != len(before.Files) || res.FilesAfter != len(after.Files) {
			t.Errorf("result says %d → %d files, plans show %d → %d", res.FilesBefore, res.FilesAfter, len(before.Files), len(after.Files))
		}
		const days = 13
		if len(after.Files) >= len(before.Files) || len(after.Files) > days {
			t.Errorf("compaction left %d files (from %d), want at most one per day partition (%d)", len(after.Files), len(before.Files), days)
		}
		if res.RemovedDeleteFiles == 0 {
			t.Error("compaction reports no delete file removed")
		}
		for _, f := range after.Files {
			if len(f.PositionDeletes) > 0 || len(f.EqualityDeletes) > 0 {
				t.Errorf("data file %s still has delete files after compaction", f.Location)
			}
		}
		if rowsAfter != int64(len(idsBefore)) {
			t.Errorf("compacted files hold %d rows, want the %d live rows (before: %d rows in files, deletes applied on read)", rowsAfter, len(idsBefore), rowsBefore)
		}
		idsAfter := liveIDs(t, l, id)
		if idChecksum(idsAfter) != idChecksum(idsBefore) {
			t.Errorf("ids changed in compaction: %d before, %d after", len(idsBefore), len(idsAfter))
		}
		for _, d := range deleted {
			if _, found := slices.BinarySearch(idsAfter, d); found {
				t.Errorf("deleted id %d is back after compaction", d)
			}
		}

		// The snapshot before compaction still reads: its files stay until
		// expiry.
		old, err := l.PlanScan(ctx, id, lake.AsOf{SnapshotID: &before.Snapshot.ID}, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range old.Files {
			if !exists(t, f.Location) {
				t.Errorf("file %s of the pre-compaction snapshot is gone before expiry", f.Location)
			}
		}
	})
}

func TestCompactionWhileAnotherProcessAppendsLosesNoRow(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, url string) {
		// Two Lakes on one store stand for two processes.
		const appends, rows = 30, 4
		ctx := context.Background()
		db, err := store.Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		warehouse := t.TempDir()
		open := func() *lake.Lake {
			l, err := lake.Open(ctx, lake.Options{Store: db, Warehouse: warehouse})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { l.Close() })
			return l
		}
		writer, maintainer := open(), open()
		id := lake.MustIdent("app.events")
		createEvents(t, writer, id, true)
		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		defer mem.AssertSize(t, 0)

		// The writer appends without waiting; the maintainer compacts after
		// each append it hears of, so compactions overlap the next appends.
		appended := make(chan struct{}, appends)
		go func() {
			defer close(appended)
			for i := range int64(appends) {
				rdr := events(mem, i*rows, rows)
				_, err := writer.Append(ctx, id, rdr, nil)
				rdr.Release()
				if err != nil {
					t.Errorf("append %d: %v", i, err)
					return
				}
				appended <- struct{}{}
			}
		}()
		compactions, rewrote, gaveWay := 0, 0, 0
		for range appended {
			res, err := maintainer.Compact(ctx, id, lake.CompactOptions{})
			compactions++
			switch {
			case err == nil:
				if res.RewrittenFiles > 0 {
					rewrote++
				}
			case tarn.ErrorCode(err) == tarn.ECONFLICT:
				gaveWay++
			default:
				t.Errorf("compaction failed: %v", err)
			}
		}
		if t.Failed() {
			return
		}
		if n := countOps(t, writer, id)["append"]; n != appends {
			t.Errorf("%d append snapshots, want %d", n, appends)
		}
		wantIDs(t, liveIDs(t, maintainer, id), [2]int64{0, appends * rows})
		t.Logf("%d compactions beside the writer: %d rewrote files, %d gave way with a conflict", compactions, rewrote, gaveWay)
	})
}

// waitPastMillis returns once the wall clock's millisecond is at least ms+2,
// so that the next snapshot is strictly newer than one stamped ms.
func waitPastMillis(ms int64) {
	for time.Now().UnixMilli() < ms+2 {
		time.Sleep(time.Millisecond)
	}
}

func TestExpireKeepsTimeTravelWithinRetention(t *testing.T) {
	localOnly(t)
	storetest.EachStore(t, func(t *testing.T, url string) {
		ctx := context.Background()
		l := openLake(t, url)
		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		defer mem.AssertSize(t, 0)
		id := lake.MustIdent("app.events")
		createEvents(t, l, id, false)

		// s1..s3 append; s4 replaces the whole table, so the files of
		// s1..s3 are referenced by those snapshots only; s5, s6 append.
		var snaps []int64
		for i := range int64(3) {
			snaps = append(snaps, appendEvents(t, l, mem, id, i*10, 10).SnapshotID)
		}
		all, err := l.Snapshots(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		waitPastMillis(all[len(all)-1].Timestamp.UnixMilli())
		rdr := events(mem, 100, 10)
		c, err := l.Overwrite(ctx, id, nil, rdr, nil)
		rdr.Release()
		if err != nil {
			t.Fatal(err)
		}
		snaps = append(snaps, c.SnapshotID)
		for i := range int64(2) {
			snaps = append(snaps, appendEvents(t, l, mem, id, 110+i*10, 10).SnapshotID)
		}
		all, err = l.Snapshots(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		cut := all[3].Timestamp // s4's own time: s4 is not older than it

		// Every file each snapshot reads, before expiry.
		files := map[int64][]string{}
		for _, s := range snaps {
			p, err := l.PlanScan(ctx, id, lake.AsOf{SnapshotID: &s}, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range p.Files {
				files[s] = append(files[s], f.Location)
			}
		}
		leased := files[snaps[0]][0]
		release := l.Lease([]string{leased})

		res, err := l.Expire(ctx, id, lake.ExpireOptions{OlderThan: cut, RetainLast: 2})
		if err != nil {
			t.Fatal(err)
		}
		if res.ExpiredSnapshots != 3 {
			t.Errorf("expired %d snapshots, want 3 (s1..s3 are older than s4)", res.ExpiredSnapshots)
		}
		if res.KeptInUse != 1 {
			t.Errorf("kept %d leased files, want 1", res.KeptInUse)
		}
		wantRows := map[int]int64{3: 10, 4: 20, 5: 30}
		for i, s := range snaps {
			p, err := l.PlanScan(ctx, id, lake.AsOf{SnapshotID: &s}, nil)
			if i < 3 {
				if !errors.Is(err, lake.ErrNoSuchSnapshot) || tarn.ErrorCode(err) != tarn.ENOTFOUND {
					t.Errorf("time travel to expired s%d: err = %v, want ErrNoSuchSnapshot (not_found)", i+1, err)
				}
				for _, f := range files[s] {
					if f != leased && exists(t, f) {
						t.Errorf("file %s only expired s%d read is still there", f, i+1)
					}
				}
				continue
			}
			if err != nil {
				t.Errorf("time travel to retained s%d: %v", i+1, err)
				continue
			}
			var n int64
			for _, f := range p.Files {
				n += f.Records
				if !exists(t, f.Location) {
					t.Errorf("file %s of retained s%d is gone", f.Location, i+1)
				}
			}
			if n != wantRows[i] {
				t.Errorf("retained s%d plans %d rows, want %d", i+1, n, wantRows[i])
			}
		}
		if !exists(t, leased) {
			t.Errorf("leased file %s was deleted by expiry", leased)
		}
		if res.DeletedFiles < len(files[snaps[0]])+len(files[snaps[1]])+len(files[snaps[2]])-1 {
			t.Errorf("expiry deleted %d files, fewer than the data files only s1..s3 read", res.DeletedFiles)
		}

		// Once the reader is done, orphan removal takes the leased file.
		release()
		if _, err := l.RemoveOrphans(ctx, id, lake.OrphanOptions{OlderThan: time.Nanosecond}); err != nil {
			t.Fatal(err)
		}
		if exists(t, leased) {
			t.Errorf("released file %s survived orphan removal", leased)
		}

		// RetainLast wins over age: expiring everything older than now
		// still keeps the newest two snapshots, and their files.
		res, err = l.Expire(ctx, id, lake.ExpireOptions{OlderThan: time.Now().Add(time.Hour), RetainLast: 2})
		if err != nil {
			t.Fatal(err)
		}
		left, err := l.Snapshots(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if res.ExpiredSnapshots != 1 || len(left) != 2 || left[0].ID != snaps[4] || left[1].ID != snaps[5] {
			t.Errorf("after expiring everything keeping 2: expired %d, left %+v; want s5 and s6 left", res.ExpiredSnapshots, left)
		}
		wantIDs(t, liveIDs(t, l, id), [2]int64{100, 30})
	})
}

// ageTree sets the modification time of every file under dir to at.
func ageTree(t testing.TB, dir string, at time.Time) {
	t.Helper()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		return os.Chtimes(p, at, at)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestRemoveOrphansDeletesOnlyUnreferencedOldFiles(t *testing.T) {
	localOnly(t)
	storetest.EachStore(t, func(t *testing.T, url string) {
		ctx := context.Background()
		l := openLake(t, url)
		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		defer mem.AssertSize(t, 0)
		id := lake.MustIdent("app.events")
		createEvents(t, l, id, true)
		for i := range int64(3) {
			appendEvents(t, l, mem, id, i*20, 20)
		}
		if _, err := l.Delete(ctx, id, iceberg.EqualTo(iceberg.Reference("id"), int64(7)), nil); err != nil {
			t.Fatal(err)
		}
		idsBefore := liveIDs(t, l, id)
		tbl, err := l.Load(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		tableDir := lake.LocalPath(tbl.Location())
		dataDir := filepath.Join(tableDir, "data")

		// Everything the table references is an hour old, as is one stray
		// file (say, from a writer that died before committing) and one a
		// query in this process has leased; another stray file is fresh (a
		// writer may be about to commit it).
		hourAgo := time.Now().Add(-time.Hour)
		stray := func(name string) string {
			p := filepath.Join(dataDir, name)
			if err := os.WriteFile(p, []byte("PAR1 not really"), 0o644); err != nil {
				t.Fatal(err)
			}
			return p
		}
		oldStray, leasedStray := stray("stray-old.parquet"), stray("stray-leased.parquet")
		ageTree(t, tableDir, hourAgo)
		freshStray := stray("stray-fresh.parquet")
		release := l.Lease([]string{"file://" + leasedStray})
		defer release()

		o := lake.OrphanOptions{OlderThan: 10 * time.Minute, DryRun: true}
		dry, err := l.RemoveOrphans(ctx, id, o)
		if err != nil {
			t.Fatal(err)
		}
		listed := map[string]bool{}
		for _, p := range dry.Orphans {
			if lp := lake.LocalPath(p); lp != "" {
				p = lp
			}
			listed[p] = true
		}
		if !listed[oldStray] || !listed[leasedStray] || len(listed) != 2 {
			t.Errorf("dry run listed %v, want exactly the two old stray files", dry.Orphans)
		}
		if dry.Deleted != 0 || !exists(t, oldStray) {
			t.Errorf("dry run deleted %d files", dry.Deleted)
		}

		o.DryRun = false
		res, err := l.RemoveOrphans(ctx, id, o)
		if err != nil {
			t.Fatal(err)
		}
		if res.Deleted != 1 {
			t.Errorf("deleted %d files, want 1 (the old, unleased stray)", res.Deleted)
		}
		for _, c := range []struct {
			path string
			want bool
			why  string
		}{
			{oldStray, false, "an old unreferenced file is deleted"},
			{leasedStray, true, "a file a running query leased is kept"},
			{freshStray, true, "a file younger than OlderThan is kept"},
		} {
			if got := exists(t, c.path); got != c.want {
				t.Errorf("%s: exists = %v, want %v (%s)", filepath.Base(c.path), got, c.want, c.why)
			}
		}
		_, plan := planRows(t, l, id)
		for _, f := range plan.Files {
			if !exists(t, f.Location) {
				t.Errorf("referenced data file %s was deleted", f.Location)
			}
			for _, d := range f.PositionDeletes {
				if !exists(t, d) {
					t.Errorf("referenced delete file %s was deleted", d)
				}
			}
		}
		if got := liveIDs(t, l, id); !slices.Equal(got, idsBefore) {
			t.Errorf("table reads %d ids after orphan removal, want the %d it had", len(got), len(idsBefore))
		}
	})
}

// BenchmarkCompact1000SmallFiles compacts a table of 1,000 one-file appends.
// It reports the seconds one compaction takes and the data files before and
// after.
func BenchmarkCompact1000SmallFiles(b *testing.B) {
	const files, rows = 1000, 10
	ctx := context.Background()
	mem := memory.NewGoAllocator()
	l := openLake(b, storetest.SQLiteURL(b))
	if err := l.CreateNamespace(ctx, "app", nil); err != nil {
		b.Fatal(err)
	}
	var before, after int
	var secs float64
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		id := lake.MustIdent(fmt.Sprintf("app.events_%d", i))
		if _, err := l.CreateTable(ctx, id, lake.TableSpec{Schema: eventSchema}); err != nil {
			b.Fatal(err)
		}
		for j := range int64(files) {
			appendEvents(b, l, mem, id, j*rows, rows)
			// Keep the snapshot list short so setup stays linear; every
			// appended file stays live.
			if j%100 == 99 {
				if _, err := l.Expire(ctx, id, lake.ExpireOptions{OlderThan: time.Now().Add(time.Hour), RetainLast: 1}); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.StartTimer()
		start := time.Now()
		res, err := l.Compact(ctx, id, lake.CompactOptions{})
		if err != nil {
			b.Fatal(err)
		}
		secs += time.Since(start).Seconds()
		before, after = res.FilesBefore, res.FilesAfter
	}
	b.ReportMetric(secs/float64(b.N), "s/compact")
	b.ReportMetric(float64(before), "files_before")
	b.ReportMetric(float64(after), "files_after")
}
