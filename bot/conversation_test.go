package bot_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tarn-data/tarn/agent"
	"github.com/tarn-data/tarn/agent/planner"
	"github.com/tarn-data/tarn/agent/sqlmemory"
	"github.com/tarn-data/tarn/bot"
	"github.com/tarn-data/tarn/bot/bottest"
	"github.com/tarn-data/tarn/engine"
	"github.com/tarn-data/tarn/governance"
	"github.com/tarn-data/tarn/internal/demotest"
)

// askRecorder is the real agent, with the questions it was asked kept.
type askRecorder struct {
	*agent.Agent
	mu        sync.Mutex
	questions []agent.Question
	marked    []string
}

func (r *askRecorder) Ask(ctx context.Context, q agent.Question) (*agent.Answer, error) {
	r.mu.Lock()
	r.questions = append(r.questions, q)
	r.mu.Unlock()
	return r.Agent.Ask(ctx, q)
}

func (r *askRecorder) MarkRight(ctx context.Context, q agent.Question, ans *agent.Answer) (int64, error) {
	r.mu.Lock()
	r.marked = append(r.marked, q.Text)
	r.mu.Unlock()
	return r.Agent.MarkRight(ctx, q, ans)
}

type fixture struct {
	conv  *bot.Conversation
	chat  *bottest.Fake
	env   *demotest.Env
	asked *askRecorder
}

// newFixture is a conversation over the demo lake, the offline planner and
// an in-memory chat platform whose approvers' channel is "approvals".
func newFixture(t *testing.T, tweak func(*bot.Options)) *fixture {
	return newFixtureWith(t, nil, tweak)
}

// fixedModel writes the same script for every question.
type fixedModel struct{ script string }

func (m fixedModel) Name() string { return "fixed" }

func (m fixedModel) Write(context.Context, agent.Prompt) (agent.Completion, error) {
	return agent.Completion{Script: m.script}, nil
}

// newFixtureWith is newFixture with model instead of the planner (nil: the
// planner).
func newFixtureWith(t *testing.T, model agent.Model, tweak func(*bot.Options)) *fixture {
	t.Helper()
	env := demotest.Open(t, demotest.Options{Scale: 0.02})
	if model == nil {
		model = planner.New(planner.Options{Clock: env.Clock})
	}
	mem := sqlmemory.New(env.Store, env.Clock)
	cat := agent.NewCatalog(agent.CatalogOptions{Lake: env.Lake, Engine: env.Engine, Memory: mem, History: agent.AuditHistory{Log: env.Audit}})
	ag := agent.New(agent.Options{Engine: env.Engine, Model: model, Retriever: cat, Memory: mem, Clock: env.Clock})
	rec := &askRecorder{Agent: ag}
	chat := bottest.NewFake(bot.Web)
	o := bot.Options{Agent: rec, Directory: env.People, Workflow: env.Workflow, Record: env.Audit.Record,
		Columns: bot.LakeColumns(env.Lake), Clock: env.Clock, Approvals: map[string]string{bot.Web: "approvals"}, Progress: time.Millisecond,
		Alerts: bot.AlertOptions{Platform: bot.Web, Channel: "alerts", Principal: "alert:tarn", Investigator: bot.Playbooks{Engine: env.Engine}}}
	if tweak != nil {
		tweak(&o)
	}
	conv := bot.New(o)
	conv.Register(chat)
	chat.Start(t, conv)
	t.Cleanup(func() { conv.Close() })
	return &fixture{conv: conv, chat: chat, env: env, asked: rec}
}

// say makes user ask text in a new thread (or in thread) and waits for the
// answer; it returns the thread and Tarn's messages in it.
func (f *fixture) say(t *testing.T, user string, thread bot.Thread, text string) (bot.Thread, []bottest.Seen) {
	t.Helper()
	before := map[string]bool{}
	for _, th := range f.chat.Threads() {
		before[th.Key()] = true
	}
	f.chat.Say(t, user, thread, text)
	f.conv.Wait()
	if thread.ID == "" {
		for _, th := range f.chat.Threads() {
			if !before[th.Key()] && th.Channel == f.chat.Channel() {
				thread = th
			}
		}
		if thread.ID == "" {
			t.Fatalf("asking %q opened no thread", text)
		}
	}
	return thread, f.chat.Messages(t, thread)
}

func last(t *testing.T, msgs []bottest.Seen) bottest.Seen {
	t.Helper()
	if len(msgs) == 0 {
		t.Fatal("no messages")
	}
	return msgs[len(msgs)-1]
}

func hasButton(s bottest.Seen, label string) bool {
	for _, b := range s.Buttons {
		if b == label {
			return true
		}
	}
	return false
}

func ref(th bot.Thread, s bottest.Seen) bot.MessageRef { return bot.MessageRef{Thread: th, ID: s.ID} }

