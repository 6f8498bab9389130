package transform

import "errors"

// Sentinel errors. Functions wrap them sentinel-first inside a *tarn.Error,
// so errors.Is works and the message stays fit for a person.
var (
	// ErrInvalidJob: a job file cannot be parsed or says something
	// impossible (no target, unknown materialization, bad cron).
	ErrInvalidJob = errors.New("invalid job")
	// ErrUnknownJob: a name that is not a job of the folder.
	ErrUnknownJob = errors.New("no such job")
	// ErrUnknownDependency: depends_on names a job that does not exist.
	ErrUnknownDependency = errors.New("unknown dependency")
	// ErrCycle: jobs depend on each other in a circle.
	ErrCycle = errors.New("dependency cycle")
	// ErrIncompatibleSchema: the SQL's result changed a column in a way
	// Iceberg cannot evolve the target to.
	ErrIncompatibleSchema = errors.New("incompatible schema change")
	// ErrDuplicateKey: a merge's rows hold the same key twice.
	ErrDuplicateKey = errors.New("duplicate merge key")
	// ErrUpstreamFailed: a job did not run because one it needs failed.
	ErrUpstreamFailed = errors.New("upstream job failed")
)
