package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/bot"
)

// Person is a demo person the page offers to act as.
type Person struct {
	Name string // the web identity is "web:" + Name
	Note string // shown next to the name, e.g. "analysts"
}

// Options configure a Chat.
type Options struct {
	// People are who the page offers; only they may write or click.
	People []Person
	// Channels are the channels shown, in order; default general,
	// approvals, alerts. Tarn may add more by posting into them.
	Channels []string
	// Examples are questions shown as clickable chips on an empty channel.
	Examples []string
	// MaxThreads bounds the threads kept; the oldest are dropped first.
	// Default 500.
	MaxThreads int
	Clock      tarn.Clock   // default tarn.SystemClock
	Logger     *slog.Logger // default: discard
}

// Chat is the web chat: a bot.Adapter whose platform is the page Handler
// serves. It is safe for concurrent use.
type Chat struct {
	people     map[string]Person
	order      []Person
	examples   []string
	maxThreads int
	clock      tarn.Clock
	log        *slog.Logger

	mu         sync.Mutex
	h          bot.Handler
	next       int64
	seq        int64 // the last event's sequence number
	channels   []string
	threads    map[string]*thread
	oldest     []*thread // creation order
	msgs       map[string]*message
	images     map[string]*image
	notices    map[string][]notice
	triggers   map[string]*trigger
	forms      map[string]*openForm
	deliveries map[string]string // "<person>/<delivery>" → message id
	delivOrder []string
	subs       map[*subscriber]struct{}
}

var _ bot.Adapter = (*Chat)(nil)

// New returns a Chat with no handler; call Start to connect one.
func New(o Options) *Chat {
	c := &Chat{people: map[string]Person{}, examples: o.Examples, maxThreads: o.MaxThreads, clock: o.Clock, log: o.Logger,
		channels: slices.Clone(o.Channels), threads: map[string]*thread{}, msgs: map[string]*message{}, images: map[string]*image{},
		notices: map[string][]notice{}, triggers: map[string]*trigger{}, forms: map[string]*openForm{},
		deliveries: map[string]string{}, subs: map[*subscriber]struct{}{}}
	for _, p := range o.People {
		if _, dup := c.people[p.Name]; p.Name != "" && !dup {
			c.people[p.Name] = p
			c.order = append(c.order, p)
		}
	}
	if len(c.channels) == 0 {
		c.channels = []string{"general", "approvals", "alerts"}
	}
	if c.maxThreads <= 0 {
		c.maxThreads = defaultMaxThreads
	}
	if c.clock == nil {
		c.clock = tarn.SystemClock{}
	}
	if c.log == nil {
		c.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return c
}

// Start connects h: from now on what people do on the page reaches it.
func (c *Chat) Start(h bot.Handler) {
	c.mu.Lock()
	c.h = h
	c.mu.Unlock()
}

// Platform is bot.Web.
func (c *Chat) Platform() string { return bot.Web }

// Post posts m in thread t; an empty t.ID starts a new thread in
// t.Channel (the first channel when empty). Posting into a channel the
// chat does not show yet adds it. Errors wrap bot.ErrUnknownThread when
// the thread is not (or no longer) kept, or the channel cannot be added.
func (c *Chat) Post(_ context.Context, t bot.Thread, m bot.Message) (bot.MessageRef, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	th, err := c.threadFor(t)
	if err != nil {
		return bot.MessageRef{}, err
	}
	msg := &message{author: "", at: c.clock.Now(), m: clip(m)}
	msg.images = c.attach(nil, m.Images)
	c.add(th, msg)
	return msg.ref(), nil
}

// Update replaces a message Tarn posted: text, table, code, footer and
// buttons. Images are attached to it, once per file name. Errors wrap
// bot.ErrUnknownThread when the message is not Tarn's or not kept.
func (c *Chat) Update(_ context.Context, ref bot.MessageRef, m bot.Message) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	msg, ok := c.msgs[ref.ID]
	if !ok || msg.author != "" || (ref.Thread.ID != "" && ref.Thread.ID != msg.thread.id) {
		return fmt.Errorf("%w: web message %q", bot.ErrUnknownThread, ref.ID)
	}
	msg.images = c.attach(msg.images, m.Images)
	msg.m, msg.edits = clip(m), msg.edits+1
	c.publish("update", "", msg.view())
	return nil
}

