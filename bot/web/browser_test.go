package web_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/tarn-data/tarn/bot"
	"github.com/tarn-data/tarn/bot/web"
	"github.com/tarn-data/tarn/internal/webtest"
)

// scripted answers every question with "working…", then, once the test
// lets it, edits that message into an answer with an image and buttons;
// its Flip button opens a form whose submission earns a notice.
type scripted struct {
	chat    *web.Chat
	release chan struct{}

	mu      sync.Mutex
	answer  bot.MessageRef
	submits []bot.Submission
}

func (s *scripted) Message(ctx context.Context, in bot.Incoming) {
	ref, err := s.chat.Post(ctx, in.Thread, bot.Message{Text: "working… reading the question"})
	if err != nil {
		panic(err)
	}
	s.mu.Lock()
	s.answer = ref
	s.mu.Unlock()
	go func() {
		<-s.release
		s.chat.Update(ctx, ref, bot.Message{
			Text:   "There are **2,000** accounts. <b>not bold</b>",
			Images: []bot.Image{{Name: "chart-1.png", Title: "accounts", PNG: onePixel}},
			Footer: "offline · 1 round · 12 ms",
			Buttons: []bot.Button{{Action: "tarn.flip", Label: "Flip session", Value: "flip:fct.security_events", Style: bot.Primary},
				{Action: "tarn.down", Label: "👎", Style: bot.Danger}},
		})
	}()
}

func (s *scripted) Action(ctx context.Context, a bot.Action) {
	s.chat.OpenForm(ctx, a.Trigger, bot.Form{ID: "tarn.flip", Title: "Flip fct.security_events", Submit: "Ask", Value: a.Value,
		Fields: []bot.Field{
			{ID: "why", Label: "Why do you need the raw values?", Multiline: true},
			{ID: "for", Label: "For how long", Default: "1h", Options: []bot.Option{{Label: "1 hour", Value: "1h"}, {Label: "4 hours", Value: "4h"}}},
		}})
}

func (s *scripted) Submit(ctx context.Context, sub bot.Submission) map[string]string {
	s.mu.Lock()
	s.submits = append(s.submits, sub)
	ref := s.answer
	s.mu.Unlock()
	s.chat.Notify(ctx, sub.User, ref.Thread, "Your flip of fct.security_events for "+sub.Fields["for"]+" is waiting for an approver.")
	s.chat.Update(ctx, ref, bot.Message{Text: "There are **2,000** accounts. Flip requested."})
	return nil
}

func TestAPersonAsksClicksFillsTheFormAndSeesTheNoticeInChromium(t *testing.T) {
	chat := web.New(web.Options{People: []web.Person{{Name: "carol", Note: "security"}, {Name: "alice", Note: "analysts"}},
		Examples: []string{"How many accounts do we have?"}})
	h := &scripted{chat: chat, release: make(chan struct{})}
	chat.Start(h)
	srv := httptest.NewServer(chat.Handler())
	t.Cleanup(srv.Close) // after the browser's cleanup has closed its event stream
	b := webtest.Start(t)

	b.Open(srv.URL)
	b.WaitText("#examples", "How many accounts")
	b.SetValue("#person", "alice")
	b.WaitText("#person-note", "web:alice")

	b.Type("#new-text", "how many accounts?\n")
	b.WaitText("#conversation", "working…")
	var workingID string
	b.Eval(`document.querySelector('#conversation .msg.tarn').dataset.id`, &workingID)
	close(h.release)

	b.WaitText("#conversation", "2,000")
	var ids []string
	b.Eval(`[...document.querySelectorAll('#conversation .msg.tarn')].map(e => e.dataset.id)`, &ids)
	if len(ids) != 1 || ids[0] != workingID {
		t.Fatalf("Tarn's messages after the update: %v, want the working message %s edited in place", ids, workingID)
	}
	if !strings.Contains(b.Text("#conversation"), "how many accounts?") {
		t.Fatal("the person's own question is not in the thread")
	}
	if n := b.Count("#conversation .msg.tarn strong"); n != 1 || b.Count("#conversation .msg.tarn .body b") != 0 {
		t.Fatalf("markdown: %d <strong>, HTML from the text was not escaped", n)
	}
	b.WaitFor(`(() => { const i = document.querySelector('#conversation .msg.tarn .images img'); return i && i.complete && i.naturalWidth === 1 })()`, nil)
	if got := b.Text("#conversation .msg.tarn .footer"); got != "offline · 1 round · 12 ms" {
		t.Fatalf("footer = %q", got)
	}

	b.Click("#conversation .msg.tarn .buttons button.primary")
	b.WaitVisible("#form-dialog[open]")
	b.WaitFor(`document.querySelectorAll('#conversation .msg.tarn .buttons button:disabled').length === 2`, nil)
	if b.Count("#form-dialog textarea[name=why]") != 1 || b.Count("#form-dialog select[name=for] option") != 2 {
		t.Fatal("the form does not show a textarea for why and a choice for how long")
	}
	b.Click("#form-submit")
	b.WaitText(`.field[data-field="why"] .field-error`, "Required")
	b.Type("#f-why", "incident 4411")
	b.SetValue("#f-for", "4h")
	b.Click("#form-submit")
	b.WaitGone("#form-dialog[open]")
	b.WaitText("#notices", "for 4h is waiting for an approver")
	b.WaitText("#conversation", "Flip requested")
	if b.Count("#conversation .msg.tarn .buttons button") != 0 {
		t.Fatal("the buttons stayed after the message changed")
	}
	h.mu.Lock()
	subs := h.submits
	h.mu.Unlock()
	if len(subs) != 1 || subs[0].Fields["why"] != "incident 4411" || subs[0].Fields["for"] != "4h" || subs[0].User.Identity != "web:alice" {
		t.Fatalf("submissions: %+v", subs)
	}

	// The notice is alice's alone.
	b.SetValue("#person", "carol")
	b.WaitText("#person-note", "web:carol")
	b.WaitText("#threads", "how many accounts?")
	if n := b.Count(".notice"); n != 0 {
		t.Fatalf("carol sees %d notices meant for alice", n)
	}
	if errs := b.Errors(); len(errs) > 0 {
		t.Fatalf("the page logged errors: %q", errs)
	}
}

// onePixel is a 1×1 PNG.
var onePixel = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa75\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82")
