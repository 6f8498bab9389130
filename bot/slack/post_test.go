package slack_test

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/bot"
	"github.com/tarn-data/tarn/bot/bottest"
	"github.com/tarn-data/tarn/bot/slack"
	"github.com/tarn-data/tarn/bot/slack/slacktest"
)

var png = []byte("\x89PNG\r\n\x1a\nnot really an image but bytes")

func TestImagesAreUploadedWithTheV2FlowIntoTheThreadOncePerMessage(t *testing.T) {
	p := slacktest.NewPlatform(t, slacktest.HTTP)
	a := p.Start(t, bottest.NewRecorder())
	ctx := context.Background()
	chart1 := bot.Image{Name: "chart-1.png", Title: "requests per day", PNG: png}
	ref, err := a.Post(ctx, bot.Thread{Platform: bot.Slack, Channel: slacktest.Channel}, bot.Message{Text: "Requests", Images: []bot.Image{chart1}})
	if err != nil {
		t.Fatal(err)
	}
	for _, imgs := range [][]bot.Image{{chart1}, {chart1}, {chart1, {Name: "chart-2.png", PNG: png}}} {
		if err := a.Update(ctx, ref, bot.Message{Text: "Requests", Images: imgs}); err != nil {
			t.Fatal(err)
		}
	}
	var urls, completes []slacktest.Call
	for _, c := range p.Calls() {
		switch c.Method {
		case "files.upload":
			t.Fatal("the deprecated files.upload was called")
		case "files.getUploadURLExternal":
			urls = append(urls, c)
		case "files.completeUploadExternal":
			completes = append(completes, c)
		}
	}
	if len(urls) != 2 || len(completes) != 2 {
		t.Fatalf("%d upload URLs and %d completions, want 2 each (chart-1 once, chart-2 once)", len(urls), len(completes))
	}
	if urls[0].Values.Get("filename") != "chart-1.png" || urls[0].Values.Get("alt_txt") != "requests per day" {
		t.Errorf("upload URL asked with %v", urls[0].Values)
	}
	for _, c := range completes {
		if c.Values.Get("channel_id") != slacktest.Channel || c.Values.Get("thread_ts") != ref.Thread.ID {
			t.Errorf("completed with %v, want channel_id %s and thread_ts %s", c.Values, slacktest.Channel, ref.Thread.ID)
		}
	}
	for _, data := range p.Uploaded() {
		if !bytes.Equal(data, png) {
			t.Fatalf("uploaded %q", data)
		}
	}
	var names []string
	for _, s := range p.Messages(t, ref.Thread) {
		names = append(names, s.Images...)
	}
	if strings.Join(names, ",") != "chart-1.png,chart-2.png" {
		t.Fatalf("files in the thread: %v", names)
	}
}

func TestPostsIntoUnknownThreadsFailWithUnknownThread(t *testing.T) {
	p := slacktest.NewPlatform(t, slacktest.HTTP)
	a := p.Start(t, bottest.NewRecorder())
	_, err := a.Post(context.Background(), bot.Thread{Platform: bot.Slack, Channel: slacktest.Channel, ID: "123.456"}, bot.Message{Text: "x"})
	if !errors.Is(err, bot.ErrUnknownThread) {
		t.Fatalf("post into an unknown thread: %v", err)
	}
	if _, err := a.Post(context.Background(), bot.Thread{Platform: bot.Slack}, bot.Message{Text: "x"}); !errors.Is(err, bot.ErrUnknownThread) {
		t.Fatalf("post without a channel: %v", err)
	}
}

func TestNoticesAreEphemeralInTheThread(t *testing.T) {
	p := slacktest.NewPlatform(t, slacktest.HTTP)
	a := p.Start(t, bottest.NewRecorder())
	th := bot.Thread{Platform: bot.Slack, Channel: slacktest.Channel, ID: "1.5"}
	if err := a.Notify(context.Background(), bot.User{ID: slacktest.UserID("erin")}, th, "Only **approvers** may decide <this>."); err != nil {
		t.Fatal(err)
	}
	got := p.Ephemerals(slacktest.UserID("erin"))
	if len(got) != 1 || got[0].ThreadTS != "1.5" || got[0].Channel != slacktest.Channel || got[0].Text != "Only *approvers* may decide &lt;this&gt;." {
		t.Fatalf("ephemerals: %+v", got)
	}
}

func TestMissingSettingsAreNamed(t *testing.T) {
	for _, c := range []struct {
		o    slack.Options
		want string
	}{
		{slack.Options{AppToken: "xapp-1"}, "bot.slack.bot_token"},
		{slack.Options{BotToken: "xoxb-1"}, "bot.slack.app_token is needed for Socket Mode"},
		{slack.Options{BotToken: "xoxb-1", AppToken: "xoxb-2"}, "bot.slack.app_token must be"},
	} {
		_, err := slack.New(c.o)
		if tarn.ErrorCode(err) != tarn.EINVALID || !strings.Contains(tarn.ErrorMessage(err), c.want) {
			t.Errorf("New(%+v) = %v, want EINVALID naming %s", c.o, err, c.want)
		}
	}
	socketOnly, err := slack.New(slack.Options{BotToken: "xoxb-1", AppToken: "xapp-1"})
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodPost, "/slack/events", strings.NewReader(`{"type":"url_verification","challenge":"c"}`))
	req.Header.Set("X-Slack-Request-Timestamp", "1")
	req.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(slack.Sign("", "1", []byte(`{"type":"url_verification","challenge":"c"}`))))
	if socketOnly.HTTPHandler().ServeHTTP(w, req); w.Code != http.StatusUnauthorized {
		t.Fatalf("HTTP without a signing secret answered %d, want 401", w.Code)
	}
	a, err := slack.New(slack.Options{BotToken: "xoxb-1", SigningSecret: "s"})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.RunSocketMode(context.Background()); tarn.ErrorCode(err) != tarn.EINVALID || !strings.Contains(err.Error(), "bot.slack.app_token is needed for Socket Mode") {
		t.Fatalf("RunSocketMode without an app token: %v", err)
	}
}

func TestARefusedAppTokenEndsSocketMode(t *testing.T) {
	s := slacktest.NewServer()
	t.Cleanup(s.Stop)
	a, err := slack.New(slack.Options{BotToken: slacktest.BotToken, AppToken: "xapp-revoked", APIURL: s.GetAPIURL(), BotUserID: slacktest.BotUserID})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.RunSocketMode(context.Background()); !errors.Is(err, bot.ErrPlatform) || !strings.Contains(err.Error(), "invalid_auth") {
		t.Fatalf("RunSocketMode with a refused token: %v", err)
	}
}
