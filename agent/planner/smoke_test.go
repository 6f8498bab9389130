package planner_test

import (
	"strings"
	"testing"
)

// smoke are questions beyond the development set, with who may ask them:
// each plan must run on the demo lake and answer.
var smoke = []struct{ q, as string }{
	{"Requests and bytes per day over the whole range", "alice"},
	{"Top 10 zones by bytes in the last 7 days", "alice"},
	{"Cache hit ratio per colo", "alice"},
	{"Bytes per account region last month", "alice"},
	{"Status code counts for zone <zone> yesterday", "alice"},
	{"Revenue per month per plan", "bob"},
	{"how many zones are paused", "alice"},
	{"zones per plan", "alice"},
	{"hourly requests yesterday", "alice"},
	{"bot traffic by colo last week", "alice"},
	{"which plans bring the most revenue", "bob"},
	{"how many open invoices", "bob"},
	{"requests in the last 24 hours", "alice"},
	{"monthly requests by region for the last 3 months", "alice"},
	{"revenue for account <account> last month", "bob"},
	{"daily cache hit rate for the last 7 days", "alice"},
	{"least busy colos yesterday", "alice"},
	{"security events by action today", "carol"},
	{"blocked requests by attack type in the last 7 days", "carol"},
	{"top 5 zones by threats this week", "alice"},
	{"how many accounts were created this year", "alice"},
	{"revenue growth by account last month", "bob"},
	{"compare revenue last month with this month", "bob"},
	{"What tables do we have about zones?", "alice"},
	{"What does threats mean?", "alice"},
	{"What does billing_frequency mean?", "alice"}, // alice may not read it: the glossary or a plain "not found"
}

func TestMorePlansRunOnTheDemoLake(t *testing.T) {
	h := newHarness(t, openEnv(t))
	for _, c := range smoke {
		q := h.resolve(c.q)
		t.Run(q, func(t *testing.T) {
			comp, out := h.run(t, q, c.as)
			t.Logf("→ %s\n%s", comp.Understood, out.Answer)
			if strings.Contains(out.Answer, "NaN") || strings.Contains(out.Answer, "undefined") {
				t.Errorf("answer: %s", out.Answer)
			}
		})
	}
}
