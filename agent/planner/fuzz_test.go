package planner

import (
	"strings"
	"testing"
)

// FuzzPlan: any question plans without panicking, twice the same way, and
// either a script with a restatement or a refusal text.
func FuzzPlan(f *testing.F) {
	for _, q := range DevQuestions {
		f.Add(strings.NewReplacer("<zone>", "example.com", "<account>", "O'Brien Labs Co., Ltd.").Replace(q))
	}
	f.Add("revenue by flavor")
	f.Add("How many zones does account ' OR 1=1 -- have?")
	f.Add("compare the incident with last week")
	now := at("2026-11-25 12:00")
	f.Fuzz(func(t *testing.T, q string) {
		a, b := planQuestion(q, now, nil), planQuestion(q, now, nil)
		if a != b {
			t.Fatalf("%q planned two ways", q)
		}
		if (a.Script == "") == (a.Text == "") {
			t.Fatalf("%q: script %q and text %q", q, a.Script, a.Text)
		}
		if a.Script != "" && a.Understood == "" {
			t.Fatalf("%q: no restatement", q)
		}
	})
}
