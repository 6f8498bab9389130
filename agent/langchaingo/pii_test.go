package langchaingo_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/agent/langchaingo"
	"github.com/tarn-data/tarn/agent/openaitest"
	"github.com/tarn-data/tarn/engine"
	"github.com/tarn-data/tarn/governance/skimmer"
	"github.com/tarn-data/tarn/lake"
)

func newChecker(t *testing.T, srv *openaitest.Server) *langchaingo.PIIChecker {
	t.Helper()
	c, err := langchaingo.NewPIIChecker(langchaingo.Config{Provider: "openai", Model: "gpt-test", BaseURL: srv.URL, APIKey: "sk-test",
		Timeout: 5 * time.Second, Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var ticketColumns = []engine.SampleColumn{
	{Name: "ticket_id", Type: "BIGINT", Values: []string{"41"}},
	{Name: "body", Type: "VARCHAR", Values: []string{"call me on +44 20 7946 0958, jane.doe@example.org"}},
}

var flagged = skimmer.Classification{Column: "body", Tag: "free_text", Confidence: 0.7,
	Evidence: []skimmer.Evidence{{Detector: "email", Matched: 31, Sampled: 200, Share: 0.155}}, Inside: map[string]int{"email": 31}}

func TestTheSecondPassShowsTheModelTheTableButNoValueAndTakesItsVerdict(t *testing.T) {
	srv := openaitest.NewServer(t, openaitest.Reply("```json\n{\"kind\": \"free_text\", \"confidence\": 0.95, \"reason\": \"support messages quote customers' contact details\"}\n```"))
	c := newChecker(t, srv)
	note := lake.Note{Description: "support tickets as customers wrote them", Columns: []lake.ColumnNote{{Name: "body", Description: "the ticket's text"}}}
	got, err := c.Check(context.Background(), "raw.support_tickets", ticketColumns, note, flagged)
	if err != nil {
		t.Fatal(err)
	}
	if got.Tag != "free_text" || got.Confidence != 0.95 || len(got.Evidence) != 2 || !strings.Contains(got.Evidence[1].Detector, "contact details") {
		t.Fatalf("verdict: %+v", got)
	}
	sent := srv.Requests()[0].Text()
	for _, want := range []string{"raw.support_tickets", "support tickets as customers wrote them", "ticket_id BIGINT", "the ticket's text", "31 of 200"} {
		if !strings.Contains(sent, want) {
			t.Errorf("the prompt lacks %q:\n%s", want, sent)
		}
	}
	for _, value := range []string{"jane.doe", "7946", "41"} {
		if strings.Contains(sent, value) {
			t.Errorf("the prompt holds the sampled value %q", value)
		}
	}
}

func TestTheSecondPassClearsOnlyHintsAndRefusesAnswersItCannotRead(t *testing.T) {
	srv := openaitest.NewServer(t,
		openaitest.Reply(`{"kind": "", "confidence": 0.9, "reason": "version strings"}`),
		openaitest.Reply(`{"kind": "", "confidence": 0.9, "reason": "the description says test data"}`),
		openaitest.Reply("It is probably an email column."),
		openaitest.Reply(`{"kind": "passport", "confidence": 1}`))
	c := newChecker(t, srv)
	got, err := c.Check(context.Background(), "raw.t", ticketColumns, lake.Note{}, flagged)
	if err != nil || got.Tag != "" {
		t.Fatalf("a flag resting on a minority of values: %+v, %v; want it cleared", got, err)
	}
	matched := skimmer.Classification{Column: "owner", Tag: "email", Confidence: 1,
		Evidence: []skimmer.Evidence{{Detector: "email", Matched: 990, Sampled: 1000, Share: 0.99}}}
	got, err = c.Check(context.Background(), "raw.t", ticketColumns, lake.Note{}, matched)
	if err != nil || got.Tag != "email" || got.Confidence >= 1 || !strings.Contains(got.Evidence[len(got.Evidence)-1].Detector, "test data") {
		t.Fatalf("a column whose values are emails: %+v, %v; want it kept as email, less sure, with the model's reason", got, err)
	}
	for _, want := range []string{"not the JSON", "unknown kind"} {
		got, err = c.Check(context.Background(), "raw.t", ticketColumns, lake.Note{}, flagged)
		if tarn.ErrorCode(err) != tarn.EINTERNAL || !strings.Contains(tarn.ErrorMessage(err), want) || got.Tag != "free_text" {
			t.Fatalf("a reply the checker cannot use: %+v, %v; want the first pass kept and an error saying %q", got, err, want)
		}
	}
}
