package s3_test

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/iceberg-go"
	"github.com/apache/iceberg-go/table"
	"github.com/tarn-data/tarn/lake"
	"github.com/tarn-data/tarn/lake/s3"
	"github.com/tarn-data/tarn/lake/s3/s3test"
	"github.com/tarn-data/tarn/store"
	"github.com/tarn-data/tarn/store/storetest"
)

// openLake opens a lake on a fresh SQLite catalog whose warehouse is
// s3://<bucket>/wh in fake, reached with cfg.
func openLake(t testing.TB, fake *s3test.Server, cfg s3.Config) *lake.Lake {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, storetest.SQLiteURL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	l, err := lake.Open(ctx, lake.Options{Store: db, Warehouse: fake.Warehouse("wh"), IOProps: cfg.Props(),
		CacheDir: filepath.Join(t.TempDir(), "cache")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

var schema = arrow.NewSchema([]arrow.Field{
	{Name: "id", Type: arrow.PrimitiveTypes.Int64},
	{Name: "ts", Type: &arrow.TimestampType{Unit: arrow.Microsecond}},
	{Name: "country", Type: arrow.BinaryTypes.String, Nullable: true},
}, nil)

// rows builds ids [start, start+n), one per hour from 2026-01-01.
func rows(mem memory.Allocator, start, n int64) array.RecordReader {
	b := array.NewRecordBuilder(mem, schema)
	defer b.Release()
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).UnixMicro()
	for i := start; i < start+n; i++ {
		b.Field(0).(*array.Int64Builder).Append(i)
		b.Field(1).(*array.TimestampBuilder).Append(arrow.Timestamp(base + i*3_600_000_000))
		b.Field(2).(*array.StringBuilder).Append([]string{"de", "fr", "us"}[i%3])
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	rdr, _ := array.NewRecordReader(schema, []arrow.RecordBatch{rec})
	return rdr
}

func appendRows(t testing.TB, l *lake.Lake, mem memory.Allocator, id lake.Ident, start, n int64) lake.Commit {
	t.Helper()
	rdr := rows(mem, start, n)
	defer rdr.Release()
	c, err := l.Append(context.Background(), id, rdr, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// ids reads the id column of a snapshot (0 for the current one) through
// iceberg-go's own reader, which reads from the store and applies deletes.
func ids(t testing.TB, l *lake.Lake, id lake.Ident, snapshot int64) []int64 {
	t.Helper()
	ctx := context.Background()
	tbl, err := l.Load(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	scan := tbl.Scan()
	if snapshot != 0 {
		scan = tbl.Scan(table.WithSnapshotID(snapshot))
	}
	_, recs, err := scan.ToArrowRecords(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var out []int64
	for rec, err := range recs {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, rec.Column(0).(*array.Int64).Int64Values()...)
		rec.Release()
	}
	slices.Sort(out)
	return out
}

func span(from, to int64) []int64 {
	var out []int64
	for i := from; i < to; i++ {
		out = append(out, i)
	}
	return out
}

// referenced lists every data and delete file a current scan plans.
func referenced(t testing.TB, l *lake.Lake, id lake.Ident) []string {
	t.Helper()
	plan, err := l.PlanScan(context.Background(), id, lake.AsOf{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range plan.Files {
		for _, r := range f.Files() {
			out = append(out, r.Location)
		}
	}
	return out
}

func TestTablesOnS3WriteEvolveTimeTravelAndMaintain(t *testing.T) {
	ctx := context.Background()
	fake := s3test.New(t, "lake")
	l := openLake(t, fake, fake.Config())
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	id := lake.MustIdent("app.events")
	if err := l.CreateNamespace(ctx, "app", nil); err != nil {
		t.Fatal(err)
	}
	// Everything written until the fresh stray below is an hour old.
	fake.Backdate(time.Hour)
	if _, err := l.CreateTable(ctx, id, lake.TableSpec{Schema: schema, Partition: []lake.PartitionField{{Column: "ts", Transform: "day"}}}); err != nil {
		t.Fatal(err)
	}
	if tbl, _ := l.Load(ctx, id); !strings.HasPrefix(tbl.Location(), "s3://lake/wh/") {
		t.Fatalf("table location %s is not in the bucket", tbl.Location())
	}

	// Append, overwrite, delete.
	c1 := appendRows(t, l, mem, id, 0, 48)
	appendRows(t, l, mem, id, 48, 48)
	appendRows(t, l, mem, id, 96, 12)  // two small files on day 4,
	appendRows(t, l, mem, id, 108, 12) // for compaction to merge
	over := rows(mem, 1000, 24)        // ids 1000..1023 land on days 41-42
	if _, err := l.Overwrite(ctx, id, iceberg.LessThan(iceberg.Reference("id"), int64(24)), over, nil); err != nil {
		t.Fatal(err)
	}
	over.Release()
	if _, err := l.Delete(ctx, id, iceberg.EqualTo(iceberg.Reference("id"), int64(50)), nil); err != nil {
		t.Fatal(err)
	}
	want := append(slices.DeleteFunc(span(24, 120), func(i int64) bool { return i == 50 }), span(1000, 1024)...)
	if got := ids(t, l, id, 0); !slices.Equal(got, want) {
		t.Fatalf("after append, overwrite and delete: %d ids, want %d", len(got), len(want))
	}

	// Evolve: a new column, then rows that have it.
	if err := l.EvolveSchema(ctx, id, lake.SchemaChange{Op: "add", Column: "bytes", Type: iceberg.PrimitiveTypes.Int64}); err != nil {
		t.Fatal(err)
	}
	sc, err := l.SchemaAt(ctx, id, lake.AsOf{})
	if err != nil || len(sc.Fields()) != 4 {
		t.Fatalf("schema after adding a column: %v, %v", sc, err)
	}

	// Time travel reads the first append's files from the store.
	if got := ids(t, l, id, c1.SnapshotID); !slices.Equal(got, span(0, 48)) {
		t.Errorf("time travel to the first append: %d ids, want 48", len(got))
	}

	// Compaction: fewer files, the same rows, the delete file gone.
	before := referenced(t, l, id)
	res, err := l.Compact(ctx, id, lake.CompactOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.RewrittenFiles == 0 || res.FilesAfter >= res.FilesBefore {
		t.Errorf("compaction %+v rewrote nothing", res)
	}
	if got := ids(t, l, id, 0); !slices.Equal(got, want) {
		t.Errorf("compaction changed the rows: %d ids, want %d", len(got), len(want))
	}

	// Expiry deletes the objects only old snapshots referenced.
	exp, err := l.Expire(ctx, id, lake.ExpireOptions{OlderThan: time.Now().Add(time.Minute), RetainLast: 1})
	if err != nil {
		t.Fatal(err)
	}
	if exp.ExpiredSnapshots == 0 || exp.DeletedFiles == 0 {
		t.Fatalf("expiry %+v removed nothing", exp)
	}
	live := referenced(t, l, id)
	for _, f := range before {
		if !slices.Contains(live, f) && fake.Has(f) {
			t.Errorf("%s, referenced only by expired snapshots, is still in the bucket", f)
		}
	}
	if got := ids(t, l, id, 0); !slices.Equal(got, want) {
		t.Errorf("expiry changed the rows: %d ids, want %d", len(got), len(want))
	}

	// Orphans: an old stray object goes, a fresh one and a leased one stay.
	tbl, _ := l.Load(ctx, id)
	oldStray, leasedStray := tbl.Location()+"/data/stray-old.parquet", tbl.Location()+"/data/stray-leased.parquet"
	for _, p := range []string{oldStray, leasedStray} {
		if err := fake.Put(p, []byte("PAR1 not really")); err != nil {
			t.Fatal(err)
		}
	}
	fake.Backdate(0)
	freshStray := tbl.Location() + "/data/stray-fresh.parquet"
	if err := fake.Put(freshStray, []byte("PAR1")); err != nil {
		t.Fatal(err)
	}
	release := l.Lease([]string{leasedStray})
	defer release()
	orph, err := l.RemoveOrphans(ctx, id, lake.OrphanOptions{OlderThan: 10 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if orph.Deleted != 1 || !slices.Contains(orph.Orphans, oldStray) || !slices.Contains(orph.Orphans, leasedStray) {
		t.Errorf("orphan removal %+v, want the two old strays found and the unleased one deleted", orph)
	}
	for _, c := range []struct {
		loc  string
		want bool
	}{{oldStray, false}, {leasedStray, true}, {freshStray, true}} {
		if fake.Has(c.loc) != c.want {
			t.Errorf("%s in the bucket = %v, want %v", c.loc, !c.want, c.want)
		}
	}
	for _, f := range referenced(t, l, id) {
		if !fake.Has(f) {
			t.Errorf("referenced %s was deleted", f)
		}
	}

	// Dropping the table purges its objects.
	if err := l.DropTable(ctx, id); err != nil {
		t.Fatal(err)
	}
	for _, f := range live {
		if fake.Has(f) {
			t.Errorf("%s outlived its dropped table", f)
		}
	}
}

func TestCompatModeWritesToAStoreThatRefusesChecksums(t *testing.T) {
	ctx := context.Background()
	fake := s3test.New(t, "r2")
	fake.RefuseChecksums(true)
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	id := lake.MustIdent("app.events")

	plain := fake.Config()
	plain.Compat = false
	l := openLake(t, fake, plain)
	if err := l.CreateNamespace(ctx, "app", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := l.CreateTable(ctx, id, lake.TableSpec{Schema: schema}); err == nil {
		t.Fatal("without compat mode the SDK's checksum headers went through a store that refuses them; the fake is not testing anything")
	}

	refused := fake.ChecksumUploads()
	l = openLake(t, fake, fake.Config())
	if err := l.CreateNamespace(ctx, "app", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := l.CreateTable(ctx, id, lake.TableSpec{Schema: schema}); err != nil {
		t.Fatal(err)
	}
	appendRows(t, l, mem, id, 0, 10)
	if got := ids(t, l, id, 0); !slices.Equal(got, span(0, 10)) {
		t.Errorf("read back %v", got)
	}
	if n := fake.ChecksumUploads() - refused; n != 0 {
		t.Errorf("compat mode sent %d uploads with checksum headers", n)
	}
}

func TestConcurrentReadersOfOneRemoteFileDownloadItOnce(t *testing.T) {
	ctx := context.Background()
	fake := s3test.New(t, "lake")
	l := openLake(t, fake, fake.Config())
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	id := lake.MustIdent("app.events")
	if err := l.CreateNamespace(ctx, "app", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := l.CreateTable(ctx, id, lake.TableSpec{Schema: schema}); err != nil {
		t.Fatal(err)
	}
	appendRows(t, l, mem, id, 0, 100)
	plan, err := l.PlanScan(ctx, id, lake.AsOf{}, nil)
	if err != nil || len(plan.Files) != 1 {
		t.Fatalf("plan %+v, %v", plan, err)
	}
	ref := plan.Files[0].Files()
	var wg sync.WaitGroup
	for range 12 {
		wg.Go(func() {
			paths, release, err := l.Local(ctx, ref)
			if err != nil {
				t.Error(err)
				return
			}
			defer release()
			if !strings.HasPrefix(paths[ref[0].Location], l.CacheDir()) {
				t.Errorf("local path %s is outside the cache", paths[ref[0].Location])
			}
		})
	}
	wg.Wait()
	if n := fake.GetsOf(ref[0].Location); n != 1 {
		t.Errorf("12 concurrent readers caused %d downloads, want 1", n)
	}
}

func TestAWarehouseInObjectStorageNeedsACacheDir(t *testing.T) {
	ctx := context.Background()
	fake := s3test.New(t, "lake")
	db, err := store.Open(ctx, storetest.SQLiteURL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, err = lake.Open(ctx, lake.Options{Store: db, Warehouse: fake.Warehouse("wh"), IOProps: fake.Config().Props()})
	if !errors.Is(err, lake.ErrInvalid) || !strings.Contains(err.Error(), "cache") {
		t.Errorf("err = %v, want ErrInvalid naming the cache", err)
	}
}

func TestConfigNamesIcebergPropertiesAndRefusesHalfCredentials(t *testing.T) {
	c := s3.Config{Endpoint: "https://acct.r2.cloudflarestorage.com", Region: "auto", AccessKeyID: "k", SecretAccessKey: "s", Compat: true}
	p := c.Props()
	for k, v := range map[string]string{"s3.endpoint": c.Endpoint, "s3.region": "auto", "s3.access-key-id": "k",
		"s3.secret-access-key": "s", "s3.compat-mode": "true"} {
		if p[k] != v {
			t.Errorf("%s = %q, want %q", k, p[k], v)
		}
	}
	if _, ok := p["s3.session-token"]; ok {
		t.Error("an empty session token was passed on")
	}
	if _, ok := p["s3.force-virtual-addressing"]; ok {
		t.Error("addressing was forced without PathStyle")
	}
	c.PathStyle = true
	if v := c.Props()["s3.force-virtual-addressing"]; v != "false" {
		t.Errorf("with PathStyle s3.force-virtual-addressing = %q, want false", v)
	}
	if err := c.Validate(); err != nil {
		t.Error(err)
	}
	for _, bad := range []s3.Config{
		{AccessKeyID: "k"},
		{SecretAccessKey: "s"},
		{SessionToken: "t"},
		{Endpoint: "r2.example.com"},
	} {
		if err := bad.Validate(); !errors.Is(err, s3.ErrInvalid) {
			t.Errorf("%+v: err = %v, want ErrInvalid", bad, err)
		}
	}
}

func TestTheSDKEnvironmentAloneReachesAStoreWithAnEndpoint(t *testing.T) {
	// As the compose and Kubernetes deployments configure it: no lake.s3
	// settings, the endpoint and keys in AWS_* variables.
	ctx := context.Background()
	fake := s3test.New(t, "lake")
	t.Setenv("AWS_ENDPOINT_URL_S3", fake.URL)
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("AWS_ACCESS_KEY_ID", "env-key")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "env-secret")
	l := openLake(t, fake, s3.Config{})
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	id := lake.MustIdent("app.events")
	if err := l.CreateNamespace(ctx, "app", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := l.CreateTable(ctx, id, lake.TableSpec{Schema: schema}); err != nil {
		t.Fatal(err)
	}
	appendRows(t, l, mem, id, 0, 5)
	if got := ids(t, l, id, 0); !slices.Equal(got, span(0, 5)) {
		t.Errorf("read back %v", got)
	}
}
