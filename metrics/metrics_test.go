package metrics_test

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/agent"
	"github.com/tarn-data/tarn/engine"
	"github.com/tarn-data/tarn/governance"
	"github.com/tarn-data/tarn/governance/memstore"
	"github.com/tarn-data/tarn/governance/skimmer"
	"github.com/tarn-data/tarn/internal/demotest"
	"github.com/tarn-data/tarn/lake/transform"
	"github.com/tarn-data/tarn/metrics"
)

// recorder is a Sink that keeps what it is given.
type recorder struct {
	mu        sync.Mutex
	queries   []metrics.Query
	started   []string
	runs      []metrics.JobRun
	scans     []metrics.Scan
	questions []metrics.Question
}

func (r *recorder) Query(q metrics.Query) {
	r.mu.Lock()
	r.queries = append(r.queries, q)
	r.mu.Unlock()
}
func (r *recorder) JobStarted(j string)     { r.mu.Lock(); r.started = append(r.started, j); r.mu.Unlock() }
func (r *recorder) JobRun(j metrics.JobRun) { r.mu.Lock(); r.runs = append(r.runs, j); r.mu.Unlock() }
func (r *recorder) Scan(s metrics.Scan)     { r.mu.Lock(); r.scans = append(r.scans, s); r.mu.Unlock() }
func (r *recorder) Question(q metrics.Question) {
	r.mu.Lock()
	r.questions = append(r.questions, q)
	r.mu.Unlock()
}
func (r *recorder) Request(metrics.Request) {}

