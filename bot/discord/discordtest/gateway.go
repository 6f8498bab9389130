package discordtest

import (
	"encoding/json"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// gwConn is one gateway connection.
type gwConn struct {
	ws *websocket.Conn
	mu sync.Mutex // serialises writes
}

func (c *gwConn) write(v any) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ws.WriteJSON(v)
}

type frame struct {
	Op int             `json:"op"`
	D  json.RawMessage `json:"d"`
	S  int64           `json:"s,omitempty"`
	T  string          `json:"t,omitempty"`
}

// serveGateway speaks the gateway: hello (op 10), identify (op 2) answered
// with READY or resume (op 6) with RESUMED, heartbeats (op 1) answered with acks (op 11).
func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &gwConn{ws: ws}
	defer ws.Close()
	if c.write(map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": 41250}}) != nil {
		return
	}
	var id struct {
		Op int `json:"op"`
		D  struct {
			Token string `json:"token"`
		} `json:"d"`
	}
	_ = ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	if err := ws.ReadJSON(&id); err != nil || (id.Op != 2 && id.Op != 6) || id.D.Token != "Bot "+s.Token {
		_ = ws.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(4004, "Authentication failed."))
		return
	}
	_ = ws.SetReadDeadline(time.Time{})
	ready := map[string]any{"v": 9, "session_id": "fake-session", "guilds": []any{},
		"user":        map[string]any{"id": s.BotID, "username": "tarn", "bot": true},
		"application": map[string]any{"id": s.AppID}}
	s.gmu.Lock()
	s.seq++
	seq := s.seq
	s.conns[c] = true
	s.gmu.Unlock()
	defer func() {
		s.gmu.Lock()
		delete(s.conns, c)
		s.gmu.Unlock()
	}()
	d, _ := json.Marshal(ready)
	first := frame{Op: 0, T: "READY", S: seq, D: d}
	if id.Op == 6 { // a resume
		first = frame{Op: 0, T: "RESUMED", S: seq, D: json.RawMessage(`{}`)}
	}
	if c.write(first) != nil {
		return
	}
	select {
	case s.ready <- struct{}{}:
	default:
	}
	for {
		var f frame
		if err := ws.ReadJSON(&f); err != nil {
			return
		}
		if f.Op == 1 {
			_ = c.write(map[string]any{"op": 11})
		}
	}
}

// WaitConnected waits until a client identified on the gateway, or d passed.
func (s *Server) WaitConnected(d time.Duration) bool {
	select {
	case <-s.ready:
		return true
	case <-time.After(d):
		return false
	}
}

// Dispatch sends event t with data d to every connected client.
func (s *Server) Dispatch(t string, d any) error {
	raw, err := json.Marshal(d)
	if err != nil {
		return err
	}
	s.gmu.Lock()
	s.seq++
	f := frame{Op: 0, T: t, S: s.seq, D: raw}
	conns := make([]*gwConn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	s.gmu.Unlock()
	for _, c := range conns {
		if err := c.write(f); err != nil {
			return err
		}
	}
	return nil
}

// Drop closes every gateway connection, as Discord does now and then.
func (s *Server) Drop() {
	s.gmu.Lock()
	defer s.gmu.Unlock()
	for c := range s.conns {
		_ = c.ws.Close()
	}
}
