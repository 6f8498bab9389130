package engine_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/iceberg-go"
	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/engine"
	"github.com/tarn-data/tarn/lake"
	"github.com/tarn-data/tarn/store"
	"github.com/tarn-data/tarn/store/storetest"
)

type fixture struct {
	lake *lake.Lake
	eng  *engine.Engine
	mem  *memory.CheckedAllocator
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	return newFixtureOn(t, func(o lake.Options) lake.Options { return warehouseOptions(t, o) })
}

// newFixtureOn is newFixture with the lake's options (store and allocator
// set) completed by warehouse: where the tables live.
func newFixtureOn(t *testing.T, warehouse func(lake.Options) lake.Options) *fixture {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, storetest.SQLiteURL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	t.Cleanup(func() { mem.AssertSize(t, 0) })
	l, err := lake.Open(ctx, warehouse(lake.Options{Store: db, Allocator: mem}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	e, err := engine.New(ctx, l, engine.Options{Threads: 2, MaxRows: 1000})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	if err := l.CreateNamespace(ctx, "app", nil); err != nil {
		t.Fatal(err)
	}
	return &fixture{lake: l, eng: e, mem: mem}
}

var eventSchema = arrow.NewSchema([]arrow.Field{
	{Name: "id", Type: arrow.PrimitiveTypes.Int64},
	{Name: "ts", Type: &arrow.TimestampType{Unit: arrow.Microsecond}},
	{Name: "country", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "bytes", Type: arrow.PrimitiveTypes.Int32, Nullable: true},
}, nil)

var day0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// appendEvents appends ids [start, start+n), one per hour from day0.
func (f *fixture) appendEvents(t testing.TB, table string, start, n int64) lake.Commit {
	t.Helper()
	b := array.NewRecordBuilder(f.mem, eventSchema)
	defer b.Release()
	for i := start; i < start+n; i++ {
		b.Field(0).(*array.Int64Builder).Append(i)
		b.Field(1).(*array.TimestampBuilder).Append(arrow.Timestamp(day0.Add(time.Duration(i) * time.Hour).UnixMicro()))
		b.Field(2).(*array.StringBuilder).Append([]string{"de", "fr", "us"}[i%3])
		b.Field(3).(*array.Int32Builder).Append(int32(i * 10))
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	rdr, _ := array.NewRecordReader(eventSchema, []arrow.RecordBatch{rec})
	defer rdr.Release()
	c, err := f.lake.Append(context.Background(), lake.MustIdent(table), rdr, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (f *fixture) create(t *testing.T, table string, part ...lake.PartitionField) {
	t.Helper()
	if _, err := f.lake.CreateTable(context.Background(), lake.MustIdent(table), lake.TableSpec{Schema: eventSchema, Partition: part}); err != nil {
		t.Fatal(err)
	}
}

// query runs sql and returns the rows as strings and the result's scans.
func (f *fixture) query(t *testing.T, sql string) ([][]string, *engine.Result) {
	t.Helper()
	rows, res, err := f.tryQuery(sql)
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return rows, res
}

func (f *fixture) tryQuery(sql string) ([][]string, *engine.Result, error) {
	res, err := f.eng.Query(context.Background(), engine.Request{SQL: sql, Caller: engine.Caller{Principal: "cli:test"}})
	if err != nil {
		return nil, nil, err
	}
	defer res.Close()
	var out [][]string
	for res.Reader.Next() {
		rec := res.Reader.RecordBatch()
		for r := 0; r < int(rec.NumRows()); r++ {
			var row []string
			for c := 0; c < int(rec.NumCols()); c++ {
				row = append(row, strings.Clone(rec.Column(c).ValueStr(r))) // values alias Arrow buffers
			}
			out = append(out, row)
		}
	}
	return out, res, res.Reader.Err()
}

func one(t *testing.T, rows [][]string) string {
	t.Helper()
	if len(rows) != 1 || len(rows[0]) != 1 {
		t.Fatalf("want one value, got %v", rows)
	}
	return rows[0][0]
}

func TestQueryReadsEveryAppendedRow(t *testing.T) {
	f := newFixture(t)
	f.create(t, "app.events")
	f.appendEvents(t, "app.events", 0, 100)
	f.appendEvents(t, "app.events", 100, 50)
	rows, _ := f.query(t, "SELECT count(*), sum(bytes), count(DISTINCT country) FROM app.events")
	if got := strings.Join(rows[0], ","); got != "150,111750,3" {
		t.Fatalf("got %s", got)
	}
}

func TestEmptyTableHasColumnsAndNoRows(t *testing.T) {
	f := newFixture(t)
	f.create(t, "app.events")
	rows, res := f.query(t, "SELECT * FROM app.events")
	if len(rows) != 0 || res.Schema().NumFields() != 4 {
		t.Fatalf("rows %v schema %v", rows, res.Schema())
	}
}

func TestTimeTravelByVersionAndTimestamp(t *testing.T) {
	f := newFixture(t)
	f.create(t, "app.events")
	c1 := f.appendEvents(t, "app.events", 0, 10)
	time.Sleep(5 * time.Millisecond)
	between := time.Now().UTC()
	time.Sleep(5 * time.Millisecond)
	f.appendEvents(t, "app.events", 10, 10)
	if got := one(t, first(f.query(t, fmt.Sprintf("SELECT count(*) FROM app.events AT (VERSION => %d)", c1.SnapshotID)))); got != "10" {
		t.Fatalf("version: %s", got)
	}
	if got := one(t, first(f.query(t, fmt.Sprintf("SELECT count(*) FROM app.events AT (TIMESTAMP => TIMESTAMP '%s')", between.Format("2006-01-02 15:04:05.000000"))))); got != "10" {
		t.Fatalf("timestamp: %s", got)
	}
	if got := one(t, first(f.query(t, "SELECT count(*) FROM app.events"))); got != "20" {
		t.Fatalf("current: %s", got)
	}
	_, _, err := f.tryQuery("SELECT count(*) FROM app.events AT (VERSION => 12345)")
	if !errors.Is(err, lake.ErrNoSuchSnapshot) || tarn.ErrorCode(err) != tarn.ENOTFOUND {
		t.Fatalf("unknown version: %v", err)
	}
}

func first(rows [][]string, _ *engine.Result) [][]string { return rows }

func TestSchemaEvolutionKeepsOldSnapshotsReadable(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	id := lake.MustIdent("app.events")
	f.create(t, "app.events")
	c1 := f.appendEvents(t, "app.events", 0, 10)
	err := f.lake.EvolveSchema(ctx, id,
		lake.SchemaChange{Op: "rename", Column: "country", NewName: "client_country"},
		lake.SchemaChange{Op: "widen", Column: "bytes", Type: iceberg.PrimitiveTypes.Int64},
		lake.SchemaChange{Op: "add", Column: "colo", Type: iceberg.PrimitiveTypes.String},
	)
	if err != nil {
		t.Fatal(err)
	}
	rows, res := f.query(t, "SELECT client_country, bytes, colo FROM app.events WHERE id = 1")
	if got := strings.Join(rows[0], ","); got != "fr,10,(null)" {
		t.Fatalf("renamed/added columns over old files: %s", got)
	}
	if typ := res.Schema().Field(1).Type; typ.ID() != arrow.INT64 {
		t.Fatalf("widened column reads as %s", typ)
	}
	rows, _ = f.query(t, fmt.Sprintf("SELECT country FROM app.events AT (VERSION => %d) WHERE id = 2", c1.SnapshotID))
	if one(t, rows) != "us" {
		t.Fatalf("old snapshot under old name: %v", rows)
	}
	if err := f.lake.EvolveSchema(ctx, id, lake.SchemaChange{Op: "drop", Column: "colo"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.tryQuery("SELECT colo FROM app.events"); tarn.ErrorCode(err) != tarn.EINVALID {
		t.Fatalf("dropped column: %v", err)
	}
}

func TestDeletesByFilterAndByEqualityAreApplied(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	id := lake.MustIdent("app.events")
	f.create(t, "app.events")
	f.appendEvents(t, "app.events", 0, 100)
	// Part of a file: a position delete file.
	if _, err := f.lake.Delete(ctx, id, iceberg.LessThan(iceberg.Reference("id"), int64(10)), nil); err != nil {
		t.Fatal(err)
	}
	if got := one(t, first(f.query(t, "SELECT count(*) FROM app.events"))); got != "90" {
		t.Fatalf("after position delete: %s", got)
	}
	// Equality delete by key.
	kb := array.NewRecordBuilder(f.mem, arrow.NewSchema([]arrow.Field{{Name: "id", Type: arrow.PrimitiveTypes.Int64}}, nil))
	kb.Field(0).(*array.Int64Builder).AppendValues([]int64{50, 51, 52}, nil)
	rec := kb.NewRecordBatch()
	kb.Release()
	rdr, _ := array.NewRecordReader(rec.Schema(), []arrow.RecordBatch{rec})
	rec.Release()
	_, err := f.lake.DeleteEqual(ctx, id, []string{"id"}, rdr, nil)
	rdr.Release()
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.query(t, "SELECT count(*), min(id), sum(CASE WHEN id BETWEEN 50 AND 52 THEN 1 ELSE 0 END) FROM app.events")
	if got := strings.Join(rows[0], ","); got != "87,10,0" {
		t.Fatalf("after equality delete: %s", got)
	}
	// Rows appended after the equality delete are not affected by it.
	f.appendEvents(t, "app.events", 50, 1)
	if got := one(t, first(f.query(t, "SELECT count(*) FROM app.events WHERE id = 50"))); got != "1" {
		t.Fatalf("equality delete must not hide later rows: %s", got)
	}
}

func TestPartitionFiltersPruneFiles(t *testing.T) {
	f := newFixture(t)
	f.create(t, "app.events", lake.PartitionField{Column: "ts", Transform: "day"})
	f.appendEvents(t, "app.events", 0, 24*10) // ten days, ten files
	rows, res := f.query(t, "SELECT count(*) FROM app.events WHERE ts >= TIMESTAMP '2026-01-03' AND ts < TIMESTAMP '2026-01-04'")
	if one(t, rows) != "24" {
		t.Fatalf("rows: %v", rows)
	}
	if s := res.Scans[0]; s.FilesRead != 1 || s.FilesTotal != 10 {
		t.Fatalf("read %d of %d files, want 1 of 10 (pruning %q)", s.FilesRead, s.FilesTotal, s.Pruning)
	}
	// Metrics pruning on a non-partition column.
	_, res = f.query(t, "SELECT count(*) FROM app.events WHERE id = 30")
	if s := res.Scans[0]; s.FilesRead != 1 {
		t.Fatalf("id = 30 read %d files, want 1", s.FilesRead)
	}
}

func TestRowLimitTruncates(t *testing.T) {
	f := newFixture(t)
	f.create(t, "app.events")
	f.appendEvents(t, "app.events", 0, 1500)
	rows, res := f.query(t, "SELECT id FROM app.events ORDER BY id")
	if len(rows) != 1000 || !res.Truncated() || rows[999][0] != "999" {
		t.Fatalf("%d rows, truncated %v", len(rows), res.Truncated())
	}
}

func TestBadQueriesGetClearErrors(t *testing.T) {
	f := newFixture(t)
	f.create(t, "app.events")
	cases := []struct {
		sql, code, want string
	}{
		{"SELECT * FROM app.event", tarn.ENOTFOUND, "app.events"},
		{"SELECT contry FROM app.events", tarn.EINVALID, "country"},
		{"SELECT * FROM read_csv('/etc/passwd')", tarn.EFORBIDDEN, "read_csv"},
		{"DELETE FROM app.events", tarn.EFORBIDDEN, ""},
		{"SELEC 1", tarn.EINVALID, ""},
	}
	for _, c := range cases {
		_, _, err := f.tryQuery(c.sql)
		if tarn.ErrorCode(err) != c.code || !strings.Contains(tarn.ErrorMessage(err), c.want) {
			t.Errorf("%s: got %s %q", c.sql, tarn.ErrorCode(err), tarn.ErrorMessage(err))
		}
	}
}

func TestTimeoutInterruptsQuery(t *testing.T) {
	f := newFixture(t)
	f.create(t, "app.events")
	f.appendEvents(t, "app.events", 0, 3)
	start := time.Now()
	_, err := f.eng.Query(context.Background(), engine.Request{
		SQL:     "SELECT count(*) FROM app.events a, range(100000000) x, range(1000) y",
		Timeout: 200 * time.Millisecond,
	})
	if tarn.ErrorCode(err) != tarn.ETIMEOUT {
		t.Fatalf("got %v, want a timeout", err)
	}
	if time.Since(start) > 20*time.Second {
		t.Fatalf("the query was not interrupted (took %s)", time.Since(start))
	}
	// The connection is usable again.
	if got := one(t, first(f.query(t, "SELECT count(*) FROM app.events"))); got != "3" {
		t.Fatalf("after a timeout: %s", got)
	}
}

func TestMemoryLimitRefusesAHungryQuery(t *testing.T) {
	f := newFixture(t)
	f.create(t, "app.events")
	f.appendEvents(t, "app.events", 0, 3)
	e, err := engine.New(context.Background(), f.lake, engine.Options{MemoryLimit: "64MB", Threads: 1, TempDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	// A list aggregate cannot spill to disk.
	res, err := e.Query(context.Background(), engine.Request{SQL: "SELECT length(list(x::VARCHAR || repeat('x', 100))) FROM app.events, range(5000000) r(x)"})
	if err == nil {
		for res.Reader.Next() {
		}
		err = res.Reader.Err()
		res.Close()
	}
	if c := tarn.ErrorCode(err); c != tarn.ELIMIT {
		t.Fatalf("got %v (%s), want the memory limit", err, c)
	}
}

func TestOverwriteByFilterAndPartitionTransforms(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	transforms := []lake.PartitionField{{Column: "ts", Transform: "hour"}, {Column: "ts", Transform: "month"},
		{Column: "country", Transform: "identity"}, {Column: "id", Transform: "bucket[4]"}, {Column: "country", Transform: "truncate[1]"}}
	for i, p := range transforms {
		name := fmt.Sprintf("app.t%d", i)
		f.create(t, name, p)
		f.appendEvents(t, name, 0, 48)
		if got := one(t, first(f.query(t, "SELECT count(*) FROM "+name+" WHERE country = 'de'"))); got != "16" {
			t.Fatalf("%s by %s: %s", name, p.Transform, got)
		}
	}
	// Replace the rows of country 'de' with 2 new rows.
	id := lake.MustIdent("app.t2")
	b := array.NewRecordBuilder(f.mem, eventSchema)
	for _, v := range []int64{1000, 1001} {
		b.Field(0).(*array.Int64Builder).Append(v)
		b.Field(1).(*array.TimestampBuilder).Append(arrow.Timestamp(day0.UnixMicro()))
		b.Field(2).(*array.StringBuilder).Append("de")
		b.Field(3).(*array.Int32Builder).AppendNull()
	}
	rec := b.NewRecordBatch()
	b.Release()
	rdr, _ := array.NewRecordReader(eventSchema, []arrow.RecordBatch{rec})
	rec.Release()
	_, err := f.lake.Overwrite(ctx, id, iceberg.EqualTo(iceberg.Reference("country"), "de"), rdr, nil)
	rdr.Release()
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.query(t, "SELECT country, count(*), min(id) FROM app.t2 GROUP BY country ORDER BY country")
	if got := fmt.Sprint(rows); got != "[[de 2 1000] [fr 16 1] [us 16 2]]" {
		t.Fatalf("after overwrite: %s", got)
	}
	if _, err := f.lake.CreateTable(ctx, lake.MustIdent("app.bad"), lake.TableSpec{Schema: eventSchema, Partition: []lake.PartitionField{{Column: "ts", Transform: "fortnight"}}}); tarn.ErrorCode(err) != tarn.EINVALID {
		t.Fatalf("unknown transform: %v", err)
	}
}
