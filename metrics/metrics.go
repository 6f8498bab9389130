// Package metrics is what Tarn counts about its own work: queries and
// their refusals, job runs, Skimmer's scans, questions answered and HTTP
// requests. Areas report events to a Sink; they never import a metrics
// library. The decorators here (QueryLog, RunStore, Asker) turn the seams
// the areas already have into events, and the Prometheus adapter lives in
// metrics/prometheus.
package metrics

import "time"

// Query outcomes.
const (
	Allowed = "allowed" // it ran
	Refused = "refused" // the guard or governance said no
	Failed  = "error"   // it was allowed but did not run (bad SQL, timeout…)
)

// Refusal reasons: what kind of rule refused a query.
const (
	ReasonNeedsReview      = "needs_review"      // the table has not passed review
	ReasonNotGranted       = "not_granted"       // no grant covers the table
	ReasonUnknownPrincipal = "unknown_principal" // nobody in the directory
	ReasonHiddenColumn     = "hidden_column"     // a column the caller may not see
	ReasonGuard            = "guard"             // a construct the SQL guard refuses
	ReasonOther            = "other"
)

// Question outcomes.
const (
	Answered = "answered" // a program ran and answered
	GaveUp   = "gave_up"  // no program worked; the answer says so in plain words
	// Failed ("error"): the question could not be asked at all.
)

// Query is one query the engine was asked to run.
type Query struct {
	Outcome  string // Allowed, Refused or Failed
	Reason   string // for Refused: one of the Reason… constants
	Duration time.Duration
	Rows     int64
}

// JobRun is one finished run of a Transformer job.
type JobRun struct {
	Job      string
	Status   string // transform.StatusSucceeded, StatusUpToDate, StatusFailed
	Duration time.Duration
	Rows     int64
}

// Scan is one table Skimmer scanned.
type Scan struct {
	Table   string
	At      time.Time
	Rows    int // rows sampled
	Columns int // columns classified
	PII     int // columns found to hold PII
}

// Question is one question the agent was asked.
type Question struct {
	Via      string // chat, http, alert, cli
	Outcome  string // Answered, GaveUp or Failed
	Duration time.Duration
}

// Request is one HTTP request Tarn served.
type Request struct {
	Route    string // the pattern that matched ("" for none), never the path
	Method   string
	Status   int
	Duration time.Duration
}

// Sink receives events. Implementations must be safe for concurrent use
// and must not block: events are reported on the paths they describe.
type Sink interface {
	Query(Query)
	JobStarted(job string)
	JobRun(JobRun)
	Scan(Scan)
	Question(Question)
	Request(Request)
}

// Nop is a Sink that keeps nothing.
type Nop struct{}

func (Nop) Query(Query)       {}
func (Nop) JobStarted(string) {}
func (Nop) JobRun(JobRun)     {}
func (Nop) Scan(Scan)         {}
func (Nop) Question(Question) {}
func (Nop) Request(Request)   {}

var _ Sink = Nop{}
