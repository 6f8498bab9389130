package agent

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/engine"
	"github.com/tarn-data/tarn/governance/audit"
	"github.com/tarn-data/tarn/lake"
)

// CatalogSource is what the catalog retriever reads about tables: layers 2
// (notes), 3 (lineage) and 4 (pages). The lake implements it through
// LakeSource; tests use fakes.
type CatalogSource interface {
	// Tables lists every table.
	Tables(ctx context.Context) ([]lake.Ident, error)
	// Note returns what people wrote about a table (empty if nothing).
	Note(ctx context.Context, id lake.Ident) (lake.Note, error)
	// Lineage returns how a table is built; an error wrapping
	// lake.ErrNoLineage when nothing records it.
	Lineage(ctx context.Context, id lake.Ident) (lake.Lineage, error)
	// Pages lists the curated pages.
	Pages(ctx context.Context) ([]lake.Page, error)
}

// LakeSource is the CatalogSource of a lake.
type LakeSource struct{ Lake *lake.Lake }

// Tables lists the lake's tables in every namespace.
func (s LakeSource) Tables(ctx context.Context) ([]lake.Ident, error) { return s.Lake.Tables(ctx, "") }

// Note returns the table's annotations.
func (s LakeSource) Note(ctx context.Context, id lake.Ident) (lake.Note, error) {
	return s.Lake.Note(ctx, id)
}

// Lineage returns the table's recorded lineage.
func (s LakeSource) Lineage(ctx context.Context, id lake.Ident) (lake.Lineage, error) {
	return s.Lake.Lineage(ctx, id)
}

// Pages returns the curated pages.
func (s LakeSource) Pages(ctx context.Context) ([]lake.Page, error) { return s.Lake.Pages(ctx) }

// Visibility says what one principal may see of a table: its visible
// columns (masked ones marked), or the refusal (a *tarn.Error, EFORBIDDEN
// for governance refusals).
type Visibility interface {
	Describe(ctx context.Context, principal string, id lake.Ident) ([]engine.Column, error)
}

// EngineVisibility asks the engine, which asks governance, as the principal
// with purpose "agent".
type EngineVisibility struct{ Engine *engine.Engine }

// Describe returns the columns the principal may see, or the refusal.
func (v EngineVisibility) Describe(ctx context.Context, principal string, id lake.Ident) ([]engine.Column, error) {
	return v.Engine.Describe(ctx, engine.Caller{Principal: principal, Purpose: "agent"}, id)
}

// HistorySource yields recent audit entries, newest first or in any order;
// entries with Action "query" and Allowed teach which tables are queried
// together (layer 1).
type HistorySource interface {
	Recent(ctx context.Context) ([]audit.Entry, error)
}

// AuditHistory reads the last N entries of an audit log (default 5,000).
type AuditHistory struct {
	Log *audit.Log
	N   int
}

// Recent returns the tail of the log.
func (h AuditHistory) Recent(ctx context.Context) ([]audit.Entry, error) {
	n := h.N
	if n <= 0 {
		n = 5000
	}
	return h.Log.Tail(ctx, n)
}

// CatalogOptions configure a Catalog. Lake or Source, and Engine or
// Visibility, are required; the rest is optional.
type CatalogOptions struct {
	Lake       *lake.Lake
	Engine     *engine.Engine
	Source     CatalogSource // default LakeSource{Lake}
	Visibility Visibility    // default EngineVisibility{Engine}
	Memory     Memory        // verified examples and team notes; optional
	History    HistorySource // query history for joins and usage; optional
	Clock      tarn.Clock    // default the system clock

	MaxTables   int // visible table cards per question; default 5
	MaxPages    int // default 2
	MaxExamples int // default 3
	MaxNotes    int // default 3
	// MaxClosed bounds the closed tables named per question; default MaxTables.
	MaxClosed int
	// Refresh is how long a built index is used before it is rebuilt from
	// the sources; default 30s. Invalidate forces a rebuild.
	Refresh time.Duration
}

// Catalog is the Retriever over the five context layers. It keeps an index
// of the whole catalog (tables, pages, examples, notes, usage), built on the
// first question and rebuilt when it is older than Refresh by the clock or
// after Invalidate; every question is then answered from memory except the
// visibility checks, which ask governance as the asking principal each time.
// It is safe for concurrent use.
type Catalog struct {
	o CatalogOptions

	mu    sync.Mutex // serialises rebuilds
	snap  *snapshot
	built time.Time
	stale bool
}

var _ Retriever = (*Catalog)(nil)

// NewCatalog returns a retriever over o's sources.
func NewCatalog(o CatalogOptions) *Catalog {
	if o.Source == nil && o.Lake != nil {
		o.Source = LakeSource{o.Lake}
	}
	if o.Visibility == nil && o.Engine != nil {
		o.Visibility = EngineVisibility{o.Engine}
	}
	if o.Clock == nil {
		o.Clock = tarn.SystemClock{}
	}
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&o.MaxTables, 5)
	def(&o.MaxPages, 2)
	def(&o.MaxExamples, 3)
	def(&o.MaxNotes, 3)
	def(&o.MaxClosed, o.MaxTables)
	if o.Refresh <= 0 {
		o.Refresh = 30 * time.Second
	}
	return &Catalog{o: o}
}

// Invalidate makes the next question rebuild the index, e.g. after a table
// was created or a note saved.
func (c *Catalog) Invalidate() {
	c.mu.Lock()
	c.stale = true
	c.mu.Unlock()
}

// index returns the current snapshot, rebuilding it when it is missing,
// older than Refresh, or invalidated. Concurrent callers wait for one
// rebuild.
func (c *Catalog) index(ctx context.Context) (*snapshot, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.o.Clock.Now()
	if c.snap != nil && !c.stale && now.Sub(c.built) < c.o.Refresh {
		return c.snap, nil
	}
	if c.o.Source == nil || c.o.Visibility == nil {
		return nil, tarn.Wrap(errors.New("agent: catalog without a source or visibility"), tarn.EINTERNAL, "", "The catalog is not configured.")
	}
	s, err := buildSnapshot(ctx, c.o)
	if err != nil {
		return nil, fmt.Errorf("agent: indexing the catalog: %w", err)
	}
	c.snap, c.built, c.stale = s, now, false
	return s, nil
}
