package discordtest

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/bot"
	"github.com/tarn-data/tarn/bot/bottest"
	"github.com/tarn-data/tarn/bot/discord"
)

// Platform is the fake Discord as bottest sees it. Messages always arrive
// over the gateway; with HTTP set, slash commands, clicks and form
// submissions go to the adapter's HTTP interactions endpoint, signed.
type Platform struct {
	S     *Server
	HTTP  bool
	Clock *tarn.FakeClock

	priv     ed25519.PrivateKey
	pub      ed25519.PublicKey
	endpoint *httptest.Server
	adapter  *discord.Adapter

	mu   sync.Mutex
	last func(t *testing.T)
}

// NewPlatform starts a fake Discord that stops when the test ends.
func NewPlatform(t *testing.T, viaHTTP bool) *Platform {
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	s := NewServer()
	t.Cleanup(s.Close)
	return &Platform{S: s, HTTP: viaHTTP, Clock: tarn.NewFakeClock(time.Now()), priv: priv, pub: pub}
}

// Options are the adapter options that reach this fake.
func (p *Platform) Options() discord.Options {
	return discord.Options{Token: p.S.Token, ApplicationID: p.S.AppID, PublicKey: hex.EncodeToString(p.pub),
		HTTPClient: p.S.Client(), Clock: p.Clock}
}

// Start connects a new adapter over the gateway (and serves its HTTP
// endpoint when p.HTTP); both stop when the test ends.
func (p *Platform) Start(t *testing.T, h bot.Handler) bot.Adapter {
	o := p.Options()
	o.Handler = h
	a, err := discord.New(o)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.RunGateway(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Error("the gateway did not stop")
		}
	})
	if !p.S.WaitConnected(10 * time.Second) {
		t.Fatal("the adapter did not connect to the gateway")
	}
	p.endpoint = httptest.NewServer(a.HTTPHandler())
	t.Cleanup(p.endpoint.Close)
	p.adapter = a
	return a
}

// Endpoint is the URL of the adapter's HTTP interactions endpoint.
func (p *Platform) Endpoint() string { return p.endpoint.URL }

// Sign returns the signature headers for body sent at ts.
func (p *Platform) Sign(body []byte, ts time.Time) (sig, stamp string) {
	stamp = fmt.Sprint(ts.Unix())
	return hex.EncodeToString(ed25519.Sign(p.priv, append([]byte(stamp), body...))), stamp
}

// PostSigned posts body to the endpoint with the given signature headers
// and returns the status and response body.
func (p *Platform) PostSigned(t *testing.T, body []byte, sig, stamp string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, p.endpoint.URL, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Signature-Ed25519", sig)
	req.Header.Set("X-Signature-Timestamp", stamp)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, out
}

// Channel is the guild's text channel.
func (p *Platform) Channel() string { return p.S.General }

// Identity is "discord:<user id>".
func (p *Platform) Identity(user string) string { return "discord:" + p.S.UserID(user) }

func (p *Platform) setLast(f func(t *testing.T)) {
	p.mu.Lock()
	p.last = f
	p.mu.Unlock()
	f(nil)
}

func fatal(t *testing.T, err error) {
	if err != nil && t != nil {
		t.Helper()
		t.Fatal(err)
	}
}

// Say writes text as user: a mention in Channel, or a reply in thread
// (in the DM when thread.ID is the DM channel).
func (p *Platform) Say(t *testing.T, user string, thread bot.Thread, text string) {
	t.Helper()
	uid := p.S.UserID(user)
	channel, content := p.S.General, "<@"+p.S.BotID+"> "+text
	mentions := []any{map[string]any{"id": p.S.BotID, "username": "tarn", "bot": true}}
	if thread.ID != "" {
		channel, content, mentions = thread.ID, text, []any{}
	}
	p.S.mu.Lock()
	ch := p.S.channels[channel]
	m := p.S.addMessage(&message{Channel: channel, Author: uid, Content: content})
	p.S.mu.Unlock()
	if ch == nil {
		t.Fatalf("no channel %s", channel)
	}
	ev := map[string]any{"id": m.ID, "channel_id": channel, "content": content, "mentions": mentions, "type": 0,
		"author": map[string]any{"id": uid, "username": user}, "timestamp": time.Now().Format(time.RFC3339)}
	if ch.Guild != "" {
		ev["guild_id"] = ch.Guild
	}
	p.setLast(func(t *testing.T) { fatal(t, p.S.Dispatch("MESSAGE_CREATE", ev)) })
}

