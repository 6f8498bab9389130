package planner

import (
	"fmt"
	"strings"
	"time"
)

// quote returns s as a SQL string literal.
func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// timeLit returns t as a literal for a column of kind k.
func timeLit(t time.Time, k timeKind) string {
	if k == timeTS {
		return "TIMESTAMP " + quote(t.UTC().Format("2006-01-02 15:04:05"))
	}
	return "DATE " + quote(t.UTC().Format(time.DateOnly))
}

// spanCond is the half-open condition for s on col.
func spanCond(col string, k timeKind, s span) string {
	if s.Incident {
		return fmt.Sprintf("%s >= %s AND %s < %s", col, incidentStart, col, incidentEnd)
	}
	return fmt.Sprintf("%s >= %s AND %s < %s", col, timeLit(s.Start, k), col, timeLit(s.End, k))
}

// Placeholders for the bounds of "the incident", which the script fills in
// once it has found the burst.
const (
	incidentStart = "__INCIDENT_START__"
	incidentEnd   = "__INCIDENT_END__"
)

// fits says why src cannot answer for the plan, or "" when it can.
func fits(pl *plan, src source) string {
	for _, d := range pl.dims {
		if _, ok := d.Cols[src.Table]; !ok {
			return fmt.Sprintf("%s is not available by %s", pl.metricLabel(), d.Label)
		}
	}
	for _, v := range pl.values {
		if _, ok := dimensions[v.Dim].Cols[src.Table]; !ok {
			return fmt.Sprintf("%s cannot be filtered on %s = %s", pl.metricLabel(), v.Dim, v.Value)
		}
	}
	if pl.zone != "" && src.Table != tZones && src.Table != tRequests && src.Table != tDaily && src.Table != tSecurity {
		return fmt.Sprintf("%s is not recorded per zone", pl.metricLabel())
	}
	for _, s := range pl.spans {
		switch src.Kind {
		case timeNone:
			return fmt.Sprintf("%s has no time", pl.metricLabel())
		case timeDate:
			if !s.dayAligned() {
				return fmt.Sprintf("%s is kept per day, not for %s", pl.metricLabel(), s.Label)
			}
		case timeMonth:
			if !s.monthAligned() {
				return fmt.Sprintf("%s is kept per month, so I can't answer for %s; ask per month", pl.metricLabel(), s.Label)
			}
		}
	}
	switch pl.grain {
	case "hour":
		if src.Kind != timeTS {
			return fmt.Sprintf("%s is not kept per hour", pl.metricLabel())
		}
	case "day":
		if src.Kind == timeMonth || src.Kind == timeNone {
			return fmt.Sprintf("%s is not kept per day", pl.metricLabel())
		}
	case "month":
		if src.Kind == timeNone {
			return fmt.Sprintf("%s has no time", pl.metricLabel())
		}
	}
	return ""
}

func (pl *plan) metricLabel() string {
	if pl.metric == nil {
		return "it"
	}
	return pl.metric.Label
}

// from builds FROM … JOIN … for the source, joining dim.zones and
// dim.accounts when the expressions in use need them.
func from(src source, exprs []string) (string, error) {
	needZ, needA := false, false
	for _, e := range exprs {
		needZ = needZ || strings.Contains(e, "z.")
		needA = needA || strings.Contains(e, "a.")
	}
	b := src.Table + " " + src.Alias
	switch src.Table {
	case tAccounts:
		if needZ {
			return "", fmt.Errorf("accounts cannot be split by zone")
		}
	case tZones:
		if needA {
			b += " JOIN dim.accounts a ON a.account_id = z.account_id"
		}
	case tInvoices, tAllocated:
		if needZ {
			return "", fmt.Errorf("billing is not recorded per zone")
		}
		if needA {
			b += " JOIN dim.accounts a ON a.account_id = t.account_id"
		}
	default:
		if needZ || needA {
			b += " JOIN dim.zones z ON z.zone_id = t.zone_id"
		}
		if needA {
			b += " JOIN dim.accounts a ON a.account_id = z.account_id"
		}
	}
	return b, nil
}

// filters returns the WHERE conditions of the plan's values and names.
func (pl *plan) filters(src source) []string {
	var w []string
	if src.Where != "" {
		w = append(w, src.Where)
	}
	for _, v := range pl.values {
		cols := dimensions[v.Dim].Cols[src.Table]
		w = append(w, cols[len(cols)-1]+" = "+quote(v.Value))
	}
	if pl.zone != "" {
		w = append(w, "lower(z.zone_name) = lower("+quote(pl.zone)+")")
	}
	if pl.account != "" {
		w = append(w, accountCond(pl.account))
	}
	return w
}

// timeCol is the source's time column with its alias.
func timeCol(src source) string { return src.Alias + "." + src.Time }

// bucket is the SELECT expression of a time grain on src.
func bucket(src source, grain string) string {
	c := timeCol(src)
	switch grain {
	case "hour":
		return "date_trunc('hour', " + c + ") AS hour"
	case "month":
		if src.Kind == timeMonth {
			return c + " AS month"
		}
		return "CAST(date_trunc('month', " + c + ") AS DATE) AS month"
	default:
		if src.Kind == timeDate {
			return c + " AS day"
		}
		return "CAST(" + c + " AS DATE) AS day"
	}
}

func where(conds []string) string {
	if len(conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(conds, " AND ")
}

func positions(n int) string {
	p := make([]string, n)
	for i := range p {
		p[i] = fmt.Sprint(i + 1)
	}
	return strings.Join(p, ", ")
}

// filterAgg returns the aggregate expr restricted to cond.
func filterAgg(expr, cond string) string {
	if i := strings.Index(expr, " FILTER (WHERE "); i >= 0 {
		return expr[:len(expr)-1] + " AND " + cond + ")"
	}
	return expr + " FILTER (WHERE " + cond + ")"
}

// accountCond matches an account by name, ignoring case. A name that ends
// in a full stop may end the sentence or the name ("Acme Inc."), so both
// are tried.
func accountCond(name string) string {
	if t := strings.TrimRight(name, "."); t != name && t != "" {
		return "lower(a.account_name) IN (lower(" + quote(name) + "), lower(" + quote(t) + "))"
	}
	return "lower(a.account_name) = lower(" + quote(name) + ")"
}
