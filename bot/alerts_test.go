package bot_test

import (
	"context"
	"strings"
	"testing"

	"github.com/tarn-data/tarn/bot"
)

func (f *fixture) alertThreads(t *testing.T) []bot.Thread {
	var out []bot.Thread
	for _, th := range f.chat.Threads() {
		if th.Channel == "alerts" {
			out = append(out, th)
		}
	}
	return out
}

func TestAnAttackAlertOpensAThreadWithFindingsAndTakesQuestions(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	from, _ := f.env.Demo.IncidentWindow()
	al := bot.Alert{Source: "alertmanager", Fingerprint: "fp-1", Name: "CredentialStuffing",
		Labels:      map[string]string{"alertname": "CredentialStuffing", "severity": "page"},
		Annotations: map[string]string{"summary": "login failures 50x normal"}, StartsAt: from.Add(30 * 60e9)}
	if err := f.conv.Alert(ctx, al); err != nil {
		t.Fatal(err)
	}
	f.conv.Wait()
	ths := f.alertThreads(t)
	if len(ths) != 1 {
		t.Fatalf("%d alert threads, want 1", len(ths))
	}
	msgs := f.chat.Messages(t, ths[0])
	var all strings.Builder
	images := 0
	for _, m := range msgs {
		all.WriteString(m.Text + "\n")
		images += len(m.Images)
	}
	text := all.String()
	for _, want := range []string{"CredentialStuffing", "login failures", "Attack playbook", "a week earlier", "Top sources", "asn", "credential_stuffing"} {
		if !strings.Contains(text, want) {
			t.Fatalf("the alert thread lacks %q:\n%s", want, text)
		}
	}
	if images != 1 {
		t.Fatalf("%d images in the alert thread, want the time series chart", images)
	}
	// The same fingerprint joins the thread; a follow-up question carries
	// the findings.
	if err := f.conv.Alert(ctx, al); err != nil {
		t.Fatal(err)
	}
	f.conv.Wait()
	if n := len(f.alertThreads(t)); n != 1 {
		t.Fatalf("a second firing opened another thread (%d)", n)
	}
	if m := last(t, f.chat.Messages(t, ths[0])); !strings.Contains(m.Text, "fired again") {
		t.Fatalf("the second firing reads %q", m.Text)
	}
	f.say(t, "carol", ths[0], "Which ASNs were behind the credential stuffing attack three days ago?")
	q := f.asked.questions[len(f.asked.questions)-1]
	// The follow-up knows the alert, not the figures found as the alerts
	// principal (carol may see less).
	if len(q.History) != 1 || !strings.Contains(q.History[0].Question, "CredentialStuffing") || q.History[0].Answer != "" {
		t.Fatalf("the follow-up's history: %+v, want the alert and no findings", q.History)
	}
	al.Status = "resolved"
	f.conv.Alert(ctx, al)
	f.conv.Wait()
	if m := last(t, f.chat.Messages(t, ths[0])); !strings.Contains(m.Text, "resolved") {
		t.Fatalf("the resolution reads %q", m.Text)
	}
}

func TestATrafficAlertForANamedZoneComparesWithTheBaseline(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	res, err := f.env.Engine.Query(ctx, engineReq("SELECT zone_name FROM dim.zones ORDER BY zone_id LIMIT 1"))
	if err != nil {
		t.Fatal(err)
	}
	res.Reader.Next()
	zone := strings.Clone(res.Reader.RecordBatch().Column(0).ValueStr(0))
	res.Close()
	al := bot.Alert{Source: "grafana", Name: "TrafficSpike", Labels: map[string]string{"zone": zone}, StartsAt: f.env.Clock.Now().Add(-48 * 3600e9)}
	if err := f.conv.Alert(ctx, al); err != nil {
		t.Fatal(err)
	}
	f.conv.Wait()
	msgs := f.chat.Messages(t, f.alertThreads(t)[0])
	if text := msgs[1].Text; !strings.Contains(text, "Traffic playbook") || !strings.Contains(text, zone) || !strings.Contains(text, "a week earlier") {
		t.Fatalf("the summary reads %q", text)
	}
	bad := bot.Alert{Source: "generic", Name: "TrafficSpike", Labels: map[string]string{"zone": "no-such-zone.test"}}
	f.conv.Alert(ctx, bad)
	f.conv.Wait()
	for _, th := range f.alertThreads(t) {
		if m := last(t, f.chat.Messages(t, th)); strings.Contains(m.Text, "no-such-zone.test") && strings.Contains(m.Text, "failed") {
			return
		}
	}
	t.Fatal("an alert naming an unknown zone did not say so")
}

func TestAnAlertStormIsHeldBackWithOneNotice(t *testing.T) {
	f := newFixture(t, func(o *bot.Options) { o.Alerts.PerMinute = 2 })
	ctx := context.Background()
	for i := range 6 {
		al := bot.Alert{Source: "generic", Name: "Unknown" + string(rune('A'+i)), Labels: map[string]string{"n": string(rune('a' + i))}}
		if err := f.conv.Alert(ctx, al); err != nil {
			t.Fatal(err)
		}
		f.conv.Wait()
	}
	var threads, notices int
	for _, th := range f.alertThreads(t) {
		if strings.Contains(f.chat.Messages(t, th)[0].Text, "Alert storm") {
			notices++
		} else {
			threads++
		}
	}
	if threads != 2 || notices != 1 {
		t.Fatalf("%d alert threads and %d storm notices, want 2 and 1", threads, notices)
	}
	f.env.Clock.Advance(61e9)
	f.conv.Alert(ctx, bot.Alert{Source: "generic", Name: "Later", Labels: map[string]string{"n": "later"}})
	f.conv.Wait()
	if n := len(f.alertThreads(t)); n != 4 {
		t.Fatalf("after a minute a new alert opened no thread (%d threads)", n)
	}
}

func TestAlertsWithoutAChannelAreRefused(t *testing.T) {
	f := newFixture(t, func(o *bot.Options) { o.Alerts = bot.AlertOptions{} })
	if err := f.conv.Alert(context.Background(), bot.Alert{Name: "x"}); err == nil || !strings.Contains(err.Error(), "bot.alerts") {
		t.Fatalf("err = %v", err)
	}
}
