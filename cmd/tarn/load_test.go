package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/tarn-data/tarn/bot"
	"github.com/tarn-data/tarn/bot/slack/slacktest"
	"github.com/tarn-data/tarn/governance/yamldir"
)

// Bounds on waiting, so a lost ack or answer fails the test instead of
// hanging it. They are liveness limits, not timing assertions.
const (
	loadAckWait    = time.Minute
	loadAnswerWait = 5 * time.Minute
)

// chatLoad is Tarn on the shared demo lake with its Slack adapter
// connected over Socket Mode to a fake Slack, where many people known to
// Tarn's directory mention it at once. Everything between Slack and the
// lake is the real thing: the adapter, bot.Conversation, the offline
// agent and the engine.
type chatLoad struct {
	m     *Main
	slack *slacktest.Platform
	// askers are the people who mention Tarn, one thread each.
	askers []string
	// questions are the offline planner's development questions.
	questions []string
}

// startChatLoad serves Tarn with n askers in its directory and waits for
// its Socket Mode connection.
func startChatLoad(tb testing.TB, n int) *chatLoad {
	tb.Helper()
	p := slacktest.NewPlatform(tb, slacktest.SocketMode)
	askers, people := writeLoadPeople(tb, p, n)
	m := serveDemoWith(tb, map[string]string{"TARN_PEOPLE": people, "TARN_WEB_CHAT": "false",
		"TARN_SLACK_BOT_TOKEN": slacktest.BotToken, "TARN_SLACK_APP_TOKEN": slacktest.AppToken,
		"TARN_SLACK_API_URL": p.GetAPIURL()})
	if err := p.WaitConnected(loadAckWait); err != nil {
		tb.Fatal(err)
	}
	qs, err := devQuestions(context.Background(), m)
	if err != nil {
		tb.Fatal(err)
	}
	return &chatLoad{m: m, slack: p, askers: askers, questions: qs}
}

// writeLoadPeople writes a directory of the demo people plus n askers,
// each known by a Slack identity and in the groups that read every
// reviewed table, and returns the askers' names and the file's path.
func writeLoadPeople(tb testing.TB, p *slacktest.Platform, n int) ([]string, string) {
	tb.Helper()
	var f yamldir.File
	if err := yaml.Unmarshal(yamldir.DemoYAML, &f); err != nil {
		tb.Fatal(err)
	}
	askers := make([]string, n)
	for i := range askers {
		askers[i] = fmt.Sprintf("asker%03d", i+1)
		f.People = append(f.People, yamldir.Person{Name: askers[i], Identities: []string{p.Identity(askers[i])},
			Groups: []string{"analysts", "billing", "security"}})
	}
	data, err := yaml.Marshal(f)
	if err != nil {
		tb.Fatal(err)
	}
	path := filepath.Join(tb.TempDir(), "people.yaml")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		tb.Fatal(err)
	}
	return askers, path
}

// mention is one app_mention Slack sent: the thread it starts, when it
// was sent and how long the adapter took to acknowledge it.
type mention struct {
	question string
	thread   bot.Thread
	payload  json.RawMessage
	sent     time.Time
	ack      time.Duration
	err      error // of the delivery or its retry
}

// mentionAll has each of askers mention Tarn at the same moment, each in a
// new thread, asker i with question i+round, and returns once every
// delivery was acknowledged. With retries, Slack also delivers each event
// a second time (same event_id, a new envelope marked as a retry): for
// every other asker at the same moment as the first delivery, for the
// rest after its ack.
func (l *chatLoad) mentionAll(tb testing.TB, askers []string, round int, retries bool) []mention {
	tb.Helper()
	ms := make([]mention, len(askers))
	for i, who := range askers {
		ms[i].question = l.questions[(i+round)%len(l.questions)]
		ms[i].payload, ms[i].thread = l.slack.Event(tb, who, bot.Thread{}, ms[i].question)
	}
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range ms {
		m := &ms[i]
		wg.Go(func() {
			<-start
			var retry sync.WaitGroup
			var retryErr error
			resend := func() { _, retryErr = l.slack.SendEnvelope("events_api", m.payload, 1, loadAckWait) }
			if retries && i%2 == 0 {
				retry.Go(resend)
			}
			m.sent = time.Now()
			_, m.err = l.slack.SendEnvelope("events_api", m.payload, 0, loadAckWait)
			m.ack = time.Since(m.sent)
			if retries && i%2 == 1 {
				resend()
			}
			retry.Wait()
			if m.err == nil {
				m.err = retryErr
			}
		})
	}
	close(start)
	wg.Wait()
	for _, m := range ms {
		if m.err != nil {
			tb.Fatalf("mentioning Tarn with %q: %v", m.question, m.err)
		}
	}
	return ms
}

