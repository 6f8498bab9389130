package bot

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/agent"
)

// Alert is an alert from a monitoring system, in one shape for all of them.
type Alert struct {
	Source      string // "alertmanager", "grafana", "generic"
	Fingerprint string // alerts with the same one share a thread; derived from Name and Labels when empty
	Name        string
	Status      string // "firing" or "resolved"
	Labels      map[string]string
	Annotations map[string]string
	StartsAt    time.Time
	URL         string
}

// Summary is the alert's one-line description.
func (al Alert) Summary() string {
	for _, k := range []string{"summary", "description", "message"} {
		if v := al.Annotations[k]; v != "" {
			return v
		}
	}
	return ""
}

// Key is the alert's fingerprint, or one derived from its name and labels.
func (al Alert) Key() string {
	if al.Fingerprint != "" {
		return al.Fingerprint
	}
	keys := make([]string, 0, len(al.Labels))
	for k := range al.Labels {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00", al.Name)
	for _, k := range keys {
		fmt.Fprintf(h, "%s=%s\x00", k, al.Labels[k])
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// Findings are what an investigation found: a summary and messages with
// tables and charts, posted in the alert's thread.
type Findings struct {
	Summary  string
	Messages []Message
}

// Investigator looks into an alert as principal (an identity), reporting
// its steps to progress.
type Investigator interface {
	Investigate(ctx context.Context, al Alert, principal string, progress func(string)) (Findings, error)
}

// AlertOptions say where alerts open threads and how they are
// investigated.
type AlertOptions struct {
	Platform, Channel string
	// Principal is the identity investigations run as (a service account
	// in the people directory, e.g. "alert:tarn"); governance applies.
	Principal    string
	Investigator Investigator
	// PerMinute caps new alert threads per minute (default 6); beyond it
	// alerts are held back and counted in one storm notice.
	PerMinute int
}

// ErrNoAlertChannel: alerts arrived but no channel is configured.
var ErrNoAlertChannel = tarn.Errorf(tarn.EINVALID, "no channel is configured for alerts")

// Alert opens a thread for al in the alerts channel and investigates it
// there, or joins the thread of an earlier alert with the same
// fingerprint. It returns at once; the investigation runs afterwards.
func (c *Conversation) Alert(ctx context.Context, al Alert) error {
	o := c.o.Alerts
	if o.Platform == "" || o.Channel == "" {
		return tarn.Wrap(ErrNoAlertChannel, tarn.EINVALID, "set bot.alerts.channel (and its platform) in tarn.yaml", "no channel is configured for alerts")
	}
	a, err := c.adapter(o.Platform)
	if err != nil {
		return tarn.Wrap(err, tarn.EINVALID, "connect that chat, or point bot.alerts at a connected one", "alerts go to %s, which is not connected", o.Platform)
	}
	if al.Name == "" {
		al.Name = al.Labels["alertname"]
	}
	if al.Status == "" {
		al.Status = "firing"
	}
	if al.StartsAt.IsZero() {
		al.StartsAt = c.o.Clock.Now()
	}
	c.goDo(func(ctx context.Context) { c.alert(ctx, a, al) })
	return nil
}

func (c *Conversation) alert(ctx context.Context, a Adapter, al Alert) {
	fp := al.Key()
	unlock := c.lockThread("alert:" + fp)
	defer unlock()
	if t, ok, err := c.o.Store.AlertThread(ctx, fp); err == nil && ok {
		text := fmt.Sprintf("🔁 **%s** fired again (%s).", al.Name, stamp(al.StartsAt))
		if al.Status == "resolved" {
			text = fmt.Sprintf("✅ **%s** is resolved.", al.Name)
		}
		if _, err := a.Post(ctx, t, Message{Text: text}); err != nil {
			c.o.Logger.Error("bot: posting to an alert thread failed", "err", err)
		}
		return
	}
	if al.Status == "resolved" {
		return // never opened: nothing to close
	}
	ch := Thread{Platform: c.o.Alerts.Platform, Channel: c.o.Alerts.Channel}
	if ok, notice := c.alerts.allow(al.Name); !ok {
		if notice != "" {
			if _, err := a.Post(ctx, ch, Message{Text: notice}); err != nil {
				c.o.Logger.Error("bot: posting a storm notice failed", "err", err)
			}
		}
		return
	}
	root, err := a.Post(ctx, ch, Message{Text: alertText(al)})
	if err != nil {
		c.o.Logger.Error("bot: opening an alert thread failed", "err", err)
		return
	}
	if err := c.o.Store.PutAlertThread(ctx, fp, root.Thread); err != nil {
		c.o.Logger.Warn("bot: keeping the alert's thread failed", "err", err)
	}
	working, err := a.Post(ctx, root.Thread, Message{Text: "_working… investigating_"})
	if err != nil {
		return
	}
	if c.o.Alerts.Investigator == nil {
		c.update(ctx, a, working, Message{Text: "No investigator is configured; ask me about this alert here."})
		return
	}
	prog := &progress{c: c, a: a, ref: working, every: c.o.Progress}
	f, err := c.o.Alerts.Investigator.Investigate(ctx, al, c.o.Alerts.Principal, prog.step)
	prog.stop()
	if err != nil {
		c.update(ctx, a, working, Message{Text: "The investigation failed: " + tarn.ErrorMessage(err) + "\nAsk me about this alert here."})
		return
	}
	c.update(ctx, a, working, Message{Text: f.Summary + "\n\n_Ask me follow-up questions in this thread._"})
	for _, m := range f.Messages {
		if _, err := a.Post(ctx, root.Thread, m); err != nil {
			c.o.Logger.Error("bot: posting a finding failed", "err", err)
		}
	}
	// Follow-ups know what the alert said, not the figures found: those
	// were read as the alerts principal, and the next asker may see less.
	turn := agent.Turn{Question: "Investigate the alert: " + alertLine(al)}
	if err := c.o.Store.AddTurn(ctx, root.Thread.Key(), turn); err != nil {
		c.o.Logger.Warn("bot: keeping the alert's turn failed", "err", err)
	}
}

func alertLine(al Alert) string {
	var labels []string
	for k, v := range al.Labels {
		if k != "alertname" {
			labels = append(labels, k+"="+v)
		}
	}
	slices.Sort(labels)
	s := al.Name
	if len(labels) > 0 {
		s += " {" + strings.Join(labels, ", ") + "}"
	}
	return s + " since " + stamp(al.StartsAt)
}

func alertText(al Alert) string {
	s := "🚨 **" + al.Name + "**"
	if sum := al.Summary(); sum != "" {
		s += " — " + sum
	}
	s += "\n`" + alertLine(al) + "` (from " + al.Source + ")"
	if al.URL != "" {
		s += "\n" + al.URL
	}
	return s
}

// Plain is a message as text: its text, table, code and footer.
func Plain(m Message) string {
	var b strings.Builder
	b.WriteString(m.Text)
	if m.Table != nil {
		b.WriteString("\n" + strings.Join(m.Table.Columns, " | "))
		for _, r := range m.Table.Rows {
			b.WriteString("\n" + strings.Join(r, " | "))
		}
		if m.Table.More > 0 {
			fmt.Fprintf(&b, "\n… %d more rows", m.Table.More)
		}
	}
	if m.Code != "" {
		b.WriteString("\n```" + m.CodeLang + "\n" + m.Code + "\n```")
	}
	if m.Footer != "" {
		b.WriteString("\n" + m.Footer)
	}
	return b.String()
}

// alertLimiter is a token bucket over new alert threads.
type alertLimiter struct {
	clock    tarn.Clock
	rate     int
	mu       sync.Mutex
	tokens   float64
	last     time.Time
	held     int
	noticeAt time.Time
}

func newAlertLimiter(o AlertOptions, clock tarn.Clock) *alertLimiter {
	rate := o.PerMinute
	if rate <= 0 {
		rate = 6
	}
	return &alertLimiter{clock: clock, rate: rate, tokens: float64(rate)}
}

// allow takes a token; when none is left it counts the alert held back and
// returns a storm notice at most once a minute.
func (l *alertLimiter) allow(name string) (bool, string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clock.Now()
	if !l.last.IsZero() {
		l.tokens = min(float64(l.rate), l.tokens+now.Sub(l.last).Minutes()*float64(l.rate))
	}
	l.last = now
	if l.tokens >= 1 {
		l.tokens--
		return true, ""
	}
	l.held++
	if now.Sub(l.noticeAt) < time.Minute {
		return false, ""
	}
	l.noticeAt = now
	n := l.held
	l.held = 0
	return false, fmt.Sprintf("⚠️ Alert storm: %d alert(s) held back (latest: %s). I open at most %d alert threads a minute; the rest are in your alerting system.", n, name, l.rate)
}
