package transform_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/engine"
	"github.com/tarn-data/tarn/engine/guard"
	"github.com/tarn-data/tarn/lake"
	"github.com/tarn-data/tarn/lake/transform"
	"github.com/tarn-data/tarn/lake/transform/internal/jobtest"
	"github.com/tarn-data/tarn/store"
)

// env is a lake with an ungoverned engine, a parser and a runner.
type env struct {
	t      testing.TB
	dir    string
	db     *store.DB
	lake   *lake.Lake
	eng    *engine.Engine
	parser *guard.Parser
	runs   *memRuns
	runner *transform.Runner
	clock  *tarn.FakeClock
	newTab []lake.Ident
}

func newEnv(t testing.TB) *env {
	t.Helper()
	return newEnvAt(t, "sqlite://"+filepath.Join(t.TempDir(), "tarn.db"), t.TempDir())
}

func newEnvAt(t testing.TB, url, dir string) *env {
	t.Helper()
	db, l, eng := jobtest.Open(t, url, dir)
	p, err := guard.NewParser()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	e := &env{t: t, dir: dir, db: db, lake: l, eng: eng, parser: p, runs: &memRuns{}, clock: tarn.NewFakeClock(time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC))}
	e.runner = e.newRunner(nil)
	return e
}

func (e *env) newRunner(step func(context.Context, *transform.Job, string)) *transform.Runner {
	return transform.NewRunner(transform.Options{Lake: e.lake, Engine: e.eng, Runs: e.runs, Tables: transform.GuardTables{Parser: e.parser},
		Clock: e.clock, Step: step, OnNewTable: func(_ context.Context, id lake.Ident) { e.newTab = append(e.newTab, id) }})
}

// job parses a job from front matter lines and SQL.
func (e *env) job(name, front, sql string) *transform.Job {
	e.t.Helper()
	j, err := transform.ParseJob(name, name+".sql", []byte("---\n"+front+"\n---\n"+sql))
	if err != nil {
		e.t.Fatal(err)
	}
	return j
}

func (e *env) run(j *transform.Job, o transform.RunOptions) transform.Run {
	e.t.Helper()
	r, err := e.runner.Run(context.Background(), j, o)
	if err != nil {
		e.t.Fatalf("run %s: %v", j.Name, err)
	}
	return r
}

// events is src.events: ts, zone, bytes.
var eventsSchema = arrow.NewSchema([]arrow.Field{
	{Name: "ts", Type: &arrow.TimestampType{Unit: arrow.Microsecond}, Nullable: true},
	{Name: "zone", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	{Name: "bytes", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
}, nil)

var day0 = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

func (e *env) createEvents() lake.Ident {
	e.t.Helper()
	ctx := context.Background()
	id := lake.MustIdent("src.events")
	if err := e.lake.CreateNamespace(ctx, "src", nil); err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.lake.CreateTable(ctx, id, lake.TableSpec{Schema: eventsSchema, Partition: []lake.PartitionField{{Column: "ts", Transform: "day"}}}); err != nil {
		e.t.Fatal(err)
	}
	return id
}

// appendEvents appends n events per hour for hours [from, to) after day0;
// event k of hour h has zone k%3 and bytes h*100+k.
func (e *env) appendEvents(from, to, n int) {
	e.t.Helper()
	rdr := e.eventsReader(from, to, n)
	defer rdr.Release()
	if _, err := e.lake.Append(context.Background(), lake.MustIdent("src.events"), rdr, nil); err != nil {
		e.t.Fatal(err)
	}
}

// eventsReader reads the events appendEvents appends.
func (e *env) eventsReader(from, to, n int) array.RecordReader {
	b := array.NewRecordBuilder(memory.DefaultAllocator, eventsSchema)
	defer b.Release()
	for h := from; h < to; h++ {
		for k := 0; k < n; k++ {
			ts := day0.Add(time.Duration(h)*time.Hour + time.Duration(k)*time.Second)
			b.Field(0).(*array.TimestampBuilder).Append(arrow.Timestamp(ts.UnixMicro()))
			b.Field(1).(*array.Int64Builder).Append(int64(k % 3))
			b.Field(2).(*array.Int64Builder).Append(int64(h*100 + k))
		}
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	rdr, _ := array.NewRecordReader(eventsSchema, []arrow.RecordBatch{rec})
	return rdr
}

// rows returns a query's rows as sorted text lines.
func (e *env) rows(sql string) []string {
	e.t.Helper()
	return jobtest.Rows(e.t, e.eng, sql)
}

func (e *env) sameRows(got, want string) {
	e.t.Helper()
	g, w := e.rows(got), e.rows(want)
	if strings.Join(g, "\n") != strings.Join(w, "\n") {
		e.t.Fatalf("rows differ:\n%s: %d rows %v\n%s: %d rows %v", got, len(g), head(g), want, len(w), head(w))
	}
}

func head(s []string) []string {
	if len(s) > 8 {
		return s[:8]
	}
	return s
}

// memRuns is a RunStore in memory.
type memRuns struct{ runs []transform.Run }

func (m *memRuns) Start(_ context.Context, r transform.Run) (int64, error) {
	r.ID = int64(len(m.runs) + 1)
	m.runs = append(m.runs, r)
	return r.ID, nil
}

func (m *memRuns) Finish(_ context.Context, r transform.Run) error {
	if r.ID < 1 || int(r.ID) > len(m.runs) {
		return fmt.Errorf("no run %d", r.ID)
	}
	m.runs[r.ID-1] = r
	return nil
}

func (m *memRuns) Runs(_ context.Context, f transform.RunFilter) ([]transform.Run, error) {
	var out []transform.Run
	for i := len(m.runs) - 1; i >= 0; i-- {
		if f.Job == "" || m.runs[i].Job == f.Job {
			out = append(out, m.runs[i])
		}
	}
	return out, nil
}

func lakeCurrent() lake.AsOf { return lake.AsOf{} }
