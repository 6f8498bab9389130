package guard

import (
	"fmt"
	"sort"

	"github.com/tarn-data/tarn"
)

// rewrite points every table reference at its relation in names, on the
// tree the analyzer walked. It returns the relation names the rewritten
// query reads, for the check that follows.
func (a *analyzer) rewrite(names map[int]string) ([]string, error) {
	fail := func(format string, args ...any) error {
		err := fmt.Errorf("%w: %s", ErrRewrite, fmt.Sprintf(format, args...))
		return tarn.Wrap(err, tarn.EINTERNAL, "", "Tarn could not rewrite this query")
	}
	for i := range names {
		if i < 0 || i >= len(a.refs) {
			return nil, fail("relation name for table reference %d, but the query has %d", i, len(a.refs))
		}
	}
	seen := map[string]bool{}
	var views []string
	for _, r := range a.refs {
		name, ok := names[r.index]
		if !ok && r.view {
			name = r.name // an allowed view stays as it is
		} else if !ok || name == "" {
			return nil, fail("no relation name for table reference %d (%s.%s)", r.index, r.ns, r.name)
		}
		if a.cteNames[lower(name)] {
			return nil, fail("relation name %q is also the name of a CTE in the query", name)
		}
		if !seen[name] {
			seen[name] = true
			views = append(views, name)
		}
		r.node["catalog_name"] = ""
		r.node["schema_name"] = ""
		r.node["table_name"] = name
		r.node["at_clause"] = nil
		if r.alias == "" && !r.view {
			r.node["alias"] = r.newAlias
		}
	}
	for _, c := range a.cols {
		if c.fix == nil {
			continue
		}
		parts := make([]any, 0, len(c.parts)-1)
		parts = append(parts, c.fix.newAlias)
		for _, p := range c.parts[2:] {
			parts = append(parts, p)
		}
		c.node["column_names"] = parts
	}
	for _, q := range a.quals {
		if q.fix == nil {
			continue
		}
		q.node["catalog"] = ""
		q.node["schema"] = ""
		q.node["table"] = q.fix.newAlias
	}
	sort.Strings(views)
	return views, nil
}
