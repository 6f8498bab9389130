// Package bottest is the conformance suite every chat adapter passes, the
// Recorder handler it drives them with, and Fake, an in-memory chat
// platform and adapter in one for tests of the conversation itself.
package bottest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tarn-data/tarn/bot"
)

// Platform is the fake chat platform side of an adapter test: what a
// person does there, and what the platform shows.
type Platform interface {
	// Start connects a new adapter under test to the fake platform,
	// delivering to h, and stops it when the test ends.
	Start(t *testing.T, h bot.Handler) bot.Adapter
	// Channel is a channel Tarn is in.
	Channel() string
	// Identity is the governance identity the adapter reports for user.
	Identity(user string) string
	// Say makes user write text to Tarn: a mention in Channel, or a reply
	// in thread when thread.ID is set. It returns after the adapter
	// acknowledged the delivery.
	Say(t *testing.T, user string, thread bot.Thread, text string)
	// Command runs the slash command "/tarn text" as user in Channel (a
	// page without slash commands sends text as a new conversation).
	Command(t *testing.T, user, text string)
	// Redeliver delivers the last event once more, as platforms do when
	// they think an acknowledgement was lost.
	Redeliver(t *testing.T)
	// Click clicks, as user, the button labelled label on message ref.
	Click(t *testing.T, user string, ref bot.MessageRef, label string)
	// Form returns the form last opened for user, as the platform shows
	// it (title, submit label, field IDs and labels).
	Form(t *testing.T, user string) (bot.Form, bool)
	// Submit submits the form last opened for user with values for its
	// fields, and returns the errors the platform showed per field.
	Submit(t *testing.T, user string, values map[string]string) map[string]string
	// Messages returns what Tarn posted in thread, as the platform shows
	// it now (after edits), oldest first.
	Messages(t *testing.T, thread bot.Thread) []Seen
	// Notices returns what was shown to user alone.
	Notices(t *testing.T, user string) []string
}

// Seen is a message as the platform shows it.
type Seen struct {
	ID string
	// Text is everything textual: text, table cells, code, footer.
	Text    string
	Buttons []string // labels, in order
	Images  []string // file names of images attached to the message
	Edits   int
}

// Recorder is a Handler that records every delivery. OnAction, when set,
// runs inside Action (where a form must be opened).
type Recorder struct {
	OnAction func(ctx context.Context, a bot.Action)
	OnSubmit func(s bot.Submission) map[string]string

	mu       sync.Mutex
	incoming []bot.Incoming
	actions  []bot.Action
	submits  []bot.Submission
	changed  chan struct{}
}

// NewRecorder returns an empty Recorder.
func NewRecorder() *Recorder { return &Recorder{changed: make(chan struct{}, 1)} }

func (r *Recorder) note() {
	select {
	case r.changed <- struct{}{}:
	default:
	}
}

// Message records in.
func (r *Recorder) Message(_ context.Context, in bot.Incoming) {
	r.mu.Lock()
	r.incoming = append(r.incoming, in)
	r.mu.Unlock()
	r.note()
}

// Action records a and runs OnAction.
func (r *Recorder) Action(ctx context.Context, a bot.Action) {
	if r.OnAction != nil {
		r.OnAction(ctx, a)
	}
	r.mu.Lock()
	r.actions = append(r.actions, a)
	r.mu.Unlock()
	r.note()
}

// Submit records s and returns OnSubmit's errors.
func (r *Recorder) Submit(_ context.Context, s bot.Submission) map[string]string {
	r.mu.Lock()
	r.submits = append(r.submits, s)
	r.mu.Unlock()
	r.note()
	if r.OnSubmit != nil {
		return r.OnSubmit(s)
	}
	return nil
}

// WaitIncoming waits until n messages arrived and returns them.
func (r *Recorder) WaitIncoming(t testing.TB, n int) []bot.Incoming {
	t.Helper()
	var out []bot.Incoming
	r.wait(t, fmt.Sprintf("%d incoming messages", n), func() bool {
		out = append([]bot.Incoming(nil), r.incoming...)
		return len(out) >= n
	})
	return out
}

// WaitActions waits until n clicks arrived and returns them.
func (r *Recorder) WaitActions(t testing.TB, n int) []bot.Action {
	t.Helper()
	var out []bot.Action
	r.wait(t, fmt.Sprintf("%d actions", n), func() bool {
		out = append([]bot.Action(nil), r.actions...)
		return len(out) >= n
	})
	return out
}

