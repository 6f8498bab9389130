package demo

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/tarn-data/tarn"
)

// ErrInvalidOptions is wrapped by Tables when Options cannot describe a lake.
var ErrInvalidOptions = errors.New("demo: invalid options")

// ErrNoChunk is returned by Table.Generate for a chunk outside [0, Chunks).
var ErrNoChunk = errors.New("demo: no such chunk")

// Days is the length of the demo range: the Days whole days before AsOf.
const Days = 90

// MaxScale bounds Options.Scale (2,000,000,000 requests).
const MaxScale = 1000

// MaxBatchRows is the most rows any generated batch holds.
const MaxBatchRows = 1 << 16

// Options decide the demo lake: the same Options give the same data.
type Options struct {
	Seed int64
	// Scale multiplies the fact volumes (1 gives 2,000,000 requests).
	Scale float64
	// AsOf is the UTC date the lake is "as of"; any time of day is dropped.
	// The data covers the Days days before it; AsOf itself is excluded.
	AsOf time.Time
	// SkipDerived leaves the derived tables (Table.Derived) to the
	// Transformer jobs that build them (lake/transform/demojobs), as `tarn
	// demo` does; Build then writes neither them nor their lineage. It
	// does not change the data.
	SkipDerived bool
}

// Range returns the half-open time range [from, to) the data covers:
// from is AsOf minus Days days, to is AsOf (both midnight UTC).
func (o Options) Range() (from, to time.Time) {
	to = asOfDate(o.AsOf)
	return to.AddDate(0, 0, -Days), to
}

// IncidentWindow returns the two hours [from, to) of the credential-stuffing
// incident in fct.security_events (on the day three days before AsOf).
func (o Options) IncidentWindow() (from, to time.Time) {
	from = asOfDate(o.AsOf).AddDate(0, 0, -incidentDaysBack).Add(time.Duration(incidentHour(o.Seed)) * time.Hour)
	return from, from.Add(incidentLength)
}

func asOfDate(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// Column describes one field of a table's schema.
type Column struct {
	Name        string
	Description string
	// PII is the kind of personal data the column holds: "" for none, or
	// "email", "phone", "ip", "free_text".
	PII string
}

// PartitionField is one Iceberg partition field: a source column and a
// transform ("day", "month", "identity", ...).
type PartitionField struct {
	Column    string
	Transform string
}

// Table is one demo table: its catalog annotations, its Arrow schema and a
// generator for its rows.
type Table struct {
	Namespace   string
	Name        string
	Description string
	Owner       string
	// Tags: "curated" for dim.* and fct.*, "raw", "internal", "scratch".
	Tags      []string
	Schema    *arrow.Schema
	Columns   []Column // one per Schema field, in the same order
	Partition []PartitionField
	// Reviewed is false only for raw.support_tickets, which stays behind
	// the default-closed review gate in the demo.
	Reviewed bool
	// Derived tables (fct.traffic_daily, fct.billings_allocated) are
	// computed from other demo tables; Transformer jobs build them in
	// `tarn demo`.
	Derived bool
	// Chunks is the number of independent pieces Generate can produce:
	// one per day for the day-partitioned facts, 1 for the rest.
	Chunks int
	// Generate produces the rows of chunk (0 <= chunk < Chunks) as batches
	// of at most MaxBatchRows rows, allocated from mem. A chunk gives the
	// same batches every time for the same Options, whichever other chunks
	// ran before or run concurrently, so chunks may be written in parallel.
	// Generate releases each batch after emit returns; emit must Retain a
	// batch it keeps. It returns an error wrapping ErrNoChunk for a chunk
	// out of range, emit's first error, or ctx's error when ctx is done.
	Generate func(ctx context.Context, mem memory.Allocator, chunk int, emit func(arrow.RecordBatch) error) error
}

// FullName returns "namespace.name".
func (t Table) FullName() string { return t.Namespace + "." + t.Name }

// Tables describes the demo lake for o in dependency order: dim.accounts,
// dim.zones, the fct.* tables, raw.support_tickets, scratch.zone_export_tmp.
// The dimensions (2,000 accounts, 5,000 zones), invoices and tickets are the
// same at every scale; requests, their daily rollup and security events
// grow linearly with o.Scale. It returns a *tarn.Error wrapping
// ErrInvalidOptions when o.Scale is not in (0, MaxScale] or o.AsOf is zero.
func Tables(o Options) ([]Table, error) {
	if err := o.validate(); err != nil {
		return nil, err
	}
	w := newWorld(o)
	return []Table{
		w.accountsTable(),
		w.zonesTable(),
		w.requestsTable(),
		w.trafficDailyTable(),
		w.securityTable(),
		w.invoicesTable(),
		w.allocatedTable(),
		w.ticketsTable(),
		w.zoneExportTable(),
	}, nil
}

func (o Options) validate() error {
	if math.IsNaN(o.Scale) || o.Scale <= 0 || o.Scale > MaxScale {
		return tarn.Wrap(ErrInvalidOptions, tarn.EINVALID, "use a scale such as 0.1, 1 or 10",
			"demo scale %g is out of range: it must be above 0 and at most %d", o.Scale, MaxScale)
	}
	if o.AsOf.IsZero() {
		return tarn.Wrap(ErrInvalidOptions, tarn.EINVALID, "pass a date such as 2026-06-01, or leave it out for today",
			"demo as-of date is missing")
	}
	if y := o.AsOf.UTC().Year(); y < 1980 || y > 9000 {
		return tarn.Wrap(ErrInvalidOptions, tarn.EINVALID, "pass a date such as 2026-06-01",
			"demo as-of date %s is out of range", o.AsOf.UTC().Format("2006-01-02"))
	}
	return nil
}

func checkChunk(t Table, chunk int) error {
	if chunk < 0 || chunk >= t.Chunks {
		return fmt.Errorf("%w: %s has chunks 0 to %d, not %d", ErrNoChunk, t.FullName(), t.Chunks-1, chunk)
	}
	return nil
}
