package skimmer

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Report is what Skimmer knows about one table after its scans: a
// classification per column, from the sampled rows of every scan so far.
// It holds no sampled values.
type Report struct {
	Table    string    `json:"table"` // "namespace.name"
	Snapshot int64     `json:"snapshot"`
	Scanned  time.Time `json:"scanned"`
	// Rows is how many rows the last scan sampled, Sampled how many all
	// scans of the table did.
	Rows    int   `json:"rows"`
	Sampled int64 `json:"sampled"`
	// Incremental reports that the last scan read only data added since
	// the scan before it.
	Incremental bool             `json:"incremental"`
	Columns     []Classification `json:"columns"`
	// ReviewAsked is the number of the review request made for the table
	// with this report, or 0.
	ReviewAsked int64 `json:"review_asked,omitempty"`
	// Checked says the second pass (a model with the table's context)
	// confirmed or corrected the flagged columns.
	Checked bool `json:"checked,omitempty"`
}

// Tags returns column → PII kind for the columns found to hold PII.
func (r Report) Tags() map[string]string {
	tags := map[string]string{}
	for _, c := range r.Columns {
		if c.Tag != "" {
			tags[c.Column] = c.Tag
		}
	}
	return tags
}

// Flagged returns the classifications with a kind, most confident first.
func (r Report) Flagged() []Classification {
	var out []Classification
	for _, c := range r.Columns {
		if c.Tag != "" {
			out = append(out, c)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Confidence > out[j].Confidence })
	return out
}

// Summary says in a few lines what the scan found, for a review request
// or the CLI: each flagged column, its kind, the confidence and the
// evidence as shares of the sampled values — never a value.
func (r Report) Summary() string {
	flagged := r.Flagged()
	if len(flagged) == 0 {
		return fmt.Sprintf("Skimmer found no PII in %s (%s rows sampled).", r.Table, thousands(r.Sampled))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Skimmer found PII in %d of %d columns of %s (%s rows sampled):", len(flagged), len(r.Columns), r.Table, thousands(r.Sampled))
	for _, c := range flagged {
		fmt.Fprintf(&b, "\n- `%s` → **%s** (%.0f%% sure: %s)", c.Column, c.Tag, 100*c.Confidence, evidenceText(c))
	}
	return b.String()
}

// evidenceText is the evidence of one classification in words.
func evidenceText(c Classification) string {
	var parts []string
	for _, e := range c.Evidence {
		if e.Sampled > 0 {
			parts = append(parts, fmt.Sprintf("%s in %.0f%% of %s values", e.Detector, 100*e.Share, thousands(int64(e.Sampled))))
		} else {
			parts = append(parts, e.Detector)
		}
	}
	if len(c.Inside) > 0 {
		kinds := make([]string, 0, len(c.Inside))
		for k := range c.Inside {
			kinds = append(kinds, k)
		}
		sort.Strings(kinds)
		inside := make([]string, len(kinds))
		for i, k := range kinds {
			inside[i] = fmt.Sprintf("%s in %d", k, c.Inside[k])
		}
		parts = append(parts, "inside the text: "+strings.Join(inside, ", "))
	}
	if len(parts) == 0 {
		return "no evidence recorded"
	}
	return strings.Join(parts, "; ")
}

// merge folds a new classification of a column into the one before it.
// PII once found stays found until a reviewer decides: a later sample
// without it does not clear the tag; a tag found again or anew with more
// confidence replaces it.
func merge(prev, next Classification) Classification {
	switch {
	case next.Tag == "" && prev.Tag != "":
		return prev
	case prev.Tag == "" || next.Tag == prev.Tag || next.Confidence >= prev.Confidence:
		return next
	}
	return prev
}

func thousands(n int64) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
