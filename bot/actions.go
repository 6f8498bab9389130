package bot

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/agent"
)

// The forms.
const (
	FormAccess = "tarn.access"
	FormReview = "tarn.review"
	FormFlip   = "tarn.flip"
	FormWrong  = "tarn.wrong"
)

// Action implements Handler: a button click. Forms open at once (their
// trigger lasts seconds); everything else runs after the acknowledgement.
func (c *Conversation) Action(ctx context.Context, act Action) {
	if !c.first(ctx, act.Delivery) {
		return
	}
	a, err := c.adapter(act.Message.Thread.Platform)
	if err != nil {
		c.o.Logger.Error("bot: click from an unregistered platform", "err", err)
		return
	}
	where := formValue(act.Value, act.Message)
	switch act.Action {
	case ActAccess:
		c.openForm(ctx, a, act, Form{ID: FormAccess, Title: "Request access", Submit: "Request", Value: where, Fields: []Field{
			{ID: "why", Label: "Why do you need " + act.Value + "?", Multiline: true},
			{ID: "for", Label: "For how long", Default: "7d", Options: lengths("1d", "7d", "30d")},
		}})
	case ActReview:
		c.openForm(ctx, a, act, Form{ID: FormReview, Title: "Request a review", Submit: "Request", Value: where, Fields: []Field{
			{ID: "why", Label: "Why should " + act.Value + " be opened?", Multiline: true},
		}})
	case ActFlip:
		c.openForm(ctx, a, act, Form{ID: FormFlip, Title: "Flip session", Submit: "Flip", Value: where, Fields: []Field{
			{ID: "why", Label: "Why do you need the raw values of " + act.Value + "?", Multiline: true},
			{ID: "for", Label: "For how long", Default: "1h", Options: lengths("15m", "1h", "4h")},
		}})
	case ActWrong:
		c.openForm(ctx, a, act, Form{ID: FormWrong, Title: "What was wrong?", Submit: "Try again", Value: formValue(act.Message.ID, act.Message), Fields: []Field{
			{ID: "what", Label: "What was wrong, or what did you mean?", Multiline: true},
		}})
	case ActShowSQL, ActHideSQL, ActRight:
		c.goDo(func(ctx context.Context) { c.answerButton(ctx, a, act) })
	case ActApprove, ActDeny:
		c.goDo(func(ctx context.Context) { c.decide(ctx, a, act) })
	default:
		c.notify(ctx, a, act.User, act.Message.Thread, "That button is no longer in use.")
	}
}

func (c *Conversation) openForm(ctx context.Context, a Adapter, act Action, f Form) {
	if err := a.OpenForm(ctx, act.Trigger, f); err != nil {
		c.o.Logger.Error("bot: opening a form failed", "form", f.ID, "err", err)
		c.notify(ctx, a, act.User, act.Message.Thread, "I could not open the form; please click again.")
	}
}

func (c *Conversation) notify(ctx context.Context, a Adapter, u User, t Thread, text string) {
	if err := a.Notify(ctx, u, t, text); err != nil {
		c.o.Logger.Error("bot: notice failed", "err", err)
	}
}

// answerButton shows or hides an answer's SQL, or keeps it as a verified
// example when the person who asked says it is right.
func (c *Conversation) answerButton(ctx context.Context, a Adapter, act Action) {
	key := msgKey(act.Message)
	rec, ok, err := c.o.Store.Answer(ctx, key)
	if err != nil || !ok {
		c.notify(ctx, a, act.User, act.Message.Thread, "I no longer have that answer; ask again.")
		return
	}
	m := rec.Message
	switch act.Action {
	case ActShowSQL:
		m.Code, m.CodeLang = strings.Join(rec.Answer.SQL, ";\n\n"), "sql"
		m.Buttons = swapButton(m.Buttons, ActShowSQL, Button{Action: ActHideSQL, Label: "Hide SQL"})
	case ActHideSQL:
		m.Code, m.CodeLang = "", ""
		m.Buttons = swapButton(m.Buttons, ActHideSQL, Button{Action: ActShowSQL, Label: "Show SQL"})
	case ActRight:
		if act.User.Identity != rec.Principal {
			c.notify(ctx, a, act.User, act.Message.Thread, fmt.Sprintf("Only %s, who asked, can mark this answer right.", displayName(rec.Asker)))
			return
		}
		q := agent.Question{Text: rec.Question, Principal: rec.Principal}
		id, err := c.o.Agent.MarkRight(ctx, q, rec.Answer)
		c.record(ctx, act.User.Identity, "verify", "answer", err, map[string]string{"question": rec.Question})
		if err != nil {
			c.notify(ctx, a, act.User, act.Message.Thread, "I could not keep it: "+tarn.ErrorMessage(err))
			return
		}
		m.Buttons = dropButtons(m.Buttons, ActRight, ActWrong)
		m.Footer = strings.TrimPrefix(m.Footer+" · ✓ marked right by "+displayName(act.User)+fmt.Sprintf(" (example %d)", id), " · ")
	}
	rec.Message = m
	if err := c.o.Store.PutAnswer(ctx, key, rec); err != nil {
		c.o.Logger.Warn("bot: keeping the answer failed", "err", err)
	}
	c.update(ctx, a, act.Message, m)
}

