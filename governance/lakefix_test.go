package governance_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/engine"
	"github.com/tarn-data/tarn/governance"
	"github.com/tarn-data/tarn/governance/memstore"
	"github.com/tarn-data/tarn/governance/yamldir"
	"github.com/tarn-data/tarn/lake"
	"github.com/tarn-data/tarn/store"
	"github.com/tarn-data/tarn/store/storetest"
)

// lakeFixture is a real lake in a temporary directory with an engine whose
// policy is given, for tests that run SQL end to end.
type lakeFixture struct {
	lake  *lake.Lake
	eng   *engine.Engine
	clock *tarn.FakeClock
}

func newLakeFixture(t *testing.T, policy engine.Policy, clock *tarn.FakeClock) *lakeFixture {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, storetest.SQLiteURL(t))
	must(t, err)
	t.Cleanup(func() { db.Close() })
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	t.Cleanup(func() { mem.AssertSize(t, 0) })
	l, err := lake.Open(ctx, lake.Options{Store: db, Warehouse: t.TempDir(), Allocator: mem})
	must(t, err)
	t.Cleanup(func() { l.Close() })
	e, err := engine.New(ctx, l, engine.Options{Threads: 2, MaxRows: 1000, Connections: 2, Policy: policy})
	must(t, err)
	t.Cleanup(func() { e.Close() })
	return &lakeFixture{lake: l, eng: e, clock: clock}
}

// col is a column of a test table: its name and Arrow type.
type col struct {
	name string
	typ  arrow.DataType
}

var (
	tInt64  = arrow.PrimitiveTypes.Int64
	tFloat  = arrow.PrimitiveTypes.Float64
	tString = arrow.BinaryTypes.String
	tTime   = &arrow.TimestampType{Unit: arrow.Microsecond}
)

// create makes table name (and its namespace) with the given columns.
func (f *lakeFixture) create(t *testing.T, name string, cols []col) {
	t.Helper()
	ctx := context.Background()
	id := lake.MustIdent(name)
	_ = f.lake.CreateNamespace(ctx, id.Namespace, nil) // may exist already
	_, err := f.lake.CreateTable(ctx, id, lake.TableSpec{Schema: schemaOf(cols)})
	must(t, err)
}

func schemaOf(cols []col) *arrow.Schema {
	fields := make([]arrow.Field, len(cols))
	for i, c := range cols {
		fields[i] = arrow.Field{Name: c.name, Type: c.typ, Nullable: true}
	}
	return arrow.NewSchema(fields, nil)
}

// insert appends rows (nil for NULL) to table name and returns the commit.
func (f *lakeFixture) insert(t *testing.T, name string, cols []col, rows [][]any) lake.Commit {
	t.Helper()
	sc := schemaOf(cols)
	b := array.NewRecordBuilder(f.lake.Allocator(), sc)
	defer b.Release()
	for _, row := range rows {
		for i, v := range row {
			fb := b.Field(i)
			if v == nil {
				fb.AppendNull()
				continue
			}
			switch fb := fb.(type) {
			case *array.Int64Builder:
				fb.Append(int64(v.(int)))
			case *array.Float64Builder:
				fb.Append(v.(float64))
			case *array.StringBuilder:
				fb.Append(v.(string))
			case *array.TimestampBuilder:
				fb.Append(arrow.Timestamp(v.(time.Time).UnixMicro()))
			default:
				t.Fatalf("no builder for %T", fb)
			}
		}
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	rdr, err := array.NewRecordReader(sc, []arrow.RecordBatch{rec})
	must(t, err)
	defer rdr.Release()
	c, err := f.lake.Append(context.Background(), lake.MustIdent(name), rdr, nil)
	must(t, err)
	return c
}

// query runs sql as identity who and returns every value as a string
// ("(null)" for NULL).
func (f *lakeFixture) query(who, sql string) ([][]string, error) {
	res, err := f.eng.Query(context.Background(), engine.Request{SQL: sql, Caller: engine.Caller{Principal: who}})
	if err != nil {
		return nil, err
	}
	defer res.Close()
	var out [][]string
	for res.Reader.Next() {
		rec := res.Reader.RecordBatch()
		for r := 0; r < int(rec.NumRows()); r++ {
			var row []string
			for c := 0; c < int(rec.NumCols()); c++ {
				row = append(row, strings.Clone(rec.Column(c).ValueStr(r)))
			}
			out = append(out, row)
		}
	}
	return out, res.Reader.Err()
}

func (f *lakeFixture) mustQuery(t *testing.T, who, sql string) [][]string {
	t.Helper()
	rows, err := f.query(who, sql)
	if err != nil {
		t.Fatalf("%s as %s: %v", sql, who, err)
	}
	return rows
}

// governed is a lake fixture whose engine asks a governance Service over a
// memstore and a YAML directory file, both editable by the test.
type governed struct {
	*lakeFixture
	svc     *governance.Service
	st      *memstore.Store
	dirPath string
}

func newGoverned(t *testing.T, directory string) *governed {
	t.Helper()
	clock := tarn.NewFakeClock(t0)
	path := filepath.Join(t.TempDir(), "directory.yaml")
	must(t, os.WriteFile(path, []byte(directory), 0o644))
	dir, err := yamldir.Open(path, clock)
	must(t, err)
	st := memstore.New()
	svc := &governance.Service{Store: st, Directory: dir, Clock: clock, MaskKey: testKey}
	return &governed{lakeFixture: newLakeFixture(t, svc, clock), svc: svc, st: st, dirPath: path}
}

// setDirectory rewrites the directory file and lets the directory see it.
func (g *governed) setDirectory(t *testing.T, text string) {
	t.Helper()
	must(t, os.WriteFile(g.dirPath, []byte(text), 0o644))
	g.clock.Advance(yamldir.CheckEvery)
}

func (g *governed) grant(t *testing.T, gr governance.Grant) governance.Grant {
	t.Helper()
	if gr.CreatedAt.IsZero() {
		gr.CreatedAt = g.clock.Now()
	}
	out, err := g.st.CreateGrant(context.Background(), gr)
	must(t, err)
	return out
}

func (g *governed) review(t *testing.T, table string, cols []string, pii map[string]string) {
	t.Helper()
	id := lake.MustIdent(table)
	must(t, g.st.PutReview(context.Background(), governance.Review{Namespace: id.Namespace, Table: id.Name,
		Approved: true, Columns: cols, PII: pii, ReviewedBy: "dave", ReviewedAt: g.clock.Now()}))
}

func obj(s string) governance.Object {
	o, err := governance.ParseObject(s)
	if err != nil {
		panic(fmt.Sprintf("object %q: %v", s, err))
	}
	return o
}
