package engine

import (
	"context"
	"errors"
	"fmt"
	"math"
	"regexp"
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
	Table      lake.Ident `json:"table"`
	AsOf       lake.AsOf  `json:"-"`
	SnapshotID int64      `json:"snapshot_id"`
	// FilesRead of FilesTotal data files were read after pruning.
	FilesRead  int   `json:"files_read"`
	FilesTotal int64 `json:"files_total"`
	// Pruning is the filter used for pruning, or "" if none applied.
	Pruning string `json:"pruning,omitempty"`
	// Columns are the columns the caller may see, in schema order.
	Columns []string `json:"columns"`
	// Masked are the columns shown masked (PII without a session flip).
	Masked []string `json:"masked,omitempty"`
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
	close   func() error
	started time.Time
}

// Schema returns the result's Arrow schema.
func (r *Result) Schema() *arrow.Schema { return r.Reader.Schema() }

// Truncated reports whether rows were cut at the row limit. It is final once
// Reader.Next has returned false.
func (r *Result) Truncated() bool { return r.limit.truncated }

// Close releases the reader, the connection and the file leases, and
// records the query in the engine's query log. It returns the log's error:
// a query that could not be audited is an error.
func (r *Result) Close() error {
	if r.close == nil {
		return nil
	}
	err := r.close()
	r.close = nil
	return err
}

// Query runs one read-only SQL statement for a caller. Refusals by the
// guard or the policy are *tarn.Error values with code EFORBIDDEN; bad SQL
// and unknown names are EINVALID or ENOTFOUND with the closest names; a
// timeout is ETIMEOUT.
func (e *Engine) Query(ctx context.Context, req Request) (*Result, error) {
	rec := QueryRecord{Caller: req.Caller, SQL: req.SQL, Started: e.opts.Clock.Now()}
	res, prep, err := e.query(ctx, req)
	if prep != nil {
		rec.Tables, rec.Scans, rec.Decisions, rec.Engine = prep.tables, prep.scans, prep.decisions, prep.engine
	}
	if err != nil {
		rec.Err = err
		if lerr := e.logQuery(ctx, rec); lerr != nil {
			return nil, errors.Join(err, lerr)
		}
		return nil, err
	}
	inner := res.close
	res.close = func() error {
		rec.Rows = res.limit.seen
		rec.Err = res.limit.Err()
		inner()
		return e.logQuery(ctx, rec)
	}
	return res, nil
}

func (e *Engine) query(ctx context.Context, req Request) (_ *Result, _ *prepared, err error) {
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

	pq, err := e.parse(ctx, req.SQL)
	if err != nil {
		return nil, nil, err
	}
	q := pq.query
	prep, access, err := e.decide(ctx, req.Caller, q)
	if err != nil {
		return nil, prep, err
	}
	if r := e.remoteFor(ctx, q, prep.decisions); r != nil {
		res, err := e.queryRemote(ctx, r, req, q, prep, access, maxRows, cancel)
		ok = err == nil
		return res, prep, err
	}
	release := prep.release // the local files plan makes readable
	defer func() {
		if !ok {
			release()
		}
	}()
	if err := e.plan(ctx, q, prep, access); err != nil {
		return nil, prep, err
	}
	prep.engine = EngineDuckDB
	sql := pq.rewritten

	conn, err := e.acquire(ctx)
	if err != nil {
		return nil, prep, err
	}
	ar, err := NewArrowQuerier(conn)
	if err != nil {
		e.release(conn)
		return nil, prep, err
	}
	rdr, err := ar.QueryContext(ctx, wrap(prep, sql, maxRows))
	if err != nil {
		e.release(conn)
		return nil, prep, e.queryError(ctx, err, prep)
	}
	lim := &limitReader{RecordReader: rdr, max: int64(maxRows)}
	res := &Result{Reader: lim, limit: lim, Scans: prep.scans, Tables: prep.tables, started: e.opts.Clock.Now()}
	res.close = func() error {
		lim.Release()
		e.release(conn)
		release()
		cancel()
		return nil
	}
	ok = true
	return res, prep, nil
}

// prepared holds the per-reference relations of a query.
type prepared struct {
	names     map[int]string
	rels      []relation
	scans     []TableScan
	decisions []TableDecision
	tables    []lake.Ident
	releases  []func() // of the local files read
	// engine names the engine the query was sent to (EngineDuckDB or a
	// Remote's name), for the audit log; "" until then.
	engine string
}

