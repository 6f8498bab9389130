package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// subscriber is one page's event stream.
type subscriber struct {
	person string
	ch     chan event
	// gone is closed when the stream fell behind and was cut; the page
	// reconnects and reloads the state.
	gone chan struct{}
}

type event struct {
	seq  int64
	name string
	data []byte
}

const subscriberBuffer = 256

// publish sends an event to every page, or to person's pages only when
// person is set; the caller holds c.mu, so events leave in the order the
// state changed. A page too slow to keep up is cut off.
func (c *Chat) publish(name, person string, v any) {
	c.seq++
	data, err := json.Marshal(map[string]any{"seq": c.seq, "data": v})
	if err != nil {
		c.log.Error("web chat: encoding an event", "event", name, "err", err)
		return
	}
	ev := event{seq: c.seq, name: name, data: data}
	for s := range c.subs {
		if person != "" && s.person != person {
			continue
		}
		select {
		case s.ch <- ev:
		default:
			delete(c.subs, s)
			close(s.gone)
		}
	}
}

func (c *Chat) subscribe(person string) *subscriber {
	s := &subscriber{person: person, ch: make(chan event, subscriberBuffer), gone: make(chan struct{})}
	c.mu.Lock()
	c.subs[s] = struct{}{}
	c.mu.Unlock()
	return s
}

func (c *Chat) unsubscribe(s *subscriber) {
	c.mu.Lock()
	if _, ok := c.subs[s]; ok {
		delete(c.subs, s)
		close(s.gone)
	}
	c.mu.Unlock()
}

// heartbeat keeps idle streams open through proxies.
const heartbeat = 25 * time.Second

// serveEvents streams events for the person named by ?as= as
// Server-Sent Events: message, update and thread for everyone, notice
// and form for that person only (none without ?as=). Each event's data
// is {"seq": n, "data": …}; a page applies the events whose seq is above
// the state's.
func (c *Chat) serveEvents(w http.ResponseWriter, r *http.Request) {
	person, err := c.viewer(r)
	if err != nil {
		writeError(w, err)
		return
	}
	rc := http.NewResponseController(w)
	s := c.subscribe(person)
	defer c.unsubscribe(s)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, "retry: 2000\n: connected\n\n")
	if rc.Flush() != nil {
		return
	}
	tick := time.NewTicker(heartbeat)
	defer tick.Stop()
	for {
		select {
		case ev := <-s.ch:
			fmt.Fprintf(w, "id: %d\nevent: %s\ndata: %s\n\n", ev.seq, ev.name, ev.data)
		case <-tick.C:
			fmt.Fprint(w, ": ping\n\n")
		case <-s.gone:
			return
		case <-r.Context().Done():
			return
		}
		if rc.Flush() != nil {
			return
		}
	}
}
