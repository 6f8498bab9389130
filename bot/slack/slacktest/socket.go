package slacktest

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// socketState is the Socket Mode side: the connections, and the acks
// awaited per envelope.
type socketState struct {
	mu      sync.Mutex
	conns   []*wsConn
	hellos  int           // hellos sent, one per connection
	helloed chan struct{} // closed and replaced at each hello
	waiting map[string]chan json.RawMessage
	acks    []Ack
	closed  bool
}

// Ack is an acknowledgement the adapter sent for an envelope.
type Ack struct {
	EnvelopeID string
	Payload    json.RawMessage
}

type wsConn struct {
	mu sync.Mutex // one writer at a time
	c  *websocket.Conn
}

func (w *wsConn) write(v any) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	_ = w.c.SetWriteDeadline(time.Now().Add(5 * time.Second))
	return w.c.WriteJSON(v)
}

// connectionsOpen answers apps.connections.open for the app token
// AppToken, and invalid_auth for any other.
func (s *Server) connectionsOpen(w http.ResponseWriter, r *http.Request) {
	answer := ok(map[string]any{"url": "ws://" + s.ServerAddr + "/socket"})
	if r.Header.Get("Authorization") != "Bearer "+AppToken {
		answer = fail("invalid_auth")
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(answer)
}

var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

// socket serves one Socket Mode connection: hello, then the envelopes
// tests send; acks are recorded and handed to whoever waits for them.
func (s *Server) socket(w http.ResponseWriter, r *http.Request) {
	c, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	conn := &wsConn{c: c}
	s.sock.mu.Lock()
	if s.sock.closed {
		s.sock.mu.Unlock()
		c.Close()
		return
	}
	s.sock.conns = append(s.sock.conns, conn)
	s.sock.mu.Unlock()
	defer s.drop(conn)
	if err := conn.write(map[string]any{"type": "hello", "num_connections": 1, "connection_info": map[string]any{"app_id": "ATARN"}}); err != nil {
		return
	}
	s.sock.mu.Lock()
	s.sock.hellos++
	if s.sock.helloed != nil {
		close(s.sock.helloed)
	}
	s.sock.helloed = make(chan struct{})
	s.sock.mu.Unlock()
	stop := make(chan struct{})
	defer close(stop)
	go func() { // Slack pings; the client reconnects without them
		t := time.NewTicker(5 * time.Second)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				conn.mu.Lock()
				_ = conn.c.WriteControl(websocket.PingMessage, []byte("ping"), time.Now().Add(time.Second))
				conn.mu.Unlock()
			}
		}
	}()
	for {
		var a struct {
			EnvelopeID string          `json:"envelope_id"`
			Payload    json.RawMessage `json:"payload"`
		}
		if err := c.ReadJSON(&a); err != nil {
			return
		}
		s.sock.mu.Lock()
		s.sock.acks = append(s.sock.acks, Ack{EnvelopeID: a.EnvelopeID, Payload: a.Payload})
		if ch, ok := s.sock.waiting[a.EnvelopeID]; ok {
			ch <- a.Payload
			delete(s.sock.waiting, a.EnvelopeID)
		}
		s.sock.mu.Unlock()
	}
}

func (s *Server) drop(c *wsConn) {
	s.sock.mu.Lock()
	defer s.sock.mu.Unlock()
	for i, x := range s.sock.conns {
		if x == c {
			s.sock.conns = append(s.sock.conns[:i], s.sock.conns[i+1:]...)
			break
		}
	}
	c.c.Close()
}

func (s *Server) closeSockets() {
	s.sock.mu.Lock()
	defer s.sock.mu.Unlock()
	s.sock.closed = true
	for _, c := range s.sock.conns {
		c.c.Close()
	}
}

// WaitConnected waits until a Socket Mode client said hello.
func (s *Server) WaitConnected(timeout time.Duration) error { return s.WaitHellos(1, timeout) }

// WaitHellos waits until n Socket Mode connections were greeted (a client
// that reconnects says hello again).
func (s *Server) WaitHellos(n int, timeout time.Duration) error {
	deadline := time.After(timeout)
	for {
		s.sock.mu.Lock()
		if s.sock.helloed == nil {
			s.sock.helloed = make(chan struct{})
		}
		got, ch := s.sock.hellos, s.sock.helloed
		s.sock.mu.Unlock()
		if got >= n {
			return nil
		}
		select {
		case <-ch:
		case <-deadline:
			return fmt.Errorf("slacktest: %d socket mode connections, want %d", got, n)
		}
	}
}

// Disconnect asks the connected clients to reconnect, as Slack does
// before it rotates a connection.
func (s *Server) Disconnect() error {
	s.sock.mu.Lock()
	conns := append([]*wsConn(nil), s.sock.conns...)
	s.sock.mu.Unlock()
	for _, c := range conns {
		if err := c.write(map[string]any{"type": "disconnect", "reason": "refresh_requested", "debug_info": map[string]any{"host": "fake"}}); err != nil {
			return err
		}
	}
	return nil
}

// Acks returns the acknowledgements received, in order.
func (s *Server) Acks() []Ack {
	s.sock.mu.Lock()
	defer s.sock.mu.Unlock()
	return append([]Ack(nil), s.sock.acks...)
}

// SendEnvelope sends a Socket Mode envelope of type typ ("events_api",
// "interactive", "slash_commands") with payload to the newest connection
// and waits for its ack, whose payload it returns.
func (s *Server) SendEnvelope(typ string, payload json.RawMessage, retry int, timeout time.Duration) (json.RawMessage, error) {
	s.mu.Lock()
	env := s.id("env-")
	s.mu.Unlock()
	ch := make(chan json.RawMessage, 1)
	s.sock.mu.Lock()
	if len(s.sock.conns) == 0 {
		s.sock.mu.Unlock()
		return nil, errors.New("slacktest: no socket mode connection")
	}
	conn := s.sock.conns[len(s.sock.conns)-1]
	if s.sock.waiting == nil {
		s.sock.waiting = map[string]chan json.RawMessage{}
	}
	s.sock.waiting[env] = ch
	s.sock.mu.Unlock()
	msg := map[string]any{"envelope_id": env, "type": typ, "payload": payload,
		"accepts_response_payload": typ != "events_api", "retry_attempt": retry}
	if retry > 0 {
		msg["retry_reason"] = "timeout"
	}
	if err := conn.write(msg); err != nil {
		return nil, fmt.Errorf("slacktest: sending envelope: %w", err)
	}
	select {
	case p := <-ch:
		if strings.TrimSpace(string(p)) == "null" {
			p = nil
		}
		return p, nil
	case <-time.After(timeout):
		return nil, fmt.Errorf("slacktest: envelope %s (%s) was not acknowledged", env, typ)
	}
}
