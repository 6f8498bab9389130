package kafka

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/lake"
	"github.com/twmb/franz-go/pkg/kgo"
)

// Sentinel errors. Run and Follow wrap them sentinel-first inside a
// *tarn.Error, so errors.Is finds them and the message stays fit for a
// person.
var (
	// ErrInvalid says the Options are wrong (tarn.EINVALID).
	ErrInvalid = errors.New("invalid kafka ingestion options")
	// ErrMalformed says a message does not fit the declared schema: bad
	// JSON, a wrong type, a missing required field (tarn.EINVALID). The
	// message is *MalformedError.
	ErrMalformed = errors.New("malformed message")
	// ErrIncompatible says the declared schema cannot be written to the
	// existing table (tarn.EINVALID); nothing was written.
	ErrIncompatible = errors.New("incompatible declared schema")
	// ErrSource says Kafka could not be reached or read, or an offset to
	// resume from is gone from the topic (tarn.EINTERNAL, or
	// tarn.ETIMEOUT when the context ended).
	ErrSource = errors.New("kafka source failed")
	// ErrPosition says the table's recorded position does not parse
	// (tarn.EINTERNAL).
	ErrPosition = errors.New("unreadable kafka position")
)

// Policy says what happens to a malformed message.
type Policy string

// The policies.
const (
	// Stop ends the run with ErrMalformed (the default); the rows before
	// the message are committed, and a rerun stops at it again.
	Stop Policy = "stop"
	// Skip leaves the message out, counts it (Result.Skipped, the
	// snapshot summary's tarn.kafka.skipped) and hands its error to
	// Options.OnSkip.
	Skip Policy = "skip"
)

// Defaults for Options.
const (
	DefaultMaxBatchRows  = 250_000
	DefaultMaxBatchBytes = 64 << 20
	DefaultMaxBatchWait  = 10 * time.Second
)

// Column declares one column: the JSON field of the same name (or Field)
// and its type.
type Column struct {
	Name string `yaml:"name"`
	// Type is string, int, long, float, double, boolean, timestamp,
	// timestamptz, date or decimal(p,s). Timestamps and dates are JSON
	// strings (RFC 3339, or "2006-01-02 15:04:05.999999", a zone offset
	// converted to UTC; dates "2006-01-02"); a timestamp may also be a
	// number of Unix milliseconds. Decimals are JSON numbers or strings.
	Type string `yaml:"type"`
	// Required columns must be present and not null in every message;
	// the table's column is created NOT NULL.
	Required bool `yaml:"required"`
	// Field is the JSON field name when it differs from Name.
	Field string `yaml:"field"`
	// Doc is the column's description when the table is created or the
	// column added.
	Doc string `yaml:"doc"`
}

// Options say what to read and where to write it. The yaml names are those
// of a job's front matter.
type Options struct {
	// Brokers are the seed brokers, host:port.
	Brokers []string `yaml:"brokers"`
	// Topic is read from every partition.
	Topic string `yaml:"topic"`
	// Target is the lake table written; it is created on the first run.
	Target lake.Ident `yaml:"target"`
	// Schema declares the message fields and the table columns.
	Schema []Column `yaml:"schema"`
	// MaxBatchRows, MaxBatchBytes (message bytes) and MaxBatchWait bound a
	// micro-batch: it is committed when one is reached. Defaults
	// DefaultMaxBatchRows, DefaultMaxBatchBytes, DefaultMaxBatchWait.
	MaxBatchRows  int           `yaml:"max_batch_rows"`
	MaxBatchBytes int           `yaml:"max_batch_bytes"`
	MaxBatchWait  time.Duration `yaml:"max_batch_wait"`
	// OnMalformed is Stop (default) or Skip.
	OnMalformed Policy `yaml:"on_malformed"`
	// StartAtEnd starts partitions the table has no position for at their
	// end instead of their beginning.
	StartAtEnd bool `yaml:"start_at_end"`
	// Name identifies the source in the target's read position
	// (lake.PositionPrefix + "kafka." + Name); default the Topic. Two
	// sources writing one table need different names.
	Name string `yaml:"name"`
	// Partition partitions the target when the run creates it.
	Partition []lake.PartitionField `yaml:"partition"`

	// Stop, when closed, ends Follow gracefully: the messages read so far
	// are committed as a last batch (with any batch already handed to the
	// committer) and Follow returns. Run ignores it.
	Stop <-chan struct{} `yaml:"-"`

	// OnSkip, if set, receives each skipped message's *MalformedError.
	OnSkip func(error) `yaml:"-"`
	// ClientOptions are added to the franz-go client's (TLS, SASL, ...).
	ClientOptions []kgo.Opt `yaml:"-"`

	// hook, in tests, is called at the hook* points of a run.
	hook func(point string)
}

