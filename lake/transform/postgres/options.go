package postgres

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/lake"
)

// Sentinel errors. Run wraps them sentinel-first inside a *tarn.Error, so
// errors.Is finds them and the message stays fit for a person.
var (
	// ErrInvalid says the Options are wrong (tarn.EINVALID).
	ErrInvalid = errors.New("invalid postgres ingestion options")
	// ErrUnsupportedType says a source column has a type Tarn cannot map
	// to Iceberg (tarn.EINVALID).
	ErrUnsupportedType = errors.New("unsupported postgres type")
	// ErrIncompatible says the source's columns changed in a way the target
	// table cannot follow (tarn.EINVALID); nothing was written.
	ErrIncompatible = errors.New("incompatible upstream schema change")
	// ErrValue says a source value cannot be stored exactly (numeric
	// overflow, infinite dates, a NULL in a required column, a
	// multi-dimensional array) (tarn.EINVALID); the batch holding it was
	// not committed.
	ErrValue = errors.New("value cannot be stored")
	// ErrSource says Postgres could not be reached or the read failed
	// (tarn.EINTERNAL, or tarn.ETIMEOUT when cancelled).
	ErrSource = errors.New("postgres source failed")
	// ErrPosition says an incremental run found the target's position
	// recorded by a full run or for another cursor column (tarn.ECONFLICT).
	ErrPosition = errors.New("position recorded by another kind of run")
)

// Mode says how a run loads the target.
type Mode string

// The modes.
const (
	// Full reads the whole source and replaces the target in one snapshot.
	Full Mode = "full"
	// Incremental appends the rows past the last committed cursor value.
	Incremental Mode = "incremental"
)

// ParseMode accepts full (or full_replace) and incremental (or
// incremental_append), the names jobs use for materializations. It returns
// ErrInvalid (tarn.EINVALID) for anything else.
func ParseMode(s string) (Mode, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "full", "full_replace":
		return Full, nil
	case "incremental", "incremental_append":
		return Incremental, nil
	}
	return "", tarn.Wrap(fmt.Errorf("%w: mode %q", ErrInvalid, s), tarn.EINVALID,
		"Use full or incremental.", "%q is not an ingestion mode.", s)
}

// UnmarshalText parses a mode with ParseMode (for YAML front matter) and
// returns its errors.
func (m *Mode) UnmarshalText(b []byte) error {
	v, err := ParseMode(string(b))
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// Defaults for Options.
const (
	// DefaultBatchRows is the number of rows per commit of an incremental
	// run when Options.BatchRows is 0.
	DefaultBatchRows = 500_000
	// recordRows caps the rows of one Arrow record handed to the lake.
	recordRows = 65_536
)

// Options say what to read and where to write it. The yaml names are those
// of a job's front matter.
type Options struct {
	// URL is the Postgres connection URL (postgres://user:pass@host/db).
	URL string `yaml:"url"`
	// Table is the source table as schema.table (or table, found through
	// the search path), read by Postgres's own rules: unquoted names fold to
	// lower case, "Quoted" ones keep theirs. Exactly one of Table and Query
	// is set.
	Table string `yaml:"table"`
	// Query is a SELECT whose rows are the source. In incremental mode the
	// cursor must be one of its output columns.
	Query string `yaml:"query"`
	// Target is the lake table written; it is created on the first run.
	Target lake.Ident `yaml:"target"`
	// Mode is Full (default) or Incremental.
	Mode Mode `yaml:"mode"`
	// Cursor is the column an incremental run orders and resumes by: a
	// value that only grows as rows are added (an id, updated_at). Types:
	// smallint, integer, bigint, numeric, date, timestamp, timestamptz,
	// text, varchar, uuid.
	Cursor string `yaml:"cursor"`
	// BatchRows is how many rows an incremental run commits at a time
	// (default DefaultBatchRows). A batch only ends between two cursor
	// values, so rows sharing one cursor value are always committed
	// together and a batch may be larger.
	BatchRows int `yaml:"batch_rows"`
	// Name identifies the source in the target's read position
	// (lake.PositionPrefix + "postgres." + Name); default the Table, or
	// "query". Two sources writing one table need different names.
	Name string `yaml:"name"`
	// Partition partitions the target when the run creates it.
	Partition []lake.PartitionField `yaml:"partition"`
}

var namePattern = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]*$`)

// withDefaults validates o and fills in its defaults. It returns
// ErrInvalid (tarn.EINVALID).
func (o Options) withDefaults() (Options, error) {
	bad := func(hint, format string, args ...any) (Options, error) {
		msg := fmt.Sprintf(format, args...)
		return o, tarn.Wrap(fmt.Errorf("%w: %s", ErrInvalid, msg), tarn.EINVALID, hint, "%s", msg)
	}
	if o.Mode == "" {
		o.Mode = Full
	}
	if _, err := ParseMode(string(o.Mode)); err != nil {
		return o, err
	}
	if o.URL == "" {
		return bad("Set url to postgres://user@host:5432/db.", "A Postgres source needs a connection URL.")
	}
	if (o.Table == "") == (strings.TrimSpace(o.Query) == "") {
		return bad("Set table (schema.table) or query (a SELECT).", "A Postgres source needs exactly one of a table and a query.")
	}
	if err := o.Target.Validate(); err != nil {
		return o, err
	}
	if o.Mode == Incremental && o.Cursor == "" {
		return bad("Name a column that only grows, such as id or updated_at.", "An incremental load needs a cursor column.")
	}
	if o.BatchRows < 0 {
		return bad("", "batch_rows must be positive, not %d.", o.BatchRows)
	}
	if o.BatchRows == 0 {
		o.BatchRows = DefaultBatchRows
	}
	if o.Name == "" {
		o.Name = "query"
		if o.Table != "" {
			o.Name = o.Table
		}
	}
	if !namePattern.MatchString(o.Name) {
		return bad("Use letters, digits, '_', '.' and '-'.", "%q is not a valid source name.", o.Name)
	}
	return o, nil
}

// positionKey is the snapshot summary key of o's read position.
func (o Options) positionKey() string { return lake.PositionPrefix + "postgres." + o.Name }

// redact returns the URL with any password hidden, for messages.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "the configured Postgres URL"
	}
	return u.Redacted()
}
