package engine

import "errors"

// Sentinel errors, wrapped sentinel-first inside *tarn.Error values.
var (
	ErrUnsupported = errors.New("unsupported")
	ErrTooManyRows = errors.New("result row limit reached")
	ErrClosed      = errors.New("engine closed")
	// ErrHiddenColumn: the query named a column the policy hides from the
	// caller (unreviewed or not granted).
	ErrHiddenColumn = errors.New("column not visible")
)
