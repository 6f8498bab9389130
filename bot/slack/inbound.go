package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/slack-go/slack"

	"github.com/tarn-data/tarn/bot"
)

// callback is the outer Events API envelope (the body of an HTTP event,
// the payload of a Socket Mode events_api envelope).
type callback struct {
	Type      string          `json:"type"`
	Challenge string          `json:"challenge"`
	TeamID    string          `json:"team_id"`
	EventID   string          `json:"event_id"`
	Event     json.RawMessage `json:"event"`
}

// event is the inner event: an app_mention or a message.
type event struct {
	Type        string `json:"type"`
	Subtype     string `json:"subtype"`
	User        string `json:"user"`
	BotID       string `json:"bot_id"`
	Team        string `json:"team"`
	Text        string `json:"text"`
	TS          string `json:"ts"`
	ThreadTS    string `json:"thread_ts"`
	Channel     string `json:"channel"`
	ChannelType string `json:"channel_type"`
}

var reAnyMention = regexp.MustCompile(`^\s*<@[A-Z0-9]+(\|[^>]*)?>\s*`)

// stripMention removes Tarn's mention from text (any leading mention when
// Tarn's own id is unknown).
func stripMention(text, self string) string {
	if self == "" {
		return strings.TrimSpace(reAnyMention.ReplaceAllString(text, ""))
	}
	var b strings.Builder
	for {
		i := strings.Index(text, "<@"+self)
		if i < 0 {
			b.WriteString(text)
			break
		}
		rest := text[i+2+len(self):]
		end := strings.IndexByte(rest, '>')
		if end < 0 || rest[0] != '>' && rest[0] != '|' { // another user whose id starts with Tarn's
			b.WriteString(text[:i+2])
			text = text[i+2:]
			continue
		}
		b.WriteString(text[:i] + " ")
		text = rest[end+1:]
	}
	text = b.String()
	return strings.Join(strings.Fields(text), " ")
}

func mentions(text, self string) bool {
	return self != "" && strings.Contains(text, "<@"+self)
}

// onCallback turns an Events API callback into an Incoming for the
// handler. It returns the url_verification challenge, if that is what
// came. Errors are malformed payloads.
func (a *Adapter) onCallback(ctx context.Context, raw []byte) (challenge string, err error) {
	var cb callback
	if err := json.Unmarshal(raw, &cb); err != nil {
		return "", fmt.Errorf("%w: slack event: %v", bot.ErrPlatform, err)
	}
	switch cb.Type {
	case "url_verification":
		return cb.Challenge, nil
	case "event_callback":
	default:
		return "", nil
	}
	var ev event
	if err := json.Unmarshal(cb.Event, &ev); err != nil {
		return "", fmt.Errorf("%w: slack event: %v", bot.ErrPlatform, err)
	}
	if in, ok := a.incoming(ctx, cb, ev); ok {
		if h := a.h(); h != nil {
			h.Message(ctx, in)
		}
	}
	return "", nil
}

// incoming decides whether ev is something a person wrote to Tarn.
func (a *Adapter) incoming(ctx context.Context, cb callback, ev event) (bot.Incoming, bool) {
	if ev.User == "" || ev.BotID != "" || ev.Subtype != "" || ev.Channel == "" {
		return bot.Incoming{}, false // Tarn's own posts, edits, joins, other bots
	}
	self := a.self(ctx)
	if ev.User == self {
		return bot.Incoming{}, false
	}
	team := cb.TeamID
	if team == "" {
		team = ev.Team
	}
	root := ev.ThreadTS
	if root == "" {
		root = ev.TS
	}
	in := bot.Incoming{
		Delivery: cb.EventID, User: a.user(team, ev.User, ""), MessageID: ev.TS,
		Thread: bot.Thread{Platform: bot.Slack, Channel: ev.Channel, ID: root},
		Text:   stripMention(ev.Text, self),
	}
	if in.Delivery == "" {
		in.Delivery = ev.Channel + "/" + ev.TS
	}
	switch {
	case ev.Type == "app_mention":
		a.noteThread(ev.Channel, root)
		return in, true
	case ev.Type != "message":
		return bot.Incoming{}, false
	case ev.ChannelType == "im":
		in.Direct = true
		return in, true
	case ev.ThreadTS != "" && !mentions(ev.Text, self) && a.knowsThread(ev.Channel, ev.ThreadTS):
		// A follow-up in a thread Tarn is in; with a mention it also came
		// as an app_mention, which is the one delivered.
		return in, true
	}
	return bot.Incoming{}, false
}

// onCommand delivers the slash command /tarn <text>: the answer starts a
// new thread in the channel.
func (a *Adapter) onCommand(ctx context.Context, c slack.SlashCommand) {
	in := bot.Incoming{
		Delivery: c.TriggerID, User: a.user(c.TeamID, c.UserID, c.UserName),
		Thread: bot.Thread{Platform: bot.Slack, Channel: c.ChannelID},
		Text:   strings.TrimSpace(c.Text), Direct: strings.HasPrefix(c.ChannelID, "D"),
	}
	if h := a.h(); h != nil {
		h.Message(ctx, in)
	}
}

// onInteraction delivers button clicks and modal submissions. For a
// submission the handler refused, it returns the response Slack shows
// (errors per block); nil otherwise.
func (a *Adapter) onInteraction(ctx context.Context, cb slack.InteractionCallback) *slack.ViewSubmissionResponse {
	h := a.h()
	if h == nil {
		return nil
	}
	team := cb.Team.ID
	if team == "" {
		team = cb.User.TeamID
	}
	u := a.user(team, cb.User.ID, cb.User.Name)
	switch cb.Type {
	case slack.InteractionTypeBlockActions:
		channel := cb.Container.ChannelID
		if channel == "" {
			channel = cb.Channel.ID
		}
		ts := cb.Container.MessageTs
		if ts == "" {
			ts = cb.Message.Timestamp
		}
		thread := cb.Container.ThreadTs
		if thread == "" {
			thread = cb.Message.ThreadTimestamp
		}
		if thread == "" {
			thread = ts
		}
		for _, ba := range cb.ActionCallback.BlockActions {
			delivery := cb.TriggerID
			if delivery == "" {
				delivery = ba.ActionTs
			}
			h.Action(ctx, bot.Action{
				Delivery: delivery, User: u, Action: actionOf(ba.ActionID), Value: ba.Value, Trigger: cb.TriggerID,
				Message: bot.MessageRef{Thread: bot.Thread{Platform: bot.Slack, Channel: channel, ID: thread}, ID: ts},
			})
		}
	case slack.InteractionTypeViewSubmission:
		s := bot.Submission{Delivery: cb.TriggerID, User: u, Form: cb.View.CallbackID, Value: cb.View.PrivateMetadata, Fields: map[string]string{}}
		if s.Delivery == "" {
			s.Delivery = cb.View.ID + "/" + cb.View.Hash
		}
		if cb.View.State != nil {
			for block, actions := range cb.View.State.Values {
				for _, v := range actions {
					s.Fields[block] = v.Value
					if v.SelectedOption.Value != "" {
						s.Fields[block] = v.SelectedOption.Value
					}
				}
			}
		}
		if errs := h.Submit(ctx, s); len(errs) > 0 {
			return slack.NewErrorsViewSubmissionResponse(errs)
		}
	}
	return nil
}
