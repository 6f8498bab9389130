package discord

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/bwmarrin/discordgo"

	"github.com/tarn-data/tarn/bot"
)

// CommandName is the slash command people ask Tarn with; its one option
// is CommandOption.
const (
	CommandName   = "tarn"
	CommandOption = "question"
)

// inflight is an interaction whose handler is running: the first response
// goes through respond, once.
type inflight struct {
	mu        sync.Mutex
	responded bool
	respond   func(*discordgo.InteractionResponse) error
}

// reply sends resp unless the interaction was answered already.
func (f *inflight) reply(resp *discordgo.InteractionResponse) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.responded {
		return false, nil
	}
	f.responded = true
	return true, f.respond(resp)
}

// interaction handles one interaction from either transport. respond sends
// the interaction's first response (over REST for the gateway, as the HTTP
// response for the endpoint); later deliveries may run after it.
func (a *Adapter) interaction(ctx context.Context, i *discordgo.Interaction, respond func(*discordgo.InteractionResponse) error) {
	u := interactionUser(i)
	if u == nil {
		_ = respond(&discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate})
		return
	}
	user := a.user(u)
	f := &inflight{respond: respond}
	switch i.Type {
	case discordgo.InteractionApplicationCommand:
		a.command(ctx, i, user, f)
	case discordgo.InteractionMessageComponent:
		a.component(ctx, i, user, f)
	case discordgo.InteractionModalSubmit:
		a.modalSubmit(ctx, i, user, f)
	default:
		_, _ = f.reply(&discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate})
	}
}

func interactionUser(i *discordgo.Interaction) *discordgo.User {
	if i.Member != nil && i.Member.User != nil {
		return i.Member.User
	}
	return i.User
}

func (a *Adapter) user(u *discordgo.User) bot.User {
	name := u.GlobalName
	if name == "" {
		name = u.Username
	}
	return bot.User{ID: u.ID, Name: name, Identity: "discord:" + u.ID}
}

// command defers at once, then delivers the question; the first Post into
// Thread{channel, ""} edits the deferred response.
func (a *Adapter) command(ctx context.Context, i *discordgo.Interaction, user bot.User, f *inflight) {
	data := i.ApplicationCommandData()
	if data.Name != CommandName {
		_, _ = f.reply(ephemeral("Tarn does not know this command."))
		return
	}
	text := ""
	if o := data.GetOption(CommandOption); o != nil {
		text, _ = o.Value.(string)
	}
	dm := i.GuildID == ""
	if dm {
		a.dms.Put(i.ChannelID, true)
	}
	a.pushCommand(i.ChannelID, pendingCommand{token: i.Token, user: user.ID, dm: dm, at: a.clock.Now()})
	if _, err := f.reply(&discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}); err != nil {
		a.log.Warn("discord: deferring a slash command", "err", err)
		return
	}
	a.h().Message(ctx, bot.Incoming{Delivery: i.ID, User: user, Thread: bot.Thread{Platform: bot.Discord, Channel: i.ChannelID},
		Text: strings.TrimSpace(text), Direct: dm})
}

// component delivers a click; a form opened during Handler.Action is the
// response, else a deferred update.
func (a *Adapter) component(ctx context.Context, i *discordgo.Interaction, user bot.User, f *inflight) {
	data := i.MessageComponentData()
	action, value, ok := a.decode('b', data.CustomID)
	if !ok || i.Message == nil {
		_, _ = f.reply(ephemeral("This button has expired; ask again for a fresh one."))
		return
	}
	thread := a.threadOf(i.GuildID, i.ChannelID, i.Message.ID)
	a.users.Put(user.ID, recentInteraction{token: i.Token, thread: thread.Key(), at: a.clock.Now()})
	a.imu.Lock()
	a.inflight[i.ID] = f
	a.imu.Unlock()
	defer func() {
		a.imu.Lock()
		delete(a.inflight, i.ID)
		a.imu.Unlock()
	}()
	a.h().Action(ctx, bot.Action{Delivery: i.ID, User: user, Message: bot.MessageRef{Thread: thread, ID: i.Message.ID},
		Action: action, Value: value, Trigger: i.ID + ":" + i.Token})
	if _, err := f.reply(&discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate}); err != nil {
		a.log.Warn("discord: acknowledging a click", "err", err)
	}
}

