package codemode

import (
	"context"
	"encoding/json"
	"errors"
	"time"
)

// Host is what a script can reach outside its VM. The agent implements it
// over the engine, always as the asking user, so governance decides on every
// table and value a script sees.
type Host interface {
	// Search finds tables, pages and examples relevant to text.
	Search(ctx context.Context, text string) ([]SearchHit, error)
	// Describe returns the columns of one table the user may see.
	Describe(ctx context.Context, table string) (TableInfo, error)
	// SQL runs one read-only query.
	SQL(ctx context.Context, query string) (Result, error)
}

// SearchHit is one result of tarn.search.
type SearchHit struct {
	Kind        string  `json:"kind"` // "table", "page", "example", "note"
	Name        string  `json:"name"`
	Description string  `json:"description,omitempty"`
	Score       float64 `json:"score,omitempty"`
}

// TableInfo is what tarn.describe returns.
type TableInfo struct {
	Name        string       `json:"name"`
	Description string       `json:"description,omitempty"`
	Columns     []ColumnInfo `json:"columns"`
}

// ColumnInfo describes one column of a table.
type ColumnInfo struct {
	Name        string `json:"name"`
	Type        string `json:"type"`
	Description string `json:"description,omitempty"`
	// Values are the distinct values of a short text column, as the user
	// sees them (masked where masked); empty for other columns.
	Values []string `json:"values,omitempty"`
}

// Result is the outcome of one query. Truncated says the host returned fewer
// rows than the query produced.
type Result struct {
	Columns   []string `json:"columns"`
	Rows      [][]any  `json:"rows"`
	Truncated bool     `json:"truncated"`
	// Masked names the PII columns ("ns.table.column") the rows show
	// masked; it does not reach the script.
	Masked []string `json:"-"`
}

// Mode says where the rows of a query go besides the script.
type Mode string

// The modes of tarn.sql. Rows of a display query go to the user and never to
// the model; rows of an inject query may go to the model, capped.
const (
	ModeInject  Mode = "inject"
	ModeDisplay Mode = "display"
	ModeBoth    Mode = "both"
)

// DefaultMode is the mode of a query that names none: display, so that no
// value reaches the model unless the script asks for it.
const DefaultMode = ModeDisplay

func (m Mode) injects() bool  { return m == ModeInject || m == ModeBoth }
func (m Mode) displays() bool { return m == ModeDisplay || m == ModeBoth }

// Limits bound one script. Zero fields take the defaults of DefaultLimits.
type Limits struct {
	Memory        int64         // bytes the VM may allocate
	Timeout       time.Duration // wall time for the whole script, host calls included
	MaxQueries    int           // tarn.sql calls per script
	MaxRows       int           // rows per query returned to the script
	MaxInjectRows int           // rows per query that may go to the model
	MaxOutput     int           // bytes of answer, logs and charts together
}

// DefaultLimits are the limits of a script when the caller sets none.
var DefaultLimits = Limits{
	Memory:        64 << 20,
	Timeout:       5 * time.Second,
	MaxQueries:    10,
	MaxRows:       1000,
	MaxInjectRows: 50,
	MaxOutput:     1 << 20,
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	if l.Memory > 0 {
		d.Memory = l.Memory
	}
	if l.Timeout > 0 {
		d.Timeout = l.Timeout
	}
	if l.MaxQueries > 0 {
		d.MaxQueries = l.MaxQueries
	}
	if l.MaxRows > 0 {
		d.MaxRows = l.MaxRows
	}
	if l.MaxInjectRows > 0 {
		d.MaxInjectRows = l.MaxInjectRows
	}
	if l.MaxOutput > 0 {
		d.MaxOutput = l.MaxOutput
	}
	return d
}

// Outcome is what a script produced, also when it failed part way: the
// queries it ran and the logs it wrote help repair it.
type Outcome struct {
	Answer  string            // markdown from tarn.answer, for the user
	Logs    []string          // console.log lines
	Queries []QueryRun        // every tarn.sql call, in order, without rows
	Charts  []json.RawMessage // ECharts options from tarn.chart
	// Inject holds the results of inject and both queries, capped at
	// Limits.MaxInjectRows: the only rows that may go to the model.
	Inject []InjectedResult
	// Display holds the results of display and both queries: they go to the
	// user, never to the model.
	Display []DisplayedResult
}

// QueryRun records one tarn.sql call. It holds no row values.
type QueryRun struct {
	SQL       string
	Mode      Mode
	Columns   []string
	Rows      int      // rows returned to the script
	Truncated bool     // the host or MaxRows cut the result
	Masked    []string // PII columns shown masked, "ns.table.column"
	Err       error
}

// InjectedResult is a query result that may go to the model.
type InjectedResult struct {
	Query     int // index into Outcome.Queries
	SQL       string
	Columns   []string
	Rows      [][]any
	Truncated bool // rows were cut, by the host, MaxRows or MaxInjectRows
}

// DisplayedResult is a query result for the user only.
type DisplayedResult struct {
	Query     int // index into Outcome.Queries
	SQL       string
	Columns   []string
	Rows      [][]any
	Truncated bool
}

// Sentinel errors, wrapped in *tarn.Error by Run.
var (
	ErrSyntax       = errors.New("codemode: syntax error")
	ErrException    = errors.New("codemode: uncaught exception")
	ErrTimeout      = errors.New("codemode: script timed out")
	ErrMemory       = errors.New("codemode: script ran out of memory")
	ErrTooManyQuery = errors.New("codemode: too many queries")
	ErrOutput       = errors.New("codemode: output too large")
	ErrBadCall      = errors.New("codemode: bad call of the tarn API")
)
