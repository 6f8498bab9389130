package transform

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/tarn-data/tarn"
)

// JobRunner runs one job; *Runner is one.
type JobRunner interface {
	Run(ctx context.Context, j *Job, o RunOptions) (Run, error)
}

// SchedulerOptions configure a Scheduler.
type SchedulerOptions struct {
	DAG    *DAG
	Runner JobRunner
	Clock  tarn.Clock
	// Retries is how often a failed run is retried before the failure is
	// reported; default 3. The first retry waits Backoff (default one
	// minute), each next one twice as long, at most an hour.
	Retries int
	Backoff time.Duration
	// OnFailure is told about a run that failed and will not be retried
	// (cmd/tarn posts it to the jobs.failures channel). Optional.
	OnFailure func(ctx context.Context, r Run, err error)
	Logger    *slog.Logger
}

// Scheduler runs the jobs of a DAG on their cron schedules, retrying
// failures with backoff. Jobs without a schedule run only when asked.
type Scheduler struct {
	o     SchedulerOptions
	mu    sync.Mutex
	state map[string]*jobState
}

type jobState struct {
	next    time.Time // the next scheduled time
	retryAt time.Time // zero when no retry is pending
	attempt int       // failed attempts in a row
	waiting bool      // due, but an upstream job failed: runs after it succeeds
}

// NewScheduler returns a scheduler whose jobs are first due at their next
// scheduled time after the clock's now.
func NewScheduler(o SchedulerOptions) *Scheduler {
	if o.Clock == nil {
		o.Clock = tarn.SystemClock{}
	}
	if o.Retries <= 0 {
		o.Retries = 3
	}
	if o.Backoff <= 0 {
		o.Backoff = time.Minute
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	s := &Scheduler{o: o, state: map[string]*jobState{}}
	now := o.Clock.Now()
	for _, j := range o.DAG.Order() {
		if j.Cron != nil {
			s.state[j.Name] = &jobState{next: j.Next(now)}
		}
	}
	return s
}

// Next returns when a job is next due (a pending retry or its schedule),
// zero for a job without schedule.
func (s *Scheduler) Next(name string) time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.state[name]
	if st == nil {
		return time.Time{}
	}
	if !st.retryAt.IsZero() && st.retryAt.Before(st.next) {
		return st.retryAt
	}
	return st.next
}

// Tick runs every job due at the clock's now, in dependency order, and
// returns their runs. A job whose upstream job failed in this tick waits
// for the upstream's retry. Tick holds no lock while jobs run, but ticks
// must not overlap.
func (s *Scheduler) Tick(ctx context.Context) []Run {
	now := s.o.Clock.Now()
	var runs []Run
	failed, succeeded := map[string]bool{}, map[string]bool{}
	for _, j := range s.o.DAG.Order() {
		s.mu.Lock()
		st := s.state[j.Name]
		if st == nil {
			s.mu.Unlock()
			continue
		}
		retry := !st.retryAt.IsZero() && !now.Before(st.retryAt)
		due := retry || !now.Before(st.next) || (st.waiting && anyOf(j.Needs, succeeded))
		if !now.Before(st.next) {
			st.next = j.Next(now)
		}
		up := s.blockedBy(j, failed)
		if due && up != "" {
			st.waiting, st.retryAt = true, time.Time{}
		}
		attempt := st.attempt + 1
		s.mu.Unlock()
		if !due || ctx.Err() != nil {
			continue
		}
		if up != "" {
			failed[j.Name] = true
			s.o.Logger.Warn("transform: job waits for its upstream job", "job", j.Name, "upstream", up)
			continue
		}
		trigger := "schedule"
		if retry || (st.waiting && now.Before(st.next)) {
			trigger = "retry"
		}
		r, err := s.o.Runner.Run(ctx, j, RunOptions{Trigger: trigger, Attempt: attempt})
		runs = append(runs, r)
		if err == nil {
			succeeded[j.Name] = true
			s.mu.Lock()
			st.attempt, st.retryAt, st.waiting = 0, time.Time{}, false
			s.mu.Unlock()
			continue
		}
		failed[j.Name] = true
		if ctx.Err() != nil {
			return runs // shutting down: not the job's failure
		}
		if s.retryLater(j.Name, now, true) {
			s.o.Logger.Warn("transform: job failed; it will be retried", "job", j.Name, "attempt", attempt, "next", s.Next(j.Name), "err", err)
			continue
		}
		s.o.Logger.Error("transform: job failed", "job", j.Name, "attempts", attempt, "err", err)
		if s.o.OnFailure != nil {
			s.o.OnFailure(ctx, r, err)
		}
	}
	return runs
}

