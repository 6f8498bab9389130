package engine

import (
	"context"
	"strings"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/engine/guard"
	"github.com/tarn-data/tarn/lake"
)

// Remote is another SQL engine that reads the same Iceberg catalog and
// enforces the same rules as the user: a Trino cluster whose Iceberg
// connector uses Tarn's catalog and whose access control reads the rules
// document governance renders (governance/trino). engine/trino adapts it.
//
// The engine hands a query to the Remote only after the guard passed it
// and the policy allowed every table, and it audits the query like any
// other: a refused query never reaches the Remote.
type Remote interface {
	// Name names the remote engine in the audit log, e.g. "trino".
	Name() string
	// Query runs q as q.User and streams the result as Arrow. Errors are
	// *tarn.Error values: EINVALID for SQL the remote cannot run,
	// EFORBIDDEN when its access control refused, ETIMEOUT when ctx ended,
	// ELIMIT when it ran out of resources, EINTERNAL when it cannot be
	// reached. Releasing the reader before its end cancels the remote
	// query.
	Query(ctx context.Context, q RemoteQuery) (array.RecordReader, error)
}

// RemoteGate is implemented by a Remote that is not fit for every moment:
// one whose copy of the rules may lag Tarn's for a while after they
// change. The engine asks before each query and keeps it on DuckDB when
// the answer is false.
type RemoteGate interface {
	Available(ctx context.Context) bool
}

// RemoteQuery is one query for a Remote.
type RemoteQuery struct {
	// SQL is the query as the caller wrote it. Its tables are
	// namespace.table, which the remote resolves in its default catalog
	// (the lake's); the guard refused every other kind of name.
	SQL string
	// User is the principal governance resolved the caller to (the name
	// the rules document knows), or the caller's identity when the
	// policy names none.
	User string
	// Tables are the lake tables the query reads.
	Tables []lake.Ident
}

// EngineDuckDB is QueryRecord.Engine for queries the embedded DuckDB ran.
const EngineDuckDB = "duckdb"

// remoteFor returns the remote engine that runs q, or nil when DuckDB runs
// it. A remote runs a query only when its result is the one DuckDB would
// give this caller:
//   - a query that reads no table has nothing to gain there;
//   - time travel (AT (VERSION => …)) is DuckDB syntax, so it stays local;
//   - a session flip lifts redaction in Tarn only (Trino's rules always
//     mask PII), so a query reading a column raw stays local;
//   - a policy without a principal (governance off) has no rules the
//     remote could enforce the same way, so nothing leaves;
//   - a remote that is a RemoteGate and says it is not available (its
//     rules may not have caught up with a change yet) runs nothing.
func (e *Engine) remoteFor(ctx context.Context, q *guard.Query, decisions []TableDecision) Remote {
	if e.opts.Remote == nil || len(q.Tables) == 0 {
		return nil
	}
	for _, ref := range q.Tables {
		if ref.AtVersion != nil || ref.AtTimestamp != nil || ref.Namespace == "" {
			return nil
		}
	}
	for _, d := range decisions {
		if len(d.Raw) > 0 || d.FlipID != 0 || d.Principal == "" {
			return nil
		}
	}
	if g, ok := e.opts.Remote.(RemoteGate); ok && !g.Available(ctx) {
		return nil
	}
	return e.opts.Remote
}

// queryRemote runs a decided query on r. The scans it reports name the
// columns the caller may see and those shown masked, as the audit log
// expects; no files are planned or read here.
func (e *Engine) queryRemote(ctx context.Context, r Remote, req Request, q *guard.Query, p *prepared, access []TableAccess, maxRows int, cancel context.CancelFunc) (*Result, error) {
	p.engine = r.Name()
	for i, a := range access {
		d := p.decisions[i]
		sc := TableScan{Table: a.Table, AsOf: a.AsOf, Masked: d.Masked}
		for _, c := range a.Columns {
			rule, decided := d.Columns[c]
			if rule.Hidden || (d.Columns != nil && !decided) {
				continue
			}
			sc.Columns = append(sc.Columns, c)
		}
		if len(sc.Columns) == 0 {
			return nil, tarn.Errorf(tarn.EFORBIDDEN, "None of the columns of %s are visible to you.", a.Table)
		}
		p.scans = append(p.scans, sc)
	}
	user := req.Caller.Principal
	if len(p.decisions) > 0 && p.decisions[0].Principal != "" {
		user = p.decisions[0].Principal
	}
	rdr, err := r.Query(ctx, RemoteQuery{SQL: remoteSQL(q.SQL), User: user, Tables: p.tables})
	if err != nil {
		return nil, err
	}
	lim := &limitReader{RecordReader: rdr, max: int64(maxRows)}
	res := &Result{Reader: lim, limit: lim, Scans: p.scans, Tables: p.tables, started: e.opts.Clock.Now()}
	res.close = func() error {
		lim.Release()
		cancel()
		return nil
	}
	return res, nil
}

// remoteSQL trims what DuckDB accepts around one statement and Trino does
// not: trailing semicolons and the space around them.
func remoteSQL(sql string) string {
	for {
		t := strings.TrimRight(sql, " \t\r\n")
		t = strings.TrimSuffix(t, ";")
		if t == sql {
			return t
		}
		sql = t
	}
}
