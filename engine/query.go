package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/duckdb/duckdb-go/v2"
	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/engine/guard"
	"github.com/tarn-data/tarn/lake"
)

// Request is one query.
type Request struct {
	SQL    string
	Caller Caller
	// MaxRows overrides the engine's row limit when positive.
	MaxRows int
	// Timeout overrides the engine's timeout when positive.
	Timeout time.Duration
}

// TableScan reports how one table reference was read.
type TableScan struct {
	Table      lake.Ident
	AsOf       lake.AsOf
	SnapshotID int64
	// FilesRead of FilesTotal data files were read after pruning.
	FilesRead  int
	FilesTotal int64
	// Pruning is the filter used for pruning, or "" if none applied.
	Pruning string
	Columns []string
}

// Result is a running query's output. Read Reader to the end (or not) and
// always Close the Result.
type Result struct {
	// Reader streams the rows. Its record batches are valid until the next
	// call to Next.
	Reader array.RecordReader
	Scans  []TableScan
	// Tables lists the distinct tables read.
	Tables []lake.Ident

	limit   *limitReader
	close   func()
	started time.Time
}

// Schema returns the result's Arrow schema.
func (r *Result) Schema() *arrow.Schema { return r.Reader.Schema() }

// Truncated reports whether rows were cut at the row limit. It is final once
// Reader.Next has returned false.
func (r *Result) Truncated() bool { return r.limit.truncated }

// Close releases the reader, the connection and the file leases.
func (r *Result) Close() {
	if r.close != nil {
		r.close()
		r.close = nil
	}
}

