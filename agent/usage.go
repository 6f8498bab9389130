package agent

import (
	"sort"
	"strings"

	"github.com/tarn-data/tarn/governance/audit"
)

// maxJoins is how many commonly joined tables a card lists.
const maxJoins = 3

// learnUsage counts, from allowed queries in the history, how often each
// table was read and which tables were read together (layer 1), and guesses
// the join column of each pair as a *_id column both tables have.
func learnUsage(s *snapshot, entries []audit.Entry) {
	pairs := map[[2]int]int{}
	for _, e := range entries {
		if e.Action != "query" || !e.Allowed {
			continue
		}
		var read []int
		seen := map[int]bool{}
		for _, name := range e.Tables {
			for _, i := range s.byName[strings.ToLower(name)] {
				if s.tables[i].id.String() == strings.ToLower(name) && !seen[i] {
					seen[i] = true
					read = append(read, i)
				}
			}
		}
		for _, i := range read {
			s.tables[i].uses++
		}
		for x := range read {
			for y := range read {
				if x != y {
					pairs[[2]int{read[x], read[y]}]++
				}
			}
		}
	}
	for p, n := range pairs {
		a, b := &s.tables[p[0]], s.tables[p[1]]
		a.joins = append(a.joins, Join{Table: b.id.String(), On: joinColumn(*a, b), Count: n})
	}
	for i := range s.tables {
		js := s.tables[i].joins
		sort.Slice(js, func(x, y int) bool {
			if js[x].Count != js[y].Count {
				return js[x].Count > js[y].Count
			}
			return js[x].Table < js[y].Table
		})
		if len(js) > maxJoins {
			s.tables[i].joins = js[:maxJoins]
		}
	}
}

// joinColumn guesses the column two tables join on: a *_id column both
// have, preferring one named after either table (zone_id for dim.zones),
// then the alphabetically first; "" when they share none.
func joinColumn(a, b tableEntry) string {
	has := map[string]bool{}
	for _, c := range a.note.Columns {
		has[c.Name] = true
	}
	var shared []string
	for _, c := range b.note.Columns {
		if strings.HasSuffix(c.Name, "_id") && has[c.Name] {
			shared = append(shared, c.Name)
		}
	}
	sort.Strings(shared)
	for _, c := range shared {
		stem := strings.TrimSuffix(c, "_id")
		if strings.HasPrefix(a.id.Name, stem) || strings.HasPrefix(b.id.Name, stem) {
			return c
		}
	}
	if len(shared) > 0 {
		return shared[0]
	}
	return ""
}
