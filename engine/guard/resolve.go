package guard

import (
	"sort"
	"strconv"
)

// resolve finds, after the walk, which column references and STAR
// EXCLUDE/RENAME names spell an unaliased lake table as
// namespace.table.column (Rewrite shortens them to alias.column), chooses
// the alias Rewrite gives each unaliased lake table, and orders the
// references by their position in the text.
func (a *analyzer) resolve() {
	for _, f := range a.frames {
		for i, r := range f.rels {
			if r.ref == nil || r.ref.view || r.ref.alias != "" {
				continue
			}
			r.ref.newAlias = uniqueAlias(f, i, r.ref)
		}
	}
	for i := range a.cols {
		c := &a.cols[i]
		if len(c.parts) >= 3 {
			c.fix = lookupUnaliased(c.frame, c.parts[0], c.parts[1])
		}
	}
	for i := range a.quals {
		q := &a.quals[i]
		schema, _ := q.node["schema"].(string)
		catalog, _ := q.node["catalog"].(string)
		table, _ := q.node["table"].(string)
		if schema != "" && catalog == "" {
			q.fix = lookupUnaliased(q.frame, schema, table)
		}
	}
	sort.SliceStable(a.refs, func(i, j int) bool {
		pi, pj := a.refs[i].pos, a.refs[j].pos
		if pi < 0 || pj < 0 {
			return pj < 0 && pi >= 0
		}
		return pi < pj
	})
	for i, r := range a.refs {
		r.index = i
	}
}

// uniqueAlias is the table name, unless another relation of the same FROM
// goes by that name (FROM a.t, b.t): then namespace_table, numbered if
// needed.
func uniqueAlias(f *frame, self int, r *ref) string {
	taken := func(name string) bool {
		for j, other := range f.rels {
			if j == self {
				continue
			}
			if other.name == lower(name) || (other.ref != nil && lower(other.ref.newAlias) == lower(name)) {
				return true
			}
		}
		return false
	}
	alias := r.name
	if !taken(alias) {
		return alias
	}
	base := r.ns + "_" + r.name
	alias = base
	for i := 2; taken(alias); i++ {
		alias = base + "_" + strconv.Itoa(i)
	}
	return alias
}

func lookupUnaliased(f *frame, ns, table string) *ref {
	for ; f != nil; f = f.parent {
		for _, r := range f.rels {
			if r.ref != nil && !r.ref.view && r.ref.alias == "" &&
				lower(r.ref.ns) == lower(ns) && lower(r.ref.name) == lower(table) {
				return r.ref
			}
		}
	}
	return nil
}

// fill copies the analysis into q.
func (a *analyzer) fill(q *Query) {
	q.Tables = make([]TableRef, len(a.refs))
	for i, r := range a.refs {
		q.Tables[i] = TableRef{
			Index: i, Namespace: r.ns, Name: r.name, Alias: r.alias, Position: r.pos,
			AtVersion: r.atVersion, AtTimestamp: r.atTimestamp,
		}
	}
	for _, rf := range a.filters {
		f := rf.Filter
		f.Table = -1
		if rf.table != nil {
			f.Table = rf.table.index
		}
		for _, c := range rf.candidates {
			f.Candidates = append(f.Candidates, c.index)
		}
		sort.Ints(f.Candidates)
		q.Filters = append(q.Filters, f)
	}
}