// release lets go of the local files the query read.
func (p *prepared) release() {
	for _, r := range p.releases {
		r()
	}
	p.releases = nil
}

// decide learns the schema each table reference reads and asks the policy
// about them all.
func (e *Engine) decide(ctx context.Context, c Caller, q *guard.Query) (*prepared, []TableAccess, error) {
	p := &prepared{names: map[int]string{}}
	access := make([]TableAccess, len(q.Tables))
	seen := map[lake.Ident]bool{}
	for i, ref := range q.Tables {
		// SQL names are case-insensitive; lake names are lower case.
		id := lake.Ident{Namespace: strings.ToLower(ref.Namespace), Name: strings.ToLower(ref.Name)}
		at := asOf(ref)
		// The columns decided on are those of the schema actually read: a
		// time-travel read of a column since renamed carries its old name.
		sc, err := e.lake.SchemaAt(ctx, id, at)
		if err != nil {
			return p, nil, err
		}
		var names, types []string
		for _, f := range sc.Fields() {
			names = append(names, f.Name)
			typ, err := duckType(f.Type)
			if err != nil {
				typ = ""
			}
			types = append(types, typ)
		}
		access[i] = TableAccess{Table: id, Columns: names, Types: types, AsOf: at}
		if !seen[id] {
			seen[id] = true
			p.tables = append(p.tables, id)
		}
	}
	decisions, err := e.opts.Policy.Decide(ctx, c, access)
	if err != nil {
		return p, nil, err
	}
	if len(decisions) != len(access) {
		return p, nil, fmt.Errorf("policy returned %d decisions for %d tables", len(decisions), len(access))
	}
	p.decisions = decisions
	return p, access, nil
}

// plan prunes each decided reference to the files it reads and builds its
// relation.
func (e *Engine) plan(ctx context.Context, q *guard.Query, p *prepared, access []TableAccess) error {
	decisions := p.decisions
	plans := make([]*lake.ScanPlan, len(q.Tables))
	schemas := make([][]string, len(access))
	for i, a := range access {
		schemas[i] = a.Columns
	}
	filters := assignFilters(q, schemas)
	for i := range q.Tables {
		plan, desc, local, release, err := e.planOne(ctx, access[i], filters[i])
		if err != nil {
			return err
		}
		plans[i] = plan
		p.releases = append(p.releases, release)
		rel, err := buildRelation(plan, decisions[i], local)
		if err != nil {
			return err
		}
		p.rels = append(p.rels, rel)
		p.names[i] = relationName(i)
		sc := TableScan{Table: access[i].Table, AsOf: access[i].AsOf, FilesRead: len(plan.Files), FilesTotal: plan.TotalFiles, Pruning: desc, Columns: rel.columns, Masked: decisions[i].Masked}
		if plan.Snapshot != nil {
			sc.SnapshotID = plan.Snapshot.ID
		}
		p.scans = append(p.scans, sc)
	}
	return nil
}

