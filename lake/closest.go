package lake

import (
	"sort"
	"strings"
)

// Closest returns up to n candidates nearest to name by edit distance, best
// first, leaving out those too far away to be a plausible typo.
func Closest(name string, candidates []string, n int) []string {
	type scored struct {
		s string
		d int
	}
	name = strings.ToLower(name)
	var out []scored
	for _, c := range candidates {
		d := editDistance(name, strings.ToLower(c))
		// Also match on the part after the dot, so "http_request" finds
		// fct.http_requests.
		if _, tail, ok := strings.Cut(c, "."); ok && !strings.Contains(name, ".") {
			if dt := editDistance(name, strings.ToLower(tail)); dt < d {
				d = dt
			}
		}
		limit := len(name)/3 + 1
		if d <= limit || strings.Contains(strings.ToLower(c), name) {
			out = append(out, scored{c, d})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].d != out[j].d {
			return out[i].d < out[j].d
		}
		return out[i].s < out[j].s
	})
	res := []string{}
	for i := 0; i < len(out) && i < n; i++ {
		res = append(res, out[i].s)
	}
	return res
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

func sortStrings(s []string) { sort.Strings(s) }

func sortIdents(s []Ident) {
	sort.Slice(s, func(i, j int) bool { return s[i].String() < s[j].String() })
}
