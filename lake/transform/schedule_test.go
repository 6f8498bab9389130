package transform_test

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/lake/transform"
)

// fakeRunner fails the jobs named in fail; it records every run.
type fakeRunner struct {
	fail map[string]int // job -> how many more runs fail
	runs []transform.Run
}

func (f *fakeRunner) Run(_ context.Context, j *transform.Job, o transform.RunOptions) (transform.Run, error) {
	r := transform.Run{Job: j.Name, Target: j.Target.String(), Trigger: o.Trigger, Attempt: o.Attempt, Status: transform.StatusSucceeded}
	var err error
	if f.fail[j.Name] > 0 {
		f.fail[j.Name]--
		r.Status, err = transform.StatusFailed, tarn.Errorf(tarn.EINVALID, "the SQL broke")
	}
	f.runs = append(f.runs, r)
	return r, err
}

func (f *fakeRunner) ran() string {
	var s []string
	for _, r := range f.runs {
		s = append(s, r.Job+":"+r.Trigger)
	}
	f.runs = nil
	return strings.Join(s, " ")
}

func schedDAG(t *testing.T) *transform.DAG {
	t.Helper()
	fsys := fstest.MapFS{
		"hourly.sql": {Data: []byte("---\ntarget: a.hourly\nowner: x\nschedule: \"0 * * * *\"\n---\nSELECT 1 AS one")},
		"after.sql":  {Data: []byte("---\ntarget: a.after\nowner: x\nschedule: \"0 * * * *\"\ndepends_on: [hourly]\n---\nSELECT 1 AS one")},
		"manual.sql": {Data: []byte("---\ntarget: a.manual\nowner: x\n---\nSELECT 1 AS one")},
	}
	jobs, err := transform.LoadDir(fsys, "jobs")
	if err != nil {
		t.Fatal(err)
	}
	d, err := transform.NewDAG(context.Background(), jobs, nil)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestSchedulerRunsDueJobsAndRetriesFailuresWithBackoff(t *testing.T) {
	clock := tarn.NewFakeClock(time.Date(2026, 11, 25, 10, 30, 0, 0, time.UTC))
	fr := &fakeRunner{fail: map[string]int{"hourly": 4}}
	var failures []string
	s := transform.NewScheduler(transform.SchedulerOptions{DAG: schedDAG(t), Runner: fr, Clock: clock, Retries: 2, Backoff: time.Minute,
		OnFailure: func(_ context.Context, r transform.Run, err error) {
			failures = append(failures, transform.FailureText(r, err))
		}})
	ctx := context.Background()
	step := func(to string, want string) {
		t.Helper()
		clock.Set(time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC).Add(mustDur(t, to)))
		s.Tick(ctx)
		if got := fr.ran(); got != want {
			t.Fatalf("at %s ran %q, want %q", to, got, want)
		}
	}
	step("10h59m", "")
	step("11h", "hourly:schedule")            // fails; after waits for it
	step("11h0m59s", "")                      // backoff: one minute
	step("11h1m", "hourly:retry")             // fails again
	step("11h2m", "")                         // backoff: two minutes
	step("11h3m", "hourly:retry")             // fails for good: reported
	step("11h30m", "")                        // nothing pending
	step("12h", "hourly:schedule")            // the 4th failure, a new round
	step("12h1m", "hourly:retry after:retry") // succeeds; its dependent retries too
	step("13h", "hourly:schedule after:schedule")
	if len(failures) != 1 || !strings.Contains(failures[0], "Job hourly failed") || !strings.Contains(failures[0], "the SQL broke") {
		t.Fatalf("failures reported: %q", failures)
	}
	if !s.Next("manual").IsZero() {
		t.Fatal("a job without schedule is due")
	}
}

func mustDur(t *testing.T, s string) time.Duration {
	d, err := time.ParseDuration(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
