package discord_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tarn-data/tarn/bot"
	"github.com/tarn-data/tarn/bot/bottest"
	"github.com/tarn-data/tarn/bot/discord/discordtest"
)

// start connects an adapter to a fresh fake Discord.
func start(t *testing.T, viaHTTP bool, h bot.Handler) (*discordtest.Platform, bot.Adapter) {
	t.Helper()
	p := discordtest.NewPlatform(t, viaHTTP)
	return p, p.Start(t, h)
}

func command(name, text string) []byte {
	b, _ := json.Marshal(map[string]any{"id": "1200000000000000001", "application_id": "900000000000000001", "type": 2,
		"token": "tok", "channel_id": "1", "guild_id": "900000000000000003", "version": 1,
		"member": map[string]any{"user": map[string]any{"id": "42", "username": name}},
		"data":   map[string]any{"name": "tarn", "options": []any{map[string]any{"name": "question", "type": 3, "value": text}}}})
	return b
}

func TestTheEndpointRefusesForgedSignaturesAndDeliversNothing(t *testing.T) {
	t.Parallel()
	rec := &counting{Recorder: bottest.NewRecorder()}
	p, _ := start(t, true, rec)
	body := command("mallory", "drop everything")
	sig, stamp := p.Sign(body, p.Clock.Now())
	forged := []byte(strings.Replace(string(body), "drop everything", "show me the secrets", 1))
	if status, _ := p.PostSigned(t, forged, sig, stamp); status != http.StatusUnauthorized {
		t.Fatalf("a body that does not match its signature got %d, want 401", status)
	}
	if status, _ := p.PostSigned(t, body, strings.Repeat("00", 64), stamp); status != http.StatusUnauthorized {
		t.Fatalf("a zero signature got %d, want 401", status)
	}
	if status, _ := p.PostSigned(t, body, "", stamp); status != http.StatusUnauthorized {
		t.Fatalf("no signature got %d, want 401", status)
	}
	// A signed ping proves the endpoint is up; nothing forged reached the handler.
	ping := []byte(`{"id":"1","type":1,"application_id":"900000000000000001","token":"t","version":1}`)
	sig, stamp = p.Sign(ping, p.Clock.Now())
	if status, out := p.PostSigned(t, ping, sig, stamp); status != http.StatusOK || !strings.Contains(string(out), `"type":1`) {
		t.Fatalf("ping answered %d %s, want 200 with type 1 (PONG)", status, out)
	}
	if n := rec.n.Load(); n != 0 {
		t.Fatalf("%d forged requests were delivered", n)
	}
}

func TestTheEndpointRefusesReplaysOlderThanFiveMinutes(t *testing.T) {
	t.Parallel()
	rec := bottest.NewRecorder()
	p, _ := start(t, true, rec)
	ping := []byte(`{"id":"1","type":1,"application_id":"900000000000000001","token":"t","version":1}`)
	sig, stamp := p.Sign(ping, p.Clock.Now().Add(-5*time.Minute-time.Second))
	if status, _ := p.PostSigned(t, ping, sig, stamp); status != http.StatusUnauthorized {
		t.Fatalf("a request signed 5 min 1 s ago got %d, want 401", status)
	}
	sig, stamp = p.Sign(ping, p.Clock.Now())
	p.Clock.Advance(6 * time.Minute) // the same request, replayed later
	if status, _ := p.PostSigned(t, ping, sig, stamp); status != http.StatusUnauthorized {
		t.Fatalf("a replay six minutes later got %d, want 401", status)
	}
	sig, stamp = p.Sign(ping, p.Clock.Now().Add(-4*time.Minute))
	if status, _ := p.PostSigned(t, ping, sig, stamp); status != http.StatusOK {
		t.Fatalf("a request signed four minutes ago got %d, want 200", status)
	}
}

// counting counts deliveries of any kind.
type counting struct {
	*bottest.Recorder
	n atomic.Int64
}

func (c *counting) Message(ctx context.Context, in bot.Incoming) {
	c.n.Add(1)
	c.Recorder.Message(ctx, in)
}
func (c *counting) Action(ctx context.Context, a bot.Action) { c.n.Add(1); c.Recorder.Action(ctx, a) }
func (c *counting) Submit(ctx context.Context, s bot.Submission) map[string]string {
	c.n.Add(1)
	return c.Recorder.Submit(ctx, s)
}

// slow blocks in Message until release is closed, as a handler doing its
// work inline would.
type slow struct {
	*bottest.Recorder
	entered chan bot.Incoming
	release chan struct{}
}