// retryLater schedules a retry after backoff and reports whether one was
// scheduled; counted retries stop after Retries, then the count restarts
// at the next scheduled run.
func (s *Scheduler) retryLater(name string, now time.Time, count bool) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.state[name]
	if count {
		st.attempt++
	}
	if st.attempt > s.o.Retries {
		st.attempt, st.retryAt = 0, time.Time{}
		return false
	}
	wait := s.o.Backoff << max(st.attempt-1, 0)
	st.retryAt = now.Add(min(wait, time.Hour))
	return true
}

// blockedBy names a job j needs that failed in this tick or waits for a
// retry, or returns "". The caller holds s.mu.
func (s *Scheduler) blockedBy(j *Job, failed map[string]bool) string {
	for _, n := range j.Needs {
		if failed[n] {
			return n
		}
		if up := s.state[n]; up != nil && (!up.retryAt.IsZero() || up.waiting) {
			return n
		}
	}
	return ""
}

func anyOf(names []string, set map[string]bool) bool {
	for _, n := range names {
		if set[n] {
			return true
		}
	}
	return false
}

// Run ticks every interval until ctx is done, and keeps the jobs that
// follow their source (follow: true) running, starting them again after
// backoff when they fail. It returns when ctx is done and every run it
// started has returned.
func (s *Scheduler) Run(ctx context.Context, every time.Duration) {
	var wg sync.WaitGroup
	defer wg.Wait()
	for _, j := range s.o.DAG.Order() {
		if j.Source != nil && j.Source.Follow {
			wg.Go(func() { s.follow(ctx, j) })
		}
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			s.Tick(ctx)
		}
	}
}

// follow runs a following job until ctx ends. A failed run is started
// again after Backoff, each next one twice as long (at most an hour);
// every Retries+1 failures in a row are reported to OnFailure.
func (s *Scheduler) follow(ctx context.Context, j *Job) {
	failures := 0
	for ctx.Err() == nil {
		r, err := s.o.Runner.Run(ctx, j, RunOptions{Trigger: "follow", Attempt: failures + 1, Follow: true})
		if ctx.Err() != nil {
			return
		}
		wait := s.o.Backoff
		if err != nil {
			failures++
			wait = min(s.o.Backoff<<min(failures-1, 16), time.Hour)
			if failures%(s.o.Retries+1) == 0 {
				s.o.Logger.Error("transform: following job failed", "job", j.Name, "attempts", failures, "err", err)
				if s.o.OnFailure != nil {
					s.o.OnFailure(ctx, r, err)
				}
			} else {
				s.o.Logger.Warn("transform: following job failed; it starts again", "job", j.Name, "attempt", failures, "in", wait, "err", err)
			}
		} else {
			failures = 0
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
}

// FailureText is the chat message about a failed run: what failed, the
// person-facing part of the error, and where to look.
func FailureText(r Run, err error) string {
	return fmt.Sprintf("**Job %s failed** (building `%s`, attempt %d): %s\nNothing partial was written; `tarn jobs status %s` shows its runs.",
		r.Job, r.Target, r.Attempt, tarn.ErrorMessage(err), r.Job)
}