// Query runs one read-only SQL statement for a caller. Refusals by the
// guard or the policy are *tarn.Error values with code EFORBIDDEN; bad SQL
// and unknown names are EINVALID or ENOTFOUND with the closest names; a
// timeout is ETIMEOUT.
func (e *Engine) Query(ctx context.Context, req Request) (*Result, error) {
	timeout := e.opts.Timeout
	if req.Timeout > 0 {
		timeout = req.Timeout
	}
	maxRows := e.opts.MaxRows
	if req.MaxRows > 0 {
		maxRows = req.MaxRows
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	ok := false
	defer func() {
		if !ok {
			cancel()
		}
	}()

	q, err := e.parser.Parse(ctx, req.SQL)
	if err != nil {
		return nil, err
	}
	prep, err := e.prepare(ctx, req.Caller, q)
	if err != nil {
		return nil, err
	}
	release := e.lake.Lease(prep.files)
	defer func() {
		if !ok {
			release()
		}
	}()
	sql, err := q.Rewrite(ctx, e.parser, prep.names)
	if err != nil {
		return nil, err
	}

	conn, err := e.acquire(ctx)
	if err != nil {
		return nil, err
	}
	cleanup := func() {
		// Views are dropped with a fresh context: the query's may be done.
		dctx, dcancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer dcancel()
		for _, n := range prep.names {
			_ = exec(dctx, conn, "DROP VIEW IF EXISTS "+quoteIdent(n))
		}
		e.release(conn)
	}
	for i, n := range prep.names {
		if err := exec(ctx, conn, "CREATE OR REPLACE TEMP VIEW "+quoteIdent(n)+" AS "+prep.rels[i].sql); err != nil {
			cleanup()
			return nil, e.queryError(ctx, err, prep)
		}
	}
	ar, err := duckdb.NewArrowFromConn(conn)
	if err != nil {
		cleanup()
		return nil, err
	}
	rdr, err := ar.QueryContext(ctx, fmt.Sprintf("SELECT * FROM (%s) LIMIT %d", sql, maxRows+1))
	if err != nil {
		cleanup()
		return nil, e.queryError(ctx, err, prep)
	}
	lim := &limitReader{RecordReader: rdr, max: int64(maxRows)}
	res := &Result{Reader: lim, limit: lim, Scans: prep.scans, Tables: prep.tables, started: e.opts.Clock.Now()}
	res.close = func() {
		lim.Release()
		cleanup()
		release()
		cancel()
	}
	ok = true
	return res, nil
}

// prepared holds the per-reference views of a query.
type prepared struct {
	names  map[int]string
	rels   []relation
	scans  []TableScan
	tables []lake.Ident
	files  []string
}

func (e *Engine) prepare(ctx context.Context, c Caller, q *guard.Query) (*prepared, error) {
	p := &prepared{names: map[int]string{}}
	access := make([]TableAccess, len(q.Tables))
	plans := make([]*lake.ScanPlan, len(q.Tables))
	seen := map[lake.Ident]bool{}
	// Plan first without filters to learn every schema (needed to resolve
	// unqualified filter columns), then prune each reference.
	schemas := make([][]string, len(q.Tables))
	for i, ref := range q.Tables {
		id := lake.Ident{Namespace: ref.Namespace, Name: ref.Name}
		at := asOf(ref)
		t, err := e.lake.Load(ctx, id)
		if err != nil {
			return nil, err
		}
		for _, f := range t.Schema().Fields() {
			schemas[i] = append(schemas[i], f.Name)
		}
		access[i] = TableAccess{Table: id, Columns: schemas[i], AsOf: at}
		if !seen[id] {
			seen[id] = true
			p.tables = append(p.tables, id)
		}
	}
	decisions, err := e.opts.Policy.Decide(ctx, c, access)
	if err != nil {
		return nil, err
	}
	if len(decisions) != len(access) {
		return nil, fmt.Errorf("policy returned %d decisions for %d tables", len(decisions), len(access))
	}
	filters := assignFilters(q, schemas)
	base := e.seq.Add(1)
	for i := range q.Tables {
		expr, desc := pruningExpr(filters[i])
		plan, err := e.lake.PlanScan(ctx, access[i].Table, access[i].AsOf, expr)
		if err != nil && expr != nil {
			// A filter iceberg-go cannot bind (type mismatch) only loses
			// pruning; DuckDB still applies the WHERE clause.
			expr, desc = nil, ""
			plan, err = e.lake.PlanScan(ctx, access[i].Table, access[i].AsOf, nil)
		}
		if err != nil {
			return nil, err
		}
		plans[i] = plan
		rel, err := buildRelation(plan, decisions[i])
		if err != nil {
			return nil, err
		}
		p.rels = append(p.rels, rel)
		p.files = append(p.files, rel.files...)
		p.names[i] = fmt.Sprintf("tarn_q%d_%d", base, i)
		sc := TableScan{Table: access[i].Table, AsOf: access[i].AsOf, FilesRead: len(plan.Files), FilesTotal: plan.TotalFiles, Pruning: desc, Columns: rel.columns}
		if plan.Snapshot != nil {
			sc.SnapshotID = plan.Snapshot.ID
		}
		p.scans = append(p.scans, sc)
	}
	return p, nil
}

func asOf(ref guard.TableRef) lake.AsOf {
	return lake.AsOf{SnapshotID: ref.AtVersion, Time: ref.AtTimestamp}
}

// queryError turns a DuckDB error into one a person can act on. View names
// are put back to the table names the person wrote.
func (e *Engine) queryError(ctx context.Context, err error, p *prepared) error {
	if ctx.Err() != nil {
		return tarn.Wrap(ctx.Err(), tarn.ETIMEOUT, "Narrow the query (a shorter time range, fewer columns) or raise the timeout.", "The query ran out of time.")
	}
	msg := err.Error()
	for i, n := range p.names {
		msg = strings.ReplaceAll(msg, n, p.scans[i].Table.Name)
	}
	var de *duckdb.Error
	if errors.As(err, &de) {
		switch de.Type {
		case duckdb.ErrorTypeBinder, duckdb.ErrorTypeCatalog:
			return tarn.Wrap(err, tarn.EINVALID, "Run `tarn describe <table>` to see its columns.", "%s", clean(msg))
		case duckdb.ErrorTypeOutOfMemory:
			return tarn.Wrap(err, tarn.ELIMIT, "Aggregate more, or select fewer rows or columns.", "The query needed more memory than the engine may use.")
		case duckdb.ErrorTypeInterrupt:
			return tarn.Wrap(err, tarn.ETIMEOUT, "", "The query was cancelled.")
		}
	}
	return tarn.Wrap(err, tarn.EINVALID, "", "%s", clean(msg))
}

// clean trims DuckDB's error text to its first paragraph.
func clean(s string) string {
	s, _, _ = strings.Cut(s, "\n\nLINE")
	return strings.TrimSpace(s)
}
