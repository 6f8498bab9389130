package agent_test

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/agent"
	"github.com/tarn-data/tarn/agent/codemode"
	"github.com/tarn-data/tarn/agent/sqlmemory"
	"github.com/tarn-data/tarn/governance"
	"github.com/tarn-data/tarn/internal/demotest"
)

// scriptedModel replays completions in order and keeps the prompts it got.
type scriptedModel struct {
	mu      sync.Mutex
	replies []agent.Completion
	prompts []agent.Prompt
}

func (m *scriptedModel) Name() string { return "scripted" }

func (m *scriptedModel) Write(_ context.Context, p agent.Prompt) (agent.Completion, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.prompts = append(m.prompts, p)
	if len(m.replies) == 0 {
		return agent.Completion{}, errors.New("scriptedModel: no more replies")
	}
	c := m.replies[0]
	m.replies = m.replies[1:]
	return c, nil
}

func newAgent(t *testing.T, replies ...agent.Completion) (*agent.Agent, *scriptedModel, *demotest.Env) {
	t.Helper()
	env := demotest.Open(t, demotest.Options{Scale: 0.01})
	m := &scriptedModel{replies: replies}
	a := agent.New(agent.Options{Engine: env.Engine, Model: m, Clock: env.Clock,
		Limits: codemode.Limits{Timeout: 2e9}})
	return a, m, env
}

func ask(t *testing.T, a *agent.Agent, who, q string) (*agent.Answer, error) {
	t.Helper()
	return a.Ask(context.Background(), agent.Question{Text: q, Principal: demotest.Identity(who)})
}

func TestAskAnswersInOneRound(t *testing.T) {
	a, _, _ := newAgent(t, agent.Completion{Understood: "count accounts", Script: `
		const r = tarn.sql("SELECT count(*) AS n FROM dim.accounts", {mode: "display"});
		tarn.answer("There are **" + r.rows[0][0] + "** accounts.");`})
	ans, err := ask(t, a, "alice", "how many accounts?")
	if err != nil {
		t.Fatal(err)
	}
	if ans.Rounds != 1 || !strings.Contains(ans.Text, "accounts") || len(ans.SQL) != 1 || len(ans.Tables) != 1 {
		t.Fatalf("answer = %+v", ans)
	}
	if ans.Understood != "count accounts" {
		t.Errorf("understood = %q", ans.Understood)
	}
}

func TestAskRepairsABrokenScriptWithTheErrorInThePrompt(t *testing.T) {
	a, m, _ := newAgent(t,
		agent.Completion{Script: `const r = tarn.sql("SELECT count(*) FROM dim.acounts"); tarn.answer("x")`},
		agent.Completion{Script: `const r = tarn.sql("SELECT count(*) FROM dim.accounts"); tarn.answer("n=" + r.rows[0][0])`})
	ans, err := ask(t, a, "alice", "how many accounts?")
	if err != nil {
		t.Fatal(err)
	}
	if ans.Rounds != 2 || !strings.HasPrefix(ans.Text, "n=") {
		t.Fatalf("answer = %+v", ans)
	}
	second := m.prompts[1]
	if len(second.Attempts) != 1 || !strings.Contains(second.Attempts[0].Error, "dim.accounts") {
		t.Fatalf("the repair prompt does not carry the error with the closest table: %+v", second.Attempts)
	}
}

func TestAskGivesUpInPlainWordsWithTheRefusalCode(t *testing.T) {
	bad := agent.Completion{Script: `const r = tarn.sql("SELECT sum(alloc_amount) FROM fct.billings_allocated"); tarn.answer("r")`}
	a, m, _ := newAgent(t, bad, bad, bad)
	ans, err := ask(t, a, "alice", "revenue?")
	if !errors.Is(err, agent.ErrGaveUp) || tarn.ErrorCode(err) != tarn.EFORBIDDEN {
		t.Fatalf("err = %v (code %s)", err, tarn.ErrorCode(err))
	}
	if ans == nil || ans.Rounds != 3 || !strings.Contains(ans.Text, "billing") {
		t.Fatalf("answer = %+v", ans)
	}
	if len(ans.Refused) != 1 || ans.Refused[0].Table != "billings_allocated" || !errors.Is(ans.Refused[0], governance.ErrNotGranted) {
		t.Fatalf("refused = %+v, want fct.billings_allocated once, not granted", ans.Refused)
	}
	for _, p := range m.prompts {
		for _, at := range p.Attempts {
			if len(at.Inject) != 0 {
				t.Fatalf("a refused query injected rows: %+v", at.Inject)
			}
		}
	}
}

