package bottest

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/tarn-data/tarn/bot"
)

// Fake is an in-memory chat platform and its adapter in one: what Tarn
// posts is kept per thread, what people do is delivered to the handler
// synchronously. It passes the conformance suite, so tests of the
// conversation can trust it.
type Fake struct {
	platform, channel string

	mu      sync.Mutex
	h       bot.Handler
	next    int
	threads map[string][]*fakeMsg // thread key → Tarn's messages
	byID    map[string]*fakeMsg
	notices map[string][]string
	forms   map[string]bot.Form // trigger → form opened
	lastFor map[string]string   // user → trigger of the form last opened
	last    func()
	// Posts counts Post calls; Updates counts Update calls.
	Posts, Updates int
}

type fakeMsg struct {
	ref    bot.MessageRef
	m      bot.Message
	edits  int
	images []string
}

// NewFake returns a fake platform named platform (bot.Web, "fake", …) with
// one channel "general".
func NewFake(platform string) *Fake {
	return &Fake{platform: platform, channel: "general", threads: map[string][]*fakeMsg{}, byID: map[string]*fakeMsg{},
		notices: map[string][]string{}, forms: map[string]bot.Form{}, lastFor: map[string]string{}}
}

// Start connects h; Fake is its own adapter.
func (f *Fake) Start(_ *testing.T, h bot.Handler) bot.Adapter {
	f.mu.Lock()
	f.h = h
	f.mu.Unlock()
	return f
}

// Platform names the fake platform.
func (f *Fake) Platform() string { return f.platform }

// Channel is "general".
func (f *Fake) Channel() string { return f.channel }

// Identity is "<platform>:<user>".
func (f *Fake) Identity(user string) string { return f.platform + ":" + user }

func (f *Fake) user(name string) bot.User {
	return bot.User{ID: name, Name: name, Identity: f.Identity(name)}
}

func (f *Fake) id() string {
	f.next++
	return fmt.Sprint(f.next)
}

// Post keeps m in thread t.
func (f *Fake) Post(_ context.Context, t bot.Thread, m bot.Message) (bot.MessageRef, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.Posts++
	if t.Platform == "" {
		t.Platform = f.platform
	}
	if t.Channel == "" {
		t.Channel = f.channel
	}
	id := f.id()
	if t.ID == "" {
		t.ID = id
	}
	msg := &fakeMsg{ref: bot.MessageRef{Thread: t, ID: id}, m: m}
	for _, img := range m.Images {
		msg.images = append(msg.images, img.Name)
	}
	f.threads[t.Key()] = append(f.threads[t.Key()], msg)
	f.byID[id] = msg
	return msg.ref, nil
}

// Update edits a message in place; its images are attached once.
func (f *Fake) Update(_ context.Context, ref bot.MessageRef, m bot.Message) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.Updates++
	msg, ok := f.byID[ref.ID]
	if !ok {
		return fmt.Errorf("%w: message %s", bot.ErrUnknownThread, ref.ID)
	}
	msg.m, msg.edits = m, msg.edits+1
	for _, img := range m.Images {
		if !contains(msg.images, img.Name) {
			msg.images = append(msg.images, img.Name)
		}
	}
	return nil
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// Notify keeps text for u.
func (f *Fake) Notify(_ context.Context, u bot.User, _ bot.Thread, text string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.notices[u.ID] = append(f.notices[u.ID], text)
	return nil
}

// OpenForm shows form to whoever clicked trigger's button.
func (f *Fake) OpenForm(_ context.Context, trigger string, form bot.Form) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	user, _, ok := strings.Cut(trigger, "/")
	if !ok {
		return fmt.Errorf("%w: unknown trigger %q", bot.ErrPlatform, trigger)
	}
	f.forms[trigger] = form
	f.lastFor[user] = trigger
	return nil
}

func (f *Fake) deliver(do func()) {
	f.mu.Lock()
	f.last = do
	f.mu.Unlock()
	do()
}

