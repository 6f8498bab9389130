package agent

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/engine"
	"github.com/tarn-data/tarn/lake"
)

// ErrNoSuchColumn is returned, wrapped in a *tarn.Error with code
// ENOTFOUND, for a column the caller cannot see in the table (absent or
// hidden from them).
var ErrNoSuchColumn = errors.New("agent: no such column")

// Introspector is context layer 5: distinct values and row counts, asked
// live through the engine as the caller, so governance applies (hidden
// columns refused, PII masked). Answers are cached per caller for a TTL and
// only while the table's current snapshot stays the same. It is safe for
// concurrent use.
type Introspector struct {
	eng   *engine.Engine
	clock tarn.Clock
	ttl   time.Duration

	mu    sync.Mutex
	cache map[introKey]introVal
}

type introKey struct {
	principal string
	table     lake.Ident
	column    string // "" for Count
	limit     int
	snapshot  int64
}

type introVal struct {
	vals     []string
	complete bool
	count    int64
	at       time.Time
}

// NewIntrospector returns an introspector over eng; ttl is how long an
// answer is reused (0: never).
func NewIntrospector(eng *engine.Engine, clock tarn.Clock, ttl time.Duration) *Introspector {
	if clock == nil {
		clock = tarn.SystemClock{}
	}
	return &Introspector{eng: eng, clock: clock, ttl: ttl, cache: map[introKey]introVal{}}
}

// SampleRows is how many rows of a table Values reads.
const SampleRows = 200_000

// Values returns up to limit distinct non-null values of a column in
// ascending order among the first SampleRows rows of the table, as the
// caller sees them (masked where governance masks), and whether that is all
// of them in those rows. Errors: EINVALID for a malformed table
// name or limit; ErrNoSuchColumn (ENOTFOUND) for a column the caller cannot
// see; the engine's refusals (EFORBIDDEN) and failures.
func (in *Introspector) Values(ctx context.Context, caller engine.Caller, table, column string, limit int) ([]string, bool, error) {
	if limit <= 0 || limit > 1000 {
		return nil, false, tarn.Errorf(tarn.EINVALID, "Ask for between 1 and 1000 values, not %d.", limit)
	}
	id, snap, err := in.table(ctx, table)
	if err != nil {
		return nil, false, err
	}
	key := introKey{caller.Principal, id, column, limit, snap}
	if v, ok := in.cached(key); ok {
		return v.vals, v.complete, nil
	}
	cols, err := in.eng.Describe(ctx, caller, id)
	if err != nil {
		return nil, false, err
	}
	if !hasColumn(cols, column) {
		return nil, false, tarn.Wrap(fmt.Errorf("%w: %s.%s", ErrNoSuchColumn, id, column), tarn.ENOTFOUND,
			"Describe the table to see its columns.", "%s has no column %q you can see.", id, column)
	}
	q := quoteIdent(column)
	// Read a bounded prefix of the table, so a large table costs what a
	// small one does: the values are those of the first SampleRows rows.
	sql := fmt.Sprintf("SELECT DISTINCT %s FROM (SELECT %s FROM %s LIMIT %d) WHERE %s IS NOT NULL ORDER BY 1 LIMIT %d",
		q, q, id, SampleRows, q, limit+1)
	var vals []string
	err = in.query(ctx, caller, sql, func(v string) { vals = append(vals, v) })
	if err != nil {
		return nil, false, err
	}
	complete := len(vals) <= limit
	if !complete {
		vals = vals[:limit]
	}
	in.store(key, introVal{vals: vals, complete: complete})
	return vals, complete, nil
}

// Count returns the number of rows of a table the caller sees (row filters
// apply). Errors: EINVALID for a malformed name; the engine's refusals and
// failures.
func (in *Introspector) Count(ctx context.Context, caller engine.Caller, table string) (int64, error) {
	id, snap, err := in.table(ctx, table)
	if err != nil {
		return 0, err
	}
	key := introKey{principal: caller.Principal, table: id, snapshot: snap}
	if v, ok := in.cached(key); ok {
		return v.count, nil
	}
	var n int64
	err = in.query(ctx, caller, "SELECT count(*) FROM "+id.String(), func(v string) {
		fmt.Sscan(v, &n)
	})
	if err != nil {
		return 0, err
	}
	in.store(key, introVal{count: n})
	return n, nil
}

// table parses a table name and returns its current snapshot ID (0 for a
// table without one).
func (in *Introspector) table(ctx context.Context, name string) (lake.Ident, int64, error) {
	id, err := lake.ParseIdent(strings.ToLower(name))
	if err != nil {
		return id, 0, err
	}
	t, err := in.eng.Lake().Load(ctx, id)
	if err != nil {
		return id, 0, err
	}
	var snap int64
	if s := t.CurrentSnapshot(); s != nil {
		snap = s.SnapshotID
	}
	return id, snap, nil
}

// query runs sql as the caller and passes the first column of every row,
// as text, to each.
func (in *Introspector) query(ctx context.Context, caller engine.Caller, sql string, each func(string)) error {
	res, err := in.eng.Query(ctx, engine.Request{SQL: sql, Caller: caller})
	if err != nil {
		return err
	}
	for res.Reader.Next() {
		col := res.Reader.RecordBatch().Column(0)
		for i := 0; i < col.Len(); i++ {
			if col.IsValid(i) {
				each(strings.Clone(col.ValueStr(i))) // the string aliases the batch
			}
		}
	}
	rerr := res.Reader.Err()
	if cerr := res.Close(); cerr != nil {
		return cerr
	}
	return rerr
}

func (in *Introspector) cached(k introKey) (introVal, bool) {
	in.mu.Lock()
	defer in.mu.Unlock()
	v, ok := in.cache[k]
	if !ok || in.clock.Now().Sub(v.at) >= in.ttl {
		return introVal{}, false
	}
	return v, true
}

func (in *Introspector) store(k introKey, v introVal) {
	if in.ttl <= 0 {
		return
	}
	v.at = in.clock.Now()
	in.mu.Lock()
	defer in.mu.Unlock()
	for old, ov := range in.cache { // drop expired entries as we go
		if v.at.Sub(ov.at) >= in.ttl {
			delete(in.cache, old)
		}
	}
	in.cache[k] = v
}

func hasColumn(cols []engine.Column, name string) bool {
	for _, c := range cols {
		if c.Name == name {
			return true
		}
	}
	return false
}

// quoteIdent quotes a column name for DuckDB.
func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
