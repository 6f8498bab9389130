package slack_test

import (
	"context"
	"errors"
	"testing"

	slackgo "github.com/slack-go/slack"

	"github.com/tarn-data/tarn/bot"
	"github.com/tarn-data/tarn/bot/bottest"
	"github.com/tarn-data/tarn/bot/slack/slacktest"
)

var flipForm = bot.Form{ID: "tarn.flip", Title: "Flip the session on fct.security_events", Submit: "Ask", Value: "flip:fct.security_events",
	Fields: []bot.Field{
		{ID: "why", Label: "Why do you need the raw values?", Placeholder: "incident number", Multiline: true},
		{ID: "note", Label: "Note", Optional: true, Default: "none"},
		{ID: "for", Label: "For how long", Default: "4h", Options: []bot.Option{{Label: "1 hour", Value: "1h"}, {Label: "4 hours", Value: "4h"}}},
	}}

// openForm posts a button whose click opens form for carol.
func openForm(t *testing.T, p *slacktest.Platform, a bot.Adapter, rec *bottest.Recorder, form bot.Form) {
	var openErr error
	rec.OnAction = func(ctx context.Context, act bot.Action) { openErr = a.OpenForm(ctx, act.Trigger, form) }
	ref, err := a.Post(context.Background(), bot.Thread{Platform: bot.Slack, Channel: slacktest.Channel}, bot.Message{Text: "masked", Buttons: []bot.Button{{Action: "tarn.flip", Label: "Flip"}}})
	if err != nil {
		t.Fatal(err)
	}
	p.Click(t, "carol", ref, "Flip")
	rec.WaitActions(t, 1)
	if openErr != nil {
		t.Fatal(openErr)
	}
}

func TestFormsBecomeModals(t *testing.T) {
	p := slacktest.NewPlatform(t, slacktest.SocketMode)
	rec := bottest.NewRecorder()
	a := p.Start(t, rec)
	openForm(t, p, a, rec, flipForm)
	_, v, ok := p.View("carol")
	if !ok {
		t.Fatal("no modal opened")
	}
	if v.Type != slackgo.VTModal || v.CallbackID != "tarn.flip" || v.PrivateMetadata != "flip:fct.security_events" || v.Submit.Text != "Ask" {
		t.Fatalf("modal %+v", v)
	}
	if n := len([]rune(v.Title.Text)); n > 24 || v.Title.Text != "Flip the session on fct…" {
		t.Fatalf("title %q (%d characters), want it cut to 24", v.Title.Text, n)
	}
	why := v.Blocks.BlockSet[0].(*slackgo.InputBlock)
	if in := why.Element.(*slackgo.PlainTextInputBlockElement); why.BlockID != "why" || in.ActionID != "why" || !in.Multiline || why.Optional || in.Placeholder.Text != "incident number" {
		t.Fatalf("why: %+v %+v", why, in)
	}
	note := v.Blocks.BlockSet[1].(*slackgo.InputBlock)
	if in := note.Element.(*slackgo.PlainTextInputBlockElement); !note.Optional || in.InitialValue != "none" || in.Multiline {
		t.Fatalf("note: %+v %+v", note, in)
	}
	sel := v.Blocks.BlockSet[2].(*slackgo.InputBlock).Element.(*slackgo.SelectBlockElement)
	if sel.Type != slackgo.OptTypeStatic || len(sel.Options) != 2 || sel.InitialOption == nil || sel.InitialOption.Value != "4h" {
		t.Fatalf("select: %+v", sel)
	}
}

func TestRefusedSubmissionsShowTheirErrorsInTheModal(t *testing.T) {
	eachTransport(t, func(t *testing.T, p *slacktest.Platform, a bot.Adapter, rec *bottest.Recorder) {
		rec.OnSubmit = func(s bot.Submission) map[string]string {
			if len(s.Fields["why"]) < 5 {
				return map[string]string{"why": "Say a little more."}
			}
			return nil
		}
		openForm(t, p, a, rec, flipForm)
		errs := p.Submit(t, "carol", map[string]string{"why": "x", "for": "1h"})
		if errs["why"] != "Say a little more." {
			t.Fatalf("errors shown: %v", errs)
		}
		if _, ok := p.Form(t, "carol"); !ok {
			t.Fatal("the modal closed on a refused submission")
		}
		if errs := p.Submit(t, "carol", map[string]string{"why": "incident 4411", "for": "1h"}); len(errs) > 0 {
			t.Fatalf("accepted submission showed %v", errs)
		}
		s := rec.WaitSubmissions(t, 2)[1]
		if s.Fields["why"] != "incident 4411" || s.Fields["for"] != "1h" || s.Fields["note"] != "none" || s.Delivery == "" {
			t.Fatalf("submission %+v", s)
		}
	})
}

func TestAnExpiredTriggerCannotOpenAForm(t *testing.T) {
	p := slacktest.NewPlatform(t, slacktest.HTTP)
	a := p.Start(t, bottest.NewRecorder())
	if err := a.OpenForm(context.Background(), "trg.gone", flipForm); !errors.Is(err, bot.ErrPlatform) {
		t.Fatalf("OpenForm with an unknown trigger: %v", err)
	}
}