func swapButton(bs []Button, action string, with Button) []Button {
	out := append([]Button(nil), bs...)
	for i := range out {
		if out[i].Action == action {
			out[i] = with
		}
	}
	return out
}

func dropButtons(bs []Button, actions ...string) []Button {
	var out []Button
	for _, b := range bs {
		keep := true
		for _, a := range actions {
			keep = keep && b.Action != a
		}
		if keep {
			out = append(out, b)
		}
	}
	return out
}

// Submit implements Handler: a filled form. Missing fields are refused in
// the form; the work runs after the acknowledgement.
func (c *Conversation) Submit(ctx context.Context, s Submission) map[string]string {
	what, thread, ok := parseFormValue(s.Value)
	if !ok {
		return map[string]string{"why": "This form has expired; click the button again."}
	}
	field := "why"
	if s.Form == FormWrong {
		field = "what"
	}
	if strings.TrimSpace(s.Fields[field]) == "" {
		return map[string]string{field: "Please say a few words."}
	}
	var length time.Duration
	if s.Form == FormAccess || s.Form == FormFlip {
		d, err := ParseLength(s.Fields["for"])
		if err != nil {
			return map[string]string{"for": err.Error()}
		}
		length = d
	}
	if !c.first(ctx, s.Delivery) {
		return nil
	}
	a, err := c.adapter(thread.Platform)
	if err != nil {
		return map[string]string{field: "This chat is not connected."}
	}
	why := strings.TrimSpace(s.Fields[field])
	switch s.Form {
	case FormAccess, FormReview, FormFlip:
		c.goDo(func(ctx context.Context) { c.request(ctx, a, s.Form, s.User, thread, what, why, length) })
	case FormWrong:
		in := Incoming{Delivery: "", User: s.User, Thread: thread, Text: why}
		c.goDo(func(ctx context.Context) { c.answer(ctx, a, in) })
	default:
		return map[string]string{field: "I do not know this form."}
	}
	return nil
}

// formValue packs what a form is about and the thread it came from.
func formValue(what string, ref MessageRef) string {
	return strings.Join([]string{what, ref.Thread.Platform, ref.Thread.Channel, ref.Thread.ID}, "|")
}

func parseFormValue(v string) (string, Thread, bool) {
	p := strings.Split(v, "|")
	if len(p) != 4 || p[0] == "" || p[1] == "" {
		return "", Thread{}, false
	}
	return p[0], Thread{Platform: p[1], Channel: p[2], ID: p[3]}, true
}

func lengths(ls ...string) []Option {
	out := make([]Option, len(ls))
	for i, l := range ls {
		d, _ := ParseLength(l)
		out[i] = Option{Label: HumanLength(d), Value: l}
	}
	return out
}

// ParseLength reads a length such as "15m", "4h", "7d" or "2w".
func ParseLength(s string) (time.Duration, error) {
	s = strings.TrimSpace(strings.ToLower(s))
	if s == "" {
		return 0, nil
	}
	mult := time.Duration(0)
	switch {
	case strings.HasSuffix(s, "d"):
		mult = 24 * time.Hour
	case strings.HasSuffix(s, "w"):
		mult = 7 * 24 * time.Hour
	}
	if mult > 0 {
		var n int
		if _, err := fmt.Sscanf(s[:len(s)-1], "%d", &n); err != nil || n <= 0 || fmt.Sprint(n) != s[:len(s)-1] {
			return 0, fmt.Errorf("write a length like 30m, 4h or 7d, not %q", s)
		}
		return time.Duration(n) * mult, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("write a length like 30m, 4h or 7d, not %q", s)
	}
	return d, nil
}

// HumanLength says a length in words: "15 minutes", "1 hour", "7 days".
func HumanLength(d time.Duration) string {
	unit := func(n int64, one string) string {
		if n == 1 {
			return "1 " + one
		}
		return fmt.Sprintf("%d %ss", n, one)
	}
	switch {
	case d >= 24*time.Hour && d%(24*time.Hour) == 0:
		return unit(int64(d/(24*time.Hour)), "day")
	case d >= time.Hour && d%time.Hour == 0:
		return unit(int64(d/time.Hour), "hour")
	case d >= time.Minute && d%time.Minute == 0:
		return unit(int64(d/time.Minute), "minute")
	}
	return d.String()
}
