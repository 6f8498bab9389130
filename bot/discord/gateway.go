package discord

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/bot"
)

// RunGateway connects to Discord's gateway and serves mentions of the
// bot, messages in threads Tarn posted in, direct messages and
// interactions until ctx ends; then it disconnects and returns nil. A
// dropped connection is reopened (resumed where Discord allows) with
// backoff from one second to two minutes.
//
// Errors: bot.ErrPlatform when the first connection cannot be opened, or
// when Discord refuses a connection for good (with tarn.EFORBIDDEN and
// what to fix: the token, or the Message Content intent).
func (a *Adapter) RunGateway(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	dropped := make(chan struct{}, 1)
	removers := []func(){
		a.s.AddHandler(func(_ *discordgo.Session, r *discordgo.Ready) {
			if r.User != nil {
				a.setBotUser(r.User.ID)
			}
		}),
		a.s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Disconnect) {
			select {
			case dropped <- struct{}{}:
			default:
			}
		}),
		a.s.AddHandler(func(_ *discordgo.Session, m *discordgo.MessageCreate) { a.messageCreate(ctx, m.Message) }),
		a.s.AddHandler(func(_ *discordgo.Session, ic *discordgo.InteractionCreate) {
			i := ic.Interaction
			a.interaction(ctx, i, func(resp *discordgo.InteractionResponse) error {
				return a.s.InteractionRespond(i, resp, opts(ctx)...)
			})
		}),
	}
	defer func() {
		for _, r := range removers {
			r()
		}
	}()
	if err := a.s.Open(); err != nil {
		if why := refusal(err); why != "" {
			return tarn.Wrap(fmt.Errorf("%w: opening the gateway: %w", bot.ErrPlatform, err), tarn.EFORBIDDEN, why, "Discord refused Tarn's gateway connection.")
		}
		return platformErr(err, "open the gateway")
	}
	if a.s.State != nil && a.s.State.User != nil {
		a.setBotUser(a.s.State.User.ID)
	}
	a.log.Info("discord: gateway connected", "bot", a.botUser())
	for {
		select {
		case <-ctx.Done():
			if err := a.s.Close(); err != nil {
				a.log.Warn("discord: closing the gateway", "err", err)
			}
			return nil
		case <-dropped:
			if err := a.reopen(ctx); err != nil {
				return err
			}
		}
	}
}

// reopen reconnects after the connection dropped, until it succeeds or
// ctx ends. It first waits a second or so: discordgo's heartbeat for the
// dropped connection may still be about to fail, and when it fails it
// closes whatever connection the session holds then — a connection opened
// at once would be closed by it, over and over.
//
// Errors: bot.ErrPlatform (tarn.EFORBIDDEN) when Discord refuses the
// connection for good (a revoked token, intents it does not allow), which
// retrying cannot fix.
func (a *Adapter) reopen(ctx context.Context) error {
	wait := time.Second
	settle := time.Second + rand.N(500*time.Millisecond)
	select {
	case <-ctx.Done():
		return nil
	case <-time.After(settle):
	}
	for {
		err := a.s.Open()
		if err == nil || errors.Is(err, discordgo.ErrWSAlreadyOpen) {
			return nil
		}
		if why := refusal(err); why != "" {
			a.log.Error("discord: the gateway refused Tarn", "err", err, "fix", why)
			return tarn.Wrap(fmt.Errorf("%w: reopening the gateway: %w", bot.ErrPlatform, err), tarn.EFORBIDDEN, why, "Discord refused Tarn's gateway connection.")
		}
		a.log.Warn("discord: reconnecting to the gateway", "err", err, "retry_in", wait)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait):
		}
		wait = min(2*wait, 2*time.Minute)
	}
}

// refusal says what to do when err is the gateway closing for a reason
// retrying cannot fix, or "" when it is not.
func refusal(err error) string {
	var ce *websocket.CloseError
	if !errors.As(err, &ce) {
		return ""
	}
	switch ce.Code {
	case 4004:
		return "Discord did not accept the bot token (close 4004): check bot.discord.token (TARN_DISCORD_TOKEN)."
	case 4013, 4014:
		return "Discord refused the gateway intents (close " + fmt.Sprint(ce.Code) + "): turn on the Message Content intent under Bot → Privileged Gateway Intents in the Developer Portal."
	}
	return ""
}

// messageCreate delivers a person's message when it is for Tarn.
func (a *Adapter) messageCreate(ctx context.Context, m *discordgo.Message) {
	if in, ok := a.incoming(m); ok {
		a.h().Message(ctx, in)
	}
}

// incoming says whether m is for Tarn — a mention of the bot (a new
// conversation rooted at the message, or a reply in the thread it is in),
// any message in a thread Tarn posted in, a direct message — and how it
// arrives. Messages of bots, Tarn's own included, are not.
func (a *Adapter) incoming(m *discordgo.Message) (bot.Incoming, bool) {
	me := a.botUser()
	if m == nil || m.Author == nil || m.Author.Bot || m.Author.ID == me || me == "" {
		return bot.Incoming{}, false
	}
	mentioned := false
	for _, u := range m.Mentions {
		mentioned = mentioned || (u != nil && u.ID == me)
	}
	text := m.Content
	for _, tag := range []string{"<@" + me + ">", "<@!" + me + ">"} {
		mentioned = mentioned || strings.Contains(text, tag)
		text = strings.ReplaceAll(text, tag, "")
	}
	in := bot.Incoming{Delivery: m.ID, User: a.user(m.Author), MessageID: m.ID, Text: strings.TrimSpace(text)}
	switch parent, inThread := a.parent(m.ChannelID); {
	case m.GuildID == "":
		a.dms.Put(m.ChannelID, true)
		in.Thread, in.Direct = bot.Thread{Platform: bot.Discord, Channel: m.ChannelID, ID: m.ChannelID}, true
	case inThread:
		in.Thread = bot.Thread{Platform: bot.Discord, Channel: parent, ID: m.ChannelID}
		// Replies in a thread Tarn posted in need no mention.
		if _, tarnsThread := a.threads.Get(m.ChannelID); !tarnsThread && !mentioned {
			return bot.Incoming{}, false
		}
		a.threads.Put(m.ChannelID, parent)
	case mentioned:
		in.Thread = bot.Thread{Platform: bot.Discord, Channel: m.ChannelID, ID: m.ID}
	default:
		return bot.Incoming{}, false
	}
	return in, true
}
