package planner

import (
	"fmt"
	"strings"
	"time"
)

// previous is the period of the same length just before s: the same number
// of months for month-aligned spans, of days otherwise.
func previous(s span) span {
	if s.monthAligned() {
		n := (s.End.Year()-s.Start.Year())*12 + int(s.End.Month()-s.Start.Month())
		return span{Start: s.Start.AddDate(0, -n, 0), End: s.Start, Label: "the period before"}
	}
	return span{Start: s.Start.Add(-s.End.Sub(s.Start)), End: s.Start, Label: "the period before"}
}

func growthSQL(pl *plan) (query, error) {
	src := pl.src
	cur := pl.spans[0]
	prev := previous(cur)
	sel, names := pl.appendDims(nil, nil, src.Table)
	n := len(sel)
	expr := src.Outputs[0].Expr
	tc := timeCol(src)
	pe := filterAgg(expr, spanCond(tc, src.Kind, prev))
	ce := "coalesce(" + filterAgg(expr, spanCond(tc, src.Kind, cur)) + ", 0)"
	pe = "coalesce(" + pe + ", 0)"
	sel = append(sel, pe+" AS previous", ce+" AS current", ce+" - "+pe+" AS increase",
		fmt.Sprintf("round(CAST(%s AS DOUBLE) / nullif(%s, 0) - 1, 4) AS growth", ce, pe))
	names = append(names, "previous", "current", "increase", "growth")
	conds := append(pl.filters(src), fmt.Sprintf("%s >= %s AND %s < %s", tc, timeLit(prev.Start, src.Kind), tc, timeLit(cur.End, src.Kind)))
	fr, err := from(src, append(append([]string(nil), sel...), conds...))
	if err != nil {
		return query{}, err
	}
	dir := "DESC"
	if pl.asc {
		dir = "ASC"
	}
	// Growth ranks by the increase itself: a ratio would put accounts that
	// went from 1 request to 5 above a large customer that tripled.
	return query{Columns: names, Key: n - 1, Value: n + 2,
		SQL: "SELECT " + strings.Join(sel, ", ") + " FROM " + fr + where(conds) + " GROUP BY " + positions(n) +
			" ORDER BY increase " + dir + ", " + positions(n) + fmt.Sprintf(" LIMIT %d", pl.top)}, nil
}

func compareSQL(pl *plan) (query, error) {
	if fits(pl, pl.src) != "" || pl.src.Table == "" {
		return query{}, fmt.Errorf("cannot compare")
	}
	src := pl.src
	expr := src.Outputs[0].Expr
	tc := timeCol(src)
	a, b := pl.spans[0], pl.spans[1]
	na, nb := colName(a.Label), colName(b.Label)
	if na == nb {
		na, nb = na+"_1", nb+"_2"
	}
	ea := filterAgg(expr, spanCond(tc, src.Kind, a))
	eb := filterAgg(expr, spanCond(tc, src.Kind, b))
	// The change runs from the earlier period to the later one, whichever
	// the question names first.
	later, earlier := ea, eb
	if a.Start.Before(b.Start) {
		later, earlier = eb, ea
	}
	sel := []string{ea + " AS " + na, eb + " AS " + nb,
		fmt.Sprintf("round(CAST(%s AS DOUBLE) / %s - 1, 4) AS change", later, earlier)}
	conds := append(pl.filters(src), "(("+spanCond(tc, src.Kind, a)+") OR ("+spanCond(tc, src.Kind, b)+"))")
	fr, err := from(src, append(append([]string(nil), sel...), conds...))
	if err != nil {
		return query{}, err
	}
	return query{Columns: []string{na, nb, "change"}, Key: -1, Value: 0,
		SQL: "SELECT " + strings.Join(sel, ", ") + " FROM " + fr + where(conds)}, nil
}

// colName turns a label such as "this week" into a column name.
func colName(label string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(label) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "_"):
			b.WriteByte('_')
		}
	}
	s := strings.Trim(b.String(), "_")
	if s == "" || s[0] >= '0' && s[0] <= '9' {
		s = "p_" + s
	}
	return s
}

// spanText is a span for an answer, e.g. "last month (October 2026)".
func spanText(s span) string {
	end := s.End.Add(-time.Nanosecond)
	switch {
	case s.Incident:
		return "during the incident"
	case s.Label != "" && s.Label[0] >= 'A' && s.Label[0] <= 'Z':
		return s.Label
	case s.monthAligned() && s.days() <= 31:
		return s.Label + " (" + s.Start.Format("January 2006") + ")"
	case s.dayAligned() && s.days() == 1:
		return s.Label + " (" + s.Start.Format("Mon 2 Jan 2006") + ")"
	case s.dayAligned():
		return s.Label + " (" + s.Start.Format("2 Jan") + " – " + end.Format("2 Jan 2006") + ")"
	default:
		return s.Label + " (" + s.Start.Format("2 Jan 15:04") + " – " + s.End.Format("2 Jan 15:04") + " UTC)"
	}
}
