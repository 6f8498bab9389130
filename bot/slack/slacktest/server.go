package slacktest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"
	st "github.com/slack-go/slack/slacktest"
)

// The fake workspace.
const (
	TeamID    = "T0TARN"
	BotUserID = "UTARNBOT"
	BotID     = "BTARN"
)

// Msg is a message in the fake workspace.
type Msg struct {
	Channel, TS, ThreadTS string
	User                  string // author; BotUserID for Tarn's
	Text                  string
	Blocks                slack.Blocks
	Files                 []string // names of files shared with the message
	Edits                 int
	Edited                time.Time // when chat.update last changed it
}

// Ephemeral is a message shown to one user.
type Ephemeral struct {
	Channel, ThreadTS, Text string
}

// Call is one Web API call the server saw.
type Call struct {
	Method string
	Values url.Values // form values (JSON bodies: "json")
}

// Server is the fake Slack Web API and Socket Mode endpoint.
type Server struct {
	*st.Server

	mu         sync.Mutex
	seq        int
	msgs       map[string]*Msg // "channel/ts"
	order      []*Msg
	ephemerals map[string][]Ephemeral // user id → notices
	uploads    map[string]string      // file id → name, between URL and complete
	uploaded   map[string][]byte      // file id → bytes
	triggers   map[string]string      // trigger id → user id
	views      map[string]slack.ModalViewRequest
	lastView   map[string]string // user id → view id
	calls      []Call

	sock socketState
}

// NewServer starts a fake Slack on loopback; it stops when stop is called
// (tests: t.Cleanup(s.Stop)).
func NewServer() *Server {
	s := &Server{msgs: map[string]*Msg{}, ephemerals: map[string][]Ephemeral{}, uploads: map[string]string{},
		uploaded: map[string][]byte{}, triggers: map[string]string{}, views: map[string]slack.ModalViewRequest{}, lastView: map[string]string{}}
	s.Server = st.NewTestServer(func(c st.Customize) {
		c.Handle("/auth.test", s.form(s.authTest))
		c.Handle("/chat.postMessage", s.form(s.postMessage))
		c.Handle("/chat.update", s.form(s.update))
		c.Handle("/chat.postEphemeral", s.form(s.postEphemeral))
		c.Handle("/files.getUploadURLExternal", s.form(s.getUploadURL))
		c.Handle("/files.completeUploadExternal", s.form(s.completeUpload))
		c.Handle("/files.upload", s.form(func(url.Values) any { return fail("method_deprecated") }))
		c.Handle("/upload/", s.upload)
		c.Handle("/views.open", s.viewsOpen)
		c.Handle("/apps.connections.open", s.connectionsOpen)
		c.Handle("/socket", s.socket)
	})
	s.Start()
	return s
}

// Stop closes the server and its websockets.
func (s *Server) Stop() {
	s.closeSockets()
	s.Server.Stop()
}

func fail(code string) any { return map[string]any{"ok": false, "error": code} }

func ok(fields map[string]any) any {
	fields["ok"] = true
	return fields
}

// form decodes a form-encoded Web API call, records it and writes do's
// answer as JSON.
func (s *Server) form(do func(url.Values) any) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		v, err2 := url.ParseQuery(string(body))
		if err != nil || err2 != nil {
			http.Error(w, "bad form", http.StatusBadRequest)
			return
		}
		for k, vs := range r.URL.Query() {
			v[k] = vs
		}
		s.mu.Lock()
		s.calls = append(s.calls, Call{Method: strings.TrimPrefix(r.URL.Path, "/"), Values: v})
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(do(v))
	}
}

// Calls returns the Web API methods called, in order, with their values.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// ts returns a fresh, increasing message timestamp; callers hold s.mu.
func (s *Server) ts() string {
	s.seq++
	return fmt.Sprintf("1700000000.%06d", s.seq)
}

func (s *Server) id(prefix string) string {
	s.seq++
	return fmt.Sprintf("%s%06d", prefix, s.seq)
}

func (s *Server) add(m *Msg) {
	s.msgs[m.Channel+"/"+m.TS] = m
	s.order = append(s.order, m)
}

func (s *Server) authTest(url.Values) any {
	return ok(map[string]any{"user_id": BotUserID, "team_id": TeamID, "bot_id": BotID, "user": "tarn", "team": "Tarn Test"})
}

func decodeBlocks(v url.Values) (slack.Blocks, error) {
	var b slack.Blocks
	if raw := v.Get("blocks"); raw != "" {
		if err := json.Unmarshal([]byte(raw), &b); err != nil {
			return b, err
		}
	}
	return b, nil
}

func (s *Server) postMessage(v url.Values) any {
	blocks, err := decodeBlocks(v)
	if err != nil {
		return fail("invalid_blocks")
	}
	if len(blocks.BlockSet) > 50 {
		return fail("invalid_blocks")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	channel, thread := v.Get("channel"), v.Get("thread_ts")
	if channel == "" {
		return fail("channel_not_found")
	}
	if thread != "" && s.msgs[channel+"/"+thread] == nil {
		return fail("thread_not_found")
	}
	m := &Msg{Channel: channel, TS: s.ts(), ThreadTS: thread, User: BotUserID, Text: v.Get("text"), Blocks: blocks}
	s.add(m)
	return ok(map[string]any{"channel": channel, "ts": m.TS})
}

func (s *Server) update(v url.Values) any {
	blocks, err := decodeBlocks(v)
	if err != nil {
		return fail("invalid_blocks")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.msgs[v.Get("channel")+"/"+v.Get("ts")]
	if m == nil {
		return fail("message_not_found")
	}
	if m.User != BotUserID {
		return fail("cant_update_message")
	}
	m.Text, m.Blocks, m.Edits, m.Edited = v.Get("text"), blocks, m.Edits+1, time.Now()
	return ok(map[string]any{"channel": m.Channel, "ts": m.TS, "text": m.Text})
}

func (s *Server) postEphemeral(v url.Values) any {
	s.mu.Lock()
	defer s.mu.Unlock()
	if v.Get("channel") == "" || v.Get("user") == "" {
		return fail("channel_not_found")
	}
	s.ephemerals[v.Get("user")] = append(s.ephemerals[v.Get("user")], Ephemeral{Channel: v.Get("channel"), ThreadTS: v.Get("thread_ts"), Text: v.Get("text")})
	return ok(map[string]any{"message_ts": s.ts()})
}

// Messages returns every message in the workspace, oldest first.
func (s *Server) Messages() []Msg {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Msg, len(s.order))
	for i, m := range s.order {
		out[i] = *m
	}
	return out
}

// Ephemerals returns what was shown to user id alone.
func (s *Server) Ephemerals(user string) []Ephemeral {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Ephemeral(nil), s.ephemerals[user]...)
}

// Uploaded returns the bytes of every file uploaded, by file id.
func (s *Server) Uploaded() map[string][]byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string][]byte{}
	for k, v := range s.uploaded {
		out[k] = v
	}
	return out
}