// modalSubmit delivers a submitted form; errors go back as an ephemeral
// message listing them.
func (a *Adapter) modalSubmit(ctx context.Context, i *discordgo.Interaction, user bot.User, f *inflight) {
	data := i.ModalSubmitData()
	form, value, ok := a.decode('f', data.CustomID)
	if !ok {
		_, _ = f.reply(ephemeral("This form has expired; click the button again."))
		return
	}
	if i.Message != nil {
		a.users.Put(user.ID, recentInteraction{token: i.Token, thread: a.threadOf(i.GuildID, i.ChannelID, i.Message.ID).Key(), at: a.clock.Now()})
	}
	fields := map[string]string{}
	for _, c := range data.Components {
		row, ok := c.(*discordgo.ActionsRow)
		if !ok {
			continue
		}
		for _, c := range row.Components {
			if in, ok := c.(*discordgo.TextInput); ok {
				fields[in.CustomID] = in.Value
			}
		}
	}
	errs := a.h().Submit(ctx, bot.Submission{Delivery: i.ID, User: user, Form: form, Value: value, Fields: fields})
	resp := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate}
	if len(errs) > 0 {
		resp = ephemeral(FormErrors(errs))
	}
	if _, err := f.reply(resp); err != nil {
		a.log.Warn("discord: answering a form", "err", err)
	}
}

// FormErrors lists a form's errors, one "- field: error" line each, in
// field order.
func FormErrors(errs map[string]string) string {
	ids := make([]string, 0, len(errs))
	for id := range errs {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var b strings.Builder
	b.WriteString("Please fix the form and submit it again:")
	for _, id := range ids {
		fmt.Fprintf(&b, "\n- %s: %s", id, errs[id])
	}
	return b.String()
}

func ephemeral(text string) *discordgo.InteractionResponse {
	return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Content: limit(text, maxContent), Flags: discordgo.MessageFlagsEphemeral}}
}

// threadOf is the conversation a message in channel belongs to.
func (a *Adapter) threadOf(guild, channel, message string) bot.Thread {
	t := bot.Thread{Platform: bot.Discord, Channel: channel, ID: message}
	if ok, _ := a.dms.Get(channel); ok || guild == "" {
		t.ID = channel
		return t
	}
	if parent, ok := a.parent(channel); ok {
		return bot.Thread{Platform: bot.Discord, Channel: parent, ID: channel}
	}
	return t
}

// parent returns the parent channel of a thread Tarn knows, from its own
// bookkeeping or discordgo's state.
func (a *Adapter) parent(channel string) (string, bool) {
	if p, ok := a.threads.Get(channel); ok {
		return p, true
	}
	if a.s.State != nil {
		if ch, err := a.s.State.Channel(channel); err == nil && ch.IsThread() {
			return ch.ParentID, true
		}
	}
	return "", false
}

// OpenForm shows f as a modal to the person whose click gave trigger. It
// must be called while that click's Handler.Action runs (or within three
// seconds of it, if nothing answered the click yet).
//
// Errors: bot.ErrPlatform when trigger is malformed, the click was
// answered already, or Discord refuses the modal.
func (a *Adapter) OpenForm(ctx context.Context, trigger string, f bot.Form) error {
	id, token, ok := strings.Cut(trigger, ":")
	if !ok || id == "" || token == "" {
		return fmt.Errorf("%w: not a Discord trigger: %q", bot.ErrPlatform, trigger)
	}
	resp, err := a.modal(f)
	if err != nil {
		return err
	}
	a.imu.Lock()
	fl := a.inflight[id]
	a.imu.Unlock()
	if fl == nil {
		if err := a.s.InteractionRespond(&discordgo.Interaction{ID: id, Token: token}, resp, opts(ctx)...); err != nil {
			return platformErr(err, "open form %s", f.ID)
		}
		return nil
	}
	sent, err := fl.reply(resp)
	if !sent {
		return fmt.Errorf("%w: the click was answered already; a form can only be its first answer", bot.ErrPlatform)
	}
	if err != nil {
		return platformErr(err, "open form %s", f.ID)
	}
	return nil
}