var namePattern = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]*$`)

// withDefaults validates o, fills in its defaults and parses the declared
// types. It returns ErrInvalid (tarn.EINVALID).
func (o Options) withDefaults() (Options, []column, error) {
	bad := func(hint, format string, args ...any) (Options, []column, error) {
		msg := fmt.Sprintf(format, args...)
		return o, nil, tarn.Wrap(fmt.Errorf("%w: %s", ErrInvalid, msg), tarn.EINVALID, hint, "%s", msg)
	}
	if len(o.Brokers) == 0 {
		return bad("Set brokers to host:port addresses.", "A Kafka source needs at least one broker.")
	}
	if o.Topic == "" {
		return bad("Set topic.", "A Kafka source needs a topic.")
	}
	if err := o.Target.Validate(); err != nil {
		return o, nil, err
	}
	if len(o.Schema) == 0 {
		return bad("Declare the message fields under schema, each with a name and a type.", "A Kafka source needs a declared schema.")
	}
	cols := make([]column, len(o.Schema))
	seen := map[string]bool{}
	fields := map[string]bool{}
	for i, c := range o.Schema {
		if err := (lake.Ident{Namespace: "x", Name: c.Name}).Validate(); err != nil {
			return bad("Use lower-case letters, digits and underscores.", "%q is not a valid column name.", c.Name)
		}
		field := c.Field
		if field == "" {
			field = c.Name
		}
		if seen[c.Name] || fields[field] {
			return bad("", "Column %q or its field %q is declared twice.", c.Name, field)
		}
		seen[c.Name], fields[field] = true, true
		t, err := parseType(c.Type)
		if err != nil {
			return bad("", "Column %q: %v.", c.Name, err)
		}
		cols[i] = column{name: c.Name, field: field, typ: t, required: c.Required, doc: c.Doc}
	}
	if o.MaxBatchRows < 0 || o.MaxBatchBytes < 0 || o.MaxBatchWait < 0 {
		return bad("", "Batch limits must be positive.")
	}
	if o.MaxBatchRows == 0 {
		o.MaxBatchRows = DefaultMaxBatchRows
	}
	if o.MaxBatchBytes == 0 {
		o.MaxBatchBytes = DefaultMaxBatchBytes
	}
	if o.MaxBatchWait == 0 {
		o.MaxBatchWait = DefaultMaxBatchWait
	}
	switch Policy(strings.ToLower(string(o.OnMalformed))) {
	case "", Stop:
		o.OnMalformed = Stop
	case Skip:
		o.OnMalformed = Skip
	default:
		return bad("Use stop or skip.", "%q is not a policy for malformed messages.", o.OnMalformed)
	}
	if o.Name == "" {
		o.Name = o.Topic
	}
	if !namePattern.MatchString(o.Name) {
		return bad("Use letters, digits, '_', '.' and '-'.", "%q is not a valid source name.", o.Name)
	}
	return o, cols, nil
}

// PositionKey is the snapshot summary key of o's read position.
func (o Options) PositionKey() string {
	name := o.Name
	if name == "" {
		name = o.Topic
	}
	return lake.PositionPrefix + "kafka." + name
}

// column is a validated declared column.
type column struct {
	name, field string
	typ         colType
	required    bool
	doc         string
}
