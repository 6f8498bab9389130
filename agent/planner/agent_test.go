package planner_test

import (
	"context"
	"strings"
	"testing"

	"github.com/tarn-data/tarn/agent"
	"github.com/tarn-data/tarn/agent/planner"
	"github.com/tarn-data/tarn/internal/demotest"
)

// The planner as the agent's model: one round for a question it answers,
// and for a refused table the user reads governance's hint, not a guess.
func TestThePlannerAnswersThroughTheAgentInOneRound(t *testing.T) {
	env := demotest.Open(t, demotest.Options{})
	cat := agent.NewCatalog(agent.CatalogOptions{Lake: env.Lake, Engine: env.Engine, Clock: env.Clock})
	a := agent.New(agent.Options{Engine: env.Engine, Retriever: cat, Model: planner.New(planner.Options{}), Clock: env.Clock})
	ctx := context.Background()

	ans, err := a.Ask(ctx, agent.Question{Text: "How many accounts do we have?", Principal: demotest.Identity("alice"), Purpose: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if ans.Text != "There are **2,000** accounts." || ans.Rounds != 1 || ans.Model != "offline" || len(ans.SQL) != 1 {
		t.Errorf("answer %q, %d rounds, model %q, SQL %q", ans.Text, ans.Rounds, ans.Model, ans.SQL)
	}

	ans, err = a.Ask(ctx, agent.Question{Text: "Top 10 customers by revenue last month", Principal: demotest.Identity("alice"), Purpose: "test"})
	text := ""
	if ans != nil {
		text = ans.Text
	}
	if err != nil {
		text += " " + err.Error()
	}
	if !strings.Contains(text, "billing") {
		t.Errorf("alice is not told which group to ask: answer %q, error %v", text, err)
	}
	t.Logf("refused: %s", text)
}
