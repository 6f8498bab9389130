package files_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"
	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/engine"
	"github.com/tarn-data/tarn/lake"
	"github.com/tarn-data/tarn/lake/transform"
	"github.com/tarn-data/tarn/lake/transform/files"
	"github.com/tarn-data/tarn/lake/transform/internal/jobtest"
)

// env is a lake, an ungoverned engine to read it back, a folder of
// landing files and a runner that knows the files source.
type env struct {
	t       testing.TB
	dir     string // where job files and landing files live
	lake    *lake.Lake
	eng     *engine.Engine
	clock   *tarn.FakeClock
	runner  *transform.Runner
	created []lake.Ident
	step    func(ctx context.Context, j *transform.Job, step string)
	log     *bytes.Buffer // what the files source logged
}

func newEnv(t testing.TB) *env {
	t.Helper()
	dir := t.TempDir()
	return newEnvAt(t, "sqlite://"+filepath.Join(dir, "tarn.db"), dir)
}

// newEnvAt opens the env on the metadata store at url, its files in dir.
func newEnvAt(t testing.TB, url, dir string) *env {
	t.Helper()
	_, l, eng := jobtest.Open(t, url, dir)
	e := &env{t: t, dir: filepath.Join(dir, "jobs"), lake: l, eng: eng, clock: tarn.NewFakeClock(time.Now().Add(time.Hour)), log: &bytes.Buffer{}}
	logger := slog.New(slog.NewTextHandler(e.log, nil))
	e.runner = transform.NewRunner(transform.Options{Lake: l, Engine: eng, Clock: e.clock,
		Sources:    map[string]transform.SourceKind{"files": files.Kind{Clock: e.clock, Logger: logger}},
		OnNewTable: func(_ context.Context, id lake.Ident) { e.created = append(e.created, id) },
		Step: func(ctx context.Context, j *transform.Job, step string) {
			if e.step != nil {
				e.step(ctx, j, step)
			}
		}})
	return e
}

// job parses a job file in the jobs folder.
func (e *env) job(name, front string) *transform.Job {
	e.t.Helper()
	j, err := transform.ParseJob(name, filepath.Join(e.dir, name+".sql"), []byte("---\n"+front+"\n---\n"))
	if err != nil {
		e.t.Fatal(err)
	}
	return j
}

// write puts a landing file below the jobs folder.
func (e *env) write(rel, content string) {
	e.t.Helper()
	p := filepath.Join(e.dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		e.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) run(j *transform.Job, o transform.RunOptions) (transform.Run, error) {
	return e.runner.Run(context.Background(), j, o)
}

func (e *env) mustRun(j *transform.Job) transform.Run {
	e.t.Helper()
	r, err := e.run(j, transform.RunOptions{})
	if err != nil {
		e.t.Fatalf("run %s: %v", j.Name, err)
	}
	return r
}

// rows returns a query's rows as sorted text lines.
func (e *env) rows(sql string) []string {
	e.t.Helper()
	return jobtest.Rows(e.t, e.eng, sql)
}

func (e *env) columns(table string) []string {
	e.t.Helper()
	sc, err := e.lake.SchemaAt(context.Background(), lake.MustIdent(table), lake.AsOf{})
	if err != nil {
		e.t.Fatal(err)
	}
	var out []string
	for _, f := range sc.Fields() {
		out = append(out, f.Name+" "+f.Type.String())
	}
	return out
}

func same(t testing.TB, got []string, want ...string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

type ctxT = context.Context

func contextWithCancel(t testing.TB) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	return ctx, cancel
}

func sortStrings(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}

func removeAll(e *env, rel string) error { return os.RemoveAll(filepath.Join(e.dir, rel)) }

// writeParquet writes a query's rows as a Parquet file through DuckDB.
func writeParquet(t testing.TB, e *env, rel, query string) {
	t.Helper()
	p := filepath.Join(e.dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(fmt.Sprintf("SET TimeZone = 'UTC'; COPY (%s) TO '%s' (FORMAT parquet)", query, p)); err != nil {
		t.Fatal(err)
	}
}

// rowsIfAny is rows, or nil when the query fails (no table yet).
func (e *env) rowsIfAny(sql string) []string {
	res, err := e.eng.Query(context.Background(), engine.Request{SQL: sql, Caller: engine.Caller{Principal: "test"}})
	if err != nil {
		return nil
	}
	res.Close()
	return e.rows(sql)
}
