package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tarn-data/tarn/governance"
	"github.com/tarn-data/tarn/internal/webtest"
)

// openChat opens the demo's web chat in a fresh headless Chromium as
// person. The browser stops before the server does (its event stream
// would hold the server open otherwise).
func openChat(t *testing.T, m *Main, person string) *webtest.Browser {
	t.Helper()
	b := webtest.Start(t)
	b.Open("http://" + m.Addr() + "/")
	b.WaitFor(`document.querySelectorAll('#person option').length > 0`, nil)
	b.SetValue("#person", person)
	b.WaitText("#person-note", "web:"+person)
	b.WaitText("#status-text", "live")
	return b
}

// shot keeps a screenshot of the page in $TARN_SCREENSHOTS, when set, for
// a person to look at.
func shot(t *testing.T, b *webtest.Browser, name string) {
	if dir := os.Getenv("TARN_SCREENSHOTS"); dir != "" {
		b.Screenshot(filepath.Join(dir, name+".png"))
	}
}

// answered waits until the open thread's last Tarn message is an answer
// (not working…) holding want, and returns its text.
func answered(b *webtest.Browser, want string) string {
	var s string
	b.WaitFor(`(() => { const ms = document.querySelectorAll('#conversation .msg.tarn:not(.working)');
		const m = ms[ms.length - 1]; if (!m || !m.innerText.includes(`+jsString(want)+`)) return false;
		return m.innerText })()`, &s)
	return s
}

// openThreadWith opens the channel's thread whose first message holds text.
func openThreadWith(b *webtest.Browser, text string) {
	b.Eval(`[...document.querySelectorAll('#threads .msg')].find(m => m.innerText.includes(`+jsString(text)+`)).click()`, nil)
	b.WaitText("#conversation", text)
}

func jsString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}

func TestInChromiumADemoPersonAsksAndSeesTheAnswerItsChartAndItsSQL(t *testing.T) {
	m := serveDemo(t)
	b := openChat(t, m, "alice")
	b.WaitText("#examples", "?")
	b.Type("#new-text", "Daily requests for the last 30 days\n")
	b.WaitVisible("#thread")
	b.WaitText("#conversation", "Daily requests")
	answered(b, "offline")
	// The chart arrives as an image the browser can decode.
	b.WaitFor(`(() => { const i = document.querySelector('#conversation .msg.tarn .images img');
		return i && i.complete && i.naturalWidth > 100 })()`, nil)
	if n := b.Count("#conversation .msg.tarn"); n != 1 {
		t.Fatalf("Tarn wrote %d messages in the thread, want the working message edited into one answer", n)
	}
	b.Eval(`[...document.querySelectorAll('#conversation .msg.tarn .buttons button')].find(x => x.textContent === 'Show SQL').click()`, nil)
	b.WaitText("#conversation .msg.tarn .code", "SELECT")
	b.WaitText("#conversation .msg.tarn .buttons", "Hide SQL")
	shot(t, b, "answer")

	// A follow-up in the thread continues the conversation.
	b.Type("#reply-text", "Which colos served the most bytes last week?\n")
	b.WaitFor(`document.querySelectorAll('#conversation .msg.tarn:not(.working)').length === 2`, nil)
	if errs := b.Errors(); len(errs) > 0 {
		t.Fatalf("the page logged errors: %q", errs)
	}
}

func TestInChromiumAccessIsRequestedApprovedByAnApproverAndThenTheQuestionIsAnswered(t *testing.T) {
	m := serveDemo(t)
	// The demo lake is shared by the end-to-end tests: erin's grant goes
	// when this test ends.
	t.Cleanup(func() {
		ctx := context.Background()
		gs, err := m.Gov.Grants(ctx, governance.GrantFilter{Grantees: []string{"user:erin"}})
		if err != nil {
			t.Error(err)
		}
		for _, g := range gs {
			if err := m.Workflow.Revoke(ctx, "dave", g.ID); err != nil {
				t.Error(err)
			}
		}
	})
	erin := openChat(t, m, "erin")
	erin.Type("#new-text", "How many accounts do we have?\n")
	erin.WaitVisible("#thread")
	refusal := answered(erin, "Request access to dim.accounts")
	if strings.Contains(refusal, "2,000") {
		t.Fatalf("erin, in no group, saw figures: %q", refusal)
	}
	erin.Eval(`[...document.querySelectorAll('#conversation .msg.tarn .buttons button')].find(x => x.textContent.startsWith('Request access')).click()`, nil)
	erin.WaitVisible("#form-dialog[open]")
	erin.Type("#f-why", "quarterly account review")
	erin.SetValue("#f-for", "1d")
	erin.Click("#form-submit")
	erin.WaitGone("#form-dialog[open]")
	erin.WaitText("#conversation", "I asked the approvers")

	// alice, who is no approver, may see the request but not decide it.
	alice := openChat(t, m, "alice")
	alice.Eval(`[...document.querySelectorAll('#channels button')].find(x => x.textContent.includes('approvals')).click()`, nil)
	alice.WaitText("#threads", "Access request")
	openThreadWith(alice, "Access request")
	alice.WaitText("#conversation .buttons", "Approve")
	alice.Eval(`[...document.querySelectorAll('#conversation .buttons button')].find(x => x.textContent === 'Approve').click()`, nil)
	alice.WaitText("#notices", "approve")
	if strings.Contains(alice.Text("#conversation"), "Approved by") {
		t.Fatal("a click by someone who may not approve decided the request")
	}

	dave := openChat(t, m, "dave")
	dave.Eval(`[...document.querySelectorAll('#channels button')].find(x => x.textContent.includes('approvals')).click()`, nil)
	dave.WaitText("#threads", "Access request")
	openThreadWith(dave, "Access request")
	dave.WaitText("#conversation blockquote", "quarterly account review")
	shot(t, dave, "approval")
	dave.Eval(`[...document.querySelectorAll('#conversation .buttons button')].find(x => x.textContent === 'Approve').click()`, nil)
	dave.WaitText("#conversation", "Approved by")
	if n := dave.Count("#conversation .msg.tarn .buttons button"); n != 0 {
		t.Fatalf("the decided request still shows %d buttons", n)
	}

	// erin is told in her thread, and her question is answered now.
	erin.WaitText("#conversation", "approved")
	erin.Type("#reply-text", "How many accounts do we have?\n")
	answered(erin, "accounts")
	if last := erin.Text("#conversation .msg.tarn:last-child"); strings.Contains(last, "Request access") {
		t.Fatalf("after the approval erin was refused again: %q", last)
	}
	for _, b := range []*webtest.Browser{erin, alice, dave} {
		if errs := b.Errors(); len(errs) > 0 {
			t.Fatalf("a page logged errors: %q", errs)
		}
	}
}
