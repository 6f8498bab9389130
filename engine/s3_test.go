package engine_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/apache/iceberg-go"
	"github.com/tarn-data/tarn/engine"
	"github.com/tarn-data/tarn/lake"
	"github.com/tarn-data/tarn/lake/s3/s3test"
)

// newS3Fixture is a fixture whose warehouse is a bucket in a fake S3 store,
// read through a cache of at most cacheMax bytes (0 for the default).
func newS3Fixture(t *testing.T, cacheMax int64) (*fixture, *s3test.Server) {
	t.Helper()
	fake := s3test.New(t, "tarn")
	f := newFixtureOn(t, func(o lake.Options) lake.Options {
		o.Warehouse, o.IOProps = fake.Warehouse("wh"), fake.Config().Props()
		o.CacheDir, o.CacheMaxBytes = filepath.Join(t.TempDir(), "cache"), cacheMax
		return o
	})
	return f, fake
}

// dataGets counts the reads of the planned data and delete files of table.
func dataGets(t *testing.T, f *fixture, fake *s3test.Server, table string) int64 {
	t.Helper()
	plan, err := f.lake.PlanScan(context.Background(), lake.MustIdent(table), lake.AsOf{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var n int64
	for _, df := range plan.Files {
		for _, r := range df.Files() {
			n += fake.GetsOf(r.Location)
		}
	}
	return n
}

func TestQueriesOverS3ReadLocalCopiesDownloadedOnce(t *testing.T) {
	f, fake := newS3Fixture(t, 0)
	f.create(t, "app.events")
	for i := range int64(3) {
		f.appendEvents(t, "app.events", i*50, 50)
	}
	const sql = "SELECT count(*), sum(bytes), count(DISTINCT country) FROM app.events"
	rows, _ := f.query(t, sql)
	if got := strings.Join(rows[0], ","); got != "150,111750,3" {
		t.Fatalf("first query: %s", got)
	}
	if n := dataGets(t, f, fake, "app.events"); n != 3 {
		t.Fatalf("the first query read the 3 data files %d times from the store, want once each", n)
	}
	gets := fake.Gets()
	rows, _ = f.query(t, sql)
	if got := strings.Join(rows[0], ","); got != "150,111750,3" {
		t.Fatalf("second query: %s", got)
	}
	if n := fake.Gets() - gets; n != 0 {
		t.Errorf("the second query read %d objects from the store, want 0 (all from the local cache)", n)
	}
	if s := f.lake.CacheStats(); s.Downloads != 3 || s.Hits != 3 || s.Files != 3 {
		t.Errorf("cache stats %+v, want 3 downloads then 3 hits", s)
	}
	// What DuckDB reads are local files under the cache directory.
	entries, _ := filepath.Glob(filepath.Join(f.lake.CacheDir(), "*", "*.parquet"))
	if len(entries) != 3 {
		t.Errorf("cache holds %v, want 3 Parquet files", entries)
	}
}

func TestDeletesAndTimeTravelOverS3(t *testing.T) {
	f, _ := newS3Fixture(t, 0)
	ctx := context.Background()
	f.create(t, "app.events")
	c1 := f.appendEvents(t, "app.events", 0, 30)
	f.appendEvents(t, "app.events", 30, 30)
	id := lake.MustIdent("app.events")
	if _, err := f.lake.Delete(ctx, id, iceberg.LessThan(iceberg.Reference("id"), int64(10)), nil); err != nil {
		t.Fatal(err)
	}
	if got := one(t, first(f.query(t, "SELECT count(*) FROM app.events"))); got != "50" {
		t.Errorf("after deleting ids below 10: %s rows, want 50", got)
	}
	if got := one(t, first(f.query(t, "SELECT count(*) FROM app.events AT (VERSION => "+strconv.FormatInt(c1.SnapshotID, 10)+")"))); got != "30" {
		t.Errorf("time travel to the first append: %s rows, want 30", got)
	}
}

func TestQueriesHoldTheirFilesAgainstEvictionAndTheCacheShrinksAfter(t *testing.T) {
	// A one-byte budget: every file is over it, so only pins keep them.
	f, _ := newS3Fixture(t, 1)
	f.create(t, "app.events")
	for i := range int64(4) {
		f.appendEvents(t, "app.events", i*25, 25)
	}
	for range 2 {
		if got := one(t, first(f.query(t, "SELECT count(*) FROM app.events"))); got != "100" {
			t.Fatalf("count = %s, want 100", got)
		}
	}
	s := f.lake.CacheStats()
	if s.Files != 0 || s.Bytes != 0 {
		t.Errorf("after the queries the cache holds %d files (%d bytes), want none", s.Files, s.Bytes)
	}
	if s.Downloads != 8 || s.Evictions != 8 {
		t.Errorf("cache stats %+v, want 8 downloads and 8 evictions (4 files, twice)", s)
	}
}

func TestACorruptedCopyIsReplacedNotRead(t *testing.T) {
	f, fake := newS3Fixture(t, 0)
	f.create(t, "app.events")
	f.appendEvents(t, "app.events", 0, 40)
	f.query(t, "SELECT count(*) FROM app.events")
	copies, _ := filepath.Glob(filepath.Join(f.lake.CacheDir(), "*", "*.parquet"))
	if len(copies) != 1 {
		t.Fatalf("copies: %v", copies)
	}
	// Cut short behind the cache's back (a disk that lost the end of it).
	if err := os.Truncate(copies[0], 100); err != nil {
		t.Fatal(err)
	}
	before := dataGets(t, f, fake, "app.events")
	if got := one(t, first(f.query(t, "SELECT count(*) FROM app.events"))); got != "40" {
		t.Errorf("count = %s, want 40", got)
	}
	if n := dataGets(t, f, fake, "app.events") - before; n != 1 {
		t.Errorf("the truncated copy caused %d downloads, want 1", n)
	}
}

func TestSampleOverS3ReadsThroughTheCache(t *testing.T) {
	f, _ := newS3Fixture(t, 0)
	f.create(t, "app.events")
	f.appendEvents(t, "app.events", 0, 60)
	s, err := f.eng.Sample(context.Background(), lake.MustIdent("app.events"), engine.SampleOptions{Rows: 10, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if s.Rows != 10 || len(s.Columns) != 4 {
		t.Errorf("sample has %d rows and %d columns, want 10 and 4", s.Rows, len(s.Columns))
	}
	if st := f.lake.CacheStats(); st.Downloads != 1 {
		t.Errorf("cache stats %+v, want the one data file downloaded", st)
	}
}
