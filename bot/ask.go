package bot

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/agent"
)

// Message implements Handler: a question (or a follow-up) to answer. A
// delivery seen before is dropped.
func (c *Conversation) Message(ctx context.Context, in Incoming) {
	if strings.TrimSpace(in.Text) == "" || !c.first(ctx, in.Delivery) {
		return
	}
	a, err := c.adapter(in.Thread.Platform)
	if err != nil {
		c.o.Logger.Error("bot: message from an unregistered platform", "err", err)
		return
	}
	c.goDo(func(ctx context.Context) { c.answer(ctx, a, in) })
}

// answer posts "working…" at once, then the answer in its place.
func (c *Conversation) answer(ctx context.Context, a Adapter, in Incoming) {
	thread := in.Thread
	if thread.ID == "" {
		root, err := a.Post(ctx, thread, Message{Text: fmt.Sprintf("**%s** asked: %s", displayName(in.User), in.Text)})
		if err != nil {
			c.o.Logger.Error("bot: starting a thread failed", "err", err)
			return
		}
		thread = root.Thread
	}
	working, err := a.Post(ctx, thread, Message{Text: "_working…_"})
	if err != nil {
		c.o.Logger.Error("bot: posting working… failed", "err", err)
		return
	}
	p, err := c.principal(ctx, in.User)
	if err != nil {
		c.update(ctx, a, working, Message{Text: tarn.ErrorMessage(err)})
		return
	}
	unlock := c.lockThread(thread.Key())
	defer unlock()
	select {
	case c.sem <- struct{}{}:
	default:
		c.update(ctx, a, working, Message{Text: "_working… (waiting for a free slot)_"})
		select {
		case c.sem <- struct{}{}:
		case <-ctx.Done():
			return
		}
	}
	defer func() { <-c.sem }()

	history, err := c.o.Store.Turns(ctx, thread.Key())
	if err != nil {
		c.o.Logger.Warn("bot: reading the thread's turns failed", "err", err)
	}
	prog := &progress{c: c, a: a, ref: working, every: c.o.Progress}
	q := agent.Question{Text: in.Text, Principal: in.User.Identity, Purpose: "chat " + thread.Platform, History: history, Progress: prog.step}
	ans, askErr := c.o.Agent.Ask(ctx, q)
	prog.stop()
	if tarn.ErrorCode(askErr) == tarn.EINTERNAL {
		// The asker reads that the operators have the details: here they are.
		c.o.Logger.Error("bot: answering failed", "thread", thread.Key(), "err", askErr)
	}
	m := c.render(ctx, p.Name, ans, askErr)
	c.update(ctx, a, working, m)
	if ans == nil {
		return
	}
	rec := AnswerRecord{Question: in.Text, Principal: in.User.Identity, Asker: in.User, Answer: ans, Message: m}
	if err := c.o.Store.PutAnswer(ctx, msgKey(working), rec); err != nil {
		c.o.Logger.Warn("bot: keeping the answer failed", "err", err)
	}
	// The turn keeps the question and the model's own program, not the
	// answer's text: that may hold values shown to this asker only (display
	// rows, raw values under a flip), and the next question — perhaps
	// another person's — goes to the model with it.
	if err := c.o.Store.AddTurn(ctx, thread.Key(), agent.Turn{Question: in.Text, Script: ans.Script}); err != nil {
		c.o.Logger.Warn("bot: keeping the turn failed", "err", err)
	}
}

func (c *Conversation) update(ctx context.Context, a Adapter, ref MessageRef, m Message) {
	if err := a.Update(ctx, ref, m); err != nil {
		c.o.Logger.Error("bot: editing a message failed", "err", err)
	}
}

func msgKey(ref MessageRef) string { return ref.Thread.Key() + "#" + ref.ID }

func displayName(u User) string {
	if u.Name != "" {
		return u.Name
	}
	return u.ID
}

// progress edits the "working…" message as the agent moves on, no more
// often than every, and never after stop.
type progress struct {
	c     *Conversation
	a     Adapter
	ref   MessageRef
	every time.Duration

	mu      sync.Mutex
	last    time.Time
	stopped bool
}

func (p *progress) step(s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.c.o.Clock.Now()
	if p.stopped || now.Sub(p.last) < p.every {
		return
	}
	p.last = now
	p.c.update(p.c.ctx, p.a, p.ref, Message{Text: "_working… " + s + "_"})
}

func (p *progress) stop() {
	p.mu.Lock()
	p.stopped = true
	p.mu.Unlock()
}
