package lake

import "errors"

// Sentinel errors. Methods wrap them sentinel-first inside a *tarn.Error, so
// errors.Is works and the message stays fit for a person.
var (
	ErrNoSuchTable     = errors.New("no such table")
	ErrNoSuchNamespace = errors.New("no such namespace")
	ErrTableExists     = errors.New("table already exists")
	ErrNoSuchSnapshot  = errors.New("no such snapshot")
	ErrNoSuchColumn    = errors.New("no such column")
	ErrInvalid         = errors.New("invalid lake request")
	ErrConflict        = errors.New("concurrent commit conflict")
	// ErrPositionMoved says a conditional write found a source's read
	// position elsewhere than expected (see AppendFrom).
	ErrPositionMoved = errors.New("read position moved")
)