// Notify shows text to u alone, as a banner on their page. Errors wrap
// bot.ErrPlatform when u is not one of the people.
func (c *Chat) Notify(_ context.Context, u bot.User, t bot.Thread, text string) error {
	name := u.ID
	if name == "" {
		name = strings.TrimPrefix(u.Identity, "web:")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.people[name]; !ok {
		return fmt.Errorf("%w: no web person %q", bot.ErrPlatform, name)
	}
	n := notice{ID: c.nextID(), Text: text, Channel: t.Channel, Thread: t.ID, At: c.clock.Now()}
	ns := append(c.notices[name], n)
	if len(ns) > maxNotices {
		ns = ns[len(ns)-maxNotices:]
	}
	c.notices[name] = ns
	c.publish("notice", name, n)
	return nil
}

// OpenForm shows f as a dialog to the person whose click gave trigger.
// A trigger opens one form, within a minute of the click. Errors wrap
// bot.ErrPlatform when the trigger is unknown, used or expired.
func (c *Chat) OpenForm(_ context.Context, trig string, f bot.Form) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	tr, ok := c.triggers[trig]
	now := c.clock.Now()
	if !ok || tr.used || now.After(tr.expires) {
		return fmt.Errorf("%w: the web trigger %q is unknown, used or expired", bot.ErrPlatform, trig)
	}
	tr.used = true
	of := &openForm{token: randomID(), person: tr.person, form: f, at: now}
	tr.opened = of
	c.forms[of.token] = of
	c.pruneForms(tr.person)
	c.publish("form", tr.person, of.view())
	return nil
}

// threadFor finds or starts the thread t names; the caller holds c.mu.
func (c *Chat) threadFor(t bot.Thread) (*thread, error) {
	if t.Platform != "" && t.Platform != bot.Web {
		return nil, fmt.Errorf("%w: a %s thread is not a web thread", bot.ErrUnknownThread, t.Platform)
	}
	if t.ID != "" {
		th, ok := c.threads[t.ID]
		if !ok || (t.Channel != "" && t.Channel != th.channel) {
			return nil, fmt.Errorf("%w: web thread %s/%s", bot.ErrUnknownThread, t.Channel, t.ID)
		}
		return th, nil
	}
	ch := t.Channel
	if ch == "" {
		ch = c.channels[0]
	}
	if !slices.Contains(c.channels, ch) {
		if len(c.channels) >= maxChannels || len(ch) > 80 || strings.ContainsAny(ch, "/?#<>\"'&") {
			return nil, fmt.Errorf("%w: cannot add web channel %q", bot.ErrUnknownThread, ch)
		}
		c.channels = append(c.channels, ch)
	}
	return &thread{channel: ch}, nil
}

// add appends msg to th, starting th when it has no messages yet, and
// tells the pages; the caller holds c.mu.
func (c *Chat) add(th *thread, msg *message) {
	msg.id, msg.thread = c.nextID(), th
	c.msgs[msg.id] = msg
	if th.id == "" {
		th.id = msg.id
		th.msgs = []*message{msg}
		c.threads[th.id] = th
		c.oldest = append(c.oldest, th)
		for len(c.oldest) > c.maxThreads {
			c.dropThread(c.oldest[0])
			c.oldest = c.oldest[1:]
		}
		c.publish("thread", "", th.view())
		return
	}
	th.msgs = append(th.msgs, msg)
	if len(th.msgs) > maxThreadMessages {
		c.dropMessage(th.msgs[1])
		th.msgs = slices.Delete(th.msgs, 1, 2)
	}
	c.publish("message", "", msg.view())
}

func (c *Chat) dropThread(th *thread) {
	for _, m := range th.msgs {
		c.dropMessage(m)
	}
	delete(c.threads, th.id)
}

func (c *Chat) dropMessage(m *message) {
	for _, img := range m.images {
		delete(c.images, img.id)
	}
	delete(c.msgs, m.id)
}

// attach merges imgs into have by file name (a new PNG under a known
// name replaces it); the caller holds c.mu.
func (c *Chat) attach(have []*image, imgs []bot.Image) []*image {
	out := slices.Clone(have)
	for _, img := range imgs {
		i := slices.IndexFunc(out, func(x *image) bool { return x.name == img.Name })
		if i >= 0 && string(out[i].png) == string(img.PNG) {
			out[i].title = img.Title
			continue
		}
		im := &image{id: randomID(), name: img.Name, title: img.Title, png: slices.Clone(img.PNG)}
		c.images[im.id] = im
		if i >= 0 {
			delete(c.images, out[i].id)
			out[i] = im
		} else {
			out = append(out, im)
		}
	}
	return out
}

// pruneForms keeps the newest open forms of person and drops expired
// triggers; the caller holds c.mu.
func (c *Chat) pruneForms(person string) {
	now := c.clock.Now()
	var mine []*openForm
	for tok, f := range c.forms {
		switch {
		case now.Sub(f.at) > formTTL:
			delete(c.forms, tok)
		case f.person == person:
			mine = append(mine, f)
		}
	}
	slices.SortFunc(mine, func(a, b *openForm) int { return a.at.Compare(b.at) })
	for len(mine) > maxFormsPerPerson {
		delete(c.forms, mine[0].token)
		mine = mine[1:]
	}
	for tok, tr := range c.triggers {
		if now.After(tr.expires) {
			delete(c.triggers, tok)
		}
	}
}

// clip bounds the text Tarn posts.
func clip(m bot.Message) bot.Message {
	if len(m.Text) > maxTarnText {
		cut := maxTarnText
		for cut > 0 && !utf8.RuneStart(m.Text[cut]) {
			cut--
		}
		m.Text = m.Text[:cut] + "…"
	}
	m.Images = nil
	return m
}
