package planner

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Shapes of plans: what kind of answer a question asks for.
const (
	shapeValue   = "value"   // one number (or a few) for the whole selection
	shapeGrouped = "grouped" // a metric per dimension value, maybe ranked
	shapeSeries  = "series"  // a metric over time
	shapeList    = "list"    // rows of an entity
	shapeGrowth  = "growth"  // change of a metric against the previous period, ranked
	shapeCompare = "compare" // a metric in two periods
	shapeAvgPer  = "avgper"  // a metric per account, averaged by dimension
	shapeSearch  = "search"  // tables about a topic, from the catalog
	shapeMeaning = "meaning" // what a column means, from the catalog
	shapeCountOf = "countof" // how many zones one named account has
)

// plan is a resolved question: one shape over one source table.
type plan struct {
	shape      string
	metric     *metric
	src        source
	dims       []*dimension
	grain      string // time bucket: day, month, hour
	values     []value
	spans      []span
	top        int  // LIMIT for rankings
	asc        bool // rank the smallest first
	ranked     bool // rows are ordered by the metric
	over       float64
	zone       string
	account    string
	entity     string // for list, countof: account, zone, invoice
	topic      string // for search
	ident      string // for meaning
	understood string
	now        time.Time
	byRequests bool // security events ranked by the requests they cover
	topAsked   bool // the question said how many to rank
}

// refusal is why a question cannot be planned, said plainly.
type refusal struct {
	reason string
}

func (r *refusal) Error() string { return r.reason }

func refuse(format string, args ...any) *refusal { return &refusal{fmt.Sprintf(format, args...)} }

// resolve turns what was recognised into a plan, or says why it cannot.
func resolve(p parsed) (*plan, *refusal) {
	switch {
	case p.flags["write"]:
		return nil, refuse("I only read data; I never change or delete anything")
	case p.flags["future"]:
		return nil, refuse("I can only report what the lake holds; I do not forecast or predict")
	}
	if p.flags["tables"] && len(p.metrics) == 0 && !p.flags["count"] {
		topic := strings.Join(append(p.idents, p.words...), " ")
		phrases := make([]string, 0, len(p.known))
		for phrase := range p.known {
			phrases = append(phrases, phrase)
		}
		sort.Strings(phrases) // the same question gives the same topic
		for _, phrase := range phrases {
			if c := p.known[phrase]; strings.HasPrefix(c, "m:") || strings.HasPrefix(c, "e:") || strings.HasPrefix(c, "d:") {
				topic = strings.TrimSpace(topic + " " + phrase)
			}
		}
		if topic == "" {
			return nil, refuse("which subject should I look for tables about")
		}
		return &plan{shape: shapeSearch, topic: sortedWords(topic), understood: "tables in the catalog about " + sortedWords(topic)}, nil
	}
	if p.flags["meaning"] && len(p.idents) == 0 && p.flags["per_account"] {
		p.flags["avg"] = true // "the mean revenue per account"
		delete(p.flags, "meaning")
	}
	if p.flags["meaning"] && len(p.idents) == 0 && len(p.unknown) == 0 && len(p.metrics) == 1 && metricColumns[p.metrics[0]] != "" {
		c := metricColumns[p.metrics[0]] // "what does revenue mean" explains the column behind it
		return &plan{shape: shapeMeaning, ident: c, understood: "the meaning of " + metrics[p.metrics[0]].Label + " (" + c + ") from the catalog"}, nil
	}
	if len(p.idents) == 1 && len(p.unknown) == 0 && (p.flags["meaning"] || len(p.known) == 0) {
		return &plan{shape: shapeMeaning, ident: p.idents[0], understood: "the meaning of " + p.idents[0] + " from the catalog"}, nil
	}
	if len(p.unknown) > 0 {
		return nil, refuse("I don't know what %s means here", quoteList(p.unknown))
	}
	if len(p.idents) > 0 {
		return nil, refuse("I can't use %s in a question like this", quoteList(p.idents))
	}
	if p.flags["meaning"] {
		return nil, refuse("ask what a column means by its name, e.g. \"what does alloc_amount mean?\"")
	}
	return resolveData(p)
}

func sortedWords(s string) string {
	ws := strings.Fields(s)
	seen := map[string]bool{}
	var out []string
	for _, w := range ws {
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}

func quoteList(ws []string) string {
	q := make([]string, len(ws))
	for i, w := range ws {
		q[i] = "\"" + w + "\""
	}
	return strings.Join(q, ", ")
}