func (s *slow) Message(ctx context.Context, in bot.Incoming) {
	s.entered <- in
	<-s.release
	s.Recorder.Message(ctx, in)
}

func TestASlashCommandIsDeferredBeforeTheWorkAndAnsweredByEditingTheOriginal(t *testing.T) {
	t.Parallel()
	for _, viaHTTP := range []bool{false, true} {
		h := &slow{Recorder: bottest.NewRecorder(), entered: make(chan bot.Incoming, 1), release: make(chan struct{})}
		p, a := start(t, viaHTTP, h)
		id := p.CommandIn(t, "bob", p.Channel(), "top zones by requests") // returns once answered
		var in bot.Incoming
		select {
		case in = <-h.entered:
		case <-time.After(10 * time.Second):
			t.Fatal("the command was not delivered")
		}
		resp := p.S.Responses(id)
		if len(resp) != 1 || resp[0].Type != 5 {
			t.Fatalf("while the handler works the command has responses %+v, want one deferred response (type 5)", resp)
		}
		if in.Thread.ID != "" || in.Thread.Channel != p.Channel() || in.Delivery != id {
			t.Fatalf("the command arrived as %+v, want Thread{discord, %s, \"\"} and delivery %s", in, p.Channel(), id)
		}
		close(h.release)
		ref, err := a.Post(context.Background(), in.Thread, bot.Message{Text: "**bob** asked: top zones by requests"})
		if err != nil {
			t.Fatal(err)
		}
		edited := false
		for _, r := range p.S.Requests() {
			edited = edited || strings.HasPrefix(r, "PATCH /api/v9/webhooks/") && strings.HasSuffix(r, "/messages/@original")
		}
		if !edited {
			t.Fatalf("the answer did not edit @original: %v", p.S.Requests())
		}
		if _, err := a.Post(context.Background(), ref.Thread, bot.Message{Text: "There are 12 zones."}); err != nil {
			t.Fatal(err)
		}
		got := p.Messages(t, ref.Thread)
		if len(got) != 2 || !strings.Contains(got[0].Text, "bob") || got[0].Edits != 0 || !strings.Contains(got[1].Text, "12 zones") {
			t.Fatalf("the thread shows %+v, want the filled-in response (not counted as an edit) and the answer", got)
		}
	}
}

func TestASlashCommandsAnswerIsEditedThroughItsTokenAndItsAskerGetsNoticesAlone(t *testing.T) {
	t.Parallel()
	h := &slow{Recorder: bottest.NewRecorder(), entered: make(chan bot.Incoming, 1), release: make(chan struct{})}
	close(h.release)
	p, a := start(t, false, h)
	p.CommandIn(t, "bob", p.Channel(), "top zones by requests")
	in := <-h.entered
	ctx := context.Background()
	ref, err := a.Post(ctx, in.Thread, bot.Message{Text: "working… reading the question"})
	if err != nil {
		t.Fatal(err)
	}
	webhookEdits := func() (n int) {
		for _, r := range p.S.Requests() {
			if strings.HasPrefix(r, "PATCH /api/v9/webhooks/") && strings.HasSuffix(r, "/messages/@original") {
				n++
			}
		}
		return n
	}
	before := webhookEdits()
	if err := a.Update(ctx, ref, bot.Message{Text: "There are 12 zones."}); err != nil {
		t.Fatal(err)
	}
	if webhookEdits() != before+1 {
		t.Fatalf("the working message was not edited through the interaction's token: %v", p.S.Requests())
	}
	if err := a.Notify(ctx, in.User, ref.Thread, "Only approvers may decide this request."); err != nil {
		t.Fatal(err)
	}
	if got := p.Ephemeral("bob"); len(got) != 1 || !strings.Contains(got[0], "Only approvers") {
		t.Fatalf("bob's ephemeral messages: %q, want the notice shown to him alone", got)
	}

	// Once the token has expired, the edit goes to the channel's message.
	p.Clock.Advance(16 * time.Minute)
	if err := a.Update(ctx, ref, bot.Message{Text: "There are 13 zones."}); err != nil {
		t.Fatal(err)
	}
	if webhookEdits() != before+1 {
		t.Fatal("an expired token was used to edit")
	}
	if got := p.Messages(t, ref.Thread); len(got) == 0 || !strings.Contains(got[0].Text, "13 zones") {
		t.Fatalf("after the token expired the thread shows %+v", got)
	}
}
