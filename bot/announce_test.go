package bot_test

import (
	"context"
	"errors"
	"testing"

	"github.com/tarn-data/tarn/bot"
)

func TestAnnounceStartsAMessageInAChannel(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	if err := f.conv.Announce(ctx, bot.Web, "jobs", "**Job traffic_daily failed**"); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, th := range f.chat.Threads() {
		if th.Channel == "jobs" {
			for _, m := range f.chat.Messages(t, th) {
				got = append(got, m.Text)
			}
		}
	}
	if len(got) != 1 || got[0] != "Job traffic_daily failed" && got[0] != "**Job traffic_daily failed**" {
		t.Fatalf("messages in #jobs: %q", got)
	}
	if err := f.conv.Announce(ctx, bot.Slack, "C1", "x"); !errors.Is(err, bot.ErrNoAdapter) {
		t.Fatalf("announcing on a platform with no adapter: %v", err)
	}
	if err := f.conv.Announce(ctx, bot.Web, "", "x"); err == nil {
		t.Fatal("an announcement without a channel was posted")
	}
}
