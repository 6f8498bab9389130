package discordtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"

	"github.com/gorilla/websocket"
)

// Server is the fake Discord: its REST API and gateway on one loopback
// httptest server, and the state both show.
type Server struct {
	// Token is the bot token the fake accepts ("Bot " + Token).
	Token string
	// AppID, BotID and GuildID name the application, its bot user and the
	// one guild.
	AppID, BotID, GuildID string
	// General is the guild's text channel Tarn is in.
	General string

	srv *httptest.Server

	mu           sync.Mutex
	next         int64
	users        map[string]string // name → id
	channels     map[string]*channel
	messages     map[string]*message
	order        map[string][]string // channel → message ids, oldest first
	interactions map[string]*interaction
	byToken      map[string]*interaction
	notices      map[string][]string // user id → ephemeral texts
	modals       map[string]*modal   // user id → the modal last opened for them
	commands     map[string]json.RawMessage
	requests     []string // "METHOD path", in order

	gmu   sync.Mutex
	conns map[*gwConn]bool
	seq   int64
	ready chan struct{} // receives once per identified connection
}

type channel struct {
	ID, Parent, Guild string
	Type              int // 0 text, 1 DM, 11 public thread
}

type message struct {
	ID, Channel, Author string
	Content             string
	Components          json.RawMessage
	Attachments         []attachment
	Edits               int
	Deferred            bool // a deferred interaction response not yet filled in
}

type attachment struct {
	ID          string `json:"id"`
	Filename    string `json:"filename"`
	ContentType string `json:"content_type"`
	Size        int    `json:"size"`
}

type interaction struct {
	ID, Token, User, Channel string
	Message                  string // the message a click was on
	Responses                []Response
	Original                 string // the message of the interaction's response
	answered                 chan struct{}
}

// Response is an interaction's response as the fake received it.
type Response struct {
	Type int             `json:"type"`
	Data json.RawMessage `json:"data,omitempty"`
}

type modal struct {
	Interaction string
	CustomID    string          `json:"custom_id"`
	Title       string          `json:"title"`
	Components  json.RawMessage `json:"components"`
}

// NewServer starts a fake Discord with one guild, its channel General and
// the bot's user; Close stops it.
func NewServer() *Server {
	s := &Server{Token: "fake-token", AppID: "900000000000000001", BotID: "900000000000000002", GuildID: "900000000000000003",
		next: 1100000000000000000, users: map[string]string{}, channels: map[string]*channel{}, messages: map[string]*message{},
		order: map[string][]string{}, interactions: map[string]*interaction{}, byToken: map[string]*interaction{},
		notices: map[string][]string{}, modals: map[string]*modal{}, commands: map[string]json.RawMessage{},
		conns: map[*gwConn]bool{}, ready: make(chan struct{}, 16)}
	s.General = s.id()
	s.channels[s.General] = &channel{ID: s.General, Guild: s.GuildID}
	mux := http.NewServeMux()
	mux.HandleFunc("/ws/", s.serveGateway)
	mux.HandleFunc("/api/", s.serveREST)
	s.srv = httptest.NewServer(mux)
	return s
}

// Close stops the server and drops gateway connections.
func (s *Server) Close() {
	s.gmu.Lock()
	for c := range s.conns {
		_ = c.ws.Close()
	}
	s.gmu.Unlock()
	s.srv.Close()
}

// URL is the server's base URL (http://127.0.0.1:port).
func (s *Server) URL() string { return s.srv.URL }

// Client returns an http.Client that sends requests for discord.com to the
// fake instead.
func (s *Server) Client() *http.Client {
	u, _ := url.Parse(s.srv.URL)
	return &http.Client{Transport: rewrite{host: u.Host, next: http.DefaultTransport}}
}

type rewrite struct {
	host string
	next http.RoundTripper
}

func (rw rewrite) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Host == "discord.com" {
		r = r.Clone(r.Context())
		r.URL.Scheme, r.URL.Host, r.Host = "http", rw.host, rw.host
	}
	return rw.next.RoundTrip(r)
}

// id returns a new snowflake; s.mu is held or s is not shared yet.
func (s *Server) id() string {
	s.next++
	return fmt.Sprint(s.next)
}

// UserID is the id of the person called name, made up on first use.
func (s *Server) UserID(name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.userID(name)
}

func (s *Server) userID(name string) string {
	if id, ok := s.users[name]; ok {
		return id
	}
	id := s.id()
	s.users[name] = id
	return id
}

// DM returns the direct-message channel between name and the bot.
func (s *Server) DM(name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	uid := s.userID(name)
	for _, ch := range s.channels {
		if ch.Type == 1 && ch.Parent == uid {
			return ch.ID
		}
	}
	ch := &channel{ID: s.id(), Type: 1, Parent: uid}
	s.channels[ch.ID] = ch
	return ch.ID
}

// Requests lists the REST requests received so far ("PATCH /api/v9/…").
func (s *Server) Requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.requests...)
}

// Responses returns the responses interaction id received.
func (s *Server) Responses(id string) []Response {
	s.mu.Lock()
	defer s.mu.Unlock()
	if in := s.interactions[id]; in != nil {
		return append([]Response(nil), in.Responses...)
	}
	return nil
}

// Commands returns the application commands registered, by guild ("" for
// global ones).
func (s *Server) Commands(guild string) json.RawMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.commands[guild]
}

// addMessage stores a new message; s.mu is held.
func (s *Server) addMessage(m *message) *message {
	if m.ID == "" {
		m.ID = s.id()
	}
	s.messages[m.ID] = m
	s.order[m.Channel] = append(s.order[m.Channel], m.ID)
	return m
}

// view is a message as the REST API returns it.
func (s *Server) view(m *message) map[string]any {
	atts := make([]map[string]any, 0, len(m.Attachments))
	for _, a := range m.Attachments {
		atts = append(atts, map[string]any{"id": a.ID, "filename": a.Filename, "content_type": a.ContentType, "size": a.Size,
			"url": "https://cdn.discordapp.com/attachments/" + m.Channel + "/" + a.ID + "/" + a.Filename})
	}
	v := map[string]any{"id": m.ID, "channel_id": m.Channel, "content": m.Content, "attachments": atts, "type": 0,
		"author": map[string]any{"id": m.Author, "username": s.nameOf(m.Author), "bot": m.Author == s.BotID}}
	if ch := s.channels[m.Channel]; ch != nil && ch.Guild != "" {
		v["guild_id"] = ch.Guild
	}
	if len(m.Components) > 0 {
		v["components"] = m.Components
	}
	return v
}

func (s *Server) nameOf(id string) string {
	if id == s.BotID {
		return "tarn"
	}
	for n, u := range s.users {
		if u == id {
			return n
		}
	}
	return id
}

// buttons parses a message's action rows: labels and custom ids.
func buttons(raw json.RawMessage) (labels, ids []string) {
	var rows []struct {
		Components []struct {
			Type     int    `json:"type"`
			Label    string `json:"label"`
			CustomID string `json:"custom_id"`
		} `json:"components"`
	}
	_ = json.Unmarshal(raw, &rows)
	for _, r := range rows {
		for _, c := range r.Components {
			if c.Type == 2 {
				labels, ids = append(labels, c.Label), append(ids, c.CustomID)
			}
		}
	}
	return labels, ids
}

var upgrader = websocket.Upgrader{}

// isImage tells images from other attachments (answer.md).
func isImage(a attachment) bool {
	return strings.HasPrefix(a.ContentType, "image/") || strings.HasSuffix(a.Filename, ".png")
}
