package codemode

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tarn-data/tarn"
)

func runScript(t *testing.T, script string, lim Limits) (*Outcome, error) {
	t.Helper()
	return Run(context.Background(), script, newFakeHost(), lim)
}

func wantCode(t *testing.T, err error, code string) *tarn.Error {
	t.Helper()
	var te *tarn.Error
	if !errors.As(err, &te) {
		t.Fatalf("got error %v (%T), want a *tarn.Error with code %s", err, err, code)
	}
	if te.Code != code {
		t.Fatalf("got code %s (%v), want %s", te.Code, err, code)
	}
	return te
}

func TestGoodScriptSearchesQueriesChartsAndAnswers(t *testing.T) {
	script := `
const hits = tarn.search("revenue by plan");
const info = tarn.describe(hits[0].name);
console.log("columns", info.columns.map(c => c.name));
const r = tarn.sql("` + revenueSQL + `", {mode: "both"});
tarn.chart({xAxis: {type: "category", data: r.rows.map(x => x[0])},
            yAxis: {type: "value", min: 0},
            series: [{type: "bar", data: r.rows.map(x => x[1])}]});
tarn.answer("**" + r.rows[0][0] + "** leads with " + r.rows[0][1] + ".");
`
	out, err := runScript(t, script, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if out.Answer != "**enterprise** leads with 9000.5." {
		t.Errorf("answer = %q", out.Answer)
	}
	if len(out.Logs) != 1 || out.Logs[0] != `columns ["plan","amount"]` {
		t.Errorf("logs = %q", out.Logs)
	}
	if len(out.Queries) != 1 || out.Queries[0].SQL != revenueSQL || out.Queries[0].Mode != ModeBoth || out.Queries[0].Rows != 3 {
		t.Errorf("queries = %+v", out.Queries)
	}
	if len(out.Charts) != 1 {
		t.Fatalf("charts = %d, want 1", len(out.Charts))
	}
	var opt struct {
		XAxis struct{ Data []string }
		YAxis struct{ Min float64 }
	}
	if err := json.Unmarshal(out.Charts[0], &opt); err != nil || strings.Join(opt.XAxis.Data, ",") != "enterprise,pro,free" {
		t.Errorf("chart = %s (%v)", out.Charts[0], err)
	}
	if len(out.Inject) != 1 || len(out.Display) != 1 || len(out.Inject[0].Rows) != 3 || len(out.Display[0].Rows) != 3 {
		t.Errorf("inject = %+v, display = %+v", out.Inject, out.Display)
	}
}

func TestSyntaxErrorIsInvalidWithLineAndColumn(t *testing.T) {
	out, err := runScript(t, "const a = 1;\nconst b = a +* 2;\ntarn.answer('x');", Limits{})
	te := wantCode(t, err, tarn.EINVALID)
	if !errors.Is(err, ErrSyntax) || !strings.Contains(te.Message, "line 2, column") {
		t.Errorf("message = %q", te.Message)
	}
	if out.Answer != "" {
		t.Errorf("a script with a syntax error answered %q", out.Answer)
	}
}

func TestRuntimeThrowIsInvalidWithMessageAndLine(t *testing.T) {
	cases := []struct {
		name, script, want string
	}{
		{"error object", "function f() { throw new Error('no plan column') }\nf();", "Error: no plan column (at line 1, column"},
		{"type error", "let x;\nx.y.z = 1;", "TypeError"},
		{"thrown string", "throw 'boom'", "boom"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := runScript(t, c.script, Limits{})
			te := wantCode(t, err, tarn.EINVALID)
			if !errors.Is(err, ErrException) || !strings.Contains(te.Message, c.want) {
				t.Errorf("message = %q, want it to hold %q", te.Message, c.want)
			}
		})
	}
}

func TestInfiniteLoopStopsAtTimeout(t *testing.T) {
	start := time.Now()
	_, err := runScript(t, "while (true) {}", Limits{Timeout: 100 * time.Millisecond})
	te := wantCode(t, err, tarn.ETIMEOUT)
	if !errors.Is(err, ErrTimeout) || te.Message != "the script ran longer than 100ms" {
		t.Errorf("message = %q", te.Message)
	}
	// Not a timing assertion: a broken timeout would hang the test, not slow it.
	t.Logf("stopped after %s", time.Since(start))
}

