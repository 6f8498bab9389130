package slack_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/tarn-data/tarn/bot"
	"github.com/tarn-data/tarn/bot/slack/slacktest"
)

// nop is a Handler that returns at once, so benchmarks time the adapter.
type nop struct{}

func (nop) Message(context.Context, bot.Incoming)                    {}
func (nop) Action(context.Context, bot.Action)                       {}
func (nop) Submit(context.Context, bot.Submission) map[string]string { return nil }

// BenchmarkMentionAck times a mention from Slack's send to the adapter's
// ack, one at a time and 200 concurrent senders, over both transports.
func BenchmarkMentionAck(b *testing.B) {
	for _, transport := range []string{slacktest.SocketMode, slacktest.HTTP} {
		for _, par := range []int{1, 200} {
			b.Run(fmt.Sprintf("%s/concurrent=%d", transport, par), func(b *testing.B) {
				p := slacktest.NewPlatform(b, transport)
				p.StartTB(b, nop{})
				payload := p.EventCallback(b, map[string]any{"type": "app_mention", "user": "UALICE", "text": "<@" + slacktest.BotUserID + "> hi",
					"ts": "1.000001", "channel": slacktest.Channel})
				b.SetParallelism(par)
				b.ResetTimer()
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						p.Deliver(b, "events_api", payload, 0)
					}
				})
			})
		}
	}
}

func BenchmarkPost(b *testing.B) {
	p := slacktest.NewPlatform(b, slacktest.HTTP)
	a := p.StartTB(b, nop{})
	m := bot.Message{Text: "There are **2,000** accounts.", Footer: "offline · 1 round · 12 ms", Code: "SELECT count(*) FROM dim.accounts",
		Table:   &bot.Table{Columns: []string{"plan", "accounts"}, Rows: [][]string{{"free", "1,200"}, {"pro", "500"}}},
		Buttons: []bot.Button{{Action: "tarn.vote", Label: "👍", Value: "up"}, {Action: "tarn.vote", Label: "👎", Value: "down"}}}
	th := bot.Thread{Platform: bot.Slack, Channel: slacktest.Channel}
	for b.Loop() {
		if _, err := a.Post(context.Background(), th, m); err != nil {
			b.Fatal(err)
		}
	}
}
