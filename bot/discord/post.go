package discord

import (
	"context"
	"fmt"
	"hash/fnv"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/tarn-data/tarn/bot"
)

// Post posts m in thread t. When t.ID is empty it answers the slash
// command waiting in t.Channel (editing its deferred response), or else
// sends a message into the channel; either way a thread is started from
// that message and returned. When t names a message a person wrote (a
// mention), the first post starts the thread from it.
//
// Errors: bot.ErrPlatform when Discord refuses, bot.ErrUnknownThread when
// the channel or message does not exist.
func (a *Adapter) Post(ctx context.Context, t bot.Thread, m bot.Message) (bot.MessageRef, error) {
	t.Platform = bot.Discord
	if t.Channel == "" {
		return bot.MessageRef{}, fmt.Errorf("%w: a thread without a channel", bot.ErrUnknownThread)
	}
	r := a.render(m)
	if t.ID == "" {
		return a.postRoot(ctx, t, r)
	}
	target := t.ID // the thread channel, or the DM channel itself
	if t.ID != t.Channel {
		if err := a.ensureThread(ctx, t, threadName(m)); err != nil {
			return bot.MessageRef{}, err
		}
	}
	msg, err := a.send(ctx, target, r)
	if err != nil {
		return bot.MessageRef{}, err
	}
	return bot.MessageRef{Thread: t, ID: msg.ID}, nil
}

// postRoot posts the first message of a new conversation in t.Channel.
func (a *Adapter) postRoot(ctx context.Context, t bot.Thread, r rendered) (bot.MessageRef, error) {
	var msg *discordgo.Message
	dm, _ := a.dms.Get(t.Channel)
	if cmd, ok := a.popCommand(t.Channel); ok {
		edit := &discordgo.WebhookEdit{Content: &r.content, Components: &r.components, Files: r.files(map[string]bool{})}
		var err error
		msg, err = a.s.WebhookMessageEdit(a.appID, cmd.token, "@original", edit, opts(ctx)...)
		if err != nil {
			return bot.MessageRef{}, platformErr(err, "answer the slash command in %s", t.Channel)
		}
		dm = dm || cmd.dm
		a.attached.Put(msg.ID, msg.Attachments)
		a.origs.Put(msg.ID, cmd)
		defer func() { // the asker's interaction, for ephemeral notices in the new thread
			a.users.Put(cmd.user, recentInteraction{token: cmd.token, thread: t.Key(), at: cmd.at})
		}()
	} else {
		var err error
		if msg, err = a.send(ctx, t.Channel, r); err != nil {
			return bot.MessageRef{}, err
		}
	}
	if dm {
		t.ID = t.Channel
		return bot.MessageRef{Thread: t, ID: msg.ID}, nil
	}
	t.ID = msg.ID
	if err := a.ensureThread(ctx, t, firstLine(r.content)); err != nil {
		return bot.MessageRef{}, err
	}
	return bot.MessageRef{Thread: t, ID: msg.ID}, nil
}

// send sends r as a new message in channel.
func (a *Adapter) send(ctx context.Context, channel string, r rendered) (*discordgo.Message, error) {
	data := &discordgo.MessageSend{Content: r.content, Components: r.components, Files: r.files(map[string]bool{}),
		AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{discordgo.AllowedMentionTypeUsers}}}
	msg, err := a.s.ChannelMessageSendComplex(channel, data, opts(ctx)...)
	if err != nil {
		return nil, platformErr(err, "post in %s", channel)
	}
	a.attached.Put(msg.ID, msg.Attachments)
	return msg, nil
}

// ensureThread starts the Discord thread t names from its root message,
// unless Tarn knows it exists.
func (a *Adapter) ensureThread(ctx context.Context, t bot.Thread, name string) error {
	if _, ok := a.threads.Get(t.ID); ok {
		return nil
	}
	mu := a.stripe(t.ID)
	mu.Lock()
	defer mu.Unlock()
	if _, ok := a.threads.Get(t.ID); ok {
		return nil
	}
	_, err := a.s.MessageThreadStartComplex(t.Channel, t.ID, &discordgo.ThreadStart{Name: name, AutoArchiveDuration: 1440}, opts(ctx)...)
	switch {
	case err == nil, restCode(err) == codeThreadExists:
	case restCode(err) == codeUnknownMessage && a.isThread(ctx, t.ID):
		// t.ID is already a thread (one a person started).
	default:
		return platformErr(err, "start a thread from message %s in %s", t.ID, t.Channel)
	}
	a.threads.Put(t.ID, t.Channel)
	return nil
}