func TestLoopCatchingTheInterruptStillStops(t *testing.T) {
	_, err := runScript(t, "for (;;) { try { while (true) {} } catch (e) {} }", Limits{Timeout: 50 * time.Millisecond})
	wantCode(t, err, tarn.ETIMEOUT)
}

func TestCancelledContextStopsScript(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(20 * time.Millisecond); cancel() }()
	_, err := Run(ctx, "while (true) {}", newFakeHost(), Limits{Timeout: time.Minute})
	te := wantCode(t, err, tarn.ETIMEOUT)
	if !strings.Contains(te.Message, "cancelled") {
		t.Errorf("message = %q", te.Message)
	}
}

func TestMemoryBombIsLimit(t *testing.T) {
	_, err := runScript(t, "let a = []; while (true) a.push(new Array(1e6).fill(1));", Limits{})
	te := wantCode(t, err, tarn.ELIMIT)
	if !errors.Is(err, ErrMemory) || te.Message != "the script used more than 64 MiB of memory" {
		t.Errorf("message = %q", te.Message)
	}
}

func TestDeepRecursionIsLimit(t *testing.T) {
	_, err := runScript(t, "function f(n) { return f(n + 1) + 1 }\nf(0);", Limits{})
	wantCode(t, err, tarn.ELIMIT)
}

func TestTooManyQueriesIsLimitEvenWhenCaught(t *testing.T) {
	cases := []struct{ name, script string }{
		{"uncaught", "for (let i = 0; i < 20; i++) tarn.sql('SELECT 1');"},
		{"caught", "for (let i = 0; i < 20; i++) { try { tarn.sql('SELECT 1') } catch (e) {} }\ntarn.answer('done');"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, err := runScript(t, c.script, Limits{MaxQueries: 3})
			te := wantCode(t, err, tarn.ELIMIT)
			if !errors.Is(err, ErrTooManyQuery) || te.Message != "the script ran more than 3 queries" {
				t.Errorf("message = %q", te.Message)
			}
			if len(out.Queries) != 3 {
				t.Errorf("ran %d queries, want 3", len(out.Queries))
			}
		})
	}
}

