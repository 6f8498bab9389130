package agent

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/tarn-data/tarn/agent/codemode"
	"github.com/tarn-data/tarn/governance"
)

// Question is one question of one person.
type Question struct {
	Text      string
	Principal string    // the asking person; every query runs as them
	Purpose   string    // why, for the audit log (e.g. "chat", "cli")
	History   []Turn    // earlier turns of the same thread, oldest first
	Now       time.Time // zero: the agent's clock
	// Progress, when set, hears what the agent is doing, for a "working…"
	// message: "searching the catalog", "writing a program", "running the
	// program", "repairing the program".
	Progress func(step string)
}

// Turn is an earlier question and answer in a thread, for follow-ups.
type Turn struct {
	Question string
	Answer   string
	Script   string
}

// Answer is what the agent produced for a question.
type Answer struct {
	Text       string                     // markdown for the user
	Script     string                     // the Code Mode script that ran last
	SQL        []string                   // every query the script ran, in order
	Tables     []codemode.DisplayedResult // results for the user only
	Charts     []json.RawMessage          // ECharts options
	Understood string                     // what the model took the question to mean
	Rounds     int                        // model round trips
	Usage      Usage                      // tokens over all rounds
	Model      string                     // which model wrote the script
	Elapsed    time.Duration
	// Masked lists the PII columns ("ns.table.column") the queries of any
	// round showed masked, so a front door can offer a session flip.
	Masked []string
	// Refused are the tables governance refused to the asker in any
	// round, so a front door can offer to request access or a review.
	Refused []*governance.TableRefusal
}

// Usage counts model tokens.
type Usage struct {
	PromptTokens     int `json:"prompt_tokens"`
	CompletionTokens int `json:"completion_tokens"`
}

// Add returns u plus v.
func (u Usage) Add(v Usage) Usage {
	return Usage{u.PromptTokens + v.PromptTokens, u.CompletionTokens + v.CompletionTokens}
}

// Model writes a Code Mode script for a prompt: an LLM through an adapter
// (agent/langchaingo) or the offline planner (agent/planner).
type Model interface {
	// Name says which model this is, e.g. "openai:gpt-4o" or "offline".
	Name() string
	// Write returns one completion. Errors are *tarn.Error; ETIMEOUT when
	// the model did not answer in time.
	Write(ctx context.Context, p Prompt) (Completion, error)
}

// Prompt is everything a model is given for one round.
type Prompt struct {
	System   string   // the rules and the Code Mode API (codemode.APIDoc)
	Question string   // the question as asked
	Context  *Context // what retrieval found, limited to what the user may see
	// Attempts are the earlier rounds for this question: the script each
	// wrote and what went wrong, for repair.
	Attempts []Attempt
	History  []Turn    // earlier turns of the thread
	Now      time.Time // "today" for time phrases
}

// Attempt is one failed round.
type Attempt struct {
	Script string
	Error  string // the error in plain words, as the model should read it
	Logs   []string
	// Inject holds rows the script asked to see (mode inject or both),
	// capped; never display-only rows.
	Inject []codemode.InjectedResult
}

// Completion is one model answer.
type Completion struct {
	Script     string // JavaScript for codemode.Run; empty when the model only talks
	Text       string // prose when there is no script (e.g. "I can't answer that")
	Understood string // what the model understood the question to be
	Usage      Usage
}

// Context is what the agent knows for one question: the few tables, pages,
// examples and notes retrieval picked, each limited to what the asking user
// may see.
type Context struct {
	Tables   []TableCard
	Pages    []PageCard
	Examples []Example // verified answers to similar questions
	Notes    []TeamNote
	// Closed names tables that match the question but that the user may not
	// query, with why and what to ask for; no columns, no values.
	Closed []ClosedTable
}

// TableCard is one table as the asking user sees it, from all five layers.
type TableCard struct {
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	Owner       string   `json:"owner,omitempty"`
	Tags        []string `json:"tags,omitempty"`
	Columns     []ColumnCard
	JoinsWith   []Join `json:"joins_with,omitempty"` // layer 1, from query history
	Lineage     string `json:"lineage,omitempty"`    // layer 3: the SQL that builds it
	Score       float64
}

// ColumnCard is one visible column.
type ColumnCard struct {
	Name        string `json:"name"`
	Type        string `json:"type"`
	Description string `json:"description,omitempty"`
	PII         string `json:"pii,omitempty"`
	Masked      bool   `json:"masked,omitempty"`
	Derivation  string `json:"derivation,omitempty"` // layer 3, e.g. "billed_amount / 12 for annual plans"
}

// Join is a table commonly joined with another, and on what.
type Join struct {
	Table string `json:"table"`
	On    string `json:"on,omitempty"` // e.g. "zone_id"
	Count int    `json:"count"`        // queries in the history that joined them
}

// PageCard is a curated page.
type PageCard struct {
	Domain string
	Title  string
	Body   string
	Score  float64
}

// Example is a verified answer: a question and the script that answered it.
type Example struct {
	ID       int64
	Question string
	Script   string
	By       string
	Score    float64
}

// TeamNote is a note a team wrote for the agent, e.g. "revenue excludes
// void invoices".
type TeamNote struct {
	ID    int64
	Text  string
	By    string
	Score float64
}

// ClosedTable is a table the user may not query.
type ClosedTable struct {
	Name   string
	Reason string // e.g. "needs review", "no grant"
	Hint   string // what to do, e.g. "request access to group billing"
}

// Retriever picks the context for a question as one principal sees it.
type Retriever interface {
	Retrieve(ctx context.Context, principal, question string) (*Context, error)
}

// Sentinel errors.
var (
	ErrNoScript   = errors.New("agent: the model wrote no script")
	ErrGaveUp     = errors.New("agent: no working script after the repair rounds")
	ErrNoQuestion = errors.New("agent: empty question")
)

// Memory keeps what people taught the agent: verified examples (answers a
// user marked as right) and team notes. The retriever reads it back for
// similar questions.
type Memory interface {
	// SaveExample stores a verified example and returns its ID.
	SaveExample(ctx context.Context, e Example) (int64, error)
	// AddNote stores a team note and returns its ID.
	AddNote(ctx context.Context, n TeamNote) (int64, error)
	// Examples and Notes return everything stored, oldest first.
	Examples(ctx context.Context) ([]Example, error)
	Notes(ctx context.Context) ([]TeamNote, error)
}