// Say delivers a message from user; a new conversation is rooted at it.
func (f *Fake) Say(_ *testing.T, user string, thread bot.Thread, text string) {
	f.mu.Lock()
	id := f.id()
	f.mu.Unlock()
	if thread.ID == "" {
		thread = bot.Thread{Platform: f.platform, Channel: f.channel, ID: id}
	}
	in := bot.Incoming{Delivery: "d" + id, User: f.user(user), Thread: thread, MessageID: id, Text: text}
	f.deliver(func() { f.h.Message(context.Background(), in) })
}

// Command delivers a slash command: its answer starts a new thread.
func (f *Fake) Command(_ *testing.T, user, text string) {
	f.mu.Lock()
	id := f.id()
	f.mu.Unlock()
	in := bot.Incoming{Delivery: "c" + id, User: f.user(user), Thread: bot.Thread{Platform: f.platform, Channel: f.channel}, Text: text}
	f.deliver(func() { f.h.Message(context.Background(), in) })
}

// Redeliver repeats the last delivery.
func (f *Fake) Redeliver(t *testing.T) {
	f.mu.Lock()
	last := f.last
	f.mu.Unlock()
	if last == nil {
		t.Fatal("nothing to redeliver")
	}
	last()
}

// Click clicks the button labelled label on ref as user.
func (f *Fake) Click(t *testing.T, user string, ref bot.MessageRef, label string) {
	t.Helper()
	f.mu.Lock()
	msg, ok := f.byID[ref.ID]
	var b *bot.Button
	if ok {
		for i := range msg.m.Buttons {
			if msg.m.Buttons[i].Label == label {
				b = &msg.m.Buttons[i]
			}
		}
	}
	id := f.id()
	f.mu.Unlock()
	if b == nil {
		t.Fatalf("message %s has no button %q", ref.ID, label)
	}
	a := bot.Action{Delivery: "a" + id, User: f.user(user), Message: msg.ref, Action: b.Action, Value: b.Value, Trigger: user + "/" + id}
	f.deliver(func() { f.h.Action(context.Background(), a) })
}

// Form returns the form last opened for user.
func (f *Fake) Form(_ *testing.T, user string) (bot.Form, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	form, ok := f.forms[f.lastFor[user]]
	return form, ok
}

// Submit submits user's open form.
func (f *Fake) Submit(t *testing.T, user string, values map[string]string) map[string]string {
	t.Helper()
	f.mu.Lock()
	trigger := f.lastFor[user]
	form, ok := f.forms[trigger]
	id := f.id()
	f.mu.Unlock()
	if !ok {
		t.Fatalf("%s has no open form", user)
	}
	fields := map[string]string{}
	for _, fd := range form.Fields {
		fields[fd.ID] = fd.Default
		if v, ok := values[fd.ID]; ok {
			fields[fd.ID] = v
		}
	}
	s := bot.Submission{Delivery: "s" + id, User: f.user(user), Form: form.ID, Value: form.Value, Fields: fields}
	errs := f.h.Submit(context.Background(), s)
	if len(errs) == 0 {
		f.mu.Lock()
		delete(f.forms, trigger)
		f.mu.Unlock()
	}
	return errs
}

// Messages returns Tarn's messages in thread.
func (f *Fake) Messages(_ *testing.T, thread bot.Thread) []Seen {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Seen
	for _, msg := range f.threads[thread.Key()] {
		s := Seen{ID: msg.ref.ID, Text: bot.Plain(msg.m), Images: append([]string(nil), msg.images...), Edits: msg.edits}
		for _, b := range msg.m.Buttons {
			s.Buttons = append(s.Buttons, b.Label)
		}
		out = append(out, s)
	}
	return out
}

// Message returns the current content of a message Tarn posted.
func (f *Fake) Message(ref bot.MessageRef) (bot.Message, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	msg, ok := f.byID[ref.ID]
	if !ok {
		return bot.Message{}, false
	}
	return msg.m, true
}

// Threads lists the keys of threads Tarn posted in.
func (f *Fake) Threads() []bot.Thread {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []bot.Thread
	for _, msgs := range f.threads {
		out = append(out, msgs[0].ref.Thread)
	}
	return out
}

// Notices returns what was shown to user alone.
func (f *Fake) Notices(_ *testing.T, user string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.notices[user]...)
}

// Plain renders m as text, as bot.Plain does.
func Plain(m bot.Message) string { return bot.Plain(m) }
