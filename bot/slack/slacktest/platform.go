package slacktest

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/bot"
	tarnslack "github.com/tarn-data/tarn/bot/slack"
)

// Transports an adapter hears Slack through.
const (
	SocketMode = "socket"
	HTTP       = "http"
)

// The credentials of the fake app.
const (
	BotToken      = "xoxb-tarn-test"
	AppToken      = "xapp-tarn-test"
	SigningSecret = "tarn-signing-secret"
	// Channel is the channel Tarn is in.
	Channel = "CGENERAL"
)

// ackTimeout bounds how long a delivery waits for the adapter's ack.
const ackTimeout = 10 * time.Second

// Platform is a fake Slack workspace driving one adapter over Transport.
// It implements bottest.Platform.
type Platform struct {
	*Server
	Transport string
	// Clock is the adapter's clock and dates the signatures of HTTP
	// requests; default the system clock. Set it before Start.
	Clock tarn.Clock

	Adapter *tarnslack.Adapter
	// HTTPURL is the adapter's HTTPHandler on loopback (HTTP transport).
	HTTPURL string

	mu   sync.Mutex
	last *delivery
}

// delivery is one thing Slack sent, kept for Redeliver.
type delivery struct {
	kind    string // "events_api", "interactive", "slash_commands"
	payload json.RawMessage
}

// NewPlatform starts a fake Slack for transport (SocketMode or HTTP); it
// stops when the test ends.
func NewPlatform(t testing.TB, transport string) *Platform {
	s := NewServer()
	t.Cleanup(s.Stop)
	return &Platform{Server: s, Transport: transport, Clock: tarn.SystemClock{}}
}

// Start connects a new adapter to the fake and delivers to h; the
// adapter stops when the test ends.
func (p *Platform) Start(t *testing.T, h bot.Handler) bot.Adapter {
	t.Helper()
	return p.StartTB(t, h)
}

// StartTB is Start for benchmarks too.
func (p *Platform) StartTB(t testing.TB, h bot.Handler) bot.Adapter {
	t.Helper()
	a, err := tarnslack.New(tarnslack.Options{BotToken: BotToken, AppToken: AppToken, SigningSecret: SigningSecret,
		APIURL: p.GetAPIURL(), Handler: h, Clock: p.Clock})
	if err != nil {
		t.Fatal(err)
	}
	p.Adapter = a
	switch p.Transport {
	case HTTP:
		srv := httptest.NewServer(a.HTTPHandler())
		t.Cleanup(srv.Close)
		p.HTTPURL = srv.URL
	default:
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- a.RunSocketMode(ctx) }()
		t.Cleanup(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("socket mode: %v", err)
			}
		})
		if err := p.WaitConnected(ackTimeout); err != nil {
			t.Fatal(err)
		}
	}
	return a
}

// Channel is the channel Tarn is in.
func (p *Platform) Channel() string { return Channel }

// UserID is the Slack user id of the person named name.
func UserID(name string) string { return "U" + strings.ToUpper(name) }

// Identity is "slack:<team>/<user id>".
func (p *Platform) Identity(user string) string { return "slack:" + TeamID + "/" + UserID(user) }

// Deliver sends payload as Slack would over the platform's transport and
// returns the ack's payload (Socket Mode) or the response body (HTTP).
func (p *Platform) Deliver(t testing.TB, kind string, payload json.RawMessage, retry int) json.RawMessage {
	t.Helper()
	p.mu.Lock()
	p.last = &delivery{kind: kind, payload: payload}
	p.mu.Unlock()
	if p.Transport != HTTP {
		ack, err := p.SendEnvelope(kind, payload, retry, ackTimeout)
		if err != nil {
			t.Fatal(err)
		}
		return ack
	}
	path, body, ctype := "/slack/events", []byte(payload), "application/json"
	switch kind {
	case "interactive":
		path, body, ctype = "/slack/interactivity", []byte(url.Values{"payload": {string(payload)}}.Encode()), "application/x-www-form-urlencoded"
	case "slash_commands":
		var f map[string]string
		if err := json.Unmarshal(payload, &f); err != nil {
			t.Fatal(err)
		}
		v := url.Values{}
		for k, x := range f {
			v.Set(k, x)
		}
		path, body, ctype = "/slack/commands", []byte(v.Encode()), "application/x-www-form-urlencoded"
	}
	h := p.SignedHeader(body, p.Clock.Now())
	h.Set("Content-Type", ctype)
	if retry > 0 {
		h.Set("X-Slack-Retry-Num", strconv.Itoa(retry))
		h.Set("X-Slack-Retry-Reason", "http_timeout")
	}
	status, resp := p.PostHTTP(t, path, body, h)
	if status != http.StatusOK {
		t.Fatalf("POST %s: %d %s", path, status, resp)
	}
	return resp
}

// SignedHeader returns the headers Slack signs body with at time now.
func (p *Platform) SignedHeader(body []byte, now time.Time) http.Header {
	ts := strconv.FormatInt(now.Unix(), 10)
	h := http.Header{}
	h.Set("X-Slack-Request-Timestamp", ts)
	h.Set("X-Slack-Signature", "v0="+hex.EncodeToString(tarnslack.Sign(SigningSecret, ts, body)))
	return h
}