func TestAskNeverSendsDisplayRowsToTheModel(t *testing.T) {
	a, m, _ := newAgent(t,
		agent.Completion{Script: `
			tarn.sql("SELECT owner_email FROM dim.accounts LIMIT 5", {mode: "display"});
			tarn.sql("SELECT count(*) AS n FROM dim.accounts", {mode: "inject"});`},
		agent.Completion{Script: `tarn.answer("done")`})
	ans, err := ask(t, a, "alice", "emails?")
	if err != nil {
		t.Fatal(err)
	}
	if ans.Rounds != 2 {
		t.Fatalf("rounds = %d; a program that injects rows without answering gets a second round", ans.Rounds)
	}
	if len(ans.Masked) != 1 || ans.Masked[0] != "dim.accounts.owner_email" {
		t.Fatalf("masked = %v, want dim.accounts.owner_email", ans.Masked)
	}
	at := m.prompts[1].Attempts[0]
	if len(at.Inject) != 1 || at.Inject[0].Columns[0] != "n" {
		t.Fatalf("inject = %+v", at.Inject)
	}
	if strings.Contains(strings.ToLower(at.Error+strings.Join(at.Logs, "")), "@") {
		t.Fatal("display rows reached the model")
	}
}

func TestAskEmptyQuestionIsInvalid(t *testing.T) {
	a, _, _ := newAgent(t)
	if _, err := ask(t, a, "alice", "  "); tarn.ErrorCode(err) != tarn.EINVALID || !errors.Is(err, agent.ErrNoQuestion) {
		t.Fatalf("err = %v", err)
	}
}

func TestMarkRightMakesAVerifiedExampleForSimilarQuestions(t *testing.T) {
	env := demotest.Open(t, demotest.Options{Scale: 0.01})
	mem := sqlmemory.New(env.Store, env.Clock)
	cat := agent.NewCatalog(agent.CatalogOptions{Lake: env.Lake, Engine: env.Engine, Memory: mem, Clock: env.Clock})
	script := `const r = tarn.sql("SELECT count(*) AS n FROM dim.zones WHERE status = 'paused'"); tarn.answer("paused: " + r.rows[0][0]);`
	m := &scriptedModel{replies: []agent.Completion{{Script: script}, {Script: script}}}
	a := agent.New(agent.Options{Engine: env.Engine, Model: m, Retriever: cat, Memory: mem, Clock: env.Clock})
	q := agent.Question{Text: "how many paused zones are there", Principal: demotest.Identity("alice")}
	ans, err := a.Ask(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.MarkRight(context.Background(), q, ans); err != nil {
		t.Fatal(err)
	}
	if _, err := a.AddNote(context.Background(), q.Principal, "paused zones still count as customers' zones"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Ask(context.Background(), agent.Question{Text: "number of zones that are paused", Principal: q.Principal}); err != nil {
		t.Fatal(err)
	}
	c := m.prompts[1].Context
	if len(c.Examples) == 0 || c.Examples[0].Script != script {
		t.Fatalf("the verified example was not retrieved: %+v", c.Examples)
	}
	if len(c.Notes) == 0 || !strings.Contains(c.Notes[0].Text, "paused zones") {
		t.Fatalf("the team note was not retrieved: %+v", c.Notes)
	}
	if _, err := a.MarkRight(context.Background(), q, &agent.Answer{}); tarn.ErrorCode(err) != tarn.EINVALID {
		t.Fatalf("an answer without a script was kept: %v", err)
	}
}

func TestHostTextValuesOutliveTheirBatches(t *testing.T) {
	env := demotest.Open(t, demotest.Options{Scale: 0.01})
	h := agent.NewHost(env.Engine, nil, demotest.As("alice")).WithMaxRows(10000)
	r, err := h.SQL(context.Background(), "SELECT zone_name, status FROM dim.zones ORDER BY zone_id")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Rows) != 5000 {
		t.Fatalf("rows = %d", len(r.Rows))
	}
	domain := regexp.MustCompile(`^[a-z0-9.-]+$`)
	for i, row := range r.Rows {
		name, _ := row[0].(string)
		status, _ := row[1].(string)
		if !domain.MatchString(name) || (status != "active" && status != "paused" && status != "deleted") {
			t.Fatalf("row %d = %q %q: text was read after its batch was released", i, name, status)
		}
	}
}