func TestAQuestionIsAnsweredInPlaceOfItsWorkingMessage(t *testing.T) {
	f := newFixture(t, nil)
	th, msgs := f.say(t, "alice", bot.Thread{}, "How many accounts do we have?")
	if len(msgs) != 1 {
		t.Fatalf("the thread shows %d messages, want the working message edited into the answer: %+v", len(msgs), msgs)
	}
	m := msgs[0]
	if strings.Contains(m.Text, "working") || !strings.Contains(m.Text, "accounts") || m.Edits < 1 {
		t.Fatalf("answer = %+v", m)
	}
	if !hasButton(m, "Show SQL") || !hasButton(m, "👍") || !hasButton(m, "👎") || !strings.Contains(m.Text, "offline") {
		t.Fatalf("the answer lacks its buttons or footer: %+v", m)
	}
	f.chat.Click(t, "alice", ref(th, m), "Show SQL")
	f.conv.Wait()
	m = f.chat.Messages(t, th)[0]
	if !strings.Contains(m.Text, "SELECT") || !hasButton(m, "Hide SQL") || len(f.chat.Messages(t, th)) != 1 {
		t.Fatalf("show SQL did not edit the answer in place: %+v", m)
	}
}

func TestAFollowUpCarriesTheThreadsEarlierTurns(t *testing.T) {
	f := newFixture(t, nil)
	th, _ := f.say(t, "alice", bot.Thread{}, "How many accounts do we have?")
	_, msgs := f.say(t, "alice", th, "How many enterprise accounts are in europe?")
	if len(msgs) != 2 {
		t.Fatalf("thread has %d messages, want 2 answers", len(msgs))
	}
	f.asked.mu.Lock()
	defer f.asked.mu.Unlock()
	q := f.asked.questions[len(f.asked.questions)-1]
	// The earlier answer's text stays out: it may hold values shown to its
	// asker only, and the model reads the history.
	if len(q.History) != 1 || q.History[0].Question != "How many accounts do we have?" || q.History[0].Script == "" || q.History[0].Answer != "" {
		t.Fatalf("the follow-up's history = %+v", q.History)
	}
	if q.Principal != "web:alice" {
		t.Fatalf("asked as %q, want web:alice", q.Principal)
	}
}

func TestADuplicateDeliveryIsAnsweredOnce(t *testing.T) {
	f := newFixture(t, nil)
	f.chat.Say(t, "alice", bot.Thread{}, "How many accounts do we have?")
	f.chat.Redeliver(t)
	f.conv.Wait()
	if f.chat.Posts != 1 {
		t.Fatalf("%d posts for one question delivered twice, want 1", f.chat.Posts)
	}
}

func TestAStrangerIsToldWhomToAsk(t *testing.T) {
	f := newFixture(t, nil)
	_, msgs := f.say(t, "mallory", bot.Thread{}, "How many accounts do we have?")
	if m := last(t, msgs); !strings.Contains(m.Text, "web:mallory") || !strings.Contains(m.Text, "people directory") {
		t.Fatalf("a stranger got %q", m.Text)
	}
	if len(f.asked.questions) != 0 {
		t.Fatal("a stranger's question reached the agent")
	}
}

func TestOnlyTheAskerMarksAnAnswerRight(t *testing.T) {
	f := newFixture(t, nil)
	th, msgs := f.say(t, "alice", bot.Thread{}, "How many accounts do we have?")
	f.chat.Click(t, "bob", ref(th, msgs[0]), "👍")
	f.conv.Wait()
	if n := f.chat.Notices(t, "bob"); len(n) != 1 || !strings.Contains(n[0], "Only alice") || len(f.asked.marked) != 0 {
		t.Fatalf("bob's 👍: notices %q, marked %v", n, f.asked.marked)
	}
	f.chat.Click(t, "alice", ref(th, msgs[0]), "👍")
	f.conv.Wait()
	m := f.chat.Messages(t, th)[0]
	if len(f.asked.marked) != 1 || !strings.Contains(m.Text, "marked right by alice") || hasButton(m, "👍") {
		t.Fatalf("alice's 👍: marked %v, message %+v", f.asked.marked, m)
	}
}

func TestWrongOpensAFormAndAsksAgainInTheThread(t *testing.T) {
	f := newFixture(t, nil)
	th, msgs := f.say(t, "alice", bot.Thread{}, "How many accounts do we have?")
	f.chat.Click(t, "alice", ref(th, msgs[0]), "👎")
	if errs := f.chat.Submit(t, "alice", map[string]string{"what": ""}); errs["what"] == "" {
		t.Fatalf("an empty correction was accepted: %v", errs)
	}
	if errs := f.chat.Submit(t, "alice", map[string]string{"what": "How many enterprise accounts are in europe?"}); len(errs) > 0 {
		t.Fatal(errs)
	}
	f.conv.Wait()
	if got := f.chat.Messages(t, th); len(got) != 2 || !strings.Contains(strings.ToLower(got[1].Text), "enterprise") {
		t.Fatalf("after the correction the thread shows %+v", got)
	}
}

var _ = governance.Select

func engineReq(sql string) engine.Request {
	return engine.Request{SQL: sql, Caller: demotest.As("dave")}
}