// PostHTTP posts body to the adapter's HTTPHandler with header h and
// returns the status and body of the response.
func (p *Platform) PostHTTP(t testing.TB, path string, body []byte, h http.Header) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, p.HTTPURL+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header = h
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	return res.StatusCode, out
}

func mustJSON(t testing.TB, v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// EventCallback wraps an inner event as Slack's event_callback.
func (p *Platform) EventCallback(t testing.TB, inner map[string]any) json.RawMessage {
	p.Server.mu.Lock()
	id := p.id("Ev")
	p.Server.mu.Unlock()
	return mustJSON(t, map[string]any{"type": "event_callback", "team_id": TeamID, "api_app_id": "ATARN", "event_id": id,
		"event_time": time.Now().Unix(), "event": inner})
}

// Say writes text as user: a mention of Tarn in Channel, or a reply
// without a mention in thread when thread.ID is set.
func (p *Platform) Say(t *testing.T, user string, thread bot.Thread, text string) {
	t.Helper()
	payload, _ := p.Event(t, user, thread, text)
	p.Deliver(t, "events_api", payload, 0)
}

// Event writes text as user into the workspace as Say does and returns,
// without delivering it, the event_callback Slack sends for it (a fresh
// event_id) and the thread it is in: for a mention, the thread it starts.
// Deliver it, or SendEnvelope it, as often as Slack would retry it.
func (p *Platform) Event(t testing.TB, user string, thread bot.Thread, text string) (json.RawMessage, bot.Thread) {
	t.Helper()
	p.Server.mu.Lock()
	ts := p.ts()
	channel := Channel
	if thread.Channel != "" {
		channel = thread.Channel
	}
	ev := map[string]any{"user": UserID(user), "ts": ts, "channel": channel, "team": TeamID, "event_ts": ts}
	m := &Msg{Channel: channel, TS: ts, User: UserID(user)}
	in := bot.Thread{Platform: bot.Slack, Channel: channel, ID: thread.ID}
	if thread.ID == "" {
		ev["type"], ev["text"] = "app_mention", "<@"+BotUserID+"> "+text
		in.ID = ts
	} else {
		ev["type"], ev["text"], ev["thread_ts"], ev["channel_type"] = "message", text, thread.ID, "channel"
		m.ThreadTS = thread.ID
	}
	m.Text = ev["text"].(string)
	p.add(m)
	p.Server.mu.Unlock()
	return p.EventCallback(t, ev), in
}

// Command runs "/tarn text" as user in Channel.
func (p *Platform) Command(t *testing.T, user, text string) {
	t.Helper()
	p.Deliver(t, "slash_commands", mustJSON(t, map[string]string{"token": "x", "team_id": TeamID, "team_domain": "tarn",
		"channel_id": Channel, "channel_name": "general", "user_id": UserID(user), "user_name": user, "command": "/tarn",
		"text": text, "api_app_id": "ATARN", "trigger_id": p.trigger(UserID(user)), "response_url": p.GetAPIURL() + "response"}), 0)
}

// Redeliver delivers the last delivery again, marked as a retry.
func (p *Platform) Redeliver(t *testing.T) {
	t.Helper()
	p.mu.Lock()
	last := p.last
	p.mu.Unlock()
	if last == nil {
		t.Fatal("nothing to redeliver")
	}
	p.Deliver(t, last.kind, last.payload, 1)
}

// Click clicks, as user, the button labelled label on message ref.
func (p *Platform) Click(t *testing.T, user string, ref bot.MessageRef, label string) {
	t.Helper()
	p.Server.mu.Lock()
	var m Msg
	var hit *slack.ButtonBlockElement
	var blockID string
	if found := p.msgs[ref.Thread.Channel+"/"+ref.ID]; found != nil {
		m = *found
		for _, b := range m.Blocks.BlockSet {
			if ab, ok := b.(*slack.ActionBlock); ok && ab.Elements != nil {
				for _, el := range ab.Elements.ElementSet {
					if btn, ok := el.(*slack.ButtonBlockElement); ok && btn.Text != nil && btn.Text.Text == label {
						hit, blockID = btn, ab.BlockID
					}
				}
			}
		}
	}
	p.Server.mu.Unlock()
	if hit == nil {
		t.Fatalf("message %s has no button %q", ref.ID, label)
	}
	uid := UserID(user)
	container := map[string]any{"type": "message", "message_ts": m.TS, "channel_id": m.Channel, "is_ephemeral": false}
	msg := map[string]any{"type": "message", "ts": m.TS, "user": m.User, "text": m.Text}
	if m.ThreadTS != "" {
		container["thread_ts"], msg["thread_ts"] = m.ThreadTS, m.ThreadTS
	}
	p.Deliver(t, "interactive", mustJSON(t, map[string]any{
		"type": "block_actions", "team": map[string]any{"id": TeamID}, "api_app_id": "ATARN",
		"user":       map[string]any{"id": uid, "username": user, "name": user, "team_id": TeamID},
		"trigger_id": p.trigger(uid), "container": container, "channel": map[string]any{"id": m.Channel, "name": "general"},
		"message": msg, "response_url": p.GetAPIURL() + "response",
		"actions": []map[string]any{{"type": "button", "action_id": hit.ActionID, "block_id": blockID, "value": hit.Value,
			"text": map[string]any{"type": "plain_text", "text": label}, "action_ts": fmt.Sprint(time.Now().UnixMicro())}},
	}), 0)
}
