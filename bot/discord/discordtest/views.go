package discordtest

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/tarn-data/tarn/bot"
	"github.com/tarn-data/tarn/bot/bottest"
)

type textInput struct {
	Type        int    `json:"type"`
	CustomID    string `json:"custom_id"`
	Label       string `json:"label"`
	Style       int    `json:"style"`
	Placeholder string `json:"placeholder"`
	Value       string `json:"value"`
	Required    bool   `json:"required"`
}

func (m *modal) inputs() []textInput {
	var rows []struct {
		Components []textInput `json:"components"`
	}
	_ = json.Unmarshal(m.Components, &rows)
	var out []textInput
	for _, r := range rows {
		out = append(out, r.Components...)
	}
	return out
}

// Form returns the modal last opened for user as a bot.Form: ID is the
// modal's custom_id; Default a field's prefilled value.
func (p *Platform) Form(_ *testing.T, user string) (bot.Form, bool) {
	p.S.mu.Lock()
	defer p.S.mu.Unlock()
	m := p.S.modals[p.S.userID(user)]
	if m == nil {
		return bot.Form{}, false
	}
	f := bot.Form{ID: m.CustomID, Title: m.Title}
	for _, in := range m.inputs() {
		f.Fields = append(f.Fields, bot.Field{ID: in.CustomID, Label: in.Label, Placeholder: in.Placeholder, Default: in.Value,
			Multiline: in.Style == 2, Optional: !in.Required})
	}
	return f, true
}

// Submit submits user's open modal with values (the prefilled value for
// fields not given) and returns the errors Tarn listed in its ephemeral
// reply, per field ID.
func (p *Platform) Submit(t *testing.T, user string, values map[string]string) map[string]string {
	t.Helper()
	p.S.mu.Lock()
	uid := p.S.userID(user)
	m := p.S.modals[uid]
	var channel, msg string
	if m != nil {
		opener := p.S.interactions[m.Interaction]
		channel, msg = opener.Channel, opener.Message
	}
	p.S.mu.Unlock()
	if m == nil {
		t.Fatalf("%s has no open form", user)
	}
	var rows []any
	for _, in := range m.inputs() {
		v, ok := values[in.CustomID]
		if !ok {
			v = in.Value
		}
		rows = append(rows, map[string]any{"type": 1, "components": []any{map[string]any{"type": 4, "custom_id": in.CustomID, "value": v}}})
	}
	in := p.newInteraction(user, channel, msg)
	p.deliver(t, in, map[string]any{"type": 5, "data": map[string]any{"custom_id": m.CustomID, "components": rows}}, user)
	resp := p.S.Responses(in.ID)[0]
	var data struct {
		Content string `json:"content"`
		Flags   int    `json:"flags"`
	}
	_ = json.Unmarshal(resp.Data, &data)
	if resp.Type != 4 || data.Flags&64 == 0 {
		p.S.mu.Lock()
		delete(p.S.modals, uid)
		p.S.mu.Unlock()
		return nil
	}
	errs := map[string]string{}
	for _, l := range strings.Split(data.Content, "\n") {
		if id, msg, ok := strings.Cut(strings.TrimPrefix(l, "- "), ": "); ok && strings.HasPrefix(l, "- ") {
			errs[id] = msg
		}
	}
	if len(errs) == 0 {
		errs[""] = data.Content
	}
	return errs
}

// Messages returns Tarn's messages in thread as the fake shows them: the
// thread's starter message (when Tarn wrote it) and Tarn's messages in the
// thread channel, or in the DM when thread.ID is the DM channel.
func (p *Platform) Messages(_ *testing.T, thread bot.Thread) []bottest.Seen {
	return p.S.Thread(thread)
}

// Thread returns Tarn's messages in thread, oldest first.
func (s *Server) Thread(thread bot.Thread) []bottest.Seen {
	s.mu.Lock()
	defer s.mu.Unlock()
	var ids []string
	if thread.ID != thread.Channel {
		if m := s.messages[thread.ID]; m != nil && m.Channel == thread.Channel {
			ids = append(ids, m.ID)
		}
	}
	ids = append(ids, s.order[thread.ID]...)
	var out []bottest.Seen
	for _, id := range ids {
		m := s.messages[id]
		if m.Author != s.BotID {
			continue
		}
		seen := Seen(m)
		out = append(out, seen)
	}
	return out
}

// Seen is m as a person sees it.
func Seen(m *message) bottest.Seen {
	labels, _ := buttons(m.Components)
	s := bottest.Seen{ID: m.ID, Text: m.Content, Buttons: labels, Edits: m.Edits}
	for _, a := range m.Attachments {
		if isImage(a) {
			s.Images = append(s.Images, a.Filename)
		}
	}
	return s
}

// Attachments returns the file names attached to message id.
func (s *Server) Attachments(id string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	if m := s.messages[id]; m != nil {
		for _, a := range m.Attachments {
			out = append(out, a.Filename)
		}
	}
	return out
}

// Notices returns what was shown to user alone (ephemeral messages) and
// Tarn's messages addressed to them.
func (p *Platform) Notices(_ *testing.T, user string) []string {
	p.S.mu.Lock()
	defer p.S.mu.Unlock()
	uid := p.S.userID(user)
	out := append([]string(nil), p.S.notices[uid]...)
	for _, m := range p.S.messages {
		if m.Author == p.S.BotID && strings.Contains(m.Content, "<@"+uid+">") {
			out = append(out, m.Content)
		}
	}
	return out
}

// Ephemeral returns only the ephemeral texts shown to user.
func (p *Platform) Ephemeral(user string) []string {
	p.S.mu.Lock()
	defer p.S.mu.Unlock()
	return append([]string(nil), p.S.notices[p.S.userID(user)]...)
}
