package web_test

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/tarn-data/tarn/bot"
	"github.com/tarn-data/tarn/bot/bottest"
	"github.com/tarn-data/tarn/bot/web"
)

var people = []web.Person{{Name: "alice", Note: "analysts"}, {Name: "bob", Note: "analysts"}, {Name: "carol", Note: "security"},
	{Name: "dave", Note: "approvers"}, {Name: "erin", Note: "billing"}}

// platform drives a Chat over its HTTP API the way the page does.
type platform struct {
	chat *web.Chat
	srv  *httptest.Server
	last func(t *testing.T)
}

func newPlatform(t *testing.T, o web.Options) *platform {
	if o.People == nil {
		o.People = people
	}
	c := web.New(o)
	srv := httptest.NewServer(c.Handler())
	t.Cleanup(srv.Close)
	return &platform{chat: c, srv: srv}
}

func (p *platform) Start(_ *testing.T, h bot.Handler) bot.Adapter { p.chat.Start(h); return p.chat }
func (p *platform) Channel() string                               { return "general" }
func (p *platform) Identity(user string) string                   { return "web:" + user }

// call POSTs body to path from the page's origin and decodes the reply
// into out; it returns the status.
func (p *platform) call(t *testing.T, path string, body, out any) int {
	t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("POST", p.srv.URL+path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", p.srv.URL)
	resp, err := p.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			t.Fatalf("POST %s: %d %s: %v", path, resp.StatusCode, raw, err)
		}
	}
	return resp.StatusCode
}

func (p *platform) must(t *testing.T, path string, body, out any) {
	t.Helper()
	var raw json.RawMessage
	if code := p.call(t, path, body, &raw); code != http.StatusOK {
		t.Fatalf("POST %s %+v: %d %s", path, body, code, raw)
	}
	if out != nil {
		json.Unmarshal(raw, out)
	}
}

func randomDelivery() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func (p *platform) send(user, channel, thread, text string) func(t *testing.T) {
	body := map[string]string{"as": user, "channel": channel, "thread": thread, "text": text, "delivery": randomDelivery()}
	return func(t *testing.T) { t.Helper(); p.must(t, "/chat/api/messages", body, nil) }
}

func (p *platform) Say(t *testing.T, user string, thread bot.Thread, text string) {
	ch := thread.Channel
	if ch == "" {
		ch = p.Channel()
	}
	p.last = p.send(user, ch, thread.ID, text)
	p.last(t)
}

func (p *platform) Command(t *testing.T, user, text string) { p.Say(t, user, bot.Thread{}, text) }

func (p *platform) Redeliver(t *testing.T) {
	if p.last == nil {
		t.Fatal("nothing to redeliver")
	}
	p.last(t)
}

func (p *platform) Click(t *testing.T, user string, ref bot.MessageRef, label string) {
	t.Helper()
	for _, th := range p.state(t, user).threads() {
		for _, m := range th.Messages {
			for i, b := range m.Buttons {
				if m.ID == ref.ID && b.Label == label {
					p.must(t, "/chat/api/actions", map[string]any{"as": user, "message": m.ID, "button": i}, nil)
					return
				}
			}
		}
	}
	t.Fatalf("message %s has no button %q", ref.ID, label)
}

func (p *platform) Form(t *testing.T, user string) (bot.Form, bool) {
	forms := p.state(t, user).Forms
	if len(forms) == 0 {
		return bot.Form{}, false
	}
	f := forms[len(forms)-1]
	out := bot.Form{Title: f.Title, Submit: f.Submit}
	for _, fd := range f.Fields {
		out.Fields = append(out.Fields, bot.Field{ID: fd.ID, Label: fd.Label, Default: fd.Default, Multiline: fd.Multiline})
	}
	return out, true
}

func (p *platform) Submit(t *testing.T, user string, values map[string]string) map[string]string {
	t.Helper()
	forms := p.state(t, user).Forms
	if len(forms) == 0 {
		t.Fatalf("%s has no open form", user)
	}
	var reply struct{ Fields map[string]string }
	code := p.call(t, "/chat/api/forms", map[string]any{"as": user, "token": forms[len(forms)-1].Token, "fields": values}, &reply)
	if code != http.StatusOK && code != http.StatusBadRequest {
		t.Fatalf("submitting a form: %d", code)
	}
	return reply.Fields
}

func (p *platform) Messages(t *testing.T, thread bot.Thread) []bottest.Seen {
	var out []bottest.Seen
	for _, th := range p.state(t, "alice").threads() {
		if th.ID != thread.ID || th.Channel != thread.Channel {
			continue
		}
		for _, m := range th.Messages {
			if !m.Tarn {
				continue
			}
			s := bottest.Seen{ID: m.ID, Edits: m.Edits, Text: bottest.Plain(m.message())}
			for _, b := range m.Buttons {
				s.Buttons = append(s.Buttons, b.Label)
			}
			for _, img := range m.Images {
				s.Images = append(s.Images, img.Name)
			}
			out = append(out, s)
		}
	}
	return out
}

func (p *platform) Notices(t *testing.T, user string) []string {
	var out []string
	for _, n := range p.state(t, user).Notices {
		out = append(out, n.Text)
	}
	return out
}

// The JSON the page reads.
type state struct {
	Seq      int64
	You      string
	People   []struct{ Name, Note string }
	Examples []string
	Channels []struct {
		Name    string
		Threads []threadJSON
	}
	Notices []struct{ ID, Text, Channel, Thread string }
	Forms   []struct {
		Token, Title, Submit string
		Fields               []struct {
			ID, Label, Default string
			Multiline          bool
			Options            []struct{ Label, Value string }
		}
	}
}

type threadJSON struct {
	ID, Channel string
	Replies     int
	Messages    []messageJSON
}

type messageJSON struct {
	ID, Thread, Channel, Author string
	Tarn                        bool
	At                          time.Time
	Text, Code, CodeLang        string
	Footer                      string
	Table                       *struct {
		Columns []string
		Rows    [][]string
		More    int
	}
	Images  []struct{ URL, Name, Title string }
	Buttons []struct{ Label, Style string }
	Edits   int
}

func (m messageJSON) message() bot.Message {
	out := bot.Message{Text: m.Text, Code: m.Code, CodeLang: m.CodeLang, Footer: m.Footer}
	if m.Table != nil {
		out.Table = &bot.Table{Columns: m.Table.Columns, Rows: m.Table.Rows, More: m.Table.More}
	}
	return out
}

func (s state) threads() []threadJSON {
	var out []threadJSON
	for _, ch := range s.Channels {
		out = append(out, ch.Threads...)
	}
	return out
}

func (p *platform) state(t *testing.T, user string) state {
	t.Helper()
	resp, err := p.srv.Client().Get(p.srv.URL + "/chat/api/state?as=" + url.QueryEscape(user))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var s state
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("state as %s: %d %s", user, resp.StatusCode, b)
	}
	if err := json.NewDecoder(resp.Body).Decode(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestTheWebChatPassesTheSuiteOverItsHTTPAPI(t *testing.T) {
	bottest.Run(t, func(t *testing.T) bottest.Platform { return newPlatform(t, web.Options{}) })
}