// WaitSubmissions waits until n form submissions arrived and returns them.
func (r *Recorder) WaitSubmissions(t testing.TB, n int) []bot.Submission {
	t.Helper()
	var out []bot.Submission
	r.wait(t, fmt.Sprintf("%d submissions", n), func() bool {
		out = append([]bot.Submission(nil), r.submits...)
		return len(out) >= n
	})
	return out
}

func (r *Recorder) wait(t testing.TB, what string, done func() bool) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		r.mu.Lock()
		ok := done()
		r.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-r.changed:
		case <-time.After(20 * time.Millisecond):
		case <-deadline:
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// Run runs the conformance suite against the adapter newPlatform connects
// to a fresh fake platform.
func Run(t *testing.T, newPlatform func(t *testing.T) Platform) {
	ctx := context.Background()
	setup := func(t *testing.T) (Platform, bot.Adapter, *Recorder) {
		p := newPlatform(t)
		rec := NewRecorder()
		return p, p.Start(t, rec), rec
	}

	t.Run("a mention arrives with the person's identity and its answer lands in its thread", func(t *testing.T) {
		p, a, rec := setup(t)
		p.Say(t, "alice", bot.Thread{}, "how many accounts?")
		in := rec.WaitIncoming(t, 1)[0]
		if in.User.Identity != p.Identity("alice") || in.Text != "how many accounts?" || in.Delivery == "" {
			t.Fatalf("incoming = %+v, want identity %s, text without the mention, a delivery id", in, p.Identity("alice"))
		}
		if in.Thread.Platform != a.Platform() || in.Thread.Channel == "" {
			t.Fatalf("incoming thread = %+v", in.Thread)
		}
		ref, err := a.Post(ctx, in.Thread, bot.Message{Text: "There are **2,000** accounts."})
		if err != nil {
			t.Fatal(err)
		}
		thread := in.Thread
		if thread.ID == "" {
			thread = ref.Thread
		}
		if ref.Thread.Key() != thread.Key() {
			t.Fatalf("the answer went to %s, want the mention's thread %s", ref.Thread.Key(), thread.Key())
		}
		wantTexts(t, p.Messages(t, thread), "2,000")
		// A reply in the thread arrives with the same thread.
		p.Say(t, "alice", thread, "and last month?")
		in2 := rec.WaitIncoming(t, 2)[1]
		if in2.Thread.Key() != thread.Key() || in2.Text != "and last month?" {
			t.Fatalf("reply arrived as %+v, want thread %s", in2, thread.Key())
		}
	})

	t.Run("a slash command starts a thread that later posts join", func(t *testing.T) {
		p, a, rec := setup(t)
		p.Command(t, "bob", "top zones by requests")
		in := rec.WaitIncoming(t, 1)[0]
		if in.Text != "top zones by requests" || in.User.Identity != p.Identity("bob") {
			t.Fatalf("command arrived as %+v", in)
		}
		first, err := a.Post(ctx, in.Thread, bot.Message{Text: "bob asked: top zones by requests"})
		if err != nil {
			t.Fatal(err)
		}
		if first.Thread.ID == "" || first.ID == "" {
			t.Fatalf("post returned %+v, want a thread and a message id", first)
		}
		if _, err := a.Post(ctx, first.Thread, bot.Message{Text: "working…"}); err != nil {
			t.Fatal(err)
		}
		wantTexts(t, p.Messages(t, first.Thread), "bob asked", "working…")
	})

	t.Run("a new thread is started by posting into a channel", func(t *testing.T) {
		p, a, _ := setup(t)
		ref, err := a.Post(ctx, bot.Thread{Platform: a.Platform(), Channel: p.Channel()}, bot.Message{Text: "Alert: traffic spike on zone 17"})
		if err != nil {
			t.Fatal(err)
		}
		if ref.Thread.ID == "" {
			t.Fatal("posting into a channel returned no thread")
		}
		if _, err := a.Post(ctx, ref.Thread, bot.Message{Text: "Findings follow."}); err != nil {
			t.Fatal(err)
		}
		wantTexts(t, p.Messages(t, ref.Thread), "traffic spike", "Findings follow.")
	})

	t.Run("updates edit the message in place", func(t *testing.T) {
		p, a, _ := setup(t)
		ref, err := a.Post(ctx, bot.Thread{Platform: a.Platform(), Channel: p.Channel()}, bot.Message{Text: "working…"})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{"working… searching the catalog", "working… running the program", "Done: **42** zones."} {
			if err := a.Update(ctx, ref, bot.Message{Text: s}); err != nil {
				t.Fatal(err)
			}
		}
		got := p.Messages(t, ref.Thread)
		if len(got) != 1 || !strings.Contains(got[0].Text, "42") || strings.Contains(got[0].Text, "working") || got[0].Edits != 3 {
			t.Fatalf("after three edits the thread shows %+v, want one message with the last text, edited 3 times", got)
		}
	})

	t.Run("tables, code and footers are shown", func(t *testing.T) {
		p, a, _ := setup(t)
		m := bot.Message{Text: "Top zones", Footer: "offline · 1 round · 12 ms", Code: "SELECT zone_id FROM fct.traffic_daily", CodeLang: "sql",
			Table: &bot.Table{Columns: []string{"zone", "requests"}, Rows: [][]string{{"example.com", "1,024"}, {"shop.test", "512"}}, More: 8}}
		ref, err := a.Post(ctx, bot.Thread{Platform: a.Platform(), Channel: p.Channel()}, m)
		if err != nil {
			t.Fatal(err)
		}
		wantTexts(t, p.Messages(t, ref.Thread), "Top zones", "example.com", "1,024", "shop.test", "SELECT zone_id", "offline · 1 round")
	})

	t.Run("images reach the thread once", func(t *testing.T) {
		p, a, _ := setup(t)
		img := bot.Image{Name: "chart-1.png", Title: "requests per day", PNG: pngBytes}
		ref, err := a.Post(ctx, bot.Thread{Platform: a.Platform(), Channel: p.Channel()}, bot.Message{Text: "working…"})
		if err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if err := a.Update(ctx, ref, bot.Message{Text: "Requests per day", Images: []bot.Image{img}}); err != nil {
				t.Fatal(err)
			}
		}
		ref2, err := a.Post(ctx, ref.Thread, bot.Message{Text: "Another", Images: []bot.Image{{Name: "chart-2.png", PNG: pngBytes}}})
		if err != nil {
			t.Fatal(err)
		}
		count := map[string]int{}
		for _, s := range p.Messages(t, ref2.Thread) {
			for _, n := range s.Images {
				count[n]++
			}
		}
		if count["chart-1.png"] != 1 || count["chart-2.png"] != 1 {
			t.Fatalf("images in the thread: %v, want chart-1.png and chart-2.png once each", count)
		}
	})

	t.Run("a click arrives with the clicker, the message and the button", func(t *testing.T) {
		p, a, rec := setup(t)
		ref, err := a.Post(ctx, bot.Thread{Platform: a.Platform(), Channel: p.Channel()}, bot.Message{Text: "carol asks for select on fct.billing_invoices",
			Buttons: []bot.Button{{Action: "tarn.approve", Label: "Approve 7 days", Value: "req:42:168h", Style: bot.Primary}, {Action: "tarn.deny", Label: "Deny", Value: "req:42", Style: bot.Danger}}})
		if err != nil {
			t.Fatal(err)
		}
		if got := p.Messages(t, ref.Thread); len(got) != 1 || strings.Join(got[0].Buttons, "|") != "Approve 7 days|Deny" {
			t.Fatalf("message shows %+v, want buttons Approve 7 days and Deny", got)
		}
		p.Click(t, "dave", ref, "Deny")
		act := rec.WaitActions(t, 1)[0]
		if act.User.Identity != p.Identity("dave") || act.Action != "tarn.deny" || act.Value != "req:42" || act.Message.ID != ref.ID || act.Message.Thread.Key() != ref.Thread.Key() || act.Delivery == "" {
			t.Fatalf("click arrived as %+v, want dave's tarn.deny req:42 on %+v", act, ref)
		}
	})

	t.Run("a click can open a form whose submission arrives", func(t *testing.T) {
		p, a, rec := setup(t)
		form := bot.Form{ID: "tarn.flip", Title: "Flip fct.security_events", Submit: "Ask", Value: "flip:fct.security_events",
			Fields: []bot.Field{
				{ID: "why", Label: "Why do you need the raw values?", Multiline: true},
				{ID: "for", Label: "For how long", Default: "1h", Options: []bot.Option{{Label: "1 hour", Value: "1h"}, {Label: "4 hours", Value: "4h"}}},
			}}
		var openErr error
		rec.OnAction = func(ctx context.Context, act bot.Action) { openErr = a.OpenForm(ctx, act.Trigger, form) }
		ref, err := a.Post(ctx, bot.Thread{Platform: a.Platform(), Channel: p.Channel()}, bot.Message{Text: "masked", Buttons: []bot.Button{{Action: "tarn.flip", Label: "Flip session", Value: "x"}}})
		if err != nil {
			t.Fatal(err)
		}
		p.Click(t, "carol", ref, "Flip session")
		rec.WaitActions(t, 1)
		if openErr != nil {
			t.Fatalf("opening the form: %v", openErr)
		}
		shown, ok := p.Form(t, "carol")
		if !ok || len(shown.Fields) != 2 || shown.Fields[0].ID != "why" || shown.Fields[1].ID != "for" {
			t.Fatalf("form shown = %+v (%v), want fields why and for", shown, ok)
		}
		if errs := p.Submit(t, "carol", map[string]string{"why": "incident 4411", "for": "4h"}); len(errs) > 0 {
			t.Fatalf("submission refused: %v", errs)
		}
		s := rec.WaitSubmissions(t, 1)[0]
		if s.Form != "tarn.flip" || s.Value != "flip:fct.security_events" || s.Fields["why"] != "incident 4411" || s.Fields["for"] != "4h" || s.User.Identity != p.Identity("carol") {
			t.Fatalf("submission = %+v", s)
		}
	})

	t.Run("notices reach the person", func(t *testing.T) {
		p, a, rec := setup(t)
		p.Say(t, "erin", bot.Thread{}, "hello")
		in := rec.WaitIncoming(t, 1)[0]
		if err := a.Notify(ctx, in.User, in.Thread, "Only approvers may decide this request."); err != nil {
			t.Fatal(err)
		}
		found := false
		for _, n := range p.Notices(t, "erin") {
			found = found || strings.Contains(n, "Only approvers")
		}
		if !found {
			t.Fatalf("erin's notices: %q", p.Notices(t, "erin"))
		}
	})

	t.Run("a redelivered event carries the same delivery id", func(t *testing.T) {
		p, _, rec := setup(t)
		p.Say(t, "alice", bot.Thread{}, "once")
		p.Redeliver(t)
		got := rec.WaitIncoming(t, 2)
		if got[0].Delivery != got[1].Delivery || got[0].Delivery == "" {
			t.Fatalf("deliveries %q and %q, want the same id twice", got[0].Delivery, got[1].Delivery)
		}
	})

	t.Run("long text is posted, not refused", func(t *testing.T) {
		p, a, _ := setup(t)
		long := strings.Repeat("All 2,000 accounts are active. ", 700) // ~21 KB
		ref, err := a.Post(ctx, bot.Thread{Platform: a.Platform(), Channel: p.Channel()}, bot.Message{Text: long})
		if err != nil {
			t.Fatal(err)
		}
		got := p.Messages(t, ref.Thread)
		if len(got) == 0 || !strings.Contains(got[0].Text, long[:500]) {
			t.Fatal("the start of a long text is not shown")
		}
	})

	t.Run("concurrent posts all land", func(t *testing.T) {
		p, a, _ := setup(t)
		var wg sync.WaitGroup
		refs := make([]bot.MessageRef, 16)
		errs := make([]error, len(refs))
		for i := range refs {
			wg.Go(func() {
				refs[i], errs[i] = a.Post(ctx, bot.Thread{Platform: a.Platform(), Channel: p.Channel()}, bot.Message{Text: fmt.Sprintf("thread %d", i)})
			})
		}
		wg.Wait()
		for i, ref := range refs {
			if errs[i] != nil {
				t.Fatal(errs[i])
			}
			wantTexts(t, p.Messages(t, ref.Thread), fmt.Sprintf("thread %d", i))
		}
	})

	t.Run("editing an unknown message is an error", func(t *testing.T) {
		p, a, _ := setup(t)
		err := a.Update(ctx, bot.MessageRef{Thread: bot.Thread{Platform: a.Platform(), Channel: p.Channel(), ID: "999"}, ID: "999"}, bot.Message{Text: "x"})
		if !errors.Is(err, bot.ErrUnknownThread) && !errors.Is(err, bot.ErrPlatform) {
			t.Fatalf("update of an unknown message: %v, want ErrUnknownThread or ErrPlatform", err)
		}
	})
}

func wantTexts(t *testing.T, got []Seen, want ...string) {
	t.Helper()
	var all strings.Builder
	for _, s := range got {
		all.WriteString(s.Text)
		all.WriteString("\n")
	}
	for _, w := range want {
		if !strings.Contains(all.String(), w) {
			t.Fatalf("the thread shows %q; want %q in it", all.String(), w)
		}
	}
}

// pngBytes is a 1×1 PNG.
var pngBytes = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa75\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82")