// planOne plans the files one reference reads and makes them readable
// (leased, and local). Snapshot expiry spares leased files, but a plan
// made just before an expiry committed may name files it deleted before
// the lease was taken: when an expiry committed meanwhile, the planned
// snapshot must still be the table's, or the reference is planned again.
func (e *Engine) planOne(ctx context.Context, a TableAccess, f []guard.Filter) (*lake.ScanPlan, string, map[string]string, func(), error) {
	for attempt := 1; ; attempt++ {
		mark := e.lake.Expiries()
		expr, desc := pruningExpr(f)
		plan, err := e.lake.PlanScan(ctx, a.Table, a.AsOf, expr)
		if err != nil && expr != nil {
			// A filter iceberg-go cannot bind (type mismatch) only loses
			// pruning; DuckDB still applies the WHERE clause.
			desc = ""
			plan, err = e.lake.PlanScan(ctx, a.Table, a.AsOf, nil)
		}
		if err != nil {
			return nil, "", nil, nil, err
		}
		if e.planned != nil {
			e.planned(a.Table)
		}
		local, release, err := e.localFiles(ctx, plan.Files)
		if plan.Snapshot == nil || attempt == 3 || e.lake.Expiries() == mark {
			return plan, desc, local, release, err
		}
		// An expiry committed since the plan: were the files leased in
		// time? (Fetching them from object storage fails when not.)
		kept, kerr := e.lake.Retains(ctx, a.Table, plan.Snapshot.ID)
		if err == nil {
			if kerr == nil && kept {
				return plan, desc, local, release, nil
			}
			release()
		}
		switch {
		case kerr != nil:
			return nil, "", nil, nil, kerr
		case kept: // the files are there: the fetch failed for another reason
			return nil, "", nil, nil, err
		}
	}
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
	for i := len(p.scans) - 1; i >= 0; i-- { // __tarn_t10 before __tarn_t1
		msg = strings.ReplaceAll(msg, p.names[i], p.scans[i].Table.Name)
	}
	if hidden := hiddenColumnNamed(msg, p); hidden != "" {
		return tarn.Wrap(fmt.Errorf("%w: %s", ErrHiddenColumn, hidden), tarn.EFORBIDDEN,
			"Columns appear once a review approved them and a grant covers them; ask a holder of approve on the table.",
			"Column %s is not visible to you.", hidden)
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

// wrap turns the rewritten query into one statement: each table reference's
// relation becomes a CTE (inlined, never materialised) visible inside the
// user's query, which is nested unchanged and cut at maxRows+1 rows so
// truncation can be detected. One statement means no per-query DDL.
func wrap(p *prepared, sql string, maxRows int) string {
	var b strings.Builder
	for i := 0; i < len(p.rels); i++ {
		if i == 0 {
			b.WriteString("WITH ")
		} else {
			b.WriteString(",\n")
		}
		b.WriteString(quoteIdent(p.names[i]))
		b.WriteString(" AS NOT MATERIALIZED (")
		b.WriteString(p.rels[i].sql)
		b.WriteString(")")
	}
	if maxRows >= math.MaxInt32 {
		// No row limit: a LIMIT would make DuckDB keep the order of a
		// large result in one thread.
		fmt.Fprintf(&b, "\nSELECT * FROM (\n%s\n) AS tarn_result", sql)
		return b.String()
	}
	fmt.Fprintf(&b, "\nSELECT * FROM (\n%s\n) AS tarn_result LIMIT %d", sql, maxRows+1)
	return b.String()
}

// relationName names the CTE of table reference i.
func relationName(i int) string { return fmt.Sprintf("__tarn_t%d", i) }

// parsed is a guarded query and its rewrite: a pure function of the SQL
// text, because relation names are the same for every query (__tarn_t0,
// __tarn_t1, … are CTE names, scoped to their statement).
type parsed struct {
	query     *guard.Query
	rewritten string
}

// parse guards and rewrites sql through the statement cache, like a
// database's: a query asked again (a dashboard, a retried answer) skips
// DuckDB's parser and the rewrite. Only queries that passed the guard are
// cached; governance and planning run on every query.
func (e *Engine) parse(ctx context.Context, sql string) (parsed, error) {
	if p, ok := e.parsed.Get(sql); ok {
		return p, nil
	}
	q, err := e.parser.Parse(ctx, sql)
	if err != nil {
		return parsed{}, err
	}
	names := make(map[int]string, len(q.Tables))
	for i := range q.Tables {
		names[i] = relationName(i)
	}
	rw, err := q.Rewrite(ctx, e.parser, names)
	if err != nil {
		return parsed{}, err
	}
	p := parsed{query: q, rewritten: rw}
	e.parsed.Put(sql, p)
	return p, nil
}

var missingColumn = regexp.MustCompile(`(?i)(?:column "?([^" ]+)"? not found|does not have a column named "([^"]+)")`)

// hiddenColumnNamed returns "table.column" when a binder error is about a
// column the policy hid from the caller, so naming it is a refusal rather
// than a typo.
func hiddenColumnNamed(msg string, p *prepared) string {
	m := missingColumn.FindStringSubmatch(msg)
	if m == nil {
		return ""
	}
	col := strings.ToLower(m[1] + m[2])
	if i := strings.LastIndexByte(col, '.'); i >= 0 {
		col = col[i+1:]
	}
	for i, d := range p.decisions {
		if r, ok := d.Columns[col]; ok && r.Hidden {
			return p.scans[i].Table.String() + "." + col
		}
	}
	return ""
}
