package planner_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/agent"
	"github.com/tarn-data/tarn/agent/planner"
)

var now = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

func write(t *testing.T, q string) agent.Completion {
	t.Helper()
	c, err := planner.New(planner.Options{}).Write(context.Background(), agent.Prompt{Question: q, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestPlannerIsTheOfflineModel(t *testing.T) {
	var m agent.Model = planner.New(planner.Options{})
	if m.Name() != "offline" {
		t.Errorf("name %q", m.Name())
	}
}

func TestTheSamePromptGivesTheSameScript(t *testing.T) {
	for _, q := range planner.DevQuestions {
		q = named(q)
		a, b := write(t, q), write(t, q)
		if a != b {
			t.Errorf("%q planned twice differently", q)
		}
		if a.Script == "" {
			t.Errorf("%q: no script: %s", q, a.Text)
		}
		if a.Understood == "" {
			t.Errorf("%q: no restatement", q)
		}
	}
}

func TestScriptsUseLiteralTimeBoundsAndDisplayTheirRows(t *testing.T) {
	for _, q := range planner.DevQuestions {
		q = named(q)
		c := write(t, q)
		if strings.Contains(strings.ToLower(c.Script), "current_date") || strings.Contains(strings.ToLower(c.Script), "now()") {
			t.Errorf("%q: the script reads the engine's clock:\n%s", q, c.Script)
		}
		if strings.Contains(c.Script, "tarn.sql(") && !strings.Contains(c.Script, `{mode: "display"}`) {
			t.Errorf("%q: no display query:\n%s", q, c.Script)
		}
		if !strings.Contains(c.Script, "tarn.answer(") {
			t.Errorf("%q: no answer", q)
		}
	}
}

func TestRankingsDrawBarsFromZeroAndTimeSeriesDrawLines(t *testing.T) {
	c := write(t, "Which colos served the most bytes last week?")
	if !strings.Contains(c.Script, `type: "bar"`) || !strings.Contains(c.Script, "min: 0") {
		t.Errorf("ranking chart:\n%s", c.Script)
	}
	c = write(t, "Daily requests for the last 30 days.")
	if !strings.Contains(c.Script, `type: "line"`) {
		t.Errorf("series chart:\n%s", c.Script)
	}
}

// negatives are questions the planner must not answer with a number.
var negatives = []struct{ q, understood string }{
	{"revenue by flavor", "revenue"},
	{"how many employees do we have", ""},
	{"what will revenue be next year", "revenue"},
	{"delete all accounts", "accounts"},
	{"top zones by latency", "zones"},
	{"average ticket resolution time", ""},
	{"what is the weather in london", ""},
	{"drop table dim.accounts", ""},
	{"how many accounts churned last month", "last month"},
	{"revenue per employee", "revenue"},
	{"show me customer emails", "accounts"},
	{"predict traffic for next week", ""},
	{"revenue last week", "revenue"},
	{"top 10", ""},
	{"compare the incident with last week", "the incident"},
	{"", ""},
}

func TestQuestionsItCannotAnswerGetTextSayingWhatItUnderstoodAndNoScript(t *testing.T) {
	for _, n := range negatives {
		c := write(t, n.q)
		if c.Script != "" {
			t.Errorf("%q got a script:\n%s", n.q, c.Script)
			continue
		}
		if !strings.Contains(c.Text, "What I understood") || !strings.Contains(c.Text, "I can answer questions like") {
			t.Errorf("%q: the text does not say what it understood and what it can do:\n%s", n.q, c.Text)
		}
		if n.understood != "" && !strings.Contains(c.Text, n.understood) {
			t.Errorf("%q: the text does not mention %q:\n%s", n.q, n.understood, c.Text)
		}
	}
}

func TestAnUnknownWordIsNamedNotDropped(t *testing.T) {
	c := write(t, "revenue by flavor")
	if !strings.Contains(c.Text, `"flavor"`) {
		t.Errorf("text: %s", c.Text)
	}
}

func TestAFailedAttemptIsExplainedNotRepaired(t *testing.T) {
	c, err := planner.New(planner.Options{}).Write(context.Background(), agent.Prompt{
		Question: "How many accounts do we have?", Now: now,
		Attempts: []agent.Attempt{{Script: "tarn.sql('x')", Error: "you may not read dim.accounts: request access to group analysts"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if c.Script != "" || !strings.Contains(c.Text, "request access to group analysts") {
		t.Errorf("completion %+v", c)
	}
}

// A table the user may not query is still planned: governance refuses the
// query at run time with its own hint, so the planner never guesses about
// access itself.
func TestAClosedTableIsStillPlannedAndLeftToGovernance(t *testing.T) {
	c, err := planner.New(planner.Options{}).Write(context.Background(), agent.Prompt{
		Question: "Top 10 customers by revenue last month", Now: now,
		Context: &agent.Context{Closed: []agent.ClosedTable{{Name: "fct.billings_allocated", Reason: "no grant", Hint: "request access to group billing"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(c.Script, "fct.billings_allocated") {
		t.Errorf("script:\n%s", c.Script)
	}
}

func TestAZeroNowIsTheClock(t *testing.T) {
	clock := tarn.NewFakeClock(time.Date(2027, 1, 10, 9, 0, 0, 0, time.UTC))
	c, err := planner.New(planner.Options{Clock: clock}).Write(context.Background(), agent.Prompt{Question: "Top 10 customers by revenue last month"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(c.Script, "DATE '2026-12-01'") {
		t.Errorf("last month of 10 Jan 2027 is December 2026:\n%s", c.Script)
	}
}

func TestACancelledContextIsATimeout(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := planner.New(planner.Options{}).Write(ctx, agent.Prompt{Question: "How many accounts do we have?"})
	if tarn.ErrorCode(err) != tarn.ETIMEOUT {
		t.Errorf("error %v", err)
	}
}

func TestColumnsFromTheContextAreExplainedWithTheirDerivation(t *testing.T) {
	c, _ := planner.New(planner.Options{}).Write(context.Background(), agent.Prompt{
		Question: "What does net_bytes mean?", Now: now,
		Context: &agent.Context{Tables: []agent.TableCard{{Name: "fct.edge", Columns: []agent.ColumnCard{
			{Name: "net_bytes", Type: "BIGINT", Derivation: "bytes - header_bytes"}}}}},
	})
	if !strings.Contains(c.Script, `"fct.edge"`) || !strings.Contains(c.Script, "bytes - header_bytes") {
		t.Errorf("script:\n%s", c.Script)
	}
}

func BenchmarkPlan(b *testing.B) {
	p := planner.New(planner.Options{})
	ctx := context.Background()
	for i, q := range planner.DevQuestions {
		q = named(q)
		b.Run(fmt.Sprintf("Q%02d", i+1), func(b *testing.B) {
			for b.Loop() {
				if _, err := p.Write(ctx, agent.Prompt{Question: q, Now: now}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// named fills a development question's placeholders with made-up names.
func named(q string) string {
	return strings.NewReplacer("<zone>", "example.com", "<account>", "Atlas Labs GmbH").Replace(q)
}
