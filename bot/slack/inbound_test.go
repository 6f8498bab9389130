package slack_test

import (
	"context"
	"testing"
	"time"

	"github.com/tarn-data/tarn/bot"
	"github.com/tarn-data/tarn/bot/bottest"
	"github.com/tarn-data/tarn/bot/slack/slacktest"
)

func eachTransport(t *testing.T, run func(t *testing.T, p *slacktest.Platform, a bot.Adapter, rec *bottest.Recorder)) {
	for _, transport := range []string{slacktest.SocketMode, slacktest.HTTP} {
		t.Run(transport, func(t *testing.T) {
			p := slacktest.NewPlatform(t, transport)
			rec := bottest.NewRecorder()
			a := p.Start(t, rec)
			run(t, p, a, rec)
		})
	}
}

func TestOnlyWhatPeopleWriteToTarnIsDelivered(t *testing.T) {
	eachTransport(t, func(t *testing.T, p *slacktest.Platform, a bot.Adapter, rec *bottest.Recorder) {
		alice := slacktest.UserID("alice")
		ref, err := a.Post(context.Background(), bot.Thread{Platform: bot.Slack, Channel: slacktest.Channel}, bot.Message{Text: "Alert: spike"})
		if err != nil {
			t.Fatal(err)
		}
		send := func(ev map[string]any) { p.Deliver(t, "events_api", p.EventCallback(t, ev), 0) }
		ch := slacktest.Channel
		// Ignored: other bots, edits and joins, Tarn itself, replies in
		// threads Tarn is not in, a reply with a mention (its app_mention
		// is the delivery), plain channel messages.
		send(map[string]any{"type": "message", "channel": ch, "channel_type": "channel", "user": alice, "bot_id": "BOTHER", "text": "bot says", "ts": "5.1", "thread_ts": ref.Thread.ID})
		send(map[string]any{"type": "message", "subtype": "message_changed", "channel": ch, "channel_type": "channel", "user": alice, "text": "edit", "ts": "5.2", "thread_ts": ref.Thread.ID})
		send(map[string]any{"type": "message", "subtype": "channel_join", "channel": ch, "channel_type": "channel", "user": alice, "text": "joined", "ts": "5.3"})
		send(map[string]any{"type": "message", "channel": ch, "channel_type": "channel", "user": slacktest.BotUserID, "text": "me", "ts": "5.4", "thread_ts": ref.Thread.ID})
		send(map[string]any{"type": "message", "channel": ch, "channel_type": "channel", "user": alice, "text": "elsewhere", "ts": "5.5", "thread_ts": "4.0"})
		send(map[string]any{"type": "message", "channel": ch, "channel_type": "channel", "user": alice, "text": "<@" + slacktest.BotUserID + "> again", "ts": "5.6", "thread_ts": ref.Thread.ID})
		send(map[string]any{"type": "message", "channel": ch, "channel_type": "channel", "user": alice, "text": "chatter", "ts": "5.7"})
		// Delivered: a follow-up in Tarn's thread, a mention inside a
		// thread, a direct message.
		send(map[string]any{"type": "message", "channel": ch, "channel_type": "channel", "user": alice, "text": "and zone 18?", "ts": "5.8", "thread_ts": ref.Thread.ID})
		send(map[string]any{"type": "app_mention", "channel": ch, "user": alice, "text": "so <@" + slacktest.BotUserID + "> why?", "ts": "5.9", "thread_ts": "4.0"})
		send(map[string]any{"type": "message", "channel": "DALICE", "channel_type": "im", "user": alice, "text": "hello", "ts": "6.0"})
		got := rec.WaitIncoming(t, 3)
		if len(got) != 3 {
			t.Fatalf("delivered %d: %+v", len(got), got)
		}
		if got[0].Text != "and zone 18?" || got[0].Thread != ref.Thread || got[0].MessageID != "5.8" || got[0].Direct {
			t.Errorf("follow-up arrived as %+v", got[0])
		}
		if got[1].Text != "so why?" || got[1].Thread.ID != "4.0" || got[1].MessageID != "5.9" {
			t.Errorf("mention in a thread arrived as %+v", got[1])
		}
		if !got[2].Direct || got[2].Thread.Channel != "DALICE" || got[2].Thread.ID != "6.0" || got[2].User.Identity != p.Identity("alice") {
			t.Errorf("direct message arrived as %+v", got[2])
		}
		// The mention made 4.0 a thread Tarn is in: follow-ups there now count.
		send(map[string]any{"type": "message", "channel": ch, "channel_type": "channel", "user": alice, "text": "and then?", "ts": "6.1", "thread_ts": "4.0"})
		if got := rec.WaitIncoming(t, 4); len(got) != 4 || got[3].Text != "and then?" {
			t.Fatalf("follow-up after a mention: %+v", got)
		}
	})
}

func TestClicksOnRepliesNameTheThreadAndTheMessage(t *testing.T) {
	eachTransport(t, func(t *testing.T, p *slacktest.Platform, a bot.Adapter, rec *bottest.Recorder) {
		ctx := context.Background()
		root, err := a.Post(ctx, bot.Thread{Platform: bot.Slack, Channel: slacktest.Channel}, bot.Message{Text: "question"})
		if err != nil {
			t.Fatal(err)
		}
		reply, err := a.Post(ctx, root.Thread, bot.Message{Text: "answer", Buttons: []bot.Button{
			{Action: "tarn.vote", Label: "👍", Value: "up"}, {Action: "tarn.vote", Label: "👎", Value: "down"}}})
		if err != nil {
			t.Fatal(err)
		}
		p.Click(t, "bob", reply, "👎")
		act := rec.WaitActions(t, 1)[0]
		if act.Action != "tarn.vote" || act.Value != "down" || act.Message != reply || act.Message.Thread != root.Thread || act.Trigger == "" {
			t.Fatalf("click arrived as %+v, want tarn.vote down on %+v", act, reply)
		}
	})
}

func TestASlashCommandInADirectMessageIsDirect(t *testing.T) {
	p := slacktest.NewPlatform(t, slacktest.HTTP)
	rec := bottest.NewRecorder()
	p.Start(t, rec)
	p.Deliver(t, "slash_commands", []byte(`{"team_id":"T0TARN","channel_id":"DBOB","user_id":"UBOB","user_name":"bob","command":"/tarn","text":" top zones ","trigger_id":"trg.1"}`), 0)
	in := rec.WaitIncoming(t, 1)[0]
	if !in.Direct || in.Text != "top zones" || in.Thread != (bot.Thread{Platform: bot.Slack, Channel: "DBOB"}) || in.Delivery != "trg.1" || in.User.Name != "bob" {
		t.Fatalf("command arrived as %+v", in)
	}
}

func TestSocketModeReconnectsWhenSlackAsks(t *testing.T) {
	p := slacktest.NewPlatform(t, slacktest.SocketMode)
	rec := bottest.NewRecorder()
	p.Start(t, rec)
	if err := p.Disconnect(); err != nil {
		t.Fatal(err)
	}
	if err := p.WaitHellos(2, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	p.Say(t, "alice", bot.Thread{}, "still there?")
	if in := rec.WaitIncoming(t, 1)[0]; in.Text != "still there?" {
		t.Fatalf("after reconnecting: %+v", in)
	}
}
