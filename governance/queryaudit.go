package governance

import (
	"context"
	"sort"
	"strconv"
	"strings"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/engine"
	"github.com/tarn-data/tarn/governance/audit"
)

// QueryAudit writes every query the engine is asked to run — allowed,
// refused or failed — to the hash-chained audit log. It implements
// engine.QueryLog.
type QueryAudit struct {
	Log *audit.Log
}

var _ engine.QueryLog = QueryAudit{}

// LogQuery appends one "query" entry: who, the SQL, the tables and columns
// read, which columns were masked or raw under which flip and why, rows
// returned, and whether governance allowed it (and if not, why).
func (a QueryAudit) LogQuery(ctx context.Context, r engine.QueryRecord) error {
	e := audit.Entry{
		Actor:   r.Caller.Principal,
		Action:  "query",
		SQL:     r.SQL,
		Rows:    r.Rows,
		Allowed: tarn.ErrorCode(r.Err) != tarn.EFORBIDDEN,
		Detail:  map[string]string{"identity": r.Caller.Principal, "duration_ms": strconv.FormatInt(r.Duration.Milliseconds(), 10)},
	}
	if r.Err != nil {
		e.Reason = tarn.ErrorMessage(r.Err)
	}
	for _, t := range r.Tables {
		e.Tables = append(e.Tables, t.String())
	}
	e.Object = strings.Join(e.Tables, ",")
	var justifications []string
	var grants []string
	for i, d := range r.Decisions {
		if d.Principal != "" {
			e.Actor = d.Principal
		}
		prefix := ""
		if i < len(r.Scans) {
			prefix = r.Scans[i].Table.String() + "."
			for _, c := range r.Scans[i].Columns {
				e.Columns = append(e.Columns, prefix+c)
			}
		}
		for _, c := range d.Masked {
			e.Masked = append(e.Masked, prefix+c)
		}
		for _, c := range d.Raw {
			e.Raw = append(e.Raw, prefix+c)
		}
		if d.FlipID != 0 {
			e.FlipID = d.FlipID
			justifications = append(justifications, d.Justification)
		}
		for _, g := range d.Grants {
			grants = append(grants, strconv.FormatInt(g, 10))
		}
	}
	e.Justification = strings.Join(dedupe(justifications), "; ")
	if len(grants) > 0 {
		e.Detail["grants"] = strings.Join(dedupe(grants), ",")
	}
	if r.Engine != "" && r.Engine != engine.EngineDuckDB {
		e.Detail["engine"] = r.Engine // a remote engine (Trino) ran it
	}
	if r.Caller.Purpose != "" {
		e.Detail["purpose"] = r.Caller.Purpose
	}
	_, err := a.Log.Append(ctx, e)
	return err
}

func dedupe(s []string) []string {
	sort.Strings(s)
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}
