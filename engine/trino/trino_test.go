package trino_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/engine"
	"github.com/tarn-data/tarn/engine/trino"
	"github.com/tarn-data/tarn/engine/trino/trinotest"
	"github.com/tarn-data/tarn/governance"
	"github.com/tarn-data/tarn/governance/audit"
	"github.com/tarn-data/tarn/internal/demotest"
	"github.com/tarn-data/tarn/lake"
)

// world is a governed demo lake whose engine sends queries to a fake Trino.
type world struct {
	env   *demotest.Env
	eng   *engine.Engine
	fake  *trinotest.Server
	alloc *memory.CheckedAllocator
}

func newWorld(t *testing.T, answer func(sql string, h http.Header) trinotest.Reply) *world {
	t.Helper()
	env := demotest.Open(t, demotest.Options{Scale: 0.01})
	fake := trinotest.New(t, answer)
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	client, err := trino.Open(trino.Options{DSN: fake.DSN("tarn"), Allocator: alloc, BatchRows: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { client.Close() })
	eng, err := engine.New(context.Background(), env.Lake, engine.Options{
		Policy: env.Gov, Log: governance.QueryAudit{Log: env.Audit}, Clock: env.Clock, Remote: client,
		TempDir: filepath.Join(t.TempDir(), "tmp"), Threads: 1,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eng.Close() })
	t.Cleanup(func() { alloc.AssertSize(t, 0) })
	return &world{env: env, eng: eng, fake: fake, alloc: alloc}
}

// lastAudit is the newest audit entry.
func (w *world) lastAudit(t *testing.T) audit.Entry {
	t.Helper()
	es, err := w.env.Audit.Tail(context.Background(), 1)
	if err != nil || len(es) != 1 {
		t.Fatalf("audit tail: %v %v", es, err)
	}
	return es[0]
}

// typed is a reply with one column of each kind Tarn maps, over three pages.
var typed = trinotest.Reply{
	Columns: []trinotest.Column{
		{Name: "id", Type: "bigint"}, {Name: "n", Type: "integer"}, {Name: "ratio", Type: "double"},
		{Name: "amount", Type: "decimal(12,2)"}, {Name: "plan", Type: "varchar"}, {Name: "active", Type: "boolean"},
		{Name: "day", Type: "date"}, {Name: "ts", Type: "timestamp(6)"}, {Name: "tstz", Type: "timestamp(6) with time zone"},
		{Name: "blob", Type: "varbinary"}, {Name: "tags", Type: "array(varchar)"},
	},
	Pages: [][][]any{
		{
			{1, 10, 0.5, "12.34", "pro", true, "2026-11-01", "2026-11-01 10:00:00.123456", "2026-11-01 10:00:00.000000 UTC", "aGk=", []any{"a", "b"}},
			{2, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil},
		},
		{
			{3, -3, 1e10, "-0.05", "enterprise", false, "1999-12-31", "1999-12-31 23:59:59.000000", "2026-11-01 12:00:00.000000 Europe/Paris", "", []any{}},
		},
		{
			{4, 4, 2.25, "99999999.99", "free", true, "2026-01-01", "2026-01-01 00:00:00.000000", "2026-01-01 00:00:00.000000 UTC", "AA==", []any{"x"}},
		},
	},
}

func read(t *testing.T, res *engine.Result) []arrow.RecordBatch {
	t.Helper()
	var out []arrow.RecordBatch
	for res.Reader.Next() {
		rec := res.Reader.RecordBatch()
		rec.Retain()
		out = append(out, rec)
	}
	return out
}

func TestQueryReturnsTrinoRowsAsTypedArrowOverSeveralPages(t *testing.T) {
	w := newWorld(t, func(string, http.Header) trinotest.Reply { return typed })
	sql := "SELECT account_id, plan FROM dim.accounts ;\n"
	res, err := w.eng.Query(context.Background(), engine.Request{SQL: sql, Caller: demotest.As("alice")})
	if err != nil {
		t.Fatal(err)
	}
	recs := read(t, res)
	defer func() {
		for _, r := range recs {
			r.Release()
		}
	}()
	if err := res.Reader.Err(); err != nil {
		t.Fatal(err)
	}
	if err := res.Close(); err != nil {
		t.Fatal(err)
	}
	if got := w.fake.Statements(); len(got) != 1 || got[0] != "SELECT account_id, plan FROM dim.accounts" {
		t.Errorf("Trino received %q, want the SQL as written without the semicolon", got)
	}
	want := []string{"id: int64", "n: int32", "ratio: float64", "amount: decimal(12, 2)", "plan: utf8", "active: bool",
		"day: date32", "ts: timestamp[us]", "tstz: timestamp[us, tz=UTC]", "blob: binary", "tags: utf8"}
	for i, f := range res.Schema().Fields() {
		if got := f.Name + ": " + f.Type.String(); got != want[i] {
			t.Errorf("column %d is %s, want %s", i, got, want[i])
		}
	}
	rows := 0
	for _, r := range recs {
		rows += int(r.NumRows())
	}
	gets := 0
	for _, r := range w.fake.Requests() {
		if r.Method == http.MethodGet {
			gets++
		}
	}
	if rows != 4 || len(recs) != 2 || gets != 3 {
		t.Fatalf("%d rows in %d batches from %d pages, want 4 rows in batches of 2 from the three pages", rows, len(recs), gets)
	}
	first := recs[0]
	checks := []struct{ got, want string }{
		{first.Column(0).(*array.Int64).ValueStr(0), "1"},
		{first.Column(3).(*array.Decimal128).ValueStr(0), "12.34"},
		{first.Column(4).(*array.String).Value(0), "pro"},
		{first.Column(6).(*array.Date32).Value(0).ToTime().Format(time.DateOnly), "2026-11-01"},
		{first.Column(7).(*array.Timestamp).Value(0).ToTime(arrow.Microsecond).Format(time.RFC3339Nano), "2026-11-01T10:00:00.123456Z"},
		{first.Column(9).(*array.Binary).ValueString(0), "hi"},
		{first.Column(10).(*array.String).Value(0), `["a","b"]`},
		{fmt.Sprint(first.Column(1).IsNull(1), first.Column(3).IsNull(1), first.Column(10).IsNull(1)), "true true true"},
		{recs[1].Column(8).(*array.Timestamp).Value(0).ToTime(arrow.Microsecond).Format(time.RFC3339), "2026-11-01T11:00:00Z"},
		{recs[1].Column(3).(*array.Decimal128).ValueStr(0), "-0.05"},
	}
	for i, c := range checks {
		if c.got != c.want {
			t.Errorf("check %d: got %s, want %s", i, c.got, c.want)
		}
	}
	if len(res.Scans) != 1 || res.Scans[0].Table.String() != "dim.accounts" || len(res.Scans[0].Columns) == 0 {
		t.Errorf("scans = %+v", res.Scans)
	}
	e := w.lastAudit(t)
	if e.Action != "query" || !e.Allowed || e.Rows != 4 || e.Detail["engine"] != "trino" || e.Actor != "alice" {
		t.Errorf("audit entry = %+v, want an allowed query by alice of 4 rows run on trino", e)
	}
}

func TestEveryRequestRunsAsTheCallersPrincipal(t *testing.T) {
	w := newWorld(t, func(string, http.Header) trinotest.Reply { return typed })
	res, err := w.eng.Query(context.Background(), engine.Request{SQL: "SELECT * FROM dim.accounts", Caller: demotest.As("bob")})
	if err != nil {
		t.Fatal(err)
	}
	for res.Reader.Next() {
	}
	res.Close()
	reqs := w.fake.Requests()
	if len(reqs) < 4 {
		t.Fatalf("%d requests, want the statement and its three pages", len(reqs))
	}
	for _, r := range reqs {
		if got := r.Header.Values("X-Trino-User"); len(got) != 1 || got[0] != "bob" {
			t.Errorf("%s %s ran as %q, want bob (the principal, not the connection's user)", r.Method, r.Path, got)
		}
	}
	post := reqs[0]
	if post.Header.Get("X-Trino-Catalog") != trino.Catalog || post.Header.Get("X-Trino-Schema") != "" || post.Header.Get("X-Trino-Time-Zone") != "UTC" {
		t.Errorf("session headers: catalog %q schema %q zone %q", post.Header.Get("X-Trino-Catalog"), post.Header.Get("X-Trino-Schema"), post.Header.Get("X-Trino-Time-Zone"))
	}
}

func TestRefusedQueriesNeverReachTrino(t *testing.T) {
	w := newWorld(t, func(string, http.Header) trinotest.Reply { return typed })
	cases := []struct{ who, sql, want string }{
		{"alice", "SELECT * FROM fct.billings_allocated", "not granted"},
		{"alice", "DROP TABLE dim.accounts", ""},
		{"alice", "SELECT * FROM read_csv('/etc/passwd')", ""},
		{"alice", "SELECT * FROM tarn.dim.accounts", ""},
		{"alice", "SELECT 1; SELECT 2", ""},
		{"mallory", "SELECT * FROM dim.accounts", ""},
		{"alice", "SELECT * FROM raw.support_tickets", ""},
	}
	for _, c := range cases {
		res, err := w.eng.Query(context.Background(), engine.Request{SQL: c.sql, Caller: demotest.As(c.who)})
		if err == nil {
			res.Close()
			t.Errorf("%s: %s ran", c.who, c.sql)
			continue
		}
		if tarn.ErrorCode(err) != tarn.EFORBIDDEN && tarn.ErrorCode(err) != tarn.EINVALID {
			t.Errorf("%s: %s: %v (code %s), want a refusal", c.who, c.sql, err, tarn.ErrorCode(err))
		}
		if e := w.lastAudit(t); e.SQL != c.sql || e.Detail["engine"] != "" {
			t.Errorf("%s: audit entry %+v, want the refusal with no engine", c.sql, e)
		}
	}
	if reqs := w.fake.Requests(); len(reqs) != 0 {
		t.Fatalf("Trino received %d requests, first %s %s %q", len(reqs), reqs[0].Method, reqs[0].Path, reqs[0].Body)
	}
}

func TestQueriesTrinoCannotRunAlikeStayOnDuckDB(t *testing.T) {
	w := newWorld(t, func(string, http.Header) trinotest.Reply { return typed })
	tbl, err := w.env.Lake.Load(context.Background(), lake.MustIdent("dim.accounts"))
	if err != nil {
		t.Fatal(err)
	}
	snap := tbl.CurrentSnapshot().SnapshotID
	for _, sql := range []string{
		fmt.Sprintf("SELECT count(*) AS n FROM dim.accounts AT (VERSION => %d)", snap),
		"SELECT 1 AS one",
	} {
		res, err := w.eng.Query(context.Background(), engine.Request{SQL: sql, Caller: demotest.As("alice")})
		if err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		for res.Reader.Next() {
		}
		if err := res.Close(); err != nil {
			t.Fatal(err)
		}
		if e := w.lastAudit(t); e.Detail["engine"] != "" {
			t.Errorf("%s: audit engine %q, want DuckDB's (no marker)", sql, e.Detail["engine"])
		}
	}
	if n := len(w.fake.Requests()); n != 0 {
		t.Errorf("Trino received %d requests for time travel and a table-less query", n)
	}
}

func TestTrinoErrorsBecomeTarnErrors(t *testing.T) {
	cases := []struct {
		err  trinotest.Error
		code string
		msg  string
	}{
		{trinotest.Error{Message: "line 1:8: Column 'nope' cannot be resolved", ErrorName: "COLUMN_NOT_FOUND", ErrorType: "USER_ERROR", ErrorCode: 47}, tarn.EINVALID, "Column 'nope' cannot be resolved"},
		{trinotest.Error{Message: "Access Denied: Cannot select from columns [email] in table tarn.dim.accounts", ErrorName: "PERMISSION_DENIED", ErrorType: "USER_ERROR", ErrorCode: 4}, tarn.EFORBIDDEN, "Trino refused the query: Access Denied"},
		{trinotest.Error{Message: "Query exceeded per-node memory limit of 1GB", ErrorName: "EXCEEDED_LOCAL_MEMORY_LIMIT", ErrorType: "INSUFFICIENT_RESOURCES", ErrorCode: 131079}, tarn.ELIMIT, "per-node memory limit"},
		{trinotest.Error{Message: "Query exceeded maximum time limit of 1.00m", ErrorName: "EXCEEDED_TIME_LIMIT", ErrorType: "INSUFFICIENT_RESOURCES", ErrorCode: 131075}, tarn.ETIMEOUT, "maximum time limit"},
		{trinotest.Error{Message: "Failed to read Parquet file", ErrorName: "ICEBERG_CANNOT_OPEN_SPLIT", ErrorType: "EXTERNAL", ErrorCode: 16777220}, tarn.EINTERNAL, "ICEBERG_CANNOT_OPEN_SPLIT"},
	}
	for _, c := range cases {
		t.Run(c.err.ErrorName, func(t *testing.T) {
			te := c.err
			w := newWorld(t, func(string, http.Header) trinotest.Reply { return trinotest.Reply{Error: &te} })
			res, err := w.eng.Query(context.Background(), engine.Request{SQL: "SELECT plan FROM dim.accounts", Caller: demotest.As("alice")})
			if err == nil {
				res.Close()
				t.Fatal("the query succeeded")
			}
			var tе *tarn.Error
			if !errors.As(err, &tе) || tarn.ErrorCode(err) != c.code || !strings.Contains(tarn.ErrorMessage(err), c.msg) || !errors.Is(err, trino.ErrQuery) {
				t.Fatalf("error %v (code %s, message %q), want a *tarn.Error %s naming %q", err, tarn.ErrorCode(err), tarn.ErrorMessage(err), c.code, c.msg)
			}
			e := w.lastAudit(t)
			if e.Reason != tarn.ErrorMessage(err) || e.Detail["engine"] != "trino" || e.Allowed != (c.code != tarn.EFORBIDDEN) {
				t.Errorf("audit entry %+v", e)
			}
		})
	}
}

func TestAFailureAfterSomePagesEndsTheStreamAndIsAudited(t *testing.T) {
	w := newWorld(t, func(string, http.Header) trinotest.Reply {
		r := typed
		r.Pages = r.Pages[:1]
		r.Error = &trinotest.Error{Message: "Worker node crashed", ErrorName: "REMOTE_HOST_GONE", ErrorType: "INTERNAL_ERROR", ErrorCode: 65547}
		return r
	})
	res, err := w.eng.Query(context.Background(), engine.Request{SQL: "SELECT plan FROM dim.accounts", Caller: demotest.As("alice")})
	if err != nil {
		t.Fatal(err)
	}
	rows := 0
	for res.Reader.Next() {
		rows += int(res.Reader.RecordBatch().NumRows())
	}
	err = res.Reader.Err()
	if rows != 2 || tarn.ErrorCode(err) != tarn.EINTERNAL || !strings.Contains(tarn.ErrorMessage(err), "Worker node crashed") {
		t.Fatalf("%d rows, then %v", rows, err)
	}
	res.Close()
	if e := w.lastAudit(t); e.Rows != 2 || !strings.Contains(e.Reason, "Worker node crashed") || e.Detail["engine"] != "trino" {
		t.Errorf("audit entry %+v", e)
	}
}

func TestCancellingARunningQueryDeletesItOnTrino(t *testing.T) {
	w := newWorld(t, func(string, http.Header) trinotest.Reply {
		return trinotest.Reply{Columns: typed.Columns, Hang: true}
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		res, err := w.eng.Query(ctx, engine.Request{SQL: "SELECT plan FROM dim.accounts", Caller: demotest.As("alice")})
		if err == nil {
			res.Close()
		}
		done <- err
	}()
	id := <-w.fake.Hanging()
	cancel()
	err := <-done
	if tarn.ErrorCode(err) != tarn.ETIMEOUT {
		t.Fatalf("cancelled query: %v (code %s), want ETIMEOUT", err, tarn.ErrorCode(err))
	}
	if !w.fake.Cancelled(id) {
		t.Fatal("Trino never received the DELETE that cancels the query")
	}
	var del *trinotest.Request
	for _, r := range w.fake.Requests() {
		if r.Method == http.MethodDelete {
			del = &r
		}
	}
	if del == nil || !strings.Contains(del.Path, id) || del.Header.Get("X-Trino-User") != "alice" {
		t.Errorf("DELETE = %+v", del)
	}
	if e := w.lastAudit(t); e.Detail["engine"] != "trino" || e.Reason == "" {
		t.Errorf("audit entry %+v, want the cancelled query", e)
	}
}

func TestACutResultCancelsTheRestOnTrino(t *testing.T) {
	pages := make([][][]any, 6)
	for i := range pages {
		pages[i] = [][]any{{fmt.Sprint("p", i, "a")}, {fmt.Sprint("p", i, "b")}}
	}
	w := newWorld(t, func(string, http.Header) trinotest.Reply {
		return trinotest.Reply{Columns: []trinotest.Column{{Name: "plan", Type: "varchar"}}, Pages: pages}
	})
	res, err := w.eng.Query(context.Background(), engine.Request{SQL: "SELECT plan FROM dim.accounts", Caller: demotest.As("alice"), MaxRows: 3})
	if err != nil {
		t.Fatal(err)
	}
	rows := 0
	for res.Reader.Next() {
		rows += int(res.Reader.RecordBatch().NumRows())
	}
	if err := res.Close(); err != nil {
		t.Fatal(err)
	}
	if rows != 3 || !res.Truncated() {
		t.Fatalf("%d rows, truncated %v", rows, res.Truncated())
	}
	deleted := false
	for _, r := range w.fake.Requests() {
		deleted = deleted || r.Method == http.MethodDelete
	}
	if !deleted {
		t.Error("the rest of the query was never cancelled on Trino")
	}
}

func TestOpenRefusesAnotherCatalog(t *testing.T) {
	for _, dsn := range []string{"http://tarn@trino:8080?catalog=iceberg", "trino:8080", "ftp://trino:8080"} {
		_, err := trino.Open(trino.Options{DSN: dsn})
		if tarn.ErrorCode(err) != tarn.EINVALID || !errors.Is(err, trino.ErrConfig) {
			t.Errorf("%s: %v, want EINVALID", dsn, err)
		}
	}
	c, err := trino.Open(trino.Options{DSN: "https://tarn@trino.internal:8443?catalog=tarn"})
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
}
