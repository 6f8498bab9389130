package guard

import (
	"errors"
	"fmt"

	"github.com/tarn-data/tarn"
)

// Sentinel errors. Parse and Rewrite wrap them in a *tarn.Error whose message
// may be shown to a person; errors.Is finds them through it.
var (
	// ErrSyntax: DuckDB's parser rejected the text (see *SyntaxError).
	ErrSyntax = errors.New("guard: syntax error")
	// ErrEmpty: the text holds no statement.
	ErrEmpty = errors.New("guard: empty query")
	// ErrTooLarge: the text is longer than MaxSQLBytes.
	ErrTooLarge = errors.New("guard: query too large")
	// ErrForbidden: the query uses a construct Tarn does not run.
	ErrForbidden = errors.New("guard: forbidden construct")
	// ErrUnqualified: a one-part table name that is not a CTE in scope (see
	// *UnqualifiedTableError).
	ErrUnqualified = errors.New("guard: unqualified table name")
	// ErrInvalid: the query is malformed in a way DuckDB's parser accepts,
	// e.g. an AT clause whose value is not a constant, or query parameters.
	ErrInvalid = errors.New("guard: invalid query")
	// ErrRewrite: Rewrite could not produce SQL for the given relation names.
	ErrRewrite = errors.New("guard: rewrite failed")
	// ErrRoundTrip: DuckDB could not turn the rewritten tree back into SQL
	// that its own parser reads (a rendering gap in DuckDB for that
	// construct). The query is refused; nothing is run.
	ErrRoundTrip = errors.New("guard: rewritten query does not round-trip")
	// ErrParser: the private DuckDB connection failed (not the user's fault).
	ErrParser = errors.New("guard: parser failure")
)

// SyntaxError carries DuckDB's parser message and the byte offset in the
// query where it stopped (-1 when DuckDB gave none).
type SyntaxError struct {
	Message  string
	Position int
}

func (e *SyntaxError) Error() string {
	if e.Position < 0 {
		return fmt.Sprintf("%v: %s", ErrSyntax, e.Message)
	}
	return fmt.Sprintf("%v: %s at position %d", ErrSyntax, e.Message, e.Position)
}

// Unwrap makes errors.Is(err, ErrSyntax) hold.
func (e *SyntaxError) Unwrap() error { return ErrSyntax }

// UnqualifiedTableError is a one-part table name that is neither a CTE in
// scope nor an allowed view. The engine can look the name up among lake
// tables and enrich the message with the closest namespace.table names.
type UnqualifiedTableError struct {
	Name     string // as written
	Position int    // byte offset in the query, -1 if unknown
}

func (e *UnqualifiedTableError) Error() string {
	return fmt.Sprintf("%v: %s", ErrUnqualified, e.Name)
}

// Unwrap makes errors.Is(err, ErrUnqualified) hold.
func (e *UnqualifiedTableError) Unwrap() error { return ErrUnqualified }

// lakeExample is the table every refusal message points at.
const lakeExample = "fct.http_requests"

// forbidden builds the user-facing refusal for a construct.
func forbidden(format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	return tarn.Wrap(fmt.Errorf("%w: %s", ErrForbidden, msg), tarn.EFORBIDDEN, "", "%s", msg)
}

// invalid builds the user-facing error for a malformed query.
func invalid(format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	return tarn.Wrap(fmt.Errorf("%w: %s", ErrInvalid, msg), tarn.EINVALID, "", "%s", msg)
}

// unknownConstruct refuses a node or field the walk does not know. Being
// default-closed is what keeps future DuckDB syntax from slipping through.
func unknownConstruct(where string) error {
	return forbidden("this query uses a construct Tarn does not support (%s); "+
		"write a plain SELECT over lake tables such as %s", where, lakeExample)
}
