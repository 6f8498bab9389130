package metrics

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/agent"
	"github.com/tarn-data/tarn/engine"
	"github.com/tarn-data/tarn/engine/guard"
	"github.com/tarn-data/tarn/governance"
	"github.com/tarn-data/tarn/governance/skimmer"
	"github.com/tarn-data/tarn/lake/transform"
)

// QueryLog is an engine.QueryLog that reports every query to Sink and
// then hands it to Next (the audit log), whose error it returns.
type QueryLog struct {
	Next engine.QueryLog // may be nil
	Sink Sink
}

var _ engine.QueryLog = QueryLog{}

// LogQuery implements engine.QueryLog.
func (l QueryLog) LogQuery(ctx context.Context, r engine.QueryRecord) error {
	l.Sink.Query(QueryOf(r))
	if l.Next == nil {
		return nil
	}
	return l.Next.LogQuery(ctx, r)
}

// QueryOf classifies an engine record: its outcome and, for a refusal,
// the kind of rule that refused it.
func QueryOf(r engine.QueryRecord) Query {
	q := Query{Outcome: Allowed, Duration: r.Duration, Rows: r.Rows}
	switch {
	case r.Err == nil:
	case tarn.ErrorCode(r.Err) == tarn.EFORBIDDEN:
		q.Outcome, q.Reason = Refused, RefusalReason(r.Err)
	default:
		q.Outcome = Failed
	}
	return q
}

// RefusalReason names the kind of rule behind a refusal.
func RefusalReason(err error) string {
	switch {
	case errors.Is(err, governance.ErrNeedsReview):
		return ReasonNeedsReview
	case errors.Is(err, governance.ErrUnknownPrincipal):
		return ReasonUnknownPrincipal
	case errors.Is(err, governance.ErrNotGranted):
		return ReasonNotGranted
	case errors.Is(err, engine.ErrHiddenColumn):
		return ReasonHiddenColumn
	case errors.Is(err, guard.ErrForbidden):
		return ReasonGuard
	}
	return ReasonOther
}

// RunStore is a transform.RunStore that reports runs starting and ending
// to Sink around the history it wraps.
type RunStore struct {
	transform.RunStore
	Sink Sink
}

// Start implements transform.RunStore.
func (s RunStore) Start(ctx context.Context, r transform.Run) (int64, error) {
	id, err := s.RunStore.Start(ctx, r)
	if err == nil {
		s.Sink.JobStarted(r.Job)
	}
	return id, err
}

// Finish implements transform.RunStore.
func (s RunStore) Finish(ctx context.Context, r transform.Run) error {
	var d time.Duration
	if !r.Ended.IsZero() {
		d = r.Ended.Sub(r.Started)
	}
	s.Sink.JobRun(JobRun{Job: r.Job, Status: r.Status, Duration: d, Rows: r.Rows})
	return s.RunStore.Finish(ctx, r)
}

// Asker wraps the agent (bot.Asker) and reports every question.
type Asker struct {
	Next interface {
		Ask(ctx context.Context, q agent.Question) (*agent.Answer, error)
		MarkRight(ctx context.Context, q agent.Question, ans *agent.Answer) (int64, error)
	}
	Sink  Sink
	Clock tarn.Clock // the system clock when nil
}

// Ask asks Next and reports the outcome.
func (a Asker) Ask(ctx context.Context, q agent.Question) (*agent.Answer, error) {
	clock := a.Clock
	if clock == nil {
		clock = tarn.SystemClock{}
	}
	start := clock.Now()
	ans, err := a.Next.Ask(ctx, q)
	out := Answered
	switch {
	case ans == nil:
		out = Failed
	case err != nil:
		out = GaveUp
	}
	a.Sink.Question(Question{Via: via(q.Purpose), Outcome: out, Duration: clock.Now().Sub(start)})
	return ans, err
}

// MarkRight passes through to Next.
func (a Asker) MarkRight(ctx context.Context, q agent.Question, ans *agent.Answer) (int64, error) {
	return a.Next.MarkRight(ctx, q, ans)
}

// via is the front door of a question from its purpose ("chat slack",
// "alert High5xx", "http"): its first word, so alert names never become
// label values.
func via(purpose string) string {
	w, _, _ := strings.Cut(strings.TrimSpace(purpose), " ")
	switch w {
	case "chat", "http", "alert", "cli":
		return w
	case "":
		return "unknown"
	}
	return "other"
}

// Scans turns Skimmer's reports (skimmer.Options.OnScan is called after
// every scan, changed or not) into Scan events, once per new report.
type Scans struct {
	Sink Sink
	mu   sync.Mutex
	seen map[string]time.Time
}

// Observe reports r if it is newer than the last report of its table seen.
func (s *Scans) Observe(r skimmer.Report) {
	s.mu.Lock()
	if s.seen == nil {
		s.seen = map[string]time.Time{}
	}
	last, ok := s.seen[r.Table]
	if ok && !r.Scanned.After(last) {
		s.mu.Unlock()
		return
	}
	s.seen[r.Table] = r.Scanned
	s.mu.Unlock()
	s.Sink.Scan(Scan{Table: r.Table, At: r.Scanned, Rows: r.Rows, Columns: len(r.Columns), PII: len(r.Tags())})
}

// FlipStates counts the flips of a governance store by state, active
// meaning in force at now (an active flip past its end counts as expired).
func FlipStates(ctx context.Context, st governance.Store, now time.Time) (map[string]int, error) {
	fs, err := st.Flips(ctx, "")
	if err != nil {
		return nil, err
	}
	out := map[string]int{governance.FlipPending: 0, governance.FlipActive: 0, governance.FlipEnded: 0,
		governance.FlipExpired: 0, governance.FlipDenied: 0}
	for _, f := range fs {
		state := f.State
		if state == governance.FlipActive && !f.ActiveAt(now) {
			state = governance.FlipExpired
		}
		out[state]++
	}
	return out, nil
}