// modal renders f as a modal: a text input per field (paragraph when
// Multiline; a choice becomes a text input prefilled with its default,
// the options listed in the placeholder).
func (a *Adapter) modal(f bot.Form) (*discordgo.InteractionResponse, error) {
	if len(f.Fields) > maxRows {
		return nil, fmt.Errorf("%w: form %s has %d fields; Discord shows at most %d", bot.ErrPlatform, f.ID, len(f.Fields), maxRows)
	}
	var rows []discordgo.MessageComponent
	for _, fd := range f.Fields {
		if fd.ID == "" || len(fd.ID) > maxCustomID {
			return nil, fmt.Errorf("%w: form %s: field id %q must be 1 to %d characters", bot.ErrPlatform, f.ID, fd.ID, maxCustomID)
		}
		in := discordgo.TextInput{CustomID: fd.ID, Label: limit(orDefault(fd.Label, fd.ID), maxInputLabel), Style: discordgo.TextInputShort,
			Placeholder: limit(fd.Placeholder, maxPlaceholder), Value: fd.Default, Required: !fd.Optional}
		if fd.Multiline {
			in.Style = discordgo.TextInputParagraph
		}
		if len(fd.Options) > 0 {
			var opts []string
			for _, o := range fd.Options {
				opts = append(opts, o.Value+" ("+o.Label+")")
			}
			in.Placeholder = limit("one of: "+strings.Join(opts, ", "), maxPlaceholder)
		}
		rows = append(rows, discordgo.ActionsRow{Components: []discordgo.MessageComponent{in}})
	}
	return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseModal, Data: &discordgo.InteractionResponseData{
		CustomID: a.encode('f', f.ID, f.Value), Title: limit(orDefault(f.Title, "Tarn"), maxModalTitle), Components: rows}}, nil
}

func orDefault(s, d string) string {
	if strings.TrimSpace(s) == "" {
		return d
	}
	return s
}

// Notify shows text to u alone, as an ephemeral follow-up, when u clicked
// in thread t within the last 15 minutes; otherwise it posts text in t
// addressed to them.
//
// Errors: those of Post.
func (a *Adapter) Notify(ctx context.Context, u bot.User, t bot.Thread, text string) error {
	t.Platform = bot.Discord
	if r, ok := a.users.Get(u.ID); ok && r.thread == t.Key() && a.clock.Now().Sub(r.at) < tokenLife {
		_, err := a.s.FollowupMessageCreate(&discordgo.Interaction{AppID: a.appID, Token: r.token}, true,
			&discordgo.WebhookParams{Content: limit(text, maxContent), Flags: discordgo.MessageFlagsEphemeral}, opts(ctx)...)
		if err == nil {
			return nil
		}
		a.log.Info("discord: ephemeral follow-up failed; mentioning instead", "err", err)
	}
	_, err := a.Post(ctx, t, bot.Message{Text: "<@" + u.ID + "> " + text})
	return err
}

// RegisterCommands creates the /tarn slash command in guild (every guild
// when guildID is empty), replacing the application's other commands there.
//
// Errors: bot.ErrPlatform when Discord refuses.
func (a *Adapter) RegisterCommands(ctx context.Context, guildID string) error {
	cmd := &discordgo.ApplicationCommand{Name: CommandName, Description: "Ask Tarn a question about the data",
		Options: []*discordgo.ApplicationCommandOption{{Type: discordgo.ApplicationCommandOptionString, Name: CommandOption,
			Description: "What you want to know", Required: true}}}
	if _, err := a.s.ApplicationCommandBulkOverwrite(a.appID, guildID, []*discordgo.ApplicationCommand{cmd}, opts(ctx)...); err != nil {
		return platformErr(err, "register the /%s command", CommandName)
	}
	return nil
}