// answers waits until the conversation has finished every answer, then
// checks that each mention's thread holds exactly one message from Tarn,
// its working… message edited into an offline answer, and each of its
// charts once. It returns the time from each mention's send to the edit
// that made its answer.
func (l *chatLoad) answers(tb testing.TB, ms []mention) []time.Duration {
	tb.Helper()
	done := make(chan struct{})
	go func() { l.m.chat.conv.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(loadAnswerWait):
		tb.Fatalf("the answers to %d mentions were not all finished within %s", len(ms), loadAnswerWait)
	}
	texts, files := map[string][]slacktest.Msg{}, map[string][]string{}
	for _, m := range l.slack.Server.Messages() {
		switch {
		case m.User != slacktest.BotUserID:
		case m.ThreadTS == "":
			tb.Errorf("Tarn posted outside a thread: %q", m.Text)
		case len(m.Files) > 0:
			files[m.ThreadTS] = append(files[m.ThreadTS], m.Files...)
		default:
			texts[m.ThreadTS] = append(texts[m.ThreadTS], m)
		}
	}
	took := make([]time.Duration, 0, len(ms))
	for _, m := range ms {
		got := texts[m.thread.ID]
		if len(got) != 1 {
			tb.Errorf("%q: %d messages from Tarn in its thread, want one", m.question, len(got))
			continue
		}
		text, _ := slacktest.Shown(got[0])
		if got[0].Edits == 0 || strings.Contains(text, "working…") || !strings.Contains(text, "offline") {
			tb.Errorf("%q: after %d edits Tarn's message reads %q, want an offline answer", m.question, got[0].Edits, text)
			continue
		}
		names := slices.Clone(files[m.thread.ID])
		slices.Sort(names)
		if len(slices.Compact(names)) != len(files[m.thread.ID]) {
			tb.Errorf("%q: a chart was shared twice: %v", m.question, files[m.thread.ID])
		}
		took = append(took, got[0].Edited.Sub(m.sent))
	}
	return took
}

func TestSlackAnswersEveryMentionOnceUnderConcurrencyAndRetries(t *testing.T) {
	l := startChatLoad(t, 40)
	ms := l.mentionAll(t, l.askers, 0, true)
	if got := len(l.slack.Acks()); got != 2*len(ms) {
		t.Errorf("%d envelopes acknowledged, want %d (each mention and its retry)", got, 2*len(ms))
	}
	l.answers(t, ms)
}

// BenchmarkChatLoad is the chat load test: 200 people mention Tarn in
// Slack at the same moment, each in a thread of their own with one of the
// offline planner's development questions, and Tarn answers on the demo
// lake. It reports the acks' latency, from the fake Slack's send to the
// adapter's ack (the goal is a p99 under 1 s; Slack gives up at 3 s), and
// the time to each answer, from the send to the edit of the working…
// message into the answer; and fails unless every thread got exactly one
// answer. One warm-up round of one mention per question comes first.
func BenchmarkChatLoad(b *testing.B) {
	l := startChatLoad(b, 200)
	l.answers(b, l.mentionAll(b, l.askers[:len(l.questions)], 0, false))
	var acks, took []time.Duration
	for round := 0; b.Loop(); round++ {
		ms := l.mentionAll(b, l.askers, round, false)
		for _, m := range ms {
			acks = append(acks, m.ack)
		}
		took = append(took, l.answers(b, ms)...)
	}
	slices.Sort(acks)
	slices.Sort(took)
	msOf := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(msOf(percentile(acks, 0.50)), "ack-p50-ms")
	b.ReportMetric(msOf(percentile(acks, 0.99)), "ack-p99-ms")
	b.ReportMetric(msOf(acks[len(acks)-1]), "ack-max-ms")
	b.ReportMetric(msOf(percentile(took, 0.50)), "answer-p50-ms")
	b.ReportMetric(msOf(percentile(took, 0.99)), "answer-p99-ms")
}
