package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/agent"
	"github.com/tarn-data/tarn/governance"
)

// Asker is the agent as the conversation uses it (*agent.Agent).
type Asker interface {
	Ask(ctx context.Context, q agent.Question) (*agent.Answer, error)
	MarkRight(ctx context.Context, q agent.Question, ans *agent.Answer) (int64, error)
}

// Recorder writes one action, allowed or refused (actionErr), to the audit
// log (audit.Log.Record).
type Recorder func(ctx context.Context, actor, action, object string, actionErr error, detail map[string]string) error

// Columns lists a table's columns and their PII tags, for a review decided
// in chat.
type Columns func(ctx context.Context, ns, table string) (cols []string, pii map[string]string, err error)

// Options configure a Conversation.
type Options struct {
	Agent     Asker
	Directory governance.Directory
	Workflow  *governance.Workflow
	Record    Recorder // nil: nothing is audited beyond governance's own
	Columns   Columns  // needed for reviews decided in chat
	Store     Store    // NewMemoryStore() when nil
	Clock     tarn.Clock
	// Render turns an ECharts option into a PNG; RenderPNG when nil.
	Render func(option json.RawMessage) ([]byte, error)
	// Approvals names, per platform, the channel where approvers decide;
	// a platform without one gets its approval messages in the
	// requester's thread.
	Approvals map[string]string
	// Alerts is where alerts open their threads, and how they are
	// investigated.
	Alerts AlertOptions
	// Answering bounds the questions answered at once (default 4); the
	// others wait with their "working…" message posted.
	Answering int
	// Progress is the least time between two edits of a "working…"
	// message (default 700 ms).
	Progress time.Duration
	Logger   *slog.Logger
}

// Conversation is Tarn's side of every chat: it implements Handler for all
// registered adapters.
type Conversation struct {
	o        Options
	ctx      context.Context
	cancel   context.CancelFunc
	wg       sync.WaitGroup
	sem      chan struct{}
	mu       sync.Mutex
	adapters map[string]Adapter
	threads  map[string]*threadLock
	alerts   *alertLimiter
}

type threadLock struct {
	mu    sync.Mutex
	users int
}

// New returns a Conversation; Register adapters before they deliver.
func New(o Options) *Conversation {
	if o.Store == nil {
		o.Store = NewMemoryStore()
	}
	if o.Clock == nil {
		o.Clock = tarn.SystemClock{}
	}
	if o.Render == nil {
		o.Render = RenderPNG
	}
	if o.Answering <= 0 {
		o.Answering = 4
	}
	if o.Progress <= 0 {
		o.Progress = 700 * time.Millisecond
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	ctx, cancel := context.WithCancel(context.Background())
	c := &Conversation{o: o, ctx: ctx, cancel: cancel, sem: make(chan struct{}, o.Answering),
		adapters: map[string]Adapter{}, threads: map[string]*threadLock{}}
	c.alerts = newAlertLimiter(o.Alerts, o.Clock)
	return c
}

// Register makes a the adapter of its platform.
func (c *Conversation) Register(a Adapter) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.adapters[a.Platform()] = a
}

func (c *Conversation) adapter(platform string) (Adapter, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	a, ok := c.adapters[platform]
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrNoAdapter, platform)
	}
	return a, nil
}

// Close stops taking work and waits for the answers in flight.
func (c *Conversation) Close() error {
	c.cancel()
	c.wg.Wait()
	return nil
}

// Wait waits for the work in flight (tests).
func (c *Conversation) Wait() { c.wg.Wait() }

// goDo runs f after the delivery was acknowledged, with the
// conversation's own context.
func (c *Conversation) goDo(f func(ctx context.Context)) {
	if c.ctx.Err() != nil {
		return
	}
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		f(c.ctx)
	}()
}

func (c *Conversation) first(ctx context.Context, delivery string) bool {
	if delivery == "" {
		return true
	}
	ok, err := c.o.Store.FirstDelivery(ctx, delivery)
	if err != nil {
		c.o.Logger.Warn("bot: delivery check failed", "err", err)
		return true
	}
	return ok
}

// lockThread serialises the answers of one thread, so a follow-up is
// answered after the question before it.
func (c *Conversation) lockThread(key string) func() {
	c.mu.Lock()
	l := c.threads[key]
	if l == nil {
		l = &threadLock{}
		c.threads[key] = l
	}
	l.users++
	c.mu.Unlock()
	l.mu.Lock()
	return func() {
		l.mu.Unlock()
		c.mu.Lock()
		if l.users--; l.users == 0 {
			delete(c.threads, key)
		}
		c.mu.Unlock()
	}
}

func (c *Conversation) record(ctx context.Context, actor, action, object string, err error, detail map[string]string) {
	if c.o.Record == nil {
		return
	}
	if rerr := c.o.Record(ctx, actor, action, object, err, detail); rerr != nil && rerr != err {
		c.o.Logger.Error("bot: audit failed", "action", action, "object", object, "err", rerr)
	}
}

// principal resolves a chat user to a governance principal.
func (c *Conversation) principal(ctx context.Context, u User) (governance.Principal, error) {
	p, err := c.o.Directory.Lookup(ctx, u.Identity)
	if err != nil {
		return p, tarn.Wrap(err, tarn.EFORBIDDEN,
			fmt.Sprintf("Ask an admin to add %s to the people directory (people.yaml).", u.Identity),
			"I don't know who %s is, so I can't read any data for you.", u.Identity)
	}
	return p, nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
