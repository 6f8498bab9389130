package slacktest

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/tarn-data/tarn/bot"
	"github.com/tarn-data/tarn/bot/bottest"
)

var _ bottest.Platform = (*Platform)(nil)

var unescape = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")

// Shown renders a message as Slack shows it: the text of its sections and
// context blocks (unescaped), or its text when it has no blocks; and the
// labels of its buttons.
func Shown(m Msg) (text string, buttons []string) {
	var parts []string
	for _, b := range m.Blocks.BlockSet {
		switch b := b.(type) {
		case *slack.SectionBlock:
			if b.Text != nil {
				parts = append(parts, b.Text.Text)
			}
		case *slack.ContextBlock:
			for _, el := range b.ContextElements.Elements {
				if tx, ok := el.(*slack.TextBlockObject); ok {
					parts = append(parts, tx.Text)
				}
			}
		case *slack.ActionBlock:
			if b.Elements != nil {
				for _, el := range b.Elements.ElementSet {
					if btn, ok := el.(*slack.ButtonBlockElement); ok && btn.Text != nil {
						buttons = append(buttons, btn.Text.Text)
					}
				}
			}
		}
	}
	if len(m.Blocks.BlockSet) == 0 {
		parts = append(parts, m.Text)
	}
	return unescape.Replace(strings.Join(parts, "\n")), buttons
}

// Messages returns what Tarn posted in thread — its root when Tarn posted
// it, the replies, and the files shared there — oldest first.
func (p *Platform) Messages(_ *testing.T, thread bot.Thread) []bottest.Seen {
	var out []bottest.Seen
	for _, m := range p.Server.Messages() {
		if m.User != BotUserID || m.Channel != thread.Channel || !(m.ThreadTS == thread.ID || m.ThreadTS == "" && m.TS == thread.ID) {
			continue
		}
		text, buttons := Shown(m)
		out = append(out, bottest.Seen{ID: m.TS, Text: text, Buttons: buttons, Images: m.Files, Edits: m.Edits})
	}
	return out
}

// Notices returns the ephemeral messages user saw.
func (p *Platform) Notices(_ *testing.T, user string) []string {
	var out []string
	for _, e := range p.Ephemerals(UserID(user)) {
		out = append(out, unescape.Replace(e.Text))
	}
	return out
}

// View returns the modal last opened for user, as views.open received it.
func (p *Platform) View(user string) (id string, v slack.ModalViewRequest, ok bool) {
	p.Server.mu.Lock()
	defer p.Server.mu.Unlock()
	id, ok = p.lastView[UserID(user)]
	if ok {
		v, ok = p.views[id]
	}
	return id, v, ok
}

// Form returns the modal last opened for user as a bot.Form: title,
// submit label, callback_id as ID, private_metadata as Value, and the
// input blocks as fields.
func (p *Platform) Form(_ *testing.T, user string) (bot.Form, bool) {
	_, v, ok := p.View(user)
	if !ok {
		return bot.Form{}, false
	}
	f := bot.Form{ID: v.CallbackID, Value: v.PrivateMetadata}
	if v.Title != nil {
		f.Title = v.Title.Text
	}
	if v.Submit != nil {
		f.Submit = v.Submit.Text
	}
	for _, b := range v.Blocks.BlockSet {
		in, ok := b.(*slack.InputBlock)
		if !ok {
			continue
		}
		fd := bot.Field{ID: in.BlockID, Optional: in.Optional}
		if in.Label != nil {
			fd.Label = in.Label.Text
		}
		switch el := in.Element.(type) {
		case *slack.PlainTextInputBlockElement:
			fd.Multiline, fd.Default = el.Multiline, el.InitialValue
			if el.Placeholder != nil {
				fd.Placeholder = el.Placeholder.Text
			}
		case *slack.SelectBlockElement:
			for _, o := range el.Options {
				fd.Options = append(fd.Options, bot.Option{Label: o.Text.Text, Value: o.Value})
			}
			if el.InitialOption != nil {
				fd.Default = el.InitialOption.Value
			}
		}
		f.Fields = append(f.Fields, fd)
	}
	return f, true
}

// Submit submits user's open modal with values (defaults elsewhere) as a
// view_submission and returns the errors the adapter sent back; the modal
// closes when there are none.
func (p *Platform) Submit(t *testing.T, user string, values map[string]string) map[string]string {
	t.Helper()
	id, v, ok := p.View(user)
	form, _ := p.Form(t, user)
	if !ok {
		t.Fatalf("%s has no open modal", user)
	}
	state := map[string]any{}
	for i, b := range v.Blocks.BlockSet {
		in, ok := b.(*slack.InputBlock)
		if !ok {
			continue
		}
		fd := form.Fields[i]
		val, given := values[fd.ID]
		if !given {
			val = fd.Default
		}
		switch el := in.Element.(type) {
		case *slack.SelectBlockElement:
			var opt any
			for _, o := range el.Options {
				if o.Value == val {
					opt = map[string]any{"value": o.Value, "text": map[string]any{"type": "plain_text", "text": o.Text.Text}}
				}
			}
			state[in.BlockID] = map[string]any{el.ActionID: map[string]any{"type": "static_select", "selected_option": opt}}
		case *slack.PlainTextInputBlockElement:
			state[in.BlockID] = map[string]any{el.ActionID: map[string]any{"type": "plain_text_input", "value": val}}
		}
	}
	uid := UserID(user)
	ack := p.Deliver(t, "interactive", mustJSON(t, map[string]any{
		"type": "view_submission", "team": map[string]any{"id": TeamID}, "api_app_id": "ATARN",
		"user":       map[string]any{"id": uid, "username": user, "name": user, "team_id": TeamID},
		"trigger_id": p.trigger(uid),
		"view": map[string]any{"id": id, "type": "modal", "callback_id": v.CallbackID, "private_metadata": v.PrivateMetadata,
			"hash": "h" + id, "state": map[string]any{"values": state}},
	}), 0)
	var resp struct {
		ResponseAction string            `json:"response_action"`
		Errors         map[string]string `json:"errors"`
	}
	if len(ack) > 0 {
		if err := json.Unmarshal(ack, &resp); err != nil {
			t.Fatalf("ack payload %s: %v", ack, err)
		}
	}
	if resp.ResponseAction == "errors" && len(resp.Errors) > 0 {
		return resp.Errors
	}
	p.Server.mu.Lock()
	delete(p.lastView, uid)
	p.Server.mu.Unlock()
	return nil
}
