package slack_test

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/bot"
	"github.com/tarn-data/tarn/bot/bottest"
	"github.com/tarn-data/tarn/bot/slack"
	"github.com/tarn-data/tarn/bot/slack/slacktest"
)

func startHTTP(t *testing.T, h bot.Handler) (*slacktest.Platform, *tarn.FakeClock) {
	p := slacktest.NewPlatform(t, slacktest.HTTP)
	clock := tarn.NewFakeClock(time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC))
	p.Clock = clock
	p.Start(t, h)
	return p, clock
}

func mention(t *testing.T, p *slacktest.Platform, ts, text string) []byte {
	return p.EventCallback(t, map[string]any{"type": "app_mention", "user": slacktest.UserID("alice"), "text": "<@" + slacktest.BotUserID + "> " + text,
		"ts": ts, "channel": slacktest.Channel})
}

func TestForgedOrReplayedRequestsAreRefusedAndNothingIsDelivered(t *testing.T) {
	rec := bottest.NewRecorder()
	p, clock := startHTTP(t, rec)
	body := mention(t, p, "1.000001", "forged")
	now := clock.Now()

	tampered := p.SignedHeader(body, now)
	other := mention(t, p, "1.000002", "tampered")
	wrongSecret := http.Header{}
	wrongSecret.Set("X-Slack-Request-Timestamp", tampered.Get("X-Slack-Request-Timestamp"))
	wrongSecret.Set("X-Slack-Signature", "v0="+hex.EncodeToString(slack.Sign("not-the-secret", tampered.Get("X-Slack-Request-Timestamp"), body)))
	for name, c := range map[string]struct {
		body []byte
		h    http.Header
	}{
		"a body that is not the signed one": {other, tampered},
		"a signature with another secret":   {body, wrongSecret},
		"no signature at all":               {body, http.Header{}},
		"signed six minutes ago (a replay)": {body, p.SignedHeader(body, now.Add(-6*time.Minute))},
		"signed six minutes ahead":          {body, p.SignedHeader(body, now.Add(6*time.Minute))},
		"a commands request with a bad sig": {[]byte("text=hi"), wrongSecret},
	} {
		path := "/slack/events"
		if bytes.HasPrefix(c.body, []byte("text=")) {
			path = "/slack/commands"
		}
		if status, _ := p.PostHTTP(t, path, c.body, c.h); status != http.StatusUnauthorized {
			t.Errorf("%s: status %d, want 401", name, status)
		}
	}
	// Four minutes old is within the window.
	good := mention(t, p, "1.000003", "genuine")
	if status, resp := p.PostHTTP(t, "/slack/events", good, p.SignedHeader(good, now.Add(-4*time.Minute))); status != http.StatusOK {
		t.Fatalf("a good request: %d %s", status, resp)
	}
	if in := rec.WaitIncoming(t, 1); len(in) != 1 || in[0].Text != "genuine" {
		t.Fatalf("delivered %+v, want only the genuine mention", in)
	}
}

// gate is a Handler that holds every message until released.
type gate struct {
	*bottest.Recorder
	entered, release chan struct{}
}

func (g *gate) Message(ctx context.Context, in bot.Incoming) {
	g.entered <- struct{}{}
	<-g.release
	g.Recorder.Message(ctx, in)
}

func TestSlackIsAnsweredOnlyAfterTheHandlerReturned(t *testing.T) {
	g := &gate{Recorder: bottest.NewRecorder(), entered: make(chan struct{}), release: make(chan struct{})}
	p, clock := startHTTP(t, g)
	body := mention(t, p, "1.000001", "hold on")
	answered := make(chan int, 1)
	go func() {
		status, _ := p.PostHTTP(t, "/slack/events", body, p.SignedHeader(body, clock.Now()))
		answered <- status
	}()
	<-g.entered
	select {
	case s := <-answered:
		t.Fatalf("answered %d while the handler was still running", s)
	default:
	}
	close(g.release)
	if s := <-answered; s != http.StatusOK {
		t.Fatalf("status %d", s)
	}
}

func TestURLVerificationAnswersTheChallenge(t *testing.T) {
	p, clock := startHTTP(t, bottest.NewRecorder())
	body := []byte(`{"token":"x","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}`)
	status, resp := p.PostHTTP(t, "/slack/events", body, p.SignedHeader(body, clock.Now()))
	var got struct{ Challenge string }
	if err := json.Unmarshal(resp, &got); err != nil || status != http.StatusOK || got.Challenge != "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" {
		t.Fatalf("url_verification: %d %s", status, resp)
	}
}

func TestBodiesOverOneMebibyteAreRefused(t *testing.T) {
	p, clock := startHTTP(t, bottest.NewRecorder())
	body := bytes.Repeat([]byte("x"), 2<<20)
	if status, _ := p.PostHTTP(t, "/slack/events", body, p.SignedHeader(body, clock.Now())); status != http.StatusRequestEntityTooLarge {
		t.Fatalf("status %d, want 413", status)
	}
}

func TestARetriedEventReachesTheHandlerWithTheSameDelivery(t *testing.T) {
	for _, transport := range []string{slacktest.SocketMode, slacktest.HTTP} {
		t.Run(transport, func(t *testing.T) {
			p := slacktest.NewPlatform(t, transport)
			rec := bottest.NewRecorder()
			p.Start(t, rec)
			payload := mention(t, p, "1.000001", "once")
			var outer struct {
				EventID string `json:"event_id"`
			}
			_ = json.Unmarshal(payload, &outer)
			p.Deliver(t, "events_api", payload, 0)
			p.Deliver(t, "events_api", payload, 1) // X-Slack-Retry-Num: 1, or retry_attempt 1
			got := rec.WaitIncoming(t, 2)
			if got[0].Delivery != outer.EventID || got[1].Delivery != outer.EventID {
				t.Fatalf("deliveries %q, %q; want the event_id %q twice", got[0].Delivery, got[1].Delivery, outer.EventID)
			}
		})
	}
}