func TestSQLErrorKeepsHostCodeAndIsCatchable(t *testing.T) {
	_, err := runScript(t, "tarn.sql('SELECT * FROM hr.salaries');", Limits{})
	te := wantCode(t, err, tarn.EFORBIDDEN)
	if te.Message != "you may not read hr.salaries" {
		t.Errorf("message = %q", te.Message)
	}

	out, err := runScript(t, `
try { tarn.sql('SELECT * FROM hr.salaries') }
catch (e) { tarn.answer(e.name + " " + e.code + ": " + e.message) }`, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if out.Answer != "TarnError forbidden: you may not read hr.salaries" {
		t.Errorf("answer = %q", out.Answer)
	}
	if len(out.Queries) != 1 || tarn.ErrorCode(out.Queries[0].Err) != tarn.EFORBIDDEN {
		t.Errorf("queries = %+v", out.Queries)
	}
}

func TestDescribeErrorKeepsHostCode(t *testing.T) {
	_, err := runScript(t, "tarn.describe('nope.nothing')", Limits{})
	wantCode(t, err, tarn.ENOTFOUND)
}

func TestDisplayRowsNeverReachInject(t *testing.T) {
	out, err := runScript(t, `
const r = tarn.sql('SELECT * FROM big', {mode: "display"});
tarn.sql('SELECT 1');
tarn.answer(r.rows.length + " rows");`, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Inject) != 0 {
		t.Errorf("display and default-mode rows reached Inject: %+v", out.Inject)
	}
	if len(out.Display) != 2 || len(out.Display[0].Rows) != 1000 || !out.Display[0].Truncated {
		t.Errorf("display = %d results", len(out.Display))
	}
	if out.Answer != "1000 rows" {
		t.Errorf("the script saw %q, want 1000 rows (MaxRows)", out.Answer)
	}
}

func TestInjectRowsAreCapped(t *testing.T) {
	out, err := runScript(t, `const r = tarn.sql('SELECT * FROM big', {mode: "inject"}); tarn.answer(String(r.rows.length));`,
		Limits{MaxRows: 500, MaxInjectRows: 7})
	if err != nil {
		t.Fatal(err)
	}
	if out.Answer != "500" {
		t.Errorf("script saw %s rows, want 500", out.Answer)
	}
	if len(out.Inject) != 1 || len(out.Inject[0].Rows) != 7 || !out.Inject[0].Truncated {
		t.Errorf("inject = %+v", out.Inject)
	}
	if len(out.Display) != 0 {
		t.Errorf("inject-mode rows went to Display")
	}
}

func TestBadModeIsInvalid(t *testing.T) {
	_, err := runScript(t, `tarn.sql('SELECT 1', {mode: "model"})`, Limits{})
	wantCode(t, err, tarn.EINVALID)
}

func TestOutputLimit(t *testing.T) {
	_, err := runScript(t, `for (let i = 0; i < 1000; i++) console.log("x".repeat(100));`, Limits{MaxOutput: 10000})
	wantCode(t, err, tarn.ELIMIT)
	if !errors.Is(err, ErrOutput) {
		t.Errorf("err = %v", err)
	}
}

func TestNaNValuesReachScriptAsNull(t *testing.T) {
	h := newFakeHost()
	h.results["SELECT nan"] = Result{Columns: []string{"x"}, Rows: [][]any{{1.5}, {0.0 / zero()}}}
	out, err := Run(context.Background(), `tarn.answer(JSON.stringify(tarn.sql('SELECT nan').rows))`, h, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if out.Answer != "[[1.5],[null]]" {
		t.Errorf("answer = %q", out.Answer)
	}
}

func zero() float64 { return 0 }

func TestAsyncScriptRunsToTheEnd(t *testing.T) {
	out, err := runScript(t, `(async () => { await null; tarn.answer("later"); })();`, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if out.Answer != "later" {
		t.Errorf("answer = %q", out.Answer)
	}
}

func TestSlowQueryEndsAtTimeoutEvenWhenCaught(t *testing.T) {
	out, err := runScript(t, `
try { tarn.sql("SELECT slow") } catch (e) {}
tarn.answer("carried on");`, Limits{Timeout: 50 * time.Millisecond})
	te := wantCode(t, err, tarn.ETIMEOUT)
	if te.Message != "the script ran longer than 50ms" {
		t.Errorf("message = %q", te.Message)
	}
	if out.Answer != "" {
		t.Errorf("the script went on after its time: %q", out.Answer)
	}
}

func TestHostErrorWithoutCodeIsInternalWithoutDetails(t *testing.T) {
	_, err := runScript(t, `tarn.sql("SELECT broken")`, Limits{})
	te := wantCode(t, err, tarn.EINTERNAL)
	if strings.Contains(te.Message, "connection reset") || te.Err == nil {
		t.Errorf("message = %q, cause = %v", te.Message, te.Err)
	}
}

func TestAsyncScriptRejectionIsReported(t *testing.T) {
	_, err := runScript(t, `(async () => {
  await null;
  tarn.describe("nope.nothing");
})();`, Limits{})
	wantCode(t, err, tarn.ENOTFOUND)

	_, err = runScript(t, `(async () => { await null; throw new Error("late") })();`, Limits{})
	te := wantCode(t, err, tarn.EINVALID)
	if !strings.Contains(te.Message, "Error: late") {
		t.Errorf("message = %q", te.Message)
	}
}

func TestAsyncInfiniteLoopStopsAtTimeout(t *testing.T) {
	_, err := runScript(t, `(async () => { await null; while (true) {} })();`, Limits{Timeout: 50 * time.Millisecond})
	wantCode(t, err, tarn.ETIMEOUT)
}

func TestChartRefusesAnOptionWithCode(t *testing.T) {
	out, err := Run(context.Background(), `
		let msg = "";
		try { tarn.chart({series: [{type: "bar", data: [1]}], tooltip: {formatter: "function(x){return x}"}}); }
		catch (e) { msg = e.code; }
		tarn.answer(msg);`, &fakeHost{}, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if out.Answer != "invalid" || len(out.Charts) != 0 {
		t.Fatalf("answer %q, charts %d: an option with code must be refused", out.Answer, len(out.Charts))
	}
}
