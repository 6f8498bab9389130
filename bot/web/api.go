package web

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/bot"
)

func (c *Chat) user(person string) bot.User {
	return bot.User{ID: person, Name: person, Identity: "web:" + person}
}

// handler returns the connected handler, or writes 503 and returns nil.
func (c *Chat) handler(w http.ResponseWriter) bot.Handler {
	c.mu.Lock()
	h := c.h
	c.mu.Unlock()
	if h == nil {
		writeJSON(w, http.StatusServiceUnavailable, map[string]any{"error": errorBody{Code: tarn.EINTERNAL, Message: "Tarn is still starting; try again in a moment"}})
	}
	return h
}

// serveState answers the whole state as the page shows it to the person
// named by ?as= (their notices and open forms included). Without ?as= it
// is what anyone may see, so a page can offer the people to pick from.
func (c *Chat) serveState(w http.ResponseWriter, r *http.Request) {
	person, err := c.viewer(r)
	if err != nil {
		writeError(w, err)
		return
	}
	v := stateView{You: person, People: []personView{}, Examples: c.examples, Notices: []notice{}, Forms: []formView{}}
	if v.Examples == nil {
		v.Examples = []string{}
	}
	for _, p := range c.order {
		v.People = append(v.People, personView{Name: p.Name, Note: p.Note})
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	v.Seq = c.seq
	at := map[string]int{}
	for i, ch := range c.channels {
		at[ch] = i
		v.Channels = append(v.Channels, channelView{Name: ch, Threads: []threadView{}})
	}
	for _, th := range slices.Backward(c.oldest) {
		cv := &v.Channels[at[th.channel]]
		cv.Threads = append(cv.Threads, th.view())
	}
	v.Notices = append(v.Notices, c.notices[person]...)
	var forms []*openForm
	for _, f := range c.forms {
		if person != "" && f.person == person {
			forms = append(forms, f)
		}
	}
	slices.SortFunc(forms, func(a, b *openForm) int { return a.at.Compare(b.at) })
	for _, f := range forms {
		v.Forms = append(v.Forms, f.view())
	}
	writeJSON(w, http.StatusOK, v)
}

type messageRequest struct {
	As      string `json:"as"`
	Channel string `json:"channel"`
	Thread  string `json:"thread"`
	Text    string `json:"text"`
	// Delivery, when set, makes a retried request the same delivery.
	Delivery string `json:"delivery"`
}

// handleMessage records what a person wrote and delivers it. A request
// repeating a delivery id is delivered again, not recorded again.
func (c *Chat) handleMessage(w http.ResponseWriter, r *http.Request) {
	var req messageRequest
	if err := decode(r, &req); err != nil {
		writeError(w, err)
		return
	}
	person, err := c.person(req.As)
	if err != nil {
		writeError(w, err)
		return
	}
	text := strings.TrimSpace(req.Text)
	switch n := utf8.RuneCountInString(text); {
	case n == 0:
		writeError(w, tarn.Errorf(tarn.EINVALID, "write something first"))
		return
	case n > maxPersonText:
		writeError(w, tarn.Errorf(tarn.EINVALID, "a message holds at most %d characters; this one has %d", maxPersonText, n))
		return
	}
	h := c.handler(w)
	if h == nil {
		return
	}
	c.mu.Lock()
	key := person + "/" + req.Delivery
	msg := c.msgs[c.deliveries[key]]
	if req.Delivery == "" || msg == nil {
		var th *thread
		if th, err = c.personThread(req.Channel, req.Thread); err != nil {
			c.mu.Unlock()
			writeError(w, err)
			return
		}
		msg = &message{author: person, at: c.clock.Now(), m: bot.Message{Text: text}}
		c.add(th, msg)
		if req.Delivery != "" {
			c.remember(key, msg.id)
		}
	}
	delivery := "web:" + person + ":m" + msg.id
	if req.Delivery != "" {
		delivery = "web:" + person + ":c" + req.Delivery
	}
	in := bot.Incoming{Delivery: delivery, User: c.user(person), MessageID: msg.id, Text: msg.m.Text,
		Thread: bot.Thread{Platform: bot.Web, Channel: msg.thread.channel, ID: msg.thread.id}}
	view := msg.view()
	c.mu.Unlock()
	h.Message(context.WithoutCancel(r.Context()), in)
	writeJSON(w, http.StatusOK, map[string]any{"message": view, "thread": in.Thread.ID, "channel": in.Thread.Channel})
}

// personThread is the thread a person writes into: an existing one, or a
// new one in a channel the page shows. Errors are tarn.ENOTFOUND or
// tarn.EINVALID; the caller holds c.mu.
func (c *Chat) personThread(channel, id string) (*thread, error) {
	if id != "" {
		th, ok := c.threads[id]
		if !ok || (channel != "" && channel != th.channel) {
			return nil, tarn.Errorf(tarn.ENOTFOUND, "thread %s is gone (the chat keeps the last %d threads)", id, c.maxThreads)
		}
		return th, nil
	}
	if !slices.Contains(c.channels, channel) {
		return nil, tarn.Errorf(tarn.EINVALID, "no channel %q", channel)
	}
	return &thread{channel: channel}, nil
}

func (c *Chat) remember(key, id string) {
	c.deliveries[key] = id
	c.delivOrder = append(c.delivOrder, key)
	if len(c.delivOrder) > maxDeliveries {
		delete(c.deliveries, c.delivOrder[0])
		c.delivOrder = c.delivOrder[1:]
	}
}

type actionRequest struct {
	As       string `json:"as"`
	Message  string `json:"message"`
	Button   int    `json:"button"`
	Delivery string `json:"delivery"`
}

// handleAction delivers a click. When the handler opens a form while it
// handles the click, the response carries it ({"form": …}).
func (c *Chat) handleAction(w http.ResponseWriter, r *http.Request) {
	var req actionRequest
	if err := decode(r, &req); err != nil {
		writeError(w, err)
		return
	}
	person, err := c.person(req.As)
	if err != nil {
		writeError(w, err)
		return
	}
	h := c.handler(w)
	if h == nil {
		return
	}
	c.mu.Lock()
	msg, ok := c.msgs[req.Message]
	if !ok || msg.author != "" {
		c.mu.Unlock()
		writeError(w, tarn.Errorf(tarn.ENOTFOUND, "message %s is gone", req.Message))
		return
	}
	if req.Button < 0 || req.Button >= len(msg.m.Buttons) {
		c.mu.Unlock()
		writeError(w, tarn.Errorf(tarn.EINVALID, "message %s has no button %d", req.Message, req.Button))
		return
	}
	b := msg.m.Buttons[req.Button]
	tok := randomID()
	tr := &trigger{person: person, expires: c.clock.Now().Add(triggerTTL)}
	c.triggers[tok] = tr
	delivery := "web:" + person + ":a" + c.nextID()
	if req.Delivery != "" {
		delivery = "web:" + person + ":c" + req.Delivery
	}
	a := bot.Action{Delivery: delivery, User: c.user(person), Message: msg.ref(), Action: b.Action, Value: b.Value, Trigger: tok}
	c.mu.Unlock()

	h.Action(context.WithoutCancel(r.Context()), a)

	resp := map[string]any{"ok": true}
	c.mu.Lock()
	if tr.opened != nil && c.forms[tr.opened.token] != nil {
		resp["form"] = tr.opened.view()
	}
	c.mu.Unlock()
	writeJSON(w, http.StatusOK, resp)
}

type formRequest struct {
	As     string            `json:"as"`
	Token  string            `json:"token"`
	Fields map[string]string `json:"fields"`
}

// handleForm delivers a submitted form: 200 when accepted, 400 with
// {"fields": {id: error}} when a field needs fixing.
func (c *Chat) handleForm(w http.ResponseWriter, r *http.Request) {
	var req formRequest
	if err := decode(r, &req); err != nil {
		writeError(w, err)
		return
	}
	person, err := c.person(req.As)
	if err != nil {
		writeError(w, err)
		return
	}
	h := c.handler(w)
	if h == nil {
		return
	}
	c.mu.Lock()
	of, ok := c.forms[req.Token]
	c.mu.Unlock()
	switch {
	case !ok:
		writeError(w, tarn.Errorf(tarn.ENOTFOUND, "this form is closed; click the button again"))
		return
	case of.person != person:
		writeError(w, tarn.Errorf(tarn.EFORBIDDEN, "this form was opened for %s", of.person))
		return
	}
	fields, errs := check(of.form, req.Fields)
	if len(errs) == 0 {
		s := bot.Submission{Delivery: "web:" + person + ":f" + of.token, User: c.user(person), Form: of.form.ID, Value: of.form.Value, Fields: fields}
		errs = h.Submit(context.WithoutCancel(r.Context()), s)
	}
	if len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": errorBody{Code: tarn.EINVALID, Message: "some fields need another look"}, "fields": errs})
		return
	}
	c.mu.Lock()
	delete(c.forms, of.token)
	c.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"ok": true})
}

// check returns the form's values (defaults for fields not sent) and the
// fields that are missing or hold a value outside their options.
func check(f bot.Form, sent map[string]string) (map[string]string, map[string]string) {
	fields, errs := map[string]string{}, map[string]string{}
	for _, fd := range f.Fields {
		v, ok := sent[fd.ID]
		if !ok {
			v = fd.Default
		}
		fields[fd.ID] = v
		switch {
		case strings.TrimSpace(v) == "" && !fd.Optional:
			errs[fd.ID] = "Required."
		case v != "" && len(fd.Options) > 0 && !slices.ContainsFunc(fd.Options, func(o bot.Option) bool { return o.Value == v }):
			errs[fd.ID] = "Pick one of the choices."
		}
	}
	return fields, errs
}