// isThread asks Discord whether channel is a thread.
func (a *Adapter) isThread(ctx context.Context, channel string) bool {
	ch, err := a.s.Channel(channel, opts(ctx)...)
	return err == nil && ch.IsThread()
}

func (a *Adapter) stripe(id string) interface {
	Lock()
	Unlock()
} {
	h := fnv.New32a()
	h.Write([]byte(id))
	return &a.stripes[h.Sum32()%uint32(len(a.stripes))]
}

// Update edits the message ref names: content and buttons are replaced;
// images not yet on the message are uploaded, those already there kept.
//
// Errors: bot.ErrUnknownThread when the message does not exist,
// bot.ErrPlatform when Discord refuses.
func (a *Adapter) Update(ctx context.Context, ref bot.MessageRef, m bot.Message) error {
	channel := messageChannel(ref)
	if channel == "" || ref.ID == "" {
		return fmt.Errorf("%w: message %q", bot.ErrUnknownThread, ref.ID)
	}
	r := a.render(m)
	existing, ok := a.attached.Get(ref.ID)
	if !ok {
		msg, err := a.s.ChannelMessage(channel, ref.ID, opts(ctx)...)
		if err != nil {
			return platformErr(err, "read message %s", ref.ID)
		}
		existing = msg.Attachments
	}
	keep := []*discordgo.MessageAttachment{}
	have := map[string]bool{}
	for _, at := range existing {
		if at.Filename == answerFile { // replaced or dropped with every edit
			continue
		}
		keep = append(keep, &discordgo.MessageAttachment{ID: at.ID, Filename: at.Filename})
		have[at.Filename] = true
	}
	files := r.files(have)
	for i, f := range files {
		keep = append(keep, &discordgo.MessageAttachment{ID: fmt.Sprint(i), Filename: f.Name})
	}
	var msg *discordgo.Message
	var err error
	if cmd, ok := a.origs.Get(ref.ID); ok && a.clock.Now().Sub(cmd.at) < tokenLife {
		// An interaction's response is edited through its webhook while the token lives.
		msg, err = a.s.WebhookMessageEdit(a.appID, cmd.token, "@original",
			&discordgo.WebhookEdit{Content: &r.content, Components: &r.components, Files: files, Attachments: &keep}, opts(ctx)...)
	} else {
		msg, err = a.s.ChannelMessageEditComplex(&discordgo.MessageEdit{ID: ref.ID, Channel: channel, Content: &r.content,
			Components: &r.components, Files: files, Attachments: &keep}, opts(ctx)...)
	}
	if err != nil {
		return platformErr(err, "edit message %s", ref.ID)
	}
	a.attached.Put(msg.ID, msg.Attachments)
	return nil
}

// messageChannel is the channel a message of ref lives in: a thread's
// root message lives in the parent channel, the rest in the thread.
func messageChannel(ref bot.MessageRef) string {
	t := ref.Thread
	if t.ID == "" || ref.ID == t.ID {
		return t.Channel
	}
	return t.ID
}

// threadName names a thread after the first line of a message.
func threadName(m bot.Message) string { return firstLine(m.Text) }

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	s = strings.NewReplacer("**", "", "__", "", "`", "", "*", "", "-# ", "").Replace(s)
	s = strings.TrimSpace(s)
	if s == "" {
		return "Tarn"
	}
	return limit(s, 100)
}

// popCommand takes the oldest slash command still waiting for its answer
// in channel.
func (a *Adapter) popCommand(channel string) (pendingCommand, bool) {
	a.pmu.Lock()
	defer a.pmu.Unlock()
	now := a.clock.Now()
	q := a.pending[channel]
	for len(q) > 0 && now.Sub(q[0].at) > tokenLife {
		q = q[1:]
	}
	if len(q) == 0 {
		delete(a.pending, channel)
		return pendingCommand{}, false
	}
	cmd := q[0]
	if q = q[1:]; len(q) == 0 {
		delete(a.pending, channel)
	} else {
		a.pending[channel] = q
	}
	return cmd, true
}

// pushCommand remembers a deferred slash command in channel.
func (a *Adapter) pushCommand(channel string, cmd pendingCommand) {
	a.pmu.Lock()
	defer a.pmu.Unlock()
	q := append(a.pending[channel], cmd)
	if len(q) > maxPendingPerCh {
		q = q[len(q)-maxPendingPerCh:]
	}
	a.pending[channel] = q
	if len(a.pending) > maxThreads { // drop channels whose commands all expired
		now := a.clock.Now()
		for ch, q := range a.pending {
			if now.Sub(q[len(q)-1].at) > tokenLife {
				delete(a.pending, ch)
			}
		}
	}
}