// TestQueriesAreClassifiedByOutcomeAndRefusalReason runs real queries
// through a governed engine over the demo lake: each refusal is named for
// the rule that made it, and the audit log still gets every query.
func TestQueriesAreClassifiedByOutcomeAndRefusalReason(t *testing.T) {
	env := demotest.Open(t, demotest.Options{Scale: 0.01})
	ctx := context.Background()
	rec := &recorder{}
	eng, err := engine.New(ctx, env.Lake, engine.Options{Policy: env.Gov, Clock: env.Clock,
		Log:     metrics.QueryLog{Next: governance.QueryAudit{Log: env.Audit}, Sink: rec},
		TempDir: filepath.Join(t.TempDir(), "tmp"), Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	cases := []struct {
		as, sql         string
		outcome, reason string
	}{
		{"alice", "SELECT count(*) FROM dim.accounts", metrics.Allowed, ""},
		{"erin", "SELECT count(*) FROM dim.accounts", metrics.Refused, metrics.ReasonNotGranted},
		{"alice", "SELECT * FROM raw.support_tickets", metrics.Refused, metrics.ReasonNeedsReview},
		{"nobody", "SELECT count(*) FROM dim.accounts", metrics.Refused, metrics.ReasonUnknownPrincipal},
		{"alice", "SELECT * FROM read_csv('/etc/passwd')", metrics.Refused, metrics.ReasonGuard},
		{"alice", "SELECT 1/0 FROM dim.accounts WHERE CAST(plan AS INTEGER) = 1", metrics.Failed, ""},
	}
	before, err := env.Audit.Tail(ctx, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		res, err := eng.Query(ctx, engine.Request{SQL: c.sql, Caller: demotest.As(c.as)})
		if err == nil {
			for res.Reader.Next() {
			}
			err = errors.Join(res.Reader.Err(), res.Close())
		}
		if c.outcome == metrics.Allowed && err != nil {
			t.Fatalf("%s as %s: %v", c.sql, c.as, err)
		}
	}
	if len(rec.queries) != len(cases) {
		t.Fatalf("%d queries reported, want %d: %+v", len(rec.queries), len(cases), rec.queries)
	}
	for i, c := range cases {
		if q := rec.queries[i]; q.Outcome != c.outcome || q.Reason != c.reason {
			t.Errorf("%s as %s: %s/%s, want %s/%s", c.sql, c.as, q.Outcome, q.Reason, c.outcome, c.reason)
		}
	}
	if rec.queries[0].Rows != 1 {
		t.Errorf("the allowed query read %d rows, want 1", rec.queries[0].Rows)
	}
	after, err := env.Audit.Tail(ctx, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if len(after)-len(before) != len(cases) {
		t.Errorf("the audit log got %d entries, want %d", len(after)-len(before), len(cases))
	}
}

// fakeRuns is a transform.RunStore in memory.
type fakeRuns struct{ finished []transform.Run }

func (f *fakeRuns) Start(context.Context, transform.Run) (int64, error) { return 7, nil }
func (f *fakeRuns) Finish(_ context.Context, r transform.Run) error {
	f.finished = append(f.finished, r)
	return nil
}
func (f *fakeRuns) Runs(context.Context, transform.RunFilter) ([]transform.Run, error) {
	return f.finished, nil
}

func TestRunStoreReportsRunsAndStillKeepsThem(t *testing.T) {
	rec, inner := &recorder{}, &fakeRuns{}
	s := metrics.RunStore{RunStore: inner, Sink: rec}
	ctx := context.Background()
	start := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	id, err := s.Start(ctx, transform.Run{Job: "traffic_daily", Started: start})
	if err != nil || id != 7 {
		t.Fatalf("start: %d %v", id, err)
	}
	r := transform.Run{ID: id, Job: "traffic_daily", Started: start, Ended: start.Add(90 * time.Second), Status: transform.StatusSucceeded, Rows: 12}
	if err := s.Finish(ctx, r); err != nil {
		t.Fatal(err)
	}
	if len(inner.finished) != 1 || len(rec.started) != 1 {
		t.Fatalf("kept %d runs, reported %d starts", len(inner.finished), len(rec.started))
	}
	want := metrics.JobRun{Job: "traffic_daily", Status: "succeeded", Duration: 90 * time.Second, Rows: 12}
	if len(rec.runs) != 1 || rec.runs[0] != want {
		t.Fatalf("reported %+v, want %+v", rec.runs, want)
	}
}

// fakeAgent answers, gives up or fails as told.
type fakeAgent struct {
	ans *agent.Answer
	err error
}

func (f fakeAgent) Ask(context.Context, agent.Question) (*agent.Answer, error) { return f.ans, f.err }
func (f fakeAgent) MarkRight(context.Context, agent.Question, *agent.Answer) (int64, error) {
	return 1, nil
}

func TestAskerReportsTheOutcomeAndTheFrontDoorNeverTheAlertName(t *testing.T) {
	rec := &recorder{}
	clock := tarn.NewFakeClock(time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC))
	cases := []struct {
		a       fakeAgent
		purpose string
		via     string
		outcome string
	}{
		{fakeAgent{ans: &agent.Answer{Text: "42"}}, "chat slack", "chat", metrics.Answered},
		{fakeAgent{ans: &agent.Answer{Text: "I could not"}, err: errors.New("script failed")}, "http", "http", metrics.GaveUp},
		{fakeAgent{err: errors.New("model unreachable")}, "alert High5xxOnZone", "alert", metrics.Failed},
		{fakeAgent{ans: &agent.Answer{}}, "", "unknown", metrics.Answered},
	}
	for _, c := range cases {
		a := metrics.Asker{Next: c.a, Sink: rec, Clock: clock}
		ans, err := a.Ask(context.Background(), agent.Question{Text: "q", Purpose: c.purpose})
		if ans != c.a.ans || err != c.a.err {
			t.Fatalf("the answer was not passed through: %v %v", ans, err)
		}
	}
	for i, c := range cases {
		if q := rec.questions[i]; q.Via != c.via || q.Outcome != c.outcome {
			t.Errorf("%q: %+v, want via %s outcome %s", c.purpose, q, c.via, c.outcome)
		}
	}
}

func TestScansReportEachNewReportOnce(t *testing.T) {
	rec := &recorder{}
	s := &metrics.Scans{Sink: rec}
	at := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	r := skimmer.Report{Table: "dim.accounts", Scanned: at, Rows: 100, Columns: []skimmer.Classification{
		{Column: "email", Tag: "email"}, {Column: "plan"}}}
	s.Observe(r)
	s.Observe(r) // OnScan with an unchanged table: the same report again
	r.Scanned = at.Add(time.Minute)
	s.Observe(r)
	if len(rec.scans) != 2 {
		t.Fatalf("%d scans reported, want 2", len(rec.scans))
	}
	if got := rec.scans[0]; got.Columns != 2 || got.PII != 1 || got.Rows != 100 || !got.At.Equal(at) {
		t.Fatalf("scan %+v", got)
	}
}

func TestFlipStatesCountsAFlipPastItsEndAsExpired(t *testing.T) {
	st := memstore.New()
	ctx := context.Background()
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	for _, f := range []governance.Flip{
		{Principal: "cli:alice", Namespace: "dim", Table: "accounts", Justification: "x", StartedAt: now.Add(-time.Minute), ExpiresAt: now.Add(time.Hour), State: governance.FlipActive},
		{Principal: "cli:bob", Namespace: "dim", Table: "accounts", Justification: "x", StartedAt: now.Add(-2 * time.Hour), ExpiresAt: now.Add(-time.Hour), State: governance.FlipActive},
		{Principal: "cli:carol", Namespace: "dim", Table: "accounts", Justification: "x", StartedAt: now, ExpiresAt: now.Add(time.Hour), State: governance.FlipPending},
	} {
		if _, err := st.CreateFlip(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	got, err := metrics.FlipStates(ctx, st, now)
	if err != nil {
		t.Fatal(err)
	}
	if got[governance.FlipActive] != 1 || got[governance.FlipExpired] != 1 || got[governance.FlipPending] != 1 || got[governance.FlipDenied] != 0 {
		t.Fatalf("states %v", got)
	}
}
