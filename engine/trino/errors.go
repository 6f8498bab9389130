package trino

import (
	"context"
	"errors"
	"fmt"

	trinoclient "github.com/trinodb/trino-go-client/trino"

	"github.com/tarn-data/tarn"
)

// Sentinel errors, wrapped sentinel-first inside *tarn.Error values.
var (
	// ErrConfig: engine.trino.url cannot be used.
	ErrConfig = errors.New("invalid Trino configuration")
	// ErrQuery: Trino refused or failed the query.
	ErrQuery = errors.New("trino query failed")
	// ErrUnreachable: the coordinator did not answer as Trino does.
	ErrUnreachable = errors.New("trino unreachable")
	// ErrType: Trino returned a value Tarn cannot convert to its column's
	// Arrow type.
	ErrType = errors.New("unexpected Trino value")
)

// queryError turns what trino-go-client returned into an error a person
// can act on, with Trino's own message where it sent one.
func (c *Client) queryError(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return tarn.Wrap(fmt.Errorf("%w: %w", ErrQuery, ctx.Err()), tarn.ETIMEOUT,
			"Narrow the query (a shorter time range, fewer columns) or raise engine.query_timeout.", "The query ran out of time on Trino.")
	}
	if errors.Is(err, trinoclient.ErrQueryCancelled) {
		return tarn.Wrap(fmt.Errorf("%w: %w", ErrQuery, err), tarn.ETIMEOUT, "Run it again; an operator may have cancelled it on Trino.", "Trino cancelled the query.")
	}
	var te *trinoclient.ErrTrino
	if errors.As(err, &te) {
		return trinoError(err, te)
	}
	var qf *trinoclient.ErrQueryFailed
	if errors.As(err, &qf) {
		return tarn.Wrap(fmt.Errorf("%w: %w", ErrUnreachable, err), tarn.EINTERNAL,
			"Check that Trino runs at engine.trino.url and has finished starting.",
			"Trino at %s answered %d instead of running the query.", c.host, qf.StatusCode)
	}
	return tarn.Wrap(fmt.Errorf("%w: %w", ErrUnreachable, err), tarn.EINTERNAL,
		"Check that Trino runs at engine.trino.url and that Tarn can reach it.", "Trino at %s cannot be reached.", c.host)
}

// trinoError maps Trino's error type and name to Tarn's codes. Trino's
// message is shown as it is: it names the line, the column and what was
// wrong, and never holds other people's data.
func trinoError(err error, te *trinoclient.ErrTrino) error {
	cause := fmt.Errorf("%w: %s (%s): %w", ErrQuery, te.ErrorName, te.ErrorType, err)
	switch {
	case te.ErrorName == "PERMISSION_DENIED":
		return tarn.Wrap(cause, tarn.EFORBIDDEN,
			"Trino reads Tarn's rules again at its next refresh (security.refresh-period); Trino refuses SELECT * over a table with columns hidden from you, so name the columns.",
			"Trino refused the query: %s", te.Message)
	case te.ErrorName == "EXCEEDED_TIME_LIMIT" || te.ErrorName == "ABANDONED_QUERY":
		return tarn.Wrap(cause, tarn.ETIMEOUT, "Narrow the query (a shorter time range, fewer columns).", "The query ran out of time on Trino: %s", te.Message)
	case te.ErrorType == "INSUFFICIENT_RESOURCES":
		return tarn.Wrap(cause, tarn.ELIMIT, "Aggregate more, or select fewer rows or columns.", "Trino ran out of resources for the query: %s", te.Message)
	case te.ErrorType == "USER_ERROR":
		return tarn.Wrap(cause, tarn.EINVALID, "Trino's SQL differs from DuckDB's in places; write the query so both accept it.", "Trino could not run the query: %s", te.Message)
	}
	return tarn.Wrap(cause, tarn.EINTERNAL, "Look at the query in Trino's web UI for the cause.", "Trino failed the query (%s): %s", te.ErrorName, te.Message)
}