// newInteraction registers an interaction by user in channel; s.mu is not held.
func (p *Platform) newInteraction(user, channel, msg string) *interaction {
	p.S.mu.Lock()
	defer p.S.mu.Unlock()
	in := &interaction{ID: p.S.id(), User: p.S.userID(user), Channel: channel, Message: msg, answered: make(chan struct{})}
	in.Token = "tok-" + in.ID
	p.S.interactions[in.ID], p.S.byToken[in.Token] = in, in
	return in
}

// deliver sends interaction in (as JSON ev) over the transport and waits
// for its first response.
func (p *Platform) deliver(t *testing.T, in *interaction, ev map[string]any, user string) {
	t.Helper()
	ev["id"], ev["token"], ev["application_id"], ev["channel_id"], ev["version"] = in.ID, in.Token, p.S.AppID, in.Channel, 1
	p.S.mu.Lock()
	ch := p.S.channels[in.Channel]
	if in.Message != "" && p.S.messages[in.Message] != nil {
		ev["message"] = p.S.view(p.S.messages[in.Message])
	}
	p.S.mu.Unlock()
	u := map[string]any{"id": in.User, "username": user}
	if ch != nil && ch.Guild != "" {
		ev["guild_id"], ev["member"] = ch.Guild, map[string]any{"user": u}
	} else {
		ev["user"] = u
	}
	body, _ := json.Marshal(ev)
	send := func(t *testing.T) {
		if p.HTTP {
			sig, stamp := p.Sign(body, p.Clock.Now())
			status, out := p.PostSigned(t, body, sig, stamp)
			if status != http.StatusOK {
				t.Fatalf("the endpoint answered %d: %s", status, out)
			}
			if _, _, err := p.S.respond(in.ID, in.Token, out, true); err != nil {
				t.Fatalf("the endpoint's response %s: %v", out, err)
			}
			return
		}
		fatal(t, p.S.Dispatch("INTERACTION_CREATE", json.RawMessage(body)))
		select {
		case <-in.answered:
		case <-time.After(10 * time.Second):
			t.Fatalf("interaction %s was not answered", in.ID)
		}
	}
	p.mu.Lock()
	p.last = send
	p.mu.Unlock()
	send(t)
}

// Command runs "/tarn text" as user in Channel and returns after its
// first response.
func (p *Platform) Command(t *testing.T, user, text string) {
	t.Helper()
	p.CommandIn(t, user, p.S.General, text)
}

// CommandIn runs "/tarn text" in channel and returns the interaction id.
func (p *Platform) CommandIn(t *testing.T, user, channel, text string) string {
	t.Helper()
	in := p.newInteraction(user, channel, "")
	p.deliver(t, in, map[string]any{"type": 2, "data": map[string]any{"id": "1", "name": "tarn", "type": 1,
		"options": []any{map[string]any{"name": "question", "type": 3, "value": text}}}}, user)
	return in.ID
}

// Redeliver delivers the last event again.
func (p *Platform) Redeliver(t *testing.T) {
	t.Helper()
	p.mu.Lock()
	last := p.last
	p.mu.Unlock()
	if last == nil {
		t.Fatal("nothing to redeliver")
	}
	last(t)
}

// Click clicks the button labelled label on ref as user.
func (p *Platform) Click(t *testing.T, user string, ref bot.MessageRef, label string) {
	t.Helper()
	p.S.mu.Lock()
	m := p.S.messages[ref.ID]
	var id string
	if m != nil {
		labels, ids := buttons(m.Components)
		for i, l := range labels {
			if l == label {
				id = ids[i]
			}
		}
	}
	p.S.mu.Unlock()
	if id == "" {
		t.Fatalf("message %s has no button %q", ref.ID, label)
	}
	in := p.newInteraction(user, m.Channel, m.ID)
	p.deliver(t, in, map[string]any{"type": 3, "data": map[string]any{"custom_id": id, "component_type": 2}}, user)
}

var _ bottest.Platform = (*Platform)(nil)
